package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * State reaches the engine by exactly one route (issue 16): the composition root wires it, the
 * control server forwards nothing itself, so a change from any protocol is one engine write, and a
 * console that stopped sends the engine nothing more.
 */
@ExtendWith(VertxExtension.class)
class EngineFollowsStateTest {
    @Test
    void everyProtocolsChangeIsOneEngineWrite(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx);
        int slot = server.state.registry().require("ch/1/fader").slot();
        try (WsClient c = server.client(vertx)) {
            c.send(new JsonObject().put("op", "set").put("path", "ch/1/fader").put("value", -6.0).put("id", 1));
            assertEquals(-6.0, c.next("ack").getDouble("value"));
            assertEquals(1, server.engine.sets.size(), "one change, one engine write: " + server.engine.sets);
            assertEquals(new RecordingEngine.SetCall(slot, -6.0), server.engine.sets.get(0));
        }
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + "/api/params/ch/1/fader"))
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("-9")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(2, server.engine.sets.size(), "REST: one more write: " + server.engine.sets);
        server.state.set("ch/2/mute", true, "cli"); // a scene recall or the command line changes the state directly
        assertEquals(3, server.engine.sets.size(), "a direct state change: one more write: " + server.engine.sets);
        server.console.close();
        server.state.set("ch/1/fader", 0.0, "after");
        assertEquals(3, server.engine.sets.size(), "a stopped console sends its engine nothing more");
    }
}
