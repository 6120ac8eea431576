package org.jackdesk.engine.fx;

import org.jackdesk.engine.dsp.Biquad;
import org.jackdesk.engine.dsp.Rbj;

/**
 * Stereo and ping-pong delay with a high-pass and a low-pass in the feedback loop (the tape-echo
 * and "analog delay" structure; Zölzer, DAFX, 2nd ed., ch. 2 "Delays"). Stereo: each side its own
 * echoes. Ping-pong: the sum of both inputs enters the left line, each line feeds the other, so
 * the echoes alternate left, right, left…
 *
 * <p><b>Time changes never click: a bounded glide.</b> The read position moves towards the new
 * time by at most {@link #GLIDE} samples per sample (the output is resampled by at most ±25 %
 * while it moves, like a tape echo's head), read with linear interpolation; at rest on a whole
 * number of samples the read is exact, so an impulse comes back sample-exact at the set time. A
 * signal whose own step is at most s per sample therefore steps at most s·(1 + {@link #GLIDE})
 * while the time moves.
 *
 * <p>Memory: {@link #MAX_MS} plus a sub-block per side at the engine's sample rate, allocated in
 * {@link #prepare}. Thread: see {@link FxUnit}.
 */
public final class StereoDelay implements FxUnit {
    public static final float MAX_MS = 3000f;
    /** The most the read position moves per sample while the time glides. */
    static final double GLIDE = 0.25;

    /**
     * Length of each {@code Params.DELAY_SYNC} choice in quarter notes (index 0, off, unused):
     * 1/1, 1/2, 1/2 dotted (×1.5), 1/2 triplet (×2/3), 1/4, …, 1/16 triplet.
     */
    private static final double[] QUARTERS = {0, 4, 2, 3, 4.0 / 3, 1, 1.5, 2.0 / 3, 0.5, 0.75, 1.0 / 3, 0.25, 0.375, 1.0 / 6};

    /**
     * The delay time in ms: {@code timeMs} when {@code sync} is 0 (off), else the note value
     * {@code sync} at {@code bpm} (a quarter note lasts 60 000 / bpm ms); at most {@link #MAX_MS}.
     */
    public static float timeMs(int sync, float timeMs, float bpm) {
        double ms = sync <= 0 || sync >= QUARTERS.length ? timeMs : QUARTERS[sync] * 60000.0 / bpm;
        return (float) Math.min(MAX_MS, ms);
    }

    private final Line lineL = new Line(), lineR = new Line();
    private final Line[] memory = {lineL, lineR};
    private final Biquad hpL = new Biquad(), hpR = new Biquad(), lpL = new Biquad(), lpR = new Biquad();
    private final double[] coef = new double[5];
    private float fs = 48000f;

    private boolean dirty = true;
    private float delayMs = 400f, feedbackPct, lowcutHz, highcutHz;
    private boolean pingPong;

    private double target = 1, pos = -1;
    private float fb;
    private boolean hpOn, lpOn;

    @Override
    public void prepare(float sampleRate) {
        fs = sampleRate;
        int max = (int) Math.ceil(MAX_MS * 0.001 * sampleRate) + 2;
        lineL.allocate(max);
        lineR.allocate(max);
        dirty = true;
    }

    @Override
    public void set(FxParams p) {
        if (p.delayMs != delayMs || p.feedbackPct != feedbackPct || p.lowcutHz != lowcutHz
                || p.highcutHz != highcutHz || p.pingPong != pingPong) {
            delayMs = p.delayMs;
            feedbackPct = p.feedbackPct;
            lowcutHz = p.lowcutHz;
            highcutHz = p.highcutHz;
            pingPong = p.pingPong;
            dirty = true;
        }
    }

    private void update() {
        dirty = false;
        double d = Math.min(MAX_MS, Math.max(1f, delayMs)) * 0.001 * fs;
        // A whole number of samples when the time is one (500 ms at 48 kHz is 24000 samples exactly).
        double r = Math.rint(d);
        target = Math.abs(d - r) < 1e-6 ? r : d;
        target = Math.min(target, lineL.capacity() - 1);
        if (pos < 0) pos = target;
        fb = Math.min(0.95f, Math.max(0f, feedbackPct * 0.01f));
        hpOn = lowcutHz > FxParams.LOWCUT_OFF_HZ;
        lpOn = highcutHz < FxParams.HIGHCUT_OFF_HZ && highcutHz < 0.45f * fs;
        if (hpOn) {
            Rbj.highPass(fs, lowcutHz, Math.sqrt(0.5), coef);
            hpL.setCoefficients(coef);
            hpR.setCoefficients(coef);
        }
        if (lpOn) {
            Rbj.lowPass(fs, highcutHz, Math.sqrt(0.5), coef);
            lpL.setCoefficients(coef);
            lpR.setCoefficients(coef);
        }
    }

    /** The read position now, in samples (tests: the glide's bound). */
    double delaySamples() {
        return pos;
    }

    @Override
    public void process(float[] inL, float[] inR, float[] outL, float[] outR, int m) {
        if (dirty) update();
        double p = pos, t = target;
        float g = fb;
        boolean pp = pingPong;
        for (int i = 0; i < m; i++) {
            double step = t - p;
            if (step > GLIDE) step = GLIDE;
            else if (step < -GLIDE) step = -GLIDE;
            p += step;
            // Read before write: the last write was one sample ago, so delay D reads D - 1 back.
            float yl = lineL.readFrac(p - 1);
            float yr = lineR.readFrac(p - 1);
            float fl = loop(yl, hpL, lpL), fr = loop(yr, hpR, lpR);
            if (pp) {
                lineL.write(0.5f * (inL[i] + inR[i]) + g * fr);
                lineR.write(g * fl);
            } else {
                lineL.write(inL[i] + g * fl);
                lineR.write(inR[i] + g * fr);
            }
            outL[i] = yl;
            outR[i] = yr;
        }
        pos = Math.abs(t - p) < 1e-9 ? t : p;
        hpL.sanitize();
        hpR.sanitize();
        lpL.sanitize();
        lpR.sanitize();
    }

    private float loop(float y, Biquad hp, Biquad lp) {
        double v = y;
        if (hpOn) v = hp.tick(v);
        if (lpOn) v = lp.tick(v);
        return (float) v;
    }

    @Override
    public long tailSamples() {
        // Repeats fall by fb each: 120 dB after log(1e-6)/log(fb) repeats (filters only shorten it).
        double d = Math.max(target, pos) + 1;
        if (fb <= 0f) return (long) d + 64;
        double repeats = Math.log(1e-6) / Math.log(fb);
        return (long) Math.min(Long.MAX_VALUE / 4, Math.ceil((repeats + 1) * d)) + 64;
    }

    @Override
    public Line[] lines() {
        return memory;
    }

    @Override
    public void resetState() {
        hpL.reset();
        hpR.reset();
        lpL.reset();
        lpR.reset();
        pos = target;
    }
}
