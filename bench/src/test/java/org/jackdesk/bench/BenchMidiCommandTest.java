package org.jackdesk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jackdesk.engine.jack.PrivateJackServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class BenchMidiCommandTest {

    @Test
    void aShortRunMeasuresTheRoundTripAndBothCallbackPhases() {
        Assumptions.assumeTrue(PrivateJackServer.jackdAvailable(), "SKIPPED: jackd not installed (apt-get install -y jackd2)");
        // --max-load high: the test machine is shared; the command itself refuses a busy machine by default.
        BenchCli.Result run = BenchCli.run("bench", "midi", "--controls", "20", "--rate", "10", "--seconds", "1", "--warmup", "1",
                "--jitter-seconds", "0", "--max-load", "1000", "--json");
        assertEquals(0, run.code(), run.out() + run.err());
        BenchMidiResult r = ResultJson.read(run.out(), BenchMidiResult.class);
        assertEquals(20, r.controls(), run.out());
        assertTrue(r.sent() >= 100, "20 controls at 10 moves a second for 1 s: " + run.out());
        assertTrue(r.matched() >= r.sent() / 2, "most moves' feedback came back: " + run.out());
        assertTrue(r.latencyP50Ms() > 0 && r.latencyP50Ms() <= r.latencyP99Ms() && r.latencyP99Ms() <= r.latencyMaxMs(), run.out());
        assertTrue(r.latencyP50Ms() < 100, "a round trip takes milliseconds, not a tenth of a second: " + run.out());
        assertTrue(r.callbackP50UsWithout() > 0 && r.callbackP50UsWithout() <= r.callbackP999UsWithout(), run.out());
        assertTrue(r.callbackP50UsWith() > 0 && r.callbackP50UsWith() <= r.callbackP999UsWith(), run.out());
        assertEquals(0, r.refused(), run.out());
    }

    @Test
    void theTablePrintsEveryMeasuredFieldAndBadOptionsAreOneLine() {
        String t = BenchMidiReport.table(new BenchMidiResult(2, 0.5, 120, "SCHED_FIFO 65", "a private jackd", 48000, 64, 100, 20, 5,
                10_000, 9_990, 2.1, 4.3, 9.8, 12.67, 30, 80, 0, 31, 85, 1, 0, 0, 0, 10_000, 9_995, null));
        assertTrue(t.contains("100 controls moving 20 times a second each"), t);
        assertTrue(t.contains("p50 2.10 ms, p99 4.30 ms, max 9.80 ms over 9990 of 10000 moves (target p99 <= 12.67 ms"), t);
        assertTrue(t.contains(": met)"), t);
        assertTrue(t.contains("feedback written to midi_out: 10000, read by the controller: 9995"), t);
        assertTrue(t.contains("without MIDI p50 30.0 µs p99.9 80.0 µs, 0 xruns; with the traffic p50 31.0 µs p99.9 85.0 µs, 1 xruns"), t);
        BenchCli.Result r = BenchCli.run("bench", "midi", "--controls", "200");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("jackdesk bench midi: --controls must be 1–120"), r.err());
    }
}
