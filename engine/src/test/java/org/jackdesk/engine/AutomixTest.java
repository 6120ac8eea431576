package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.jackdesk.config.Layout;
import org.jackdesk.engine.mix.Automixer;
import org.junit.jupiter.api.Test;

/**
 * The gain-sharing automixer through the engine (docs/assistants.md): the gains it reports on the
 * meters and the samples it mixes. Signals are generated: "speech" is noise in syllable-like bursts
 * (120–250 ms on, 50–150 ms off, 10 ms edges), a room is noise at −65 dBFS.
 */
class AutomixTest {
    private static final int PERIOD = 128;
    private static final float RATE = 48000f;

    /** A source per channel: a level in dBFS RMS and whether it talks in bursts. */
    private static final class Source {
        final SplittableRandom noise;
        final double rms;
        final boolean bursts;
        final SplittableRandom timing;
        int left; // samples left in the current burst or gap
        boolean on = true;
        int pos;

        Source(long seed, double dbfs, boolean bursts) {
            noise = new SplittableRandom(seed);
            timing = new SplittableRandom(seed * 31 + 7);
            rms = Math.pow(10, dbfs / 20);
            this.bursts = bursts;
            left = bursts ? samples(120, 250) : Integer.MAX_VALUE;
        }

        int samples(int loMs, int hiMs) {
            return (int) ((loMs + timing.nextInt(hiMs - loMs + 1)) * RATE / 1000);
        }

        float next() {
            // uniform noise of this RMS (a uniform variable in ±a has RMS a/√3)
            double x = (noise.nextDouble() * 2 - 1) * rms * Math.sqrt(3);
            if (!bursts) return (float) x;
            if (--left <= 0) {
                on = !on;
                left = on ? samples(120, 250) : samples(50, 150);
                pos = 0;
            }
            pos++;
            if (!on) return 0f;
            double edge = 0.010 * RATE;
            double env = Math.min(1, Math.min(pos / edge, left / edge));
            return (float) (x * env);
        }
    }

    private static TestConsole console(int channels, java.util.function.Consumer<org.jackdesk.config.ConsoleState> more) {
        return new TestConsole(Layout.of(channels, 0, 0, 0), PERIOD, s -> {
            try {
                for (int c = 1; c <= channels; c++) s.set("ch/" + c + "/automix/group", "x", "setup");
                s.set("automix/x/on", true, "setup");
                if (more != null) more.accept(s);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    /** Runs {@code seconds} and returns per channel the automix gain (dB, from the meters) of every cycle after {@code skipS}. */
    private static double[][] run(TestConsole t, Source[] src, double seconds, double skipS, double[] mainPower) {
        int cycles = (int) (seconds * RATE / PERIOD), skip = (int) (skipS * RATE / PERIOD);
        MeterBank bank = t.engine.meters();
        float[] v = new float[bank.size()];
        double[][] gains = new double[src.length][cycles - skip];
        double pw = 0;
        for (int k = 0; k < cycles; k++) {
            for (int c = 0; c < src.length; c++) for (int i = 0; i < PERIOD; i++) t.in[c][i] = src[c].next();
            t.engine.process(t.in, t.out, PERIOD);
            bank.read(v);
            if (k < skip) continue;
            for (int c = 0; c < src.length; c++) gains[c][k - skip] = v[bank.automixBase() + c];
            float[] l = t.out[t.output("main_L")];
            for (int i = 0; i < PERIOD; i++) pw += l[i] * l[i];
        }
        if (mainPower != null) mainPower[0] = pw / ((double) (cycles - skip) * PERIOD);
        return gains;
    }

    private static double mean(double[] a) {
        return Arrays.stream(a).average().orElseThrow();
    }

    private static double max(double[] a) {
        return Arrays.stream(a).max().orElseThrow();
    }

    @Test
    void oneTalkerIsAtUnityAndTheOtherMicsAtLeast15DbDown() {
        int n = 8;
        // only the talker reaches the main, so its gain can be read from the samples too
        TestConsole t = console(n, s -> {
            try {
                for (int c = 2; c <= n; c++) s.set("ch/" + c + "/main", false, "setup");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        Source[] src = new Source[n];
        src[0] = new Source(1, -20, true);
        for (int c = 1; c < n; c++) src[c] = new Source(10 + c, -65, false);
        double[] mainPower = new double[1];
        // the talker's own power over the same stretch, from an identical source
        Source twin = new Source(1, -20, true);
        double inPw = 0;
        int skip = (int) (0.5 * RATE / PERIOD) * PERIOD, total = (int) (6 * RATE / PERIOD) * PERIOD;
        for (int i = 0; i < total; i++) {
            float x = twin.next();
            if (i >= skip) inPw += x * x;
        }
        inPw /= total - skip;
        double[][] g = run(t, src, 6, 0.5, mainPower);
        assertEquals(0, mean(g[0]), 0.5, "the talker's automix gain (meters), mean dB");
        // main_L carries the talker through the centre pan (−3 dB): its gain from the samples
        double sampleGainDb = 10 * Math.log10(mainPower[0] / (inPw * 0.5));
        assertEquals(0, sampleGainDb, 0.5, "the talker's gain measured on the main output");
        for (int c = 1; c < n; c++) {
            assertTrue(max(g[c]) <= -15, "ch " + (c + 1) + " at most −15 dB, was up to " + max(g[c]));
        }
    }

    @Test
    void twoEqualTalkersGetMinus3DbEach() {
        TestConsole t = console(4, null);
        Source[] src = {new Source(1, -24, false), new Source(2, -24, false), new Source(3, -65, false), new Source(4, -65, false)};
        double[][] g = run(t, src, 5, 0.5, null);
        assertEquals(-3, mean(g[0]), 0.5, "talker 1");
        assertEquals(-3, mean(g[1]), 0.5, "talker 2");
    }

    @Test
    void manyMicsOpenOnNoiseSumToOneOpenMicWithin1Db() {
        int n = 12;
        Source[] src = new Source[n];
        for (int c = 0; c < n; c++) src[c] = new Source(100 + c, -30, false);
        double[] automixed = new double[1];
        run(console(n, null), src, 4, 1, automixed);
        // one channel alone, no automixer: the reference
        TestConsole one = new TestConsole(Layout.of(n, 0, 0, 0), PERIOD, s -> {
            try {
                for (int c = 2; c <= n; c++) s.set("ch/" + c + "/main", false, "setup");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        Source[] src1 = new Source[n];
        for (int c = 0; c < n; c++) src1[c] = new Source(100 + c, -30, false);
        double[] single = new double[1];
        run(one, src1, 4, 1, single);
        double diffDb = 10 * Math.log10(automixed[0] / single[0]);
        assertEquals(0, diffDb, 1.0, n + " open mics against one (dB)");
        // without the automixer the same 12 mics sum 10·log10(12) = 10.8 dB louder: the test can tell
        TestConsole off = console(n, s -> {
            try {
                s.set("automix/x/on", false, "setup");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        Source[] src2 = new Source[n];
        for (int c = 0; c < n; c++) src2[c] = new Source(100 + c, -30, false);
        double[] all = new double[1];
        run(off, src2, 4, 1, all);
        assertEquals(10 * Math.log10(n), 10 * Math.log10(all[0] / single[0]), 0.5, "the group off: every mic at unity");
    }

    @Test
    void weightsShiftTheSharesByTheirDb() {
        TestConsole t = console(2, s -> {
            try {
                s.set("ch/1/automix/weight", 6.0, "setup");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        Source[] src = {new Source(1, -24, false), new Source(2, -24, false)};
        double[][] g = run(t, src, 5, 0.5, null);
        double g1 = mean(g[0]), g2 = mean(g[1]);
        assertEquals(6, g1 - g2, 0.5, "the weighted mic leads by its weight");
        // shares 10^0.6 : 1, so g1² = 3.98/4.98: −0.97 dB, g2 −6.97 dB
        assertEquals(-0.97, g1, 0.5);
        assertEquals(-6.97, g2, 0.5);
    }

    @Test
    void noGainStepIsLargerThanTheRampAllows() {
        // ch 1: DC into the main; ch 2 (not on the main) is silent, then talks loudly, then stops.
        TestConsole t = console(2, s -> {
            try {
                s.set("ch/2/main", false, "setup");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        float dc = 0.01f; // −40 dBFS against a −6 dBFS talker: pushed to about −34 dB
        float unityOut = dc * (float) Math.sqrt(0.5);
        Source loud = new Source(5, -6, false);
        double maxStep = 0, minGain = 1;
        float prev = Float.NaN;
        int cycles = (int) (4 * RATE / PERIOD); // 2 s after ch 2 stops: its level has fallen far below ch 1's
        for (int k = 0; k < cycles; k++) {
            double tS = k * PERIOD / (double) RATE;
            Arrays.fill(t.in[0], dc);
            for (int i = 0; i < PERIOD; i++) t.in[1][i] = tS >= 1 && tS < 2 ? loud.next() : 0f;
            t.engine.process(t.in, t.out, PERIOD);
            float[] l = t.out[t.output("main_L")];
            for (int i = 0; i < PERIOD; i++) {
                float g = l[i] / unityOut;
                if (!Float.isNaN(prev)) maxStep = Math.max(maxStep, Math.abs(g - prev));
                minGain = Math.min(minGain, g);
                prev = g;
            }
        }
        int rampSamples = Math.round(20f * 0.001f * RATE);
        assertTrue(minGain < Math.pow(10, -20 / 20.0), "ch 1 was pushed down by the loud mic (to " + minGain + ")");
        assertTrue(maxStep <= 1.0 / rampSamples * 1.001, "largest gain step per sample " + maxStep + " > 1/" + rampSamples);
        assertEquals(1f, prev, 1e-3f, "back at unity once ch 2 is silent again");
    }

    @Test
    void aGroupTakesSixteenChannelsAndTheRestPassAtUnity() {
        int n = 20;
        TestConsole t = console(n, null);
        Source[] src = new Source[n];
        src[0] = new Source(1, -20, false);
        for (int c = 1; c < n; c++) src[c] = new Source(10 + c, -65, false);
        double[][] g = run(t, src, 1, 0.5, null);
        for (int c = 1; c < Automixer.MAX_MEMBERS; c++) assertTrue(max(g[c]) < -15, "member ch " + (c + 1));
        for (int c = Automixer.MAX_MEMBERS; c < n; c++) assertEquals(0, max(g[c]), 0, "ch " + (c + 1) + " beyond the 16th member");
    }
}
