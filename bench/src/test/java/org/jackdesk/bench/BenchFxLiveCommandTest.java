package org.jackdesk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jackdesk.engine.Engine;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class BenchFxLiveCommandTest {
    private static final BenchFxLiveResult.Setup SETUP = new BenchFxLiveResult.Setup(48000, 64, 2, 2, 1, "Java 21", 2, 0.5,
            BenchFxLiveCommand.ZITA_SETTINGS, BenchFxLiveCommand.HALL_SETTINGS);

    @Test
    void aShortLiveRunMeasuresZitaRev1AndTheHallSlotInTheSameWindows() {
        String missing = BenchFxLiveCommand.missingTools();
        Assumptions.assumeTrue(missing == null, "SKIPPED: " + missing);
        // --max-load high: the test machine is shared; the command itself refuses a busy machine by default.
        BenchCli.Result run = BenchCli.run("bench", "fx-live", "--windows", "2", "--window-seconds", "2", "--warmup", "1",
                "--jitter-seconds", "0", "--max-load", "1000", "--json");
        assertEquals(0, run.code(), run.out() + run.err());
        BenchFxLiveResult r = ResultJson.read(run.out(), BenchFxLiveResult.class);
        assertEquals(null, r.skipped(), run.out());
        assertEquals(null, r.failure(), run.out() + run.err());
        assertEquals(2, r.windows().size(), run.out());
        for (BenchFxLiveResult.Window w : r.windows()) {
            assertTrue(w.zitaThreadPct() > 0 && w.zitaPct() >= w.zitaThreadPct(), "zita-rev1 ran: " + run.out());
            assertTrue(w.hallConsolePct() > 0 && w.plainConsolePct() > 0, "both consoles ran: " + run.out());
        }
        assertTrue(r.medianHallPct() > 0, "the hall slot costs more than the slot off: " + run.out());
        assertTrue(Double.isFinite(r.medianRatio()) && r.medianRatio() > 0, run.out());
        System.out.print(BenchFxLiveReport.table(r));
    }

    @Test
    void withoutZitaRev1OrXvfbTheRowSaysSoAndIsSkippedNotFailed() {
        BenchFxLiveResult r = BenchFxLiveResult.skipped(SETUP, null, null,
                "not installed: zita-rev1 (zita-rev1), Xvfb (xvfb) (Debian: apt-get install -y jackd2 zita-rev1 xvfb jack-tools;"
                        + " scripts/install-deps.sh installs them)");
        assertEquals(0, r.exitCode(), "an informative row that cannot run is no failure");
        String t = BenchFxLiveReport.table(r);
        assertTrue(t.contains("fx hall vs zita-rev1 (informative): skipped: not installed: zita-rev1 (zita-rev1), Xvfb (xvfb)"), t);
        assertTrue(t.contains("jitter probe: not run"), t);
        String m = BenchFxLiveCommand.missingTools();
        assertTrue(m == null || m.startsWith("not installed: "), m);
    }

    @Test
    void theTableGivesEachWindowAndTheMedianRatioWithTheLoadAndTheJitter() {
        BenchFxLiveResult r = new BenchFxLiveResult(SETUP, 480.0, "SCHED_FIFO 65", "private jackd 'jdfx1' (dummy backend)",
                List.of(new BenchFxLiveResult.Window(3.0, 2.5, 4.0, 1.5), new BenchFxLiveResult.Window(3.2, 2.7, 4.2, 1.7)),
                40.0, 300.0, 0, 0.75, null, null);
        String t = BenchFxLiveReport.table(r);
        assertTrue(t.contains("window 1: zita-rev1 3.00 % of a core (its JACK thread 2.50 %); jackdesk console with the hall 4.00 %,"
                + " without 1.50 %, the hall slot 2.50 %; ratio zita-rev1 / hall 1.00"), t);
        assertTrue(t.contains("jackdesk's hall slot 2.50 % of a core; ratio zita-rev1 / jackdesk 1.04"), t);
        assertTrue(t.contains("jitter probe: longest gap 480 µs (SCHED_FIFO 65)"), t);
        assertTrue(t.contains("load average 0.50 at start") && t.contains("load average 0.75 at the end"), t);
        assertTrue(t.contains("zita-rev1: defaults: delay 40 ms, crossover 200 Hz, RT60 low 3 s, RT60 mid 2 s, HF damping 6 kHz"), t);
        BenchCli.Result bad = BenchCli.run("bench", "fx-live", "--windows", "0");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().startsWith("jackdesk bench fx-live: --windows must be 1–100"), bad.err());
    }

    /** The row's two consoles differ by the hall alone: with it an impulse rings past the pre-delay, with the slot off nothing comes back. */
    @Test
    void theHallConsoleRingsAndTheSameConsoleWithTheSlotOffDoesNot() throws Exception {
        double[] tails = new double[2];
        for (int k = 0; k < 2; k++) {
            try (Engine e = BenchFxLiveCommand.console(48000, k == 0)) {
                float[][] in = new float[e.inputPortNames().size()][64], out = new float[e.outputPortNames().size()][64];
                double tail = 0;
                for (int c = 0; c < 1500; c++) { // 2 s
                    in[0][0] = c == 100 ? 1f : 0f;
                    e.process(in, out, 64);
                    if (c > 100 + 48000 / 64) for (float v : out[0]) tail += v * v; // from 1 s after the impulse
                }
                tails[k] = tail;
            }
        }
        assertTrue(tails[0] > 1e-6, "the hall rings a second after the impulse: " + tails[0]);
        assertTrue(tails[1] < tails[0] * 1e-6, "without the hall (almost) nothing is left a second later: " + tails[1]);
    }
}
