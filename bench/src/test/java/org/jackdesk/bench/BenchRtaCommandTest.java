package org.jackdesk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchRtaCommandTest {

    @Test
    void aShortRunStreamsRtaFramesAndMeasuresBothPhases() {
        // --max-load high: the test machine is shared; the command itself refuses a busy machine by default.
        BenchCli.Result run = BenchCli.run("bench", "rta", "--sources", "4", "--clients", "4", "--fps", "10", "--seconds", "1",
                "--warmup", "1", "--jitter-seconds", "0", "--max-load", "1000", "--json");
        assertEquals(0, run.code(), run.out() + run.err());
        BenchRtaResult r = ResultJson.read(run.out(), BenchRtaResult.class);
        assertEquals(4, r.sources(), run.out());
        assertTrue(r.frames() > 0, "RTA frames reached the clients: " + run.out());
        assertTrue(r.framesPerClientPerSecond() > 1 && r.framesPerClientPerSecond() <= 11, run.out());
        assertTrue(r.frameMicros() > 0, run.out());
        assertTrue(r.callbackP50UsWithout() > 0 && r.callbackP50UsWithout() <= r.callbackP999UsWithout(), run.out());
        assertTrue(r.callbackP50UsWith() > 0 && r.callbackP50UsWith() <= r.callbackP999UsWith(), run.out());
        assertTrue(r.loopCpuPct() >= 0 && r.cores() > 0, run.out());
    }

    @Test
    void theTablePrintsEveryMeasuredFieldAndBadOptionsAreOneLine() {
        String t = BenchRtaReport.table(new BenchRtaResult(2, 0.5, 120, "SCHED_FIFO 65", 8, 8, 30, 5, 210, 1200, 29.8, 3.4, 40, 90, 42, 95));
        assertTrue(t.contains("machine: 2 cores, load average 0.50 before the run, jitter probe longest gap 120 µs (SCHED_FIFO 65)"), t);
        assertTrue(t.contains("analysis: 210 µs per frame"), t);
        assertTrue(t.contains("RTA frames: 29.8 per client per second (asked 30)"), t);
        assertTrue(t.contains("3.4 % of one core (target <= 5 %: met)"), t);
        assertTrue(t.contains("without RTA p50 40.0 µs p99.9 90.0 µs; with the tap copying 8 sources p50 42.0 µs p99.9 95.0 µs"), t);
        BenchCli.Result r = BenchCli.run("bench", "rta", "--sources", "9");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("jackdesk bench rta: --sources must be 1–8"), r.err());
    }
}
