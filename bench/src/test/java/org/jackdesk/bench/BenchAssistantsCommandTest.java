package org.jackdesk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchAssistantsCommandTest {
    @Test
    void aLoopIsCaughtTheProgrammesGetNoFalseNotchAndTheCostIsMeasured() {
        // --max-load high: the test machine is shared; the command itself refuses a busy machine by default.
        BenchCli.Result run = BenchCli.run("bench", "assistants", "--seconds", "3", "--false-seconds", "5", "--gains", "3",
                "--freqs", "1000", "--rounds", "4", "--per-round", "100", "--jitter-seconds", "0", "--max-load", "1000", "--json");
        BenchAssistantsResult r = ResultJson.read(run.out(), BenchAssistantsResult.class);
        System.out.print(BenchAssistantsReport.table(r));
        assertEquals(0, run.code(), run.out() + run.err());
        assertEquals(3 + 3, r.scenarios().size(), "a loop per programme, and each programme without one: " + run.out());
        for (BenchAssistantsResult.Scenario s : r.scenarios()) {
            if (s.loop()) {
                assertTrue(s.detectS() > 0 && s.detectS() < 1.0, "caught within 1 s: " + s);
                assertTrue(s.lastSecondDb() < -12, "and held (no howl near full scale, only the programme): " + s);
            } else {
                assertEquals(0, s.notches(), "no notch without a loop: " + s);
            }
        }
        assertEquals(0, r.missed());
        assertEquals(0, r.falseNotches());
        assertTrue(r.offMicros() > 0 && r.onMicros() > r.offMicros(), "the assistants cost something: " + run.out());
        assertTrue(r.detectorMicrosPerFrame() > 0, run.out());
    }

    @Test
    void theTableCountsMissesAndFalseNotchesAndEitherFails() {
        BenchAssistantsResult.Scenario caught = new BenchAssistantsResult.Scenario("noise", 3, 1000, 5, 0.31, 1, 0, -62.5);
        BenchAssistantsResult.Scenario missed = new BenchAssistantsResult.Scenario("speech", 1, 250, 5, -1, 0, 0, -3.1);
        BenchAssistantsResult.Scenario wrong = new BenchAssistantsResult.Scenario("demo", BenchAssistantsResult.Scenario.NO_LOOP, 0, 60, -1, 2, 2, -20.0);
        BenchAssistantsResult ok = new BenchAssistantsResult(2, 0.5, 120, "SCHED_FIFO 65", List.of(caught), 16, 8, 64, 20, 500, 40.0, 52.5, 35.0);
        String t = BenchAssistantsReport.table(ok);
        assertTrue(t.contains("0.31 s") && t.contains("+3 dB") && t.contains("1000 Hz"), t);
        assertTrue(t.contains("assistants off 40.0 µs, on 52.5 µs") && t.contains("+12.5 µs"), t);
        assertEquals(0, ok.exitCode());
        BenchAssistantsResult bad = new BenchAssistantsResult(2, 0.5, 120, "x", List.of(caught, missed, wrong), 16, 8, 64, 20, 500, 40.0, 52.5, 35.0);
        assertEquals(1, bad.missed());
        assertEquals(2, bad.falseNotches());
        assertEquals(1, bad.exitCode());
        assertTrue(BenchAssistantsReport.table(bad).contains("MISSED") && BenchAssistantsReport.table(bad).contains("loops missed: 1, false notches: 2"),
                BenchAssistantsReport.table(bad));
    }
}
