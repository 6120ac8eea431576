package org.jackdesk.bench;

import org.jackdesk.engine.RealtimeThreads;

/**
 * How long this machine takes a real-time thread away (a poor man's cyclictest): one thread on
 * SCHED_FIFO spins reading the clock and counts the gaps between two consecutive reads. Nothing in
 * user space outranks it, so each gap is time the kernel or the hypervisor kept the CPU (interrupts,
 * a descheduled virtual CPU). A JACK callback of t µs that meets such a gap is late by it: the
 * benchmark prints these next to the callback percentiles so a tail can be read for what it is.
 *
 * <p>It spins in bursts of 100 ms with 20 ms pauses, below the kernel's real-time throttling
 * (95 % of each second), which would otherwise show up as a 50 ms gap of its own.
 *
 * <p>Thread: runs its own thread; {@link #measure} blocks the caller for the duration.
 */
public final class JitterProbe {
    /** Gap thresholds reported, in µs. */
    static final int[] EDGES_US = {100, 200, 500, 1000};

    /** What one probe saw: seconds spun, gaps at or above each of {@link #EDGES_US}, the longest gap. */
    public record Result(double spunSeconds, long[] gaps, long longestMicros, String scheduling) {
        public double perSecond(int edge) {
            return spunSeconds > 0 ? gaps[edge] / spunSeconds : 0;
        }
    }

    private JitterProbe() {
    }

    static Result measure(int seconds, int priority) throws InterruptedException {
        Result[] out = new Result[1];
        Thread t = new Thread(() -> out[0] = spin(seconds, priority), "jackdesk-jitter-probe");
        t.start();
        t.join();
        return out[0];
    }

    private static Result spin(int seconds, int priority) {
        String err = RealtimeThreads.setFifo(priority);
        String scheduling = err == null ? "SCHED_FIFO " + priority : "normal priority (SCHED_FIFO refused: " + err + ")";
        long[] edges = new long[EDGES_US.length];
        for (int i = 0; i < edges.length; i++) edges[i] = EDGES_US[i] * 1000L;
        long[] gaps = new long[edges.length];
        long longest = 0, spun = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        try {
            while (System.nanoTime() < end) {
                long start = System.nanoTime(), prev = start, burstEnd = start + 100_000_000L;
                while (prev < burstEnd) {
                    long now = System.nanoTime(), d = now - prev;
                    if (d >= edges[0]) {
                        for (int i = 0; i < edges.length; i++) if (d >= edges[i]) gaps[i]++;
                        if (d > longest) longest = d;
                    }
                    prev = now;
                }
                spun += prev - start;
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            RealtimeThreads.setFifo(0);
        }
        return new Result(spun / 1e9, gaps, longest / 1000, scheduling);
    }
}
