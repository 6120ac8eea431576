package org.jackdesk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchX32CommandTest {

    @Test
    void aShortRunSyncsTheWholeTreeAndTimesTheEchoes() {
        // --max-load high: the test machine is shared; the command itself refuses a busy machine by default.
        BenchCli.Result run = BenchCli.run("bench", "x32", "--clients", "3", "--hz", "20", "--seconds", "1",
                "--jitter-seconds", "0", "--max-load", "1000", "--json");
        assertEquals(0, run.code(), run.out() + run.err());
        BenchX32Result r = ResultJson.read(run.out(), BenchX32Result.class);
        assertEquals(3, r.clients(), run.out());
        assertTrue(r.addresses() > 8000, "the whole tree: " + run.out());
        assertEquals(0, r.unanswered(), run.out());
        assertTrue(r.syncMsMax() > 0 && r.syncMsMedian() <= r.syncMsMax() && r.coldSyncMsMax() > 0, run.out());
        assertEquals(60, r.moves(), "3 apps x 20 Hz x 1 s: " + run.out());
        assertEquals(120, r.expectedEchoes(), run.out());
        assertTrue(r.echoes() > 0 && r.echoes() <= r.expectedEchoes(), run.out());
        assertTrue(r.echoP50Ms() > 0 && r.echoP50Ms() <= r.echoP99Ms(), run.out());
        assertTrue(r.faderLoopCpuPct() >= 0 && r.syncLoopCpuMs() > 0, run.out());
    }

    @Test
    void theTablePrintsEveryMeasuredFieldAndBadOptionsAreOneLine() {
        String t = BenchX32Report.table(new BenchX32Result(2, 0.5, 120, "SCHED_FIFO 65", 8, 8609, 4100, 1500, 1200, 0, 900,
                50, 5, 2000, 14000, 14000, 0.4, 2.5, 6.2));
        assertTrue(t.contains("8 X32 apps (/xremote) sync the whole tree (8609 addresses each) at once, then each moves its own fader at 50 Hz for 5 s"), t);
        assertTrue(t.contains("machine: 2 cores, load average 0.50 before the run, jitter probe longest gap 120 µs (SCHED_FIFO 65)"), t);
        assertTrue(t.contains("first sync on the console just started: slowest app 4100 ms"), t);
        assertTrue(t.contains("full sync: slowest app 1500 ms, median 1200 ms, 0 addresses unanswered (target < 2000 ms: met); server event loop 900 ms of CPU"), t);
        assertTrue(t.contains("faders: 2000 moves, 14000 of 14000 echoes to the other apps, latency p50 0.40 ms p99 2.50 ms; server event loop 6.2 % of one core"), t);
        BenchCli.Result r = BenchCli.run("bench", "x32", "--clients", "1");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("jackdesk bench x32: --clients must be 2–16"), r.err());
    }
}
