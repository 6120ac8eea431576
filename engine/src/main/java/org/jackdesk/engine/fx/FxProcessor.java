package org.jackdesk.engine.fx;

import org.jackdesk.engine.dsp.Crossfade;
import org.jackdesk.engine.dsp.Dsp;
import org.jackdesk.engine.dsp.Ramp;

/**
 * One FX slot's effect: every algorithm built and prepared up front (hall, room, plate, delay,
 * chorus), one of them running. A type change crossfades over {@link #FADE_MS} from the running
 * unit to the newly chosen one, which starts from silence, with the engine's one fade ({@link
 * Ramp} into {@link Crossfade}, as every bypass); the unit faded out is then cleared, so every idle
 * unit is clean. Nothing is allocated after {@link #prepare}.
 *
 * <p><b>Clearing is spread over sub-blocks.</b> A unit's lines are up to megabytes (the delay's
 * 3 s, 2 MB at 48 kHz); zeroing them in one sub-block would be a spike of work on the audio
 * thread. A clear (sleep, type change, fault, {@link #reset}) resets the unit's small state at
 * once and zeroes its lines {@link #CLEAR_SAMPLES} samples per {@link #process} call at most (all
 * units of the slot together), continuing whatever the slot does meanwhile. A unit being cleared
 * does not run: as the running unit its output is silence (its input is dropped) until its memory
 * is clean; as the unit a type change fades to, the unit fading out keeps playing until it is clean
 * and the fade starts then. So a woken unit never plays a stale sample.
 *
 * <p><b>Sleep.</b> A unit whose input has been silent (exactly 0) for longer than its tail
 * ({@link FxUnit#tailSamples}, at least 150 dB below the last input) is cleared and skipped until
 * a non-zero sample arrives (and its memory is clean); {@link #process} then returns false and its output is silence. So a
 * slot whose sends are all at −∞ costs nothing and adds nothing.
 *
 * <p><b>Faults.</b> A sub-block of input with a non-finite or absurd sample ({@link
 * Dsp#FAULT_LEVEL}) is replaced by silence; an output sub-block with one clears the running units
 * and is silenced: the effect recovers at once and nothing non-finite leaves it.
 *
 * <p>Thread: the constructor and {@link #prepare} off the audio thread; everything else audio.
 */
public final class FxProcessor {
    /** Types as in {@code Params.FX_TYPES}: 0 off, then hall, room, plate, delay, chorus. */
    public static final int OFF = 0, HALL = 1, ROOM = 2, PLATE = 3, DELAY = 4, CHORUS = 5;
    static final float FADE_MS = 50f;
    /** Samples zeroed per {@link #process} call (a sub-block) at most: 16 KB, about 1 µs. */
    static final int CLEAR_SAMPLES = 4096;

    private final FxUnit[] units = {FdnReverb.hall(), FdnReverb.room(), new PlateReverb(), new StereoDelay(), new Chorus()};
    private final FxParams params = new FxParams();
    /** Units that processed since they were last cleared: only those need clearing (their lines are megabytes). */
    private final boolean[] used = new boolean[5];
    /** Units whose lines are being zeroed (never running meanwhile), and where the zeroing is. */
    private final boolean[] cleaning = new boolean[5];
    private final int[] cleanLine = new int[5], cleanPos = new int[5];
    private int clearWork;
    private float[][] in = new float[2][1];
    private final float[][] out = new float[2][];
    private float[] tmpL = new float[1], tmpR = new float[1];

    private int type;
    /** The type fading out (0: none), its gain falling as the new one's rises. */
    private int fadingOut;
    /** The type change's fade: 0 the unit fading out, 1 the running one; at rest at 1. */
    private final Ramp fade = new Ramp(FADE_MS, 1f);
    private long silentFor;
    private boolean asleep = true;
    private long faults;

    /** Allocates every algorithm's memory for {@code sampleRate}. Thread: not the audio thread. */
    public void prepare(float sampleRate, int maxFrames) {
        for (FxUnit u : units) {
            u.set(params);
            u.prepare(sampleRate);
        }
        in = new float[2][maxFrames];
        out[0] = new float[maxFrames];
        out[1] = new float[maxFrames];
        tmpL = new float[maxFrames];
        tmpR = new float[maxFrames];
        fade.prepare(sampleRate);
        fade.snap(1f);
        java.util.Arrays.fill(used, false); // freshly allocated lines are clean
        java.util.Arrays.fill(cleaning, false);
    }

    /** The settings every unit reads: fill, then call {@link #apply}. Thread: audio. */
    public FxParams params() {
        return params;
    }

    /** Hands the settings to every unit (so a switch finds them current). Thread: audio. */
    public void apply() {
        for (FxUnit u : units) u.set(params);
    }

    /**
     * Chooses the running algorithm; a change crossfades ({@code snap}: at once, a freshly built
     * engine). Thread: audio.
     */
    public void setType(int t, boolean snap) {
        if (t < OFF || t > CHORUS) t = OFF;
        if (t == type) return;
        if (fadingOut != 0) clear(fadingOut); // a third change within a fade: drop the oldest
        fadingOut = snap ? 0 : type;
        if (snap && type != OFF) clear(type);
        type = t;
        fade.snap(snap ? 1f : 0f);
        fade.setTarget(1f);
    }

    public int type() {
        return type;
    }

    /** The input sums (left, right) the slot's send bus fills for a sub-block. */
    public float[][] input() {
        return in;
    }

    /** This sub-block's output (left, right), valid after {@link #process} returned true. */
    public float[][] output() {
        return out;
    }

    /** Sub-blocks whose output was non-finite and silenced since start. Thread: any (approximate). */
    public long faults() {
        return faults;
    }

    /** True while nothing runs (off, or asleep after its tail). */
    public boolean idle() {
        return (type == OFF && fadingOut == 0) || asleep;
    }

    /**
     * Runs {@code m} frames of {@link #input()} through the running unit(s) into {@link #output()}.
     * Returns false, touching nothing, when the slot is off or asleep: its output is silence.
     * Thread: audio.
     */
    public boolean process(int m) {
        cleanSome();
        if (type == OFF && fadingOut == 0) return false;
        float[] il = in[0], ir = in[1];
        if (!Dsp.sanitize(in, 2, 0, m)) faults++;
        boolean any = false;
        for (int i = 0; i < m; i++) {
            if (il[i] != 0f || ir[i] != 0f) {
                any = true;
                break;
            }
        }
        if (any) {
            silentFor = 0;
            asleep = false;
        } else {
            if (asleep) return false;
            silentFor += m;
            if (fadingOut == 0 && silentFor > units[type - 1].tailSamples()) {
                clear(type);
                asleep = true;
                return false;
            }
        }
        float[] ol = out[0], or = out[1];
        if (type != OFF && cleaning[type - 1]) {
            // Not clean yet: the unit fading out (if any, and clean) plays on at full, the fade waits.
            if (fadingOut == 0 || cleaning[fadingOut - 1]) return false;
            used[fadingOut - 1] = true;
            units[fadingOut - 1].process(il, ir, ol, or, m);
        } else if (fadingOut == 0 && !fade.isRamping()) {
            used[type - 1] = true;
            units[type - 1].process(il, ir, ol, or, m);
        } else {
            crossfade(il, ir, ol, or, m);
        }
        if (!Dsp.sanitize(out, 2, 0, m)) {
            faults++;
            if (type != OFF) clear(type);
            if (fadingOut != 0) clear(fadingOut);
        }
        return true;
    }

    /** The type change's fade: the old unit's output to the new one's, {@link Crossfade#mix} over {@link #FADE_MS}. */
    private void crossfade(float[] il, float[] ir, float[] ol, float[] or, int m) {
        if (type != OFF) {
            used[type - 1] = true;
            units[type - 1].process(il, ir, ol, or, m);
        } else {
            java.util.Arrays.fill(ol, 0, m, 0f);
            java.util.Arrays.fill(or, 0, m, 0f);
        }
        if (fadingOut != 0 && !cleaning[fadingOut - 1]) {
            used[fadingOut - 1] = true;
            units[fadingOut - 1].process(il, ir, tmpL, tmpR, m);
        } else {
            java.util.Arrays.fill(tmpL, 0, m, 0f);
            java.util.Arrays.fill(tmpR, 0, m, 0f);
        }
        Crossfade.mix(tmpL, 0, ol, 0, ol, 0, m, fade);
        Crossfade.mix(tmpR, 0, or, 0, or, 0, m, fade);
        fade.skip(m);
        if (!fade.isRamping()) {
            if (fadingOut != 0) clear(fadingOut);
            fadingOut = 0;
        }
    }

    /**
     * Starts clearing unit {@code t} (a type, 1-based) if it processed since it was last cleared:
     * its small state now, its lines over the next sub-blocks ({@link #cleanSome}).
     */
    private void clear(int t) {
        if (!used[t - 1]) return;
        units[t - 1].resetState();
        used[t - 1] = false;
        cleaning[t - 1] = true;
        cleanLine[t - 1] = 0;
        cleanPos[t - 1] = 0;
    }

    /** Zeroes at most {@link #CLEAR_SAMPLES} samples of the units being cleared. */
    private void cleanSome() {
        int budget = CLEAR_SAMPLES;
        for (int u = 0; u < cleaning.length && budget > 0; u++) {
            if (!cleaning[u]) continue;
            Line[] lines = units[u].lines();
            int li = cleanLine[u], p = cleanPos[u];
            while (li < lines.length && budget > 0) {
                int k = Math.min(budget, lines[li].length() - p);
                lines[li].clear(p, k);
                p += k;
                budget -= k;
                if (p == lines[li].length()) {
                    li++;
                    p = 0;
                }
            }
            cleanLine[u] = li;
            cleanPos[u] = p;
            if (li == lines.length) cleaning[u] = false;
        }
        clearWork = CLEAR_SAMPLES - budget;
    }

    /** Samples the last {@link #process} call zeroed (tests: the work per sub-block is bounded). */
    int clearWork() {
        return clearWork;
    }

    /** True while unit {@code t} (a type) is being cleared. */
    boolean cleaning(int t) {
        return cleaning[t - 1];
    }

    /** Samples of memory unit {@code t} (a type) holds: the work of clearing it. */
    long memorySamples(int t) {
        long n = 0;
        for (Line l : units[t - 1].lines()) n += l.length();
        return n;
    }

    /**
     * Clears every unit's signal state that is not clean already (the lines over the next
     * sub-blocks, as every clear); keeps the settings. Thread: audio.
     */
    public void reset() {
        for (int t = HALL; t <= CHORUS; t++) clear(t);
        fadingOut = 0;
        fade.snap(1f);
        asleep = true;
        silentFor = 0;
    }

    /** The delay's read position in samples (tests of its glide). */
    double delaySamples() {
        return ((StereoDelay) units[DELAY - 1]).delaySamples();
    }
}
