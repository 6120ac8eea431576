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
        line(b, "  %-3s %-9s %6s %8s %8s %8s %8s %6s %7s %9s %8s", "seg", "take", "s", "p50 µs", "p99 µs", "p99.9 µs", "max µs",
                "xruns", "dropped", "MB", "disk CPU");
        for (BenchRecordResult.Segment g : r.segments()) {
            CallbackTimes t = g.callback();
            line(b, "  %-3d %-9s %6.1f %8.0f %8.0f %8.0f %8.0f %6d %7s %9s %8s", g.index(), g.recording() ? "recording" : "-",
                    g.seconds(), t.p50Micros(), t.p99Micros(), t.p999Micros(), t.maxMicros(), g.xruns(),
                    g.recording() ? Long.toString(g.droppedBlocks()) : "", g.recording() ? String.format(Locale.ROOT, "%.1f", g.bytes() / 1e6) : "",
                    g.recording() ? String.format(Locale.ROOT, "%.2f s", g.diskCpuSeconds()) : "");
        }
        double off = r.medianP999Micros(false), on = r.medianP999Micros(true);
        line(b, "callback p99.9 (median of the segments): %.0f µs (%.1f %%) without recording, %.0f µs (%.1f %%) with: ratio %.2f",
                off, 100 * off / periodMicros, on, 100 * on / periodMicros, r.p999Ratio());
        line(b, "xruns: %d without recording, %d with", r.totalXruns(false), r.totalXruns(true));
        line(b, "disk: %.2f MB/s written, the disk threads used %.2f %% of one core; dropped blocks %d",
                r.diskMegabytesPerSecond(), r.diskCpuPercent(), r.totalDroppedBlocks());
        line(b, "targets (issue 18): dropped blocks 0 %s; p99.9 with / without recording <= 1.1 %s",
                met(r.droppedTargetMet()), met(r.ratioTargetMet()));
        return b.toString();
    }

    private static String met(boolean ok) {
        return ok ? "met" : "MISSED";
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }
}
