package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.illposed.osc.OSCMessage;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Stereo link over a real control server (3 mono channels and a stereo one, so 1-2 is the one
 * pair): a link and a fader move on one side over WebSocket reach the other side in the console
 * state and the engine, every client hears both channels (the sender too, whose own change comes
 * back as its ack), OSC moves the pair from the other side, and REST refuses a link of the mono
 * channel 3 with the stereo channel 4 with the reason, then unlinks.
 */
@ExtendWith(VertxExtension.class)
class StereoLinkServerTest {

    private static HttpResponse<Buffer> put(WebClient web, TestServer s, String uri, String body) {
        return WsClient.await(web.put(s.port(), "127.0.0.1", uri).sendBuffer(Buffer.buffer(body)));
    }

    /** The changes among {@code msgs}, path → value (a batch, a JSON array, counts message by message). */
    private static Map<String, Object> changes(List<JsonObject> msgs) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (JsonObject m : msgs) if ("changed".equals(m.getString("op"))) out.put(m.getString("path"), m.getValue("value"));
        return out;
    }

    private static JsonObject op(List<JsonObject> msgs, String op) {
        return msgs.stream().filter(m -> op.equals(m.getString("op"))).findFirst().orElseThrow(() -> new AssertionError("no " + op + " in " + msgs));
    }

    @Test
    void aMoveOnOneSideReachesThePartnerTheEngineAndEveryClient(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx);
        WebClient web = WebClient.create(vertx);
        try (WsClient a = server.client(vertx); WsClient b = server.client(vertx); OscTestClient osc = new OscTestClient(server.oscPort())) {
            a.send(new JsonObject().put("op", "set").put("path", "ch/2/link").put("value", true).put("id", 1));
            List<JsonObject> got = a.collect(400);
            assertEquals(true, op(got, "ack").getValue("value"), got.toString());
            Map<String, Object> seenByA = changes(got);
            assertEquals(Boolean.TRUE, seenByA.get("ch/1/link"), "the sender hears the pair's other flag: " + seenByA);
            Map<String, Object> seenByB = changes(b.collect(300));
            assertEquals(Boolean.TRUE, seenByB.get("ch/1/link"));
            assertEquals(Boolean.TRUE, seenByB.get("ch/2/link"));

            a.send(new JsonObject().put("op", "set").put("path", "ch/1/fader").put("value", -7.0).put("id", 2));
            got = a.collect(400);
            assertEquals(-7.0, op(got, "ack").getDouble("value"));
            assertEquals(-7.0, changes(got).get("ch/2/fader"), "the sender's tablet moves the other fader too: " + got);
            seenByB = changes(b.collect(300));
            assertEquals(-7.0, seenByB.get("ch/1/fader"));
            assertEquals(-7.0, seenByB.get("ch/2/fader"));
            assertEquals(-7.0, server.state.get("ch/2/fader"));
            int slot = server.state.registry().slot("ch/2/fader");
            assertTrue(server.engine.sets.contains(new RecordingEngine.SetCall(slot, -7.0)), "the engine was told ch/2/fader");

            osc.send(new OSCMessage("/ch/2/mute", List.of(1)));
            long end = System.currentTimeMillis() + 3000;
            while (server.state.get("ch/1/mute") < 0.5 && System.currentTimeMillis() < end) Thread.sleep(10);
            assertEquals(1.0, server.state.get("ch/1/mute"), "OSC on the even side mutes the odd one");
            assertEquals(Boolean.TRUE, changes(a.collect(300)).get("ch/1/mute"));

            HttpResponse<Buffer> r = put(web, server, "/api/params/ch/3/link", "{\"value\":true}");
            assertEquals(400, r.statusCode(), r.bodyAsString());
            assertEquals(ParameterService.CANNOT_LINK, r.bodyAsJsonObject().getString("code"));
            assertTrue(r.bodyAsJsonObject().getString("message").contains("channel 3 pairs with channel 4, which is stereo"), r.bodyAsString());
            assertEquals(0.0, server.state.get("ch/3/link"));

            r = put(web, server, "/api/params/ch/1/link", "{\"value\":false}");
            assertEquals(200, r.statusCode(), r.bodyAsString());
            assertEquals(0.0, server.state.get("ch/2/link"), "REST unlinks the pair");
            assertEquals(-7.0, server.state.get("ch/2/fader"), "and leaves its values");
            r = put(web, server, "/api/params/ch/1/fader", "{\"value\":-1}");
            assertEquals(200, r.statusCode());
            assertEquals(-7.0, server.state.get("ch/2/fader"), "no longer mirrored");
        }
    }
}
