package org.jackdesk.engine.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The thread's own clocks and counters, read through FFM (Java 22+) or JNA, move as the thread does. */
class ThreadUsageTest {
    @Test
    void countersFollowWhatTheThreadDoes() throws Exception {
        assertTrue(ThreadUsage.available(), ThreadUsage.UNAVAILABLE_REASON);
        assertEquals(FfmJack.AVAILABLE ? "FFM" : "JNA", ThreadUsage.PATH);
        ThreadUsage u = new ThreadUsage();
        // CPU time: the JVM's own reading of this thread's CPU clock brackets ours.
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long w0 = System.nanoTime();
        while (System.nanoTime() - w0 < 5_000_000) Thread.onSpinWait();
        long before = mx.getCurrentThreadCpuTime(), ours = u.threadCpuNanos(), after = mx.getCurrentThreadCpuTime();
        assertTrue(before > 0 && before <= ours && ours <= after, before + " <= " + ours + " <= " + after);
        assertTrue(u.sample());
        long vol0 = u.voluntarySwitches(), min0 = u.minorFaults();
        long c0 = u.threadCpuNanos();
        LockSupport.parkNanos(20_000_000);
        assertTrue(u.threadCpuNanos() - c0 < 5_000_000, "CPU time over a 20 ms sleep");
        assertTrue(u.sample());
        assertTrue(u.voluntarySwitches() > vol0, "a sleep is a voluntary context switch");
        // Fresh pages: one minor fault each.
        sun.misc.Unsafe un = SlowCallbackJackTest.unsafe();
        int pages = 256;
        // 64 MiB: above glibc's largest mmap threshold, so fresh pages of its own mapping, not reused heap.
        long mem = un.allocateMemory(64L << 20);
        try {
            assertTrue(u.sample());
            min0 = u.minorFaults();
            for (int i = 1; i <= pages; i++) un.putByte(mem + i * 4096L, (byte) 1); // page 0 holds malloc's header
            assertTrue(u.sample());
            assertTrue(u.minorFaults() - min0 >= pages, "minor faults touching " + pages + " fresh pages: " + (u.minorFaults() - min0));
        } finally {
            un.freeMemory(mem);
        }
    }

    /**
     * Prints the cost per call (docs/engine-notes.md quotes it): the fastest of many short batches,
     * so that a loaded machine's preemptions (this thread is not real-time) do not count.
     */
    @Test
    void costPerCall() {
        ThreadUsage u = new ThreadUsage();
        long sink = 0;
        double bestClock = Double.MAX_VALUE, bestUsage = Double.MAX_VALUE;
        int n = 200;
        for (int round = 0; round < 2000; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) sink += u.threadCpuNanos();
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) if (u.sample()) sink += u.minorFaults();
            long t2 = System.nanoTime();
            bestClock = Math.min(bestClock, (t1 - t0) / (double) n);
            bestUsage = Math.min(bestUsage, (t2 - t1) / (double) n);
        }
        System.out.printf("ThreadUsage via %s on Java %d: clock_gettime(CLOCK_THREAD_CPUTIME_ID) %.0f ns/call,"
                + " getrusage(RUSAGE_THREAD) %.0f ns/call (fastest batch of %d)%n", ThreadUsage.PATH, Runtime.version().feature(),
                bestClock, bestUsage, n);
        assertTrue(sink != 0 && bestClock < 1e6 && bestUsage < 1e6);
    }
}
