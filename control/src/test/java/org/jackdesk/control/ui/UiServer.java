package org.jackdesk.control.ui;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.control.Console;
import org.jackdesk.control.ControlServer;
import org.jackdesk.control.ServerOptions;

/**
 * A real jackdesk console (the composition root, with a test engine) whose control server (HTTP, WebSocket, REST, the packaged web UI) on a free loopback
 * port, with a band-sized console. It can be stopped and started again on the same port, as when
 * the server machine reboots in the middle of a soundcheck.
 */
final class UiServer implements AutoCloseable {
    static final Layout LAYOUT = new Layout(
            List.of(ch("Kick"), ch("Snare"), ch("Hi-hat"), ch("Tom 1"), ch("Tom 2"), ch("Bass"), ch("Gtr L"),
                    ch("Gtr R"), ch("Keys", true), ch("Vox 1"), ch("Vox 2"), ch("Sax")),
            List.of(new Layout.Bus("Mon 1", false), new Layout.Bus("Mon 2", false),
                    new Layout.Bus("IEM", true), new Layout.Bus("FX", true)));

    final Vertx vertx = Vertx.vertx();
    final UiTestEngine engine = new UiTestEngine(LAYOUT.channels().size(), LAYOUT.buses().size());
    /** The running console's state: a restart brings a new console that starts at the old one's values, as from its show file. */
    private ConsoleState state = new ConsoleState(ParamRegistry.forLayout(LAYOUT));
    private final double[] defaults = state.copyValues();
    private final long meterTimer;
    private Console console;
    private ControlServer.Bound bound;
    private int port;

    UiServer() throws Exception {
        long t0 = System.nanoTime();
        meterTimer = vertx.setPeriodic(20, id -> engine.tick((System.nanoTime() - t0) / 1e9));
        start(0);
    }

    private static Layout.Channel ch(String name) {
        return new Layout.Channel(name, false);
    }

    private static Layout.Channel ch(String name, boolean stereo) {
        return new Layout.Channel(name, stereo);
    }

    /** A console (the composition root) around the test engine, at the values the last one had. */
    void start(int httpPort) throws Exception {
        ConsoleConfig c = ConfigJson.builtinDefault().withLayout(LAYOUT);
        c = new ConsoleConfig(c.version(), c.name(), c.layout(), c.server(), c.jack(), c.users(), state.snapshot());
        ServerOptions o = ServerOptions.loopbackEphemeral().withPorts(httpPort, ServerOptions.NO_OSC);
        console = Console.start(Console.Options.of(c, engine, vertx).withServer(o));
        state = console.state();
        bound = console.bound();
        port = bound.httpPort();
    }

    /** Starts again on the port it had. */
    void restart() throws Exception {
        start(port);
    }

    void stop() throws Exception {
        console.close();
    }

    String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    double get(String path) {
        try {
            return state.get(path);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    void set(String path, Object value) {
        try {
            state.set(path, value, "test");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Every parameter back to its default (between tests). */
    void resetValues() {
        state.applyAll(defaults.clone(), "test");
    }

    @Override
    public void close() throws Exception {
        vertx.cancelTimer(meterTimer);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
