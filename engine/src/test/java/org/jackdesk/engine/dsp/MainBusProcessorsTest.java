package org.jackdesk.engine.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** MainEq, BusCompressor and StereoWidth measured with real signals. */
class MainBusProcessorsTest {
    static final float FS = 48000;

    static double rmsDb(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += (double) x[i] * x[i];
        return 10 * Math.log10(s / (to - from));
    }

    /** Gain in dB of {@code eq} at {@code f}: a steady sine in, RMS out over the last half second. */
    static double measuredGainDb(MainEq eq, double f) {
        eq.reset();
        float[][] x = Signals.sine(2, FS, f, -20, 1.0);
        double in = rmsDb(x[0], 24000, 48000);
        Signals.blocks(x, 32, eq::process);
        return rmsDb(x[0], 24000, 48000) - in;
    }

    @Test
    void eqBandsFollowTheCookbookResponse() {
        MainEq eq = new MainEq(2);
        eq.setBand(MainEq.PEAK_1, true, 1000, 6, 1.4f);
        eq.setBand(MainEq.LOW_SHELF, true, 120, -4, 0.7071f);
        eq.setBand(MainEq.HIGH_SHELF, true, 9000, 3, 0.7071f);
        eq.setBand(MainEq.PEAK_2, true, 4000, -5, 2f);
        eq.setLowCut(true, 40, 24);
        eq.setHighCut(true, 16000, 12);
        eq.prepare(FS, 32);
        for (double f : new double[] {50, 120, 500, 1000, 2500, 4000, 9000, 15000}) {
            double expected = 0;
            for (int b = 0; b < MainEq.BANDS; b++) {
                for (int s = 0; s < eq.sections(b); s++) expected += Rbj.magnitudeDb(eq.coefficients(b, s), FS, f);
            }
            assertEquals(expected, measuredGainDb(eq, f), 0.1, "at " + f + " Hz");
        }
        // and the designs are what they claim: -3 dB at the Butterworth corners, +6 dB at the peak
        assertEquals(-3.01, Rbj.magnitudeDb(eq.coefficients(MainEq.LOW_CUT, 0), FS, 40)
                + Rbj.magnitudeDb(eq.coefficients(MainEq.LOW_CUT, 1), FS, 40), 0.05);
        assertEquals(6.0, Rbj.magnitudeDb(eq.coefficients(MainEq.PEAK_1, 0), FS, 1000), 0.01);
    }

    @Test
    void eqGlidesToNewGainWithoutSteps() {
        MainEq eq = new MainEq(1);
        eq.setBand(MainEq.PEAK_1, true, 1000, 0, 1f);
        eq.prepare(FS, 32);
        float[][] x = Signals.sine(1, FS, 100, -6, 1.0);
        float maxStepIn = 0;
        for (int i = 1; i < x[0].length; i++) maxStepIn = Math.max(maxStepIn, Math.abs(x[0][i] - x[0][i - 1]));
        float limit = maxStepIn * 1.5f;
        Signals.blocks(x, 32, (b, o, n) -> {
            if (o == 24000) eq.setBand(MainEq.PEAK_1, true, 100, 12, 1f);
            eq.process(b, o, n);
        });
        for (int i = 1; i < x[0].length; i++) {
            assertTrue(Math.abs(x[0][i] - x[0][i - 1]) < limit * 4, "jump at " + i);
        }
        assertEquals(12 - 6 - 3.01, rmsDb(x[0], 40000, 48000), 0.1); // settled at +12 dB
    }

    @Test
    void compressorSitsOnItsStaticCurve() {
        float t = -20, r = 4, w = 6;
        for (double peak : new double[] {-40, -26, -20, -14, -6}) {
            BusCompressor comp = new BusCompressor(2);
            comp.setThresholdDb(t);
            comp.setRatio(r);
            comp.setKneeDb(w);
            comp.setAttackMs(5);
            comp.setReleaseMs(50);
            comp.prepare(FS, 32);
            float[][] x = Signals.sine(2, FS, 1000, peak, 2.0);
            double in = rmsDb(x[0], 48000, 96000);
            Signals.blocks(x, 32, comp::process);
            double out = rmsDb(x[0], 48000, 96000);
            double expected = BusCompressor.staticCurveDb(in, t, r, w) - in;
            assertEquals(expected, out - in, 0.15, "sine at " + peak + " dBFS (RMS " + in + ")");
            assertEquals(expected, comp.gainReductionDb(), 0.15);
        }
    }

    @Test
    void parallelMixAndMakeupCombine() {
        BusCompressor comp = new BusCompressor(2);
        comp.setThresholdDb(-30);
        comp.setRatio(20);
        comp.setKneeDb(0);
        comp.setMakeupDb(6);
        comp.setMixPercent(50);
        comp.prepare(FS, 32);
        float[][] x = Signals.sine(2, FS, 1000, -10, 2.0);
        double in = rmsDb(x[0], 48000, 96000);
        Signals.blocks(x, 32, comp::process);
        double g = Math.pow(10, (BusCompressor.staticCurveDb(in, -30, 20, 0) - in + 6) / 20);
        assertEquals(20 * Math.log10(0.5 + 0.5 * g), rmsDb(x[0], 48000, 96000) - in, 0.15);
    }

    /** Milliseconds until the gain reduction is back above -1 dB after 4 s of heavy compression. */
    static double recoveryMs(boolean auto) {
        BusCompressor comp = new BusCompressor(2);
        comp.setThresholdDb(-30);
        comp.setRatio(8);
        comp.setReleaseMs(100);
        comp.setAutoRelease(auto);
        comp.prepare(FS, 32);
        float[][] x = Signals.sineSequence(FS, -6, 4, -60, 3);
        int[] at = {-1};
        Signals.blocks(x, 32, (b, o, n) -> {
            comp.process(b, o, n);
            if (o >= 4 * FS && at[0] < 0 && comp.gainReductionDb() > -1) at[0] = o;
        });
        return (at[0] - 4 * FS) / FS * 1000;
    }

    @Test
    void autoReleaseSlowsAfterLongCompression() {
        double fixed = recoveryMs(false), auto = recoveryMs(true);
        assertTrue(fixed > 50 && fixed < 400, "fixed release recovers in " + fixed + " ms");
        assertTrue(auto > 1.5 * fixed && auto < 6 * fixed, "auto " + auto + " ms vs fixed " + fixed + " ms");
    }

    @Test
    void sidechainHighPassIgnoresBass() {
        BusCompressor comp = new BusCompressor(2);
        comp.setThresholdDb(-30);
        comp.setRatio(10);
        comp.setSidechainHpfHz(300);
        comp.prepare(FS, 32);
        float[][] x = Signals.sine(2, FS, 40, -10, 2.0);
        Signals.blocks(x, 32, comp::process);
        assertTrue(comp.gainReductionDb() > -3, "40 Hz only reduced by " + comp.gainReductionDb());
    }

    @Test
    void widthZeroIsMonoAndHundredIsUntouched() {
        float[][] x = new float[2][4800];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 4800; i++) {
            x[0][i] = (float) r.nextGaussian() * 0.1f;
            x[1][i] = (float) r.nextGaussian() * 0.1f;
        }
        float[][] same = {x[0].clone(), x[1].clone()};
        StereoWidth w = new StereoWidth(2);
        w.prepare(FS, 32);
        Signals.blocks(same, 32, w::process);
        for (int c = 0; c < 2; c++) for (int i = 0; i < 4800; i++) assertEquals(x[c][i], same[c][i], 0f);
        assertEquals(0.0, w.correlation(), 0.1, "independent noise is uncorrelated");

        float[][] mono = {x[0].clone(), x[1].clone()};
        StereoWidth z = new StereoWidth(2);
        z.setWidthPercent(0);
        z.prepare(FS, 32);
        Signals.blocks(mono, 32, z::process);
        for (int i = 0; i < 4800; i++) {
            assertEquals(mono[0][i], mono[1][i], 0f);
            assertEquals(0.5f * (x[0][i] + x[1][i]), mono[0][i], 1e-7f);
        }
        assertEquals(1.0, z.correlation(), 1e-6);
    }

    @Test
    void wideningAntiPhaseReadsNegativeCorrelation() {
        float[][] x = Signals.sine(2, FS, 500, -10, 0.5);
        for (int i = 0; i < x[1].length; i++) x[1][i] = -x[1][i];
        StereoWidth w = new StereoWidth(2);
        w.setWidthPercent(200);
        w.prepare(FS, 32);
        Signals.blocks(x, 32, w::process);
        assertEquals(-1.0, w.correlation(), 1e-3);
    }

    @Test
    void mainBusProcessorsAllocateNothingAfterWarmUp() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        MainEq eq = new MainEq(2);
        BusCompressor comp = new BusCompressor(2);
        StereoWidth width = new StereoWidth(2);
        TruePeakLimiter lim = new TruePeakLimiter(2);
        LoudnessMeter meter = new LoudnessMeter(2);
        eq.setBand(MainEq.PEAK_1, true, 1000, 3, 1);
        eq.setLowCut(true, 30, 24);
        comp.setAutoRelease(true);
        comp.setSidechainHpfHz(100);
        width.setWidthPercent(130);
        eq.prepare(FS, 32);
        comp.prepare(FS, 32);
        width.prepare(FS, 32);
        lim.prepare(FS, 32);
        meter.prepare(FS, 32);
        float[][] buf = new float[2][32];
        Runnable cycle = new Runnable() {
            int k;
            @Override public void run() {
                for (int i = 0; i < 32; i++, k++) {
                    buf[0][i] = (float) Math.sin(k * 0.05) * 1.5f;
                    buf[1][i] = (float) Math.cos(k * 0.031);
                }
                if (k % 3200 == 0) { // parameter changes on the way
                    eq.setBand(MainEq.PEAK_1, true, 500 + k % 1000, (k % 7) - 3, 1);
                    comp.setThresholdDb(-10 - k % 20);
                    width.setWidthPercent(k % 200);
                    lim.setCeilingDbtp(-1 - k % 3);
                }
                eq.process(buf, 0, 32);
                comp.process(buf, 0, 32);
                width.process(buf, 0, 32);
                lim.process(buf, 0, 32);
                meter.process(buf, 0, 32);
                width.correlation();
                comp.gainReductionDb();
                lim.gainReductionDb();
                meter.momentaryLufs();
            }
        };
        for (int i = 0; i < 20000; i++) cycle.run();
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 20000; i++) cycle.run();
        long after = mx.getThreadAllocatedBytes(tid);
        assertEquals(0, after - before, "bytes allocated in 20000 cycles");
    }
}
