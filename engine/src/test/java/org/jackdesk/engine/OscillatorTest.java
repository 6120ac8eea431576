package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jackdesk.config.Layout;
import org.junit.jupiter.api.Test;

/** The oscillator measured at the console's outputs, through the real engine (docs/tools.md). */
class OscillatorTest {
    private static final int PERIOD = 64;
    private static final int FS = 48000;

    /** Runs {@code seconds} of audio and returns what came out of {@code port}. */
    private static float[] record(TestConsole t, String port, double seconds) {
        int cycles = (int) Math.round(seconds * FS / PERIOD);
        float[] x = new float[cycles * PERIOD];
        int o = t.output(port);
        for (int c = 0; c < cycles; c++) {
            t.engine.process(t.in, t.out, PERIOD);
            System.arraycopy(t.out[o], 0, x, c * PERIOD, PERIOD);
        }
        return x;
    }

    private static TestConsole sine(double hz, double levelDb) {
        TestConsole t = new TestConsole(Layout.of(2, 0, 2, 0), PERIOD);
        t.set("osc/freq", hz);
        t.set("osc/level", levelDb);
        t.set("osc/on", true);
        record(t, "main_L", 0.1); // the 20 ms fade-in
        return t;
    }

    /** Frequency from the positive-going zero crossings, each placed by linear interpolation. */
    private static double zeroCrossingHz(float[] x) {
        List<Double> at = new ArrayList<>();
        for (int i = 1; i < x.length; i++) {
            if (x[i - 1] < 0 && x[i] >= 0) at.add(i - 1 + (double) -x[i - 1] / (x[i] - x[i - 1]));
        }
        return (at.size() - 1) / ((at.get(at.size() - 1) - at.get(0)) / FS);
    }

    private static double rmsDb(float[] x) {
        double s = 0;
        for (float v : x) s += (double) v * v;
        return 10 * Math.log10(s / x.length);
    }

    @Test
    void sineFrequencyFromZeroCrossingsOverOneSecondIsExact() {
        for (double hz : new double[] {20, 997, 1000, 12345.6, 20000}) {
            float[] x = record(sine(hz, -12), "main_L", 1.0);
            // 10 ppm: the linear interpolation of a crossing is off by up to ~0.05 samples at 2.4
            // samples per period (20 kHz), which over 1 s is 2.7 ppm; below 1 kHz it is < 0.01 ppm.
            assertEquals(hz, zeroCrossingHz(x), hz * 1e-5, "frequency of a " + hz + " Hz sine");
        }
    }

    @Test
    void sineLevelIsItsDbfsWithinAHundredthOfADb() {
        for (double db : new double[] {0, -18, -40}) {
            for (double hz : new double[] {100, 1000}) {
                float[] x = record(sine(hz, db), "main_R", 1.0); // 1 s holds a whole number of periods
                // AES17: a full-scale sine is 0 dBFS, its RMS is 1/√2 (−3.01 dB).
                double level = rmsDb(x) + 10 * Math.log10(2);
                assertEquals(db, level, 0.01, hz + " Hz at " + db + " dBFS");
            }
        }
    }

    @Test
    void pinkNoiseFallsThreeDbPerOctaveInEveryThirdOctaveBand() {
        TestConsole t = new TestConsole(Layout.of(1, 0, 0, 0), PERIOD);
        t.set("osc/type", "pink");
        t.set("osc/level", -20.0);
        t.set("osc/on", true);
        record(t, "main_L", 0.5);
        float[] x = record(t, "main_L", 60);
        int n = 65536;
        double[] p = Spectrum.welch(x, n);
        // IEC 61260 base-10 third-octave centres 10^(k/10): 50 Hz (k = 17) to 16 kHz (k = 42).
        // Pink noise has equal power in every constant-percentage band; each band's power density
        // therefore lies on a −3 dB/octave line through the mean.
        double[] bandDb = new double[26];
        double mean = 0;
        for (int k = 17; k <= 42; k++) {
            double fc = Math.pow(10, k / 10.0);
            double pw = Spectrum.bandPower(p, n, FS, fc / Math.pow(10, 0.05), fc * Math.pow(10, 0.05));
            bandDb[k - 17] = 10 * Math.log10(pw);
            mean += bandDb[k - 17] / bandDb.length;
        }
        for (int k = 17; k <= 42; k++) {
            double fc = Math.pow(10, k / 10.0);
            assertEquals(mean, bandDb[k - 17], 0.5, "third-octave band at " + Math.round(fc) + " Hz (density off the −3 dB/octave line)");
        }
        // Its total level is the set dBFS (the RMS of a sine at −20 dBFS).
        assertEquals(-20, rmsDb(x) + 10 * Math.log10(2), 0.1, "pink noise level");
    }

    @Test
    void whiteNoiseIsFlatAndAtItsLevel() {
        TestConsole t = new TestConsole(Layout.of(1, 0, 0, 0), PERIOD);
        t.set("osc/type", "white");
        t.set("osc/level", -10.0);
        t.set("osc/on", true);
        record(t, "main_L", 0.1);
        float[] x = record(t, "main_L", 10);
        assertEquals(-10, rmsDb(x) + 10 * Math.log10(2), 0.05, "white noise level");
        int n = 8192;
        double[] p = Spectrum.welch(x, n);
        double low = Spectrum.bandPower(p, n, FS, 1000, 2000), high = Spectrum.bandPower(p, n, FS, 10000, 11000);
        assertEquals(0, 10 * Math.log10(low / high), 0.3, "white noise: equal power in equal bandwidths");
    }

    @Test
    void reachesOnlyTheChosenDestinationsAndFadesOut() {
        TestConsole t = new TestConsole(Layout.of(1, 0, 1, 2), PERIOD); // bus1 mono, bus2 and bus3 stereo
        t.set("osc/main", false);
        t.set("osc/bus/2", true);
        t.set("osc/level", -6.0);
        t.set("osc/on", true);
        record(t, "main_L", 0.1);
        double peak2 = 0;
        for (int c = 0; c < 100; c++) {
            t.engine.process(t.in, t.out, PERIOD);
            for (String silent : new String[] {"main_L", "main_R", "bus1", "bus3_L", "bus3_R"}) {
                for (float v : t.out[t.output(silent)]) assertEquals(0f, v, silent + " must stay silent");
            }
            for (float v : t.out[t.output("bus2_L")]) peak2 = Math.max(peak2, Math.abs(v));
            for (float v : t.out[t.output("bus2_R")]) peak2 = Math.max(peak2, Math.abs(v));
        }
        assertEquals(0.501, peak2, 0.01, "bus 2 carries the −6 dBFS sine");
        // Switched off, it fades within its 20 ms ramp and then is exactly silent.
        t.set("osc/on", false);
        float[] x = record(t, "bus2_L", 0.03);
        for (int i = 0; i < 10; i++) assertTrue(Math.abs(x[i]) < 0.51, "no jump on switching off");
        for (int i = 960; i < x.length; i++) assertEquals(0f, x[i], "silent after the 20 ms fade");
    }
}
