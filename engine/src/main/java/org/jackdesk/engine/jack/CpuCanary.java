package org.jackdesk.engine.jack;

/**
 * A fixed piece of work that touches no memory — a chain of {@value #STEPS} dependent 64-bit
 * multiply-adds, about 1 000 core cycles (0.3–0.5 µs here) — timed with {@link System#nanoTime}.
 * Its time measures the speed of the CPU it runs on at that moment and nothing else: no cache, no
 * allocation, no data of jackdesk's. The audio thread runs it at the start and at the end of every
 * callback ({@link SlowCallbacks}); when both runs of a slow callback took well over the usual, the
 * CPU itself ran slow through the callback — the host shared or throttled it — and the callback's
 * extra CPU time is the machine's ({@link SlowCause#SLOWED}). Work of jackdesk's own, however much
 * of it, leaves the canary at its usual time. Thread: any; allocates nothing.
 */
final class CpuCanary {
    static final int STEPS = 256;
    /** Keeps the chain's result alive (the JIT may not drop the loop). */
    private static long sink = 1;

    private CpuCanary() {
    }

    /** Runs the chain once; its duration in nanoseconds. */
    static long time() {
        long x = sink | 1;
        long t0 = System.nanoTime();
        for (int i = 0; i < STEPS; i++) x = x * 6364136223846793005L + 1442695040888963407L;
        long t1 = System.nanoTime();
        sink = x;
        return t1 - t0;
    }
}
