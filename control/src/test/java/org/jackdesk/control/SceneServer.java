package org.jackdesk.control;

import io.vertx.core.Vertx;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.control.scene.Notices;
import org.jackdesk.control.security.SecurityOptions;

/**
 * A real console (see {@link TestServer}) of the built-in default configuration, with its scenes
 * (glides on a Vert.x timer as in {@code jackdesk start}), on a loopback ephemeral port, and a
 * recording engine.
 */
final class SceneServer {
    final ConsoleConfig config = ConfigJson.builtinDefault();
    final RecordingEngine engine = new RecordingEngine(config.toLayout().channels().size(), config.toLayout().buses().size());
    final ConsoleState state;
    final SceneManager scenes;
    final Notices notices;
    final ControlServer.Bound bound;

    SceneServer(Vertx vertx) {
        Console console = TestServer.start(config, engine, vertx, ServerOptions.loopbackEphemeral(), SecurityOptions.open());
        state = console.state();
        scenes = console.scenes();
        notices = console.notices();
        bound = console.bound();
    }

    int port() {
        return bound.httpPort();
    }

    WsClient client(Vertx vertx) {
        return WsClient.connect(vertx, port());
    }
}
