package org.jackdesk.control.cli;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jackdesk.config.AutoConnect;
import org.jackdesk.config.ConfigException;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConfigProblem;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamException;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.show.SceneException;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.config.store.AtomicFile;
import org.jackdesk.config.store.Autosaver;
import org.jackdesk.config.store.ShowStore;
import org.jackdesk.control.ControlServer;
import org.jackdesk.control.scene.LiveShow;
import org.jackdesk.control.scene.Notices;
import org.jackdesk.control.ServerOptions;
import org.jackdesk.control.security.Security;
import org.jackdesk.control.security.SecurityOptions;
import org.jackdesk.engine.host.AudioStatus;
import org.jackdesk.engine.host.EngineHost;
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

    /**
     * What every tablet is told when the audio changes state: "JACK server gone" and "waiting for
     * JACK server 'NAME'" stand (error banners) until audio runs again, which resolves them.
     */
    static io.vertx.core.json.JsonObject audioStatus(AudioStatus status) {
        return switch (status.state()) {
            case SERVER_GONE -> Notices.status(Notices.LEVEL_ERROR, "jack_gone",
                    "JACK server gone: the console keeps every setting and reconnects when it returns");
            case WAITING_FOR_SERVER -> Notices.status(Notices.LEVEL_ERROR, "jack_waiting",
                    status.text().substring(0, 1).toUpperCase(java.util.Locale.ROOT) + status.text().substring(1)
                            + ": it is not running yet; jackdesk retries every second and joins it when it starts,"
                            + " keeping every setting");
            default -> Notices.status(Notices.LEVEL_OK, "jack_back", "audio running again (" + status.text() + ")");
        };
    }

    /**
     * Every audio state change reaches the tablets; "JACK server gone" and "waiting for the named
     * server" stand until resolved. The state at wiring time is posted too (a host may already be
     * waiting when the server starts).
     */
    public static void wireAudioStatus(EngineHost host, Notices notices) {
        java.util.function.Consumer<AudioStatus> tell = s -> {
            io.vertx.core.json.JsonObject m = audioStatus(s);
            if (Notices.LEVEL_ERROR.equals(m.getString("level"))) notices.post(Notices.KEY_AUDIO, m);
            else notices.resolve(Notices.KEY_AUDIO, m);
        };
        host.onStatus(tell);
        AudioStatus now = host.status();
        if (!now.running()) tell.accept(now);
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
        ParamRegistry registry = ParamRegistry.forLayout(cfg.toLayout());
        ConsoleState state = new ConsoleState(registry);
        for (Map.Entry<String, Object> v : cfg.values().entrySet()) {
            try {
                state.set(v.getKey(), v.getValue(), "config");
            } catch (ParamException e) {
                // ConfigJson already checked every value against this registry.
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        // The show's values go into the state before the engine is built, so audio starts at them.
        Vertx vertx = Vertx.vertx();
        SceneManager scenes = new SceneManager(state, System::currentTimeMillis, LiveShow.ticker(vertx));
        if (loaded != null) {
            try {
                scenes.load(loaded.show());
            } catch (SceneException e) {
                System.err.println("jackdesk start: " + loaded.from() + ": " + e.getMessage());
                vertx.close();
                return 2;
            }
        }
        Notices notices = new Notices();
        for (String w : showWarnings) System.err.println("jackdesk: warning: " + w);
        if (!showWarnings.isEmpty()) {
            notices.post(Notices.KEY_SHOW, Notices.status(Notices.LEVEL_WARNING, "show_recovered", String.join("; ", showWarnings)));
        }
        ConsoleConfig savedConfig = cfg;
        ExecutorService saveWorker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jackdesk-autosave");
            t.setDaemon(true);
            return t;
        });
        Autosaver saver = new Autosaver(showFile, () -> scenes.toShow(savedConfig), saveWorker,
                (ms, task) -> vertx.setTimer(ms, id -> task.run()), System::currentTimeMillis, new Autosaver.Status() {
                    @Override
                    public void saveFailed(Path file, IOException cause, String message) {
                        System.err.println("jackdesk: " + message);
                        notices.post(Notices.KEY_AUTOSAVE, Notices.status(Notices.LEVEL_ERROR, "save_failed", message).put("file", file.toString()));
                    }

                    @Override
                    public void saveRecovered(Path file) {
                        String message = "Autosave works again: every change is saved in " + file + ".";
                        System.err.println("jackdesk: " + message);
                        notices.resolve(Notices.KEY_AUTOSAVE, Notices.status(Notices.LEVEL_OK, "save_recovered", message).put("file", file.toString()));
                    }
                });
        // Autosaver.changed never blocks and never calls back into the state or the scenes.
        state.addListener((p, v, o) -> saver.changed());
        scenes.addChangeListener(saver::changed);
        // First start, restored from .bak, or repaired: write the show now.
        if (loaded == null || !loaded.from().equals(showFile) || !loaded.warnings().isEmpty()) saver.changed();
        System.err.println("jackdesk: show " + showFile + (loaded == null ? " (new)" : loaded.from().equals(showFile) ? "" : " (restored from its backup)")
                + ", autosaved within a second of every change");

        List<ConnectRule> rules = new ArrayList<>();
        for (AutoConnect.Connection c : cfg.connections()) rules.add(new ConnectRule(c.consolePort(), c.jackPort(), c.input()));
        String serverName = jackServer != null ? jackServer
                : (cfg.jack().serverName() == null || cfg.jack().serverName().equals(ConfigJson.DEFAULT_SERVER) ? null : cfg.jack().serverName());
        String client = clientName != null ? clientName : cfg.jack().clientName();
        EngineHost.Options opts = new EngineHost.Options(client, serverName, !noPrivateServer, internalClock, demo,
                rate, period, rules);
        EngineHost host;
        try {
            host = EngineHost.start(state, opts, line -> System.err.println("jackdesk: " + line));
        } catch (IOException | RuntimeException | Error e) {
            // Vert.x's threads would keep the JVM alive after the failure: close it whatever failed.
            saver.close();
            vertx.close();
            throw e;
        }
        if (host.status().running()) {
            System.err.println("jackdesk: audio on " + host.backendStatus() + ", " + host.sampleRate() + " Hz, "
                    + host.periodFrames() + " frames" + (host.demo() ? ", demo programme playing" : ""));
        } else {
            System.err.println("jackdesk: no audio yet (" + host.backendStatus() + "); the console is ready meanwhile");
        }
        wireAudioStatus(host, notices);

        ServerOptions so = server.toOptions();
        var pr = spec.commandLine().getParseResult();
        if (!pr.hasMatchedOption("--port") && !pr.hasMatchedOption("--osc-port")) {
            so = so.withPorts(cfg.server().httpPort(), cfg.server().oscPort());
        }
        if (!pr.hasMatchedOption("--host") && cfg.server().bind() != null) so = so.withHost(cfg.server().bind());
        ControlServer.Bound bound;
        try {
            bound = ControlServer.deploy(vertx, state, host, so, new LiveShow(scenes, cfg, notices), security)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            System.err.println("jackdesk start: " + e.getCause().getMessage());
            saver.close();
            host.close();
            vertx.close();
            return 1;
        }
        Security.printStartupNotice(security, System.err);
        if (security.tls()) System.err.println("jackdesk: TLS on: open https://… (not http://) on the tablets");
        System.err.println("jackdesk: console ready on port " + bound.httpPort() + "; press Ctrl-C to stop");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("jackdesk: stopping");
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // shutting down either way
            }
            // The last changes: saved on this (non-event-loop) thread before the audio stops.
            if (!saver.close()) System.err.println("jackdesk: the last changes could not be saved in " + showFile);
            saveWorker.shutdown();
            host.close();
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
}
