package org.jackdesk.engine.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The strip bank's lanes against the scalar cascade ({@link Biquad#cascade}), bit for bit: random
 * cookbook sections (and unstable ones that blow up), random signals with NaN, infinities, denormals
 * and absurd levels, every lane count 1–128 (every tail of a vector), 1, 2 and 4 sections, sub-blocks
 * of every length, the state carried across sub-blocks. On the vector kernel when this JVM has it
 * (Java 22+ with jdk.incubator.vector: the newest-JDK test pass asserts it does), and always on the
 * scalar kernel, which checks the bank's layout on any JDK.
 */
class BiquadBankTest {
    private static final float FS = 48000f;

    @Test
    void vectorKernelIsTakenWhereTheBuildExpectsIt() {
        if (Boolean.getBoolean("jackdesk.test.expectSimd")) {
            assertTrue(BiquadBank.vectorLanes() >= 2, "no vector lanes on Java " + Runtime.version().feature()
                    + ": " + BiquadBank.unavailableReason());
            String old = System.getProperty("jackdesk.engine.simd");
            System.setProperty("jackdesk.engine.simd", "true");
            try {
                assertNotNull(BiquadBank.create(8, Dsp.SUB_BLOCK), "the engine gets a bank when asked for one");
            } finally {
                if (old == null) System.clearProperty("jackdesk.engine.simd");
                else System.setProperty("jackdesk.engine.simd", old);
            }
        }
        if (Runtime.version().feature() < 22) {
            assertEquals(0, BiquadBank.vectorLanes(), "Java 17 runs the scalar path");
            assertNull(BiquadBank.create(8, Dsp.SUB_BLOCK));
        }
    }

    @Test
    void simdPropertyOtherThanTrueOrFalseIsAClearError() {
        String old = System.getProperty("jackdesk.engine.simd");
        try {
            System.setProperty("jackdesk.engine.simd", "fast");
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> BiquadBank.create(8, Dsp.SUB_BLOCK));
            assertTrue(e.getMessage().contains("jackdesk.engine.simd") && e.getMessage().contains("'fast'"), e.getMessage());
            System.setProperty("jackdesk.engine.simd", "false");
            assertNull(BiquadBank.create(8, Dsp.SUB_BLOCK), "false turns the bank off");
        } finally {
            if (old == null) System.clearProperty("jackdesk.engine.simd");
            else System.setProperty("jackdesk.engine.simd", old);
        }
    }

    @Test
    void scalarKernelBankEqualsCascadeBitForBitAtEveryLaneCount() {
        for (int lanes = 1; lanes <= 128; lanes++) compare(new BiquadBank(lanes, Dsp.SUB_BLOCK, new BiquadBank.ScalarKernel()), lanes, lanes);
    }

    @Test
    void vectorBankEqualsCascadeBitForBitAtEveryLaneCount() {
        BiquadBank probe = BiquadBank.create(1, Dsp.SUB_BLOCK);
        org.junit.jupiter.api.Assumptions.assumeTrue(probe != null, "no vector kernel on this JVM: " + BiquadBank.unavailableReason());
        for (int lanes = 1; lanes <= 128; lanes++) {
            BiquadBank bank = BiquadBank.create(lanes, Dsp.SUB_BLOCK);
            assertTrue(bank.lanes() >= 2);
            compare(bank, lanes, lanes * 7919L);
        }
    }

    /** One lane: its buffer and two copies of its sections (reference and banked). */
    private static final class Lane {
        final int sections;
        final Biquad[] ref, bank;
        final float[] refBuf = new float[Dsp.SUB_BLOCK], bankBuf = new float[Dsp.SUB_BLOCK];

        Lane(int sections, SplittableRandom r) {
            this.sections = sections;
            ref = new Biquad[sections];
            bank = new Biquad[sections];
            double[] c = new double[5];
            for (int s = 0; s < sections; s++) {
                design(r, c);
                ref[s] = new Biquad();
                bank[s] = new Biquad();
                ref[s].setCoefficients(c);
                bank[s].setCoefficients(c);
            }
        }
    }

    private static void design(SplittableRandom r, double[] c) {
        double f = 20 * Math.pow(1000, r.nextDouble());
        double g = r.nextDouble() * 30 - 15;
        double q = 0.1 * Math.pow(100, r.nextDouble());
        switch (r.nextInt(7)) {
            case 0 -> Rbj.lowShelf(FS, f, g, q, c);
            case 1 -> Rbj.highShelf(FS, f, g, q, c);
            case 2 -> Rbj.highPass(FS, Math.min(f, 400), q, c);
            case 3 -> Rbj.identity(c);
            case 4 -> { // unstable: the state runs away to infinity and NaN, and is reset
                Rbj.peaking(FS, f, g, q, c);
                c[3] = -2.5;
                c[4] = 1.8;
            }
            default -> Rbj.peaking(FS, f, g, q, c);
        }
    }

    private static float sample(SplittableRandom r, int kind) {
        return switch (kind) {
            case 0 -> (float) (r.nextDouble() - 0.5);
            case 1 -> r.nextInt(40) == 0 ? Float.NaN : (float) (r.nextDouble() - 0.5);
            case 2 -> r.nextInt(40) == 0 ? (r.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY) : (float) (r.nextDouble() - 0.5) * 0.1f;
            case 3 -> (float) ((r.nextDouble() - 0.5) * 1e-38); // denormal and near-denormal floats
            case 4 -> r.nextBoolean() ? -0f : 0f; // signed zeros
            case 5 -> (float) ((r.nextDouble() - 0.5) * 1e7); // absurd level
            default -> 0f;
        };
    }

    /** Runs {@code lanes} random lanes through the bank and the scalar cascade for a few dozen sub-blocks. */
    private static void compare(BiquadBank bank, int lanes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Lane> all = new ArrayList<>();
        int[] counts = {1, 2, 4};
        for (int l = 0; l < lanes; l++) all.add(new Lane(counts[r.nextInt(3)], r));
        int[] kind = new int[lanes];
        double[] coef = new double[5 * BiquadBank.MAX_SECTIONS], stRef = new double[2 * BiquadBank.MAX_SECTIONS],
                stBank = new double[2 * BiquadBank.MAX_SECTIONS];
        for (int block = 0; block < 24; block++) {
            int n = block < 2 ? Dsp.SUB_BLOCK : 1 + r.nextInt(Dsp.SUB_BLOCK);
            for (int l = 0; l < lanes; l++) {
                if (block % 6 == 0) kind[l] = r.nextInt(7);
                Lane lane = all.get(l);
                for (int i = 0; i < n; i++) {
                    float v = sample(r, kind[l]);
                    lane.refBuf[i] = v;
                    lane.bankBuf[i] = v;
                }
                Biquad.cascade(lane.refBuf, 0, n, lane.ref, lane.sections);
                bank.add(new float[][] {lane.bankBuf}, 1, new Biquad[][] {lane.bank}, lane.sections, 0, n);
            }
            bank.run(n);
            for (int l = 0; l < lanes; l++) {
                Lane lane = all.get(l);
                for (int i = 0; i < n; i++) {
                    if (Float.floatToIntBits(lane.refBuf[i]) != Float.floatToIntBits(lane.bankBuf[i])) {
                        throw new AssertionError("lanes " + lanes + ", lane " + l + " (" + lane.sections + " sections, signal kind "
                                + kind[l] + "), block " + block + ", sample " + i + ": scalar " + lane.refBuf[i] + ", bank " + lane.bankBuf[i]);
                    }
                }
                for (int s = 0; s < lane.sections; s++) {
                    lane.ref[s].exportLane(coef, stRef, s, 1, 0);
                    lane.bank[s].exportLane(coef, stBank, s, 1, 0);
                }
                for (int z = 0; z < 2 * lane.sections; z++) {
                    if (Double.doubleToLongBits(stRef[z]) != Double.doubleToLongBits(stBank[z])) {
                        throw new AssertionError("lanes " + lanes + ", lane " + l + ", block " + block + ": state " + z
                                + " scalar " + stRef[z] + ", bank " + stBank[z]);
                    }
                }
            }
        }
    }
}
