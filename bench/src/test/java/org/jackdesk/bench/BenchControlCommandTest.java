package org.jackdesk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchControlCommandTest {

    @Test
    void shortBenchRunMeasuresEchoesAndMeterFrames() {
        BenchCli.Result run = BenchCli.run("bench", "control", "--clients", "20", "--seconds", "1", "--warmup", "0",
                "--channels", "4", "--buses", "2", "--json");
        assertEquals(0, run.code(), run.out() + run.err());
        BenchControlResult r = ResultJson.read(run.out(), BenchControlResult.class);
        assertEquals(20, r.clients(), run.out());
        assertTrue(r.changes() > 0, "changes reached the other 19 clients: " + run.out());
        assertTrue(r.echoP50Ms() >= 0 && r.echoP50Ms() <= r.echoP99Ms() && r.echoP99Ms() <= r.echoMaxMs(), run.out());
        assertTrue(r.meterFpsPerClient() > 0, "meter frames arrived: " + run.out());
        assertTrue(r.meterOnlyLoopCpuPct() >= 0, run.out());
        assertTrue(r.loopCpuPct() >= 0, run.out());
    }

    @Test
    void theTablePrintsEveryMeasuredField() {
        String t = BenchControlReport.table(new BenchControlResult(20, 100, 30, 4, 2, 1, 1900, 0.5, 2.25, 11, 29.5, 3.25, 4.5, 80));
        assertTrue(t.contains("echo latency to the other 19 clients: p50 0.50 ms  p99 2.25 ms  max 11.00 ms  (1900 changes received)"), t);
        assertTrue(t.contains("meter frames: 29.5 fps per client (asked 30)"), t);
        assertTrue(t.contains("server event loop CPU, meters only: 3.3 % of one core"), t);
        assertTrue(t.contains("targets: echo p99 <= 10 ms met; meters to 20 clients <= 5 % of a core met"), t);
        String none = BenchControlReport.table(new BenchControlResult(20, 100, 30, 4, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0));
        assertTrue(none.contains("no change reached the other clients"), none);
        assertEquals(1, new BenchControlResult(20, 100, 30, 4, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0).exitCode());
    }

    @Test
    void benchWithoutASubjectIsAUsageError() {
        assertEquals(2, BenchMain.run("bench"));
    }

    @Test
    void badOptionValuesAreOneClearLineAndAUsageExitCode() {
        for (String[] args : new String[][] {
                {"bench", "control", "--clients", "1"},
                {"bench", "soak", "--clients", "1"},
                {"bench", "soak", "--rate", "0"}}) {
            BenchCli.Result r = BenchCli.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("jackdesk bench " + args[1] + ": --"), r.err());
            assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }
}
