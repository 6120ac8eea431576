package org.jackdesk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}
