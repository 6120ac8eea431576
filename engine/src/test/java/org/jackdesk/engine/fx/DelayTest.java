package org.jackdesk.engine.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The delay: sample-exact echoes, feedback in dB steps, tempo sync, ping-pong and a time change that never clicks. */
class DelayTest {
    private static final float FS = 48000f;

    private static StereoDelay delay(float ms, float feedbackPct, boolean pingPong) {
        StereoDelay d = new StereoDelay();
        d.prepare(FS);
        FxParams p = new FxParams();
        p.delayMs = ms;
        p.feedbackPct = feedbackPct;
        p.pingPong = pingPong;
        p.lowcutHz = FxParams.LOWCUT_OFF_HZ;
        p.highcutHz = FxParams.HIGHCUT_OFF_HZ;
        d.set(p);
        return d;
    }

    /** Runs an impulse (left and right, or left only) through {@code u} for {@code n} samples. */
    private static float[][] impulse(FxUnit u, int n, boolean bothSides) {
        float[][] out = new float[2][n];
        float[] inL = new float[32], inR = new float[32], oL = new float[32], oR = new float[32];
        for (int off = 0; off < n; off += 32) {
            java.util.Arrays.fill(inL, 0f);
            java.util.Arrays.fill(inR, 0f);
            if (off == 0) {
                inL[0] = 1f;
                if (bothSides) inR[0] = 1f;
            }
            u.process(inL, inR, oL, oR, 32);
            int m = Math.min(32, n - off);
            System.arraycopy(oL, 0, out[0], off, m);
            System.arraycopy(oR, 0, out[1], off, m);
        }
        return out;
    }

    @Test
    void impulseComesBackSampleExactAtTheSetTime() {
        float[][] y = impulse(delay(250f, 0f, false), 24000, true);
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < y[c].length; i++) {
                assertEquals(i == 12000 ? 1f : 0f, y[c][i], 0f, "side " + c + " sample " + i);
            }
        }
    }

    @Test
    void feedbackHalfGivesRepeatsSixDbApart() {
        float[][] y = impulse(delay(100f, 50f, false), 4800 * 6, true);
        for (int k = 1; k <= 5; k++) {
            float repeat = y[0][4800 * k];
            assertEquals(Math.pow(0.5, k - 1), repeat, 1e-6, "repeat " + k);
            if (k > 1) assertEquals(-6.02, 20 * Math.log10(repeat / y[0][4800 * (k - 1)]), 0.01, "step to repeat " + k);
        }
    }

    @Test
    void tempoSyncGivesTheNoteAtTheTempo() {
        java.util.List<String> sync = org.jackdesk.config.Params.DELAY_SYNC;
        assertEquals(500f, StereoDelay.timeMs(sync.indexOf("1/4"), 123f, 120f), 1e-4f);
        assertEquals(375f, StereoDelay.timeMs(sync.indexOf("1/8d"), 123f, 120f), 1e-4f);
        assertEquals(500f / 3, StereoDelay.timeMs(sync.indexOf("1/8t"), 123f, 120f), 1e-3f);
        assertEquals(2000f, StereoDelay.timeMs(sync.indexOf("1/1"), 123f, 120f), 1e-3f);
        assertEquals(123f, StereoDelay.timeMs(sync.indexOf("off"), 123f, 120f), 0f);
        assertEquals(StereoDelay.MAX_MS, StereoDelay.timeMs(sync.indexOf("1/1"), 123f, 30f), 0f, "clamped to the line");
        // and the unit plays it: 120 BPM, a quarter note, is 24000 samples at 48 kHz
        float[][] y = impulse(delay(StereoDelay.timeMs(sync.indexOf("1/4"), 123f, 120f), 0f, false), 24064, true);
        assertEquals(1f, y[0][24000], 0f);
        assertEquals(0f, y[0][23999], 0f);
    }

    @Test
    void pingPongAlternatesSides() {
        float[][] y = impulse(delay(100f, 50f, true), 4800 * 4 + 32, false);
        assertEquals(0.5f, y[0][4800], 1e-6f, "first echo left (the sum of both inputs, halved)");
        assertEquals(0f, y[1][4800], 0f);
        assertEquals(0.25f, y[1][9600], 1e-6f, "second right");
        assertEquals(0f, y[0][9600], 0f);
        assertEquals(0.125f, y[0][14400], 1e-6f, "third left");
    }

    @Test
    void feedbackFiltersCutTheRepeats() {
        StereoDelay d = new StereoDelay();
        d.prepare(FS);
        FxParams p = new FxParams();
        p.delayMs = 100f;
        p.feedbackPct = 90f;
        p.lowcutHz = 500f;
        p.highcutHz = 2000f;
        d.set(p);
        float[][] y = impulse(d, 4800 * 4 + 32, true);
        double first = 0, third = 0;
        for (int i = 4800; i < 9600; i++) first += y[0][i] * y[0][i];
        for (int i = 14400; i < 19200; i++) third += y[0][i] * y[0][i];
        // band-limited twice more than the first echo, at 0.9 × 0.9 feedback
        assertTrue(third < 0.5 * first * 0.81, "third repeat's energy " + third + " vs first " + first);
    }

    @Test
    void sweepingTheTimeWhileASinePlaysStepsNoMoreThanTheGlideAllows() {
        StereoDelay d = delay(300f, 40f, false);
        FxParams p = new FxParams();
        p.feedbackPct = 40f;
        p.lowcutHz = FxParams.LOWCUT_OFF_HZ;
        p.highcutHz = FxParams.HIGHCUT_OFF_HZ;
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        float[] inL = new float[32], inR = new float[32], oL = new float[32], oR = new float[32];
        double w = 2 * Math.PI * 200 / FS;
        float amp = 0.5f;
        // a repeat adds its own sine: the output is a sum of at most 1/(1 - 0.4) of the sine's slope
        double sineStep = amp * w / (1 - 0.4);
        d.process(inL, inR, oL, oR, 32); // silence: the line starts at its time
        double maxStep = 0, maxPosStep = 0, prevPos = d.delaySamples(), prev = 0;
        int n = 0;
        for (int b = 0; b < 3000; b++) {
            if (b % 20 == 0) {
                p.delayMs = 50f + 900f * (float) r.nextDouble(); // a knob swept about, 30 times a second
                d.set(p);
            }
            for (int i = 0; i < 32; i++) {
                inL[i] = amp * (float) Math.sin(w * n++);
                inR[i] = inL[i];
            }
            d.process(inL, inR, oL, oR, 32);
            for (int i = 0; i < 32; i++) {
                maxStep = Math.max(maxStep, Math.abs(oL[i] - prev));
                prev = oL[i];
            }
            double pos = d.delaySamples();
            maxPosStep = Math.max(maxPosStep, Math.abs(pos - prevPos));
            prevPos = pos;
        }
        double glide = 0.25; // the bound docs/fx.md promises: a quarter sample per sample
        assertTrue(maxPosStep <= glide * 32 + 1e-9, "read position moved " + maxPosStep + " in a sub-block");
        double bound = sineStep * (1 + glide) * 1.05;
        assertTrue(maxStep <= bound, "largest step " + maxStep + " > " + bound);
    }
}
