package org.jackdesk.engine.play;

import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.dsp.Crossfade;
import org.jackdesk.engine.dsp.Ramp;

/**
 * The engine's input stage for playback (docs/recording.md#playback): at the start of every cycle,
 * before any strip reads its input, each channel whose source is {@code playback} — set by
 * {@code ch/N/source}, or by {@code playback/soundcheck} for a channel with a track in the loaded
 * take that is not {@code ch/N/soundcheck/safe} — gets the take's track instead of what JACK gave.
 * The switch crossfades linearly over {@link #FADE_MS} ms ({@link Ramp} and {@link Crossfade}, as
 * every bypass), so it never clicks. The replacement is in place, in the cycle's input arrays:
 * everything after it (strips, meters, the RTA, the recorder's tap) sees the channel's source.
 *
 * <p>A take is attached by publishing its preallocated {@link PlayRings} through one volatile
 * field (by the {@link Player}) and detached the same way; with none, a channel on playback plays
 * silence (a stopped tape).
 *
 * <p>Thread: {@link #process} and {@link #pull} audio; {@link #attach}, {@link #detach} and
 * {@link #engineClosed} the player (control or worker).
 */
public final class PlaybackTap {
    /** The source switch's crossfade: long enough not to click, short enough to feel instant. */
    public static final float FADE_MS = 20f;

    private volatile PlayRings rings;
    private final int[] firstInput, inputCount;
    private final int[] sSource, sSafe;
    private final int sSoundcheck;
    private final Ramp[] fade;
    private final boolean[] sourcePlayback, safe;
    private boolean soundcheck;

    /** Thread: control or worker (the engine's constructor). */
    public PlaybackTap(ParamRegistry registry, float sampleRate) {
        Layout layout = registry.layout();
        int n = layout.channels().size();
        firstInput = new int[n];
        inputCount = new int[n];
        sSource = new int[n];
        sSafe = new int[n];
        fade = new Ramp[n];
        sourcePlayback = new boolean[n];
        safe = new boolean[n];
        for (int c = 0, in = 0; c < n; c++) {
            firstInput[c] = in;
            inputCount[c] = layout.channels().get(c).stereo() ? 2 : 1;
            in += inputCount[c];
            sSource[c] = registry.slot("ch/" + (c + 1) + "/source");
            sSafe[c] = registry.slot("ch/" + (c + 1) + "/soundcheck/safe");
            fade[c] = new Ramp(FADE_MS, 0f);
            fade[c].prepare(sampleRate);
        }
        sSoundcheck = registry.slot("playback/soundcheck");
    }

    /** Reads the source switches from the targets. Thread: audio (the engine's parameter pull). */
    public void pull(float[] targets) {
        for (int c = 0; c < sSource.length; c++) {
            sourcePlayback[c] = targets[sSource[c]] > 0.5f;
            safe[c] = targets[sSafe[c]] > 0.5f;
        }
        soundcheck = targets[sSoundcheck] > 0.5f;
    }

    /**
     * Takes the cycle's frames from the attached take (if it plays) and puts them into the inputs
     * of every channel on playback, crossfading where a switch is under way. Thread: audio.
     */
    public void process(float[][] inputs, int nframes) {
        PlayRings r = rings;
        int at = 0, got = 0;
        if (r != null) {
            r.take(nframes);
            at = r.cycleAt;
            got = r.cycleFrames;
        }
        for (int c = 0; c < fade.length; c++) {
            boolean playback = sourcePlayback[c] || (soundcheck && !safe[c] && r != null && r.channelHasTrack[c]);
            Ramp f = fade[c];
            f.setTarget(playback ? 1f : 0f);
            boolean moving = f.isRamping();
            if (!moving && f.current() == 0f) continue; // live and at rest: JACK's samples stay
            for (int k = 0; k < inputCount[c]; k++) {
                int i = firstInput[c] + k;
                if (i >= inputs.length || inputs[i] == null) continue;
                int ri = r == null ? -1 : r.inputRing[i];
                float[] src = ri < 0 ? null : r.ring[ri];
                if (moving) {
                    crossfade(src, at, got, r == null ? 0 : r.mask, inputs[i], nframes, f);
                } else {
                    copy(src, at, got, r == null ? 0 : r.capacity, inputs[i], nframes);
                }
            }
            f.skip(nframes);
        }
        if (r != null) r.release(); // copied: the disk thread may refill these slots now
    }

    /** At rest on playback: the ring's frames, then silence for what the cycle did not get. */
    private static void copy(float[] src, int at, int got, int capacity, float[] dst, int nframes) {
        if (src == null || got == 0) {
            java.util.Arrays.fill(dst, 0, nframes, 0f);
            return;
        }
        int first = Math.min(got, capacity - at);
        System.arraycopy(src, at, dst, 0, first);
        System.arraycopy(src, 0, dst, first, got - first);
        if (got < nframes) java.util.Arrays.fill(dst, got, nframes, 0f);
    }

    private static void crossfade(float[] src, int at, int got, int mask, float[] dst, int nframes, Ramp f) {
        for (int j = 0; j < nframes; j++) {
            float wet = src != null && j < got ? src[(at + j) & mask] : 0f;
            dst[j] = Crossfade.at(dst[j], wet, f.peek(j + 1));
        }
    }

    /** Whether a take is attached. Thread: any. */
    public boolean busy() {
        return rings != null;
    }

    synchronized boolean attach(PlayRings r) {
        if (rings != null) return false;
        rings = r;
        return true;
    }

    synchronized void detach(PlayRings r) {
        if (rings == r) rings = null;
    }

    /** The engine is closing (rebuilt or shut down): the take attached to it is unloaded. Thread: any non-audio. */
    public synchronized void engineClosed() {
        PlayRings r = rings;
        if (r != null) r.engineGone = true;
    }
}
