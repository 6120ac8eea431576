package org.jackdesk.engine.mix;

import org.jackdesk.engine.dsp.Dsp;
import org.jackdesk.engine.dsp.Ramp;

/**
 * A channel strip's automix gain stage (docs/assistants.md): the one place the strip meets the
 * {@link Automixer}. It sits after the processors and the pre-fader direct output, before the
 * pre-fader taps (PFL, pre-fader sends) and the fader: the usual insert point of a gain-sharing
 * automixer (Dugan's is an insert after the channel's EQ and dynamics). It measures the power of the
 * signal entering it (the automixer's detector) and applies the gain the automixer set, ramped.
 *
 * <p>Thread: {@link #process} and {@link #resting} the strip's group thread (the audio thread or
 * the strip worker, see {@code StripGroups}); {@link #takeMeanSquare}, {@link #setTarget} and
 * {@link #gainDb} the audio thread between cycles ({@code Engine#process}, before the strips start
 * and after they ended: the strip worker's claim/done hand-off orders its writes before the reads).
 */
final class AutomixStage {
    /**
     * The gain ramp: a new target every cycle, reached within this time. At 48 kHz no sample moves
     * more than 1/960 of the full 0…1 range (the bound {@code AutomixTest} checks).
     */
    static final float RAMP_MS = 20f;

    private final Ramp[] gain;
    /** True while the strip is a member of a group that is on; set by the automixer. */
    private boolean active;
    /** Σx² of the signal entering the stage since the last {@link #takeMeanSquare}, and its frames. */
    private double sumSq;
    private int frames;

    AutomixStage(int nch) {
        gain = new Ramp[nch];
        for (int c = 0; c < nch; c++) gain[c] = new Ramp(RAMP_MS, 1f);
    }

    void prepare(float sampleRate) {
        for (Ramp r : gain) r.prepare(sampleRate);
    }

    /**
     * True while the stage passes the signal untouched and will this cycle: no group holds the strip
     * and the gain rests at exactly 1. Only then may the strip take its at-rest path (which has no
     * automix stage).
     */
    boolean resting() {
        return !active && !gain[0].isRamping() && gain[0].current() == 1f;
    }

    /** Measures (while active) and applies the gain to {@code buf[0..nch)[0..m)}. */
    void process(float[][] buf, int nch, int m) {
        if (active) {
            double s = 0;
            for (int c = 0; c < nch; c++) {
                float[] b = buf[c];
                for (int i = 0; i < m; i++) s += b[i] * b[i];
            }
            sumSq += s / nch;
            frames += m;
        }
        for (int c = 0; c < nch; c++) gain[c].applyGain(buf[c], 0, m);
    }

    /** Mean square of what entered the stage since the last call (0 with no frames), and starts anew. */
    double takeMeanSquare() {
        double ms = frames == 0 ? 0 : sumSq / frames;
        sumSq = 0;
        frames = 0;
        return Double.isFinite(ms) ? ms : 0;
    }

    /** The automixer's gain for the coming cycle ({@code active}: the strip is in a group that is on). */
    void setTarget(float g, boolean active) {
        this.active = active;
        for (Ramp r : gain) r.setTarget(g);
    }

    /** The gain now, in dB (0 when not automixed; floored at −120). */
    float gainDb() {
        return (float) Dsp.gainToDb(gain[0].current(), -120);
    }

    void reset() {
        sumSq = 0;
        frames = 0;
    }
}
