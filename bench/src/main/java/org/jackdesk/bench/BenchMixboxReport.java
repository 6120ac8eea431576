package org.jackdesk.bench;

import java.util.Locale;

/** Formats a {@link BenchMixboxResult} as the lines {@code jackdesk bench mixbox} prints. */
public final class BenchMixboxReport {
    private BenchMixboxReport() {}

    public static String table(BenchMixboxResult r) {
        StringBuilder b = new StringBuilder();
        BenchMixboxResult.Setup s = r.setup();
        boolean metro = s.peerFeed().equals("metro");
        line(b, "jackdesk bench mixbox: %d mono channels each, %d Hz, %d frames; jackdesk: processors"
                        + " bypassed (fader, pan, sum to main, meters); jack_mix_box: %d channels (gain, pan, sum, meters);"
                        + " %s; one private jackd, both running throughout;"
                        + " %d windows of %d s after %d s warm-up",
                s.channels(), s.rate(), s.period(), s.channels(),
                metro ? "both fed through their JACK inputs with one 440 Hz tone from jack_metro (neither mixer feeds the other)"
                        : "jackdesk fed white noise internally, jack_mix_box fed from jackdesk's outputs (jackdesk also wakes it each cycle)",
                s.windows(), s.windowSeconds(), s.warmupSeconds());
        line(b, "runtime: %s", s.runtime());
        line(b, "machine: %d cores, load average %.2f at start", s.cores(), s.loadAtStart());
        if (r.server() != null) line(b, "server: %s", r.server());
        int w = 0;
        for (BenchMixboxResult.Window x : r.windows()) {
            line(b, "window %d: jack_mix_box %.2f %% of a core, jackdesk (whole JVM) %.2f %%"
                    + " (its JACK thread %.2f %%), ratio %.2f", ++w, x.peerPct(), x.jackdeskPct(),
                    x.jackdeskAudioPct() == null ? Double.NaN : x.jackdeskAudioPct(), x.ratio());
        }
        if (r.failure() != null) {
            line(b, "%s", r.failure());
            return b.toString();
        }
        line(b, "jackdesk callback: p50 %.0f µs  max %.1f µs; xruns during the windows %d",
                r.callbackP50Micros(), r.callbackMaxMicros(), r.xruns());
        double median = r.medianRatio();
        line(b, "median: jack_mix_box %.2f %%, jackdesk %.2f %% of a core; ratio jackdesk / jack_mix_box %.2f"
                + " (target <= 1.0: %s)", r.medianPeerPct(), r.medianJackdeskPct(), median, median <= 1.0 ? "met" : "MISSED");
        line(b, "jackdesk's JACK thread alone: median %.2f %% of a core, ratio to jack_mix_box %.2f",
                r.medianAudioPct(), r.medianAudioPct() / r.medianPeerPct());
        line(b, "load average %.2f at the end", r.loadAtEnd());
        return b.toString();
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }
}
