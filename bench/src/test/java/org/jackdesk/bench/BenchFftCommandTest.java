package org.jackdesk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchFftCommandTest {
    @Test
    void bothKernelsComputeTheSameTransformAndAreTimed() {
        // --max-load high: the test machine is shared; the command itself refuses a busy machine by default.
        BenchCli.Result run = BenchCli.run("bench", "fft", "--rounds", "4", "--per-round", "20", "--jitter-seconds", "0",
                "--max-load", "1000", "--json");
        assertEquals(0, run.code(), run.out() + run.err());
        BenchFftResult r = ResultJson.read(run.out(), BenchFftResult.class);
        assertEquals(4096, r.points(), run.out());
        assertTrue(r.same(), "the own FFT and JTransforms agree: " + run.out());
        assertTrue(r.ownMicros() > 0 && r.jtransformsMicros() > 0, run.out());
        System.out.print(BenchFftReport.table(r));
    }

    @Test
    void theTableSaysWhichIsFasterAndADifferenceFails() {
        String t = BenchFftReport.table(new BenchFftResult(2, 0.5, 120, "SCHED_FIFO 65", 4096, 40, 200, 30.0, 45.0, 1e-15));
        assertTrue(t.contains("own:         30.0 µs per transform"), t);
        assertTrue(t.contains("results agree") && t.contains("faster in this run: own (1.50x)"), t);
        BenchFftResult wrong = new BenchFftResult(2, 0.5, 120, "x", 4096, 40, 200, 30.0, 45.0, 1e-3);
        assertEquals(1, wrong.exitCode());
        assertTrue(BenchFftReport.table(wrong).contains("DIFFER"), BenchFftReport.table(wrong));
    }
}
