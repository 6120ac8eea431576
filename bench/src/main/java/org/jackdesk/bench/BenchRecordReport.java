package org.jackdesk.bench;

import java.util.Locale;
import org.jackdesk.engine.jack.CallbackTimes;

/** Formats a {@link BenchRecordResult} as the lines {@code jackdesk bench record} prints. */
public final class BenchRecordReport {
    private BenchRecordReport() {}

    public static String table(BenchRecordResult r) {
        StringBuilder b = new StringBuilder();
        BenchRecordResult.Setup s = r.setup();
        double periodMicros = s.periodMicros();
        line(b, "jackdesk bench record: %d mono strips (HPF+gate+4-band EQ+compressor+pan+fader+sends), %d stereo aux buses + main,"
                        + " %d Hz, %d frames (period %.0f µs), white noise at -12 dBFS peak; %d tracks + main recorded as %s"
                        + " in every second segment of %d, %.0f s in all after %d s warm-up",
                s.tracks(), s.buses(), s.rate(), s.period(), periodMicros, s.tracks(), s.format(), s.segments(), s.seconds(),
                s.warmupSeconds());
        line(b, "runtime: %s", s.runtime());
        line(b, "machine: %d cores, load average %.2f at start, %.2f at the end", s.cores(), s.loadAtStart(), r.loadAtEnd());
        line(b, "strips: %s", s.strips());
        line(b, "takes: %s", s.folder());
        JitterProbe.Result jitter = r.jitter();
        if (jitter != null) {
            line(b, "%s", BenchRealtimeReport.jitterLine(jitter));
        }
        if (r.server() != null) line(b, "server: %s", r.server());
        if (r.failure() != null) line(b, "%s", r.failure());
        if (r.segments().isEmpty()) return b.toString();
        line(b, "  %-3s %-9s %6s %8s %8s %8s %8s %6s %7s %9s %8s %6s %7s %8s %9s", "seg", "take", "s", "p50 µs", "p99 µs", "p99.9 µs",
                "max µs", "xruns", "dropped", "MB", "disk CPU", "slow", "machine", "irq/s", "disk MB/s");
        for (BenchRecordResult.Segment g : r.segments()) {
            CallbackTimes t = g.callback();
            KernelCounters.Delta k = g.kernel();
            line(b, "  %-3d %-9s %6.1f %8.0f %8.0f %8.0f %8.0f %6d %7s %9s %8s %6s %7s %8s %9s", g.index(), g.recording() ? "recording" : "-",
                    g.seconds(), t.p50Micros(), t.p99Micros(), t.p999Micros(), t.maxMicros(), g.xruns(),
                    g.recording() ? Long.toString(g.droppedBlocks()) : "", g.recording() ? String.format(Locale.ROOT, "%.1f", g.bytes() / 1e6) : "",
                    g.recording() ? String.format(Locale.ROOT, "%.2f s", g.diskCpuSeconds()) : "",
                    g.slow() == null ? "?" : Long.toString(g.slow().slow()), g.slow() == null ? "?" : Long.toString(g.slow().machine()),
                    k == null ? "?" : rate(k.perSecond(k.interrupts()), 1, 0), k == null ? "?" : rate(k.perSecond(k.diskBytesWritten()), 1e6, 2));
        }
        double off = r.medianP999Micros(false), on = r.medianP999Micros(true);
        line(b, "callback p99.9 (median of the segments): %.0f µs (%.1f %%) without recording, %.0f µs (%.1f %%) with: ratio %.2f",
                off, 100 * off / periodMicros, on, 100 * on / periodMicros, r.p999Ratio());
        java.util.List<BenchRecordResult.Pair> pairs = r.pairs();
        if (!pairs.isEmpty()) {
            StringBuilder each = new StringBuilder();
            for (BenchRecordResult.Pair p : pairs) {
                if (each.length() > 0) each.append(", ");
                each.append(String.format(Locale.ROOT, "%d/%d %.2f", p.withoutIndex(), p.withIndex(), p.ratio()));
            }
            line(b, "p99.9 with / without, pair by pair (segment 2k without, 2k+1 with): %s; recording higher in %d of %d pairs",
                    each, r.pairsRecordingHigher(), pairs.size());
        }
        BenchRecordResult.Pooled pooled = r.pooled();
        if (pooled != null) {
            line(b, "callback p99.9 pooled (every callback of a kind): %.0f µs without recording (%d callbacks), %.0f µs with (%d): ratio %.2f;"
                            + " p99 %.0f / %.0f µs", pooled.without().p999Micros(), pooled.without().cycles(), pooled.with().p999Micros(),
                    pooled.with().cycles(), r.pooledP999Ratio(), pooled.without().p99Micros(), pooled.with().p99Micros());
        }
        line(b, "xruns: %d without recording, %d with", r.totalXruns(false), r.totalXruns(true));
        line(b, "disk: %.2f MB/s written, the disk threads used %.2f %% of one core; dropped blocks %d",
                r.diskMegabytesPerSecond(), r.diskCpuPercent(), r.totalDroppedBlocks());
        kernel(b, r);
        slow(b, r);
        line(b, "targets (issue 18): dropped blocks 0 %s; p99.9 with / without recording <= 1.1 %s",
                met(r.droppedTargetMet()), met(r.ratioTargetMet()));
        return b.toString();
    }

    /** The kernel's counters per second of each kind of segment. */
    private static void kernel(StringBuilder b, BenchRecordResult r) {
        KernelCounters.Delta off = r.kernel(false), on = r.kernel(true);
        if (off == null || on == null) return;
        line(b, "kernel, per second of each kind of segment (the whole machine; %s):", r.kernelSources());
        line(b, "  %-9s %11s %11s %10s %12s %10s %13s", "take", "interrupts", "disk irqs", "softirqs", "block sirqs", "disk MB/s",
                "jackdesk MB/s");
        for (boolean recording : new boolean[] {false, true}) {
            KernelCounters.Delta k = recording ? on : off;
            line(b, "  %-9s %11s %11s %10s %12s %10s %13s", recording ? "recording" : "-", rate(k.perSecond(k.interrupts()), 1, 1),
                    rate(k.perSecond(k.diskInterrupts()), 1, 1), rate(k.perSecond(k.softirqs()), 1, 1),
                    rate(k.perSecond(k.blockSoftirqs()), 1, 1), rate(k.perSecond(k.diskBytesWritten()), 1e6, 2),
                    rate(k.perSecond(k.processBytesWritten()), 1e6, 2));
        }
    }

    /** The slow callbacks by cause, the segments without a take beside those with one. */
    private static void slow(StringBuilder b, BenchRecordResult r) {
        java.util.Map<String, Long> off = r.slowByCause(false), on = r.slowByCause(true);
        if (off == null || on == null) return;
        long[] n0 = r.slowCounts(false), n1 = r.slowCounts(true);
        BenchRealtimeResult.Attribution any = r.segments().stream().map(BenchRecordResult.Segment::slow)
                .filter(java.util.Objects::nonNull).findFirst().orElseThrow();
        line(b, "slow callbacks (longer than half the period, %.0f µs): %d without recording (%d the machine's), %d with (%d the"
                        + " machine's); not attributed %d and %d (ring full or still waiting); JVM events from %s, thread counters through %s",
                any.thresholdMicros(), n0[0], n0[1], n1[0], n1[1], n0[2], n1[2], any.jvmEvents(), any.nativePath());
        BenchRealtimeReport.causeTable(b, java.util.List.of("without", "with"), java.util.List.of(off, on));
    }

    /** {@code perSecond / unit} with {@code decimals}, "?" when unknown (NaN). */
    private static String rate(double perSecond, double unit, int decimals) {
        return Double.isNaN(perSecond) ? "?" : String.format(Locale.ROOT, "%." + decimals + "f", perSecond / unit);
    }

    private static String met(boolean ok) {
        return ok ? "met" : "MISSED";
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }
}
