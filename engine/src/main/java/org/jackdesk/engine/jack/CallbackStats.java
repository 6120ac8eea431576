package org.jackdesk.engine.jack;

/**
 * Preallocated histogram of callback durations. The audio thread is the only writer
 * ({@link #record}); readers take snapshots relative to a baseline they keep themselves, so a
 * reset costs the audio thread nothing but one volatile read per cycle (for the maximum).
 *
 * <p>Thread: {@link #record} audio only; {@link #snapshot} and {@link #reset} any other thread.
 */
final class CallbackStats {
    /** 1 µs bins up to this many µs; longer callbacks land in the last bin. */
    static final int BINS = 20_000;

    private final long[] counts = new long[BINS + 1];
    private long[] baseline = new long[BINS + 1];
    private long maxNanos;
    private volatile boolean resetMax;
    private volatile long recorded;

    /** Thread: audio. */
    void record(long nanos) {
        long micros = nanos / 1000;
        int bin = micros >= BINS ? BINS : (int) micros;
        counts[bin]++;
        if (resetMax) {
            resetMax = false;
            maxNanos = 0;
        }
        if (nanos > maxNanos) maxNanos = nanos;
        recorded = recorded + 1;
    }

    /** Thread: any but audio. Racy reads of single counters are fine for statistics. */
    synchronized CallbackTimes snapshot() {
        return CallbackTimes.fromHistogram(histogram(), maxNanos / 1000.0);
    }

    /** The counts per 1 µs bin since the last reset ({@link #BINS} + 1 bins). Thread: any but audio. */
    synchronized long[] histogram() {
        long[] delta = new long[counts.length];
        for (int i = 0; i < counts.length; i++) delta[i] = Math.max(0, counts[i] - baseline[i]);
        return delta;
    }

    /** Thread: any but audio. */
    synchronized void reset() {
        baseline = counts.clone();
        resetMax = true;
    }

    long recorded() {
        return recorded;
    }
}
