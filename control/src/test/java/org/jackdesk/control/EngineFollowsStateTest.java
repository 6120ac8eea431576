package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The engine hears every change exactly once, whether the server forwards it or the engine listens itself. */
@ExtendWith(VertxExtension.class)
class EngineFollowsStateTest {
    @Test
    void anEngineThatFollowsTheStateIsNotSentEachChangeTwice(Vertx vertx) {
        ConsoleState state = new ConsoleState(ParamRegistry.forLayout(TestServer.LAYOUT));
        RecordingEngine engine = new RecordingEngine(TestServer.LAYOUT.channels().size(), TestServer.LAYOUT.buses().size(), true);
        state.addListener((p, v, o) -> engine.setParam(p.slot(), v)); // what EngineHost does
        ControlServer.Bound bound = WsClient.await(ControlServer.deploy(vertx, state, engine, ServerOptions.loopbackEphemeral()));
        try (WsClient c = WsClient.connect(vertx, bound.httpPort())) {
            c.send(new JsonObject().put("op", "set").put("path", "ch/1/fader").put("value", -6.0).put("id", 1));
            assertEquals(-6.0, c.next("ack").getDouble("value"));
            assertEquals(1, engine.sets.size(), "one change, one engine write: " + engine.sets);
        }
    }

    @Test
    void anEngineThatDoesNotFollowTheStateGetsEachChangeFromTheServer(Vertx vertx) {
        TestServer server = new TestServer(vertx);
        try (WsClient c = server.client(vertx)) {
            c.send(new JsonObject().put("op", "set").put("path", "ch/1/fader").put("value", -6.0).put("id", 1));
            assertEquals(-6.0, c.next("ack").getDouble("value"));
            assertEquals(1, server.engine.sets.size(), "one change, one engine write: " + server.engine.sets);
        }
    }
}
