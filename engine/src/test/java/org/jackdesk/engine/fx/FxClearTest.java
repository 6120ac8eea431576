package org.jackdesk.engine.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A unit's clear (sleep, type change, reset) is spread over sub-blocks: the samples zeroed per
 * sub-block are counted, not timed; and a unit used again before its memory is clean never plays
 * what it held before.
 */
class FxClearTest {
    private static final float FS = 48000f;
    /** The bound docs/fx.md promises: samples zeroed per sub-block and slot. */
    private static final int BOUND = 4096;

    private static FxProcessor delaySlot() {
        FxProcessor fx = new FxProcessor();
        fx.params().delayMs = 1000f;
        fx.params().feedbackPct = 0f;
        fx.prepare(FS, 32);
        fx.apply();
        fx.setType(FxProcessor.DELAY, true);
        return fx;
    }

    /** Full-scale noise for {@code seconds}: fills the delay's whole line (5.5 s at 48 kHz). */
    private static void noise(FxProcessor fx, double seconds) {
        SplittableRandom r = new SplittableRandom(11);
        for (int b = 0; b < seconds * FS / 32; b++) {
            for (int i = 0; i < 32; i++) {
                fx.input()[0][i] = (float) (r.nextDouble() * 2 - 1);
                fx.input()[1][i] = (float) (r.nextDouble() * 2 - 1);
            }
            assertTrue(fx.process(32));
            assertTrue(fx.clearWork() == 0, "nothing to clear while it plays");
        }
    }

    /** Silence until the slot sleeps; returns the sub-blocks it took. */
    private static int silenceUntilAsleep(FxProcessor fx) {
        java.util.Arrays.fill(fx.input()[0], 0f);
        java.util.Arrays.fill(fx.input()[1], 0f);
        int blocks = 0;
        while (fx.process(32)) {
            blocks++;
            assertTrue(blocks < 3 * FS / 32, "the slot never slept");
        }
        return blocks;
    }

    @Test
    void aSleepingDelayIsClearedABoundedNumberOfSamplesPerSubBlock() {
        FxProcessor fx = delaySlot();
        noise(fx, 6);
        silenceUntilAsleep(fx);
        assertTrue(fx.cleaning(FxProcessor.DELAY), "the clear has begun, not finished in one sub-block");
        long total = 0;
        int blocks = 0, most = 0;
        while (fx.cleaning(FxProcessor.DELAY)) {
            assertFalse(fx.process(32), "asleep while its memory is cleared");
            most = Math.max(most, fx.clearWork());
            total += fx.clearWork();
            blocks++;
        }
        long memory = fx.memorySamples(FxProcessor.DELAY);
        System.out.printf("delay: %d samples cleared in %d sub-blocks, at most %d per sub-block%n", total, blocks, most);
        assertTrue(most <= BOUND, "zeroed " + most + " samples in one sub-block");
        assertEquals(memory, total, "every sample of the unit's lines is zeroed exactly once");
        fx.process(32);
        assertEquals(0, fx.clearWork(), "nothing left to do");
    }

    @Test
    void aTypeChangeClearsTheUnitFadedOutWithinTheBound() {
        FxProcessor fx = delaySlot();
        noise(fx, 1);
        fx.setType(FxProcessor.HALL, false);
        SplittableRandom r = new SplittableRandom(2);
        int most = 0;
        long total = 0;
        for (int b = 0; b < 400; b++) {
            fx.input()[0][0] = (float) r.nextDouble();
            fx.process(32);
            most = Math.max(most, fx.clearWork());
            total += fx.clearWork();
        }
        assertFalse(fx.cleaning(FxProcessor.DELAY));
        assertTrue(most <= BOUND, "zeroed " + most + " samples in one sub-block");
        assertEquals(fx.memorySamples(FxProcessor.DELAY), total);
    }

    /** DC 0.25 into a slot just cleared: a delay without feedback can only play 0 (or fade to) 0.25. */
    private static void assertOnlyTheNewSignalPlays(FxProcessor fx, String when) {
        int heard = 0;
        for (int b = 0; b < 2.5 * FS / 32; b++) {
            java.util.Arrays.fill(fx.input()[0], 0.25f);
            java.util.Arrays.fill(fx.input()[1], 0.25f);
            if (!fx.process(32)) continue;
            for (float[] o : fx.output()) {
                for (int i = 0; i < 32; i++) {
                    assertTrue(o[i] >= 0f && o[i] <= 0.25f + 1e-6f, when + ": stale sample " + o[i] + " at sub-block " + b);
                    if (o[i] == 0.25f) heard++;
                }
            }
        }
        assertTrue(heard > FS, when + ": the new signal plays (" + heard + " samples at 0.25)");
    }

    @Test
    void aDelayWokenRightAfterItFellAsleepNeverPlaysStaleSamples() {
        FxProcessor fx = delaySlot();
        noise(fx, 6);
        silenceUntilAsleep(fx);
        assertOnlyTheNewSignalPlays(fx, "woken during its clear");
    }

    @Test
    void aDelaySwitchedOffAndBackOnAtOnceNeverPlaysStaleSamples() {
        FxProcessor fx = delaySlot();
        noise(fx, 6);
        fx.setType(FxProcessor.OFF, false);
        java.util.Arrays.fill(fx.input()[0], 0f);
        java.util.Arrays.fill(fx.input()[1], 0f);
        for (int b = 0; b < 80; b++) fx.process(32); // the 50 ms fade out, and the clear begins
        assertTrue(fx.cleaning(FxProcessor.DELAY));
        fx.setType(FxProcessor.DELAY, false);
        assertOnlyTheNewSignalPlays(fx, "switched back during its clear");
    }

    @Test
    void aResetSlotNeverPlaysStaleSamples() {
        FxProcessor fx = delaySlot();
        noise(fx, 6);
        fx.reset();
        assertTrue(fx.cleaning(FxProcessor.DELAY));
        assertOnlyTheNewSignalPlays(fx, "after a reset");
    }
}
