package org.jackdesk.control.ws;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jackdesk.control.ProtocolError;
import org.jackdesk.engine.EngineControl;
import org.jackdesk.engine.rta.RtaAnalyzer;
import org.jackdesk.engine.rta.RtaTap;

/**
 * Streams real-time analyser frames to WebSocket clients (docs/protocol.md, "RTA frames"), only
 * while someone looks: a view (source, bands per octave, averaging) takes one of the engine tap's
 * {@link RtaTap#SLOTS} slots while it has subscribers and gives it back when the last one leaves.
 * Subscribers of the same view share its analysis and its encoded frame; subscribers at the same
 * rate (1–{@link #MAX_FPS} fps) share one timer, so 8 views at 30 fps wake the event loop 30 times
 * a second, not 240 (each wake-up of an idle loop costs more CPU than the frame it sends: bench rta,
 * docs/benchmarks.md). The analysis allocates nothing per frame; each frame sent is one buffer.
 *
 * <pre>
 * offset size  field
 *  0     4     magic "JDRF" (ASCII)
 *  4     1     version (1)
 *  5     1     bands per octave (3, 6 or 12)
 *  6     2     band count n (u16 LE)
 *  8     4     frame sequence (u32 LE, per subscription)
 * 12     4     source (i32 LE, {@link RtaTap} code)
 * 16     4n    band levels, dBFS (float32 LE), lowest band first
 * 16+4n  4n    held peaks, dBFS (float32 LE)
 * </pre>
 *
 * <p>Thread: control (the server's event loop) only.
 */
public final class RtaStreamer {
    public static final byte[] MAGIC = {'J', 'D', 'R', 'F'};
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 16;
    public static final int MAX_FPS = 30;
    /** A view analysed this recently is not analysed again for another subscriber's tick. */
    private static final long REUSE_NANOS = 5_000_000;

    /** One subscription's handle: cancel it with {@link RtaStreamer#unsubscribe}. */
    public static final class Subscription {
        private final View view;
        private final Consumer<Buffer> sink;
        private final int fps;
        private long sequence;

        private Subscription(View view, Consumer<Buffer> sink, int fps) {
            this.view = view;
            this.sink = sink;
            this.fps = fps;
        }

        private void tick() {
            Buffer f = view.current();
            if (f != null) sink.accept(f.copy().setUnsignedIntLE(8, sequence++ & 0xffffffffL));
        }

        /** The centre frequencies of the bands, Hz. */
        public double[] centresHz() {
            double[] c = new double[view.analyzer.bands()];
            for (int b = 0; b < c.length; b++) c[b] = view.analyzer.centreHz(b);
            return c;
        }
    }

    private record Key(int source, int bandsPerOctave, RtaAnalyzer.Averaging averaging) {}

    private final class View {
        final Key key;
        final RtaTap tap;
        final int slot;
        final RtaAnalyzer analyzer;
        final List<Subscription> subscribers = new ArrayList<>();
        long analysedAt = Long.MIN_VALUE;
        Buffer frame;

        View(Key key, RtaTap tap, int slot, float sampleRate) {
            this.key = key;
            this.tap = tap;
            this.slot = slot;
            analyzer = new RtaAnalyzer(sampleRate, key.bandsPerOctave());
            analyzer.averaging(key.averaging());
        }

        /** The current frame, analysed now unless another subscriber's tick just did. Null: no data yet. */
        Buffer current() {
            long now = System.nanoTime();
            if (frame != null && now - analysedAt < REUSE_NANOS) return frame;
            double dt = analysedAt == Long.MIN_VALUE ? 0 : (now - analysedAt) / 1e9;
            if (!analyzer.frame(tap, slot, dt)) return frame;
            analysedAt = now;
            frame = encode();
            frames++;
            return frame;
        }

        private Buffer encode() {
            int n = analyzer.bands();
            Buffer b = Buffer.buffer(HEADER_BYTES + 8 * n);
            b.appendBytes(MAGIC).appendByte((byte) VERSION).appendByte((byte) key.bandsPerOctave())
                    .appendUnsignedShortLE(n).appendUnsignedIntLE(0).appendIntLE(key.source());
            float[] lv = analyzer.levelsDb(), pk = analyzer.peaksDb();
            for (int i = 0; i < n; i++) b.appendFloatLE(lv[i]);
            for (int i = 0; i < n; i++) b.appendFloatLE(pk[i]);
            return b;
        }
    }

    private final Vertx vertx;
    private final EngineControl engine;
    private final Map<Key, View> views = new LinkedHashMap<>();
    private final boolean[] slotUsed = new boolean[RtaTap.SLOTS];
    /** Subscribers by rate, and each rate's one timer. */
    private final Map<Integer, List<Subscription>> byFps = new HashMap<>();
    private final Map<Integer, Long> timers = new HashMap<>();
    private RtaTap tapInUse;
    private long frames;

    public RtaStreamer(Vertx vertx, EngineControl engine) {
        this.vertx = vertx;
        this.engine = engine;
    }

    /**
     * Starts sending frames of {@code source} to {@code sink} at {@code fps}. Throws
     * {@code rta_unavailable} without an engine to tap, {@code rta_busy} when every tap slot shows
     * another view.
     */
    public Subscription subscribe(int source, int bandsPerOctave, RtaAnalyzer.Averaging averaging, int fps, Consumer<Buffer> sink)
            throws ProtocolError {
        RtaTap tap = engine.rta();
        if (tap == null) throw new ProtocolError("rta_unavailable", "this server has no engine to analyse");
        if (!tap.valid(source)) throw new ProtocolError(ProtocolError.BAD_MESSAGE, "no such RTA source on this console");
        if (tap != tapInUse) { // a new engine (sample-rate change): the old views are gone with it
            views.clear();
            java.util.Arrays.fill(slotUsed, false);
            tapInUse = tap;
        }
        Key key = new Key(source, bandsPerOctave, averaging);
        View view = views.get(key);
        if (view == null) {
            int slot = -1;
            for (int s = 0; s < slotUsed.length && slot < 0; s++) if (!slotUsed[s]) slot = s;
            if (slot < 0) {
                throw new ProtocolError("rta_busy", "all " + RtaTap.SLOTS + " RTA sources are in use by other tablets; close one first");
            }
            slotUsed[slot] = true;
            tap.setSource(slot, source);
            view = new View(key, tap, slot, engine.sampleRate());
            views.put(key, view);
        }
        int rate = Math.min(MAX_FPS, Math.max(1, fps));
        Subscription sub = new Subscription(view, sink, rate);
        view.subscribers.add(sub);
        List<Subscription> group = byFps.computeIfAbsent(rate, f -> new ArrayList<>());
        group.add(sub);
        if (group.size() == 1) {
            long periodMs = Math.max(1, Math.round(1000.0 / rate));
            timers.put(rate, vertx.setPeriodic(periodMs, id -> {
                for (int i = 0; i < group.size(); i++) group.get(i).tick();
            }));
        }
        return sub;
    }

    /** Stops a subscription; the last subscriber of a view gives its tap slot back. */
    public void unsubscribe(Subscription s) {
        if (s == null) return;
        List<Subscription> group = byFps.get(s.fps);
        if (group != null && group.remove(s) && group.isEmpty()) {
            byFps.remove(s.fps);
            vertx.cancelTimer(timers.remove(s.fps));
        }
        View v = s.view;
        if (v.subscribers.remove(s) && v.subscribers.isEmpty() && views.get(v.key) == v) {
            views.remove(v.key);
            v.tap.setSource(v.slot, RtaTap.OFF);
            slotUsed[v.slot] = false;
        }
    }

    /** Views being analysed now (each holds a tap slot). */
    public int activeViews() {
        return views.size();
    }

    /** Frames analysed so far (shared frames count once). */
    public long framesAnalysed() {
        return frames;
    }
}
