package org.jackdesk.engine.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The transient shaper on a synthetic drum hit (a decaying noise burst) and on steady noise. */
class TransientShaperTest {
    private static final int FS = 48000;
    private static final int ONSET = FS / 10; // 100 ms of silence first

    /** Stereo: 100 ms silence, then noise decaying with a 80 ms time constant for 0.9 s. */
    private static float[][] hit(long seed, double peak) {
        int n = ONSET + FS * 9 / 10;
        float[][] x = new float[2][n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = ONSET; i < n; i++) {
            double env = peak * Math.exp(-(i - ONSET) / (0.080 * FS));
            x[0][i] = (float) (env * (r.nextDouble() * 2 - 1));
            x[1][i] = (float) (env * (r.nextDouble() * 2 - 1));
        }
        return x;
    }

    private static float[][] run(float[][] in, float attack, float sustain) {
        TransientShaper t = new TransientShaper(2);
        t.prepare(FS, 256);
        t.setAttackDb(attack);
        t.setSustainDb(sustain);
        float[][] out = {in[0].clone(), in[1].clone()};
        for (int off = 0; off < out[0].length; off += 256) t.process(out, off, Math.min(256, out[0].length - off));
        return out;
    }

    /** Energy ratio out/in over [from, to), dB. */
    private static double gainDb(float[][] in, float[][] out, int from, int to) {
        double a = 0, b = 0;
        for (int c = 0; c < 2; c++) {
            for (int i = from; i < to; i++) {
                a += (double) in[c][i] * in[c][i];
                b += (double) out[c][i] * out[c][i];
            }
        }
        return 10 * Math.log10(b / a);
    }

    private static int ms(double ms) {
        return (int) Math.round(ms * FS / 1000);
    }

    @Test
    void moreAttackRaisesTheFirst10msBy6dBAndLeavesTheTail() {
        for (double peak : new double[] {0.5, 0.05}) { // the same at −26 dB: program-independent
            float[][] in = hit(1, peak);
            float[][] out = run(in, 6f, 0f);
            String at = " (peak " + peak + ")";
            assertEquals(6.0, gainDb(in, out, ONSET, ONSET + ms(10)), 1.0, "the first 10 ms of the hit" + at);
            assertEquals(0.0, gainDb(in, out, ONSET + ms(250), in[0].length), 0.5, "the tail" + at);
        }
    }

    @Test
    void lessAttackLowersTheFirst10ms() {
        float[][] in = hit(2, 0.5);
        float[][] out = run(in, -6f, 0f);
        assertEquals(-6.0, gainDb(in, out, ONSET, ONSET + ms(10)), 1.0, "the first 10 ms");
        assertEquals(0.0, gainDb(in, out, ONSET + ms(250), in[0].length), 0.5, "the tail");
    }

    @Test
    void moreSustainRaisesTheTailBy6dBAndLeavesTheAttack() {
        float[][] in = hit(3, 0.5);
        float[][] out = run(in, 0f, 6f);
        assertEquals(0.0, gainDb(in, out, ONSET, ONSET + ms(10)), 0.5, "the first 10 ms");
        assertEquals(6.0, gainDb(in, out, ONSET + ms(250), in[0].length), 1.0, "the tail");
    }

    @Test
    void steadyNoiseIsUntouched() {
        SplittableRandom r = new SplittableRandom(4);
        float[][] in = new float[2][FS * 4];
        for (int c = 0; c < 2; c++) for (int i = 0; i < in[c].length; i++) in[c][i] = (float) (0.1 * (r.nextDouble() * 2 - 1));
        float[][] out = run(in, 6f, 6f);
        assertEquals(0.0, gainDb(in, out, FS, in[0].length), 0.2, "steady noise after its first second");
    }

    @Test
    void offPassesBitForBitAndNaNDoesNotStick() {
        TransientShaper t = new TransientShaper(2);
        t.prepare(FS, 64);
        t.setAttackDb(6f);
        t.setEnabled(false);
        t.snapEnabled();
        assertTrue(t.bypassed(), "off from the start: the caller skips it");
        t.setEnabled(true);
        float[][] b = new float[2][64];
        b[0][3] = Float.NaN;
        t.process(b, 0, 64);
        float[][] x = hit(5, 0.5);
        for (int off = 0; off < x[0].length; off += 64) t.process(x, off, 64);
        for (float[] ch : x) for (float v : ch) assertTrue(Float.isFinite(v));
    }
}
