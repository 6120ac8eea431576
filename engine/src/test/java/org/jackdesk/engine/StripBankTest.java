package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.ParamType;
import org.jackdesk.engine.dsp.BiquadBank;
import org.junit.jupiter.api.Test;

/**
 * The engine with its strips' cascades in vector lanes ({@link BiquadBank}) against the same engine
 * on the scalar path ({@code -Djackdesk.engine.simd=false}), bit for bit on every output: every
 * channel count 1–128 (mono and stereo strips, so every tail of a vector in both groups), one group
 * and two, random settings of every strip processor and gain, parameters moving every few cycles
 * (high-pass and EQ glides and bypass fades run beside settled strips in the same sub-block), inputs
 * with NaN, infinities, denormals and absurd levels. On the newest-JDK pass (Java 22+ with the
 * Vector API) the banked engine really runs in lanes: asserted. On Java 17 both engines are scalar.
 */
class StripBankTest {
    private static final int PERIOD = 64;
    private static final String[] MOVING = {"/hpf/", "/eq/", "/gate/", "/comp/", "/delay/", "/order", "/fader", "/pan",
        "/trim", "/polarity", "/mute", "/send/1/", "/main"};

    @Test
    void bankedStripsEqualScalarStripsAtEveryChannelCountInOneAndTwoGroups() {
        for (int n = 1; n <= 128; n++) {
            Engine.Threading t = n % 2 == 0 ? Engine.Threading.WORKER.offline() : Engine.Threading.SINGLE;
            compare(n, t, t, 10, n);
        }
    }

    @Test
    void bankedStripsOnTheWorkerThreadEqualScalarStrips() {
        compare(48, Engine.Threading.WORKER, Engine.Threading.WORKER.offline(), 200, 77);
    }

    private static void compare(int channels, Engine.Threading banked, Engine.Threading scalar, int cycles, long seed) {
        int stereo = channels / 6;
        ParamRegistry reg = ParamRegistry.forLayout(Layout.of(channels - stereo, stereo, 2, 1));
        double[] values = new ConsoleState(reg).copyValues();
        Param[] moving = reg.all().stream().filter(p -> p.path().startsWith("ch/") && isMoving(p.path())).toArray(Param[]::new);
        SplittableRandom r = new SplittableRandom(seed);
        for (Param p : moving) if (r.nextInt(3) != 0) values[p.slot()] = randomValue(p, r);
        for (int c = 1; c <= channels; c++) {
            // most strips fully on, so most lanes are banked
            if (r.nextInt(4) != 0) {
                for (String on : new String[] {"hpf/on", "eq/on", "gate/on", "comp/on"}) values[reg.slot("ch/" + c + "/" + on)] = 1;
            }
        }
        float[][] a = run(reg, values, banked, true, cycles, seed, moving);
        float[][] b = run(reg, values, scalar, false, cycles, seed, moving);
        for (int o = 0; o < a.length; o++) {
            for (int i = 0; i < a[o].length; i++) {
                if (Float.floatToIntBits(a[o][i]) != Float.floatToIntBits(b[o][i])) {
                    throw new AssertionError(channels + " channels, " + banked + ": output " + o + " frame " + i
                            + " banked " + a[o][i] + " scalar " + b[o][i]);
                }
            }
        }
    }

    private static boolean isMoving(String path) {
        if (path.contains("/automix/") || path.contains("/fx/") || path.contains("/dca/") || path.contains("/mutegroup/")) return false;
        for (String m : MOVING) if (path.contains(m)) return true;
        return false;
    }

    private static double randomValue(Param p, SplittableRandom r) {
        if (p.type() == ParamType.FLOAT) {
            double lo = Math.max(p.min(), -90), hi = p.max();
            return lo + r.nextDouble() * (hi - lo);
        }
        return (int) p.min() + r.nextInt((int) (p.max() - p.min()) + 1);
    }

    private static float[][] run(ParamRegistry reg, double[] values, Engine.Threading threading, boolean bank, int cycles,
                                 long seed, Param[] moving) {
        String old = System.getProperty("jackdesk.engine.simd");
        System.setProperty("jackdesk.engine.simd", Boolean.toString(bank));
        Engine e;
        try {
            e = new Engine(reg, 48000f, values, threading);
        } finally {
            if (old == null) System.clearProperty("jackdesk.engine.simd");
            else System.setProperty("jackdesk.engine.simd", old);
        }
        try (e) {
            e.workerMinNanos = 0;
            if (!bank) assertEquals(0, e.simdLanes(), "the reference runs scalar");
            if (bank && Boolean.getBoolean("jackdesk.test.expectSimd")) {
                assertTrue(e.simdLanes() >= 2, "the banked engine runs in vector lanes: " + BiquadBank.unavailableReason());
            }
            int ins = reg.layout().inputCount(), outs = e.outputPortNames().size();
            float[][] in = new float[ins][PERIOD], out = new float[outs][PERIOD], all = new float[outs][PERIOD * cycles];
            SplittableRandom sig = new SplittableRandom(seed * 31 + 1), par = new SplittableRandom(seed * 17 + 3);
            for (int c = 0; c < cycles; c++) {
                for (int k = 0; k < ins; k++) {
                    int kind = (c / 3 + k) % 9;
                    for (int i = 0; i < PERIOD; i++) in[k][i] = sample(sig, kind);
                }
                if (c % 3 == 1) {
                    for (int k = 0; k < 1 + moving.length / 20; k++) {
                        Param p = moving[par.nextInt(moving.length)];
                        e.setParam(p.slot(), randomValue(p, par));
                    }
                }
                e.process(in, out, PERIOD);
                for (int o = 0; o < outs; o++) System.arraycopy(out[o], 0, all[o], c * PERIOD, PERIOD);
            }
            return all;
        }
    }

    private static float sample(SplittableRandom r, int kind) {
        return switch (kind) {
            case 0 -> r.nextInt(50) == 0 ? Float.NaN : (float) (r.nextDouble() - 0.5);
            case 1 -> r.nextInt(50) == 0 ? Float.POSITIVE_INFINITY : (float) (r.nextDouble() - 0.5) * 0.05f;
            case 2 -> (float) ((r.nextDouble() - 0.5) * 1e-38); // denormals
            case 3 -> r.nextInt(100) == 0 ? 3e6f : (float) (r.nextDouble() - 0.5) * 1.5f; // absurd level now and then
            case 4 -> 0f;
            default -> (float) (r.nextDouble() - 0.5) * 0.8f;
        };
    }
}
