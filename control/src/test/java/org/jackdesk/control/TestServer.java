package org.jackdesk.control;

import io.vertx.core.Vertx;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.control.security.SecurityOptions;
import org.jackdesk.engine.EngineControl;

/**
 * A real console (the composition root, {@link Console}) with a small layout and a recording
 * engine, its control server on a loopback ephemeral port, on the test's Vert.x (closed by the
 * test, which ends the console's server with it).
 */
final class TestServer {
    static final Layout LAYOUT = Layout.of(3, 1, 1, 1);

    final RecordingEngine engine = new RecordingEngine(LAYOUT.channels().size(), LAYOUT.buses().size());
    final Console console;
    final ConsoleState state;
    final ControlServer.Bound bound;

    TestServer(Vertx vertx, ServerOptions options) {
        this(vertx, options, SecurityOptions.open());
    }

    TestServer(Vertx vertx) {
        this(vertx, ServerOptions.loopbackEphemeral());
    }

    TestServer(Vertx vertx, ServerOptions options, SecurityOptions security) {
        console = start(ConfigJson.builtinDefault().withLayout(LAYOUT), engine, vertx, options, security);
        state = console.state();
        bound = console.bound();
    }

    /** A console of {@code config} around {@code engine} on {@code vertx}: what every control-plane test starts. */
    static Console start(ConsoleConfig config, EngineControl engine, Vertx vertx, ServerOptions options, SecurityOptions security) {
        try {
            return Console.start(Console.Options.of(config, engine, vertx).withServer(options).withSecurity(security));
        } catch (Exception e) {
            throw new AssertionError("the console did not start: " + e.getMessage(), e);
        }
    }

    /** A configuration of {@code layout} whose starting values are {@code state}'s (an engine built beforehand agrees with it). */
    static ConsoleConfig config(Layout layout, ConsoleState state) {
        ConsoleConfig c = ConfigJson.builtinDefault().withLayout(layout);
        return new ConsoleConfig(c.version(), c.name(), c.layout(), c.server(), c.jack(), c.users(), state.snapshot());
    }

    int port() {
        return bound.httpPort();
    }

    int oscPort() {
        return bound.oscPort();
    }

    WsClient client(Vertx vertx) {
        return WsClient.connect(vertx, port());
    }

    ServerMetrics metrics() {
        return bound.server().metrics();
    }
}
