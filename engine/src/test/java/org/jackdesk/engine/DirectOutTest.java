package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Layout.DirectOut;
import org.junit.jupiter.api.Test;

/** Channels' direct outputs: their ports, and where pre- and post-fader taps take the signal. */
class DirectOutTest {
    private static final int PERIOD = 64;

    private static Layout layout(DirectOut ch1, DirectOut ch2, DirectOut ch3) {
        return new Layout(List.of(new Layout.Channel("A", false, ch1), new Layout.Channel("B", false, ch2),
                new Layout.Channel("C", true, ch3)), List.of(new Layout.Bus("Bus 1", true)));
    }

    /** Channels 2 and 3 off the main bus, so main carries channel 1 alone. */
    private static void onlyChannel1(TestConsole t) {
        t.set("ch/2/main", false);
        t.set("ch/3/main", false);
    }

    private static final double DB6 = Math.pow(10, -6 / 20.0);

    @Test
    void directOutputsComeAfterTheOtherOutputsOnlyForChannelsThatHaveOne() {
        TestConsole t = new TestConsole(layout(DirectOut.PRE, DirectOut.OFF, DirectOut.POST), PERIOD);
        assertEquals(List.of("main_L", "main_R", "bus1_L", "bus1_R", "mon_L", "mon_R",
                "ch1_direct", "ch3_direct_L", "ch3_direct_R"), t.engine.outputPortNames());
        assertEquals(0, t.engine.latencyFrames(t.output("ch1_direct")));
    }

    @Test
    void preFaderTapIgnoresFaderAndMuteAndFollowsTrim() {
        TestConsole t = new TestConsole(layout(DirectOut.PRE, DirectOut.OFF, DirectOut.POST), PERIOD);
        onlyChannel1(t);
        t.set("ch/1/trim", 6.0);
        t.set("ch/1/fader", -20.0);
        t.runDc(0.1f, 200);
        assertEquals(0.1 / DB6, t.last("ch1_direct"), 1e-4, "trim +6 dB, fader ignored");
        t.set("ch/1/mute", true);
        t.runDc(0.1f, 200);
        assertEquals(0.1 / DB6, t.last("ch1_direct"), 1e-4, "mute ignored");
        assertEquals(0f, t.last("main_L"), 0f, "main is muted");
    }

    @Test
    void postFaderTapFollowsFaderAndMuteButNotPan() {
        TestConsole t = new TestConsole(layout(DirectOut.OFF, DirectOut.OFF, DirectOut.POST), PERIOD);
        t.set("ch/3/fader", -6.0);
        t.set("ch/3/pan", -1.0); // balance hard left: the direct outputs are before pan
        for (int k = 0; k < 200; k++) {
            java.util.Arrays.fill(t.in[2], 0.2f);
            java.util.Arrays.fill(t.in[3], -0.3f);
            t.engine.process(t.in, t.out, PERIOD);
        }
        assertEquals(0.2 * DB6, t.last("ch3_direct_L"), 1e-4);
        assertEquals(-0.3 * DB6, t.last("ch3_direct_R"), 1e-4);
        t.set("ch/3/mute", true);
        for (int k = 0; k < 200; k++) t.engine.process(t.in, t.out, PERIOD);
        assertEquals(0f, t.last("ch3_direct_L"), 0f);
        assertEquals(0f, t.last("ch3_direct_R"), 0f);
    }

    @Test
    void preFaderTapIsTheSameOnEveryMixPath() {
        // Settled with processors asleep (quiet path), settled with a processor on (fused mix; a
        // 0 ms delay is the identity) and soloed (general path): the same pre-fader signal.
        for (String mode : List.of("quiet", "processing", "soloed")) {
            TestConsole t = new TestConsole(layout(DirectOut.PRE, DirectOut.OFF, DirectOut.OFF), PERIOD);
            if (mode.equals("processing")) {
                t.set("ch/1/delay/on", true);
                t.set("ch/1/delay/time", 0.0);
            }
            if (mode.equals("soloed")) t.set("ch/1/solo", true);
            onlyChannel1(t);
            t.set("ch/1/trim", -6.0);
            t.set("ch/1/fader", -10.0);
            t.runDc(0.25f, 200);
            for (int i = 0; i < PERIOD; i++) {
                assertEquals(0.25 * DB6, t.out[t.output("ch1_direct")][i], 1e-6, mode + ", sample " + i);
            }
            assertEquals(0.25 * DB6 * Math.pow(10, -10 / 20.0) * Math.sqrt(0.5), t.last("main_L"), 1e-5, mode + ": main");
        }
    }
}
