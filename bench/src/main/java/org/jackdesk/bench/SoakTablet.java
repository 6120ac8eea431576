package org.jackdesk.bench;

import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jackdesk.config.Param;

/**
 * One simulated tablet of {@code jackdesk bench soak} ({@link SoakRun}): its own disjoint paths,
 * which it moves with random valid values; its view of the console, built from what it receives;
 * its counters. {@link PathState} and {@link Totals} are what the tablets share.
 */
/** One simulated tablet: its paths, its view of the console, its counters. */
final class SoakTablet {
    final int index;
    final Totals totals;
    final List<PathState> own = new ArrayList<>();
    final Map<String, Object> view = new ConcurrentHashMap<>();
    final CompletableFuture<Void> snapshot = new CompletableFuture<>();
    final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    final AtomicLong sets = new AtomicLong();
    final AtomicLong acks = new AtomicLong();
    final SplittableRandom random;
    WebSocket ws;

    SoakTablet(int index, Totals totals, long seed) {
        this.index = index;
        this.totals = totals;
        this.random = new SplittableRandom(seed * 1_000_003L + index);
    }

    /** Timer thread of this client: one random valid set on one of its paths. */
    void tick() {
        if (!totals.sending || own.isEmpty()) return;
        PathState ps = own.get(random.nextInt(own.size()));
        double v;
        do {
            // Millesimal steps: the JSON text round-trips exactly; -0.0 is folded to 0.0.
            v = Math.round((ps.param.min() + random.nextDouble() * (ps.param.max() - ps.param.min())) * 1000) / 1000.0 + 0.0;
            v = Math.max(ps.param.min(), Math.min(ps.param.max(), v));
        } while (v == ps.last || ps.sentAt.containsKey(v));
        if (ps.ringCount >= RING) ps.sentAt.remove(ps.ring[ps.ringCount % RING]);
        ps.ring[ps.ringCount % RING] = v;
        ps.ringCount++;
        ps.last = v;
        ps.sentAt.put(v, System.nanoTime());
        sets.incrementAndGet();
        if (totals.measuring) totals.setsMeasured.increment();
        ws.writeTextMessage("{\"op\":\"set\",\"path\":\"" + ps.param.path() + "\",\"value\":" + v + "}");
    }

    /** This client's connection thread. */
    void onText(String text) {
        long now = System.nanoTime();
        String op = SoakJson.stringField(text, "op");
        if (op == null) return;
        switch (op) {
            case "changed", "ack" -> {
                String path = SoakJson.stringField(text, "path");
                String raw = SoakJson.rawField(text, "value");
                if (path == null || raw == null) return;
                Object value = SoakJson.parseScalar(raw);
                view.put(path, value);
                boolean isAck = op.equals("ack");
                if (isAck) acks.incrementAndGet();
                PathState ps = totals.byPath.get(path);
                if (ps == null || !(value instanceof Double d)) return;
                Long t0 = ps.sentAt.get(d);
                if (t0 == null || !totals.measuring) return;
                if (isAck) totals.ack.record(now - t0);
                else if (ps.owner != this) totals.echo.record(now - t0);
            }
            case "error" -> {
                String code = SoakJson.stringField(text, "code");
                totals.errors.computeIfAbsent(code == null ? "?" : code, c -> new LongAdder()).increment();
                if (totals.firstErrors.size() < 5) totals.firstErrors.add("client " + index + ": " + text);
            }
            case "snapshot", "values" -> {
                // The greeting snapshot may arrive before this handler is set: the answer to our own
                // get of everything is the one waited for.
                JsonObject values = new JsonObject(text).getJsonObject("values");
                for (Map.Entry<String, Object> e : values) {
                    view.put(e.getKey(), e.getValue() instanceof Number n ? (Object) n.doubleValue() : e.getValue());
                }
                if (op.equals("values")) snapshot.complete(null);
            }
            case "subscribed" -> subscribed.complete(null);
            case "ping" -> ws.writeTextMessage("{\"op\":\"pong\"}");
            default -> {
                // hello, status notices, scenes: not measured
            }
        }
    }

    /** Recent values kept per path to match echoes and acks by value. */
    static final int RING = 64;

    /** One path, moved by exactly one client. */
    static final class PathState {
        final Param param;
        final SoakTablet owner;
        /** Send time (System.nanoTime) of each recent value; the owner removes the oldest beyond RING. */
        final ConcurrentHashMap<Double, Long> sentAt = new ConcurrentHashMap<>();
        final double[] ring = new double[RING];
        int ringCount;
        volatile double last = Double.NaN;

        PathState(Param param, SoakTablet owner) {
            this.param = param;
            this.owner = owner;
        }
    }

    /** Measurements shared by every client. */
    static final class Totals {
        final LatencyHistogram echo = new LatencyHistogram();
        final LatencyHistogram ack = new LatencyHistogram();
        final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        final List<String> firstErrors = java.util.Collections.synchronizedList(new ArrayList<>());
        final LongAdder meterFrames = new LongAdder();
        final LongAdder setsMeasured = new LongAdder();
        final AtomicLong dropped = new AtomicLong();
        volatile boolean measuring;
        volatile boolean sending;
        volatile boolean closing;
        Map<String, PathState> byPath = Map.of();
    }
}
