package org.jackdesk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jackdesk.engine.jack.CallbackTimes;
import org.jackdesk.engine.jack.PrivateJackServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code bench record} from rotting: a two-second run on its own private dummy jackd measures
 * every field its result record promises (no timing is asserted: timings are the benchmark's
 * output), and the table prints them.
 */
class BenchRecordCommandTest {
    /** An attribution's stage table and canary counts, empty (a table test needs none). */
    private static final java.util.List<BenchRealtimeResult.StageRow> NO_STAGES = java.util.List.of();
    private static final java.util.List<Long> NO_COUNTS = java.util.List.of();
    private static final java.util.List<Double> NO_MEANS = java.util.List.of();

    @TempDir
    Path dir;

    @Test
    void recordBenchMeasuresBothKindsOfSegmentAndTheDisk() throws Exception {
        Assumptions.assumeTrue(PrivateJackServer.jackdAvailable(), "SKIPPED: jackd not installed (apt-get install -y jackd2)");
        BenchCli.Result run = BenchCli.run("bench", "record", "--tracks", "4", "--buses", "1", "--seconds", "2", "--segments", "2",
                "--warmup", "1", "--jitter-seconds", "1", "--max-load", "1000", "--dir", dir.toString(), "--keep", "--json");
        assertEquals(0, run.code(), run.out() + run.err());
        BenchRecordResult r = ResultJson.read(run.out(), BenchRecordResult.class);
        assertNull(r.failure(), run.out());
        assertNotNull(r.jitter(), run.out());
        assertTrue(r.setup().runtime().startsWith("Java "), run.out());
        assertEquals(2, r.segments().size(), run.out());
        BenchRecordResult.Segment off = r.segments().get(0), on = r.segments().get(1);
        assertFalse(off.recording());
        assertTrue(on.recording());
        for (BenchRecordResult.Segment s : r.segments()) {
            assertTrue(s.callback().cycles() > 0 && s.callback().p999Micros() >= s.callback().p50Micros(), run.out());
            assertTrue(s.seconds() >= 0.9, run.out());
        }
        assertEquals("stopped", on.endReason(), run.out());
        assertTrue(on.bytes() > 4 * 3 * 48_000 / 2, "about a second of 4 tracks and main at 24 bits: " + on.bytes());
        assertTrue(on.diskCpuSeconds() > 0, "the disk thread's CPU time was read: " + run.out());
        assertTrue(on.droppedBlocks() >= 0 && r.diskMegabytesPerSecond() > 0, run.out());
        assertTrue(Double.isFinite(r.p999Ratio()) && r.p999Ratio() > 0, run.out());
        // What tells the take's own cost from the machine's noise (issue 18): per segment, the slow
        // callbacks by cause and the kernel's counters; over the run, the pairs and the pooled times.
        int causes = org.jackdesk.engine.jack.SlowCause.values().length;
        for (BenchRecordResult.Segment s : r.segments()) {
            assertNotNull(s.slow(), "segment " + s.index() + "'s slow callbacks attributed: " + run.out());
            assertEquals(causes, s.slow().byCause().size(), run.out());
            assertEquals(s.slow().slow(), s.slow().byCause().values().stream().mapToLong(Long::longValue).sum(), run.out());
            assertTrue(s.slow().machine() <= s.slow().slow() && s.slow().thresholdMicros() > 600, run.out());
            KernelCounters.Delta k = s.kernel();
            assertNotNull(k, "segment " + s.index() + "'s kernel counters read: " + run.out());
            assertTrue(k.seconds() >= 0.9 && k.seconds() <= s.seconds() + 0.1, run.out());
            assertTrue(k.interrupts() > 0 && k.softirqs() > 0, "a second of JACK cycles without an interrupt? " + run.out());
            assertTrue(k.blockSoftirqs() >= 0 && k.blockSoftirqs() <= k.softirqs(), run.out());
        }
        assertEquals(causes, r.slowByCause(true).size(), run.out());
        assertEquals(r.slowCounts(false)[0], off.slow().slow(), run.out());
        assertEquals(1, r.pairs().size(), run.out());
        assertEquals(on.callback().p999Micros() / off.callback().p999Micros(), r.pairs().get(0).ratio(), 1e-12, run.out());
        assertNotNull(r.pooled(), run.out());
        // One segment of each kind: the pool is that segment's histogram, read right after its times.
        assertTrue(Math.abs(r.pooled().without().cycles() - off.callback().cycles()) <= 10, run.out());
        assertTrue(Math.abs(r.pooled().with().cycles() - on.callback().cycles()) <= 10, run.out());
        assertEquals(on.callback().maxMicros(), r.pooled().with().maxMicros(), run.out());
        assertTrue(r.kernelSources().startsWith("disks "), run.out());
        try (var takes = Files.list(dir)) {
            assertEquals(2, takes.count(), "--keep kept the warm-up take and the measured one");
        }
        assertTrue(run.err().contains("2 segments of 1.0 s"), "progress goes to stderr: " + run.err());
    }

    @Test
    void theRecordTablePrintsEveryMeasuredField() {
        BenchRecordResult r = new BenchRecordResult(
                new BenchRecordResult.Setup(64, 8, "pcm24", 48_000, 64, 600, 10, 5, "Java 21", 2, 0.5, "two groups", "/tmp/x"),
                new JitterProbe.Result(1.0, new long[] {3, 2, 1, 0}, 420, "SCHED_FIFO 65"), "private jackd 'x' (dummy backend)",
                List.of(new BenchRecordResult.Segment(0, false, 60, new CallbackTimes(45_000, 100, 200, 300, 400), 1, 0, 0, 0, null),
                        new BenchRecordResult.Segment(1, true, 60, new CallbackTimes(45_000, 110, 210, 321, 500), 2, 0, 600_000_000, 1.5,
                                "stopped")),
                0.7, null);
        String t = BenchRecordReport.table(r);
        assertTrue(t.contains("64 mono strips"), t);
        assertTrue(t.contains("64 tracks + main recorded as pcm24 in every second segment of 10, 600 s in all"), t);
        assertTrue(t.contains("load average 0.50 at start, 0.70 at the end"), t);
        assertTrue(t.contains("machine jitter: a thread spinning on one core (SCHED_FIFO 65)"), t);
        assertTrue(t.contains("callback p99.9 (median of the segments): 300 µs (22.5 %) without recording, 321 µs (24.1 %) with: ratio 1.07"), t);
        assertTrue(t.contains("xruns: 1 without recording, 2 with"), t);
        assertTrue(t.contains("disk: 10.00 MB/s written, the disk threads used 2.50 % of one core; dropped blocks 0"), t);
        assertTrue(t.contains("targets (issue 18): dropped blocks 0 met; p99.9 with / without recording <= 1.1 met"), t);
        assertTrue(t.contains("1   recording   60.0      110      210      321      500      2       0     600.0   1.50 s"), t);
    }

    @Test
    void theRecordTablePrintsThePairsThePooledTimesTheKernelAndTheSlowCallbacksPerKind() {
        Map<String, Long> quiet = causes(Map.of("preempted", 2L)), noisy = causes(Map.of("machine", 5L, "own_work", 1L));
        BenchRealtimeResult.Attribution a0 = new BenchRealtimeResult.Attribution(666.7, 2, 0, quiet, 2, List.of(), "JFR", "FFM", NO_STAGES, NO_COUNTS, NO_COUNTS, NO_MEANS);
        BenchRealtimeResult.Attribution a1 = new BenchRealtimeResult.Attribution(666.7, 6, 1, noisy, 5,
                List.of("machine: 900 µs, CPU 200 µs"), "JFR", "FFM", NO_STAGES, NO_COUNTS, NO_COUNTS, NO_MEANS);
        KernelCounters.Delta k0 = new KernelCounters.Delta(60, 60_000, 30_000, 60, 60, 600_000, 0);
        KernelCounters.Delta k1 = new KernelCounters.Delta(60, 120_000, 36_000, 6_000, 6_000, 570_000_000, -1);
        BenchRecordResult r = new BenchRecordResult(
                new BenchRecordResult.Setup(64, 8, "pcm24", 48_000, 64, 240, 4, 5, "Java 25", 2, 0.5, "two groups", "/tmp/x"),
                null, "private jackd 'x' (dummy backend)",
                List.of(new BenchRecordResult.Segment(0, false, 60, new CallbackTimes(45_000, 100, 200, 300, 400), 1, 0, 0, 0, null, a0, k0),
                        new BenchRecordResult.Segment(1, true, 60, new CallbackTimes(45_000, 110, 210, 321, 500), 2, 0, 600_000_000, 1.5,
                                "stopped", a1, k1),
                        new BenchRecordResult.Segment(2, false, 60, new CallbackTimes(45_000, 100, 200, 3000, 9000), 1, 0, 0, 0, null, a0, k0),
                        new BenchRecordResult.Segment(3, true, 60, new CallbackTimes(45_000, 110, 210, 330, 600), 2, 0, 600_000_000, 1.5,
                                "stopped", a1, k1)),
                0.7, null, new BenchRecordResult.Pooled(new CallbackTimes(90_000, 100, 200, 310, 9000),
                        new CallbackTimes(90_000, 110, 210, 326, 600)), "disks vda, their interrupt lines 35, 36");
        String t = BenchRecordReport.table(r);
        // One bad segment without (2: p99.9 3 000 µs) drags the medians apart; the pairs and the pool keep it in its place.
        assertTrue(t.contains("callback p99.9 (median of the segments): 1650 µs (123.8 %) without recording, 326 µs (24.4 %) with: ratio 0.20"), t);
        assertTrue(t.contains("p99.9 with / without, pair by pair (segment 2k without, 2k+1 with): 0/1 1.07, 2/3 0.11;"
                + " recording higher in 1 of 2 pairs"), t);
        assertTrue(t.contains("callback p99.9 pooled (every callback of a kind): 310 µs without recording (90000 callbacks),"
                + " 326 µs with (90000): ratio 1.05; p99 200 / 210 µs"), t);
        assertTrue(t.contains("kernel, per second of each kind of segment (the whole machine; disks vda, their interrupt lines 35, 36):"), t);
        assertTrue(t.contains("  -              1000.0         1.0      500.0          1.0       0.01          0.00"), t);
        assertTrue(t.contains("  recording      2000.0       100.0      600.0        100.0       9.50             ?"), t);
        assertTrue(t.contains("slow callbacks (longer than half the period, 667 µs): 4 without recording (4 the machine's), 12 with (10 the"
                + " machine's); not attributed 0 and 2"), t);
        assertTrue(t.contains("  cause        without     with  meaning"), t);
        assertTrue(t.contains("  preempted          4        0  preempted (involuntary context switch, off the CPU) [machine]"), t);
        assertTrue(t.contains("  machine            0       10  off the CPU without a context switch"), t);
        assertTrue(t.contains("  own_work           0        2  own work"), t);
        assertTrue(t.contains("1   recording   60.0      110      210      321      500      2       0     600.0   1.50 s      6       5     2000"
                + "      9.50"), t);
        assertEquals(2000.0, r.kernel(true).perSecond(r.kernel(true).interrupts()), 1e-9);
        assertEquals(-1, r.kernel(true).processBytesWritten(), "unknown in one segment is unknown in the sum");
        // --json carries all of it, and reads back as the very record
        assertEquals(r, ResultJson.read(ResultJson.write(r), BenchRecordResult.class));
    }

    /** Every cause at 0 but those given, in the attribution's order. */
    private static Map<String, Long> causes(Map<String, Long> some) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (org.jackdesk.engine.jack.SlowCause c : org.jackdesk.engine.jack.SlowCause.values()) m.put(c.label(), some.getOrDefault(c.label(), 0L));
        return m;
    }
}
