package org.jackdesk.engine.mix;

import org.jackdesk.engine.MeterBank;

/**
 * A channel strip's level meters: input (with hold and the clip latch), pre-fader and post-fader
 * left and right, and the at-rest path's shortcuts. The at-rest path meters its input in its own
 * fused loop ({@link #addQuiet}) and derives the post-fader meters from the pre-fader ones
 * ({@link #postFromPre}): a constant gain c gives peak·|c| exactly (rounding is monotonic) and a
 * sum of squares c²·Σx² (equal up to rounding).
 *
 * <p>Thread: audio (the strip's group thread), except {@link #prepare}.
 */
final class StripMeters {
    final LevelMeter in = new LevelMeter(), pre = new LevelMeter();
    final LevelMeter postL = new LevelMeter(), postR = new LevelMeter();
    /** What the fused at-rest loop measured this cycle (peak, sum of squares, samples). */
    private float qPeak;
    private double qSumSq;
    private int qN;
    private boolean clipped;

    void prepare(float sampleRate) {
        in.prepare(sampleRate);
        pre.prepare(sampleRate);
        postL.prepare(sampleRate);
        postR.prepare(sampleRate);
    }

    /** The fused at-rest loop's input measurement of {@code n} samples (folded in at {@link #endCycle}). */
    void addQuiet(float peak, double sumSq, int n) {
        if (peak > qPeak) qPeak = peak;
        qSumSq += sumSq;
        qN += n;
    }

    /** Post-fader meters of a settled mono strip (fader {@code fader}, pan gains) from its pre-fader measurement. */
    void postFromPre(float peak, double sumSq, int n, float fader, float panL, float panR) {
        float af = Math.abs(fader), gl = af * Math.abs(panL), gr = af * Math.abs(panR);
        postL.add((peak * af) * Math.abs(panL), sumSq * gl * gl, n);
        postR.add((peak * af) * Math.abs(panR), sumSq * gr * gr, n);
    }

    /**
     * Folds this cycle ({@code frames}) into the meters; {@code preSameAsIn}: the pre-fader meter
     * mirrors the input's (no processor ran). The settled gains derive the quiet samples' post meters.
     */
    void endCycle(int frames, boolean preSameAsIn, float fader, float panL, float panR) {
        if (qN > 0) {
            // The quiet sub-blocks of this cycle, all at this cycle's settled gains.
            in.add(qPeak, qSumSq, qN);
            postFromPre(qPeak, qSumSq, qN, fader, panL, panR);
            qPeak = 0f;
            qSumSq = 0;
            qN = 0;
        }
        in.endCycle(frames);
        if (preSameAsIn) {
            pre.mirror(in);
        } else {
            pre.endCycle(frames);
        }
        postL.endCycle(frames);
        postR.endCycle(frames);
        if (in.cyclePeak() >= 1f) clipped = true; // this cycle's samples: a cleared latch stays clear in the peak's fall
    }

    /** Writes the level fields of a channel's meter block at {@code base}. */
    void write(float[] meters, int base) {
        meters[base + MeterBank.CH_IN_PEAK] = in.peak();
        meters[base + MeterBank.CH_IN_RMS] = in.rms();
        meters[base + MeterBank.CH_IN_HOLD] = in.hold();
        meters[base + MeterBank.CH_CLIP] = clipped ? 1f : 0f;
        meters[base + MeterBank.CH_PRE_PEAK] = pre.peak();
        meters[base + MeterBank.CH_PRE_RMS] = pre.rms();
        meters[base + MeterBank.CH_POST_PEAK_L] = postL.peak();
        meters[base + MeterBank.CH_POST_PEAK_R] = postR.peak();
        meters[base + MeterBank.CH_POST_RMS_L] = postL.rms();
        meters[base + MeterBank.CH_POST_RMS_R] = postR.rms();
    }

    void resetClip() {
        clipped = false;
    }

    void resetHolds() {
        in.resetHold();
    }

    void reset() {
        in.reset();
        pre.reset();
        postL.reset();
        postR.reset();
    }
}
