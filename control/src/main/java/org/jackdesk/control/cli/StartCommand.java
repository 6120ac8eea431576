package org.jackdesk.control.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.jackdesk.config.AutoConnect;
import org.jackdesk.config.ConfigException;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConfigProblem;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.show.SceneException;
import org.jackdesk.config.store.AtomicFile;
import org.jackdesk.config.store.ShowStore;
import org.jackdesk.control.Console;
import org.jackdesk.control.scene.LiveShow;
import org.jackdesk.control.ServerOptions;
import org.jackdesk.control.security.Security;
import org.jackdesk.control.security.SecurityOptions;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.host.ThreadingPolicy;
import org.jackdesk.engine.jack.ConnectRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jackdesk start}: the console. Uses a running JACK server; without one it starts a private
 * dummy server (or falls back to an internal clock) and plays a demo programme so the meters
 * move. Serves the tablet UI, WebSocket, REST and OSC, and prints the URLs to open.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start the console and its tablet server.",
                "Uses a running JACK server; otherwise starts a private dummy one (or an internal clock) with a demo programme."})
public final class StartCommand implements java.util.concurrent.Callable<Integer> {
    /** Held for the process's life: its descriptor is the kernel's request (a FileChannel left unreachable would be closed by its cleaner). */
    private static org.jackdesk.engine.host.CpuIdleHold cpuIdle;
    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptionsMixin server;

    @Option(names = "--config", paramLabel = "FILE", description = "Console configuration (default: the built-in config/default.json).")
    Path config;

    @Option(names = "--jack-server", paramLabel = "NAME", description = "JACK server to use (default: the configuration's, else the default server).")
    String jackServer;

    @Option(names = "--client-name", paramLabel = "NAME", description = "JACK client name (default: the configuration's, else jackdesk).")
    String clientName;

    @Option(names = "--internal-clock", description = "Do not use JACK at all: run on an internal clock.")
    boolean internalClock;

    @Option(names = "--no-private-server", description = "Without a running JACK server, use the internal clock instead of starting a private dummy jackd.")
    boolean noPrivateServer;

    @Option(names = "--demo", negatable = true, description = "Feed the channels a generated demo programme (default: on when no real JACK server is used).")
    Boolean demo;

    @Option(names = "--rate", defaultValue = "48000", description = "Sample rate of a private server or the internal clock (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--period", defaultValue = "64", description = "Frames per period of a private server or the internal clock (default ${DEFAULT-VALUE}).")
    int period;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate for HTTPS/WSS (with --tls-key; overrides server.tlsCert). docs/security.md shows how to make one.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key for --tls-cert.")
    Path tlsKey;

    @Option(names = "--show", paramLabel = "FILE", description = {"Show file: values, scenes, cues and safes, loaded at start and autosaved within a second of every change.",
            "Default: $JACKDESK_HOME/show.json, else $XDG_DATA_HOME/jackdesk/show.json, else ~/.local/share/jackdesk/show.json."})
    Path show;

    @Option(names = "--fresh", description = "When the show file and its backup are both damaged, start from the configuration's values anyway (both files are kept aside, renamed).")
    boolean fresh;

    /** The show file when {@code --show} is not given. */
    static Path defaultShowFile() {
        String home = System.getenv("JACKDESK_HOME");
        if (home != null && !home.isBlank()) return Path.of(home, "show.json");
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("jackdesk").resolve("show.json");
    }

    @Override
    public Integer call() throws Exception {
        Path showFile = (show != null ? show : defaultShowFile()).toAbsolutePath();
        try {
            Files.createDirectories(showFile.getParent());
        } catch (IOException e) {
            System.err.println("jackdesk start: cannot create the folder of the show file " + showFile + ": "
                    + ConfigJson.describe(e) + " (choose another place with --show FILE)");
            return 2;
        }
        List<String> showWarnings = new ArrayList<>();
        ShowStore.Loaded loaded;
        try {
            loaded = ShowStore.loadOrBackup(showFile);
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) System.err.println("jackdesk start: " + p);
            if (!fresh) {
                System.err.println("jackdesk start: refusing to start: the show " + showFile + " and its backup "
                        + AtomicFile.backupOf(showFile) + " cannot be loaded, and starting would replace them. "
                        + "Repair or move them, choose another --show FILE, or start with --fresh "
                        + "(which keeps both files aside and starts from the configuration's values).");
                return 2;
            }
            showWarnings.addAll(moveAside(showFile));
            showWarnings.add(0, "the show " + showFile + " and its backup were damaged (" + e.first()
                    + "); started fresh (--fresh) from the configuration's values");
            loaded = null;
        }
        ConsoleConfig cfg;
        try {
            cfg = config != null ? ConfigJson.read(config) : loaded != null ? loaded.show().config() : ConfigJson.builtinDefault();
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) System.err.println("jackdesk start: " + p);
            return 2;
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            System.err.println("jackdesk start: --tls-cert and --tls-key go together (PEM files; see docs/security.md)");
            return 2;
        }
        SecurityOptions security = SecurityOptions.fromConfig(cfg, config == null ? null : config.toAbsolutePath().getParent());
        if (tlsCert != null) security = security.withTls(tlsCert, tlsKey);
        for (Path f : security.tls() ? List.of(security.tlsCert(), security.tlsKey()) : List.<Path>of()) {
            if (!java.nio.file.Files.isReadable(f)) {
                System.err.println("jackdesk start: cannot read TLS file " + f);
                return 2;
            }
        }
        if (loaded != null) {
            String mismatch = LiveShow.layoutMismatch(cfg.toLayout(), loaded.show().config().toLayout());
            if (mismatch != null) {
                System.err.println("jackdesk start: the configuration " + config + " does not fit the show " + loaded.from()
                        + ": " + mismatch + ". Start without --config to use the show's own, or choose another --show FILE.");
                return 2;
            }
            showWarnings.addAll(loaded.warnings());
        }
        List<ConnectRule> rules = new ArrayList<>();
        for (AutoConnect.Connection c : cfg.connections()) rules.add(new ConnectRule(c.consolePort(), c.jackPort(), c.input()));
        String serverName = jackServer != null ? jackServer
                : (cfg.jack().serverName() == null || cfg.jack().serverName().equals(ConfigJson.DEFAULT_SERVER) ? null : cfg.jack().serverName());
        String client = clientName != null ? clientName : cfg.jack().clientName();
        EngineHost.Options opts = new EngineHost.Options(client, serverName, !noPrivateServer, internalClock, demo,
                rate, period, rules).withStageBoxes(cfg.jack().stageBoxes()).withMidi(cfg.jack().midi());
        ServerOptions so = server.toOptions();
        var pr = spec.commandLine().getParseResult();
        if (!pr.hasMatchedOption("--port") && !pr.hasMatchedOption("--osc-port")) {
            so = so.withPorts(cfg.server().httpPort(), configuredOscPort(cfg.server()));
        }
        if (!pr.hasMatchedOption("--port") && !pr.hasMatchedOption("--x32-port")) so = so.withX32Port(cfg.server().x32Port());
        if (!pr.hasMatchedOption("--host") && cfg.server().bind() != null) so = so.withHost(cfg.server().bind());
        // First start, restored from .bak, or repaired: write the show now.
        boolean saveNow = loaded == null || !loaded.from().equals(showFile) || !loaded.warnings().isEmpty();
        // The strip worker: start decides it from -Djackdesk.engine.workers (0, 1 or auto).
        // Asked for (-Djackdesk.mlockall=true): before the engine exists, so its buffers, the JIT's code
        // and every thread stack are locked as they are mapped (docs/engine-notes.md).
        // (The property is read here, not through RealtimeThreads: that class registers libc with JNA as
        // it loads, and in a JVM denying native access that first failure would leave the JACK binding
        // only "Could not initialize class com.sun.jna.Native" to report, not the cause.)
        if (Boolean.getBoolean(org.jackdesk.engine.RealtimeThreads.MLOCK_PROPERTY)) {
            System.err.println("jackdesk: " + org.jackdesk.engine.RealtimeThreads.lockMemoryIfAsked());
        }
        // Idle CPUs poll instead of halting while the console runs (-Djackdesk.cpuIdle, docs/engine-notes.md).
        try {
            if (cpuIdle == null) cpuIdle = org.jackdesk.engine.host.CpuIdleHold.acquire();
        } catch (IllegalArgumentException e) {
            System.err.println("jackdesk start: " + e.getMessage());
            return 2;
        }
        System.err.println("jackdesk: " + cpuIdle.describe());
        Console.Options options = new Console.Options(cfg, loaded, showWarnings, showFile, saveNow, opts,
                ThreadingPolicy.Workers.fromSystemProperty(), so, security, line -> System.err.println("jackdesk: " + line));
        Console console;
        try {
            console = Console.start(options);
        } catch (SceneException e) {
            System.err.println("jackdesk start: " + loaded.from() + ": " + e.getMessage());
            return 2;
        } catch (Console.DeployFailed e) {
            System.err.println("jackdesk start: " + e.getMessage());
            return 1;
        }
        Security.printStartupNotice(security, System.err);
        if (security.tls()) System.err.println("jackdesk: TLS on: open https://… (not http://) on the tablets");
        System.err.println("jackdesk: console ready on port " + console.httpPort() + "; press Ctrl-C to stop");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("jackdesk: stopping");
            console.stop();
            stopped.countDown();
        }, "jackdesk-shutdown"));
        stopped.await();
        return 0;
    }

    /** Renames a damaged show and its damaged backup to {@code NAME.broken-<time>} (--fresh); says what was done. */
    private static List<String> moveAside(Path file) {
        List<String> said = new ArrayList<>();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        for (Path p : List.of(file, AtomicFile.backupOf(file))) {
            if (!Files.exists(p)) continue;
            Path aside = p.resolveSibling(p.getFileName() + ".broken-" + stamp);
            try {
                Files.move(p, aside, StandardCopyOption.ATOMIC_MOVE);
                said.add("the damaged " + p.getFileName() + " was kept as " + aside);
            } catch (IOException e) {
                said.add("the damaged " + p + " could not be moved aside (" + ConfigJson.describe(e) + ")");
            }
        }
        return said;
    }

    /** The configuration's OSC port as the server takes it: {@code 0} turns OSC off (docs/configuration.md), not "any free port". */
    static int configuredOscPort(org.jackdesk.config.ConsoleConfig.ServerConfig server) {
        return server.oscPort() == 0 ? ServerOptions.NO_OSC : server.oscPort();
    }
}
