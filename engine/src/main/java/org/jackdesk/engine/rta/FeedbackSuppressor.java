package org.jackdesk.engine.rta;

import java.util.ArrayList;
import java.util.List;
import org.jackdesk.engine.dsp.NotchBank;

/**
 * The feedback suppressor's decisions for one bus (docs/assistants.md), off the audio thread: it
 * feeds a {@link FeedbackDetector} and keeps {@link NotchBank#MAX_NOTCHES} notch slots. Modes:
 * {@link Mode#OFF} (nothing), {@link Mode#SUGGEST} (a detection becomes a suggestion the engineer
 * may take with one tap, {@link #take}), {@link Mode#AUTO} (a detection becomes a notch of
 * {@link #FIRST_DEPTH_DB}). A detection at an existing notch (within 1/24 octave) deepens it by
 * {@link #STEP_DB}, at most every {@link #DEEPEN_EVERY_S}, up to {@link #MAX_DEPTH_DB}: the notch is
 * deepened while the tone persists. "Fixed" notches (set while ringing out the system, or turned
 * fixed later) are never reused; when every slot is taken, a new live notch replaces the oldest live
 * one (first in, first out). Every decision is logged with its time, frequency and depth.
 *
 * <p>In the console the notches are the {@code main/fbs/notch/I/…} and {@code bus/N/fbs/notch/I/…}
 * parameters: the control side's feedback service runs one suppressor per bus on the engine's
 * feedback tap, adopts the parameters before each frame ({@link #sync}: a notch cleared, placed,
 * made fixed or recalled by hand or by a scene) and writes back what the frame decided. Offline,
 * tests drive a {@link NotchBank} with it directly ({@link #applyTo}).
 *
 * <p>Thread: confined to its owner (a control or worker thread).
 */
public final class FeedbackSuppressor {
    public enum Mode { OFF, SUGGEST, AUTO }

    /** One decision: {@code what} is notched, deepened, suggested, taken or cleared. */
    public record LogEntry(double timeS, double freqHz, double depthDb, String what) {}

    public static final double FIRST_DEPTH_DB = 6, STEP_DB = 3, MAX_DEPTH_DB = 30, DEEPEN_EVERY_S = 0.1;
    /** A detection this close to a notch or suggestion (in octaves) is the same tone. */
    public static final double SAME_OCT = 1.0 / 24;

    private final FeedbackDetector detector;
    private Mode mode = Mode.OFF;
    private final double[] hz = new double[NotchBank.MAX_NOTCHES], depth = new double[NotchBank.MAX_NOTCHES];
    private final double[] placedS = new double[NotchBank.MAX_NOTCHES], deepenedS = new double[NotchBank.MAX_NOTCHES];
    private final boolean[] fixed = new boolean[NotchBank.MAX_NOTCHES];
    private final List<Double> suggestions = new ArrayList<>();
    private final List<LogEntry> log = new ArrayList<>();

    public FeedbackSuppressor(float sampleRate) {
        detector = new FeedbackDetector(sampleRate);
    }

    /** Switches the mode; the detector starts afresh (tracks and the frames kept), and off forgets the suggestions. */
    public void mode(Mode m) {
        mode = m;
        detector.restart();
        if (m == Mode.OFF) suggestions.clear();
    }

    public Mode mode() {
        return mode;
    }

    /** Analyses the bus's newest {@link FeedbackDetector#FFT_SIZE} samples at {@code timeS}; acts as the mode says. */
    public void frame(float[] samples, double timeS) {
        if (mode == Mode.OFF) return;
        int n = detector.analyse(samples);
        for (int i = 0; i < n; i++) detected(detector.foundHz(i), timeS);
    }

    private void detected(double f, double timeS) {
        int k = notchAt(f);
        if (k >= 0) {
            if (depth[k] < MAX_DEPTH_DB && timeS - deepenedS[k] >= DEEPEN_EVERY_S) {
                depth[k] = Math.min(MAX_DEPTH_DB, depth[k] + STEP_DB);
                deepenedS[k] = timeS;
                log.add(new LogEntry(timeS, hz[k], depth[k], "deepened"));
            }
            return;
        }
        if (mode == Mode.AUTO) {
            place(f, timeS, false, "notched");
        } else {
            for (double s : suggestions) if (Math.abs(Math.log(s / f) / Math.log(2)) < SAME_OCT) return;
            suggestions.add(f);
            log.add(new LogEntry(timeS, f, 0, "suggested"));
        }
    }

    /** The engineer's one tap on a suggestion (or any frequency): a notch there, live. */
    public int take(double f, double timeS) {
        suggestions.removeIf(s -> Math.abs(Math.log(s / f) / Math.log(2)) < SAME_OCT);
        return place(f, timeS, false, "taken");
    }

    private int place(double f, double timeS, boolean fix, String what) {
        int k = -1;
        for (int j = 0; j < hz.length && k < 0; j++) if (depth[j] == 0) k = j;
        if (k < 0) { // every slot taken: the oldest live notch goes
            for (int j = 0; j < hz.length; j++) if (!fixed[j] && (k < 0 || placedS[j] < placedS[k])) k = j;
        }
        if (k < 0) return -1; // twelve fixed notches: nothing more
        hz[k] = f;
        depth[k] = FIRST_DEPTH_DB;
        fixed[k] = fix;
        placedS[k] = timeS;
        deepenedS[k] = timeS;
        log.add(new LogEntry(timeS, f, depth[k], what));
        detector.reset();
        return k;
    }

    private int notchAt(double f) {
        for (int k = 0; k < hz.length; k++) {
            if (depth[k] > 0 && Math.abs(Math.log(hz[k] / f) / Math.log(2)) < SAME_OCT) return k;
        }
        return -1;
    }

    /** Makes notch {@code k} fixed (kept, never reused) or live. */
    public void fixed(int k, boolean on) {
        fixed[k] = on;
    }

    /** Clears notch {@code k}. */
    public void clear(int k, double timeS) {
        if (depth[k] > 0) log.add(new LogEntry(timeS, hz[k], 0, "cleared"));
        depth[k] = 0;
        fixed[k] = false;
    }

    /**
     * Adopts notch {@code k} as the console holds it ({@code depthDb} 0: off): the parameters are the
     * truth, whoever changed them. A notch that stops cutting is logged as cleared; one that starts
     * (set by hand, recalled by a scene) counts as placed at {@code timeS} for first in, first out.
     */
    public void sync(int k, double freqHz, double depthDb, boolean fix, double timeS) {
        double d = Math.max(0, depthDb);
        if (depth[k] > 0 && d == 0) log.add(new LogEntry(timeS, hz[k], 0, "cleared"));
        if (depth[k] == 0 && d > 0) {
            placedS[k] = timeS;
            deepenedS[k] = timeS;
        }
        hz[k] = freqHz;
        depth[k] = d;
        fixed[k] = fix;
    }

    /** Hands every log entry made since the last drain to {@code sink} and forgets them (a long show keeps no growing list here). */
    public void drainLog(java.util.function.Consumer<LogEntry> sink) {
        for (LogEntry e : log) sink.accept(e);
        log.clear();
    }

    public double notchHz(int k) {
        return hz[k];
    }

    public double notchDepthDb(int k) {
        return depth[k];
    }

    public boolean notchFixed(int k) {
        return fixed[k];
    }

    /** Notches set now. */
    public int notches() {
        int n = 0;
        for (double d : depth) if (d > 0) n++;
        return n;
    }

    public List<Double> suggestions() {
        return List.copyOf(suggestions);
    }

    public List<LogEntry> log() {
        return List.copyOf(log);
    }

    /** Hands every slot to {@code bank} (in the engine: the notch parameters). */
    public void applyTo(NotchBank bank) {
        for (int k = 0; k < hz.length; k++) bank.setNotch(k, hz[k] > 0 ? hz[k] : 1000, depth[k]);
    }
}
