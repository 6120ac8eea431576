package org.jackdesk.control;

import io.vertx.core.Vertx;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.control.scene.LiveShow;
import org.jackdesk.control.scene.Notices;

/**
 * A real control server with scenes (the built-in default console, glides on a Vert.x timer as in
 * {@code jackdesk start}) on a loopback ephemeral port, and a recording engine.
 */
final class SceneServer {
    final ConsoleConfig config = ConfigJson.builtinDefault();
    final ConsoleState state = new ConsoleState(ParamRegistry.forLayout(config.toLayout()));
    final RecordingEngine engine = new RecordingEngine(config.toLayout().channels().size(), config.toLayout().buses().size());
    final SceneManager scenes;
    final Notices notices = new Notices();
    final ControlServer.Bound bound;

    SceneServer(Vertx vertx) {
        scenes = new SceneManager(state, System::currentTimeMillis, LiveShow.ticker(vertx));
        bound = WsClient.await(ControlServer.deploy(vertx, state, engine, ServerOptions.loopbackEphemeral(),
                new LiveShow(scenes, config, notices)));
    }

    int port() {
        return bound.httpPort();
    }

    WsClient client(Vertx vertx) {
        return WsClient.connect(vertx, port());
    }
}
