package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.jackdesk.config.Layout;
import org.jackdesk.engine.dsp.ReferencePeak;
import org.jackdesk.engine.dsp.Rbj;
import org.jackdesk.engine.dsp.TruePeak;
import org.jackdesk.engine.dsp.TruePeakLimiter;
import org.junit.jupiter.api.Test;

/**
 * The main-bus mastering chain and the aux-bus chains wired into the engine, measured on the
 * engine's outputs and in its MeterBank. The console: one stereo channel (unity at centre, no pan
 * law) feeding the main bus and, by a send, one stereo aux bus.
 */
class EngineMainBusTest {
    private static final float FS = 48000f;
    private static final int PERIOD = 256;

    private static TestConsole console(java.util.function.Consumer<org.jackdesk.config.ConsoleState> setup) {
        return new TestConsole(Layout.of(0, 1, 0, 1), PERIOD, setup);
    }

    /** Runs {@code x} (stereo, length a multiple of PERIOD) through the engine; returns the named outputs. */
    private static float[][] run(TestConsole t, float[][] x, String outL, String outR) {
        int n = x[0].length;
        float[][] y = new float[2][n];
        int l = t.output(outL), r = t.output(outR);
        for (int off = 0; off < n; off += PERIOD) {
            System.arraycopy(x[0], off, t.in[0], 0, PERIOD);
            System.arraycopy(x[1], off, t.in[1], 0, PERIOD);
            t.engine.process(t.in, t.out, PERIOD);
            System.arraycopy(t.out[l], 0, y[0], off, PERIOD);
            System.arraycopy(t.out[r], 0, y[1], off, PERIOD);
        }
        return y;
    }

    private static float[][] sine(double freq, double seconds, double amp, double phaseR) {
        int n = (int) Math.round(seconds * FS / PERIOD) * PERIOD;
        float[][] x = new float[2][n];
        for (int i = 0; i < n; i++) {
            double w = 2 * Math.PI * freq * i / FS;
            x[0][i] = (float) (amp * Math.sin(w));
            x[1][i] = (float) (amp * Math.sin(w + phaseR));
        }
        return x;
    }

    private static double rms(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += (double) x[i] * x[i];
        return Math.sqrt(s / (to - from));
    }

    private static float[] meters(TestConsole t) {
        float[] v = new float[t.engine.meters().size()];
        t.engine.meters().read(v);
        return v;
    }

    @Test
    void freshConsolePassesAudioBitIdenticallyWithNoLatency() {
        TestConsole t = console(s -> {
            try {
                s.set("ch/1/send/1/level", 0.0, "setup"); // pre-fader send at 0 dB into the stereo bus
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        SplittableRandom r = new SplittableRandom(3);
        int n = PERIOD * 200;
        float[][] x = new float[2][n];
        for (float[] c : x) for (int i = 0; i < n; i++) c[i] = (float) (r.nextDouble() * 2 - 1);
        float[][] main = run(t, x, "main_L", "main_R");
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits(x[c][i]), Float.floatToRawIntBits(main[c][i]), "main channel " + c + " frame " + i);
            }
        }
        float[][] bus = run(t, x, "bus1_L", "bus1_R");
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits(x[c][i]), Float.floatToRawIntBits(bus[c][i]), "bus channel " + c + " frame " + i);
            }
        }
        assertEquals(0, t.engine.latencyFrames());
        assertEquals(0, t.engine.busLatencyFrames(0));
        float[] m = meters(t);
        assertEquals(0f, m[t.engine.meters().mainBase() + MeterBank.BUS_COMP_GR]);
        assertEquals(0f, m[t.engine.meters().mainBase() + MeterBank.BUS_LIMITER_GR]);
    }

    @Test
    void anAuxBusTransientShaperLiftsTheOnsetsOfItsBusOnly() {
        // noise bursts (100 ms loud, 100 ms 30 dB softer) sent pre-fader at 0 dB into the stereo aux bus
        TestConsole t = console(s -> {
            try {
                s.set("ch/1/send/1/level", 0.0, "setup");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        float[][] x = new float[2][PERIOD * 300];
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int i = 0; i < x[0].length; i++) x[0][i] = x[1][i] = (float) ((i / 4800) % 2 == 0 ? 0.5 : 0.016) * (float) (r.nextDouble() - 0.5);
        float[][] plain = run(t, x, "bus1_L", "bus1_R");
        t.engine.command(EngineCommand.RESET_SIGNAL_STATE);
        t.set("bus/1/transient/on", true);
        t.set("bus/1/transient/attack", 9.0);
        run(t, new float[2][PERIOD * 40], "bus1_L", "bus1_R"); // the switch's 20 ms fade is over
        t.engine.command(EngineCommand.RESET_SIGNAL_STATE);
        float[][] shaped = run(t, x, "bus1_L", "bus1_R");
        float[][] main = run(t, x, "main_L", "main_R");
        // the third burst (from 200 ms): its first 10 ms lifted, its last 20 ms as they were
        int onset = 2 * 9600;
        double lift = rmsDb(shaped[0], onset, onset + 480) - rmsDb(plain[0], onset, onset + 480);
        double tail = rmsDb(shaped[0], onset + 3840, onset + 4800) - rmsDb(plain[0], onset + 3840, onset + 4800);
        assertTrue(lift > 3, "the onset is lifted: " + lift + " dB");
        assertTrue(Math.abs(tail) < 1, "the steady part is left alone: " + tail + " dB");
        // the main mix does not pass the aux bus's shaper
        for (int i = 0; i < main[0].length; i++) assertTrue(Math.abs(main[0][i]) <= Math.abs(x[0][i]) * 1.0001f + 1e-6f, "main frame " + i);
    }

    private static double rmsDb(float[] y, int from, int to) {
        double e = 0;
        for (int i = from; i < to; i++) e += (double) y[i] * y[i];
        return 10 * Math.log10(e / (to - from) + 1e-30);
    }

    @Test
    void theMultibandBandsAndTheTransientShaperPublishTheirGainOnTheMeters() {
        TestConsole t = console(s -> { });
        int stages = t.engine.meters().stagesBase();
        float[][] x = new float[2][PERIOD * 400];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        // loud noise, in bursts of 100 ms with 100 ms gaps: the shaper sees attacks
        for (int i = 0; i < x[0].length; i++) x[0][i] = x[1][i] = (i / 4800) % 2 == 0 ? (float) (r.nextDouble() - 0.5) : 0f;
        run(t, x, "main_L", "main_R");
        float[] m = meters(t);
        for (int f = 0; f < MeterBank.STAGE_FIELDS; f++) assertEquals(0f, m[stages + f], "stage field " + f + " while everything is off");

        t.set("main/multiband/on", true);
        t.set("main/multiband/bands", "3");
        for (int b = 1; b <= 3; b++) t.set("main/multiband/" + b + "/threshold", -40.0);
        t.set("main/transient/on", true);
        t.set("main/transient/attack", 9.0);
        float maxTransient = 0;
        for (int off = 0; off < x[0].length; off += PERIOD) {
            System.arraycopy(x[0], off, t.in[0], 0, PERIOD);
            System.arraycopy(x[1], off, t.in[1], 0, PERIOD);
            t.engine.process(t.in, t.out, PERIOD);
            m = meters(t);
            maxTransient = Math.max(maxTransient, m[stages + MeterBank.STAGE_TRANSIENT]);
        }
        for (int b = 0; b < 3; b++) assertTrue(m[stages + MeterBank.STAGE_MB_1 + b] < -1f, "band " + (b + 1) + " reduces: " + m[stages + b]);
        assertEquals(0f, m[stages + MeterBank.STAGE_MB_1 + 3], "a fourth band with three in use");
        assertTrue(maxTransient > 3f, "the shaper's lift on the bursts' attacks is published: " + maxTransient);
    }

    @Test
    void mainLimiterHoldsMinus1DbtpOnFullScaleSquareAndReportsItsLatency() {
        TestConsole t = console(s -> {
            try {
                s.set("ch/1/fader", 6.0, "setup"); // a full-scale square arrives 6 dB over full scale
                s.set("main/limiter/on", true, "setup");
                s.set("main/limiter/ceiling", -1.0, "setup");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(TruePeakLimiter.latencyFramesAt(FS), t.engine.latencyFrames());
        assertEquals(95, t.engine.latencyFrames()); // 2 ms at 48 kHz, output aligned one frame earlier
        for (double f : new double[] {997, 3000, 11025}) {
            int n = PERIOD * 200;
            float[][] x = new float[2][n];
            int half = (int) Math.round(FS / f / 2);
            // the square, then 20 ms of silence: the output rings out as it would in use (a
            // truncated end would make the reference interpolator see a cut that never played)
            int sq = n - (int) (0.02 * FS);
            for (int i = 0; i < sq; i++) x[0][i] = x[1][i] = (i / Math.max(1, half)) % 2 == 0 ? 1f : -1f;
            float[][] y = run(t, x, "main_L", "main_R");
            t.engine.command(EngineCommand.RESET_SIGNAL_STATE); // each square starts from silence
            for (int c = 0; c < 2; c++) {
                float[] tail = y[c];
                double ref = ReferencePeak.peakDb(tail);
                assertTrue(ref <= -1.0 + 1e-3, f + " Hz: 16x true peak " + ref + " dBTP");
                assertTrue(ref > -2.0, f + " Hz: a limiter, not a muter: " + ref);
                TruePeak tp = new TruePeak();
                double own = 20 * Math.log10(tp.processMax(tail, 0, tail.length));
                assertTrue(own <= -1.0 + 1e-3, f + " Hz: 4x true peak " + own + " dBTP");
            }
            float[] m = meters(t);
            assertTrue(m[t.engine.meters().mainBase() + MeterBank.BUS_LIMITER_GR] < -5f,
                    "limiter gain reduction is published: " + m[t.engine.meters().mainBase() + MeterBank.BUS_LIMITER_GR]);
            float tpMeter = m[t.engine.meters().loudnessBase() + MeterBank.LOUD_TRUE_PEAK];
            assertTrue(tpMeter <= -1.0 + 0.05, "the loudness meter's true peak sees the limited output: " + tpMeter);
        }
        t.set("main/limiter/on", false);
        assertEquals(0, t.engine.latencyFrames());
    }

    @Test
    void limiterSwitchesOnWithoutLosingLevelAndOffBackToBitIdentical() {
        TestConsole t = console(null);
        float[][] x = sine(440, 0.5, 0.25, 0.3);
        run(t, x, "main_L", "main_R");
        t.set("main/limiter/on", true);
        float[][] y = run(t, x, "main_L", "main_R");
        // a quiet sine passes the limiter unchanged (delayed): never more than the input's level
        for (int c = 0; c < 2; c++) {
            for (float v : y[c]) assertTrue(Math.abs(v) <= 0.2501f, "no overshoot while fading in: " + v);
            assertEquals(rms(x[c], 4800, x[c].length), rms(y[c], 4800, y[c].length), 1e-3);
        }
        t.set("main/limiter/on", false);
        run(t, x, "main_L", "main_R"); // fades out, then stops running
        float[][] z = run(t, x, "main_L", "main_R");
        for (int i = 0; i < x[0].length; i++) assertEquals(x[0][i], z[0][i], 0f, "frame " + i);
    }

    @Test
    void multibandAndTransientShaperSwitchOnAndOffBackToBitIdentical() {
        TestConsole t = console(null);
        SplittableRandom r = new SplittableRandom(9);
        int n = PERIOD * 200;
        float[][] x = new float[2][n];
        for (float[] c : x) for (int i = 0; i < n; i++) c[i] = (float) (0.5 * (r.nextDouble() * 2 - 1));
        run(t, x, "main_L", "main_R");
        t.set("main/multiband/on", true);
        t.set("main/multiband/2/threshold", -30.0);
        t.set("main/multiband/2/ratio", 4.0);
        t.set("main/transient/on", true);
        t.set("main/transient/attack", 6.0);
        float[][] y = run(t, x, "main_L", "main_R");
        double in = rms(x[0], n / 2, n), out = rms(y[0], n / 2, n);
        assertTrue(out < in * 0.95, "the middle band compresses the noise: " + in + " → " + out);
        t.set("main/multiband/on", false);
        t.set("main/transient/on", false);
        run(t, x, "main_L", "main_R"); // fade out, then stop running
        float[][] z = run(t, x, "main_L", "main_R");
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < n; i++) assertEquals(Float.floatToRawIntBits(x[c][i]), Float.floatToRawIntBits(z[c][i]), "channel " + c + " frame " + i);
        }
    }

    @Test
    void aSideEqBandLeavesAMonoMixBitIdenticalAndAMidBandActsOnIt() {
        TestConsole t = console(null);
        t.set("main/eq/on", true);
        t.set("main/eq/3/gain", 9.0);
        t.set("main/eq/3/ms", "side");
        SplittableRandom r = new SplittableRandom(10);
        int n = PERIOD * 100;
        float[][] x = new float[2][n];
        // noise and a 400 Hz tone at band 3's centre
        for (int i = 0; i < n; i++) x[0][i] = x[1][i] = (float) (0.05 * (r.nextDouble() * 2 - 1) + 0.2 * Math.sin(2 * Math.PI * 400 * i / FS));
        float[][] y = run(t, x, "main_L", "main_R");
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < n; i++) assertEquals(Float.floatToRawIntBits(x[c][i]), Float.floatToRawIntBits(y[c][i]), "side band, mono: channel " + c + " frame " + i);
        }
        t.set("main/eq/3/ms", "mid");
        float[][] z = run(t, x, "main_L", "main_R");
        assertTrue(rms(z[0], n / 2, n) > rms(x[0], n / 2, n) * 1.2, "a mid band boosts the mono mix");
        for (int i = 0; i < n; i++) assertEquals(z[0][i], z[1][i], 0f, "still mono: frame " + i);
        // and a side band acts on what differs between L and R
        t.set("main/eq/3/ms", "side");
        float[][] w = new float[2][n];
        for (int i = 0; i < n; i++) {
            w[0][i] = x[0][i];
            w[1][i] = -x[0][i];
        }
        float[][] v = run(t, w, "main_L", "main_R");
        v = run(t, w, "main_L", "main_R");
        assertTrue(rms(v[0], n / 2, n) > rms(w[0], n / 2, n) * 1.2, "a side band boosts an all-side signal");
    }

    @Test
    void widthZeroMakesTheMainOutputMono() {
        TestConsole t = console(null);
        t.set("main/width", 0.0);
        float[][] x = sine(500, 1.5, 0.5, 1.0); // R leads L by 1 rad
        float[][] y = run(t, x, "main_L", "main_R");
        int from = (int) (0.05 * FS); // after the 20 ms width ramp
        for (int i = from; i < y[0].length; i++) assertEquals(y[0][i], y[1][i], 0f, "frame " + i);
        assertTrue(rms(y[0], from, y[0].length) > 0.2, "mono is the mid signal, not silence");
        float corr = meters(t)[t.engine.meters().loudnessBase() + MeterBank.LOUD_CORRELATION];
        assertEquals(1f, corr, 1e-3f, "identical channels correlate at +1");
    }

    @Test
    void mainEqPeakingBandFollowsTheCookbook() {
        TestConsole t = console(null);
        t.set("main/eq/on", true);
        t.set("main/eq/3/freq", 1000.0);
        t.set("main/eq/3/gain", 6.0);
        t.set("main/eq/3/q", 1.0);
        double[] c = new double[5];
        Rbj.peaking(FS, 1000, 6, 1, c);
        for (double f : new double[] {1000, 2000, 250}) {
            float[][] x = sine(f, 1.0, 0.1, 0);
            float[][] y = run(t, x, "main_L", "main_R");
            int from = (int) (0.5 * FS); // past the EQ's 20 ms glides and the filter's transient
            double gotDb = 20 * Math.log10(rms(y[0], from, y[0].length) / rms(x[0], from, x[0].length));
            assertEquals(Rbj.magnitudeDb(c, FS, f), gotDb, 0.05, "gain at " + f + " Hz");
        }
        assertEquals(6.0, Rbj.magnitudeDb(c, FS, 1000), 1e-6);
        // changing the band's gain moves the output level with it
        t.set("main/eq/3/gain", -6.0);
        float[][] x = sine(1000, 1.0, 0.1, 0);
        float[][] y = run(t, x, "main_L", "main_R");
        double gotDb = 20 * Math.log10(rms(y[1], 24000, y[1].length) / rms(x[1], 24000, x[1].length));
        assertEquals(-6.0, gotDb, 0.05);
    }

    @Test
    void loudnessMeterReadsMinus23LufsForStereoSineAtMinus23Dbfs() {
        TestConsole t = console(null);
        float[][] x = sine(1000, 4.0, Math.pow(10, -23 / 20.0), 0); // EBU Tech 3341 case 1
        run(t, x, "main_L", "main_R");
        float[] m = meters(t);
        int lb = t.engine.meters().loudnessBase();
        assertEquals(-23.0, m[lb + MeterBank.LOUD_MOMENTARY], 0.1);
        assertEquals(-23.0, m[lb + MeterBank.LOUD_SHORT_TERM], 0.1);
        assertEquals(-23.0, m[lb + MeterBank.LOUD_INTEGRATED], 0.1);
        assertEquals(-23.0, m[lb + MeterBank.LOUD_MAX_MOMENTARY], 0.1);
        assertEquals(0.0, m[lb + MeterBank.LOUD_RANGE], 0.1, "a steady tone has no loudness range");
        assertEquals(-23.0, m[lb + MeterBank.LOUD_SAMPLE_PEAK], 0.05);
        assertEquals(-23.0, m[lb + MeterBank.LOUD_TRUE_PEAK], 0.1);
        assertEquals(1f, m[lb + MeterBank.LOUD_CORRELATION], 1e-3f);

        assertTrue(t.engine.command(EngineCommand.RESET_LOUDNESS));
        t.engine.process(t.in, t.out, PERIOD);
        m = meters(t);
        assertEquals(Float.NEGATIVE_INFINITY, m[lb + MeterBank.LOUD_INTEGRATED], "reset: nothing measured yet");
        assertEquals(Float.NEGATIVE_INFINITY, m[lb + MeterBank.LOUD_MAX_MOMENTARY]);
        run(t, sine(1000, 1.0, Math.pow(10, -33 / 20.0), 0), "main_L", "main_R");
        assertEquals(-33.0, meters(t)[lb + MeterBank.LOUD_INTEGRATED], 0.1, "a new measurement after the reset");
    }

    @Test
    void mainCompressorReducesALoudSignalAndPublishesGainReduction() {
        TestConsole t = console(null);
        t.set("main/comp/on", true);
        t.set("main/comp/threshold", -30.0);
        t.set("main/comp/ratio", 4.0);
        t.set("main/comp/knee", 0.0);
        float[][] x = sine(1000, 1.0, 0.5, 0);
        float[][] y = run(t, x, "main_L", "main_R");
        float gr = meters(t)[t.engine.meters().mainBase() + MeterBank.BUS_COMP_GR];
        assertTrue(gr < -10f, "a −9 dBFS RMS sine against −30 dB at 4:1 is reduced ~15 dB: " + gr);
        double outDb = 20 * Math.log10(rms(y[0], 24000, y[0].length) / rms(x[0], 24000, x[0].length));
        assertEquals(gr, outDb, 0.5, "the output level drops by the published reduction");
    }

    @Test
    void auxBusLimiterHoldsItsCeilingAndPublishesReduction() {
        TestConsole t = console(s -> {
            try {
                s.set("ch/1/send/1/level", 6.0, "setup");
                s.set("bus/1/limiter/on", true, "setup");
                s.set("bus/1/limiter/ceiling", -3.0, "setup");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(0, t.engine.latencyFrames(), "the aux limiter does not delay the main outputs");
        assertEquals(TruePeakLimiter.latencyFramesAt(FS), t.engine.busLatencyFrames(0));
        int n = PERIOD * 100;
        float[][] x = new float[2][n];
        for (int i = 0; i < n; i++) x[0][i] = x[1][i] = (i / 24) % 2 == 0 ? 1f : -1f;
        float[][] y = run(t, x, "bus1_L", "bus1_R");
        for (int c = 0; c < 2; c++) assertTrue(ReferencePeak.peakDb(y[c]) <= -3.0 + 1e-3);
        assertTrue(meters(t)[t.engine.meters().busBase(0) + MeterBank.BUS_LIMITER_GR] < -5f);
        float[][] main = run(t, x, "main_L", "main_R");
        assertEquals(1f, main[0][n - 1], 0f, "the main bus is untouched");
    }
}
