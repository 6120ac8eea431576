package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.jack.JackTestServer;
import org.jackdesk.engine.jack.PrivateJackServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * jackd killed mid-show: every tablet is told "JACK server gone", the console keeps answering and
 * keeps its values, and when the server returns the tablets are told audio runs again.
 */
@ExtendWith(VertxExtension.class)
class JackGoneTest {
    private static JsonObject health(int port) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/health")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    @Test
    void clientsAreToldWhenJackGoesAndComesBackAndTheConsoleKeepsItsState(Vertx vertx) throws Exception {
        ConsoleConfig config = ConfigJson.builtinDefault();
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             Console console = Console.start(Console.Options.of(config, new EngineHost.Options("jdgone", server.name(), false, false,
                     false, 48000, 64, List.of())))) {
            ConsoleState state = console.state();
            EngineHost host = console.host();
            ControlServer.Bound bound = console.bound();
            try (WsClient c = WsClient.connect(vertx, bound.httpPort())) {
                c.send(new JsonObject().put("op", "set").put("path", "ch/1/fader").put("value", -12.0).put("id", 1));
                c.await("ack");
                server.kill();
                JsonObject gone = c.await("status");
                assertEquals("jack_gone", gone.getString("code"), gone.encode());
                assertEquals("error", gone.getString("level"));
                // the console still answers, and a late joiner is told too
                c.send(new JsonObject().put("op", "set").put("path", "ch/2/fader").put("value", -3.0).put("id", 2));
                assertEquals(-3.0, c.await("ack").getDouble("value"));
                try (WsClient late = WsClient.connect(vertx, bound.httpPort())) {
                    JsonObject standing = late.await("status");
                    assertEquals("jack_gone", standing.getString("code"), standing.encode());
                }
                // and a monitoring script sees what the tablets see
                JsonObject sick = health(bound.httpPort());
                assertEquals("error", sick.getString("status"), sick.encode());
                assertEquals("jack_gone", sick.getJsonObject("checks").getJsonObject("audio").getString("code"), sick.encode());
                assertEquals("JACK server gone", sick.getString("backend"));
                server.restart();
                JsonObject back = c.await("status");
                for (int i = 0; i < 5 && !"jack_back".equals(back.getString("code")); i++) back = c.await("status");
                assertEquals("jack_back", back.getString("code"), back.encode());
                assertTrue(JackTestServer.await(() -> host.backendStatus().startsWith("jack:"), 10_000), host.backendStatus());
                assertEquals(-12.0, state.get("ch/1/fader"));
                JsonObject well = health(bound.httpPort());
                assertEquals("ok", well.getString("status"), well.encode());
                assertEquals("ok", well.getJsonObject("checks").getJsonObject("audio").getString("status"), well.encode());
                assertEquals(-3.0, state.get("ch/2/fader"));
            }
        }
    }
}
