package org.jackdesk.engine.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A type change's fade: linear, 50 ms, from the unit going away to the one chosen. */
class FxFadeTest {
    private static final float FS = 48000f;

    /** A chorus at mix 0 plays its input unchanged: the fade's gain can be read off the output. */
    private static FxProcessor dryChorus() {
        FxProcessor fx = new FxProcessor();
        fx.params().chorusMixPct = 0f;
        fx.params().delayMs = 1f;
        fx.params().feedbackPct = 0f;
        fx.prepare(FS, 32);
        fx.apply();
        fx.setType(FxProcessor.CHORUS, true);
        return fx;
    }

    private static float[] run(FxProcessor fx, int blocks) {
        float[] y = new float[blocks * 32];
        for (int b = 0; b < blocks; b++) {
            java.util.Arrays.fill(fx.input()[0], 0.5f);
            java.util.Arrays.fill(fx.input()[1], 0.5f);
            if (fx.process(32)) System.arraycopy(fx.output()[0], 0, y, b * 32, 32);
        }
        return y;
    }

    @Test
    void switchingOffFadesTheUnitOutLinearlyOverFiftyMs() {
        FxProcessor fx = dryChorus();
        run(fx, 10);
        fx.setType(FxProcessor.OFF, false);
        float[] y = run(fx, 100);
        int fade = Math.round(FxProcessor.FADE_MS * 0.001f * FS); // 2400
        for (int k = 0; k < y.length; k++) {
            double expected = k < fade ? 0.5 * (1 - (k + 1) / (double) fade) : 0;
            assertEquals(expected, y[k], 1e-6, "sample " + k + " of the fade");
        }
        assertFalse(fx.process(32), "off once faded");
    }

    @Test
    void aDelayChosenFadesInFromSilenceWhileTheChorusFadesOut() {
        FxProcessor fx = dryChorus();
        run(fx, 10);
        fx.setType(FxProcessor.DELAY, false);
        float[] y = run(fx, 100);
        int fade = Math.round(FxProcessor.FADE_MS * 0.001f * FS);
        // the delay (1 ms = 48 samples) starts from silence: its 0.5 arrives at sample 48
        for (int k = 0; k < y.length; k++) {
            double g = Math.min(1, (k + 1) / (double) fade);
            double expected = 0.5 * (1 - g) + (k >= 48 ? 0.5 * g : 0);
            assertEquals(expected, y[k], 1e-6, "sample " + k + " of the fade");
        }
        assertTrue(fx.process(32));
        assertEquals(0.5f, fx.output()[1][31], 0f, "the delay alone after the fade");
    }
}
