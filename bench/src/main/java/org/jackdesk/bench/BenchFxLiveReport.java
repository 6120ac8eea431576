package org.jackdesk.bench;

import java.util.Locale;

/** Formats a {@link BenchFxLiveResult} as the lines {@code jackdesk bench fx-live} prints. */
public final class BenchFxLiveReport {
    private BenchFxLiveReport() {}

    public static String table(BenchFxLiveResult r) {
        StringBuilder b = new StringBuilder();
        BenchFxLiveResult.Setup s = r.setup();
        line(b, "jackdesk bench fx-live: zita-rev1 (a JACK application, under a private Xvfb display) beside jackdesk's hall,"
                + " live in one private jackd, %d Hz, %d frames; all running throughout, %d windows of %d s after %d s warm-up",
                s.rate(), s.period(), s.windows(), s.windowSeconds(), s.warmupSeconds());
        line(b, "zita-rev1: %s", s.zitaSettings());
        line(b, "jackdesk: %s", s.hallSettings());
        line(b, "runtime: %s", s.runtime());
        line(b, "machine: %d cores, load average %.2f at start%s", s.cores(), s.loadAtStart(),
                s.loadAtStart() > s.cores() ? " (loaded: other work shares the CPUs; the ratio of one window's figures still compares)" : "");
        if (r.jitterLongestMicros() == null) {
            line(b, "jitter probe: not run");
        } else {
            line(b, "jitter probe: longest gap %.0f µs (%s)", r.jitterLongestMicros(), r.jitterScheduling());
        }
        if (r.skipped() != null) {
            line(b, "fx hall vs zita-rev1 (informative): skipped: %s", r.skipped());
            return b.toString();
        }
        if (r.server() != null) line(b, "server: %s", r.server());
        int w = 0;
        for (BenchFxLiveResult.Window x : r.windows()) {
            line(b, "window %d: zita-rev1 %.2f %% of a core (its JACK thread %.2f %%); jackdesk console with the hall %.2f %%,"
                            + " without %.2f %%, the hall slot %.2f %%; ratio zita-rev1 / hall %.2f",
                    ++w, x.zitaPct(), x.zitaThreadPct(), x.hallConsolePct(), x.plainConsolePct(), x.hallPct(), x.ratio());
        }
        if (r.failure() != null) {
            line(b, "%s", r.failure());
            return b.toString();
        }
        line(b, "jackdesk (hall console) callback: p50 %.0f µs  max %.1f µs; xruns during the windows %d",
                r.hallCallbackP50Micros(), r.hallCallbackMaxMicros(), r.xruns());
        line(b, "fx hall vs zita-rev1 (informative, CPU time per second of audio): zita-rev1's JACK thread %.2f %%"
                        + " (whole process %.2f %%), jackdesk's hall slot %.2f %% of a core; ratio zita-rev1 / jackdesk %.2f"
                        + " (above 1: jackdesk's hall costs less)",
                r.medianZitaThreadPct(), r.medianZitaPct(), r.medianHallPct(), r.medianRatio());
        line(b, "load average %.2f at the end", r.loadAtEnd());
        return b.toString();
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }
}
