package org.jackdesk.engine.dsp;

import static org.jackdesk.engine.dsp.Sig.FS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DelayLineTest {

    @ParameterizedTest(name = "{0} ms in blocks of {1}")
    @CsvSource({"0, 32", "0, 7", "1, 32", "10, 13", "123.4, 32", "500, 32", "500, 1"})
    void impulseComesOutExactlyTheDelayLater(float ms, int block) {
        DelayLine d = new DelayLine(2);
        d.setDelayMs(ms);
        d.prepare(FS, 32);
        int delay = Math.round(ms * FS / 1000);
        assertEquals(delay, d.delaySamples());
        int n = delay + 4000, at = 1000;
        float[][] bufs = {new float[n], new float[n]};
        bufs[0][at] = 1f;
        bufs[1][at + 5] = -0.5f;
        for (int off = 0; off < n; off += block) d.process(bufs, off, Math.min(block, n - off));
        float[] l = new float[n], r = new float[n];
        l[at + delay] = 1f;
        r[at + 5 + delay] = -0.5f;
        assertArrayEquals(l, bufs[0], 0f);
        assertArrayEquals(r, bufs[1], 0f);
    }

    @ParameterizedTest(name = "{0} ms to {1} ms")
    @CsvSource({"100, 3.3", "0, 500", "20, 21"})
    void delayChangeStepsNoMoreThanTheSignalAllows(float fromMs, float toMs) {
        DelayLine d = new DelayLine(1);
        d.setDelayMs(fromMs);
        d.prepare(FS, 32);
        double f = 440, a = 0.5;
        int n = 96000, change = 48000;
        float[] x = Sig.sine(f, a, n);
        float[] y = x.clone();
        float[][] bufs = {y};
        for (int off = 0; off < n; off += 32) {
            if (off == change) d.setDelayMs(toMs);
            d.process(bufs, off, 32);
        }
        // y = (1−m)·x[n−d0] + m·x[n−d1], m linear over 480 samples:
        // |Δy| ≤ a·2sin(πf/fs) + 2a/480. An abrupt tap switch can step by up to 2a.
        double bound = a * 2 * Math.sin(Math.PI * f / FS) + 2 * a / 480.0 + 1e-6;
        int start = Math.round(fromMs * FS / 1000) + 10;
        assertTrue(Sig.maxStep(y, start, n) <= bound, "step " + Sig.maxStep(y, start, n) + " > " + bound);
        int dNew = Math.round(toMs * FS / 1000);
        for (int i = change + 480 + dNew + 32; i < n; i++) assertEquals(x[i - dNew], y[i], 0f);
    }

    @Test
    void bypassFadesToTheUndelayedInputAndBack() {
        DelayLine d = new DelayLine(1);
        d.setDelayMs(50);
        d.prepare(FS, 32);
        double f = 200, a = 0.5;
        float[] x = Sig.sine(f, a, 48000);
        float[] y = x.clone();
        float[][] bufs = {y};
        for (int off = 0; off < y.length; off += 32) {
            if (off == 9600) d.setEnabled(false);
            if (off == 24000) d.setEnabled(true);
            d.process(bufs, off, 32);
        }
        double bound = a * 2 * Math.sin(Math.PI * f / FS) + 2 * a / 480.0 + 1e-6;
        assertTrue(Sig.maxStep(y, 2400, y.length) <= bound);
        for (int i = 12000; i < 24000; i++) assertEquals(x[i], y[i], 0f);
        for (int i = 30000; i < 48000; i++) assertEquals(x[i - 2400], y[i], 0f);
    }

    @Test
    void reenabledDelayStartsFromAnEmptyLineNotFromWhatItHeardWhileBypassed() {
        DelayLine d = new DelayLine(1);
        d.setDelayMs(50);
        d.prepare(FS, 32);
        float[] x = Sig.sine(300, 0.5, 48000);
        for (int i = 24000; i < 48000; i++) x[i] = 0f; // silence from the moment it is switched back on
        float[] y = x.clone();
        float[][] bufs = {y};
        for (int off = 0; off < y.length; off += 32) {
            if (off == 4800) d.setEnabled(false);
            if (off == 24000) d.setEnabled(true);
            d.process(bufs, off, 32);
        }
        // Bypassed (and asleep) it passes the input untouched; switched on over silence it stays
        // silent: the sine it was fed while bypassed is never played back.
        for (int i = 6000; i < 24000; i++) assertEquals(x[i], y[i], 0f);
        for (int i = 24000; i < 48000; i++) assertEquals(0f, y[i], 0f, "sample " + i);
    }

    @Test
    void wakingDelayFadesTheDelayedSignalIn() {
        DelayLine d = new DelayLine(1);
        d.setDelayMs(20);
        d.prepare(FS, 32);
        d.setEnabled(false);
        double f = 300, a = 0.5;
        float[] x = Sig.sine(f, a, 48000);
        float[] y = x.clone();
        float[][] bufs = {y};
        for (int off = 0; off < y.length; off += 32) {
            if (off == 9600) d.setEnabled(true);
            d.process(bufs, off, 32);
        }
        // The recording starts at the switch with a 10 ms (480-sample) fade-in and is heard 20 ms
        // (960 samples) later; no step beyond the signal's own plus the fade's slope.
        double bound = a * 2 * Math.sin(Math.PI * f / FS) + a / 480.0 + 1e-6;
        assertTrue(Sig.maxStep(y, 0, y.length) <= bound, "max step " + Sig.maxStep(y, 0, y.length));
        for (int i = 9600 + 480; i < 9600 + 960; i++) assertEquals(0f, y[i], 0f, "before the delayed signal, sample " + i);
        for (int i = 9600 + 960 + 480; i < 48000; i++) assertEquals(x[i - 960], y[i], 0f);
    }
}
