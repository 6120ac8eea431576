package org.jackdesk.engine.dsp;

/**
 * One second-order section in transposed direct form II with double-precision state (float
 * state loses low-frequency precision at 48 kHz). Coefficients are normalised {b0,b1,b2,a1,a2};
 * see {@link Rbj} for the formulas.
 *
 * <p>Thread: {@link #process} on the audio thread only; {@link #setCoefficients} by the owner of
 * the filter on the same thread (processors recompute coefficients at a sub-block boundary).
 */
public final class Biquad {
    /** Below this the state is flushed to zero so that denormals never build up. */
    private static final double DENORMAL = 1e-25;

    private double b0 = 1, b1, b2, a1, a2;
    private double z1, z2;

    public void setCoefficients(double[] c) {
        b0 = c[0]; b1 = c[1]; b2 = c[2]; a1 = c[3]; a2 = c[4];
    }

    /**
     * The biquad cascade kernel every processor uses (the EQs, the high-pass, the limiter's
     * pre-filter, the K-weighting): filters {@code n} samples of {@code buf} from {@code off}, in
     * place, through {@code sections[0..count)} in series. Each section's output is rounded to
     * float before the next (as it is when stored in the buffer), so the result is bit-identical
     * to {@code count} separate {@link #process} calls, however the sections are fused (groups of
     * four, then two, then one: see {@link #process4}). Thread: audio (the owner of the sections).
     */
    public static void cascade(float[] buf, int off, int n, Biquad[] sections, int count) {
        int k = 0;
        for (; count - k >= 4; k += 4) process4(buf, off, n, sections[k], sections[k + 1], sections[k + 2], sections[k + 3]);
        if (count - k >= 2) {
            process2(buf, off, n, sections[k], sections[k + 1]);
            k += 2;
        }
        if (k < count) sections[k].process(buf, off, n);
    }

    /**
     * The stereo (or any-channel) form of {@link #cascade(float[], int, int, Biquad[], int)}:
     * channel {@code c} of {@code bufs[0..channels)} through its own {@code sections[c][0..count)}
     * (shared coefficients, separate states). Thread: audio.
     */
    public static void cascade(float[][] bufs, int channels, int off, int n, Biquad[][] sections, int count) {
        for (int c = 0; c < channels; c++) cascade(bufs[c], off, n, sections[c], count);
    }

    /** Filters {@code n} samples of {@code buf} from {@code off} in place. */
    public void process(float[] buf, int off, int n) {
        double b0 = this.b0, b1 = this.b1, b2 = this.b2, a1 = this.a1, a2 = this.a2;
        double z1 = this.z1, z2 = this.z2;
        for (int i = off, end = off + n; i < end; i++) {
            double x = buf[i];
            double y = b0 * x + z1;
            // Summed in this order so that only one multiply and one subtract wait for y: the
            // feedback chain (y → z1 → next y) is what limits a section's speed.
            z1 = (b1 * x + z2) - a1 * y;
            z2 = b2 * x - a2 * y;
            buf[i] = (float) y;
        }
        finish(buf, off, n, z1, z2);
    }

    /**
     * Filters {@code n} samples through four sections in series ({@code f0} first), in place, with
     * the same arithmetic as four {@link #process} calls (each section's output is rounded to float
     * before the next, as it is when stored in the buffer), but in one pass: the sections' feedback
     * chains are independent, so the CPU overlaps section k of one sample with section k+1 of the
     * previous one instead of waiting out each section's latency. A section with identity
     * coefficients and zero state passes the signal exactly.
     */
    public static void process4(float[] buf, int off, int n, Biquad f0, Biquad f1, Biquad f2, Biquad f3) {
        double p0 = f0.b0, p1 = f0.b1, p2 = f0.b2, p3 = f0.a1, p4 = f0.a2, u1 = f0.z1, u2 = f0.z2;
        double q0 = f1.b0, q1 = f1.b1, q2 = f1.b2, q3 = f1.a1, q4 = f1.a2, v1 = f1.z1, v2 = f1.z2;
        double r0 = f2.b0, r1 = f2.b1, r2 = f2.b2, r3 = f2.a1, r4 = f2.a2, w1 = f2.z1, w2 = f2.z2;
        double s0 = f3.b0, s1 = f3.b1, s2 = f3.b2, s3 = f3.a1, s4 = f3.a2, x1 = f3.z1, x2 = f3.z2;
        for (int i = off, end = off + n; i < end; i++) {
            double x = buf[i];
            double y = p0 * x + u1;
            u1 = (p1 * x + u2) - p3 * y;
            u2 = p2 * x - p4 * y;
            x = (float) y;
            y = q0 * x + v1;
            v1 = (q1 * x + v2) - q3 * y;
            v2 = q2 * x - q4 * y;
            x = (float) y;
            y = r0 * x + w1;
            w1 = (r1 * x + w2) - r3 * y;
            w2 = r2 * x - r4 * y;
            x = (float) y;
            y = s0 * x + x1;
            x1 = (s1 * x + x2) - s3 * y;
            x2 = s2 * x - s4 * y;
            buf[i] = (float) y;
        }
        f0.finish(buf, off, n, u1, u2);
        f1.finish(buf, off, n, v1, v2);
        f2.finish(buf, off, n, w1, w2);
        f3.finish(buf, off, n, x1, x2);
    }

    /** Two sections in series, in one pass (see {@link #process4}). */
    public static void process2(float[] buf, int off, int n, Biquad f0, Biquad f1) {
        double p0 = f0.b0, p1 = f0.b1, p2 = f0.b2, p3 = f0.a1, p4 = f0.a2, u1 = f0.z1, u2 = f0.z2;
        double q0 = f1.b0, q1 = f1.b1, q2 = f1.b2, q3 = f1.a1, q4 = f1.a2, v1 = f1.z1, v2 = f1.z2;
        for (int i = off, end = off + n; i < end; i++) {
            double x = buf[i];
            double y = p0 * x + u1;
            u1 = (p1 * x + u2) - p3 * y;
            u2 = p2 * x - p4 * y;
            x = (float) y;
            y = q0 * x + v1;
            v1 = (q1 * x + v2) - q3 * y;
            v2 = q2 * x - q4 * y;
            buf[i] = (float) y;
        }
        f0.finish(buf, off, n, u1, u2);
        f1.finish(buf, off, n, v1, v2);
    }

    /**
     * Filters {@code n} samples while moving the coefficients linearly, per sample, from
     * {@code from} to {@code to}; afterwards the filter holds {@code to}. Used while a parameter
     * glides so that no coefficient ever jumps at a sub-block boundary.
     *
     * <p>Why this is safe: the stable region of (a1, a2) for a second-order section is the
     * triangle |a2| &lt; 1, |a1| &lt; 1 + a2 (Jury's criterion), which is convex, so every point on
     * the line between two stable coefficient sets is stable too (identity {1,0,0,0,0} included).
     */
    public void processRamp(float[] buf, int off, int n, double[] from, double[] to) {
        double inv = 1.0 / n;
        double d0 = (to[0] - from[0]) * inv, d1 = (to[1] - from[1]) * inv, d2 = (to[2] - from[2]) * inv;
        double d3 = (to[3] - from[3]) * inv, d4 = (to[4] - from[4]) * inv;
        double b0 = from[0], b1 = from[1], b2 = from[2], a1 = from[3], a2 = from[4];
        double z1 = this.z1, z2 = this.z2;
        for (int i = off, end = off + n; i < end; i++) {
            b0 += d0; b1 += d1; b2 += d2; a1 += d3; a2 += d4;
            double x = buf[i];
            double y = b0 * x + z1;
            z1 = (b1 * x + z2) - a1 * y;
            z2 = b2 * x - a2 * y;
            buf[i] = (float) y;
        }
        setCoefficients(to);
        finish(buf, off, n, z1, z2);
    }

    /**
     * Copies this section's coefficients and state into a {@link BiquadBank}'s lane-major arrays:
     * coefficient j of section {@code s} of lane {@code lane} at {@code coef[(s * 5 + j) * stride + lane]},
     * state at {@code state[(s * 2 + j) * stride + lane]}. Thread: audio (the owner).
     */
    void exportLane(double[] coef, double[] state, int s, int stride, int lane) {
        int c = s * 5 * stride + lane;
        coef[c] = b0;
        coef[c + stride] = b1;
        coef[c + 2 * stride] = b2;
        coef[c + 3 * stride] = a1;
        coef[c + 4 * stride] = a2;
        int z = s * 2 * stride + lane;
        state[z] = z1;
        state[z + stride] = z2;
    }

    /**
     * Takes back the state a bank computed for this section over {@code buf[off, off+n)}, with the
     * same denormal flush and non-finite reset as {@link #process}. Thread: audio (the owner).
     */
    void importLane(float[] buf, int off, int n, double[] state, int s, int stride, int lane) {
        int z = s * 2 * stride + lane;
        finish(buf, off, n, state[z], state[z + stride]);
    }

    private void finish(float[] buf, int off, int n, double z1, double z2) {
        if (Math.abs(z1) < DENORMAL) z1 = 0;
        if (Math.abs(z2) < DENORMAL) z2 = 0;
        if (!Double.isFinite(z1) || !Double.isFinite(z2)) {
            // A non-finite state would ring forever: reset and silence this sub-block.
            z1 = 0; z2 = 0;
            for (int i = off, end = off + n; i < end; i++) buf[i] = 0f;
        }
        this.z1 = z1;
        this.z2 = z2;
    }

    /** Filters one sample (for detectors and side-chains). */
    public double tick(double x) {
        double y = b0 * x + z1;
        z1 = (b1 * x + z2) - a1 * y;
        z2 = b2 * x - a2 * y;
        return y;
    }

    /** Flushes denormal or non-finite state after a run of {@link #tick} calls. */
    public void sanitize() {
        if (Math.abs(z1) < DENORMAL || !Double.isFinite(z1)) z1 = 0;
        if (Math.abs(z2) < DENORMAL || !Double.isFinite(z2)) z2 = 0;
    }

    public void reset() {
        z1 = 0;
        z2 = 0;
    }
}
