package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.junit.jupiter.api.Test;

/**
 * A mono strip whose ramps have settled and whose processors have all been off for a while takes
 * a fused path (ChannelStrip#processQuiet) and lets its processors sleep. These tests hold that
 * path to the general one and check that waking is click-free.
 */
class StripSleepTest {
    private static final int PERIOD = 64;

    /** Two mono channels (ch 2 at its defaults), one mono and one stereo aux bus; ch 1 trimmed, panned, faded, sent pre and post. */
    private static Consumer<ConsoleState> strip(boolean delayAtZero) {
        return s -> {
            try {
                s.set("ch/1/pan", 0.3, "t");
                s.set("ch/1/fader", -4.5, "t");
                s.set("ch/1/trim", 6.0, "t");
                s.set("ch/1/send/1/level", -6.0, "t");
                s.set("ch/1/send/1/tap", "pre", "t");
                s.set("ch/1/send/2/level", -3.0, "t");
                s.set("ch/1/send/2/tap", "post", "t");
                s.set("ch/1/send/2/pan", -0.4, "t");
                if (delayAtZero) {
                    // A 0 ms delay is the identity but keeps the strip on its general path.
                    s.set("ch/1/delay/on", true, "t");
                    s.set("ch/1/delay/time", 0.0, "t");
                }
            } catch (org.jackdesk.config.ParamException e) {
                throw new AssertionError(e);
            }
        };
    }

    private static void noise(SplittableRandom r, float[][] in) {
        for (float[] ch : in) {
            for (int i = 0; i < ch.length; i++) ch[i] = (float) ((r.nextDouble() * 2 - 1) * 0.4);
        }
    }

    @Test
    void settledStripWithSleepingProcessorsMixesBitIdenticallyToTheGeneralPath() {
        Layout layout = Layout.of(2, 0, 1, 1);
        TestConsole quiet = new TestConsole(layout, PERIOD, strip(false));
        TestConsole general = new TestConsole(layout, PERIOD, strip(true));
        SplittableRandom r = new SplittableRandom(7);
        float[] mq = new float[quiet.engine.meters().size()];
        float[] mg = new float[general.engine.meters().size()];
        for (int cycle = 0; cycle < 400; cycle++) {
            noise(r, quiet.in);
            for (int c = 0; c < quiet.in.length; c++) general.in[c] = quiet.in[c].clone();
            quiet.engine.process(quiet.in, quiet.out, PERIOD);
            general.engine.process(general.in, general.out, PERIOD);
            for (int o = 0; o < quiet.out.length; o++) {
                assertArrayEquals(general.out[o], quiet.out[o], "output " + quiet.engine.outputPortNames().get(o) + ", cycle " + cycle);
            }
        }
        quiet.engine.meters().read(mq);
        general.engine.meters().read(mg);
        int base = MeterBank.channelBase(0);
        assertTrue(mq[base + MeterBank.CH_IN_PEAK] > 0.4f, "the strip sees a +6 dB trimmed signal");
        for (int f : new int[] {MeterBank.CH_IN_PEAK, MeterBank.CH_IN_HOLD, MeterBank.CH_POST_PEAK_L, MeterBank.CH_POST_PEAK_R}) {
            assertEquals(mg[base + f], mq[base + f], 0f, "peak field " + f);
        }
        for (int f : new int[] {MeterBank.CH_IN_RMS, MeterBank.CH_POST_RMS_L, MeterBank.CH_POST_RMS_R}) {
            assertEquals(mg[base + f], mq[base + f], 1e-6 * mg[base + f], "rms field " + f);
        }
    }

    /** ch 1 of {@link #strip} with HPF, EQ and compressor working; optionally soloed. */
    private static Consumer<ConsoleState> processing(boolean solo) {
        return s -> {
            strip(false).accept(s);
            try {
                s.set("ch/1/hpf/on", true, "t");
                s.set("ch/1/eq/on", true, "t");
                s.set("ch/1/eq/2/gain", 4.0, "t");
                s.set("ch/1/comp/on", true, "t");
                s.set("ch/1/comp/threshold", -20.0, "t");
                s.set("ch/1/solo", solo, "t");
            } catch (org.jackdesk.config.ParamException e) {
                throw new AssertionError(e);
            }
        };
    }

    @Test
    void settledProcessingStripMixesBitIdenticallyToTheGeneralPath() {
        // A soloed strip always takes the general path; an unsoloed settled one the fused mix.
        Layout layout = Layout.of(2, 0, 1, 1);
        TestConsole fused = new TestConsole(layout, PERIOD, processing(false));
        TestConsole general = new TestConsole(layout, PERIOD, processing(true));
        SplittableRandom r = new SplittableRandom(11);
        float[] mf = new float[fused.engine.meters().size()];
        float[] mg = new float[general.engine.meters().size()];
        int mon = fused.engine.outputPortNames().indexOf("mon_L");
        for (int cycle = 0; cycle < 400; cycle++) {
            noise(r, fused.in);
            for (int c = 0; c < fused.in.length; c++) general.in[c] = fused.in[c].clone();
            fused.engine.process(fused.in, fused.out, PERIOD);
            general.engine.process(general.in, general.out, PERIOD);
            for (int o = 0; o < mon; o++) {
                assertArrayEquals(general.out[o], fused.out[o], "output " + fused.engine.outputPortNames().get(o) + ", cycle " + cycle);
            }
        }
        fused.engine.meters().read(mf);
        general.engine.meters().read(mg);
        int base = MeterBank.channelBase(0);
        assertTrue(mf[base + MeterBank.CH_COMP_GR] < -1f, "the compressor works");
        for (int f : new int[] {MeterBank.CH_IN_PEAK, MeterBank.CH_PRE_PEAK, MeterBank.CH_POST_PEAK_L, MeterBank.CH_POST_PEAK_R}) {
            assertEquals(mg[base + f], mf[base + f], 0f, "peak field " + f);
        }
        for (int f : new int[] {MeterBank.CH_PRE_RMS, MeterBank.CH_POST_RMS_L, MeterBank.CH_POST_RMS_R}) {
            assertEquals(mg[base + f], mf[base + f], 1e-6 * mg[base + f], "rms field " + f);
        }
    }

    @Test
    void switchingAProcessorOnWakesASleepingStripWithoutAStep() {
        TestConsole t = new TestConsole(Layout.of(1, 0, 0, 0), PERIOD, s -> {
            try {
                s.set("ch/1/eq/2/freq", 200.0, "t");
                s.set("ch/1/eq/2/gain", 9.0, "t");
                s.set("ch/1/pan", -1.0, "t");
            } catch (org.jackdesk.config.ParamException e) {
                throw new AssertionError(e);
            }
        });
        double f = 200, a = 0.3;
        int n = 48000;
        float[] y = new float[n];
        int left = t.output("main_L");
        for (int off = 0; off < n; off += PERIOD) {
            if (off == 12800) t.set("ch/1/eq/on", true); // after 267 ms asleep
            for (int i = 0; i < PERIOD; i++) t.in[0][i] = (float) (a * Math.sin(2 * Math.PI * f * (off + i) / 48000));
            t.engine.process(t.in, t.out, PERIOD);
            System.arraycopy(t.out[left], 0, y, off, PERIOD);
        }
        // Fully on, the band lifts the 200 Hz sine by 9 dB (cookbook peaking filter at f0).
        double peak = 0;
        for (int i = n - 4800; i < n; i++) peak = Math.max(peak, Math.abs(y[i]));
        assertEquals(a * Math.pow(10, 9 / 20.0), peak, 0.01);
        // A step larger than the louder sine's own largest step would be a click.
        double bound = peak * 2 * Math.sin(Math.PI * f / 48000) * 1.2;
        for (int i = 1; i < n; i++) {
            assertTrue(Math.abs(y[i] - y[i - 1]) <= bound, "step " + Math.abs(y[i] - y[i - 1]) + " at sample " + i);
        }
    }

    @Test
    void quietStripsMixedOncePerCycleEqualTheSubBlockMix() {
        // Period 64 mixes settled strips in one pass per cycle; a 4096-frame period is beyond the
        // one-pass buffer and mixes them per 32-frame sub-block. Same strips, same order: same bits.
        Consumer<ConsoleState> setup = s -> {
            try {
                for (int c = 1; c <= 3; c++) {
                    s.set("ch/" + c + "/pan", (c - 2) * 0.6, "t");
                    s.set("ch/" + c + "/fader", -2.0 * c, "t");
                }
            } catch (org.jackdesk.config.ParamException e) {
                throw new AssertionError(e);
            }
        };
        int total = 8192;
        float[][] signal = new float[3][total];
        noise(new SplittableRandom(3), signal);
        float[][] outShort = run(new TestConsole(Layout.of(3, 0, 0, 0), 64, setup), signal, 64);
        float[][] outLong = run(new TestConsole(Layout.of(3, 0, 0, 0), 4096, setup), signal, 4096);
        for (int o = 0; o < outShort.length; o++) assertArrayEquals(outLong[o], outShort[o], "output " + o);
        double energy = 0;
        for (float v : outShort[0]) energy += v * v;
        assertTrue(energy > 1, "main_L carries the mix");
    }

    private static float[][] run(TestConsole t, float[][] signal, int period) {
        int total = signal[0].length;
        float[][] out = new float[t.out.length][total];
        for (int off = 0; off < total; off += period) {
            for (int c = 0; c < signal.length; c++) System.arraycopy(signal[c], off, t.in[c], 0, period);
            t.engine.process(t.in, t.out, period);
            for (int o = 0; o < out.length; o++) System.arraycopy(t.out[o], 0, out[o], off, period);
        }
        return out;
    }
}
