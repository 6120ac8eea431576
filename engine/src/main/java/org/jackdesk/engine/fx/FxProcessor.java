package org.jackdesk.engine.fx;

import org.jackdesk.engine.dsp.Dsp;

/**
 * One FX slot's effect: every algorithm built and prepared up front (hall, room, plate, delay,
 * chorus), one of them running. A type change crossfades over {@link #FADE_MS} from the running
 * unit to the newly chosen one, which starts from silence; the unit faded out is then cleared, so
 * every idle unit is clean. Nothing is allocated after {@link #prepare}.
 *
 * <p><b>Sleep.</b> A unit whose input has been silent (exactly 0) for longer than its tail
 * ({@link FxUnit#tailSamples}, at least 150 dB below the last input) is cleared and skipped until
 * a non-zero sample arrives; {@link #process} then returns false and its output is silence. So a
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

    private final FxUnit[] units = {FdnReverb.hall(), FdnReverb.room(), new PlateReverb(), new StereoDelay(), new Chorus()};
    private final FxParams params = new FxParams();
    /** Units that processed since they were last cleared: only those need clearing (their lines are megabytes). */
    private final boolean[] used = new boolean[5];
    private float[][] in = new float[2][1];
    private final float[][] out = new float[2][];
    private float[] tmpL = new float[1], tmpR = new float[1];

    private int type;
    /** The type fading out (0: none), its gain falling as the new one's rises. */
    private int fadingOut;
    private int fadePos, fadeSamples = 1;
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
        fadeSamples = Math.max(1, Math.round(FADE_MS * 0.001f * sampleRate));
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
        fadePos = snap ? fadeSamples : 0;
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
        if (fadingOut == 0 && fadePos >= fadeSamples) {
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

    /** The type change's fade: new unit up, old unit down, linearly over {@link #FADE_MS}. */
    private void crossfade(float[] il, float[] ir, float[] ol, float[] or, int m) {
        int p0 = fadePos;
        if (type != OFF) {
            used[type - 1] = true;
            units[type - 1].process(il, ir, ol, or, m);
            for (int i = 0; i < m; i++) {
                float g = Math.min(1f, (float) (p0 + i + 1) / fadeSamples);
                ol[i] *= g;
                or[i] *= g;
            }
        } else {
            java.util.Arrays.fill(ol, 0, m, 0f);
            java.util.Arrays.fill(or, 0, m, 0f);
        }
        if (fadingOut != 0) {
            used[fadingOut - 1] = true;
            units[fadingOut - 1].process(il, ir, tmpL, tmpR, m);
            for (int i = 0; i < m; i++) {
                float g = Math.max(0f, 1f - (float) (p0 + i + 1) / fadeSamples);
                ol[i] += g * tmpL[i];
                or[i] += g * tmpR[i];
            }
        }
        fadePos = p0 + m;
        if (fadePos >= fadeSamples) {
            if (fadingOut != 0) clear(fadingOut);
            fadingOut = 0;
            fadePos = fadeSamples;
        }
    }

    /** Clears unit {@code t} (a type, 1-based) if it processed since it was last cleared. */
    private void clear(int t) {
        if (!used[t - 1]) return;
        units[t - 1].reset();
        used[t - 1] = false;
    }

    /** Clears every unit's signal state that is not clean already; keeps the settings. Thread: audio. */
    public void reset() {
        for (int t = HALL; t <= CHORUS; t++) clear(t);
        fadingOut = 0;
        fadePos = fadeSamples;
        asleep = true;
        silentFor = 0;
    }

    /** The delay's read position in samples (tests of its glide). */
    double delaySamples() {
        return ((StereoDelay) units[DELAY - 1]).delaySamples();
    }
}
