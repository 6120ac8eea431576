package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jackdesk.config.Layout;
import org.jackdesk.engine.rta.RtaAnalyzer;
import org.jackdesk.engine.rta.RtaTap;
import org.junit.jupiter.api.Test;

/**
 * The analyser's channel EQ taps (issue 21: "RTA of any channel, pre- or post-EQ"): what enters and
 * what leaves a strip's EQ, as the engineer sees it behind the EQ curve; and a tap changes nothing
 * the console outputs.
 */
class RtaEqTapTest {
    private static final int FS = 48000, PERIOD = 64;

    /** Plays a 1 kHz sine of amplitude {@code a} into every input for {@code seconds}. */
    private static void playSine(TestConsole t, double a, double seconds, long[] phase) {
        for (int c = 0; c < (int) (seconds * FS / PERIOD); c++) {
            for (int i = 0; i < PERIOD; i++) {
                float v = (float) (a * Math.sin(2 * Math.PI * 1000.0 * (phase[0] + i) / FS));
                for (float[] in : t.in) in[i] = v;
            }
            phase[0] += PERIOD;
            t.engine.process(t.in, t.out, PERIOD);
        }
    }

    private static float read1k(RtaTap tap, int slot) {
        RtaAnalyzer a = new RtaAnalyzer(FS, 3);
        assertTrue(a.frame(tap, slot, 0), "slot " + slot + " has samples");
        for (int b = 0; b < a.bands(); b++) if (Math.abs(a.centreHz(b) - 1000) < 1) return a.levelsDb()[b];
        throw new AssertionError("no 1 kHz band");
    }

    @Test
    void preEqReadsTheSignalAfterTrimAndPostEqTheBoostAtTheBandsCentre() {
        for (boolean stereo : new boolean[] {false, true}) {
            TestConsole t = new TestConsole(stereo ? Layout.of(0, 1, 0, 0) : Layout.of(1, 0, 0, 0), PERIOD);
            t.set("ch/1/trim", 6.0);
            t.set("ch/1/eq/on", true);
            t.set("ch/1/eq/2/freq", 1000.0);
            t.set("ch/1/eq/2/gain", 12.0);
            t.set("ch/1/eq/2/q", 1.0);
            RtaTap tap = t.engine.rta();
            tap.setSource(0, RtaTap.channel(0));
            tap.setSource(1, RtaTap.channelPreEq(0));
            tap.setSource(2, RtaTap.channelPostEq(0));
            playSine(t, 0.1, 0.5, new long[1]); // −20 dBFS
            String what = stereo ? "stereo channel: " : "mono channel: ";
            assertEquals(-20.0, read1k(tap, 0), 0.5, what + "the input, before the strip");
            assertEquals(-14.0, read1k(tap, 1), 0.5, what + "entering the EQ: the input + 6 dB trim");
            assertEquals(-2.0, read1k(tap, 2), 0.5, what + "leaving the EQ: + 12 dB at the band's centre");
        }
    }

    @Test
    void aSleepingStripHandsItsTrimmedSignalOverAsBothAndAStopsWhenNobodyLooks() {
        TestConsole t = new TestConsole(Layout.of(2, 0, 0, 0), PERIOD);
        t.set("ch/2/trim", -6.0);
        RtaTap tap = t.engine.rta();
        tap.setSource(4, RtaTap.channelPreEq(1));
        tap.setSource(5, RtaTap.channelPostEq(1));
        playSine(t, 0.1, 0.5, new long[1]);
        assertEquals(-26.0, read1k(tap, 4), 0.5, "EQ off: its input");
        assertEquals(-26.0, read1k(tap, 5), 0.5, "EQ off: its output is its input");
        long written = tap.written(5);
        tap.setSource(5, RtaTap.OFF);
        playSine(t, 0.1, 0.1, new long[1]);
        assertEquals(written, tap.written(5), "a slot nobody looks at is not written");
    }

    @Test
    void tappingAStripsEqChangesNoSampleTheConsoleOutputs() {
        // Two consoles fed the same, one with every strip's EQ analysed: asleep and processing
        // strips, mono and stereo, at rest and moving, on their fused and general paths.
        Layout layout = Layout.of(6, 2, 2, 0);
        TestConsole a = new TestConsole(layout, PERIOD), b = new TestConsole(layout, PERIOD);
        for (TestConsole t : new TestConsole[] {a, b}) {
            t.set("ch/2/eq/on", true);
            t.set("ch/2/eq/3/gain", 6.0);
            t.set("ch/3/comp/on", true);
            t.set("ch/7/eq/on", true);
            t.set("ch/4/send/1/level", -6.0);
            t.set("ch/5/fader", -12.0);
        }
        for (int c = 0; c < 8; c++) a.engine.rta().setSource(c, c % 2 == 0 ? RtaTap.channelPreEq(c) : RtaTap.channelPostEq(c));
        java.util.SplittableRandom r = new java.util.SplittableRandom(21);
        for (int cycle = 0; cycle < 2000; cycle++) {
            if (cycle == 500) for (TestConsole t : new TestConsole[] {a, b}) t.set("ch/5/fader", -3.0); // ramps, then rest again
            for (int ch = 0; ch < a.in.length; ch++) {
                for (int i = 0; i < PERIOD; i++) a.in[ch][i] = b.in[ch][i] = (float) (0.2 * (r.nextDouble() - 0.5));
            }
            a.engine.process(a.in, a.out, PERIOD);
            b.engine.process(b.in, b.out, PERIOD);
            for (int o = 0; o < a.out.length; o++) assertArrayEquals(b.out[o], a.out[o], "output " + o + ", cycle " + cycle);
        }
        assertTrue(a.engine.rta().written(0) >= 2000L * PERIOD);
    }

    @Test
    void anFxReturnIsAnalysedAfterItsEqAsTheMainHearsItAndSilentWhileItsUnitSleeps() {
        TestConsole t = new TestConsole(Layout.of(1, 0, 0, 0).withFx(2), PERIOD);
        t.set("ch/1/main", false); // the main hears the return only
        t.set("ch/1/fx/1/level", 0.0);
        t.set("fx/1/type", "delay");
        t.set("fx/1/delay/time", 5.0);
        t.set("fx/1/delay/feedback", 0.0);
        RtaTap tap = t.engine.rta();
        tap.setSource(0, RtaTap.fxReturn(0));
        tap.setSource(1, RtaTap.main());
        tap.setSource(2, RtaTap.fxReturn(1)); // slot 2 has no type: its unit sleeps
        assertTrue(tap.valid(RtaTap.fxReturn(1)) && !tap.valid(RtaTap.fxReturn(2)), "two returns on this layout");
        playSine(t, 0.1, 1.0, new long[1]);
        float ret = read1k(tap, 0), main = read1k(tap, 1);
        assertTrue(ret > -40, "the delay's return carries the sine: " + ret);
        assertEquals(main, ret, 0.5, "the return at 0 dB, centred, is what the main hears");
        assertTrue(read1k(tap, 2) <= -130, "a sleeping unit's return is silence: " + read1k(tap, 2));
    }
}
