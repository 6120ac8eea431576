package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.control.security.SecurityOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Talkback and the roles, on a real server over WebSocket and REST: a monitor user talks only if
 * its user entry allows it ({@code "talkback": true}), and even then changes nothing else of the
 * talkback; an engineer always may.
 */
@ExtendWith(VertxExtension.class)
class TalkbackAccessTest {
    private static final List<ConsoleConfig.UserConfig> USERS = List.of(
            new ConsoleConfig.UserConfig("foh", "engineer", List.of(), AccessControlTest.hash("2222")),
            new ConsoleConfig.UserConfig("drums", "monitor", List.of(1), AccessControlTest.hash("3333")),
            new ConsoleConfig.UserConfig("md", "monitor", List.of(2), AccessControlTest.hash("5555"), true));

    private static SecureServer server(Vertx vertx) {
        return new SecureServer(vertx, ServerOptions.loopbackEphemeral().withMaxMessagesPerSecond(100_000).withKeepaliveMs(200),
                SecurityOptions.open().withUsers(USERS, null).withLimits(16, 100_000));
    }

    private static JsonObject set(String path, Object value) {
        return new JsonObject().put("op", "set").put("path", path).put("value", value);
    }

    @Test
    void aMonitorTalksOnlyIfAllowedAndAnEngineerAlways(Vertx vertx) throws Exception {
        SecureServer s = server(vertx);
        WebClient web = WebClient.create(vertx);
        String drums = AccessControlTest.token(web, s.port(), "drums", "3333");
        String md = AccessControlTest.token(web, s.port(), "md", "5555");
        String foh = AccessControlTest.token(web, s.port(), "foh", "2222");
        try (AccessControlTest.Ws d = new AccessControlTest.Ws(vertx, s.port(), "/ws?token=" + drums);
             AccessControlTest.Ws m = new AccessControlTest.Ws(vertx, s.port(), "/ws?token=" + md);
             AccessControlTest.Ws f = new AccessControlTest.Ws(vertx, s.port(), "/ws?token=" + foh)) {
            JsonObject dp = d.next("hello").getJsonObject("auth").getJsonObject("principal");
            assertFalse(dp.getBoolean("talkback"), "the tablet learns that drums may not talk: " + dp);
            assertTrue(m.next("hello").getJsonObject("auth").getJsonObject("principal").getBoolean("talkback"));
            assertTrue(f.next("hello").getJsonObject("auth").getJsonObject("principal").getBoolean("talkback"));
            d.next("snapshot");
            m.next("snapshot");
            f.next("snapshot");

            JsonObject refused = d.ask(set("talkback/talk", true));
            assertEquals("forbidden", refused.getString("code"), refused.encode());
            assertTrue(refused.getString("message").contains("talkback"), refused.getString("message"));
            assertEquals(0.0, s.state.get("talkback/talk"));

            assertEquals("ack", m.ask(set("talkback/talk", true)).getString("op"));
            assertEquals(1.0, s.state.get("talkback/talk"));
            assertEquals("ack", m.ask(set("talkback/talk", false)).getString("op"));
            for (String other : List.of("talkback/main", "talkback/bus/1", "talkback/dim/main", "talkback/mode")) {
                Object v = other.endsWith("mode") ? "latch" : true;
                if (other.equals("talkback/bus/1") || other.equals("talkback/dim/main")) v = false; // both default on
                assertEquals("forbidden", m.ask(set(other, v)).getString("code"), "a monitor allowed to talk still may not change " + other);
            }
            assertEquals("forbidden", m.ask(set("osc/on", true)).getString("code"), "nor the oscillator");

            assertEquals("ack", f.ask(set("talkback/main", true)).getString("op"), "an engineer sets talkback up");
            assertEquals("ack", f.ask(set("talkback/talk", true)).getString("op"));
        }
        // REST says the same.
        var r = AccessControlTest.login(web, s.port(), "drums", "3333");
        assertFalse(r.bodyAsJsonObject().getBoolean("talkback"));
        int status = WsClient.await(web.put(s.port(), "127.0.0.1", "/api/params/talkback/talk").putHeader("Authorization", "Bearer " + drums)
                .sendBuffer(Buffer.buffer(JsonObject.of("value", false).encode()))).statusCode();
        assertEquals(403, status);
        status = WsClient.await(web.put(s.port(), "127.0.0.1", "/api/params/talkback/talk").putHeader("Authorization", "Bearer " + md)
                .sendBuffer(Buffer.buffer(JsonObject.of("value", false).encode()))).statusCode();
        assertEquals(200, status);
        assertEquals(0.0, s.state.get("talkback/talk"));
    }

    @Test
    void aMomentaryTalkEndsWhenTheTabletHoldingItVanishesButALatchedOneStays(Vertx vertx) throws Exception {
        SecureServer s = server(vertx);
        WebClient web = WebClient.create(vertx);
        String foh = AccessControlTest.token(web, s.port(), "foh", "2222");
        try (AccessControlTest.Ws f = new AccessControlTest.Ws(vertx, s.port(), "/ws?token=" + foh)) {
            f.next("hello");
            f.next("snapshot");
            assertEquals("ack", f.ask(set("talkback/talk", true)).getString("op"));
        } // the tablet goes away with its finger on TALK
        long end = System.currentTimeMillis() + 5000;
        while (s.state.get("talkback/talk") != 0.0 && System.currentTimeMillis() < end) Thread.sleep(20);
        assertEquals(0.0, s.state.get("talkback/talk"), "momentary: released with the tablet");

        s.state.set("talkback/mode", "latch", "test");
        try (AccessControlTest.Ws f = new AccessControlTest.Ws(vertx, s.port(), "/ws?token=" + foh)) {
            f.next("hello");
            f.next("snapshot");
            assertEquals("ack", f.ask(set("talkback/talk", true)).getString("op"));
        }
        Thread.sleep(500);
        assertEquals(1.0, s.state.get("talkback/talk"), "latched: it stays on (lit on every tablet) until someone taps TALK");
    }
}
