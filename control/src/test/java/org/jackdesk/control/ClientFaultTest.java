package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jackdesk.control.cli.RawWs;
import org.jackdesk.control.ws.MeterFrame;
import org.jackdesk.control.ws.SessionHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Clients that fail the way tablets on a venue's Wi-Fi fail: vanishing mid-drag, going silent
 * with the TCP connection left open, and connecting but never reading. Each against a real server
 * on a loopback port, with real sockets.
 */
@ExtendWith(VertxExtension.class)
class ClientFaultTest {
    /** Every warning or error logged (Vert.x, Netty, jackdesk) while a test runs: a fault must not spam the log. */
    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                synchronized (logged) {
                    logged.add(r);
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureLog() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        Logger.getLogger("").removeHandler(capture);
    }

    private List<String> warnings() {
        synchronized (logged) {
            return logged.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList();
        }
    }

    /** ping → pong, skipping whatever else arrives first (a keepalive ping of the server, changes). */
    private static void alive(WsClient c) {
        c.send(new JsonObject().put("op", "ping").put("id", "alive"));
        assertEquals("alive", c.await("pong").getValue("id"));
    }

    private static JsonObject set(String path, double value, int id) {
        return new JsonObject().put("op", "set").put("path", path).put("value", value).put("id", id);
    }

    @Test
    void clientVanishingMidDragLetsGoOfTheFaderAndLeavesItsLastAckedValue(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, ServerOptions.loopbackEphemeral().withMaxMessagesPerSecond(10_000));
        try (WsClient watcher = server.client(vertx)) {
            // Twice: once vanishing with a TCP reset, once with a FIN; neither sends a close frame.
            for (boolean rst : new boolean[] {true, false}) {
                String path = rst ? "ch/1/fader" : "ch/2/fader";
                RawWs a = RawWs.connect(server.port(), 0);
                String session = a.await("hello").getString("session");
                a.await("snapshot");
                a.send(new JsonObject().put("op", "touch").put("path", path).put("on", true));
                JsonObject on = watcher.await("touch");
                assertEquals(session, on.getString("by"));
                assertTrue(on.getBoolean("on"));
                // The drag: 40 moves, every one acked.
                double last = 0;
                for (int i = 1; i <= 40; i++) {
                    last = -0.5 * i;
                    a.send(set(path, last, i));
                }
                JsonObject ack;
                do {
                    ack = a.await("ack");
                } while (ack.getInteger("id") != 40);
                assertEquals(last, ack.getDouble("value"));
                if (rst) a.reset();
                else a.close();

                JsonObject off = watcher.await("touch");
                assertEquals(session, off.getString("by"), "the vanished client's touch is the one released");
                assertEquals(path, off.getString("path"));
                assertFalse(off.getBoolean("on"), "a client that vanished mid-drag lets go of the fader");
                assertEquals(last, server.state.get(path), "the console holds the last acked move");
                // The watcher's view converges on the same value (changes are coalesced, the last one always arrives).
                double seen = Double.NaN;
                for (JsonObject m : watcher.collect(300)) {
                    if ("changed".equals(m.getString("op")) && path.equals(m.getString("path"))) seen = m.getDouble("value");
                }
                watcher.send(new JsonObject().put("op", "get").put("path", path).put("id", "g"));
                assertEquals(last, watcher.await("value").getDouble("value"));
                assertTrue(Double.isNaN(seen) || seen == last, "the watcher's last changed is the console's value, got " + seen);
            }
            watcher.assertAlive();
            try (WsClient late = server.client(vertx)) {
                assertEquals(-20.0, late.snapshot.getJsonObject("values").getDouble("ch/1/fader"));
                assertEquals(-20.0, late.snapshot.getJsonObject("values").getDouble("ch/2/fader"));
            }
        }
        long deadline = System.currentTimeMillis() + 2000;
        while (server.metrics().wsClients() != 0 && System.currentTimeMillis() < deadline) Thread.sleep(10);
        assertEquals(0, server.metrics().wsClients(), "every vanished client was released");
        assertEquals(java.util.Map.of(), server.metrics().errorsByCode(), "a vanishing client is no error");
        assertEquals(List.of(), warnings(), "a vanishing client is not worth a warning in the log");
    }

    @Test
    void halfOpenConnectionIsClosedByTheKeepaliveAndFreesItsSlot(Vertx vertx) throws Exception {
        long keepaliveMs = 300;
        TestServer server = new TestServer(vertx, ServerOptions.loopbackEphemeral().withKeepaliveMs(keepaliveMs).withMaxConnections(2));
        try (WsClient b = server.client(vertx)) {
            // Connected, upgraded, then silent: it never reads, never writes, never closes. Its
            // tiny receive window also means the server's close frame may never be read.
            RawWs silent = RawWs.connect(server.port(), 2048);
            long start = System.nanoTime();
            // While it holds its slot, the server is full.
            try (WsClient third = WsClient.open(vertx, server.port())) {
                assertEquals("too_many_connections", third.next("error").getString("code"));
            }
            // b stays busy and alive throughout: it talks, the silent one does not.
            long freedAfterMs = -1;
            while ((System.nanoTime() - start) < TimeUnit.SECONDS.toNanos(5)) {
                alive(b);
                if (server.metrics().wsClients() == 1) {
                    freedAfterMs = (System.nanoTime() - start) / 1_000_000;
                    break;
                }
                Thread.sleep(20);
            }
            assertTrue(freedAfterMs >= 0, "the silent connection was not released within 5 s");
            assertTrue(freedAfterMs >= 2 * keepaliveMs - 50,
                    "released by the keepalive (ping, then as long again), not before: " + freedAfterMs + " ms");
            // ...and at once, not after the 2 s closing handshake a dead client never completes.
            assertTrue(freedAfterMs < 2000, "slot released " + freedAfterMs + " ms after the client went silent");
            try (WsClient next = server.client(vertx)) {
                alive(next); // its slot is free again
            }
            alive(b);
            // And the server really hangs up the TCP connection (closing handshake timeout: 2 s).
            assertTrue(silent.drainUntilEof(5000), "the server closed the half-open TCP connection");
            silent.close();
        }
        assertEquals(List.of(), warnings(), "a half-open client is not worth a warning in the log");
    }

    @Test
    void clientThatNeverReadsIsHeldToABoundedQueueThenClosedAndOthersKeepTheirMeters(Vertx vertx) throws Exception {
        long keepaliveMs = 1000;
        TestServer server = new TestServer(vertx, ServerOptions.loopbackEphemeral().withKeepaliveMs(keepaliveMs)
                .withMaxMessagesPerSecond(100_000));
        JsonObject subscribe = new JsonObject().put("op", "subscribe")
                .put("meters", new JsonArray().add("ch").add("bus").add("main").add("monitor").add("loudness")).put("fps", 60);
        List<String> paths = new ArrayList<>();
        for (int c = 1; c <= 3; c++) {
            paths.add("ch/" + c + "/fader");
            paths.add("ch/" + c + "/pan");
            for (int b = 1; b <= 4; b++) paths.add("ch/" + c + "/eq/" + b + "/gain");
        }
        try (WsClient good = server.client(vertx); WsClient mover = server.client(vertx)) {
            good.send(subscribe.copy().put("id", 1));
            good.await("subscribed");
            // Subscribes to every meter at 60 fps, keeps telling the server it is alive, never reads a byte.
            RawWs stuck = RawWs.connect(server.port(), 2048);
            stuck.send(subscribe);
            // The clock starts once the server counts the stuck client (a loaded machine may take
            // longer than a round to register it; counting 2 before then is no close).
            long registerBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.metrics().wsClients() < 3 && System.nanoTime() < registerBy) Thread.sleep(1);
            assertEquals(3, server.metrics().wsClients(), "the stuck client was never counted as connected");
            long start = System.nanoTime();
            long stuckClosedAtMs = -1;
            int round = 0;
            int framesInWindow = -1;
            long windowStart = -1;
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(6)) {
                // The mover drags 24 controls: every other client is sent each change.
                for (String p : paths) mover.send(set(p, p.endsWith("pan") ? (round % 10) / -10.0 : -(round % 12), round));
                round++;
                if (round % 50 == 0) good.send(new JsonObject().put("op", "pong")); // good answers the keepalive
                if (round % 10 == 0 && stuckClosedAtMs < 0) stuck.sendText("{\"op\":\"pong\"}");
                if (stuckClosedAtMs < 0 && server.metrics().wsClients() == 2) stuckClosedAtMs = (System.nanoTime() - start) / 1_000_000;
                long ms = (System.nanoTime() - start) / 1_000_000;
                if (windowStart < 0 && ms >= 1000) { // a 1 s window while the stuck client is stuck
                    good.binaries.clear();
                    windowStart = System.nanoTime();
                } else if (windowStart > 0 && framesInWindow < 0 && System.nanoTime() - windowStart >= 1_000_000_000L) {
                    framesInWindow = good.binaries.size();
                }
                if (stuckClosedAtMs >= 0 && framesInWindow >= 0) break;
                Thread.sleep(2);
            }
            long peak = server.metrics().maxQueuedBytes();
            assertTrue(stuckClosedAtMs >= 0, "the client that never reads was not closed within 6 s (peak queue " + peak + " bytes)");
            assertTrue(stuckClosedAtMs >= keepaliveMs, "closed only after its queue stayed full for keepaliveMs: " + stuckClosedAtMs + " ms");
            assertTrue(server.metrics().errors(SessionHandler.SLOW_CLIENT) >= 1, "counted as slow_client: " + server.metrics().errorsByCode());
            assertTrue(peak <= SessionHandler.MAX_QUEUED_BYTES + 16 * 1024,
                    "a client's queue stays under the cap of " + SessionHandler.MAX_QUEUED_BYTES + " bytes, peaked at " + peak);
            assertTrue(framesInWindow >= 40, "the good client kept its 60 fps meters while the other was stuck: " + framesInWindow + " in 1 s");
            MeterFrame.Decoded last = MeterFrame.decode(good.nextBinary());
            assertEquals(31, last.mask());
            // The good client's view of every control the mover dragged is the console's.
            mover.send(new JsonObject().put("op", "ping").put("id", "end"));
            mover.await("pong");
            JsonObject view = new JsonObject();
            for (JsonObject m : good.collect(500)) if ("changed".equals(m.getString("op"))) view.put(m.getString("path"), m.getValue("value"));
            for (String p : paths) {
                assertEquals(server.state.get(p), ((Number) view.getValue(p)).doubleValue(), 1e-9, p + " as the good client last heard it");
            }
            alive(good);
            assertTrue(stuck.drainUntilEof(5000), "the server hung up on the stuck client");
            stuck.close();
        }
        assertEquals(List.of(), warnings(), "a stuck client is closed without warnings in the log");
    }
}
