package org.jackdesk.engine.fx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The plate's {@code size} swept while a sine plays never clicks: the output never steps more than
 * a sine of its own level would. The size moves the tank's resonances, so the level itself swings
 * (it is measured: the output's peak over the sub-block and the 10 before), and the glide bends the
 * pitch a little (each read moves at most 1/32 sample per sample, and the tank recirculates), so
 * the bound allows the output's frequency up to twice the sine's. A break in the waveform — a
 * read position jumping — steps by up to twice the level, 1/ω = 38 times a 200 Hz sine's step (the
 * instant rescale this replaced measured 64 times).
 */
class PlateSizeTest {
    private static final float FS = 48000f;

    /**
     * The largest step of the left output, relative to a 200 Hz sine's step at the output's level,
     * over {@code blocks} sub-blocks of a 200 Hz sine at 0.5, the size set to a random value every 20
     * sub-blocks when {@code sweep} (30 times a second, a knob turned about), fixed at 60 %
     * otherwise. The first 2 s (the tail building up) are not measured.
     */
    private static double largestStep(boolean sweep, int blocks, long seed) {
        PlateReverb plate = new PlateReverb();
        FxParams p = new FxParams();
        p.decayS = 2f;
        p.predelayMs = 0f;
        p.sizePct = 60f;
        plate.set(p);
        plate.prepare(FS);
        SplittableRandom r = new SplittableRandom(seed);
        float[] inL = new float[32], inR = new float[32], oL = new float[32], oR = new float[32];
        double w = 2 * Math.PI * 200 / FS, largest = 0, prev = 0;
        int n = 0, warm = (int) (2 * FS / 32);
        double[] peaks = new double[11];
        for (int b = 0; b < warm + blocks; b++) {
            if (sweep && b >= warm && b % 20 == 0) {
                p.sizePct = 20f + 80f * (float) r.nextDouble();
                plate.set(p);
            }
            for (int i = 0; i < 32; i++) {
                inL[i] = 0.5f * (float) Math.sin(w * n++);
                inR[i] = inL[i];
            }
            plate.process(inL, inR, oL, oR, 32);
            double peak = 0, step = 0;
            for (int i = 0; i < 32; i++) {
                peak = Math.max(peak, Math.abs(oL[i]));
                step = Math.max(step, Math.abs(oL[i] - prev));
                prev = oL[i];
            }
            peaks[b % peaks.length] = peak;
            double level = 0;
            for (double x : peaks) level = Math.max(level, x);
            if (b >= warm) largest = Math.max(largest, step / (level * w));
        }
        return largest;
    }

    @Test
    void sweepingTheSizeWhileASinePlaysNeverClicks() {
        int blocks = 3000; // 2 s
        double atRest = largestStep(false, blocks, 0);
        System.out.printf("plate, 200 Hz sine: largest step / a sine's step at the output level: at rest %.3f%n", atRest);
        assertTrue(atRest <= 1.1, "at rest the output steps as the sine: " + atRest);
        for (long seed = 1; seed <= 4; seed++) {
            double swept = largestStep(true, blocks, seed);
            System.out.printf("  size swept (seed %d) %.3f%n", seed, swept);
            assertTrue(swept <= 2, "the size moving steps the output " + swept + " x a sine of its level");
        }
    }
}
