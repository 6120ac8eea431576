package org.jackdesk.engine.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;

/** The multiband compressor: its Linkwitz–Riley bands sum flat, each band compresses on its own. */
class MultibandCompressorTest {
    private static final int FS = 48000;

    private static MultibandCompressor unit(int bands, boolean midSide) {
        MultibandCompressor m = new MultibandCompressor();
        m.prepare(FS, 256);
        m.setBands(bands);
        m.setMidSide(midSide);
        m.setCrossoverHz(0, 120f);
        m.setCrossoverHz(1, bands == 3 ? 2500f : 1000f);
        m.setCrossoverHz(2, 6000f);
        for (int b = 0; b < MultibandCompressor.MAX_BANDS; b++) {
            m.setThresholdDb(b, 0f);
            m.setRatio(b, 1f);
        }
        return m;
    }

    private static void run(MultibandCompressor m, float[][] x) {
        for (int off = 0; off < x[0].length; off += 256) m.process(x, off, Math.min(256, x[0].length - off));
    }

    @Test
    void theBandsAtUnitySumFlatWithin0_01dBFrom20HzTo20kHz() {
        for (int bands : new int[] {3, 4}) {
            for (boolean ms : new boolean[] {false, true}) {
                MultibandCompressor m = unit(bands, ms);
                int n = 1 << 16;
                float[][] x = new float[2][n];
                x[0][0] = 1f;
                x[1][0] = 1f;
                run(m, x);
                double[] h = new double[n];
                for (int i = 0; i < n; i++) h[i] = x[0][i];
                new DoubleFFT_1D(n).realForward(h);
                double worst = 0, at = 0;
                for (int k = 1; k < n / 2; k++) {
                    double f = (double) k * FS / n;
                    if (f < 20 || f > 20000) continue;
                    double db = 10 * Math.log10(h[2 * k] * h[2 * k] + h[2 * k + 1] * h[2 * k + 1]);
                    if (Math.abs(db) > Math.abs(worst)) {
                        worst = db;
                        at = f;
                    }
                }
                assertEquals(0.0, worst, 0.01, bands + " bands" + (ms ? " mid/side" : "") + ": worst at " + Math.round(at) + " Hz");
            }
        }
    }

    /** Steady-state gain (dB) of a stereo sine at {@code hz}, amplitude {@code a}, through {@code m}. */
    private static double sineGainDb(MultibandCompressor m, double hz, double a) {
        int n = FS * 2;
        float[][] x = new float[2][n];
        for (int i = 0; i < n; i++) x[0][i] = x[1][i] = (float) (a * Math.sin(2 * Math.PI * hz * i / FS));
        run(m, x);
        double p = 0;
        int from = n - FS / 2;
        for (int i = from; i < n; i++) p += (double) x[0][i] * x[0][i];
        return 10 * Math.log10(p / (n - from) / (a * a / 2));
    }

    @Test
    void aBandFollowsItsStaticCurveOnItsOwn() {
        // 3 bands at 120 Hz and 2.5 kHz: 550 Hz is the middle band's centre (geometric mean).
        for (double levelDb : new double[] {-40, -30, -20, -10}) {
            MultibandCompressor m = unit(3, false);
            m.setThresholdDb(1, -30f);
            m.setRatio(1, 4f);
            m.setAttackMs(1, 5f);
            m.setReleaseMs(1, 50f);
            double a = Math.pow(10, levelDb / 20) * Math.sqrt(2); // the sine's RMS level is levelDb
            double want = GainComputer.gainDb(levelDb, -30, GainComputer.slope(4), MultibandCompressor.KNEE_DB);
            assertEquals(want, sineGainDb(m, 550, a), 0.3, "the middle band at " + levelDb + " dB RMS");
        }
    }

    @Test
    void aToneInOneBandTriggersOnlyThatBandsReduction() {
        MultibandCompressor m = unit(4, false);
        for (int b = 0; b < 4; b++) {
            m.setThresholdDb(b, -30f);
            m.setRatio(b, 4f);
        }
        // 4 bands at 120 Hz, 1 kHz, 6 kHz: 350 Hz sits in band 2, 1.5 octaves from either crossover.
        double g = sineGainDb(m, 350, 0.3);
        assertTrue(m.gainReductionDb(1) < -8, "band 2 compresses: " + m.gainReductionDb(1));
        for (int b : new int[] {0, 2, 3}) {
            assertTrue(m.gainReductionDb(b) > -0.5, "band " + (b + 1) + " does not: " + m.gainReductionDb(b));
        }
        assertEquals(m.gainReductionDb(1), g, 1.0, "the tone loses what its band reduces");
    }

    @Test
    void soloPlaysOneBandAndGainLiftsIt() {
        MultibandCompressor m = unit(3, false);
        m.setSolo(0, true);
        assertTrue(sineGainDb(m, 550, 0.1) < -30, "the middle band is not heard while the low one is soloed");
        MultibandCompressor g = unit(3, false);
        g.setGainDb(1, 6f);
        assertEquals(6.0, sineGainDb(g, 550, 0.1), 0.3, "the middle band's gain");
        g.setBypass(1, true);
        assertEquals(0.0, sineGainDb(g, 550, 0.1), 0.3, "a bypassed band passes at unity (no reduction, no gain)");
    }

    @Test
    void midSideLeavesAMonoSignalsSideSilentAndNaNIsContained() {
        MultibandCompressor m = unit(3, true);
        m.setThresholdDb(0, -40f);
        m.setRatio(0, 8f);
        float[][] x = new float[2][FS];
        for (int i = 0; i < FS; i++) x[0][i] = x[1][i] = (float) (0.3 * Math.sin(2 * Math.PI * 80 * i / FS));
        run(m, x);
        assertArrayEquals(x[0], x[1], "mono in, mono out");
        float[][] bad = new float[2][256];
        bad[0][10] = Float.NaN;
        m.process(bad, 0, 256);
        float[][] y = new float[2][FS / 2];
        for (int i = 0; i < y[0].length; i++) y[0][i] = y[1][i] = (float) (0.3 * Math.sin(2 * Math.PI * 80 * i / FS));
        run(m, y);
        assertTrue(Float.isFinite(y[0][y[0].length - 1]), "recovers after a NaN");
    }
}
