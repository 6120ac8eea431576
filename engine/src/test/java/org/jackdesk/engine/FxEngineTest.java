package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Params;
import org.junit.jupiter.api.Test;

/** FX slots on the mix graph: sends, the unit, the return into the main and the wedges. */
class FxEngineTest {
    private static final Layout BASE = Layout.of(5, 3, 2, 2);

    private static void set(ConsoleState s, String path, Object v) {
        try {
            s.set(path, v, "test");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A mix with processing, aux sends and pans, the same on every console compared. */
    private static void mix(ConsoleState s) {
        for (int c = 1; c <= 8; c++) {
            set(s, "ch/" + c + "/fader", -3.0 * c);
            set(s, "ch/" + c + "/pan", -1 + c / 4.0);
            set(s, "ch/" + c + "/send/" + (1 + c % 4) + "/level", -6.0);
        }
        set(s, "ch/2/eq/on", true);
        set(s, "ch/2/eq/2/gain", 6.0);
        set(s, "ch/7/comp/on", true);
        set(s, "ch/3/solo", true);
    }

    private static float[][] run(TestConsole t, int cycles, long seed, Consumer<Integer> each) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] all = new float[t.out.length][cycles * t.period];
        for (int k = 0; k < cycles; k++) {
            for (float[] b : t.in) for (int i = 0; i < b.length; i++) b[i] = (float) (r.nextDouble() - 0.5);
            if (each != null) each.accept(k);
            t.engine.process(t.in, t.out, t.period);
            for (int o = 0; o < t.out.length; o++) System.arraycopy(t.out[o], 0, all[o], k * t.period, t.period);
        }
        return all;
    }

    @Test
    void everyOutputIsBitIdenticalToAConsoleWithoutFxWhileEveryFxSendIsAtMinusInfinity() {
        TestConsole plain = new TestConsole(BASE, 64, FxEngineTest::mix);
        TestConsole withFx = new TestConsole(BASE.withFx(Layout.MAX_FX), 64, s -> {
            mix(s);
            // every slot running an effect, returns up and sent to the wedges: only the sends are off
            for (int k = 1; k <= Layout.MAX_FX; k++) {
                set(s, "fx/" + k + "/type", Params.FX_TYPES.get(1 + (k - 1) % 5));
                set(s, "fxret/" + k + "/fader", 6.0);
                set(s, "fxret/" + k + "/aux/1/level", 0.0);
                set(s, "fxret/" + k + "/eq/on", true);
            }
        });
        assertEquals(plain.engine.outputPortNames(), withFx.engine.outputPortNames(), "FX slots have no ports of their own");
        // a fader move mid-run on both, and FX parameter moves on the one with FX
        float[][] a = run(plain, 400, 11, k -> {
            if (k == 100) plain.set("ch/4/fader", -20.0);
        });
        float[][] b = run(withFx, 400, 11, k -> {
            if (k == 100) {
                withFx.set("ch/4/fader", -20.0);
                withFx.set("fx/1/reverb/decay", 5.0);
                withFx.set("fx/2/type", "plate");
            }
        });
        for (int o = 0; o < a.length; o++) {
            for (int i = 0; i < a[o].length; i++) {
                if (Float.floatToRawIntBits(a[o][i]) != Float.floatToRawIntBits(b[o][i])) {
                    throw new AssertionError(plain.engine.outputPortNames().get(o) + " differs at " + i + ": " + a[o][i] + " vs " + b[o][i]);
                }
            }
        }
        // and the comparison can fail: one send up and the main changes
        withFx.set("ch/1/fx/1/level", 0.0);
        float[][] c = run(withFx, 50, 12, null);
        float[][] d = run(plain, 50, 12, null);
        int mainL = plain.output("main_L");
        assertNotEquals(java.util.Arrays.hashCode(c[mainL]), java.util.Arrays.hashCode(d[mainL]));
    }

    @Test
    void aDelayReturnReachesTheWedgeThroughItsAuxSendAndTheMainThroughItsFader() {
        TestConsole t = new TestConsole(Layout.of(1, 0, 1, 0).withFx(2), 64, s -> {
            set(s, "ch/1/main", false);
            set(s, "ch/1/fx/2/level", 0.0);
            set(s, "fx/2/type", "delay");
            set(s, "fx/2/delay/time", 10.0);
            set(s, "fx/2/delay/feedback", 0.0);
            set(s, "fx/2/delay/lowcut", 20.0);
            set(s, "fx/2/delay/highcut", 20000.0);
            set(s, "fxret/2/fader", -6.0);
            set(s, "fxret/2/aux/1/level", 0.0);
        });
        int n = 64 * 20;
        float[][] out = new float[t.out.length][n];
        for (int k = 0; k < 20; k++) {
            java.util.Arrays.fill(t.in[0], 0f);
            if (k == 0) t.in[0][0] = 1f;
            t.engine.process(t.in, t.out, t.period);
            for (int o = 0; o < t.out.length; o++) System.arraycopy(t.out[o], 0, out[o], k * 64, 64);
        }
        int delay = 480; // 10 ms at 48 kHz
        float centre = (float) Math.sqrt(0.5); // a centred mono send into a stereo FX bus: constant-power pan
        float[] wedge = out[t.output("bus1")];
        float[] mainL = out[t.output("main_L")];
        for (int i = 0; i < n; i++) {
            // a mono wedge takes the stereo return at half gain per side
            assertEquals(i == delay ? centre : 0f, wedge[i], 1e-6f, "wedge at " + i);
            assertEquals(i == delay ? centre * 0.5011872f : 0f, mainL[i], 1e-6f, "main at " + i);
        }
        // the return's mute silences the wedge send too (after its 20 ms ramp)
        t.set("fxret/2/on", false);
        t.in[0][0] = 1f;
        for (int k = 0; k < 20; k++) {
            t.engine.process(t.in, t.out, t.period);
            java.util.Arrays.fill(t.in[0], 0f);
            if (k > 16) for (float v : t.out[t.output("bus1")]) assertEquals(0f, v, 0f);
        }
    }

    @Test
    void theReturnFollowsItsDcaAndMuteGroup() {
        TestConsole t = new TestConsole(Layout.of(1, 0, 0, 0).withFx(1), 64, s -> {
            set(s, "ch/1/main", false);
            set(s, "ch/1/fx/1/level", 0.0);
            set(s, "fx/1/type", "chorus");
            set(s, "fx/1/chorus/mix", 0.0); // the dry share only: the return is the send
            set(s, "fxret/1/dca/3", true);
            set(s, "fxret/1/mutegroup/2", true);
            set(s, "dca/3/fader", -20.0);
        });
        t.runDc(0.5f, 40);
        float expected = 0.5f * (float) Math.sqrt(0.5) * 0.1f;
        assertEquals(expected, t.last("main_L"), 1e-4f, "DC × centred send pan × DCA −20 dB (balance centred: unity)");
        t.set("mutegroup/2/on", true);
        t.runDc(0.5f, 40);
        assertEquals(0f, t.last("main_L"), 0f);
    }

    @Test
    void aSoloedReturnIsWhatTheMonitorCarriesPflBeforeItsFaderAflAfter() {
        TestConsole t = new TestConsole(Layout.of(2, 0, 0, 0).withFx(1), 64, s -> {
            set(s, "ch/1/fx/1/level", 0.0);
            set(s, "fx/1/type", "chorus");
            set(s, "fx/1/chorus/mix", 0.0); // the dry share only: the return is the send
            set(s, "fxret/1/fader", -90.0);
            set(s, "fxret/1/solo", true);
        });
        float send = 0.5f * (float) Math.sqrt(0.5); // DC 0.5, a centred mono send into the stereo FX bus
        t.runDc(0.5f, 40);
        assertEquals(send, t.last("mon_L"), 1e-5f, "PFL: the return before its fader (which is off)");
        assertEquals(send, t.last("mon_R"), 1e-5f);
        t.set("monitor/mode", "afl");
        t.runDc(0.5f, 40);
        assertEquals(0f, t.last("mon_L"), 0f, "AFL: after the fader, which is off");
        t.set("fxret/1/fader", -6.0);
        t.set("fxret/1/balance", 1.0);
        t.runDc(0.5f, 40);
        assertEquals(0f, t.last("mon_L"), 1e-6f, "balance hard right");
        assertEquals(send * 0.5011872f, t.last("mon_R"), 1e-5f, "−6 dB");
        t.set("fxret/1/solo", false);
        t.runDc(0.5f, 40);
        assertEquals(t.last("main_R"), t.last("mon_R"), 0f, "nothing soloed: the monitor is the main mix again");
    }

    @Test
    void theReturnIsMeteredAfterItsFaderAfterTheLoudnessBlock() {
        TestConsole t = new TestConsole(Layout.of(1, 0, 1, 0).withFx(2), 64, s -> {
            set(s, "ch/1/fx/2/level", 0.0);
            set(s, "fx/2/type", "chorus");
            set(s, "fx/2/chorus/mix", 0.0); // the return is the send
            set(s, "fxret/2/fader", -6.0);
        });
        MeterBank bank = t.engine.meters();
        assertEquals(2, bank.fx());
        assertEquals(bank.loudnessBase() + MeterBank.LOUD_FIELDS, bank.fxBase(0), "after the loudness block: nothing else moved");
        assertEquals(bank.stagesBase(), bank.fxBase(2), "the main chain's stages after the returns");
        assertEquals(bank.automixBase(), bank.stagesBase() + MeterBank.STAGE_FIELDS, "the stages last but the automix block");
        assertEquals(bank.size(), bank.automixBase() + bank.channels() * MeterBank.AUTOMIX_FIELDS);
        t.runDc(0.5f, 1200); // 1.6 s: the RMS's ballistics settle too
        float[] v = new float[bank.size()];
        bank.read(v);
        float expected = 0.5f * (float) Math.sqrt(0.5) * 0.5011872f;
        assertEquals(expected, v[bank.fxBase(1) + MeterBank.BUS_PEAK_L], 1e-4f, "FX 2's return after its fader");
        assertEquals(expected, v[bank.fxBase(1) + MeterBank.BUS_RMS_R], 0.02f * expected);
        assertEquals(0f, v[bank.fxBase(0) + MeterBank.BUS_PEAK_L], 0f, "FX 1 is off");
        t.set("ch/1/fx/2/level", -90.0);
        t.runDc(0.5f, 2000); // the chorus's tail, then 20 dB/s for the peak
        bank.read(v);
        assertTrue(v[bank.fxBase(1) + MeterBank.BUS_PEAK_L] < 1e-3f, "falls once nothing is sent: " + v[bank.fxBase(1) + MeterBank.BUS_PEAK_L]);
    }

    @Test
    void aReturnReachingFullScaleLatchesItsOverUntilClearedByItselfOrByAll() {
        TestConsole t = new TestConsole(Layout.of(1, 0, 1, 0).withFx(2), 64, s -> {
            for (int k = 1; k <= 2; k++) {
                set(s, "ch/1/fx/" + k + "/level", 0.0);
                set(s, "fx/" + k + "/type", "chorus");
                set(s, "fx/" + k + "/chorus/mix", 0.0); // the return is the send
            }
            set(s, "fxret/1/fader", 6.0); // 0.8 in, +6 dB: over full scale
            set(s, "fxret/2/fader", -20.0); // well under it
        });
        MeterBank bank = t.engine.meters();
        float[] v = new float[bank.size()];
        t.runDc(0.8f, 50);
        t.runDc(0f, 50);
        bank.read(v);
        assertEquals(1f, v[bank.fxBase(0) + MeterBank.BUS_OVER], "return 1 went over and stays latched in silence");
        assertEquals(0f, v[bank.fxBase(1) + MeterBank.BUS_OVER], "return 2 never did");
        bank.requestClipReset(bank.fxTarget(1)); // another return's target leaves it
        t.runDc(0f, 1);
        bank.read(v);
        assertEquals(1f, v[bank.fxBase(0) + MeterBank.BUS_OVER]);
        bank.requestClipReset(bank.fxTarget(0));
        t.runDc(0f, 1);
        bank.read(v);
        assertEquals(0f, v[bank.fxBase(0) + MeterBank.BUS_OVER], "its own target clears it");
        t.runDc(0.8f, 50);
        t.engine.command(EngineCommand.RESET_CLIPS);
        t.runDc(0f, 2);
        bank.read(v);
        assertEquals(0f, v[bank.fxBase(0) + MeterBank.BUS_OVER], "reset of all clips clears the returns too");
    }

    @Test
    void anAuxBusSendsToAnFxSlotOneSubBlockLater() {
        // a stereo wedge mix into a delay: the bus output reaches the FX send bus 32 frames later,
        // whatever the period (48 frames: sub-blocks of 32 and 16)
        TestConsole t = new TestConsole(Layout.of(1, 0, 0, 1).withFx(1), 48, s -> {
            set(s, "ch/1/main", false);
            set(s, "ch/1/send/1/level", 0.0);
            set(s, "ch/1/send/1/pan", -1.0);
            set(s, "bus/1/fx/1/level", 0.0);
            set(s, "fx/1/type", "delay");
            set(s, "fx/1/delay/time", 10.0);
            set(s, "fx/1/delay/feedback", 0.0);
            set(s, "fx/1/delay/lowcut", 20.0);
            set(s, "fx/1/delay/highcut", 20000.0);
        });
        int cycles = 30, n = cycles * 48;
        float[] mainL = new float[n], mainR = new float[n];
        for (int k = 0; k < cycles; k++) {
            java.util.Arrays.fill(t.in[0], 0f);
            if (k == 1) t.in[0][5] = 1f; // at frame 53
            t.engine.process(t.in, t.out, t.period);
            System.arraycopy(t.out[t.output("main_L")], 0, mainL, k * 48, 48);
            System.arraycopy(t.out[t.output("main_R")], 0, mainR, k * 48, 48);
        }
        int at = 53 + 32 + 480;
        for (int i = 0; i < n; i++) {
            assertEquals(i == at ? 1f : 0f, mainL[i], 1e-6f, "main L at " + i);
            assertEquals(0f, mainR[i], 1e-6f, "main R at " + i);
        }
        // switched off: nothing more reaches the slot (after the 20 ms ramp)
        t.set("bus/1/fx/1/on", false);
        t.runDc(0.25f, 60);
        for (float v : t.out[t.output("main_L")]) assertEquals(0f, v, 0f);
    }

    @Test
    void aChannelInTheSecondStripGroupReachesTheFxSlot() {
        // 16 channels in two groups: channel 16 is in group B, whose sums are merged into group A's
        ConsoleState s = new ConsoleState(org.jackdesk.config.ParamRegistry.forLayout(Layout.of(16, 0, 0, 0).withFx(1)));
        for (int c = 1; c <= 16; c++) set(s, "ch/" + c + "/main", false);
        set(s, "ch/16/fx/1/level", 0.0);
        set(s, "fx/1/type", "delay");
        set(s, "fx/1/delay/time", 5.0);
        set(s, "fx/1/delay/feedback", 0.0);
        set(s, "fx/1/delay/lowcut", 20.0);
        set(s, "fx/1/delay/highcut", 20000.0);
        try (Engine e = new Engine(s.registry(), 48000f, s.copyValues(), new Engine.Threading(2, false))) {
            float[][] in = new float[16][64], out = new float[e.outputPortNames().size()][64];
            int mainL = e.outputPortNames().indexOf("main_L");
            float[] heard = new float[64 * 8];
            for (int k = 0; k < 8; k++) {
                for (float[] b : in) java.util.Arrays.fill(b, 0f);
                if (k == 0) in[15][0] = 1f;
                e.process(in, out, 64);
                System.arraycopy(out[mainL], 0, heard, k * 64, 64);
            }
            for (int i = 0; i < heard.length; i++) assertEquals(i == 240 ? (float) Math.sqrt(0.5) : 0f, heard[i], 1e-6f, "main L at " + i);
        }
    }

    /**
     * The engine times its stages (CycleStages) for the slow-callback record: the three timed stages
     * fit in the whole call, and the FX stage is where a running hall's work shows: with the send at
     * −∞ the slot sleeps and the stage is a few loop turns; sent to, the stage carries the reverb.
     */
    @Test
    void theCycleStagesAreTimedAndTheFxStageCarriesTheEffect() {
        TestConsole t = new TestConsole(BASE.withFx(1), 64, s -> set(s, "fx/1/type", "hall"));
        long[] st = new long[CycleStages.COUNT];
        long asleep = medianFxStage(t, st, 2000);
        assertTrue(st[CycleStages.PROCESS] > 0, "process timed");
        assertTrue(st[CycleStages.STRIPS] + st[CycleStages.FX] + st[CycleStages.BUSES] <= st[CycleStages.PROCESS],
                java.util.Arrays.toString(st));
        t.set("ch/1/fx/1/level", 0.0);
        long running = medianFxStage(t, st, 2000);
        assertTrue(running > 4 * asleep + 1_000, "fx stage with the hall running " + running + " ns vs asleep " + asleep + " ns");
        long[] none = {7, 7, 7, 7};
        AudioProcessor silent = (in, out, n) -> { };
        silent.cycleStages(none);
        assertEquals("[0, 0, 0, 0]", java.util.Arrays.toString(none), "a processor that times nothing reports zeros");
    }

    /** Runs {@code cycles} cycles of noise and returns the median FX stage time of the last half. */
    private static long medianFxStage(TestConsole t, long[] st, int cycles) {
        long[] fx = new long[cycles / 2];
        SplittableRandom r = new SplittableRandom(5);
        for (int k = 0; k < cycles; k++) {
            for (float[] b : t.in) for (int i = 0; i < b.length; i++) b[i] = (float) (r.nextDouble() - 0.5);
            t.engine.process(t.in, t.out, t.period);
            t.engine.cycleStages(st);
            if (k >= cycles / 2) fx[k - cycles / 2] = st[CycleStages.FX];
        }
        java.util.Arrays.sort(fx);
        return fx[fx.length / 2];
    }
}
