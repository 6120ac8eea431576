package org.jackdesk.control.cli;

import io.vertx.core.Vertx;
import java.nio.file.Path;
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
import org.jackdesk.control.ControlServer;
import org.jackdesk.control.ServerOptions;
import org.jackdesk.control.security.Security;
import org.jackdesk.control.security.SecurityOptions;
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

    @Override
    public Integer call() throws Exception {
        ConsoleConfig cfg;
        try {
            cfg = config == null ? ConfigJson.builtinDefault() : ConfigJson.read(config);
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
        List<ConnectRule> rules = new ArrayList<>();
        for (AutoConnect.Connection c : cfg.connections()) rules.add(new ConnectRule(c.consolePort(), c.jackPort(), c.input()));
        String serverName = jackServer != null ? jackServer
                : (cfg.jack().serverName() == null || cfg.jack().serverName().equals(ConfigJson.DEFAULT_SERVER) ? null : cfg.jack().serverName());
        String client = clientName != null ? clientName : cfg.jack().clientName();
        EngineHost.Options opts = new EngineHost.Options(client, serverName, !noPrivateServer, internalClock, demo,
                rate, period, rules);
        EngineHost host = EngineHost.start(state, opts, line -> System.err.println("jackdesk: " + line));
        System.err.println("jackdesk: audio on " + host.backendStatus() + ", " + host.sampleRate() + " Hz, "
                + host.periodFrames() + " frames" + (host.demo() ? ", demo programme playing" : ""));

        ServerOptions so = server.toOptions();
        var pr = spec.commandLine().getParseResult();
        if (!pr.hasMatchedOption("--port") && !pr.hasMatchedOption("--osc-port")) {
            so = so.withPorts(cfg.server().httpPort(), cfg.server().oscPort());
        }
        if (!pr.hasMatchedOption("--host") && cfg.server().bind() != null) so = so.withHost(cfg.server().bind());
        Vertx vertx = Vertx.vertx();
        ControlServer.Bound bound;
        try {
            bound = ControlServer.deploy(vertx, state, host, so, security).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            System.err.println("jackdesk start: " + e.getCause().getMessage());
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
            host.close();
            stopped.countDown();
        }, "jackdesk-shutdown"));
        stopped.await();
        return 0;
    }
}
