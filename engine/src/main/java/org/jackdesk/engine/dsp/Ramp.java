package org.jackdesk.engine.dsp;

/**
 * A linear ramp towards a target, advanced one sub-block at a time (the JUCE
 * {@code SmoothedValue<Linear>} idea): any change of target is reached in exactly
 * {@code rampSamples}, so the per-sample step is bounded by |target - start| / rampSamples.
 * The ramp accumulates in double precision: in float, 960 steps drift enough that the final
 * snap to the target was measured 17 % larger than the linear step.
 *
 * <p>Thread: audio only. {@link #setTarget} is called by the processor that owns it when it
 * pulls new parameter values at a sub-block boundary.
 */
public final class Ramp {
    private final float rampMs;
    private int rampSamples = 1;
    private double current;
    private float target;
    private double step;
    private int remaining;

    public Ramp(float rampMs, float initial) {
        this.rampMs = rampMs;
        this.current = initial;
        this.target = initial;
    }

    public void prepare(float sampleRate) {
        rampSamples = Math.max(1, Math.round(rampMs * 0.001f * sampleRate));
    }

    public void setTarget(float value) {
        if (value == target) return;
        target = value;
        remaining = rampSamples;
        step = (target - current) / rampSamples;
    }

    /** {@link #snap} to {@code value} if {@code snap}, else {@link #setTarget} (a parameter pull). */
    public void moveTo(float value, boolean snap) {
        if (snap) snap(value);
        else setTarget(value);
    }

    /** Jumps to {@code value} with no ramp (initial state, offline setup). */
    public void snap(float value) {
        target = value;
        current = value;
        remaining = 0;
        step = 0;
    }

    /** Samples any change of target takes to arrive (after {@link #prepare}). */
    public int rampSamples() {
        return rampSamples;
    }

    public boolean isRamping() {
        return remaining > 0;
    }

    public float current() {
        return (float) current;
    }

    public float target() {
        return target;
    }

    /** Multiplies {@code buf[off..off+n)} by the ramp and advances it by {@code n} samples. */
    public void applyGain(float[] buf, int off, int n) {
        if (remaining == 0) {
            float g = (float) current;
            if (g == 1f) return;
            for (int i = off, end = off + n; i < end; i++) buf[i] *= g;
            return;
        }
        double g = current;
        int r = remaining;
        for (int i = off, end = off + n; i < end; i++) {
            if (r > 0) {
                g += step;
                if (--r == 0) g = target;
            }
            buf[i] *= (float) g;
        }
        current = g;
        remaining = r;
    }

    /**
     * Adds {@code src[0..n) * ramp} into {@code dst[0..n)} and advances by {@code n} samples (bus
     * sends and sums). A ramp resting at 0 adds nothing and costs nothing.
     */
    public void accumulate(float[] src, float[] dst, int n) {
        if (remaining == 0) {
            float g = (float) current;
            if (g == 0f) return;
            for (int i = 0; i < n; i++) dst[i] += src[i] * g;
            return;
        }
        double g = current;
        int r = remaining;
        for (int i = 0; i < n; i++) {
            if (r > 0) {
                g += step;
                if (--r == 0) g = target;
            }
            dst[i] += src[i] * (float) g;
        }
        current = g;
        remaining = r;
    }

    /** Writes {@code src[0..n) * ramp} into {@code dst[0..n)} and advances by {@code n} samples. */
    public void applyTo(float[] src, float[] dst, int n) {
        if (remaining == 0) {
            float g = (float) current;
            for (int i = 0; i < n; i++) dst[i] = src[i] * g;
            return;
        }
        double g = current;
        int r = remaining;
        for (int i = 0; i < n; i++) {
            if (r > 0) {
                g += step;
                if (--r == 0) g = target;
            }
            dst[i] = src[i] * (float) g;
        }
        current = g;
        remaining = r;
    }

    /** Advances by {@code n} samples without applying (a bypassed stage keeps time). */
    public void skip(int n) {
        if (remaining == 0) return;
        if (n >= remaining) {
            current = target;
            remaining = 0;
        } else {
            current += step * n;
            remaining -= n;
        }
    }

    /** Value the ramp will have after {@code n} more samples, without advancing. */
    public float peek(int n) {
        if (remaining == 0) return (float) current;
        return n >= remaining ? target : (float) (current + step * n);
    }

    /** True when the ramp is at rest at exactly 0 (the stage it scales is silent). */
    public boolean isSilent() {
        return remaining == 0 && current == 0.0;
    }
}
