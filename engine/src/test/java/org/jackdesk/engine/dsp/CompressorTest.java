package org.jackdesk.engine.dsp;

import static org.jackdesk.engine.dsp.Sig.FS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompressorTest {
    private static final double F = 997;

    /** Giannoulis/Massberg/Reiss 2012 eq. (4), written out independently: output level for input x. */
    private static double staticCurve(double x, double t, double r, double w) {
        if (2 * (x - t) < -w) return x;
        if (w > 0 && 2 * Math.abs(x - t) <= w) return x + (1 / r - 1) * Math.pow(x - t + w / 2, 2) / (2 * w);
        return t + (x - t) / r;
    }

    private static Compressor comp(float t, float r, float w) {
        Compressor c = new Compressor(1);
        c.setThresholdDb(t);
        c.setRatio(r);
        c.setKneeDb(w);
        c.setAttackMs(5);
        c.setReleaseMs(300);
        c.prepare(FS, 32);
        return c;
    }

    /** Steady-state gain in dB of a sine at {@code levelDb} (peak dBFS), measured over the last 0.5 s. */
    private static double steadyGainDb(Compressor c, double levelDb) {
        float[] x = Sig.sine(F, Sig.dbfs(levelDb), 96000);
        c.reset();
        float[] y = Sig.run(c::process, x, 32);
        return Sig.gainDb(x, y, 72000, 96000, F);
    }

    @ParameterizedTest(name = "{0} dBFS, rms {1}")
    @CsvSource({"-40, false", "-24, false", "-21, false", "-20, false", "-18, false", "-10, false", "0, false",
        "-40, true", "-21, true", "-10, true"})
    void steadyStateGainFollowsTheSoftKneeStaticCurve(double level, boolean rms) {
        Compressor c = comp(-20, 4, 6);
        c.setRms(rms);
        double expected = staticCurve(level, -20, 4, 6) - level;
        assertEquals(expected, steadyGainDb(c, level), 0.25);
        assertEquals(expected, c.gainReductionDb(), 0.25);
    }

    @Test
    void infiniteRatioHoldsTheThreshold() {
        Compressor c = comp(-30, 100, 0);
        for (double level : new double[] {-20, -5, 0}) {
            assertEquals(-30, level + steadyGainDb(c, level), 0.25, "output level for " + level);
        }
    }

    @Test
    void manualAndAutoMakeupAddUp() {
        Compressor c = comp(-20, 4, 0);
        c.setMakeupDb(6);
        assertEquals(6, steadyGainDb(c, -40), 0.05, "manual makeup below threshold");
        assertEquals(6 + (-15 + 7.5), steadyGainDb(c, -10), 0.25, "makeup on top of compression");
        c.setMakeupDb(0);
        c.setAutoMakeup(true);
        // Auto makeup = −G(0 dBFS)/2 = −(−20·(1 − 1/4))/2 = 7.5 dB.
        assertEquals(7.5, steadyGainDb(c, -40), 0.05, "auto makeup");
        c.setMakeupDb(3);
        assertEquals(10.5, steadyGainDb(c, -40), 0.05, "auto plus manual");
        assertEquals(0, c.gainReductionDb(), 1e-6, "gain reduction excludes makeup");
    }

    /** DC steps from −40 to −10 dBFS and back with T −30, ∞:1: the gain moves 20 dB each way. */
    @ParameterizedTest(name = "attack {0} ms, release {1} ms")
    @CsvSource({"10, 100", "1, 50", "30, 400"})
    void attackAndReleaseReachSixtyThreePercentInOneTimeConstant(float attackMs, float releaseMs) {
        Compressor c = new Compressor(1);
        c.setThresholdDb(-30);
        c.setRatio(100);
        c.setKneeDb(0);
        c.setAttackMs(attackMs);
        c.setReleaseMs(releaseMs);
        c.prepare(FS, 32);
        int up = 9600, down = 9600 + 48000, n = down + 96000;
        float lo = (float) Sig.dbfs(-40), hi = (float) Sig.dbfs(-10);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = i >= up && i < down ? hi : lo;
        float[] y = Sig.run(c::process, x, 32);
        int tAttack = -1, tRelease = -1;
        for (int i = up; i < down; i++) {
            if (20 * Math.log10(y[i] / x[i]) <= -20 * (1 - Math.exp(-1))) { tAttack = i - up; break; }
        }
        for (int i = down; i < n; i++) {
            if (20 * Math.log10(y[i] / x[i]) >= -20 * Math.exp(-1)) { tRelease = i - down; break; }
        }
        assertEquals(-20, 20 * Math.log10(y[down - 1] / x[down - 1]), 0.05, "settled on the curve");
        assertEquals(attackMs * FS / 1000, tAttack, 0.15 * attackMs * FS / 1000, "attack samples");
        assertEquals(releaseMs * FS / 1000, tRelease, 0.15 * releaseMs * FS / 1000, "release samples");
    }

    @Test
    void sidechainHighPassIgnoresLowFrequencies() {
        Compressor c = comp(-20, 4, 0);
        c.setReleaseMs(1000);
        float[] x = Sig.sine(40, Sig.dbfs(-10), 96000);
        float[] y = Sig.run(c::process, x, 32);
        assertTrue(Sig.gainDb(x, y, 72000, 96000, 40) < -5, "compresses a loud 40 Hz tone");
        c.setSidechainHpf(true, 300);
        c.reset();
        y = Sig.run(c::process, x, 32);
        // The detector sees the tone 35 dB down (12 dB/oct, two octaves and a bit): below threshold.
        assertEquals(0, Sig.gainDb(x, y, 72000, 96000, 40), 0.25);
        // And still compresses in-band material.
        float[] k = Sig.sine(F, Sig.dbfs(-10), 96000);
        c.reset();
        float[] z = Sig.run(c::process, k, 32);
        assertEquals(-7.5, Sig.gainDb(k, z, 72000, 96000, F), 0.25);
    }

    @Test
    void stereoIsLinkedOnTheLouderSide() {
        Compressor c = new Compressor(2);
        c.setThresholdDb(-20);
        c.setRatio(4);
        c.setKneeDb(0);
        c.setReleaseMs(300);
        c.prepare(FS, 32);
        float[] l = Sig.sine(F, Sig.dbfs(-10), 96000);
        float[] r = Sig.sine(F, Sig.dbfs(-40), 96000);
        float[][] bufs = {l.clone(), r.clone()};
        for (int off = 0; off < 96000; off += 32) c.process(bufs, off, 32);
        assertEquals(-7.5, Sig.gainDb(l, bufs[0], 72000, 96000, F), 0.25);
        assertEquals(-7.5, Sig.gainDb(r, bufs[1], 72000, 96000, F), 0.25);
    }
}
