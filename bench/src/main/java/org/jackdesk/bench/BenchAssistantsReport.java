package org.jackdesk.bench;

import java.util.Locale;

/** Formats a {@link BenchAssistantsResult} as the lines {@code jackdesk bench assistants} prints. */
public final class BenchAssistantsReport {
    private BenchAssistantsReport() {}

    public static String table(BenchAssistantsResult r) {
        StringBuilder b = new StringBuilder();
        b.append("jackdesk bench assistants: the feedback suppressor (auto) through the engine's own render, and the assistants' callback cost\n");
        b.append(String.format(Locale.ROOT, "machine: %d cores, load average %.2f before the run, jitter probe longest gap %d µs (%s)%n",
                r.cores(), r.loadAverage(), r.jitterLongestMicros(), r.jitterScheduling()));
        b.append("programme  loop gain  howl       render  first notch  notches  false  last second\n");
        for (BenchAssistantsResult.Scenario s : r.scenarios()) {
            b.append(String.format(Locale.ROOT, "%-9s  %-9s  %-9s  %4.0f s  %-11s  %7d  %5d  %6.1f dBFS%n", s.programme(),
                    s.loop() ? String.format(Locale.ROOT, "%+.0f dB", s.loopGainDb()) : "none",
                    s.loop() ? String.format(Locale.ROOT, "%.0f Hz", s.freqHz()) : "-", s.seconds(),
                    !s.loop() ? "-" : s.detectS() < 0 ? "MISSED" : String.format(Locale.ROOT, "%.2f s", s.detectS()),
                    s.notches(), s.falseNotches(), s.lastSecondDb()));
        }
        b.append(String.format(Locale.ROOT, "loops missed: %d, false notches: %d%n", r.missed(), r.falseNotches()));
        b.append(String.format(Locale.ROOT, "callback (%d frames, CPU time, median of %d interleaved rounds of %d): assistants off %.1f µs, "
                + "on %.1f µs (%d automixed channels, 12 notches on the main and %d buses, their taps): +%.1f µs%n",
                r.period(), r.rounds(), r.perRound(), r.offMicros(), r.onMicros(), r.channels(), r.buses(), r.costMicros()));
        b.append(String.format(Locale.ROOT, "detector: %.1f µs CPU per frame off the audio thread (one frame per bus every 1024 samples:"
                + " %.2f %% of a core for the main and %d buses at 48 kHz)%n", r.detectorMicrosPerFrame(),
                r.detectorMicrosPerFrame() * (1 + r.buses()) * 48000.0 / 1024 / 1e4, r.buses()));
        return b.toString();
    }
}
