package org.jackdesk.engine.dsp;

import static org.jackdesk.engine.dsp.Sig.FS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ParametricEqTest {

    /** Steady-state sine gain of a band at f0/2, f0, 2·f0 against the cookbook's analytic curve. */
    @ParameterizedTest(name = "type {0} at {1} Hz, {2} dB, Q {3}")
    @CsvSource({
        "0, 1000, 12, 1.0",
        "0, 250, -9, 2.5",
        "0, 5000, 6, 0.5",
        "0, 120, -15, 8",
        "1, 200, 9, 0.707",
        "1, 800, -12, 1.2",
        "2, 4000, 10, 0.707",
        "2, 8000, -6, 0.5",
    })
    void bandMagnitudeMatchesCookbookAtF0AndOctaves(int type, float f0, float gainDb, float q) {
        ParametricEq eq = new ParametricEq(1);
        eq.setBandType(2, type);
        eq.setBandFreqHz(2, f0);
        eq.setBandGainDb(2, gainDb);
        eq.setBandQ(2, q);
        eq.prepare(FS, 32);
        double[] c = new double[5];
        if (type == ParametricEq.PEAK) Rbj.peaking(FS, f0, gainDb, q, c);
        else if (type == ParametricEq.LOW_SHELF) Rbj.lowShelf(FS, f0, gainDb, q, c);
        else Rbj.highShelf(FS, f0, gainDb, q, c);
        for (double f : new double[] {f0 / 2.0, f0, f0 * 2.0}) {
            float[] x = Sig.sine(f, 0.25, 48000);
            eq.reset();
            float[] y = Sig.run(eq::process, x, 32);
            double measured = Sig.gainDb(x, y, 24000, 48000, f);
            double expected = Rbj.magnitudeDb(c, FS, f);
            assertEquals(expected, measured, 0.1, "gain at " + f + " Hz");
            assertEquals(expected, eq.magnitudeDb(f), 1e-9, "analytic curve at " + f + " Hz");
        }
    }

    @Test
    void magnitudeIsTheSumOfTheBands() {
        ParametricEq eq = new ParametricEq(1);
        eq.prepare(FS, 64);
        eq.setBandGainDb(0, 4);
        eq.setBandGainDb(1, -3);
        eq.setBandGainDb(3, 2);
        eq.setBandQ(1, 2);
        double[] a = new double[5], b = new double[5], d = new double[5];
        Rbj.lowShelf(FS, 100, 4, Math.sqrt(0.5), a);
        Rbj.peaking(FS, 400, -3, 2, b);
        Rbj.highShelf(FS, 8000, 2, Math.sqrt(0.5), d);
        for (double f : new double[] {50, 300, 400, 1000, 9000}) {
            double sum = Rbj.magnitudeDb(a, FS, f) + Rbj.magnitudeDb(b, FS, f) + Rbj.magnitudeDb(d, FS, f);
            assertEquals(sum, eq.magnitudeDb(f), 1e-6); // Q is stored as a float
        }
        // And the signal agrees with the curve where several bands overlap.
        float[] x = Sig.sine(300, 0.25, 48000);
        float[] y = Sig.run(eq::process, x, 32);
        assertEquals(eq.magnitudeDb(300), Sig.gainDb(x, y, 24000, 48000, 300), 0.1);
    }

    @Test
    void stereoSidesGetTheSameFilterWithSeparateState() {
        ParametricEq eq = new ParametricEq(2);
        eq.setBandGainDb(1, 9);
        eq.prepare(FS, 32);
        float[] l = Sig.sine(400, 0.3, 9600);
        float[] r = Sig.sine(1000, 0.3, 9600);
        ParametricEq mono = new ParametricEq(1);
        mono.setBandGainDb(1, 9);
        mono.prepare(FS, 32);
        float[] ml = Sig.run(mono::process, l, 32);
        mono.reset();
        float[] mr = Sig.run(mono::process, r, 32);
        float[][] bufs = {l.clone(), r.clone()};
        for (int off = 0; off < 9600; off += 32) eq.process(bufs, off, 32);
        assertArrayEquals(ml, bufs[0], 0f);
        assertArrayEquals(mr, bufs[1], 0f);
    }

    @Test
    void typeChangeSettlesOnTheNewTypesCurve() {
        ParametricEq eq = new ParametricEq(1);
        eq.setBandGainDb(0, 8);
        eq.prepare(FS, 32);
        float[] x = Sig.sine(60, 0.25, 48000);
        Sig.run(eq::process, x, 32);
        eq.setBandType(0, ParametricEq.HIGH_SHELF);
        float[] y = Sig.run(eq::process, x, 32);
        double[] c = new double[5];
        Rbj.highShelf(FS, 100, 8, Math.sqrt(0.5), c);
        assertEquals(Rbj.magnitudeDb(c, FS, 60), Sig.gainDb(x, y, 24000, 48000, 60), 0.1);
        assertTrue(Math.abs(Sig.gainDb(x, y, 24000, 48000, 60) - 8) > 3, "low shelf is gone");
    }
}
