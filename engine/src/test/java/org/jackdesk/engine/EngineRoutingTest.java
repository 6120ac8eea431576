package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jackdesk.config.Layout;
import org.junit.jupiter.api.Test;

/** Pan law, sends, solo, DCAs and mute groups measured on the engine's outputs with DC input. */
class EngineRoutingTest {
    private static final float C = (float) Math.sqrt(0.5); // −3 dB
    private static final int SETTLE = 40; // periods of 64: well past the 20 ms ramps

    private static TestConsole console() {
        // ch1, ch2 mono; ch3 stereo; bus1 mono, bus2 stereo
        return new TestConsole(new Layout(
                List.of(new Layout.Channel("a", false), new Layout.Channel("b", false), new Layout.Channel("c", true)),
                List.of(new Layout.Bus("m", false), new Layout.Bus("s", true))), 64);
    }

    private static void onlyChannel(TestConsole t, int ch) {
        for (int c = 1; c <= 3; c++) t.set("ch/" + c + "/mute", c != ch);
    }

    @Test
    void portNamesFollowTheLayout() {
        TestConsole t = console();
        assertEquals(List.of("ch1", "ch2", "ch3_L", "ch3_R"), t.engine.inputPortNames());
        assertEquals(List.of("main_L", "main_R", "bus1", "bus2_L", "bus2_R", "mon_L", "mon_R"), t.engine.outputPortNames());
    }

    @Test
    void monoPanIsConstantPowerWithMinus3dBAtCentre() {
        TestConsole t = console();
        onlyChannel(t, 1);
        t.runDc(0.5f, SETTLE);
        assertEquals(0.5f * C, t.last("main_L"), 1e-5);
        assertEquals(0.5f * C, t.last("main_R"), 1e-5);
        for (double p : new double[] {-1, -0.5, 0.3, 1}) {
            t.set("ch/1/pan", p);
            t.runDc(0.5f, SETTLE);
            double l = t.last("main_L") / 0.5, r = t.last("main_R") / 0.5;
            assertEquals(1.0, l * l + r * r, 1e-4, "constant power at pan " + p);
            assertEquals(Math.cos((p + 1) * Math.PI / 4), l, 1e-4);
        }
        t.set("ch/1/pan", -1.0);
        t.runDc(0.5f, SETTLE);
        assertEquals(0f, t.last("main_R"), 1e-6);
    }

    @Test
    void stereoChannelBalanceKeepsUnityAtCentre() {
        TestConsole t = console();
        onlyChannel(t, 3);
        t.runDc(0.25f, SETTLE);
        assertEquals(0.25f, t.last("main_L"), 1e-6);
        assertEquals(0.25f, t.last("main_R"), 1e-6);
        t.set("ch/3/pan", 1.0);
        t.runDc(0.25f, SETTLE);
        assertEquals(0f, t.last("main_L"), 1e-6);
        assertEquals(0.25f, t.last("main_R"), 1e-6);
    }

    @Test
    void faderAndMainAssignScaleTheMainOutput() {
        TestConsole t = console();
        onlyChannel(t, 1);
        t.set("ch/1/fader", -6.0);
        t.runDc(1f, SETTLE);
        assertEquals(C * Math.pow(10, -6 / 20.0), t.last("main_L"), 1e-5);
        t.set("ch/1/main", false);
        t.runDc(1f, SETTLE);
        assertEquals(0f, t.last("main_L"), 1e-7);
        t.set("ch/1/main", true);
        t.set("main/fader", -90.0);
        t.runDc(1f, SETTLE);
        assertEquals(0f, t.last("main_L"), 1e-7);
    }

    @Test
    void preFaderSendIgnoresTheFaderAndPostFaderFollowsIt() {
        TestConsole t = console();
        onlyChannel(t, 1);
        t.set("ch/1/send/1/level", 0.0);
        t.set("ch/1/fader", -20.0);
        t.runDc(1f, SETTLE);
        assertEquals(1f, t.last("bus1"), 1e-5, "pre-fader send at 0 dB ignores the channel fader");
        t.set("ch/1/send/1/tap", "post");
        t.runDc(1f, SETTLE);
        assertEquals(0.1f, t.last("bus1"), 1e-5, "post-fader send follows the −20 dB fader");
        t.set("ch/1/mute", true);
        t.runDc(1f, SETTLE);
        assertEquals(0f, t.last("bus1"), 1e-7, "a muted channel's post send is silent");
        t.set("ch/1/send/1/on", false);
        t.set("ch/1/mute", false);
        t.runDc(1f, SETTLE);
        assertEquals(0f, t.last("bus1"), 1e-7, "send off");
    }

    @Test
    void sendToStereoBusIsPannedAndBusFaderApplies() {
        TestConsole t = console();
        onlyChannel(t, 2);
        t.set("ch/2/send/2/level", 0.0);
        t.runDc(1f, SETTLE);
        assertEquals(C, t.last("bus2_L"), 1e-5);
        assertEquals(C, t.last("bus2_R"), 1e-5);
        t.set("ch/2/send/2/pan", 1.0);
        t.set("bus/2/fader", -6.0);
        t.runDc(1f, SETTLE);
        assertEquals(0f, t.last("bus2_L"), 1e-6);
        assertEquals(Math.pow(10, -6 / 20.0), t.last("bus2_R"), 1e-5);
        t.set("bus/2/mute", true);
        t.runDc(1f, SETTLE);
        assertEquals(0f, t.last("bus2_R"), 1e-7);
    }

    @Test
    void soloRoutesPflOrAflToTheMonitorInsteadOfMain() {
        TestConsole t = console();
        t.runDc(0.5f, SETTLE);
        float mainL = t.last("main_L");
        assertEquals(mainL, t.last("mon_L"), 1e-6, "monitor carries main when nothing is soloed");
        t.set("ch/1/fader", -20.0);
        t.set("ch/1/solo", true);
        t.runDc(0.5f, SETTLE);
        assertEquals(0.5f, t.last("mon_L"), 1e-5, "PFL: channel 1 before its fader, unpanned");
        assertEquals(0.5f, t.last("mon_R"), 1e-5);
        t.set("monitor/mode", "afl");
        t.runDc(0.5f, SETTLE);
        assertEquals(0.5f * 0.1f * C, t.last("mon_L"), 1e-5, "AFL: after fader and pan");
        t.set("ch/1/solo", false);
        t.runDc(0.5f, SETTLE);
        assertEquals(t.last("main_L"), t.last("mon_L"), 1e-6, "back to main");
    }

    @Test
    void dcaScalesAndMutesItsMembers() {
        TestConsole t = console();
        onlyChannel(t, 1);
        t.set("ch/1/dca/2", true);
        t.set("dca/2/fader", -10.0);
        t.runDc(1f, SETTLE);
        assertEquals(C * Math.pow(10, -10 / 20.0), t.last("main_L"), 1e-5);
        t.set("dca/1/fader", -90.0); // not a member: no effect
        t.runDc(1f, SETTLE);
        assertEquals(C * Math.pow(10, -10 / 20.0), t.last("main_L"), 1e-5);
        t.set("dca/2/mute", true);
        t.runDc(1f, SETTLE);
        assertEquals(0f, t.last("main_L"), 1e-7);
    }

    @Test
    void muteGroupMutesOnlyItsMembers() {
        TestConsole t = console();
        t.set("ch/3/mute", true);
        t.set("ch/1/pan", -1.0);
        t.set("ch/2/pan", 1.0);
        t.set("ch/1/mutegroup/3", true);
        t.set("mutegroup/3/on", true);
        t.runDc(1f, SETTLE);
        assertEquals(0f, t.last("main_L"), 1e-7, "channel 1 muted by its group");
        assertEquals(1f, t.last("main_R"), 1e-5, "channel 2 is not a member");
        t.set("mutegroup/3/on", false);
        t.runDc(1f, SETTLE);
        assertEquals(1f, t.last("main_L"), 1e-5);
    }

    @Test
    void faderJumpFromOffToUnityRampsWithoutSteps() {
        TestConsole t = new TestConsole(Layout.of(1, 0, 0, 0), 64, s -> {
            try {
                s.set("ch/1/fader", -90.0, "setup");
                s.set("ch/1/pan", -1.0, "setup");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        t.runDc(1f, 4);
        assertEquals(0f, t.last("main_L"), 0f);
        t.set("ch/1/fader", 0.0);
        float prev = 0f, maxStep = 0f;
        for (int c = 0; c < 40; c++) {
            t.runDc(1f, 1);
            for (float v : t.out[t.output("main_L")]) {
                maxStep = Math.max(maxStep, Math.abs(v - prev));
                prev = v;
            }
        }
        assertEquals(1f, prev, 1e-5, "reaches unity");
        // 20 ms linear ramp at 48 kHz: 960 samples for a 0→1 change.
        float allowed = 1f / 960f * 1.01f;
        assertTrue(maxStep <= allowed, "largest sample step " + maxStep + " > ramp bound " + allowed);
        assertTrue(maxStep > allowed * 0.5f, "the ramp really moved in steps of about 1/960");
    }

    @Test
    void nonFiniteInputNeverReachesOutputsAndTheStripRecovers() {
        TestConsole t = console();
        t.set("ch/1/eq/on", true);
        t.set("ch/1/eq/2/gain", 6.0);
        t.set("ch/1/comp/on", true);
        t.set("ch/1/hpf/on", true);
        t.set("ch/1/gate/on", true);
        t.runDc(0.5f, SETTLE);
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 3e38f};
        for (float b : bad) {
            java.util.Arrays.fill(t.in[0], b);
            t.engine.process(t.in, t.out, t.period);
            for (float[] o : t.out) for (float v : o) assertTrue(Float.isFinite(v), "output not finite for input " + b);
        }
        assertTrue(t.engine.nonFiniteInputs() > 0);
        // feed a sine again: the channel must produce signal again
        double maxAbs = 0;
        for (int c = 0; c < 200; c++) {
            for (int i = 0; i < t.period; i++) t.in[0][i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * (c * t.period + i) / 48000.0));
            t.engine.process(t.in, t.out, t.period);
            if (c > 150) for (float v : t.out[0]) maxAbs = Math.max(maxAbs, Math.abs(v));
            for (float[] o : t.out) for (float v : o) assertTrue(Float.isFinite(v));
        }
        assertTrue(maxAbs > 0.05, "channel recovered, output peak " + maxAbs);
    }
}
