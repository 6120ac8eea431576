package org.jackdesk.engine.jack;

/**
 * A fixed piece of work that touches no memory — a chain of {@value #STEPS} dependent 64-bit
 * multiply-adds, 60–110 ns here with the two clock reads (C2 overlaps part of the chain) — timed with {@link System#nanoTime}.
 * Its time measures the speed of the CPU it runs on at that moment and nothing else: no cache, no
 * allocation, no data of jackdesk's. The audio thread runs it at the start and at the end of every
 * callback ({@link SlowCallbacks}) and keeps the faster of the two in a slow callback's record; every
 * callback is also counted by its canary's ratio to the usual, with its wall time, so that a run
 * shows how the callbacks' time goes with the CPU's speed. It is a measurement, not a rule: a
 * canary twice its usual went with callbacks only about a third longer than usual (docs/engine-notes.md,
 * "The CPU canary"), so it cannot apportion one slow callback's time. Work of jackdesk's own, however much
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
