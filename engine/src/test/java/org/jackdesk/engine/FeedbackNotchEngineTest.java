package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jackdesk.config.Layout;
import org.junit.jupiter.api.Test;

/**
 * The feedback suppressor's notches in the engine (docs/assistants.md): {@code main/fbs/notch/N/…}
 * and {@code bus/N/fbs/notch/N/…} cut the bus output at their frequency by their depth, and leave
 * other frequencies alone.
 */
class FeedbackNotchEngineTest {
    private static final int PERIOD = 128;

    /** RMS (dB) of output {@code out} over 0.5 s of a sine of {@code hz} into channel 1, after 0.5 s to settle. */
    private static double levelDb(TestConsole t, String out, double hz, long[] clock) {
        double sum = 0;
        int cycles = (int) (48000 / PERIOD);
        for (int k = 0; k < cycles; k++) {
            for (int i = 0; i < PERIOD; i++) t.in[0][i] = (float) (0.25 * Math.sin(2 * Math.PI * hz * (clock[0] + i) / 48000.0));
            clock[0] += PERIOD;
            t.engine.process(t.in, t.out, PERIOD);
            if (k < cycles / 2) continue;
            float[] o = t.out[t.output(out)];
            for (int i = 0; i < PERIOD; i++) sum += o[i] * o[i];
        }
        return 10 * Math.log10(sum / (cycles / 2 * PERIOD));
    }

    @Test
    void notchesOnTheMainAndAnAuxBusCutTheirFrequencyByTheirDepth() {
        TestConsole t = new TestConsole(Layout.of(1, 0, 1, 0), PERIOD, s -> {
            try {
                s.set("ch/1/send/1/level", 0.0, "setup");
                s.set("ch/1/send/1/tap", "pre", "setup");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        long[] clock = {0};
        double main0 = levelDb(t, "main_L", 1000, clock), bus0 = levelDb(t, "bus1", 1000, clock);
        double mainOther0 = levelDb(t, "main_L", 2500, clock);
        t.set("main/fbs/notch/3/freq", 1000.0);
        t.set("main/fbs/notch/3/depth", 20.0);
        t.set("bus/1/fbs/notch/12/freq", 1000.0);
        t.set("bus/1/fbs/notch/12/depth", 12.0);
        assertEquals(main0 - 20, levelDb(t, "main_L", 1000, clock), 0.2, "the main's notch");
        assertEquals(bus0 - 12, levelDb(t, "bus1", 1000, clock), 0.2, "the bus's notch");
        assertEquals(mainOther0, levelDb(t, "main_L", 2500, clock), 0.1, "1.3 octaves away: untouched");
        t.set("main/fbs/notch/3/depth", 0.0); // cleared
        assertEquals(main0, levelDb(t, "main_L", 1000, clock), 0.05, "cleared");
    }
}
