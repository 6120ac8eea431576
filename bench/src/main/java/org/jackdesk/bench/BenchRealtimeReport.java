package org.jackdesk.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.host.ThreadingPolicy;
import org.jackdesk.engine.jack.CallbackTimes;
import org.jackdesk.engine.jack.SlowCause;

/** Formats a {@link BenchRealtimeResult} as the lines {@code jackdesk bench realtime} prints. */
public final class BenchRealtimeReport {
    private BenchRealtimeReport() {}

    public static String table(BenchRealtimeResult r) {
        StringBuilder b = new StringBuilder();
        BenchRealtimeResult.Setup s = r.setup();
        double periodMicros = s.periodMicros();
        line(b, "jackdesk bench realtime: %d mono strips (%s), %d stereo aux buses + main%s,"
                        + " %d Hz, %d frames (period %.0f µs), white noise at -12 dBFS peak; %d s idle baseline, %d s warm-up, %d s measured",
                s.channels(), s.bypass() ? "processors bypassed: pan, fader, sends" : "HPF+gate+4-band EQ+compressor+pan+fader+sends",
                s.buses(), s.fx() > 0 ? ", " + s.fx() + " FX slots running (every strip sending to each)" : "",
                s.rate(), s.period(), periodMicros, s.seconds(), s.warmupSeconds(), s.seconds());
        line(b, "runtime: %s", s.runtime());
        line(b, "machine: %d cores, load average %.2f at start", s.cores(), s.loadAtStart());
        line(b, "strips: %s", s.strips());
        JitterProbe.Result jitter = r.jitter();
        if (jitter != null) {
            line(b, "%s", BenchRealtimeReport.jitterLine(jitter));
            if (jitter.cpuCharged() >= 0) {
                line(b, "  of its gaps >= 500 µs, %d (%.2f/s) were charged to it as CPU time with no context switch, longest %d µs"
                                + " (the hypervisor's time as the guest counts it: a callback meeting one shows as CPU time, cpu_spike)",
                        jitter.cpuCharged(), jitter.spunSeconds() > 0 ? jitter.cpuCharged() / jitter.spunSeconds() : 0,
                        jitter.cpuChargedLongestMicros());
            }
        }
        if (r.server() != null) line(b, "server: %s", r.server());
        BenchRealtimeResult.Phase idle = r.idle();
        if (idle != null) {
            line(b, "idle baseline: a do-nothing client, %d s: xruns %d, DSP load mean %.1f %% max %.1f %%",
                    s.seconds(), idle.xruns(), idle.dspLoadMean(), idle.dspLoadMax());
        }
        if (r.failure() != null) line(b, "%s", r.failure());
        BenchRealtimeResult.Run run = r.run();
        if (run == null) return b.toString();
        CallbackTimes t = run.callback();
        line(b, "callback: p50 %.0f µs (%.1f %%)  p99 %.0f µs (%.1f %%)  p99.9 %.0f µs (%.1f %%)"
                        + "  max %.1f µs (%.1f %%) of the %.0f µs period, %d cycles",
                t.p50Micros(), pct(t.p50Micros(), periodMicros), t.p99Micros(), pct(t.p99Micros(), periodMicros),
                t.p999Micros(), pct(t.p999Micros(), periodMicros), t.maxMicros(), pct(t.maxMicros(), periodMicros),
                periodMicros, t.cycles());
        line(b, "xruns: %d during the run, %d in the idle baseline: %d beyond the baseline", run.xruns(), idle.xruns(), run.xrunsBeyond(idle));
        line(b, "DSP load (JACK): mean %.1f %% max %.1f %% (idle baseline mean %.1f %%)", run.dspLoadMean(), run.dspLoadMax(), idle.dspLoadMean());
        line(b, "allocated on the JACK thread: %s bytes per cycle (%d bytes over %d cycles)",
                bytes(run.bytesPerCycle()), run.allocatedBytes(), run.cycles());
        if (run.worker() != null) {
            line(b, "strip worker: computed %.1f %% of the second group's chunks of each sub-block (the audio"
                    + " thread took the rest); allocated %s bytes per cycle", run.worker().sharePct(), bytes(run.worker().bytesPerCycle()));
            line(b, "strip worker's wake: %s", wakeLine(run.worker()));
            line(b, "the audio thread waited for the strip worker %.1f µs per callback on average (the median callback is %.0f µs);"
                    + " the strips of group A (audio thread) computed in %.1f µs, of group B (worker) in %.1f µs",
                    run.worker().waitMicrosPerCycle(), t.p50Micros(), run.worker().groupAMicrosPerCycle(), run.worker().groupBMicrosPerCycle());
        }
        GcWatch.Summary gc = run.gc();
        line(b, "GC: %d pauses, longest %d ms; %d concurrent cycles, longest %d ms"
                + " (JMX resolution 1 ms: 0 means under 1 ms)", gc.pauses(), gc.longestPauseMs(), gc.cycles(), gc.longestCycleMs());
        if (run.processorFailures() != 0 || run.nonFiniteOutputs() != 0) {
            line(b, "WARNING: %d cycles threw, %d outputs were not finite", run.processorFailures(), run.nonFiniteOutputs());
        }
        line(b, "load average %.2f at the end", run.loadAtEnd());
        BenchRealtimeResult.Attribution slow = run.slow();
        if (slow != null) {
            line(b, "slow callbacks (longer than half the period, %.0f µs): %d, %d of them the machine's; %d not attributed"
                            + " (ring full or still waiting); JVM events from %s, thread counters through %s",
                    slow.thresholdMicros(), slow.slow(), slow.machine(), slow.dropped(), slow.jvmEvents(), slow.nativePath());
            causeTable(b, List.of("count"), List.of(slow.byCause()));
            for (String l : slow.longest()) line(b, "  longest: %s", l);
            stageTable(b, slow.stages());
            canaryLine(b, "every callback", slow.canaryAll());
            if (!slow.canaryMeanMicros().isEmpty()) {
                List<Double> m = slow.canaryMeanMicros();
                line(b, "    their mean callback by the same ratio: %.0f / %.0f / %.0f / %.0f µs", m.get(0), m.get(1), m.get(2), m.get(3));
            }
            canaryLine(b, "the own_work callbacks", slow.canaryOwnWork());
        }
        line(b, "targets (issue 25, 64 strips + 8 stereo buses at 48 kHz / 64): p99.9 <= 25 %% %s;"
                        + " max <= 50 %% %s; xruns beyond baseline 0 %s; 0 bytes per cycle %s;"
                        + " every slow callback the machine's %s",
                met(r.p999TargetMet()), met(r.maxTargetMet()), met(r.xrunTargetMet()), met(r.allocationTargetMet()),
                slow == null ? "unknown" : met(r.attributionTargetMet()));
        if (jitter != null) {
            // A callback of the median length meets a >= 100 µs gap in about rate × length of all cycles.
            double hit = jitter.perSecond(0) * t.p50Micros() * 1e-6;
            line(b, "machine vs targets: a >= 100 µs gap of the machine falls into about %.2f %% of"
                            + " callbacks of the median length (p99.9 is the slowest 0.1 %%)%s", hit * 100,
                    jitter.longestMicros() > 0.5 * periodMicros
                            ? "; its longest gap, " + jitter.longestMicros() + " µs, is above the max target by itself" : "");
        }
        return b.toString();
    }

    /**
     * The slow callbacks' table "cause count meaning": a row per {@link SlowCause}, a count column
     * per map of counts by cause label ({@code heads} names them, at most 8 characters each).
     */
    static void causeTable(StringBuilder b, List<String> heads, List<Map<String, Long>> counts) {
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-11s", "cause"));
        for (String h : heads) head.append(String.format(Locale.ROOT, " %8s", h));
        b.append(head).append("  meaning").append(System.lineSeparator());
        for (SlowCause c : SlowCause.values()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-11s", c.label()));
            for (Map<String, Long> m : counts) {
                Long n = m.get(c.label());
                row.append(String.format(Locale.ROOT, " %8d", n == null ? 0 : n));
            }
            b.append(row).append("  ").append(c.text()).append(c.machine() ? " [machine]" : "").append(System.lineSeparator());
        }
    }

    /** The strips line: how the engine split the strips between the audio thread and a worker. */
    static String strips(Engine engine) {
        return engine.threading().worker()
                ? "two groups, the second on a worker thread (-D" + ThreadingPolicy.PROPERTY + "=0 turns it off)"
                : engine.threading().groups() + " group on the audio thread (-D" + ThreadingPolicy.PROPERTY + "=1 adds a worker)";
    }

    private static String bytes(Double perCycle) {
        return perCycle == null ? "unknown" : String.format(Locale.ROOT, "%.2f", perCycle);
    }

    private static double pct(double micros, double periodMicros) {
        return BenchRealtimeResult.pct(micros, periodMicros);
    }

    private static String met(boolean ok) {
        return ok ? "met" : "MISSED";
    }

    /**
     * Where the on-CPU slow callbacks' extra time went, by stage, beside each stage's usual share:
     * a stall of the machine's lands in a stage about as often as its share; jackdesk's own long
     * work lands in its stage far more often.
     */
    static void stageTable(StringBuilder b, List<BenchRealtimeResult.StageRow> rows) {
        if (rows.isEmpty()) return;
        long n = 0;
        for (BenchRealtimeResult.StageRow r : rows) n += r.largestExcessIn();
        line(b, "  where the %d own_work and cpu_spike callbacks' extra time went (largest excess over the usual cycle's stage):", n);
        line(b, "    %-16s %10s %8s %14s %14s", "stage", "usual", "share", "largest excess", "excess summed");
        for (BenchRealtimeResult.StageRow r : rows) {
            line(b, "    %-16s %7.1f µs %7.1f %% %7d (%3.0f %%) %11.0f µs", r.stage(), r.usualMicros(), 100 * r.usualShare(),
                    r.largestExcessIn(), n == 0 ? 0 : 100.0 * r.largestExcessIn() / n, r.excessMicros());
        }
    }

    /**
     * "CPU canary against its usual, every callback (89 962): under 1.2x 97.1 %, 1.2-1.5x 2.0 %, ...":
     * how fast the CPU itself ran (docs/engine-notes.md, "The CPU canary"), the baseline beside the slow callbacks'.
     */
    static void canaryLine(StringBuilder b, String which, List<Long> counts) {
        long n = 0;
        for (long c : counts) n += c;
        if (n == 0) return;
        String[] names = {"under 1.2x", "1.2-1.5x", "1.5-2x", "2x and over"};
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < counts.size() && i < names.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.1f %%", names[i], 100.0 * counts.get(i) / n));
        }
        line(b, "  CPU canary against its usual, %s (%d): %s", which, n, s);
    }

    /** The jitter probe's gaps per second at each edge and the longest, as the live benchmarks' tables print them. */
    static String jitterLine(JitterProbe.Result jitter) {
        return String.format(Locale.ROOT, "machine jitter: a thread spinning on one core (%s) for %.1f s lost the CPU for"
                        + " >= 100 µs %.1f times/s, >= 200 µs %.1f/s, >= 500 µs %.1f/s, >= 1 ms %.1f/s; longest %d µs",
                jitter.scheduling(), jitter.spunSeconds(), jitter.perSecond(0), jitter.perSecond(1), jitter.perSecond(2),
                jitter.perSecond(3), jitter.longestMicros());
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }

    /** The worker's wake latencies: "saw its cycles after their publication < 10 µs 95.10 %, < 50 µs ...; longest 812 µs". */
    static String wakeLine(BenchRealtimeResult.Worker w) {
        StringBuilder s = new StringBuilder();
        s.append("saw its cycles after their publication");
        long[] n = w.wakeLatency();
        long total = 0;
        for (long v : n) total += v;
        long[] bounds = w.wakeLatencyBucketsMicros();
        for (int i = 0; i < n.length; i++) {
            String label = i < bounds.length ? "< " + bounds[i] + " µs" : ">= " + bounds[bounds.length - 1] + " µs";
            s.append(i == 0 ? " " : ", ").append(label).append(' ').append(String.format(java.util.Locale.ROOT, "%.2f %%", 100.0 * n[i] / Math.max(1, total)));
        }
        return s.append("; longest ").append(w.wakeLatencyMaxMicros()).append(" µs (since the engine started)").toString();
    }
}
