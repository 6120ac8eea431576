package org.jackdesk.engine.dsp;

import static org.jackdesk.engine.dsp.Sig.FS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Parameter jumps glide. The click detector is the second difference: a sine of amplitude B has
 * |x[n+1] − 2x[n] + x[n−1]| ≤ B·4sin²(ω/2), while a step or kink is broadband and spikes it. The
 * bound is 1.5 × that for the largest amplitude the output reaches (the extra 50 % covers the
 * envelope moving during the glide, whose own curvature is far smaller at a 10 ms glide).
 */
class SmoothingTest {
    private static final double F = 200;
    private static final double A = 0.5;

    private static double bound(double maxGainDb) {
        double w = 2 * Math.PI * F / FS;
        return 1.5 * A * Sig.dbfs(maxGainDb) * 4 * Math.pow(Math.sin(w / 2), 2);
    }

    @Test
    void eqGainJumpZeroToPlusFifteenDoesNotClick() {
        ParametricEq eq = new ParametricEq(1);
        eq.setBandFreqHz(1, (float) F);
        eq.setBandQ(1, 1);
        eq.prepare(FS, 32);
        float[] x = Sig.sine(F, A, 48000);
        float[] y = x.clone();
        float[][] bufs = {y};
        for (int off = 0; off < y.length; off += 32) {
            if (off == 9600) eq.setBandGainDb(1, 15);
            if (off == 24000) eq.setBandGainDb(1, -15);
            if (off == 33600) eq.setBandGainDb(1, 0);
            eq.process(bufs, off, 32);
        }
        assertTrue(Sig.maxCurvature(y, 1, y.length) <= bound(15), "curvature " + Sig.maxCurvature(y, 1, y.length));
        assertEquals(15, Sig.gainDb(x, y, 19200, 24000, F), 0.1, "reached +15 dB");
        assertEquals(0, Sig.gainDb(x, y, 43200, 48000, F), 0.01, "back to flat");

        // Control: switching the same coefficients abruptly breaks the bound, so the test can fail.
        Biquad raw = new Biquad();
        double[] c = new double[5];
        float[] z = x.clone();
        raw.process(z, 0, 9600);
        Rbj.peaking(FS, F, 15, 1, c);
        raw.setCoefficients(c);
        raw.process(z, 9600, 24000 - 9600);
        Rbj.peaking(FS, F, -15, 1, c);
        raw.setCoefficients(c);
        raw.process(z, 24000, z.length - 24000);
        assertTrue(Sig.maxCurvature(z, 1, z.length) > bound(15), "abrupt " + Sig.maxCurvature(z, 1, z.length));
    }

    /**
     * At Q 1. A fast sweep of a high-Q band releases the resonator's stored energy as a chirp at
     * the moving centre frequency (the sound of sweeping a real EQ); that is not a click but it
     * has more curvature than a 200 Hz sine, so this bound cannot judge high-Q sweeps.
     */
    @Test
    void eqFrequencyQAndTypeChangesDoNotClick() {
        ParametricEq eq = new ParametricEq(1);
        eq.setBandFreqHz(2, (float) F);
        eq.setBandGainDb(2, 12);
        eq.setBandQ(2, 1);
        eq.prepare(FS, 32);
        float[] x = Sig.sine(F, A, 48000);
        float[] y = x.clone();
        float[][] bufs = {y};
        for (int off = 0; off < y.length; off += 32) {
            if (off == 9600) eq.setBandFreqHz(2, 4000);
            if (off == 19200) eq.setBandFreqHz(2, 150);
            if (off == 28800) eq.setBandQ(2, 0.3f);
            if (off == 38400) eq.setBandType(2, ParametricEq.LOW_SHELF);
            eq.process(bufs, off, 32);
        }
        assertTrue(Sig.maxCurvature(y, 1, y.length) <= bound(12), "curvature " + Sig.maxCurvature(y, 1, y.length));
        double[] c = new double[5];
        Rbj.lowShelf(FS, 150, 12, 0.3, c);
        assertEquals(Rbj.magnitudeDb(c, FS, F), Sig.gainDb(x, y, 43200, 48000, F), 0.1);
    }

    @Test
    void eqBypassToggleDoesNotClick() {
        ParametricEq eq = new ParametricEq(1);
        eq.setBandFreqHz(1, (float) F);
        eq.setBandGainDb(1, -15);
        eq.prepare(FS, 32);
        float[] x = Sig.sine(F, A, 48000);
        float[] y = x.clone();
        float[][] bufs = {y};
        for (int off = 0; off < y.length; off += 32) {
            if (off == 9600) eq.setEnabled(false);
            if (off == 24000) eq.setEnabled(true);
            eq.process(bufs, off, 32);
        }
        // Linear 10 ms crossfade between two sines within A: |Δy| ≤ A·2sin(ω/2) + 2A/480.
        double stepBound = 1.05 * (A * 2 * Math.sin(Math.PI * F / FS) + 2 * A / 480.0);
        assertTrue(Sig.maxStep(y, 1, y.length) <= stepBound);
        assertEquals(0, Sig.gainDb(x, y, 14400, 24000, F), 0.01, "bypassed");
        assertEquals(-15, Sig.gainDb(x, y, 38400, 48000, F), 0.1, "active again");
    }
}
