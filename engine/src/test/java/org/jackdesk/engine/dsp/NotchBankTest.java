package org.jackdesk.engine.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The feedback suppressor's notch bank: the cookbook's depth at the notch, gliding, reuse, no allocation. */
class NotchBankTest {
    private static final float FS = 48000f;

    /** RMS in dB of a sine of {@code hz} through {@code bank} over the last half of {@code seconds}. */
    private static double sineGainDb(NotchBank bank, double hz, double seconds) {
        int n = (int) (seconds * FS);
        float[][] b = new float[2][64]; // a stereo bank filters both alike: channel 0 is measured
        double in = 0, out = 0;
        for (int s = 0; s < n; s += 64) {
            for (int i = 0; i < 64; i++) b[0][i] = b[1][i] = (float) Math.sin(2 * Math.PI * hz * (s + i) / FS);
            double e = 0;
            for (int i = 0; i < 64; i++) e += b[0][i] * b[0][i];
            bank.process(b, 0, 64);
            if (s < n / 2) continue;
            in += e;
            for (int i = 0; i < 64; i++) out += b[0][i] * b[0][i];
        }
        return 10 * Math.log10(out / in);
    }

    @Test
    void aNotchCutsItsDepthAtItsFrequencyAndLeavesAnOctaveAwayAlone() {
        NotchBank bank = new NotchBank(1);
        bank.prepare(FS, 64);
        bank.setNotch(0, 1000, 18);
        assertEquals(-18, sineGainDb(bank, 1000, 1), 0.1, "the cookbook's depth at f0");
        assertEquals(0, sineGainDb(bank, 2000, 1), 0.1, "an octave up");
        double[] c = new double[5];
        Rbj.peaking(FS, 1000, -18, NotchBank.Q, c);
        assertEquals(Rbj.magnitudeDb(c, FS, 1030), sineGainDb(bank, 1030, 1), 0.1, "3 % off: the cookbook curve");
    }

    @Test
    void depthGlidesAndAMovedNotchLeavesBeforeItArrives() {
        NotchBank bank = new NotchBank(2);
        bank.prepare(FS, 64);
        bank.setNotch(3, 500, 30);
        float[][] b = new float[2][64];
        int blocks = 0;
        double last = 0, maxStep = 0;
        while (bank.depthDb(3) < 30) {
            bank.process(b, 0, 64);
            maxStep = Math.max(maxStep, bank.depthDb(3) - last);
            last = bank.depthDb(3);
            blocks++;
        }
        double seconds = blocks * 64 / FS;
        assertEquals(30 / NotchBank.GLIDE_DB_PER_S, seconds, 2 * 64 / FS, "30 dB at the glide rate (to a block of 64)");
        assertTrue(maxStep <= NotchBank.GLIDE_DB_PER_S * 64 / FS + 1e-9);
        bank.setNotch(3, 2000, 10);
        bank.process(b, 0, 64);
        assertTrue(bank.depthDb(3) < 30, "first out at 500 Hz");
        for (int k = 0; k < 2000; k++) bank.process(b, 0, 64);
        assertEquals(10, bank.depthDb(3), 0, "then in at 2 kHz");
        assertEquals(-10, sineGainDb(bank, 2000, 0.5), 0.1);
        assertEquals(0, sineGainDb(bank, 500, 0.5), 0.1, "nothing left at 500 Hz");
    }

    @Test
    void twelveNotchesProcessWithoutAllocating() {
        NotchBank bank = new NotchBank(2);
        bank.prepare(FS, 256);
        float[][] b = new float[2][256];
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        mx.setThreadAllocatedMemoryEnabled(true);
        for (int r = 0; r < 20_000; r++) {
            for (int k = 0; k < NotchBank.MAX_NOTCHES; k++) bank.setNotch(k, 200 + 150 * k, 3 + (r / 50 + k) % 20);
            bank.process(b, 0, 256);
        }
        mx.getCurrentThreadAllocatedBytes();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int r = 0; r < 5_000; r++) {
            for (int k = 0; k < NotchBank.MAX_NOTCHES; k++) bank.setNotch(k, 200 + 150 * k, 3 + (r / 50 + k) % 20);
            bank.process(b, 0, 256);
        }
        assertEquals(0, mx.getCurrentThreadAllocatedBytes() - before, "bytes allocated by 5000 cycles");
        assertEquals(NotchBank.MAX_NOTCHES, bank.running());
    }
}
