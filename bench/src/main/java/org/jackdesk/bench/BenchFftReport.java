package org.jackdesk.bench;

import java.util.Locale;

/** Formats a {@link BenchFftResult} as the lines {@code jackdesk bench fft} prints. */
public final class BenchFftReport {
    private BenchFftReport() {}

    public static String table(BenchFftResult r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "jackdesk bench fft: the RTA's %d-point complex FFT, own radix-2 vs JTransforms 3.1 (one thread),"
                + " %d interleaved rounds of %d transforms each, CPU time%n", r.points(), r.rounds(), r.perRound()));
        b.append(String.format(Locale.ROOT, "machine: %d cores, load average %.2f before the run, jitter probe longest gap %d µs (%s)%n",
                r.cores(), r.loadAverage(), r.jitterLongestMicros(), r.jitterScheduling()));
        b.append(String.format(Locale.ROOT, "own:         %.1f µs per transform (median of the rounds)%n", r.ownMicros()));
        b.append(String.format(Locale.ROOT, "JTransforms: %.1f µs per transform (median of the rounds)%n", r.jtransformsMicros()));
        b.append(String.format(Locale.ROOT, "results %s (largest difference %.1e of the largest magnitude); faster in this run: %s (%.2fx)%n",
                r.same() ? "agree" : "DIFFER", r.maxRelativeDifference(), r.faster(),
                Math.max(r.ownMicros(), r.jtransformsMicros()) / Math.min(r.ownMicros(), r.jtransformsMicros())));
        return b.toString();
    }
}
