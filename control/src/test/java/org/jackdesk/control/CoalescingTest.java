package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.control.ws.ChangeCoalescer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CoalescingTest {
    record Emitted(long atNanos, String path, double value) {}

    @Test
    void atMostOneChangePerPathPerIntervalAndTheLastValueAlwaysArrives(Vertx vertx) throws Exception {
        ParamRegistry reg = ParamRegistry.forLayout(Layout.of(2, 0, 0, 0));
        Param fader = reg.find("ch/1/fader");
        Param pan = reg.find("ch/2/pan");
        List<Emitted> emitted = new ArrayList<>();
        long interval = ChangeCoalescer.DEFAULT_INTERVAL_NANOS;
        CompletableFuture<Void> offered = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            ChangeCoalescer c = new ChangeCoalescer(vertx, reg.size(), interval,
                    (p, value, origin) -> emitted.add(new Emitted(System.nanoTime(), p.path(), value)));
            // A fast fader move: 100 values in one burst, a pan move interleaved; then 3 more after 20 ms.
            for (int i = 1; i <= 100; i++) {
                c.offer(fader, -i / 10.0, "s1");
                if (i % 10 == 0) c.offer(pan, i / 100.0, "s2");
            }
            vertx.setTimer(20, t -> {
                for (int i = 1; i <= 3; i++) c.offer(fader, -20.0 - i, "s1");
                offered.complete(null);
            });
        });
        WsClient.await(offered);
        Thread.sleep(120); // everything held has been flushed by now
        List<Emitted> snapshot = new ArrayList<>();
        CompletableFuture<Void> copied = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            snapshot.addAll(emitted);
            copied.complete(null);
        });
        WsClient.await(copied);

        for (String path : List.of("ch/1/fader", "ch/2/pan")) {
            List<Emitted> mine = snapshot.stream().filter(e -> e.path().equals(path)).toList();
            for (int i = 1; i < mine.size(); i++) {
                long gap = mine.get(i).atNanos() - mine.get(i - 1).atNanos();
                assertTrue(gap >= interval, path + ": two changes " + gap / 1000 + " µs apart");
            }
        }
        List<Emitted> faders = snapshot.stream().filter(e -> e.path().equals("ch/1/fader")).toList();
        List<Emitted> pans = snapshot.stream().filter(e -> e.path().equals("ch/2/pan")).toList();
        assertTrue(faders.size() < 103, "a burst is coalesced: " + faders.size() + " of 103 sent");
        assertEquals(-23.0, faders.get(faders.size() - 1).value(), "the fader's last value arrives");
        assertEquals(1.0, pans.get(pans.size() - 1).value(), "the pan's last value arrives, independent of the fader");
        assertEquals(-0.1, faders.get(0).value(), "the first move goes out at once");
    }

    @Test
    void aContinuousMoveGoesOutAsFreshValuesAndAStoppedMoveEndsOnItsLastValue(Vertx vertx) throws Exception {
        ParamRegistry reg = ParamRegistry.forLayout(Layout.of(1, 0, 0, 0));
        Param fader = reg.find("ch/1/fader");
        long interval = ChangeCoalescer.DEFAULT_INTERVAL_NANOS;
        long ms = 1_000_000L;
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000 * ms);
        List<Emitted> emitted = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<ChangeCoalescer> made = new CompletableFuture<>();
        CompletableFuture<Void> moved = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            ChangeCoalescer c = new ChangeCoalescer(vertx, reg.size(), interval,
                    (p, value, origin) -> emitted.add(new Emitted(now.get(), p.path(), value)), now::get);
            // A fader dragged at 100 moves per second for half a second (clock driven by hand).
            for (int i = 0; i < 50; i++) {
                if (i > 0) now.addAndGet(10 * ms);
                c.offer(fader, -i / 10.0, "s1");
            }
            made.complete(c);
            moved.complete(null);
        });
        WsClient.await(moved);
        WsClient.await(made);
        List<Emitted> during = List.copyOf(emitted);
        // Every change sent during the move is the move's newest value at that instant: its send
        // time is the time it was offered (value -i/10 was offered at 1000 ms + 10 i ms).
        for (Emitted e : during) {
            long offeredAt = 1_000 * ms + Math.round(-e.value() * 10) * 10 * ms;
            assertEquals(offeredAt, e.atNanos(), "value " + e.value() + " was held instead of sent fresh");
        }
        for (int i = 1; i < during.size(); i++) {
            assertTrue(during.get(i).atNanos() - during.get(i - 1).atNanos() >= interval, "two changes inside one interval");
        }
        assertTrue(during.size() >= 24, "a continuous move goes out at least 50 times a second: " + during.size() + " in 0.5 s");
        // The last move (-4.9) arrived inside the interval and is held; it goes out one interval later.
        assertTrue(during.get(during.size() - 1).value() != -4.9, "the last move is held, not sent at once");
        now.addAndGet(interval);
        long deadline = System.nanoTime() + 2_000 * ms;
        while (emitted.size() == during.size() && System.nanoTime() < deadline) Thread.sleep(5);
        assertEquals(during.size() + 1, emitted.size(), "the held last value is flushed");
        assertEquals(-4.9, emitted.get(emitted.size() - 1).value(), "the move ends on its last value");
    }

    @Test
    void fastMovesReachOtherClientsCoalescedEndingOnTheLastValue(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, ServerOptions.loopbackEphemeral().withMaxMessagesPerSecond(10_000));
        try (WsClient mover = server.client(vertx); WsClient follower = server.client(vertx)) {
            int moves = 200;
            for (int i = 1; i <= moves; i++) {
                mover.send(new JsonObject().put("op", "set").put("path", "ch/1/fader").put("value", -i / 4.0).put("id", i));
            }
            JsonObject lastAck = null;
            for (int i = 1; i <= moves; i++) lastAck = mover.next("ack");
            assertEquals(-moves / 4.0, lastAck.getDouble("value"));
            List<JsonObject> seen = follower.collect(250);
            List<Double> values = seen.stream().filter(m -> "changed".equals(m.getString("op")))
                    .map(m -> m.getDouble("value")).toList();
            assertTrue(!values.isEmpty() && values.size() < moves, "coalesced: " + values.size() + " changes for " + moves + " moves");
            assertEquals(-moves / 4.0, values.get(values.size() - 1), "the follower ends on the last value");
            for (int i = 1; i < values.size(); i++) {
                assertTrue(values.get(i) < values.get(i - 1), "changes arrive in order");
            }
            assertEquals(moves, server.engine.sets.size(), "the engine gets every move; only the clients' traffic is coalesced");
        }
    }
}
