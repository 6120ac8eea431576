package org.jackdesk.bench;

/**
 * What {@code jackdesk bench midi} measured: the machine (cores, load average before the run, the
 * jitter probe's longest gap), the setup (period, controls, moves a second per control), the
 * round trip of a move from the controller's JACK cycle to its feedback arriving back in one
 * (MIDI-in → mapping → parameter service → console state → feedback → midi_out; p50, p99, max
 * in ms over {@code matched} moves of {@code sent}), the target (2 periods + the feedback rate
 * limit), and jackdesk's JACK callback without and with the traffic in the same run (p50, p99.9,
 * xruns), with the MIDI dropped on the way (input counters, refused and rate-limited changes) and the
 * feedback messages jackdesk wrote to midi_out and the controller read during the measured phase.
 */
public record BenchMidiResult(int cores, double loadAverage, long jitterLongestMicros, String jitterScheduling, String server,
        int rate, int period, int controls, int movesPerSecondPerControl, int seconds,
        long sent, long matched, double latencyP50Ms, double latencyP99Ms, double latencyMaxMs, double targetMs,
        double callbackP50UsWithout, double callbackP999UsWithout, long xrunsWithout,
        double callbackP50UsWith, double callbackP999UsWith, long xrunsWith,
        long inputDropped, long refused, long rateLimited, long feedbackSent, long feedbackReceived, String failure) {

    public boolean targetMet() {
        return matched > 0 && latencyP99Ms <= targetMs;
    }

    /** 1 when nothing came back or the run failed: the MIDI path is not working. */
    public int exitCode() {
        return failure != null || matched == 0 ? 1 : 0;
    }
}
