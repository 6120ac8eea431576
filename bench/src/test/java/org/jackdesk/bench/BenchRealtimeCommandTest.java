package org.jackdesk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jackdesk.engine.jack.PrivateJackServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Keeps the real-time benchmarks from rotting: each runs end to end for about two seconds on its
 * own private dummy jackd and measures every field its result record promises. No timing is asserted (timings are
 * the benchmark's output, not a test's); {@code --max-load} is raised so a busy CI machine runs it.
 */
class BenchRealtimeCommandTest {
    /** An attribution's stage table and canary counts, empty (a table test needs none). */
    private static final java.util.List<BenchRealtimeResult.StageRow> NO_STAGES = java.util.List.of();
    private static final java.util.List<Long> NO_COUNTS = java.util.List.of();
    private static final java.util.List<Double> NO_MEANS = java.util.List.of();


    @Test
    void realtimeBenchMeasuresCallbackXrunLoadAllocationAndGc() throws Exception {
        Assumptions.assumeTrue(PrivateJackServer.jackdAvailable(), "SKIPPED: jackd not installed (apt-get install -y jackd2)");
        java.nio.file.Path log = java.nio.file.Files.createTempFile("jackdesk-slow", ".log");
        BenchCli.Result run = BenchCli.run("bench", "realtime", "--channels", "4", "--buses", "1",
                "--seconds", "1", "--warmup", "1", "--jitter-seconds", "1", "--max-load", "1000", "--json",
                "--slow-log", log.toString());
        assertEquals(0, run.code(), run.out() + run.err());
        BenchRealtimeResult r = ResultJson.read(run.out(), BenchRealtimeResult.class);
        assertNull(r.failure(), run.out());
        assertTrue(r.setup().runtime().startsWith("Java "), run.out());
        assertEquals(1333, Math.round(r.setup().periodMicros()), run.out());
        JitterProbe.Result jitter = r.jitter();
        assertNotNull(jitter, "the machine-jitter probe ran: " + run.out());
        assertTrue(jitter.spunSeconds() > 0 && jitter.gaps().length == JitterProbe.EDGES_US.length && jitter.longestMicros() >= 0, run.out());
        assertTrue(r.idle().xruns() >= 0 && r.idle().dspLoadMax() >= r.idle().dspLoadMean(), run.out());
        BenchRealtimeResult.Run m = r.run();
        assertTrue(m.cycles() > 0 && m.callback().cycles() > 0, "cycles ran while measuring: " + run.out());
        // Percentiles come from a histogram (bucket resolution), so p99.9 may sit a bucket above the exact max.
        assertTrue(m.callback().p50Micros() <= m.callback().p99Micros() && m.callback().p99Micros() <= m.callback().p999Micros()
                && m.callback().maxMicros() > 0, run.out());
        assertTrue(m.xruns() >= 0 && m.xrunsBeyond(r.idle()) >= 0, run.out());
        assertTrue(m.dspLoadMax() >= m.dspLoadMean(), run.out());
        assertNotNull(m.bytesPerCycle(), "allocation on the JACK thread was measured: " + run.out());
        assertTrue(m.gc().pauses() >= 0 && m.gc().cycles() >= 0, run.out());
        assertEquals(0, m.processorFailures(), run.out());
        assertEquals(0, m.nonFiniteOutputs(), run.out());
        assertNotNull(m.slow(), "slow callbacks attributed: " + run.out());
        assertEquals(org.jackdesk.engine.jack.SlowCause.values().length, m.slow().byCause().size(), run.out());
        assertEquals(m.slow().slow(), m.slow().byCause().values().stream().mapToLong(Long::longValue).sum(), run.out());
        // every measured callback's CPU canary counted against the usual
        assertTrue(m.slow().canaryAll().stream().mapToLong(Long::longValue).sum() > m.cycles() / 2, run.out());
        assertEquals(4, m.slow().canaryMeanMicros().size(), run.out());
        assertTrue(m.slow().canaryMeanMicros().get(0) > 0, "the mean callback of the usual canaries: " + run.out());
        assertTrue(run.err().contains("1 s idle baseline"), "progress goes to stderr: " + run.err());
        // --slow-log: one line per kept slow callback, its start and its cause first
        java.util.List<String> lines = java.nio.file.Files.readAllLines(log);
        java.nio.file.Files.delete(log);
        assertTrue(run.err().contains("slow callbacks written to " + log), run.err());
        for (String l : lines) assertTrue(l.matches("\\d+ [a-z_]+: \\d+ µs, CPU .*"), l);
    }

    @Test
    void aSlowLogThatCannotBeWrittenIsSaidAndTheRunStands() {
        Assumptions.assumeTrue(PrivateJackServer.jackdAvailable(), "SKIPPED: jackd not installed (apt-get install -y jackd2)");
        BenchCli.Result run = BenchCli.run("bench", "realtime", "--channels", "2", "--buses", "1", "--seconds", "1", "--warmup", "0",
                "--jitter-seconds", "0", "--max-load", "1000", "--json", "--slow-log", "/nonexistent-dir/slow.log");
        assertEquals(0, run.code(), run.out() + run.err());
        assertNull(ResultJson.read(run.out(), BenchRealtimeResult.class).failure(), run.out());
        assertTrue(run.err().contains("could not write the slow callbacks to /nonexistent-dir/slow.log"), run.err());
    }

    @Test
    void theRealtimeTablePrintsEveryMeasuredField() {
        BenchRealtimeResult r = new BenchRealtimeResult(
                new BenchRealtimeResult.Setup(4, 1, false, 48000, 64, 1, 1, "Java 21", 2, 0.5, "1 group on the audio thread"),
                new JitterProbe.Result(1.0, new long[] {3, 2, 1, 0}, 420, "SCHED_FIFO 65"), "private jackd 'x' (dummy backend)",
                new BenchRealtimeResult.Phase(1, 2.0, 3.0),
                new BenchRealtimeResult.Run(new org.jackdesk.engine.jack.CallbackTimes(750, 100, 200, 300, 400.5), 3, 10, 20, 0.0,
                        0, 750, new BenchRealtimeResult.Worker(99.5, 0.0, new long[] {10, 50}, new long[] {700, 40, 10}, 120, 12.5, 60.25, 70.5),
                        new GcWatch.Summary(1, 2, 3, 4), 0, 0, 0.7),
                null);
        String t = BenchRealtimeReport.table(r);
        assertTrue(t.contains("runtime: Java 21"), t);
        assertTrue(t.contains("strip worker: computed 99.5 % of the second group's chunks of each sub-block"), t);
        assertTrue(t.contains("the audio thread waited for the strip worker 12.5 µs per callback on average (the median callback is 100 µs);"
                + " the strips of group A (audio thread) computed in 60.3 µs, of group B (worker) in 70.5 µs"), t);
        assertTrue(t.contains("machine jitter: a thread spinning on one core (SCHED_FIFO 65) for 1.0 s lost the CPU for"
                + " >= 100 µs 3.0 times/s, >= 200 µs 2.0/s, >= 500 µs 1.0/s, >= 1 ms 0.0/s; longest 420 µs"), t);
        assertTrue(t.contains("idle baseline: a do-nothing client, 1 s: xruns 1, DSP load mean 2.0 % max 3.0 %"), t);
        assertTrue(t.contains("callback: p50 100 µs (7.5 %)  p99 200 µs (15.0 %)  p99.9 300 µs (22.5 %)  max 400.5 µs (30.0 %)"
                + " of the 1333 µs period, 750 cycles"), t);
        assertTrue(t.contains("xruns: 3 during the run, 1 in the idle baseline: 2 beyond the baseline"), t);
        assertTrue(t.contains("DSP load (JACK): mean 10.0 % max 20.0 %"), t);
        assertTrue(t.contains("allocated on the JACK thread: 0.00 bytes per cycle (0 bytes over 750 cycles)"), t);
        assertTrue(t.contains("GC: 1 pauses, longest 2 ms; 3 concurrent cycles, longest 4 ms"), t);
        assertTrue(t.contains("p99.9 <= 25 % met; max <= 50 % met; xruns beyond baseline 0 MISSED; 0 bytes per cycle met"), t);
        assertTrue(t.contains("machine vs targets: a >= 100 µs gap of the machine falls into about 0.03 %"), t);
    }

    /** A slow on-CPU callback of {@code wall} µs whose stages were strips/fx/buses/process µs, on a usual cycle of 100/30/40/180 in 200. */
    private static org.jackdesk.engine.jack.SlowCallback onCpu(long wall, long strips, long fx, long buses, long process) {
        var usual = new org.jackdesk.engine.jack.StageTimes(100_000, 30_000, 40_000, 180_000);
        var got = new org.jackdesk.engine.jack.StageTimes(strips * 1000, fx * 1000, buses * 1000, process * 1000);
        return new org.jackdesk.engine.jack.SlowCallback(0, 0, wall * 1000, wall * 1000, 0, 0, 0, 0, 0, 0, 200_000, 0, 0, 0, 0,
                got, usual, 0, 0, "", org.jackdesk.engine.jack.SlowCause.OWN_WORK);
    }

    @Test
    void theStageTableSaysWhereTheSlowCallbacksExtraTimeWent() {
        java.util.List<BenchRealtimeResult.StageRow> rows = LiveRig.stageRows(java.util.List.of(
                onCpu(1000, 100, 830, 40, 980), // 800 µs more in the FX
                onCpu(900, 100, 630, 40, 780), // 600 µs more in the FX
                onCpu(1100, 900, 30, 40, 980), // 800 µs more in the strips
                onCpu(800, 100, 30, 40, 180))); // 600 µs outside process (the backend's part)
        assertEquals(java.util.List.of("strips", "fx", "buses", "rest of process", "outside process"),
                rows.stream().map(BenchRealtimeResult.StageRow::stage).toList());
        assertEquals(java.util.List.of(1L, 2L, 0L, 0L, 1L), rows.stream().map(BenchRealtimeResult.StageRow::largestExcessIn).toList());
        assertEquals(1400, rows.get(1).excessMicros(), 1e-9);
        assertEquals(30, rows.get(1).usualMicros(), 1e-9);
        assertEquals(0.15, rows.get(1).usualShare(), 1e-9);
        assertEquals(0.05, rows.get(3).usualShare(), 1e-9, "rest of process: 180 - 100 - 30 - 40 µs of 200");
        // a callback whose stages were not timed (not the engine) is left out
        assertTrue(LiveRig.stageRows(java.util.List.of(new org.jackdesk.engine.jack.SlowCallback(0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
                org.jackdesk.engine.jack.StageTimes.NONE, org.jackdesk.engine.jack.StageTimes.NONE, 0, 0, "", null))).isEmpty());
        StringBuilder b = new StringBuilder();
        BenchRealtimeReport.stageTable(b, rows);
        assertTrue(b.toString().contains("where the 4 own_work and cpu_spike callbacks' extra time went"), b.toString());
        assertTrue(b.toString().contains("    fx                  30.0 µs    15.0 %       2 ( 50 %)        1400 µs"), b.toString());
    }

    @Test
    void theRealtimeTablePrintsTheSlowCallbacksByCauseAndTheirTarget() {
        java.util.Map<String, Long> byCause = new java.util.LinkedHashMap<>();
        for (org.jackdesk.engine.jack.SlowCause c : org.jackdesk.engine.jack.SlowCause.values()) byCause.put(c.label(), 0L);
        byCause.put("preempted", 3L);
        byCause.put("page_fault", 1L);
        BenchRealtimeResult.Attribution slow = new BenchRealtimeResult.Attribution(666.7, 4, 0, byCause, 3,
                java.util.List.of("page_fault: 900 µs, CPU 880 µs"), "JFR", "FFM", NO_STAGES, NO_COUNTS, NO_COUNTS, NO_MEANS);
        BenchRealtimeResult r = new BenchRealtimeResult(
                new BenchRealtimeResult.Setup(4, 1, false, 48000, 64, 1, 1, "Java 25", 2, 0.5, "1 group on the audio thread"),
                null, "private jackd 'x' (dummy backend)", new BenchRealtimeResult.Phase(0, 2.0, 3.0),
                new BenchRealtimeResult.Run(new org.jackdesk.engine.jack.CallbackTimes(750, 100, 200, 300, 400.5), 0, 10, 20, 0.0,
                        0, 750, null, new GcWatch.Summary(0, 0, 0, 0), 0, 0, 0.7, slow),
                null);
        String t = BenchRealtimeReport.table(r);
        assertTrue(t.contains("slow callbacks (longer than half the period, 667 µs): 4, 3 of them the machine's; 0 not attributed"
                + " (ring full or still waiting); JVM events from JFR, thread counters through FFM"), t);
        assertTrue(t.contains("  preempted          3  preempted (involuntary context switch, off the CPU) [machine]"), t);
        assertTrue(t.contains("  page_fault         1  page faults"), t);
        assertTrue(t.contains("  longest: page_fault: 900 µs, CPU 880 µs"), t);
        assertTrue(t.contains("every slow callback the machine's MISSED"), t);
        assertFalse(r.attributionTargetMet());
        byCause.put("page_fault", 0L);
        BenchRealtimeResult machineOnly = new BenchRealtimeResult(r.setup(), null, r.server(), r.idle(), new BenchRealtimeResult.Run(
                r.run().callback(), 0, 10, 20, 0.0, 0, 750, null, r.run().gc(), 0, 0, 0.7,
                new BenchRealtimeResult.Attribution(666.7, 3, 0, byCause, 3, java.util.List.of(), "JFR", "FFM", NO_STAGES, NO_COUNTS, NO_COUNTS, NO_MEANS)), null);
        assertTrue(machineOnly.attributionTargetMet());
    }

    @Test
    void mixboxBenchMeasuresBothProcessesAndTheRatio() {
        Assumptions.assumeTrue(PrivateJackServer.jackdAvailable(), "SKIPPED: jackd not installed (apt-get install -y jackd2)");
        Assumptions.assumeTrue(new java.io.File("/usr/bin/jack_mix_box").canExecute(),
                "SKIPPED: jack_mix_box not installed (apt-get install -y jack-mixer)");
        BenchCli.Result run = BenchCli.run("bench", "mixbox", "--channels", "4", "--windows", "2", "--window-seconds", "1",
                "--warmup", "0", "--max-load", "1000", "--json");
        assertEquals(0, run.code(), run.out() + run.err());
        BenchMixboxResult r = ResultJson.read(run.out(), BenchMixboxResult.class);
        assertNull(r.failure(), run.out());
        assertEquals(2, r.windows().size(), "both windows measured: " + run.out());
        for (BenchMixboxResult.Window w : r.windows()) {
            assertTrue(w.peerPct() > 0 && w.jackdeskPct() > 0, "both processes used CPU: " + run.out());
        }
        assertTrue(r.medianRatio() > 0 && Double.isFinite(r.medianRatio()), run.out());
    }

    @Test
    void theMixboxTablePrintsEveryWindowAndTheMedianRatio() {
        BenchMixboxResult r = new BenchMixboxResult(new BenchMixboxResult.Setup(4, 48000, 64, "metro", 2, 1, 0, "Java 21", 2, 0.5),
                "private jackd 'x'", java.util.List.of(new BenchMixboxResult.Window(2, 1, 0.5), new BenchMixboxResult.Window(4, 3, null)),
                20.0, 80.5, 0, 0.6, null);
        String t = BenchMixboxReport.table(r);
        assertTrue(t.contains("window 2: jack_mix_box 4.00 % of a core, jackdesk (whole JVM) 3.00 % (its JACK thread NaN %), ratio 0.75"), t);
        assertTrue(t.contains("median: jack_mix_box 3.00 %, jackdesk 2.00 % of a core; ratio jackdesk / jack_mix_box 0.63 (target <= 1.0: met)"), t);
        assertEquals(0, r.exitCode());
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
