package org.jackdesk.bench;

import org.jackdesk.engine.RealtimeThreads;

/**
 * How long this machine takes a real-time thread away (a poor man's cyclictest): one thread on
 * SCHED_FIFO spins reading the clock and counts the gaps between two consecutive reads. Nothing in
 * user space outranks it, so each gap is time the kernel or the hypervisor kept the CPU (interrupts,
 * a descheduled virtual CPU). A JACK callback of t µs that meets such a gap is late by it: the
 * benchmark prints these next to the callback percentiles so a tail can be read for what it is.
 *
 * <p>It also reads its own CPU clock ({@code CLOCK_THREAD_CPUTIME_ID}) around every gap: a gap of
 * at least 500 µs during which that clock ran on by 90 % of the gap or more, with no involuntary
 * context switch, is counted as <em>charged as CPU time</em>. The thread does nothing but read
 * clocks, so such a gap is the machine's (on this project's virtual machines: the hypervisor held the
 * virtual CPU and the guest kernel, which reports no steal time, charged the time to the thread that
 * was running). A JACK callback that meets one looks like its own work on its CPU clock
 * ({@link org.jackdesk.engine.jack.SlowCause#CPU_SPIKE}).
 *
 * <p>It spins in bursts of 100 ms with 20 ms pauses, below the kernel's real-time throttling
 * (95 % of each second), which would otherwise show up as a 50 ms gap of its own.
 *
 * <p>Thread: runs its own thread; {@link #measure} blocks the caller for the duration.
 */
public final class JitterProbe {
    /** Gap thresholds reported, in µs. */
    static final int[] EDGES_US = {100, 200, 500, 1000};
    /** Gaps at least this long are checked against the thread's CPU clock. */
    private static final long CHARGED_NANOS = 500_000;

    /**
     * What one probe saw: seconds spun, gaps at or above each of {@link #EDGES_US}, the longest gap;
     * of the gaps of at least 500 µs, those charged to the thread as CPU time and the longest of them
     * (-1 both when the thread's CPU clock cannot be read here).
     */
    public record Result(double spunSeconds, long[] gaps, long longestMicros, String scheduling, long cpuCharged,
                         long cpuChargedLongestMicros) {
        public Result(double spunSeconds, long[] gaps, long longestMicros, String scheduling) {
            this(spunSeconds, gaps, longestMicros, scheduling, -1, -1);
        }

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
        org.jackdesk.engine.jack.ThreadUsage usage = org.jackdesk.engine.jack.ThreadUsage.available()
                ? new org.jackdesk.engine.jack.ThreadUsage() : null;
        long charged = usage == null ? -1 : 0, chargedLongest = usage == null ? -1 : 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        try {
            while (System.nanoTime() < end) {
                long start = System.nanoTime(), prev = start, burstEnd = start + 100_000_000L;
                long cpuPrev = usage == null ? 0 : usage.threadCpuNanos();
                long switches = usage != null && usage.sample() ? usage.involuntarySwitches() : 0;
                while (prev < burstEnd) {
                    long now = System.nanoTime(), d = now - prev;
                    long cpu = usage == null ? 0 : usage.threadCpuNanos();
                    if (d >= edges[0]) {
                        for (int i = 0; i < edges.length; i++) if (d >= edges[i]) gaps[i]++;
                        if (d > longest) longest = d;
                        if (usage != null && d >= CHARGED_NANOS && usage.sample()) {
                            boolean switched = usage.involuntarySwitches() != switches;
                            switches = usage.involuntarySwitches();
                            if (!switched && cpu - cpuPrev >= d * 9 / 10) {
                                charged++;
                                chargedLongest = Math.max(chargedLongest, d / 1000);
                            }
                        }
                        now = System.nanoTime(); // the reads above are not the machine's gap
                        cpu = usage == null ? 0 : usage.threadCpuNanos();
                    }
                    prev = now;
                    cpuPrev = cpu;
                }
                spun += prev - start;
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            RealtimeThreads.setFifo(0);
        }
        return new Result(spun / 1e9, gaps, longest / 1000, scheduling, charged, chargedLongest);
    }
}
