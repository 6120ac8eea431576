package org.jackdesk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jackdesk.engine.jack.PrivateJackServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Keeps the real-time benchmarks from rotting: each runs end to end for about two seconds on its
 * own private dummy jackd and prints every field it promises. No timing is asserted (timings are
 * the benchmark's output, not a test's); {@code --max-load} is raised so a busy CI machine runs it.
 */
class BenchRealtimeCommandTest {

    @Test
    void realtimeBenchPrintsCallbackXrunLoadAllocationAndGcFields() {
        Assumptions.assumeTrue(PrivateJackServer.jackdAvailable(), "SKIPPED: jackd not installed (apt-get install -y jackd2)");
        BenchCli.Result r = BenchCli.run("bench", "realtime", "--channels", "4", "--buses", "1",
                "--seconds", "1", "--warmup", "1", "--jitter-seconds", "1", "--max-load", "1000");
        String out = r.out();
        assertEquals(0, r.code(), out + r.err());
        assertTrue(out.contains("runtime: Java "), out);
        assertTrue(out.matches("(?s).*machine jitter: a thread spinning on one core \\([^)]*\\)+ for [0-9.]+ s lost the CPU for"
                + " >= 100 µs [0-9.]+ times/s, >= 200 µs [0-9.]+/s, >= 500 µs [0-9.]+/s, >= 1 ms [0-9.]+/s; longest \\d+ µs.*"), out);
        assertTrue(out.matches("(?s).*machine vs targets: a >= 100 µs gap of the machine falls into about [0-9.]+ % of callbacks.*"), out);
        assertTrue(out.matches("(?s).*idle baseline: a do-nothing client, 1 s: xruns \\d+, DSP load mean [0-9.]+ % max [0-9.]+ %.*"), out);
        assertTrue(out.matches("(?s).*callback: p50 \\d+ µs \\([0-9.]+ %\\)  p99 \\d+ µs \\([0-9.]+ %\\)  p99\\.9 \\d+ µs \\([0-9.]+ %\\)"
                + "  max [0-9.]+ µs \\([0-9.]+ %\\) of the 1333 µs period, [1-9]\\d* cycles.*"), out);
        assertTrue(out.matches("(?s).*xruns: \\d+ during the run, \\d+ in the idle baseline: \\d+ beyond the baseline.*"), out);
        assertTrue(out.matches("(?s).*DSP load \\(JACK\\): mean [0-9.]+ % max [0-9.]+ %.*"), out);
        assertTrue(out.matches("(?s).*allocated on the JACK thread: [0-9.]+ bytes per cycle \\(\\d+ bytes over [1-9]\\d* cycles\\).*"), out);
        assertTrue(out.matches("(?s).*GC: \\d+ pauses, longest \\d+ ms; \\d+ concurrent cycles.*"), out);
    }

    @Test
    void mixboxBenchPrintsBothProcessesAndTheRatio() {
        Assumptions.assumeTrue(PrivateJackServer.jackdAvailable(), "SKIPPED: jackd not installed (apt-get install -y jackd2)");
        Assumptions.assumeTrue(new java.io.File("/usr/bin/jack_mix_box").canExecute(),
                "SKIPPED: jack_mix_box not installed (apt-get install -y jack-mixer)");
        BenchCli.Result r = BenchCli.run("bench", "mixbox", "--channels", "4", "--windows", "2", "--window-seconds", "1",
                "--warmup", "0", "--max-load", "1000");
        String out = r.out();
        assertEquals(0, r.code(), out + r.err());
        assertTrue(out.matches("(?s).*window 2: jack_mix_box [0-9.]+ % of a core, jackdesk \\(whole JVM\\) [0-9.]+ %.*"), out);
        assertTrue(out.matches("(?s).*ratio jackdesk / jack_mix_box [0-9.]+ .*"), out);
    }

    @Test
    void refusesAnOutOfRangeJitterProbe() {
        BenchCli.Result r = BenchCli.run("bench", "realtime", "--jitter-seconds", "-1");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--jitter-seconds must be 0–600, got -1"), r.err());
    }

    @Test
    void refusesToStartWhenTheLoadAverageIsAboveTheLimit() {
        double load = ProcessCpu.loadAverage();
        Assumptions.assumeTrue(load > 0, "the load average is 0.00 (or unreadable): nothing can be above a limit of 0");
        BenchCli.Result r = BenchCli.run("bench", "realtime", "--max-load", "0");
        assertEquals(3, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("refusing to start: the load average is"), r.err());
        assertTrue(r.err().contains("above --max-load 0.00"), r.err());
    }
}
