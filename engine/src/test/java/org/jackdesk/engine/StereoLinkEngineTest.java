package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jackdesk.config.Layout;
import org.junit.jupiter.api.Test;

/**
 * A stereo-linked pair of mono channels measured on the engine's outputs with DC input: it plays
 * as a stereo channel does — the odd channel hard left, the even hard right, its pan the balance
 * on the stereo channels' law (unity at the centre, the far side down a quarter cosine), into a
 * stereo bus each side on its own side, into a mono bus at half gain each — and one flag alone
 * links nothing.
 */
class StereoLinkEngineTest {
    private static final float C = (float) Math.sqrt(0.5); // −3 dB
    private static final int SETTLE = 40; // periods of 64: well past the 20 ms ramps

    /** ch1, ch2 mono (a pair), ch3 stereo; bus1 mono, bus2 stereo. */
    private static TestConsole console() {
        return new TestConsole(new Layout(
                List.of(new Layout.Channel("L", false), new Layout.Channel("R", false), new Layout.Channel("st", true)),
                List.of(new Layout.Bus("m", false), new Layout.Bus("s", true))), 64);
    }

    private static void only(TestConsole t, int... on) {
        for (int c = 1; c <= 3; c++) {
            boolean keep = false;
            for (int o : on) keep |= o == c;
            t.set("ch/" + c + "/mute", !keep);
        }
    }

    @Test
    void aLinkedPairPlaysHardLeftAndRightWithThePanAsBalance() {
        TestConsole t = console();
        only(t, 1);
        t.runDc(0.5f, SETTLE);
        assertEquals(0.5f * C, t.last("main_L"), 1e-5, "unlinked: a mono channel panned to the centre");
        t.set("ch/1/link", true);
        t.runDc(0.5f, SETTLE);
        assertEquals(0.5f * C, t.last("main_R"), 1e-5, "one flag alone links nothing");
        t.set("ch/2/link", true); // the partner's flag: channel 1 must follow although none of its own slots moved
        t.runDc(0.5f, SETTLE);
        assertEquals(0.5f, t.last("main_L"), 1e-6, "the odd side hard left at unity (balance centred)");
        assertEquals(0f, t.last("main_R"), 1e-7);
        only(t, 2);
        t.runDc(0.5f, SETTLE);
        assertEquals(0f, t.last("main_L"), 1e-7);
        assertEquals(0.5f, t.last("main_R"), 1e-6, "the even side hard right");

        only(t, 1, 2);
        for (double b : new double[] {-1, -0.5, 0.3, 1}) {
            t.set("ch/1/pan", b);
            t.set("ch/2/pan", b);
            t.runDc(0.5f, SETTLE);
            double l = b <= 0 ? 1 : Math.cos(b * Math.PI / 2), r = b >= 0 ? 1 : Math.cos(-b * Math.PI / 2);
            assertEquals(0.5 * l, t.last("main_L"), 1e-5, "left side at balance " + b);
            assertEquals(0.5 * r, t.last("main_R"), 1e-5, "right side at balance " + b);
        }
        // The same law as a stereo channel's balance.
        only(t, 3);
        t.set("ch/3/pan", 0.3);
        t.runDc(0.5f, SETTLE);
        float stereoL = t.last("main_L");
        only(t, 1, 2);
        t.set("ch/1/pan", 0.3);
        t.set("ch/2/pan", 0.3);
        t.runDc(0.5f, SETTLE);
        assertEquals(stereoL, t.last("main_L"), 1e-6);

        t.set("ch/2/link", false);
        t.set("ch/1/pan", 0.0);
        t.runDc(0.5f, SETTLE);
        only(t, 1);
        t.runDc(0.5f, SETTLE);
        assertEquals(0.5f * C, t.last("main_R"), 1e-5, "unlinked: the mono pan law again");
    }

    @Test
    void aLinkedPairSendsAsAStereoChannel() {
        TestConsole t = console();
        only(t, 1, 2);
        for (int c = 1; c <= 2; c++) {
            t.set("ch/" + c + "/link", true);
            t.set("ch/" + c + "/main", false);
            for (int b = 1; b <= 2; b++) t.set("ch/" + c + "/send/" + b + "/level", 0.0);
        }
        float[] in = new float[] {0.5f, 0.25f};
        for (int i = 0; i < SETTLE; i++) {
            java.util.Arrays.fill(t.in[0], in[0]);
            java.util.Arrays.fill(t.in[1], in[1]);
            java.util.Arrays.fill(t.in[2], 0f);
            java.util.Arrays.fill(t.in[3], 0f);
            t.engine.process(t.in, t.out, t.period);
        }
        assertEquals(0.5f, t.last("bus2_L"), 1e-6, "the left side only into the stereo bus's left");
        assertEquals(0.25f, t.last("bus2_R"), 1e-6, "the right side only into its right");
        assertEquals(0.5f * (0.5f + 0.25f), t.last("bus1"), 1e-6, "into a mono bus at half gain each, as a stereo channel");
    }
}
