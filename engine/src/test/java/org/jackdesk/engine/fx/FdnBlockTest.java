package org.jackdesk.engine.fx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hall's and the room's sub-block processed line by line ({@code FdnReverb.processBlock}) equal
 * the sample-by-sample reference bit for bit: noise and impulses in, decay, size, damping, bass,
 * pre-delay (down to 0) and width moving, sub-blocks of every length 1..32, the smallest sizes too.
 */
class FdnBlockTest {
    @Test
    void blockEqualsPerSampleBitForBit() {
        for (int type = 0; type < 2; type++) {
            FdnReverb block = type == 0 ? FdnReverb.hall() : FdnReverb.room();
            FdnReverb ref = type == 0 ? FdnReverb.hall() : FdnReverb.room();
            ref.perSample = true;
            block.prepare(48000f);
            ref.prepare(48000f);
            SplittableRandom r = new SplittableRandom(7 + type);
            float[] inL = new float[32], inR = new float[32];
            float[] aL = new float[32], aR = new float[32], bL = new float[32], bR = new float[32];
            long nonZero = 0;
            for (int c = 0; c < 6000; c++) {
                if (c % 200 == 0) {
                    FxParams p = new FxParams();
                    p.decayS = (float) (0.3 + r.nextDouble() * 6);
                    p.sizePct = c % 1000 == 0 ? 1f + (float) r.nextDouble() * 10 : (float) (20 + r.nextDouble() * 180);
                    p.dampingPct = (float) (r.nextDouble() * 100);
                    p.dampFreqHz = (float) (1000 + r.nextDouble() * 9000);
                    p.predelayMs = c % 400 == 0 ? 0f : (float) (r.nextDouble() * 100);
                    p.widthPct = (float) (r.nextDouble() * 100);
                    p.bass = (float) (0.5 + r.nextDouble());
                    block.set(p);
                    ref.set(p);
                }
                int m = 1 + r.nextInt(32);
                for (int i = 0; i < m; i++) {
                    boolean quiet = (c / 300) % 2 == 1;
                    inL[i] = quiet ? (r.nextInt(500) == 0 ? 1f : 0f) : (float) (r.nextDouble() - 0.5);
                    inR[i] = quiet ? 0f : (float) (r.nextDouble() - 0.5);
                }
                block.process(inL, inR, aL, aR, m);
                ref.process(inL, inR, bL, bR, m);
                for (int i = 0; i < m; i++) {
                    if (Float.floatToRawIntBits(aL[i]) != Float.floatToRawIntBits(bL[i])
                            || Float.floatToRawIntBits(aR[i]) != Float.floatToRawIntBits(bR[i])) {
                        assertArrayEquals(java.util.Arrays.copyOf(bL, m), java.util.Arrays.copyOf(aL, m),
                                (type == 0 ? "hall" : "room") + " sub-block " + c + " of " + m + " frames");
                        assertArrayEquals(java.util.Arrays.copyOf(bR, m), java.util.Arrays.copyOf(aR, m),
                                (type == 0 ? "hall" : "room") + " right, sub-block " + c);
                    }
                    if (aL[i] != 0f) nonZero++;
                }
            }
            assertTrue(block.blockSubBlocks > 3000, "the block path ran " + block.blockSubBlocks + " of 6000 sub-blocks");
            assertTrue(ref.blockSubBlocks == 0, "the reference ran the block path");
            assertTrue(nonZero > 10_000, "the reverb must carry signal: " + nonZero + " non-zero samples");
        }
    }
}
