package org.jackdesk.engine.dsp;

/**
 * Mid/side stereo width for the main bus: M = (L+R)/2, S = (L-R)/2, S scaled by width, back to
 * L = M+S, R = M-S. 0 % is mono (L == R), 100 % leaves the signal untouched (bit-exact: the stage
 * is skipped), 200 % doubles the side signal. Also a correlation meter on the output:
 * r = sum(L*R) / sqrt(sum(L^2) * sum(R^2)) over an exponential window of about 300 ms (the usual
 * phase-meter integration), -1 .. +1, 0 when there is no signal.
 *
 * <p>Thread: {@link #process}/{@link #reset} on the audio thread; setters too, from the parameter
 * pull (the package's DSP contract: they only store). The width is ramped over 20 ms; {@link #setEnabled} crossfades by ramping the effective
 * width to 100 %, which is the same as a linear dry/wet crossfade for this linear stage.
 */
public final class StereoWidth {
    private static final float RAMP_MS = 20f;
    private static final float METER_MS = 300f;

    private float widthPercent = 100f;
    private boolean enabled = true;
    private final Ramp width = new Ramp(RAMP_MS, 1f);
    private double meterCoef;
    private double sLR, sLL, sRR;
    private volatile float correlation;

    /** @param channels must be 2 (a mono bus has no width) */
    public StereoWidth(int channels) {
        if (channels != 2) throw new IllegalArgumentException("StereoWidth needs 2 channels, got " + channels);
    }

    public void prepare(float sampleRate, int maxFrames) {
        width.prepare(sampleRate);
        meterCoef = Math.exp(-1.0 / (METER_MS * 0.001 * sampleRate));
        width.snap(effectiveWidth());
        reset();
    }

    /** Width in percent, clamped to 0 .. 200. */
    public void setWidthPercent(float percent) {
        widthPercent = Math.max(0f, Math.min(200f, percent));
    }

    public float widthPercent() {
        return widthPercent;
    }

    public void setEnabled(boolean on) {
        enabled = on;
    }

    private float effectiveWidth() {
        return enabled ? widthPercent / 100f : 1f;
    }

    /** Phase correlation of the last ~300 ms of output, -1 .. +1. */
    public float correlation() {
        return correlation;
    }

    public void reset() {
        sLR = 0;
        sLL = 0;
        sRR = 0;
        correlation = 0f;
    }

    public void process(float[][] bufs, int off, int n) {
        width.setTarget(effectiveWidth());
        float[] l = bufs[0], r = bufs[1];
        if (width.isRamping() || width.current() != 1f) {
            float w = width.current();
            float step = n > 0 ? (width.peek(n) - w) / n : 0f;
            for (int i = off, end = off + n; i < end; i++) {
                w += step;
                float a = l[i], b = r[i];
                float m = 0.5f * (a + b);
                float s = 0.5f * (a - b) * w;
                l[i] = m + s;
                r[i] = m - s;
            }
            width.skip(n);
        }
        meter(l, r, off, n);
    }

    private void meter(float[] l, float[] r, int off, int n) {
        double c = meterCoef, lr = sLR, ll = sLL, rr = sRR;
        for (int i = off, end = off + n; i < end; i++) {
            double a = l[i], b = r[i];
            lr = c * lr + a * b;
            ll = c * ll + a * a;
            rr = c * rr + b * b;
        }
        if (!(Math.abs(lr) < 1e30) || !(ll < 1e30) || !(rr < 1e30)) { lr = 0; ll = 0; rr = 0; }
        if (ll < 1e-20) ll = 0;
        if (rr < 1e-20) rr = 0;
        if (Math.abs(lr) < 1e-20) lr = 0;
        sLR = lr;
        sLL = ll;
        sRR = rr;
        double den = Math.sqrt(ll * rr);
        correlation = den > 1e-12 ? (float) Math.max(-1, Math.min(1, lr / den)) : 0f;
    }
}
