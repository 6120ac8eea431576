package org.jackdesk.engine.dsp;

import static org.jackdesk.engine.dsp.Sig.FS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AllocationTest {

    @Test
    void processAllocatesNothingWhileParametersChange() {
        HighPass hpf = new HighPass(2);
        ParametricEq eq = new ParametricEq(2);
        Gate gate = new Gate(2);
        Compressor comp = new Compressor(2);
        DelayLine delay = new DelayLine(2);
        hpf.prepare(FS, 64);
        eq.prepare(FS, 64);
        gate.prepare(FS, 64);
        comp.prepare(FS, 64);
        delay.prepare(FS, 64);
        float[][] bufs = new float[2][64];
        Random rnd = new Random(1);
        float[] noise = new float[64 * 97];
        for (int i = 0; i < noise.length; i++) noise[i] = (float) (rnd.nextGaussian() * 0.1);

        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        mx.getThreadAllocatedBytes(id);
        mx.getThreadAllocatedBytes(id);

        float meterSum = 0;
        for (int pass = 0; pass < 2; pass++) {
            long before = mx.getThreadAllocatedBytes(id);
            for (int k = 0; k < 20000; k++) {
                int off = (k % 97) * 64;
                System.arraycopy(noise, off, bufs[0], 0, 64);
                System.arraycopy(noise, (off + 640) % noise.length, bufs[1], 0, 64);
                float t = (k % 200) / 200f;
                hpf.setFreqHz(20 + 380 * t);
                if (k % 300 == 0) hpf.setSlope24((k / 300) % 2 == 0);
                eq.setBandGainDb(k % 4, 15 * (2 * t - 1));
                eq.setBandFreqHz((k + 1) % 4, 100 + 5000 * t);
                eq.setBandQ((k + 2) % 4, 0.2f + 5 * t);
                if (k % 500 == 0) eq.setBandType((k / 500) % 4, (k / 500) % 3);
                gate.setThresholdDb(-60 + 40 * t);
                gate.setExpander(k % 1000 < 500);
                gate.setHoldMs(50 * t);
                comp.setThresholdDb(-40 * t);
                comp.setRatio(1 + 99 * t);
                comp.setKneeDb(12 * t);
                comp.setAttackMs(1 + 20 * t);
                comp.setReleaseMs(50 + 200 * t);
                comp.setMakeupDb(6 * t);
                comp.setAutoMakeup(k % 700 < 350);
                comp.setRms(k % 900 < 450);
                comp.setSidechainHpf(k % 400 < 200, 60 + 100 * t);
                delay.setDelayMs(30 * t);
                boolean on = k % 1500 < 1300;
                hpf.setEnabled(on);
                eq.setEnabled(on);
                gate.setEnabled(on);
                comp.setEnabled(on);
                delay.setEnabled(on);
                // The engine's sub-blocks: 32 + 32, or uneven cuts.
                int cut = k % 3 == 0 ? 32 : 1 + (k % 31);
                hpf.process(bufs, 0, cut);
                hpf.process(bufs, cut, 64 - cut);
                eq.process(bufs, 0, 64);
                gate.process(bufs, 0, 64);
                comp.process(bufs, 0, cut);
                comp.process(bufs, cut, 64 - cut);
                delay.process(bufs, 0, 64);
                meterSum += gate.gainReductionDb() + comp.gainReductionDb();
            }
            long allocated = mx.getThreadAllocatedBytes(id) - before;
            if (pass == 1) assertEquals(0, allocated, "bytes allocated by 20000 strip cycles after warm-up");
        }
        assertEquals(true, Float.isFinite(meterSum));
    }
}
