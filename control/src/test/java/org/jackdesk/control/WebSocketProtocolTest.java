package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jackdesk.config.Layout;
import org.jackdesk.control.ws.SessionHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class WebSocketProtocolTest {

    @Test
    void oneClientSetsTheOtherTwoSeeChangedAndTheSenderSeesAck(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx);
        try (WsClient a = server.client(vertx); WsClient b = server.client(vertx); WsClient c = server.client(vertx)) {
            a.send(new JsonObject().put("op", "set").put("path", "ch/1/fader").put("value", -6.0).put("id", 7));

            JsonObject ack = a.next("ack");
            assertEquals(7, ack.getInteger("id"));
            assertEquals("ch/1/fader", ack.getString("path"));
            assertEquals(-6.0, ack.getDouble("value"));
            a.assertAlive(); // the sender gets no "changed" for its own move

            for (WsClient other : List.of(b, c)) {
                JsonObject ch = other.next("changed");
                assertEquals("ch/1/fader", ch.getString("path"));
                assertEquals(-6.0, ch.getDouble("value"));
                assertEquals(a.session(), ch.getString("by"));
            }
            assertEquals(-6.0, server.state.get("ch/1/fader"));
            int slot = server.state.registry().slot("ch/1/fader");
            assertEquals(List.of(new RecordingEngine.SetCall(slot, -6.0)), server.engine.sets);
        }
    }

    @Test
    void helloCarriesVersionSessionClockAndLayout(Vertx vertx) {
        TestServer server = new TestServer(vertx);
        try (WsClient a = server.client(vertx); WsClient b = server.client(vertx)) {
            JsonObject h = a.hello;
            assertEquals(SessionHandler.PROTOCOL_VERSION, h.getInteger("version"));
            assertEquals(48000, h.getInteger("sampleRate"));
            assertEquals(256, h.getInteger("periodFrames"));
            assertNotEquals(a.session(), b.session(), "every connection has its own session id");
            Layout layout = TestServer.LAYOUT;
            var channels = h.getJsonObject("layout").getJsonArray("channels");
            assertEquals(layout.channels().size(), channels.size());
            for (int i = 0; i < channels.size(); i++) {
                assertEquals(layout.channels().get(i).name(), channels.getJsonObject(i).getString("name"));
                assertEquals(layout.channels().get(i).stereo(), channels.getJsonObject(i).getBoolean("stereo"));
            }
            assertEquals(layout.buses().size(), h.getJsonObject("layout").getJsonArray("buses").size());
            assertEquals(server.state.registry().size(), a.snapshot.getJsonObject("values").size(),
                    "the snapshot has every parameter");
        }
    }

    @Test
    void reconnectingClientGetsFreshHelloAndCurrentSnapshot(Vertx vertx) {
        TestServer server = new TestServer(vertx);
        String firstSession;
        try (WsClient a = server.client(vertx)) {
            firstSession = a.session();
            a.send(new JsonObject().put("op", "set").put("path", "ch/2/fader").put("value", -12.5).put("id", 1));
            a.next("ack");
            a.send(new JsonObject().put("op", "set").put("path", "ch/3/mute").put("value", true).put("id", 2));
            a.next("ack");
            a.send(new JsonObject().put("op", "set").put("path", "ch/1/hpf/slope").put("value", "24").put("id", 3));
            a.next("ack");
        }
        try (WsClient again = server.client(vertx)) {
            assertNotEquals(firstSession, again.session());
            JsonObject values = again.snapshot.getJsonObject("values");
            assertEquals(-12.5, values.getDouble("ch/2/fader"));
            assertEquals(true, values.getBoolean("ch/3/mute"));
            assertEquals("24", values.getString("ch/1/hpf/slope"));
            assertEquals(new JsonObject(server.state.snapshot()), values, "snapshot equals the console state");
        }
    }

    @Test
    void nudgeMovesRelativeAndClampsToTheRange(Vertx vertx) {
        TestServer server = new TestServer(vertx);
        try (WsClient a = server.client(vertx); WsClient b = server.client(vertx)) {
            a.send(new JsonObject().put("op", "nudge").put("path", "ch/1/fader").put("delta", -1.5).put("id", 1));
            assertEquals(-1.5, a.next("ack").getDouble("value"));
            a.send(new JsonObject().put("op", "nudge").put("path", "ch/1/fader").put("delta", 50).put("id", 2));
            assertEquals(10.0, a.next("ack").getDouble("value"), "clamped to the fader's +10 dB");
            assertEquals(10.0, server.state.get("ch/1/fader"));
            JsonObject last = null;
            for (JsonObject m : List.of(b.await("changed"), b.await("changed"))) last = m;
            assertEquals(10.0, last.getDouble("value"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void getAnswersOneValueOrAWholeSubtree(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx);
        server.state.set("ch/2/pan", 0.25, "test");
        try (WsClient a = server.client(vertx)) {
            a.send(new JsonObject().put("op", "get").put("path", "ch/2/pan").put("id", "g1"));
            JsonObject one = a.next("value");
            assertEquals("g1", one.getString("id"));
            assertEquals(0.25, one.getDouble("value"));
            a.send(new JsonObject().put("op", "get").put("path", "ch/2").put("id", "g2"));
            JsonObject sub = a.next("values");
            assertEquals(new JsonObject(server.state.snapshot("ch/2")), sub.getJsonObject("values"));
            assertTrue(sub.getJsonObject("values").containsKey("ch/2/eq/3/gain"));
        }
    }

    @Test
    void touchIsBroadcastToOthersAndReleasedWhenTheToucherLeaves(Vertx vertx) {
        TestServer server = new TestServer(vertx);
        try (WsClient b = server.client(vertx)) {
            String aSession;
            try (WsClient a = server.client(vertx)) {
                aSession = a.session();
                a.send(new JsonObject().put("op", "touch").put("path", "ch/1/fader").put("on", true));
                JsonObject t = b.next("touch");
                assertEquals("ch/1/fader", t.getString("path"));
                assertTrue(t.getBoolean("on"));
                assertEquals(aSession, t.getString("by"));
                a.assertAlive(); // no echo of its own touch
            }
            JsonObject release = b.next("touch");
            assertFalse(release.getBoolean("on"), "a client that leaves lets go of its controls");
            assertEquals(aSession, release.getString("by"));
            assertTrue(server.engine.sets.isEmpty(), "touch never reaches the engine");
        }
    }

    @Test
    void deadClientIsPingedThenClosed(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, ServerOptions.loopbackEphemeral().withKeepaliveMs(150));
        // A raw socket that completes the handshake and then never answers: a tablet that left the Wi-Fi.
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[65536];
            long start = System.nanoTime();
            int n;
            while (!containsCloseFrame(seen.toByteArray(), SessionHandler.CLOSE_KEEPALIVE) && (n = in.read(buf)) > 0) {
                seen.write(buf, 0, n);
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            byte[] bytes = seen.toByteArray();
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.1 101"), "handshake accepted");
            assertTrue(text.contains("\"op\":\"ping\""), "a silent client is pinged first");
            assertTrue(containsCloseFrame(bytes, SessionHandler.CLOSE_KEEPALIVE), "then closed with code 4000");
            assertTrue(elapsedMs >= 2 * 150, "not closed before keepalive + grace, took " + elapsedMs + " ms");
        }
        long deadline = System.currentTimeMillis() + 2000;
        while (server.metrics().wsClients() != 0 && System.currentTimeMillis() < deadline) Thread.sleep(10);
        assertEquals(0, server.metrics().wsClients());
    }

    /** A server close frame (0x88) whose first two payload bytes are {@code code}. */
    private static boolean containsCloseFrame(byte[] b, int code) {
        for (int i = 0; i + 3 < b.length; i++) {
            if ((b[i] & 0xff) == 0x88 && (b[i + 1] & 0x80) == 0
                    && (((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff)) == code) {
                return true;
            }
        }
        return false;
    }

    @Test
    void clientThatAnswersPingsStaysConnected(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, ServerOptions.loopbackEphemeral().withKeepaliveMs(100));
        try (WsClient c = server.client(vertx)) {
            long end = System.currentTimeMillis() + 600;
            int pings = 0;
            while (System.currentTimeMillis() < end) {
                for (JsonObject m : c.collect(40)) {
                    if ("ping".equals(m.getString("op"))) {
                        pings++;
                        c.send(new JsonObject().put("op", "pong"));
                    }
                }
            }
            assertTrue(pings >= 1, "an idle client is pinged");
            assertFalse(c.isClosed(), "answering pings keeps the connection");
            c.assertAlive();
        }
    }

    @Test
    void connectionOverTheLimitIsRefusedClearly(Vertx vertx) {
        TestServer server = new TestServer(vertx, ServerOptions.loopbackEphemeral().withMaxConnections(2));
        try (WsClient a = server.client(vertx); WsClient b = server.client(vertx);
             WsClient third = WsClient.open(vertx, server.port())) {
            JsonObject err = third.next("error");
            assertEquals("too_many_connections", err.getString("code"));
            assertTrue(err.getString("message").contains("limit is 2"), err.getString("message"));
            assertEquals(SessionHandler.CLOSE_TRY_AGAIN_LATER, WsClient.await(third.closed));
            a.assertAlive();
            b.assertAlive();
        }
    }
}
