package org.jackdesk.engine.dsp;

/**
 * Butterworth high-pass, 12 dB/oct (one RBJ cookbook high-pass section, Q = 1/√2) or 24 dB/oct
 * (two sections, Q = 1/(2cos(π/8)) ≈ 0.5412 and 1/(2cos(3π/8)) ≈ 1.3066, the 4th-order
 * Butterworth pole pairs). The cookbook's bilinear transform is prewarped at f0, so the response
 * at the set frequency is exactly −3.01 dB in both slopes.
 *
 * <p>Smoothing: the cutoff glides in log frequency (two-pole, 2 × 5 ms, see {@link Smoother}); coefficients are recomputed
 * per sub-block while it moves and interpolated per sample ({@link Biquad#processRamp}). A slope
 * change morphs instead of switching: the first section's Q glides between 0.7071 and 0.5412 and
 * the second section blends from identity to its high-pass (a convex mix, so stable throughout),
 * both over 2 × 15 ms.
 *
 * <p>Threads: setters and {@link #setEnabled} on the audio thread, from the parameter pull (the
 * package's DSP contract; values are picked up at the next sub-block); {@link #prepare} before use, off the audio thread; {@link #process} and
 * {@link #reset} on the audio thread.
 */
public final class HighPass {
    private static final double Q_12 = Math.sqrt(0.5);
    private static final double Q_24_A = 1.0 / (2.0 * Math.cos(Math.PI / 8.0));
    private static final double Q_24_B = 1.0 / (2.0 * Math.cos(3.0 * Math.PI / 8.0));
    /** Per stage of the two-pole glide (see {@link Smoother}): cutoff sweeps. */
    private static final double SMOOTH_MS = 5.0;
    /** Slope changes move the a-coefficients far (identity ↔ high-pass): glide slower. */
    private static final double MORPH_MS = 15.0;
    private static final double[] IDENTITY = {1, 0, 0, 0, 0};

    private final int channels;
    private final Biquad[] stage1;
    private final Biquad[] stage2;
    /** Per channel {stage1, stage2}: the settled 24 dB/oct cascade. */
    private final Biquad[][] sections;
    private final BypassFade bypass = new BypassFade();
    private final Smoother logFreq = new Smoother(SMOOTH_MS, 1e-5);
    private final Smoother q1 = new Smoother(MORPH_MS, 1e-6);
    private final Smoother blend = new Smoother(MORPH_MS, 1e-5);
    private final double[] c1From = new double[5];
    private final double[] c1To = new double[5];
    private final double[] c2From = new double[5];
    private final double[] c2To = new double[5];
    private final double[] scratch = new double[5];

    private float freqHz = 80f;
    private boolean slope24;
    private boolean dirty = true;

    private float sampleRate;
    /** Signal state and coefficients must start fresh (after prepare, reset, bypass). */
    private boolean stale = true;
    private boolean stage2Active;
    /** The bypass mode {@link #startSub} began the current sub-block with. */
    private int subMode;

    public HighPass(int channels) {
        Dsp.checkChannels(channels);
        this.channels = channels;
        stage1 = new Biquad[channels];
        stage2 = new Biquad[channels];
        for (int c = 0; c < channels; c++) {
            stage1[c] = new Biquad();
            stage2[c] = new Biquad();
        }
        sections = new Biquad[channels][];
        for (int c = 0; c < channels; c++) sections[c] = new Biquad[] {stage1[c], stage2[c]};
    }

    /** Thread: not the audio thread while it runs. Allocates everything; snaps parameters. */
    public void prepare(float sampleRate, int maxFrames) {
        Dsp.checkPrepare(sampleRate, maxFrames);
        this.sampleRate = sampleRate;
        logFreq.prepare(sampleRate);
        q1.prepare(sampleRate);
        blend.prepare(sampleRate);
        bypass.prepare(sampleRate, channels, maxFrames);
        pullTargets();
        reset();
    }

    /** Cutoff in Hz, clamped to [20, 400]; NaN ignored. Thread: audio (the DSP contract). */
    public void setFreqHz(float hz) {
        if (Float.isNaN(hz)) return;
        freqHz = Dsp.clamp(hz, 20f, 400f);
        dirty = true;
    }

    /** true = 24 dB/oct, false = 12 dB/oct. Thread: audio (the DSP contract). */
    public void setSlope24(boolean on) {
        slope24 = on;
        dirty = true;
    }

    /** false = bypass (10 ms crossfade). Thread: audio (the DSP contract). */
    public void setEnabled(boolean on) {
        bypass.setEnabled(on);
    }

    /** Clears the filter state and finishes any glide or fade. Thread: audio (or before start). */
    public void reset() {
        if (dirty) pullTargets();
        logFreq.snap();
        q1.snap();
        blend.snap();
        bypass.reset();
        stale = true;
    }

    /** Filters {@code bufs[0..channels)} over [off, off+n) in place, n ≤ maxFrames. Thread: audio. */
    public void process(float[][] bufs, int off, int n) {
        while (n > 0) {
            int m = Math.min(n, Dsp.SUB_BLOCK);
            processSub(bufs, off, m);
            off += m;
            n -= m;
        }
    }

    private void pullTargets() {
        dirty = false;
        logFreq.setTarget(Math.log(Math.min(freqHz, 0.45f * sampleRateOr48k())));
        boolean s24 = slope24;
        q1.setTarget(s24 ? Q_24_A : Q_12);
        blend.setTarget(s24 ? 1.0 : 0.0);
    }

    private float sampleRateOr48k() {
        return sampleRate > 0 ? sampleRate : 48000f;
    }

    private void processSub(float[][] bufs, int off, int n) {
        startSub(bufs, off, n, null);
        finishSub(bufs, off, n);
    }

    /**
     * The first part of one sub-block of {@code n ≤ }{@link Dsp#SUB_BLOCK} frames: everything up to
     * the filtering; a settled cascade is queued in {@code bank} (run by the bank's owner before
     * {@link #finishSub}) or, without a bank, run here. {@link #process} is this followed by
     * {@link #finishSub}, so the two paths are one. Thread: audio.
     */
    public void startSub(float[][] bufs, int off, int n, BiquadBank bank) {
        if (dirty) pullTargets();
        int mode = bypass.begin();
        subMode = mode;
        boolean moved = logFreq.advance(n) | q1.advance(n) | blend.advance(n);
        if (mode == BypassFade.BYPASS) {
            stale = true;
            return;
        }
        boolean ramp = false;
        if (stale) {
            stale = false;
            for (int c = 0; c < channels; c++) {
                stage1[c].reset();
                stage2[c].reset();
            }
            computeCoefficients(c1To, c2To);
            for (int c = 0; c < channels; c++) {
                stage1[c].setCoefficients(c1To);
                stage2[c].setCoefficients(c2To);
            }
            stage2Active = blend.current() > 0;
        } else if (moved) {
            System.arraycopy(c1To, 0, c1From, 0, 5);
            System.arraycopy(c2To, 0, c2From, 0, 5);
            computeCoefficients(c1To, c2To);
            ramp = true;
        }
        if (mode == BypassFade.FADE) bypass.saveDry(bufs, channels, off, n);

        if (!ramp && stage2Active && blend.current() > 0) {
            // Settled 24 dB/oct: both sections in one pass.
            cascade(bufs, off, n, 2, bank);
        } else if (!ramp && !stage2Active && !(blend.current() > 0)) {
            // Settled 12 dB/oct: the first section alone (what processSections would run).
            cascade(bufs, off, n, 1, bank);
        } else {
            processSections(bufs, off, n, ramp);
        }
    }

    private void cascade(float[][] bufs, int off, int n, int count, BiquadBank bank) {
        if (bank != null) bank.add(bufs, channels, sections, count, off, n);
        else Biquad.cascade(bufs, channels, off, n, sections, count);
    }

    /** The rest of the sub-block {@link #startSub} began, after its bank ran. Thread: audio. */
    public void finishSub(float[][] bufs, int off, int n) {
        int mode = subMode;
        if (mode == BypassFade.BYPASS) return;
        if (mode == BypassFade.FADE) bypass.mix(bufs, channels, off, n);
        if (!Dsp.sanitize(bufs, channels, off, n)) stale = true;
    }

    private void computeCoefficients(double[] s1, double[] s2) {
        double fs = sampleRate;
        double f = Math.exp(logFreq.current());
        Rbj.highPass(fs, f, q1.current(), s1);
        double b = blend.current();
        if (b <= 0) {
            System.arraycopy(IDENTITY, 0, s2, 0, 5);
        } else {
            Rbj.highPass(fs, f, Q_24_B, scratch);
            for (int k = 0; k < 5; k++) s2[k] = IDENTITY[k] + b * (scratch[k] - IDENTITY[k]);
        }
    }

    private void processSections(float[][] bufs, int off, int n, boolean ramp) {
        for (int c = 0; c < channels; c++) {
            if (ramp) stage1[c].processRamp(bufs[c], off, n, c1From, c1To);
            else stage1[c].process(bufs[c], off, n);
        }
        if (blend.current() > 0) {
            if (!stage2Active) {
                // Coming back from identity: zero state is exactly the identity's state.
                stage2Active = true;
                for (int c = 0; c < channels; c++) stage2[c].reset();
            }
            for (int c = 0; c < channels; c++) {
                if (ramp) stage2[c].processRamp(bufs[c], off, n, c2From, c2To);
                else stage2[c].process(bufs[c], off, n);
            }
        } else if (stage2Active) {
            // Blend snapped to 0 (within 1e-5 of identity): drop the section.
            stage2Active = false;
            for (int c = 0; c < channels; c++) {
                stage2[c].reset();
                stage2[c].setCoefficients(IDENTITY);
            }
        }
    }
}
