package org.jackdesk.bench;

import java.util.Locale;

/** Formats a {@link BenchMidiResult} as the lines {@code jackdesk bench midi} prints. */
public final class BenchMidiReport {
    private BenchMidiReport() {}

    public static String table(BenchMidiResult r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "jackdesk bench midi: %d controls moving %d times a second each on %s, %d Hz, %d frames;"
                + " %d s without then %d s with the traffic%n", r.controls(), r.movesPerSecondPerControl(), r.server(), r.rate(),
                r.period(), r.seconds(), r.seconds()));
        b.append(String.format(Locale.ROOT, "machine: %d cores, load average %.2f before the run, jitter probe longest gap %d µs (%s)%n",
                r.cores(), r.loadAverage(), r.jitterLongestMicros(), r.jitterScheduling()));
        if (r.failure() != null) return b.append("failed: ").append(r.failure()).append(System.lineSeparator()).toString();
        if (r.matched() == 0) {
            return b.append(String.format("no feedback came back for %d moves: the MIDI path is not working%n", r.sent())).toString();
        }
        b.append(String.format(Locale.ROOT, "MIDI in -> parameter -> feedback out: p50 %.2f ms, p99 %.2f ms, max %.2f ms over %d of %d moves"
                + " (target p99 <= %.2f ms = 2 periods + the 10 ms feedback limit: %s)%n", r.latencyP50Ms(), r.latencyP99Ms(),
                r.latencyMaxMs(), r.matched(), r.sent(), r.targetMs(), r.targetMet() ? "met" : "MISSED"));
        b.append(String.format(Locale.ROOT, "jackdesk's JACK callback: without MIDI p50 %.1f µs p99.9 %.1f µs, %d xruns;"
                + " with the traffic p50 %.1f µs p99.9 %.1f µs, %d xruns%n", r.callbackP50UsWithout(), r.callbackP999UsWithout(),
                r.xrunsWithout(), r.callbackP50UsWith(), r.callbackP999UsWith(), r.xrunsWith()));
        b.append(String.format(Locale.ROOT, "MIDI input dropped on the JACK thread: %d; changes refused by the console: %d,"
                + " rate-limited: %d; feedback written to midi_out: %d, read by the controller: %d%n",
                r.inputDropped(), r.refused(), r.rateLimited(), r.feedbackSent(), r.feedbackReceived()));
        return b.toString();
    }
}
