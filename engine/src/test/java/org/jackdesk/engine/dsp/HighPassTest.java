package org.jackdesk.engine.dsp;

import static org.jackdesk.engine.dsp.Sig.FS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HighPassTest {

    private static double measure(HighPass hpf, double f) {
        int n = 96000;
        float[] x = Sig.sine(f, 0.25, n);
        hpf.reset();
        float[] y = Sig.run(hpf::process, x, 32);
        return Sig.gainDb(x, y, n / 2, n, f);
    }

    @ParameterizedTest(name = "{0} Hz, 24 dB/oct = {1}")
    @CsvSource({"80, false", "80, true", "200, false", "200, true", "20, false", "400, true"})
    void isThreeDbDownAtTheSetFrequency(float fc, boolean slope24) {
        HighPass hpf = new HighPass(1);
        hpf.setFreqHz(fc);
        hpf.setSlope24(slope24);
        hpf.prepare(FS, 32);
        assertEquals(-3.01, measure(hpf, fc), 0.2);
    }

    @ParameterizedTest(name = "{0} Hz, 24 dB/oct = {1}")
    @CsvSource({"160, false", "160, true", "400, false", "400, true"})
    void fallsTwelveOrTwentyFourDbPerOctaveBelowCutoff(float fc, boolean slope24) {
        HighPass hpf = new HighPass(1);
        hpf.setFreqHz(fc);
        hpf.setSlope24(slope24);
        hpf.prepare(FS, 32);
        double oneBelow = measure(hpf, fc / 2.0);
        double twoBelow = measure(hpf, fc / 4.0);
        int order = slope24 ? 4 : 2;
        // Analog Butterworth |H|² = 1 / (1 + (fc/f)^(2·order)); the bilinear warp is negligible here.
        assertEquals(-10 * Math.log10(1 + Math.pow(2, 2 * order)), oneBelow, 0.2, "one octave below");
        assertEquals(-10 * Math.log10(1 + Math.pow(4, 2 * order)), twoBelow, 0.2, "two octaves below");
        double slope = oneBelow - twoBelow;
        assertEquals(slope24 ? 24 : 12, slope, 0.5, "dB per octave between the two");
    }

    @ParameterizedTest(name = "24 dB/oct = {0}")
    @CsvSource({"false", "true"})
    void cutoffSweepAndSlopeChangeDoNotClick(boolean startSlope24) {
        HighPass hpf = new HighPass(1);
        hpf.setFreqHz(20);
        hpf.setSlope24(startSlope24);
        hpf.prepare(FS, 32);
        double f = 300, a = 0.5;
        float[] x = Sig.sine(f, a, 24000);
        float[] y = x.clone();
        float[][] bufs = {y};
        for (int off = 0; off < y.length; off += 32) {
            if (off == 4800) hpf.setFreqHz(400);
            if (off == 9600) hpf.setSlope24(!startSlope24);
            if (off == 14400) hpf.setFreqHz(20);
            hpf.process(bufs, off, 32);
        }
        // The output is a sine whose amplitude never exceeds the input's (a high-pass at or above
        // Butterworth Q has no gain above 1 at any setting in between... within 0.5 dB for the
        // 4th-order morph), so its curvature is at most about a·4sin²(ω/2). A click is broadband
        // and shows as a curvature spike; allow 50 % for the amplitude moving during the glides.
        double w = 2 * Math.PI * f / FS;
        double bound = 1.5 * a * 4 * Math.pow(Math.sin(w / 2), 2);
        assertTrue(Sig.maxCurvature(y, 2400, y.length) <= bound,
            "curvature " + Sig.maxCurvature(y, 2400, y.length) + " > " + bound);
        // The same sweep done by switching coefficients abruptly does exceed the bound.
        Biquad raw = new Biquad();
        double[] c = new double[5];
        Rbj.highPass(FS, 20, Math.sqrt(0.5), c);
        raw.setCoefficients(c);
        float[] z = x.clone();
        raw.process(z, 0, 4800);
        Rbj.highPass(FS, 400, Math.sqrt(0.5), c);
        raw.setCoefficients(c);
        raw.process(z, 4800, z.length - 4800);
        assertTrue(Sig.maxCurvature(z, 2400, z.length) > bound, "the bound detects an abrupt change");
    }

    @ParameterizedTest(name = "channels {0}")
    @CsvSource({"1", "2"})
    void bypassToggleCrossfadesWithoutAStep(int channels) {
        HighPass hpf = new HighPass(channels);
        hpf.setFreqHz(400);
        hpf.setSlope24(true);
        hpf.prepare(FS, 32);
        double f = 100, a = 0.5;
        float[][] bufs = new float[channels][];
        for (int c = 0; c < channels; c++) bufs[c] = Sig.sine(f, a, 19200);
        for (int off = 0; off < 19200; off += 32) {
            if (off == 4800) hpf.setEnabled(false);
            if (off == 9600) hpf.setEnabled(true);
            hpf.process(bufs, off, 32);
        }
        // Linear 10 ms crossfade between two signals each within a: |Δy| ≤ a·2sin(ω/2) + 2a/480.
        double bound = 1.05 * (a * 2 * Math.sin(Math.PI * f / FS) + 2 * a / 480.0);
        for (int c = 0; c < channels; c++) {
            assertTrue(Sig.maxStep(bufs[c], 2400, 19200) <= bound, "step " + Sig.maxStep(bufs[c], 2400, 19200));
            // Bypassed: the input comes through untouched; re-enabled: filtered again.
            assertEquals(a, Sig.amplitude(bufs[c], 7200, 9600, f), 1e-4);
            assertTrue(Sig.amplitude(bufs[c], 16800, 19200, f) < a * 0.01);
        }
    }
}
