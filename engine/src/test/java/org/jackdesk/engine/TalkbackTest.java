package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jackdesk.config.Layout;
import org.junit.jupiter.api.Test;

/** Talkback, its dim, and the tools' own ports, through the real engine (docs/tools.md). */
class TalkbackTest {
    private static final int PERIOD = 64;
    private static final int FS = 48000;

    /** Two mono channels, buses 1 and 2 mono, bus 3 stereo; the tools as given. */
    private static TestConsole console(Layout.Tools tools) {
        Layout base = Layout.of(2, 0, 2, 1);
        return new TestConsole(base.withTools(tools), PERIOD);
    }

    /** Inputs as the engine's ports are (TestConsole's cover the channels only). */
    private static float[][] inputs(TestConsole t) {
        return new float[t.engine.inputPortNames().size()][PERIOD];
    }

    /** Runs {@code cycles} periods; returns the last period's value of each named output (its last sample). */
    private static void run(TestConsole t, float[][] in, int cycles) {
        for (int c = 0; c < cycles; c++) t.engine.process(in, t.out, PERIOD);
    }

    private static void assertSilent(TestConsole t, String port) {
        for (float v : t.out[t.output(port)]) assertEquals(0f, v, port + " must carry nothing");
    }

    @Test
    void talkbackReachesOnlyTheChosenBusesAndNeverTheMainUnlessChosen() {
        TestConsole t = console(new Layout.Tools(0, true, false));
        assertEquals(List.of("ch1", "ch2", "talkback_in"), t.engine.inputPortNames());
        float[][] in = inputs(t);
        java.util.Arrays.fill(in[2], 0.5f); // the talkback mic
        t.set("talkback/bus/2", false);
        run(t, in, 20);
        for (String p : new String[] {"main_L", "main_R", "bus1", "bus2", "bus3_L", "bus3_R"}) assertSilent(t, p); // not talking
        t.set("talkback/talk", true);
        run(t, in, 20); // 26 ms: past the 20 ms fade
        assertEquals(0.5f, t.last("bus1"), 1e-6f);
        assertEquals(0.5f, t.last("bus3_L"), 1e-6f);
        assertEquals(0.5f, t.last("bus3_R"), 1e-6f);
        for (String p : new String[] {"main_L", "main_R", "bus2"}) assertSilent(t, p);
        t.set("talkback/main", true); // chosen: now it does
        run(t, in, 20);
        run(t, in, 40); // the dim of the main lets go (talking into the main never dims it)
        assertEquals(0.5f, t.last("main_L"), 1e-6f, "the main carries it, on both sides at the talkback level");
        assertEquals(0.5f, t.last("main_R"), 1e-6f);
        t.set("talkback/talk", false);
        run(t, in, 20);
        for (String p : new String[] {"main_L", "main_R", "bus1", "bus2", "bus3_L", "bus3_R"}) assertSilent(t, p);
    }

    @Test
    void aMonoChannelAsTheSourceTalksEvenWithItsFaderDown() {
        TestConsole t = console(new Layout.Tools(2, false, false));
        assertEquals(List.of("ch1", "ch2"), t.engine.inputPortNames(), "no port of its own");
        float[][] in = inputs(t);
        java.util.Arrays.fill(in[1], 0.25f);
        t.set("ch/2/fader", "-inf");
        t.set("ch/2/send/1/level", "-inf");
        t.set("talkback/talk", true);
        t.set("talkback/level", -6.0);
        run(t, in, 20);
        assertEquals(0.25f * (float) Math.pow(10, -6 / 20.0), t.last("bus1"), 1e-5f);
        assertSilent(t, "main_L");
    }

    @Test
    void theDimLandsWithinItsRampAndReleases() {
        TestConsole t = console(new Layout.Tools(0, true, false));
        float[][] in = inputs(t);
        java.util.Arrays.fill(in[0], 0.5f); // the programme on channel 1
        run(t, in, 40);
        float main = t.last("main_L"), mon = t.last("mon_L");
        assertTrue(main > 0.3f && mon > 0.3f, main + " " + mon);
        int ramp = Math.round(SignalTools.DIM_MS * FS / 1000f); // 2400 frames
        t.set("talkback/talk", true);
        float[] mainTrace = trace(t, in, "main_L", ramp + 10 * PERIOD);
        t.set("talkback/talk", false);
        float[] releaseTrace = trace(t, in, "main_L", ramp + 10 * PERIOD);
        float dimmed = (float) Math.pow(10, -20 / 20.0);
        for (int i = 1; i < ramp; i++) assertTrue(mainTrace[i] <= mainTrace[i - 1] + 1e-7f, "the dim falls smoothly: frame " + i);
        assertTrue(mainTrace[ramp / 2] > main * dimmed * 1.5f, "half-way it is still on its way down");
        for (int i = ramp; i < mainTrace.length; i++) assertEquals(main * dimmed, mainTrace[i], 1e-5f, "dimmed by 20 dB from frame " + ramp);
        for (int i = ramp; i < releaseTrace.length; i++) assertEquals(main, releaseTrace[i], 1e-5f, "released from frame " + ramp);
        // The monitor follows (it carries the main mix while nothing is soloed); off, it does not.
        t.set("talkback/dim/monitor", false);
        t.set("talkback/talk", true);
        run(t, in, 60);
        assertEquals(main * dimmed, t.last("main_L"), 1e-5f);
        assertEquals(mon, t.last("mon_L"), 1e-5f, "the monitor is not dimmed when not chosen");
        t.set("talkback/dim/main", false);
        t.set("talkback/dim/monitor", true);
        t.set("talkback/dim/level", -40.0);
        run(t, in, 60);
        assertEquals(main, t.last("main_L"), 1e-5f, "the main is not dimmed when not chosen");
        assertEquals(mon * (float) Math.pow(10, -40 / 20.0), t.last("mon_L"), 1e-6f);
    }

    private static float[] trace(TestConsole t, float[][] in, String port, int frames) {
        float[] x = new float[(frames + PERIOD - 1) / PERIOD * PERIOD];
        int o = t.output(port);
        for (int c = 0; c < x.length / PERIOD; c++) {
            t.engine.process(in, t.out, PERIOD);
            System.arraycopy(t.out[o], 0, x, c * PERIOD, PERIOD);
        }
        return x;
    }

    @Test
    void withoutASourceTalkingDimsNothing() {
        TestConsole t = console(Layout.Tools.NONE);
        float[][] in = inputs(t);
        java.util.Arrays.fill(in[0], 0.5f);
        run(t, in, 40);
        float main = t.last("main_L");
        t.set("talkback/talk", true);
        run(t, in, 60);
        assertEquals(main, t.last("main_L"), 0f, "no talkback source: TALK does nothing");
    }

    @Test
    void theOscillatorsOwnPortCarriesItWhateverTheBusesSay() {
        TestConsole t = console(new Layout.Tools(0, false, true));
        assertEquals("osc_out", t.engine.outputPortNames().get(t.engine.outputPortNames().size() - 1));
        float[][] in = inputs(t);
        run(t, in, 10);
        assertSilent(t, "osc_out");
        t.set("osc/main", false);
        t.set("osc/level", 0.0);
        t.set("osc/on", true);
        run(t, in, 40);
        float peak = 0;
        for (int c = 0; c < 100; c++) {
            t.engine.process(in, t.out, PERIOD);
            for (float v : t.out[t.output("osc_out")]) peak = Math.max(peak, Math.abs(v));
            assertSilent(t, "main_L");
        }
        assertEquals(1.0f, peak, 1e-3f, "a 0 dBFS sine on osc_out");
        assertEquals(EnginePorts.NONE, t.engine.ports().latencySource(t.output("osc_out")));
    }

    @Test
    void aBrokenTalkbackInputNeverReachesABus() {
        TestConsole t = console(new Layout.Tools(0, true, false));
        float[][] in = inputs(t);
        t.set("talkback/talk", true);
        in[2][5] = Float.NaN;
        in[2][6] = Float.POSITIVE_INFINITY;
        for (int c = 0; c < 20; c++) {
            t.engine.process(in, t.out, PERIOD);
            for (float[] o : t.out) for (float v : o) assertTrue(Float.isFinite(v));
        }
        java.util.Arrays.fill(in[2], 0.5f);
        run(t, in, 5);
        assertEquals(0.5f, t.last("bus1"), 1e-6f, "and it talks again at once");
    }
}
