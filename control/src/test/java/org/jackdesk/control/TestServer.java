package org.jackdesk.control;

import io.vertx.core.Vertx;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;

/** A real control server on a loopback ephemeral port, with a small console and a recording engine. */
final class TestServer {
    static final Layout LAYOUT = Layout.of(3, 1, 1, 1);

    final ConsoleState state = new ConsoleState(ParamRegistry.forLayout(LAYOUT));
    final RecordingEngine engine = new RecordingEngine(LAYOUT.channels().size(), LAYOUT.buses().size());
    final ControlServer.Bound bound;

    TestServer(Vertx vertx, ServerOptions options) {
        bound = WsClient.await(ControlServer.deploy(vertx, state, engine, options));
    }

    TestServer(Vertx vertx) {
        this(vertx, ServerOptions.loopbackEphemeral());
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
