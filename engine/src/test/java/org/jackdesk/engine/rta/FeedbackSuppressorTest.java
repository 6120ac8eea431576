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
 * 1024 samples, as the engine's tap hands it over. (The same loop through the engine's own render
 * and the console's path, tap → suppressor thread → parameter service → engine: control's
 * FeedbackControlTest.)
 */
class FeedbackSuppressorTest {
    private static final float FS = 48000f;
    private static final int BLOCK = 64, HOP = 1024;
    private static final double HOWL_HZ = 1000;

    /** What a run measured. */
    record Run(double[] levelDbPerSecond, double firstNotchS, FeedbackSuppressor fbs, double[] levelDbPerHop) {}

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
        long total = (long) (seconds * FS);
        double[] hopSq = new double[(int) (total / HOP) + 2];
        double firstNotch = Double.NaN;
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
                hopSq[(int) ((t + i) / HOP)] += y * y;
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
        double[] hop = new double[hopSq.length];
        for (int k = 0; k < hop.length; k++) hop[k] = 10 * Math.log10(hopSq[k] / HOP + 1e-30);
        return new Run(db, firstNotch, fbs, hop);
    }

    /**
     * docs/images/howl-caught.svg, drawn from two renders of the loop (3 s, off and auto): the bus
     * output's level per 1024 samples and where the first notch went in. Written to
     * engine/target/howl-caught.svg; copied into docs by hand when the algorithm changes.
     */
    @Test
    void writesThePlotOfAHowlBeingCaught() throws Exception {
        Run off = run(FeedbackSuppressor.Mode.OFF, true, false, 3);
        Run auto = run(FeedbackSuppressor.Mode.AUTO, true, false, 3);
        int w = 720, h = 320, left = 50, top = 20, pw = w - left - 20, ph = h - top - 40;
        double lo = -80, hi = 5, seconds = 3;
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns='http://www.w3.org/2000/svg' width='").append(w).append("' height='").append(h)
                .append("' font-family='sans-serif' font-size='11'>\n<rect width='100%' height='100%' fill='#14171c'/>\n");
        for (double db = -80; db <= 0; db += 20) {
            double y = top + ph * (hi - db) / (hi - lo);
            b.append(String.format(java.util.Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#333'/><text x='4' y='%.1f' fill='#9aa3ad'>%.0f dBFS</text>%n",
                    left, left + pw, y, y, y + 4, db));
        }
        for (int s = 0; s <= seconds; s++) {
            double x = left + pw * s / seconds;
            b.append(String.format(java.util.Locale.ROOT, "<text x='%.1f' y='%d' fill='#9aa3ad'>%d s</text>%n", x - 6, top + ph + 16, s));
        }
        for (Run r : new Run[] {off, auto}) {
            b.append("<polyline fill='none' stroke-width='1.5' stroke='").append(r == off ? "#e5484d" : "#4ea1ff").append("' points='");
            for (int k = 0; k < r.levelDbPerHop().length; k++) {
                double tS = (k + 0.5) * HOP / FS;
                if (tS > seconds) break;
                double db = Math.max(lo, Math.min(hi, r.levelDbPerHop()[k]));
                b.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f ", left + pw * tS / seconds, top + ph * (hi - db) / (hi - lo)));
            }
            b.append("'/>\n");
        }
        double xn = left + pw * auto.firstNotchS() / seconds;
        b.append(String.format(java.util.Locale.ROOT, "<line x1='%.1f' x2='%.1f' y1='%d' y2='%d' stroke='#f08a24' stroke-dasharray='4 3'/>%n", xn, xn, top, top + ph));
        b.append(String.format(java.util.Locale.ROOT, "<text x='%.1f' y='%d' fill='#f08a24'>notch at %.0f Hz, %.2f s</text>%n",
                xn + 4, top + 12, auto.fbs().log().get(0).freqHz(), auto.firstNotchS()));
        b.append(String.format(java.util.Locale.ROOT, "<text x='%d' y='%d' fill='#e5484d'>suppression off: howls</text>%n", left + pw - 170, top + 30));
        b.append(String.format(java.util.Locale.ROOT, "<text x='%d' y='%d' fill='#4ea1ff'>auto: caught</text>%n", left + pw - 170, top + ph - 10));
        b.append("</svg>\n");
        java.nio.file.Path out = java.nio.file.Path.of("target", "howl-caught.svg");
        java.nio.file.Files.createDirectories(out.getParent());
        java.nio.file.Files.writeString(out, b.toString());
        assertTrue(java.nio.file.Files.size(out) > 1000);
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

    @Test
    void aSteadyToneWhenAutoComesOnAgainDoesNotCountAsGrownFromTheFramesOfItsLastRun() {
        FeedbackSuppressor fbs = new FeedbackSuppressor(FS);
        float[] frame = new float[FeedbackDetector.FFT_SIZE];
        SplittableRandom noise = new SplittableRandom(5);
        fbs.mode(FeedbackSuppressor.Mode.AUTO);
        for (int f = 0; f < 10; f++) { // a quiet room, analysed
            for (int i = 0; i < frame.length; i++) frame[i] = (float) ((noise.nextDouble() * 2 - 1) * 1e-4);
            fbs.frame(frame, f * 0.021);
        }
        fbs.mode(FeedbackSuppressor.Mode.OFF);
        fbs.mode(FeedbackSuppressor.Mode.AUTO); // later: a steady sine at -20 dBFS is playing (a test tone), no loop
        for (int f = 0; f < 20; f++) {
            for (int i = 0; i < frame.length; i++) frame[i] = (float) (0.1 * Math.sin(2 * Math.PI * 1000 * (f * 1024 + i) / FS));
            fbs.frame(frame, 10 + f * 0.021);
        }
        assertEquals(0, fbs.notches(), "a tone that did not grow, notched from frames of the suppressor's last run: " + fbs.log());
    }
}
