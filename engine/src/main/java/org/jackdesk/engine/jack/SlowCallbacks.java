package org.jackdesk.engine.jack;

import java.util.concurrent.atomic.AtomicLong;
import org.jackdesk.engine.AudioProcessor;
import org.jackdesk.engine.CycleStages;

/**
 * The audio thread's half of the slow-callback attribution: at the start of every callback it
 * reads its own CPU clock and {@code getrusage(RUSAGE_THREAD)} and the processor's worker-wait
 * counters; at the end, only when the callback took at least {@link #thresholdNanos} (half the
 * period), it reads them again and writes one record of primitives into a preallocated ring. A
 * non-real-time thread drains the ring ({@link #drain}) and classifies ({@link CallbackAttribution}).
 *
 * <p>Single producer (audio), single consumer: the audio thread publishes a record with an
 * ordered store of {@code head}; the reader publishes what it consumed in {@code tail}. A full
 * ring drops the record and counts it; the audio thread never waits. Allocates nothing.
 *
 * <p>Thread: {@link #begin}, {@link #end} audio only; {@link #drain} one reader; the setters any.
 */
final class SlowCallbacks {
    static final int CAPACITY = 1024;
    private static final int STAGES_AT = 14, USUAL_STAGES_AT = STAGES_AT + CycleStages.COUNT;
    private static final int CANARY_AT = USUAL_STAGES_AT + CycleStages.COUNT;
    private static final int FIELDS = CANARY_AT + 2;

    private final long[] ring = new long[CAPACITY * FIELDS];
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    private final ThreadUsage usage = new ThreadUsage();
    /** Callbacks at least this long are recorded; Long.MAX_VALUE records none (and skips the reads). */
    volatile long thresholdNanos = Long.MAX_VALUE;
    private volatile long dropped;
    private volatile long recorded;
    // Audio thread's state between begin and end.
    private boolean begun;
    private AudioProcessor processor;
    private long cpu0, minflt0, majflt0, nvcsw0, nivcsw0, wait0, late0, canary0;
    /** The usual {@link CpuCanary} time: a 64-callback exponential mean over the callbacks under the threshold. */
    private long usualCanary;
    /**
     * Every callback's canary against the usual, counted by ratio: under 1.2, 1.2–1.5, 1.5–2, 2 and
     * over ({@link #CANARY_BUCKETS}); the baseline a slow callback's canary is compared with.
     * Audio-written; read approximately.
     */
    private final long[] canaryCounts = new long[CANARY_BUCKETS.length + 1];
    /** The callbacks' wall time summed by the same buckets: the mean callback at each canary ratio. */
    private final long[] canaryWallNanos = new long[CANARY_BUCKETS.length + 1];
    /** The canary ratio's bucket bounds, in tenths. */
    static final int[] CANARY_BUCKETS = {12, 15, 20};
    /** The usual callback: a 64-callback exponential mean of the wall time of those under the threshold. */
    private long typical;
    private final long[] stalls0 = new long[4], stalls1 = new long[4];
    /** The processor's stages of this cycle, and of the usual cycle: 64-cycle exponential means of those under the threshold. */
    private final long[] stages = new long[CycleStages.COUNT], usualStages = new long[CycleStages.COUNT];

    /** True when the thread's clocks and counters can be read on this platform. */
    static boolean available() {
        return ThreadUsage.available();
    }

    /** Thread: audio. Takes the "before" readings; {@code p} is the processor this cycle runs. */
    void begin(AudioProcessor p) {
        if (thresholdNanos == Long.MAX_VALUE) {
            begun = false;
            return;
        }
        ThreadUsage u = usage;
        canary0 = CpuCanary.time(); // the CPU's speed as the callback starts
        cpu0 = u.threadCpuNanos();
        begun = u.sample();
        minflt0 = u.minorFaults();
        majflt0 = u.majorFaults();
        nvcsw0 = u.voluntarySwitches();
        nivcsw0 = u.involuntarySwitches();
        processor = p;
        wait0 = p == null ? 0 : p.workerWaitNanos();
        late0 = p == null ? 0 : p.workerLateSubBlocks();
        if (p != null) p.workerStalls(stalls0);
    }

    /**
     * Thread: audio. The callback began at {@code startNanos} ({@link System#nanoTime}) and took
     * {@code wallNanos}; recorded when that is at least the threshold.
     */
    void end(long startNanos, long wallNanos) {
        if (!begun) return;
        begun = false;
        AudioProcessor p = processor;
        long[] st = stages, us = usualStages;
        if (p != null) p.cycleStages(st);
        // ...and as it ends: the faster of the two, so that a CPU slow through the whole callback shows
        // and an interrupt inside one run does not.
        long canary = Math.min(canary0, CpuCanary.time());
        if (usualCanary > 0) {
            int b = canaryBucket(canary, usualCanary);
            canaryCounts[b]++;
            canaryWallNanos[b] += wallNanos;
        }
        if (wallNanos < thresholdNanos) {
            typical = typical == 0 ? wallNanos : typical + ((wallNanos - typical) >> 6);
            usualCanary = usualCanary == 0 ? canary : usualCanary + ((canary - usualCanary) >> 6);
            if (p != null) {
                for (int k = 0; k < CycleStages.COUNT; k++) us[k] = us[k] == 0 ? st[k] : us[k] + ((st[k] - us[k]) >> 6);
            }
            return;
        }
        ThreadUsage u = usage;
        long cpu = u.threadCpuNanos();
        if (!u.sample()) return;
        long h = head.get();
        if (h - tail.get() >= CAPACITY) {
            dropped = dropped + 1;
            return;
        }
        int i = (int) (h & (CAPACITY - 1)) * FIELDS;
        long[] r = ring;
        r[i] = startNanos;
        r[i + 1] = wallNanos;
        r[i + 2] = cpu < 0 || cpu0 < 0 ? -1 : cpu - cpu0;
        r[i + 3] = u.minorFaults() - minflt0;
        r[i + 4] = u.majorFaults() - majflt0;
        r[i + 5] = u.voluntarySwitches() - nvcsw0;
        r[i + 6] = u.involuntarySwitches() - nivcsw0;
        r[i + 7] = p == null ? 0 : p.workerWaitNanos() - wait0;
        r[i + 8] = p == null ? 0 : p.workerLateSubBlocks() - late0;
        r[i + 9] = typical;
        long[] s1 = stalls1, s0 = stalls0;
        if (p != null) p.workerStalls(s1);
        r[i + 10] = p == null ? 0 : s1[0] - s0[0];
        r[i + 11] = p == null ? 0 : s1[1] - s0[1];
        r[i + 12] = p == null ? 0 : s1[2] - s0[2];
        r[i + 13] = p == null ? 0 : s1[3] - s0[3];
        for (int k = 0; k < CycleStages.COUNT; k++) {
            r[i + STAGES_AT + k] = p == null ? 0 : st[k];
            r[i + USUAL_STAGES_AT + k] = us[k];
        }
        r[i + CANARY_AT] = canary;
        r[i + CANARY_AT + 1] = usualCanary;
        head.lazySet(h + 1); // ordered: the fields above are visible before the record is
        recorded = recorded + 1;
    }

    /** The bucket of {@link #canaryCounts} for a canary of {@code canary} against a usual of {@code usual} (> 0). */
    static int canaryBucket(long canary, long usual) {
        int b = 0;
        while (b < CANARY_BUCKETS.length && canary * 10 >= usual * CANARY_BUCKETS[b]) b++;
        return b;
    }

    /** The callbacks counted by their canary's ratio to the usual (a copy; approximate). Thread: any. */
    long[] canaryCounts() {
        return canaryCounts.clone();
    }

    /** The callbacks' wall time summed by {@link #canaryCounts}'s buckets (a copy; approximate). Thread: any. */
    long[] canaryWallNanos() {
        return canaryWallNanos.clone();
    }

    /** Records lost because the reader fell a whole ring behind. */
    long dropped() {
        return dropped;
    }

    /** Slow callbacks recorded since start (those in the ring included). */
    long recorded() {
        return recorded;
    }

    /** Thread: the one reader. Hands every published record to {@code sink}, oldest first. */
    void drain(java.util.function.Consumer<SlowCallback> sink) {
        long t = tail.get(), h = head.get(); // acquire: the records up to h are complete
        for (; t < h; t++) {
            int i = (int) (t & (CAPACITY - 1)) * FIELDS;
            long[] r = ring;
            sink.accept(new SlowCallback(r[i], 0, r[i + 1], r[i + 2], r[i + 3], r[i + 4], r[i + 5], r[i + 6], r[i + 7],
                    r[i + 8], r[i + 9], r[i + 10], r[i + 11], r[i + 12], r[i + 13], StageTimes.of(r, i + STAGES_AT), StageTimes.of(r, i + USUAL_STAGES_AT),
                    r[i + CANARY_AT], r[i + CANARY_AT + 1], "", null));
        }
        tail.set(t);
    }
}
