package org.jackdesk.bench;

import java.util.List;

/**
 * What {@code jackdesk bench assistants} measured (docs/assistants.md, docs/benchmarks.md): the
 * machine (cores, load average before the run, the jitter probe's longest gap), then
 * <ul>
 *   <li>the feedback suppressor in auto over generated scenarios through the engine's own render
 *       ({@code scenarios}): a loop of {@code loopGainDb} at {@code freqHz} under a programme, or
 *       no loop ({@code loopGainDb} NaN is written as {@link Scenario#NO_LOOP}) for the false notches;
 *   <li>the audio thread's CPU time per {@code period}-frame callback of {@code channels} automixed
 *       channels with the 12 notches of the main and of {@code buses} buses cutting and their
 *       feedback taps copying ({@code onMicros}) against the same console with both assistants off
 *       ({@code offMicros}), medians of {@code rounds} interleaved rounds of {@code perRound} callbacks;
 *   <li>the detector's CPU time per analysed frame ({@code detectorMicrosPerFrame}, off the audio
 *       thread, one per bus every 1024 samples).
 * </ul>
 */
public record BenchAssistantsResult(int cores, double loadAverage, long jitterLongestMicros, String jitterScheduling,
        List<Scenario> scenarios, int channels, int buses, int period, int rounds, int perRound,
        double offMicros, double onMicros, double detectorMicrosPerFrame) {

    /**
     * One render: {@code programme} (noise, demo, speech), the loop's gain and frequency
     * ({@link #NO_LOOP}: none), when the first notch within 1/12 octave of the howl went in
     * ({@code detectS}, -1 never), the notches placed in all ({@code notches}; without a loop every
     * one is false), the false ones (further than 1/12 octave from the howl), and the output level
     * over the last second.
     */
    public record Scenario(String programme, double loopGainDb, double freqHz, double seconds, double detectS,
                           int notches, int falseNotches, double lastSecondDb) {
        public static final double NO_LOOP = -999;

        public boolean loop() {
            return loopGainDb != NO_LOOP;
        }
    }

    /** Loops the suppressor did not catch within their render. */
    public int missed() {
        int n = 0;
        for (Scenario s : scenarios) if (s.loop() && s.detectS() < 0) n++;
        return n;
    }

    /** Notches not at a howl, over every scenario. */
    public int falseNotches() {
        int n = 0;
        for (Scenario s : scenarios) n += s.falseNotches();
        return n;
    }

    /** The assistants' extra CPU time per callback, µs. */
    public double costMicros() {
        return onMicros - offMicros;
    }

    /** 0, or 1 when a loop was missed or a notch was false. */
    public int exitCode() {
        return missed() == 0 && falseNotches() == 0 ? 0 : 1;
    }
}
