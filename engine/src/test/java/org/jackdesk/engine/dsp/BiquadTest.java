package org.jackdesk.engine.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BiquadTest {
    private static Biquad section(double fs, double f, double gainDb, double q) {
        double[] c = new double[5];
        Rbj.peaking(fs, f, gainDb, q, c);
        Biquad b = new Biquad();
        b.setCoefficients(c);
        return b;
    }

    private static Biquad[] bank() {
        return new Biquad[] {
            section(48000, 100, -3, 0.7), section(48000, 400, 2, 1.0),
            section(48000, 2000, 1.5, 2.0), section(48000, 8000, -2, 0.5)
        };
    }

    private static float[] noise(int n) {
        SplittableRandom r = new SplittableRandom(7);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1) * 0.5f;
        return x;
    }

    @Test
    void fusedFourSectionsEqualFourPassesBitForBit() {
        Biquad[] a = bank(), b = bank();
        float[] x = noise(4800), y = x.clone();
        for (int off = 0; off < x.length; off += 32) {
            for (Biquad s : a) s.process(x, off, 32);
            Biquad.process4(y, off, 32, b[0], b[1], b[2], b[3]);
        }
        assertArrayEquals(x, y, 0f);
    }

    @Test
    void fusedTwoSectionsEqualTwoPassesBitForBit() {
        Biquad[] a = bank(), b = bank();
        float[] x = noise(4800), y = x.clone();
        for (int off = 0; off < x.length; off += 32) {
            a[0].process(x, off, 32);
            a[1].process(x, off, 32);
            Biquad.process2(y, off, 32, b[0], b[1]);
        }
        assertArrayEquals(x, y, 0f);
    }

    @Test
    void anIdentitySectionInTheFusedPassIsExact() {
        Biquad[] a = bank(), b = bank();
        b[2] = new Biquad(); // identity coefficients, zero state: an idle EQ band
        float[] x = noise(4800), y = x.clone();
        for (int off = 0; off < x.length; off += 32) {
            a[0].process(x, off, 32);
            a[1].process(x, off, 32);
            a[3].process(x, off, 32);
            Biquad.process4(y, off, 32, b[0], b[1], b[2], b[3]);
        }
        assertArrayEquals(x, y, 0f);
    }

    @Test
    void cascadeOfAnyLengthEqualsSeparatePassesBitForBit() {
        for (int count = 1; count <= 7; count++) {
            Biquad[] a = new Biquad[count], b = new Biquad[count];
            for (int k = 0; k < count; k++) {
                a[k] = section(48000, 60 * (k + 1) * (k + 1), k % 2 == 0 ? -4 : 3, 0.5 + 0.3 * k);
                b[k] = section(48000, 60 * (k + 1) * (k + 1), k % 2 == 0 ? -4 : 3, 0.5 + 0.3 * k);
            }
            float[] x = noise(4800), y = x.clone();
            for (int off = 0; off < x.length; off += 32) {
                for (Biquad s : a) s.process(x, off, 32);
                Biquad.cascade(y, off, 32, b, count);
            }
            assertArrayEquals(x, y, 0f, count + " sections");
        }
    }

    @Test
    void stereoCascadeKeepsEachChannelsOwnState() {
        Biquad[] mono = bank();
        Biquad[][] stereo = {bank(), bank()};
        float[] l = noise(4800), r = new float[4800];
        for (int i = 0; i < r.length; i++) r[i] = -0.5f * l[(i * 7) % l.length];
        float[] ml = l.clone();
        float[][] st = {l.clone(), r.clone()};
        for (int off = 0; off < l.length; off += 32) {
            Biquad.cascade(ml, off, 32, mono, 4);
            Biquad.cascade(st, 2, off, 32, stereo, 4);
        }
        assertArrayEquals(ml, st[0], 0f);
        float[] mr = r.clone();
        Biquad[] mono2 = bank();
        for (int off = 0; off < r.length; off += 32) Biquad.cascade(mr, off, 32, mono2, 4);
        assertArrayEquals(mr, st[1], 0f);
    }
}
