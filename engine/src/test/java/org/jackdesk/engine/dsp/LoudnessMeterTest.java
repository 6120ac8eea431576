package org.jackdesk.engine.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** EBU Tech 3341 (loudness) and Tech 3342 (LRA) minimum-requirement cases, synthesised here. */
class LoudnessMeterTest {
    static final double FS = 48000;

    static LoudnessMeter measure(float[][] x, double fs) {
        LoudnessMeter m = new LoudnessMeter(x.length);
        m.prepare((float) fs, 32);
        Signals.blocks(x, 32, m::process);
        return m;
    }

    @Test
    void kWeightingAt48kMatchesBs1770Table() {
        double[] pre = new double[5], rlb = new double[5];
        LoudnessMeter.kWeighting(48000, pre, rlb);
        // ITU-R BS.1770-4 Table 1 and Table 2 (a0 = 1).
        double[] preRef = {1.53512485958697, -2.69169618940638, 1.19839281085285, -1.69065929318241, 0.73248077421585};
        double[] rlbRef = {1.0, -2.0, 1.0, -1.99004745483398, 0.99007225036621};
        for (int i = 0; i < 5; i++) {
            assertEquals(preRef[i], pre[i], 1e-8, "pre[" + i + "]");
            assertEquals(rlbRef[i], rlb[i], 1e-8, "rlb[" + i + "]");
        }
    }

    @Test
    void steadySineAtMinus23ReadsMinus23OnEveryScale() {
        // Tech 3341 case 1: stereo 1 kHz at -23 dBFS, 20 s: M, S, I = -23.0 +-0.1
        LoudnessMeter m = measure(Signals.sine(2, FS, 1000, -23, 20), FS);
        assertEquals(-23.0, m.integratedLufs(), 0.1);
        assertEquals(-23.0, m.momentaryLufs(), 0.1);
        assertEquals(-23.0, m.shortTermLufs(), 0.1);
        assertEquals(-23.0, m.maxMomentaryLufs(), 0.1);
        assertEquals(-23.0, m.maxShortTermLufs(), 0.1);
        assertTrue(m.hasIntegrated());
        assertEquals(0.0, m.loudnessRangeLu(), 0.1);
    }

    @Test
    void steadySineAtMinus33ReadsMinus33() {
        // Tech 3341 case 2.
        LoudnessMeter m = measure(Signals.sine(2, FS, 1000, -33, 20), FS);
        assertEquals(-33.0, m.integratedLufs(), 0.1);
        assertEquals(-33.0, m.momentaryLufs(), 0.1);
        assertEquals(-33.0, m.shortTermLufs(), 0.1);
    }

    @Test
    void relativeGateIgnoresQuietIntroAndOutro() {
        // Tech 3341 case 3: -36 / -23 / -36 dBFS for 10 / 60 / 10 s: I = -23.0 +-0.1
        LoudnessMeter m = measure(Signals.sineSequence(FS, -36, 10, -23, 60, -36, 10), FS);
        assertEquals(-23.0, m.integratedLufs(), 0.1);
    }

    @Test
    void absoluteAndRelativeGatesTogether() {
        // Tech 3341 case 4: -72 / -36 / -23 / -36 / -72 dBFS for 10 / 10 / 60 / 10 / 10 s.
        LoudnessMeter m = measure(Signals.sineSequence(FS, -72, 10, -36, 10, -23, 60, -36, 10, -72, 10), FS);
        assertEquals(-23.0, m.integratedLufs(), 0.1);
    }

    @Test
    void loudAndQuietSectionsAveragePower() {
        // Tech 3341 case 5: -26 / -20 / -26 dBFS for 20 / 20.1 / 20 s: I = -23.0 +-0.1
        LoudnessMeter m = measure(Signals.sineSequence(FS, -26, 20, -20, 20.1, -26, 20), FS);
        assertEquals(-23.0, m.integratedLufs(), 0.1);
    }

    @Test
    void otherSampleRatesReadTheSame() {
        for (double fs : new double[] {44100, 96000, 32000}) {
            LoudnessMeter m = measure(Signals.sine(2, fs, 1000, -23, 10), fs);
            assertEquals(-23.0, m.integratedLufs(), 0.1, "fs " + fs);
        }
    }

    @Test
    void loudnessRangeOfTwoLevels() {
        // Tech 3342 cases 1-3: 20 s at A then 20 s at B dBFS, LRA = |A - B| +-1 LU.
        assertEquals(10, measure(Signals.sineSequence(FS, -20, 20, -30, 20), FS).loudnessRangeLu(), 1.0);
        assertEquals(5, measure(Signals.sineSequence(FS, -20, 20, -15, 20), FS).loudnessRangeLu(), 1.0);
        assertEquals(20, measure(Signals.sineSequence(FS, -40, 20, -20, 20), FS).loudnessRangeLu(), 1.0);
    }

    @Test
    void loudnessRangeGatesQuietestSection() {
        // Tech 3342 case 4: -50 / -35 / -20 / -35 / -50 dBFS, 20 s each: LRA = 15 +-1 LU.
        LoudnessMeter m = measure(Signals.sineSequence(FS, -50, 20, -35, 20, -20, 20, -35, 20, -50, 20), FS);
        assertEquals(15, m.loudnessRangeLu(), 1.0);
    }

    @Test
    void silenceHasNoIntegratedAndNoNaN() {
        LoudnessMeter m = measure(new float[2][48000 * 5], FS);
        assertFalse(m.hasIntegrated());
        assertEquals(Double.NEGATIVE_INFINITY, m.integratedLufs());
        assertEquals(Double.NEGATIVE_INFINITY, m.momentaryLufs());
        assertEquals(Double.NEGATIVE_INFINITY, m.truePeakDbtp());
        assertEquals(0.0, m.loudnessRangeLu());
    }

    /** 10 ms raised-cosine fade-in: a sine switched on at full level is a step, whose overshoot is a real peak. */
    static double fadeIn(int i) {
        int len = 480;
        return i >= len ? 1.0 : 0.5 - 0.5 * Math.cos(Math.PI * i / len);
    }

    @Test
    void truePeakOfQuarterRateSineAt45DegreesIsThreeDbAboveSamplePeak() {
        // fs/4 at 45 deg phase: every sample is +-0.7071 of the peak, the true peak sits between them.
        int n = 48000;
        float[][] x = new float[2][n];
        for (int i = 0; i < n; i++) {
            float v = (float) (fadeIn(i) * Math.sin(Math.PI / 2 * i + Math.PI / 4));
            x[0][i] = v;
            x[1][i] = v;
        }
        LoudnessMeter m = measure(x, FS);
        assertEquals(-3.01, m.samplePeakDbfs(), 0.01);
        assertEquals(0.0, m.truePeakDbtp(), 0.05);
    }

    @Test
    void truePeakOfHighFrequencySinesWithinToleranceAtAnyPhase() {
        // BS.1770-4 Annex 2 tolerance for this test: +0.2 / -0.4 dB of the true (analytic) peak.
        Random rnd = new Random(1770);
        for (double f : new double[] {997, 5000, 9000, 12000, 15000, 17000, 18000}) {
            for (int trial = 0; trial < 4; trial++) {
                double phase = rnd.nextDouble() * 2 * Math.PI;
                double peakDb = -6;
                double a = Math.pow(10, peakDb / 20);
                int n = 4800;
                float[][] x = new float[1][n];
                for (int i = 0; i < n; i++) x[0][i] = (float) (fadeIn(i) * a * Math.sin(2 * Math.PI * f * i / FS + phase));
                LoudnessMeter m = measure(x, FS);
                double err = m.truePeakDbtp() - peakDb;
                assertTrue(err <= 0.2 && err >= -0.4, "f " + f + " phase " + phase + ": error " + err + " dB");
            }
        }
    }

    @Test
    void integratedMatchesWhenFedInOddBlockSizes() {
        Random rnd = new Random(7);
        float[][] x = Signals.sineSequence(FS, -30, 5, -18, 7, -25, 4);
        LoudnessMeter a = measure(x, FS);
        LoudnessMeter b = new LoudnessMeter(2);
        b.prepare((float) FS, 1024);
        int n = x[0].length;
        for (int off = 0; off < n; ) {
            int len = Math.min(n - off, 1 + rnd.nextInt(1000));
            b.process(x, off, len);
            off += len;
        }
        assertEquals(a.integratedLufs(), b.integratedLufs(), 1e-9);
        assertEquals(a.truePeakDbtp(), b.truePeakDbtp(), 1e-9);
    }

    @Test
    void resetForgetsEverything() {
        LoudnessMeter m = measure(Signals.sine(2, FS, 1000, -10, 5), FS);
        assertTrue(m.hasIntegrated());
        m.reset();
        assertFalse(m.hasIntegrated());
        assertEquals(Double.NEGATIVE_INFINITY, m.samplePeakDbfs());
        Signals.blocks(Signals.sine(2, FS, 1000, -30, 5), 32, m::process);
        assertEquals(-30.0, m.integratedLufs(), 0.1);
    }
    @Test
    void interSamplePeakInTheLastSamplesIsReportedOnceAsked() {
        // quiet noise, then an fs/4 burst at 45 deg (+3 dB between samples) in the last 40 samples:
        // fewer than one 256-sample true-peak run, so only the exact getter has interpolated it
        int n = 48000 + 100;
        float[][] x = new float[2][n];
        Random rnd = new Random(3);
        for (int i = 0; i < n; i++) x[0][i] = x[1][i] = (float) (0.01 * rnd.nextGaussian());
        for (int i = n - 40; i < n - 8; i++) x[0][i] = (float) (0.5 * Math.sin(Math.PI / 2 * i + Math.PI / 4));
        LoudnessMeter m = measure(x, FS);
        assertEquals(20 * Math.log10(0.5 * Math.sqrt(0.5)), m.samplePeakDbfs(), 0.01);
        assertTrue(m.truePeakDbtpLagged() < m.truePeakDbtp() - 2.5, "lagged " + m.truePeakDbtpLagged());
        double ref = ReferencePeak.peakDb(x[0]);
        double err = m.truePeakDbtp() - ref;
        assertTrue(err <= 0.2 && err >= -0.4, "true peak " + m.truePeakDbtp() + " vs reference " + ref);
    }

    @Test
    void meterWithoutTruePeakMeasuresTheSameLoudnessAndNoTruePeak() {
        float[][] x = Signals.sineSequence(FS, -30, 5, -18, 7, -25, 4);
        LoudnessMeter with = measure(x, FS);
        LoudnessMeter without = new LoudnessMeter(2, false);
        without.prepare((float) FS, 32);
        Signals.blocks(x, 32, without::process);
        assertTrue(with.measuresTruePeak());
        assertFalse(without.measuresTruePeak());
        assertEquals(with.integratedLufs(), without.integratedLufs(), 0.0);
        assertEquals(with.loudnessRangeLu(), without.loudnessRangeLu(), 0.0);
        assertEquals(with.maxMomentaryLufs(), without.maxMomentaryLufs(), 0.0);
        assertEquals(with.samplePeakDbfs(), without.samplePeakDbfs(), 0.0);
        assertEquals(Double.NEGATIVE_INFINITY, without.truePeakDbtp());
        assertTrue(with.truePeakDbtp() >= with.samplePeakDbfs());
    }

    @Test
    void meteringWithTruePeakAllocatesNothing() {
        LoudnessMeter m = new LoudnessMeter(2);
        m.prepare((float) FS, 32);
        float[][] x = Signals.sine(2, FS, 997, -6, 1);
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        double sink = 0;
        long before = 0;
        for (int pass = 0; pass < 2; pass++) {
            before = mx.getThreadAllocatedBytes(id);
            for (int off = 0; off + 32 <= x[0].length; off += 32) {
                m.process(x, off, 32);
                sink += m.truePeakDbtpLagged() + m.momentaryLufs();
                if (off % 3200 == 0) sink += m.truePeakDbtp(); // a short run now and then
            }
        }
        assertEquals(0, mx.getThreadAllocatedBytes(id) - before, "bytes allocated (sink " + sink + ")");
    }
}
