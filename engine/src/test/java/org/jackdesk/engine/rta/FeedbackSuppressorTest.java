package org.jackdesk.engine.rta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.jackdesk.engine.dsp.Biquad;
import org.jackdesk.engine.dsp.NotchBank;
import org.jackdesk.engine.dsp.Rbj;
import org.jackdesk.engine.jack.DemoSignal;
import org.junit.jupiter.api.Test;

/**
 * The feedback suppressor's detector, decisions and notches on a simulated acoustic loop, offline:
 * a bus (its notch bank, then the PA's limit: a soft clip at full scale) whose output returns to its
 * input through a 10 ms delay and a room with a +12 dB resonance at 1 kHz, at −10 dB elsewhere: the
 * loop gain is +2 dB at 1 kHz and the system howls there. The detector sees the bus output every
 * 1024 samples, as the engine's tap would hand it over. (Not yet the engine's own render: the
 * suppressor is not wired into the engine, see docs/assistants.md.)
 */
class FeedbackSuppressorTest {
    private static final float FS = 48000f;
    private static final int BLOCK = 64, HOP = 1024;
    private static final double HOWL_HZ = 1000;

    /** What a run measured. */
    record Run(double[] levelDbPerSecond, double firstNotchS, FeedbackSuppressor fbs) {}

    /**
     * {@code seconds} of the loop ({@code loop} false: no feedback path) in {@code mode}, excited by
     * room noise at −60 dBFS, or by the demo programme mixed to one bus ({@code demo}).
     */
    static Run run(FeedbackSuppressor.Mode mode, boolean loop, boolean demo, double seconds) {
        FeedbackSuppressor fbs = new FeedbackSuppressor(FS);
        fbs.mode(mode);
        NotchBank bank = new NotchBank(1);
        bank.prepare(FS, BLOCK);
        Biquad room = new Biquad();
        double[] c = new double[5];
        Rbj.peaking(FS, HOWL_HZ, 12, 8, c);
        room.setCoefficients(c);
        double g0 = Math.pow(10, -10 / 20.0);
        int delay = 480; // 10 ms: 10 periods of 1 kHz, so the loop's phase is 0 at the resonance
        float[] ring = new float[8192];
        float[] window = new float[FeedbackDetector.FFT_SIZE];
        int wpos = 0;
        long t = 0;
        SplittableRandom noise = new SplittableRandom(3);
        DemoSignal prog = demo ? DemoSignal.forMix(FS, 5) : null;
        float[][] progBufs = new float[5][BLOCK];
        float[][] buf = new float[1][BLOCK];
        int secs = (int) Math.ceil(seconds);
        double[] sumSq = new double[secs];
        double firstNotch = Double.NaN;
        long total = (long) (seconds * FS);
        for (long s0 = 0; s0 < total; s0 += BLOCK) {
            if (demo) prog.generate(progBufs, BLOCK);
            for (int i = 0; i < BLOCK; i++) {
                double x = demo ? progBufs[0][i] + progBufs[1][i] + progBufs[2][i] + progBufs[3][i] + progBufs[4][i]
                        : (noise.nextDouble() * 2 - 1) * 0.001 * Math.sqrt(3);
                double fb = loop ? g0 * room.tick(ring[(int) ((t + i - delay) & 8191)]) : 0;
                buf[0][i] = (float) (x + fb);
            }
            room.sanitize();
            bank.process(buf, 0, BLOCK);
            for (int i = 0; i < BLOCK; i++) {
                float y = (float) Math.tanh(buf[0][i]); // the PA's limit
                ring[(int) ((t + i) & 8191)] = y;
                window[wpos++ % window.length] = y;
                sumSq[(int) ((t + i) / FS)] += y * y;
            }
            t += BLOCK;
            if (t % HOP == 0 && t >= window.length) {
                float[] ordered = new float[window.length];
                int start = wpos % window.length;
                for (int i = 0; i < window.length; i++) ordered[i] = window[(start + i) % window.length];
                fbs.frame(ordered, t / (double) FS);
                fbs.applyTo(bank);
                if (Double.isNaN(firstNotch) && fbs.notches() > 0) firstNotch = t / (double) FS;
            }
        }
        double[] db = new double[secs];
        for (int s = 0; s < secs; s++) db[s] = 10 * Math.log10(sumSq[s] / FS + 1e-30);
        return new Run(db, firstNotch, fbs);
    }

    @Test
    void theLoopHowlsWithoutSuppression() {
        Run r = run(FeedbackSuppressor.Mode.OFF, true, false, 3);
        assertTrue(r.levelDbPerSecond()[2] > -6, "the loop howls near full scale: " + r.levelDbPerSecond()[2] + " dBFS");
        Run quiet = run(FeedbackSuppressor.Mode.OFF, false, false, 3);
        assertTrue(quiet.levelDbPerSecond()[2] < -55, "without the loop only the room noise: " + quiet.levelDbPerSecond()[2]);
    }

    @Test
    void autoNotchesTheHowlWithinOneSecondAndTheLoopStaysStableFor60Seconds() {
        Run r = run(FeedbackSuppressor.Mode.AUTO, true, false, 61);
        assertTrue(r.firstNotchS() < 1.0, "the first notch after " + r.firstNotchS() + " s");
        FeedbackSuppressor.LogEntry first = r.fbs().log().get(0);
        assertEquals("notched", first.what());
        assertTrue(Math.abs(Math.log(first.freqHz() / HOWL_HZ) / Math.log(2)) < 1.0 / 12, "notched at " + first.freqHz() + " Hz");
        double[] db = r.levelDbPerSecond();
        for (int s = 1; s < db.length; s++) assertTrue(db[s] < -40, "second " + s + " stays quiet: " + db[s] + " dBFS");
        assertTrue(r.fbs().notches() <= 2, "at most the notches needed: " + r.fbs().notches() + ", log " + r.fbs().log());
    }

    @Test
    void theDemoProgrammeWithoutFeedbackGetsNoNotchIn60Seconds() {
        Run r = run(FeedbackSuppressor.Mode.AUTO, false, true, 60);
        // false positives, counted and reported
        assertEquals(0, r.fbs().notches(), "false notches on the demo: " + r.fbs().log());
        assertTrue(r.levelDbPerSecond()[30] > -40, "the programme plays: " + r.levelDbPerSecond()[30] + " dBFS");
    }

    @Test
    void suggestProposesTheHowlWithinATwelfthOfAnOctaveAndPlacesNothing() {
        Run r = run(FeedbackSuppressor.Mode.SUGGEST, true, false, 2);
        assertEquals(0, r.fbs().notches(), "suggest places no notch");
        assertFalse(r.fbs().suggestions().isEmpty(), "a suggestion");
        double f = r.fbs().suggestions().get(0);
        assertTrue(Math.abs(Math.log(f / HOWL_HZ) / Math.log(2)) < 1.0 / 12, "suggested " + f + " Hz");
        assertTrue(r.levelDbPerSecond()[1] > -6, "and the loop still howls");
    }
}
