package org.jackdesk.engine.jack;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The non-real-time half of the slow-callback attribution: drains the audio thread's
 * {@link SlowCallbacks} ring, waits until JFR has delivered the JVM events of the same moment
 * ({@link JvmEvents}: it flushes about once a second), matches them by time and classifies each
 * callback ({@link SlowCause#classify}). Counts by cause and the latest records are read by
 * {@code /metrics} and {@code bench realtime}.
 *
 * <p>Thread: {@link #poll} one non-audio thread (the backend's worker); {@link #snapshot},
 * {@link #reset} any non-audio thread.
 */
public final class CallbackAttribution {
    /** What the attribution has seen since the last reset. */
    /**
     * @param canaryCounts every callback since the reset by its CPU canary's ratio to the usual
     *        ({@link #canaryBucket}: under 1.2, 1.2–1.5, 1.5–2, 2 and over)
     * @param canaryWallNanos their wall time summed by the same buckets
     */
    public record Snapshot(double thresholdMicros, long slow, long dropped, long pending, Map<SlowCause, Long> byCause,
            List<SlowCallback> recent, String jvmEvents, String nativePath, long[] canaryCounts, long[] canaryWallNanos) {
        public long count(SlowCause c) {
            Long n = byCause.get(c);
            return n == null ? 0 : n;
        }

        /** Slow callbacks whose cause lies outside jackdesk and its JVM. */
        public long machine() {
            long n = 0;
            for (SlowCause c : SlowCause.values()) if (c.machine()) n += count(c);
            return n;
        }
    }

    /** Kept for the report: the latest classified callbacks. */
    static final int RECENT = 1000;
    /** JFR timestamps and {@code CLOCK_REALTIME} agree to well within this (both read the same clocks). */
    static final long SLACK_NANOS = 50_000;
    /** A record waits at most this long for JFR's flush before it is classified without it. */
    static final long JVM_WAIT_NANOS = 5_000_000_000L;

    private final SlowCallbacks ring;
    private final JvmEvents jvm;
    private final String jvmState;
    private final ArrayDeque<SlowCallback> pending = new ArrayDeque<>();
    private final ArrayDeque<SlowCallback> recent = new ArrayDeque<>();
    private final EnumMap<SlowCause, Long> counts = new EnumMap<>(SlowCause.class);
    private long slow;
    private long droppedBase;
    private long[] canaryBase = new long[SlowCallbacks.CANARY_BUCKETS.length + 1];
    private long[] canaryWallBase = new long[SlowCallbacks.CANARY_BUCKETS.length + 1];
    private long resetEpochNanos;
    private volatile long thresholdNanos = Long.MAX_VALUE;

    CallbackAttribution(SlowCallbacks ring, JvmEvents jvm) {
        this.ring = ring;
        this.jvm = jvm;
        if (jvm != null) jvmState = "JFR";
        else if (!Boolean.parseBoolean(System.getProperty("jackdesk.jack.jvmEvents", "true"))) jvmState = "off (-Djackdesk.jack.jvmEvents=false)";
        else jvmState = "unavailable (" + JvmEvents.why() + ")";
    }

    /** Tests set it (≥ 0) to record callbacks from this length on instead of half the period. */
    static volatile long thresholdOverrideNanos = -1;

    /** Half the period at {@code rate} Hz and {@code frames}: callbacks at least this long are recorded. */
    void periodChanged(int rate, int frames) {
        long t = rate > 0 && frames > 0 ? frames * 1_000_000_000L / rate / 2 : Long.MAX_VALUE;
        if (thresholdOverrideNanos >= 0) t = thresholdOverrideNanos;
        thresholdNanos = t;
        ring.thresholdNanos = SlowCallbacks.available() ? t : Long.MAX_VALUE;
        if (SlowCallbacks.available()) org.jackdesk.engine.WorkerClocks.enable();
    }

    /**
     * Thread: the backend's worker, every few hundred ms; {@code audioThreadId} the Java id of the
     * audio thread, {@code workerThreadId} the strip worker's (0: none).
     */
    synchronized void poll(long nowEpochNanos, long audioThreadId, long workerThreadId) {
        // The records' monotonic times to epoch time (JFR's): the two clocks read back to back now.
        long epochOffset = nowEpochNanos - System.nanoTime();
        ring.drain(pending::addLast);
        long flushed = jvm == null ? Long.MAX_VALUE : jvm.flushedEpochNanos();
        long threshold = thresholdNanos;
        while (!pending.isEmpty()) {
            SlowCallback c = pending.peekFirst();
            long start = c.startNanos() + epochOffset, end = start + c.wallNanos();
            boolean jvmKnown = flushed >= end + SLACK_NANOS;
            if (!jvmKnown && nowEpochNanos - end < JVM_WAIT_NANOS) break;
            pending.pollFirst();
            if (end < resetEpochNanos) continue;
            StringBuilder what = new StringBuilder();
            long jvmNanos = 0;
            if (jvm != null) {
                List<JvmEvents.Span> spans = jvm.overlapping(start, end, SLACK_NANOS, audioThreadId);
                jvmNanos = jvmShare(spans, start, end);
                for (JvmEvents.Span s : spans) {
                    if (what.length() > 0) what.append("; ");
                    what.append(s.what()).append(' ').append((s.endEpochNanos() - s.startEpochNanos()) / 1000).append(" µs");
                }
                if (workerThreadId != 0 && c.workerWaitNanos() > 0) {
                    // the worker's own events (its deoptimizations) stall the callback as far as it waited for the worker
                    List<JvmEvents.Span> ws = new ArrayList<>();
                    for (JvmEvents.Span s : jvm.overlapping(start, end, SLACK_NANOS, workerThreadId)) if (s.threadId() == workerThreadId) ws.add(s);
                    jvmNanos += workerJvmShare(ws, c.workerWaitNanos());
                    for (JvmEvents.Span s : ws) {
                        if (what.length() > 0) what.append("; ");
                        what.append("worker: ").append(s.what());
                    }
                }
            }
            SlowCause cause = SlowCause.classify(c, threshold, jvmNanos);
            counts.merge(cause, 1L, Long::sum);
            slow++;
            recent.addLast(c.classified(start, what.toString(), cause));
            if (recent.size() > RECENT) recent.pollFirst();
        }
    }

    /**
     * The JVM's share of a callback [{@code from}, {@code to}]: the union of the stop-the-world
     * spans within it (a GC pause lies inside its VM operation: counted once) plus
     * {@link SlowCause#DEOPT_NANOS} per deoptimization of the audio thread.
     */
    static long jvmShare(List<JvmEvents.Span> spans, long from, long to) {
        long deopts = 0;
        List<long[]> clipped = new ArrayList<>();
        for (JvmEvents.Span s : spans) {
            if (s.threadId() != -1) {
                deopts += SlowCause.DEOPT_NANOS;
                continue;
            }
            long a = Math.max(from, s.startEpochNanos()), b = Math.min(to, s.endEpochNanos());
            if (b > a) clipped.add(new long[] {a, b});
        }
        clipped.sort((x, y) -> Long.compare(x[0], y[0]));
        long total = 0, curA = 0, curB = -1;
        for (long[] iv : clipped) {
            if (iv[0] > curB) {
                if (curB > curA) total += curB - curA;
                curA = iv[0];
                curB = iv[1];
            } else {
                curB = Math.max(curB, iv[1]);
            }
        }
        if (curB > curA) total += curB - curA;
        return total + deopts;
    }

    /**
     * The share of the strip worker's own JVM events ({@code workerSpans}: its deoptimizations) in a
     * callback that spun {@code waitNanos} for it: {@link SlowCause#DEOPT_NANOS} each, at most the wait
     * (the audio thread lost to them only what it waited).
     */
    static long workerJvmShare(List<JvmEvents.Span> workerSpans, long waitNanos) {
        return Math.min(Math.max(0, waitNanos), workerSpans.size() * SlowCause.DEOPT_NANOS);
    }

    private static long[] since(long[] now, long[] base) {
        long[] d = now.clone();
        for (int i = 0; i < d.length; i++) d[i] -= base[i];
        return d;
    }

    /**
     * The bucket of {@link Snapshot#canaryCounts} for a canary {@code canaryNanos} against its usual
     * (under 1.2, 1.2–1.5, 1.5–2, 2 and over: 0–3), -1 when the usual is unknown.
     */
    public static int canaryBucket(long canaryNanos, long usualNanos) {
        return usualNanos <= 0 ? -1 : SlowCallbacks.canaryBucket(canaryNanos, usualNanos);
    }

    /** Thread: any non-audio. */
    public synchronized Snapshot snapshot() {
        EnumMap<SlowCause, Long> byCause = new EnumMap<>(SlowCause.class);
        for (SlowCause c : SlowCause.values()) byCause.put(c, counts.getOrDefault(c, 0L));
        long t = thresholdNanos;
        return new Snapshot(t == Long.MAX_VALUE ? 0 : t / 1000.0, slow, ring.dropped() - droppedBase, pending.size(),
                Map.copyOf(byCause), List.copyOf(new ArrayList<>(recent)),
                jvm != null && jvm.problem() != null ? jvmState + " (" + jvm.problem() + ")" : jvmState,
                ThreadUsage.available() ? ThreadUsage.PATH : "unavailable (" + ThreadUsage.UNAVAILABLE_REASON + ")",
                since(ring.canaryCounts(), canaryBase), since(ring.canaryWallNanos(), canaryWallBase));
    }

    /** Forgets the counts and the callbacks that ended before now (a benchmark's warm-up). Thread: any non-audio. */
    public synchronized void reset(long nowEpochNanos) {
        counts.clear();
        recent.clear();
        slow = 0;
        droppedBase = ring.dropped();
        canaryBase = ring.canaryCounts();
        canaryWallBase = ring.canaryWallNanos();
        resetEpochNanos = nowEpochNanos;
    }

    void close() {
        if (jvm != null) jvm.close();
    }
}
