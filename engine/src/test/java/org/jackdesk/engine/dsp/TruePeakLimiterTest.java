package org.jackdesk.engine.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TruePeakLimiterTest {
    static final float FS = 48000;

    /** Frames of the low-pass ring-out kept after the input ends (cutting them off would be a step). */
    static final int TAIL = 256;

    /**
     * Runs {@code x} through a limiter in 32-frame blocks, followed by silence, and returns the
     * output aligned with the input plus {@link #TAIL} frames of ring-out.
     */
    static float[][] limit(float[][] x, float ceilingDb, float releaseMs) {
        TruePeakLimiter lim = new TruePeakLimiter(x.length);
        lim.setCeilingDbtp(ceilingDb);
        lim.setReleaseMs(releaseMs);
        lim.prepare(FS, 32);
        int lat = lim.latencyFrames();
        int n = x[0].length;
        float[][] buf = new float[x.length][n + lat + TAIL];
        for (int c = 0; c < x.length; c++) System.arraycopy(x[c], 0, buf[c], 0, n);
        Signals.blocks(buf, 32, lim::process);
        float[][] out = new float[x.length][n + TAIL];
        for (int c = 0; c < x.length; c++) System.arraycopy(buf[c], lat, out[c], 0, n + TAIL);
        return out;
    }

    static double ownTruePeakDb(float[][] y) {
        LoudnessMeter m = new LoudnessMeter(y.length);
        m.prepare(FS, 32);
        float[][] padded = new float[y.length][y[0].length + 64]; // flush the interpolator
        for (int c = 0; c < y.length; c++) System.arraycopy(y[c], 0, padded[c], 0, y[c].length);
        m.process(padded, 0, padded[0].length);
        return m.truePeakDbtp();
    }

    static float[][] square(double freq, double seconds, float amp) {
        int n = (int) (seconds * FS);
        float[][] x = new float[2][n];
        for (int i = 0; i < n; i++) {
            float v = Math.sin(2 * Math.PI * freq * i / FS) >= 0 ? amp : -amp;
            x[0][i] = v;
            x[1][i] = -v;
        }
        return x;
    }

    @Test
    void latencyIsTwoMillisecondsAndDeclared() {
        TruePeakLimiter lim = new TruePeakLimiter(2);
        lim.setEnabled(false); // bypassed: the dry path is the same delay line, without the 0.42 fs low-pass
        lim.prepare(48000, 32);
        assertEquals(95, lim.latencyFrames()); // 96 frames of look-ahead = 2 ms, output aligned one earlier
        // an impulse comes out unchanged, exactly latency frames later
        float[][] x = new float[2][256];
        x[0][10] = 0.5f;
        Signals.blocks(x, 32, lim::process);
        for (int i = 0; i < 256; i++) assertEquals(i == 10 + lim.latencyFrames() ? 0.5f : 0f, x[0][i], 1e-7, "frame " + i);
    }

    @Test
    void limiterHoldsCeilingOnFullScaleSquares() {
        for (double f : new double[] {50, 997, 3000, 7000, 11025, 12000, 15000}) {
            for (float ceiling : new float[] {-0.1f, -1f, -6f}) {
                float[][] y = limit(square(f, 0.25, 1f), ceiling, 50);
                for (float[] ch : y) {
                    double ref = ReferencePeak.peakDb(ch);
                    assertTrue(ref <= ceiling + 1e-3, "square " + f + " Hz, ceiling " + ceiling + ": 16x peak " + ref);
                }
                double own = ownTruePeakDb(y);
                assertTrue(own <= ceiling + 1e-3, "square " + f + " Hz, ceiling " + ceiling + ": 4x peak " + own);
                // and it is a limiter, not a muter: the output comes within 1 dB of the ceiling
                assertTrue(own > ceiling - 1.0, "square " + f + " Hz: output only reaches " + own);
            }
        }
    }

    @Test
    void limiterHoldsCeilingAtOtherSampleRates() {
        for (float fs : new float[] {44100f, 96000f}) {
            TruePeakLimiter lim = new TruePeakLimiter(2);
            lim.setCeilingDbtp(-0.5f);
            lim.prepare(fs, 32);
            assertEquals(Math.round(0.002 * fs) - 1, lim.latencyFrames(), "2 ms at " + fs);
            int n = (int) (0.3 * fs);
            float[][] buf = new float[2][n + lim.latencyFrames() + TAIL];
            Random r = new Random(9);
            for (int i = 0; i < n; i++) {
                buf[0][i] = Math.sin(2 * Math.PI * 1234.5 * i / fs) >= 0 ? 1f : -1f;
                buf[1][i] = (float) (r.nextDouble() * 2 - 1);
            }
            Signals.blocks(buf, 32, lim::process);
            for (float[] ch : buf) {
                double ref = ReferencePeak.peakDb(ch);
                assertTrue(ref <= -0.5 + 1e-3, fs + " Hz: 16x peak " + ref);
                assertTrue(ref > -1.5, fs + " Hz: output only reaches " + ref);
            }
        }
    }

    @Test
    void limiterHoldsCeilingOnSquaresOfAnyPeriod() {
        // non-integer periods put every edge at a different sub-sample position
        Random r = new Random(2586);
        for (int k = 0; k < 24; k++) {
            double f = 30 * Math.pow(2, r.nextDouble() * 9.4); // 30 Hz .. 20 kHz
            float[][] y = limit(square(f, 0.15, 1f), -1f, 50);
            for (float[] ch : y) {
                double ref = ReferencePeak.peakDb(ch);
                assertTrue(ref <= -1.0 + 1e-3, "square " + f + " Hz: 16x peak " + ref);
            }
        }
    }

    @Test
    void limiterHoldsCeilingOnRandomFullScaleProgramme() {
        // 20 s of hostile material checked against the 16x reference (which costs ~1 s per 10 s).
        float[][] x = programme(20, 42);
        float[][] y = limit(x, -1f, 20);
        for (float[] ch : y) {
            double ref = ReferencePeak.peakDb(ch);
            assertTrue(ref <= -1.0 + 1e-3, "16x peak " + ref);
        }
    }

    @Test
    void limiterHoldsCeilingOnMinutesOfProgramme() {
        // 2 minutes at 48 kHz stereo by default (~3 s), checked with the BS.1770 4x meter on the output.
        // The 10-minute soak: mvn -pl engine test -Dtest=TruePeakLimiterTest -Djackdesk.limiterSoakMinutes=10
        int minutes = Integer.getInteger("jackdesk.limiterSoakMinutes", 2);
        float[][] x = programme(60.0 * minutes, 7);
        float[][] y = limit(x, -1f, 30);
        assertTrue(ownTruePeakDb(y) <= -1.0 + 1e-3, "4x peak " + ownTruePeakDb(y));
    }

    /**
     * Full-scale programme-like material: white noise, clipped low-frequency sines, near-Nyquist
     * tones and bursts with silence between, in 250 ms segments of random kind and level up to +6 dBFS.
     */
    static float[][] programme(double seconds, long seed) {
        Random r = new Random(seed);
        int n = (int) (seconds * FS);
        float[][] x = new float[2][n];
        int seg = (int) (0.25 * FS);
        for (int s = 0; s < n; s += seg) {
            int kind = r.nextInt(5);
            double amp = Math.pow(10, (r.nextDouble() * 26 - 20) / 20);
            double f = 20 + r.nextDouble() * 19980; // tones up to 20 kHz; noise covers the rest
            double ph = r.nextDouble() * 6.283;
            for (int i = s; i < Math.min(n, s + seg); i++) {
                double a, b;
                switch (kind) {
                    case 0: a = r.nextDouble() * 2 - 1; b = r.nextDouble() * 2 - 1; break;
                    case 1: a = Math.sin(2 * Math.PI * 80 * i / FS) * 4; b = -a; break;
                    case 2: a = Math.sin(2 * Math.PI * f * i / FS + ph); b = Math.cos(2 * Math.PI * f * i / FS + ph); break;
                    case 3: a = (i / 480) % 2 == 0 ? r.nextDouble() * 2 - 1 : 0; b = a; break;
                    default: a = r.nextBoolean() ? 1 : -1; b = r.nextBoolean() ? 1 : -1;
                }
                x[0][i] = (float) Math.max(-1, Math.min(1, a * amp));
                x[1][i] = (float) Math.max(-1, Math.min(1, b * amp));
            }
        }
        return x;
    }

    @Test
    void quietMaterialPassesUnchanged() {
        float[][] x = Signals.sine(2, FS, 1000, -12, 1);
        float[][] y = limit(x, -1f, 50);
        // only the 0.42 fs low-pass touches it: same level (its ripple is +-0.025 dB), delay under one sample
        assertEquals(rms(x[0], 4800, x[0].length), rms(y[0], 4800, x[0].length), 0.03);
        for (int i = 4800; i < x[0].length; i++) assertEquals(x[0][i], y[0][i], 0.02f, "frame " + i);
    }

    static double rms(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += (double) x[i] * x[i];
        return 10 * Math.log10(s / (to - from));
    }

    @Test
    void releasesBackToUnityAfterAPeak() {
        // 0.5 s at 0 dBFS (needs ~1 dB less), then -20 dBFS: after 10 release time constants the gain is back
        float[][] x = Signals.sineSequence(FS, 0, 0.5, -20, 1.0);
        float[][] y = limit(x, -1f, 50);
        int late = (int) (1.0 * FS);
        assertEquals(rms(x[0], late, x[0].length), rms(y[0], late, x[0].length), 0.03);
    }

    @Test
    void monoLimiterWorksAlone() {
        float[][] x = {square(997, 0.5, 1f)[0]};
        float[][] y = limit(x, -3f, 50);
        assertTrue(ReferencePeak.peakDb(y[0]) <= -3 + 1e-3);
    }

    @Test
    void bypassCrossfadesToDelayedDry() {
        TruePeakLimiter lim = new TruePeakLimiter(1);
        lim.setCeilingDbtp(-6f);
        lim.prepare(FS, 32);
        float[][] x = Signals.sine(1, FS, 1000, 0, 1);
        float[][] y = {x[0].clone()};
        lim.setEnabled(false);
        Signals.blocks(y, 32, (b, o, n) -> {
            if (o == 24000) lim.setEnabled(true);
            lim.process(b, o, n);
        });
        int lat = lim.latencyFrames();
        // before the switch: dry, delayed
        assertEquals(x[0][10000 - lat], y[0][10000], 1e-6);
        // the change is gradual: no step larger than a 1 kHz sine at 0 dBFS can make plus a little
        float maxStep = 0;
        for (int i = 1; i < y[0].length; i++) maxStep = Math.max(maxStep, Math.abs(y[0][i] - y[0][i - 1]));
        assertTrue(maxStep < 0.14f, "step " + maxStep);
        float after = 0;
        for (int i = 26000; i < 48000; i++) after = Math.max(after, Math.abs(y[0][i]));
        assertEquals(-6.0, 20 * Math.log10(after), 0.2, "limited once the fade is over");
    }

    @Test
    void bypassFadesOutToTheExactDelayedDryWithinTwentyMilliseconds() {
        TruePeakLimiter lim = new TruePeakLimiter(2);
        lim.setCeilingDbtp(-6f);
        lim.prepare(FS, 32);
        float[][] x = Signals.sine(2, FS, 1000, 0, 1);
        float[][] y = {x[0].clone(), x[1].clone()};
        Signals.blocks(y, 32, (b, o, n) -> {
            if (o == 24000) lim.setEnabled(false);
            lim.process(b, o, n);
        });
        int lat = lim.latencyFrames();
        float maxStep = 0;
        for (int i = 1; i < y[0].length; i++) maxStep = Math.max(maxStep, Math.abs(y[0][i] - y[0][i - 1]));
        assertTrue(maxStep < 0.14f, "step " + maxStep);
        // 20 ms after the switch the output is the input, delayed, sample for sample
        for (int c = 0; c < 2; c++) {
            for (int i = 24000 + 960 + 32; i < 48000; i++) assertEquals(x[c][i - lat], y[c][i], 0f, "channel " + c + " frame " + i);
        }
    }

    @Test
    void nonFiniteInputNeverReachesOutput() {
        float[][] x = Signals.sine(2, FS, 1000, 0, 0.1);
        x[0][100] = Float.NaN;
        x[1][200] = Float.POSITIVE_INFINITY;
        float[][] y = limit(x, -1f, 50);
        for (float[] c : y) for (float v : c) assertTrue(Float.isFinite(v));
    }
}
