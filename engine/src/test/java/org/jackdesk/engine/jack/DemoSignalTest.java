package org.jackdesk.engine.jack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class DemoSignalTest {
    private static final int SR = 48000;
    private static final int CH = 10;
    private static final int LOOP = 8 * SR; // four bars at 120 BPM

    private static float[][] render(DemoSignal d, int frames) {
        float[][] all = new float[CH][frames];
        float[][] block = new float[CH][64];
        for (int at = 0; at < frames; at += 64) {
            d.generate(block, 64);
            for (int c = 0; c < CH; c++) System.arraycopy(block[c], 0, all[c], at, Math.min(64, frames - at));
        }
        return all;
    }

    @Test
    void everyChannelPeaksNearMinus12DbfsAndIsFinite() {
        float[][] x = render(new DemoSignal(SR, CH), LOOP);
        StringBuilder bad = new StringBuilder();
        for (int c = 0; c < CH; c++) {
            double peak = 0;
            double sumSq = 0;
            for (float v : x[c]) {
                assertTrue(Float.isFinite(v), "channel " + c + " not finite");
                peak = Math.max(peak, Math.abs(v));
                sumSq += v * v;
            }
            double peakDb = 20 * Math.log10(peak);
            double rmsDb = 10 * Math.log10(sumSq / x[c].length);
            String what = "channel " + (c + 1) + " (" + DemoSignal.instrumentOf(c) + ") peak " + String.format("%.1f", peakDb)
                    + " dBFS, rms " + String.format("%.1f", rmsDb) + " dBFS";
            if (!(peakDb > -15 && peakDb < -9) || rmsDb < -40) bad.append(what).append("; ");
        }
        assertEquals("", bad.toString(), "channels outside peak -15..-9 dBFS or below -40 dBFS rms");
    }

    @Test
    void sameInputsGiveSameSamplesAndLoopRepeats() {
        float[][] a = render(new DemoSignal(SR, CH), LOOP + SR);
        float[][] b = render(new DemoSignal(SR, CH), LOOP + SR);
        for (int c = 0; c < CH; c++) assertArrayEquals(a[c], b[c], "channel " + c + " not deterministic");
        // the kick (a pure function of time) repeats exactly every loop
        for (int i = 0; i < SR; i += 7) assertEquals(a[0][i], a[0][i + LOOP]);
    }

    @Test
    void kickHitsOnEveryBeat() {
        float[][] x = render(new DemoSignal(SR, CH), LOOP);
        int beat = SR / 2;
        for (int b = 0; b < 16; b++) {
            double early = 0;
            double late = 0;
            for (int i = 0; i < 2400; i++) early = Math.max(early, Math.abs(x[0][b * beat + i]));
            for (int i = beat - 2400; i < beat; i++) late = Math.max(late, Math.abs(x[0][b * beat + i]));
            assertTrue(early > 10 * late, "beat " + b + ": attack " + early + " vs tail " + late);
        }
    }

    @Test
    void generateAllocatesNothing() {
        DemoSignal d = new DemoSignal(SR, 16);
        float[][] block = new float[16][64];
        for (int i = 0; i < 3000; i++) d.generate(block, 64);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long a0 = mx.getThreadAllocatedBytes(id);
        long a1 = mx.getThreadAllocatedBytes(id);
        for (int i = 0; i < 2000; i++) d.generate(block, 64);
        long a2 = mx.getThreadAllocatedBytes(id);
        assertEquals(0, (a2 - a1) - (a1 - a0), "bytes allocated by 2000 generate calls");
    }
}
