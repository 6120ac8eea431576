package org.jackdesk.engine.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The bus compressor's on/off switch: a linear 20 ms crossfade of its gain between unity (dry) and
 * the compressed gain, G = 1 + e·mix·(g·makeup − 1), sample for sample. Below the threshold the
 * compressor's own gain g is exactly 1, so the expected samples follow from an independent
 * {@link Ramp} and the formula, to the bit.
 */
class BusCompressorEnableTest {
    private static final float FS = 48000;
    private static final int BLOCK = 32;

    @Test
    void switchingOnCrossfadesTheGainBitForBit() {
        BusCompressor comp = new BusCompressor(2);
        comp.setThresholdDb(-18);
        comp.setMakeupDb(6);
        comp.setMixPercent(50);
        comp.setEnabled(false);
        comp.prepare(FS, BLOCK);
        float mu = (float) Dsp.dbToGain(6), mx = 0.5f;
        Ramp e = new Ramp(20f, 0f);
        e.prepare(FS);

        // -40 dBFS: far below threshold and knee, so the computer's gain g stays exactly 1.
        float[][] x = Signals.sine(2, FS, 997, -40, 0.2);
        float[][] y = {x[0].clone(), x[1].clone()};
        int on = 10 * BLOCK;
        int changed = 0;
        for (int off = 0; off < y[0].length; off += BLOCK) {
            if (off == on) {
                comp.setEnabled(true);
                e.setTarget(1f);
            }
            comp.process(y, off, BLOCK);
            for (int i = 0; i < BLOCK; i++) {
                float g = 1f + e.peek(i + 1) * mx * (mu - 1f);
                for (int c = 0; c < 2; c++) {
                    float want = x[c][off + i] * g;
                    assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(y[c][off + i]),
                            "channel " + c + ", sample " + (off + i) + ": " + want + " vs " + y[c][off + i]);
                    if (y[c][off + i] != x[c][off + i]) changed++;
                }
            }
            e.skip(BLOCK);
        }
        assertTrue(changed > 0, "the switch changed nothing");
        assertEquals(1f, e.current(), "the fade must have finished within the signal");
    }
}
