package org.jackdesk.engine.dsp;

import java.util.Arrays;

/**
 * Whole-sample delay of up to 500 ms (alignment, e.g. a mic to a PA or a stage to the desk), one
 * delay for both sides. Delay 0 adds no latency (each sample is written, then read at the same
 * index). A delay change crossfades linearly from the old tap to the new one over 10 ms, so the
 * output step is bounded by the signal's own step plus 2·peak/fadeSamples; a change arriving
 * during a fade is applied when that fade ends (the last value wins).
 *
 * <p>The line is written even while bypassed, so re-enabling fades into a valid delayed signal.
 * Non-finite or faulty input samples ({@link Dsp#FAULT_LEVEL}) are stored as 0.
 *
 * <p>Threads: {@link #setDelayMs} and {@link #setEnabled} from any single thread (picked up at
 * the next sub-block); {@link #prepare} off the audio thread; {@link #process} and
 * {@link #reset} on the audio thread.
 */
public final class DelayLine {
    public static final float MAX_DELAY_MS = 500f;
    private static final float FADE_MS = 10f;

    private final int channels;
    private final BypassFade bypass = new BypassFade();
    private float[][] lines;
    private int mask;
    private int write;
    private int fadeSamples = 1;

    private float delayMs;
    private volatile boolean dirty = true;
    private float sampleRate;

    private int targetDelay;
    private int curDelay;
    private int nextDelay;
    /** Samples done in the current tap fade; -1 when not fading. */
    private int fadePos = -1;

    public DelayLine(int channels) {
        Dsp.checkChannels(channels);
        this.channels = channels;
    }

    /** Allocates a line of at least 500 ms + maxFrames per channel. Thread: not the audio thread. */
    public void prepare(float sampleRate, int maxFrames) {
        Dsp.checkPrepare(sampleRate, maxFrames);
        this.sampleRate = sampleRate;
        int need = (int) Math.ceil(MAX_DELAY_MS * 0.001 * sampleRate) + maxFrames + 1;
        int size = Integer.highestOneBit(need - 1) << 1;
        lines = new float[channels][size];
        mask = size - 1;
        fadeSamples = Math.max(1, Math.round(FADE_MS * 0.001f * sampleRate));
        bypass.prepare(sampleRate, channels, maxFrames);
        reset();
    }

    /** Delay clamped to [0, 500] ms, rounded to whole samples; NaN ignored. */
    public void setDelayMs(float ms) {
        if (Float.isNaN(ms)) return;
        delayMs = Dsp.clamp(ms, 0f, MAX_DELAY_MS);
        dirty = true;
    }

    /** false = bypass (10 ms crossfade to the undelayed input). */
    public void setEnabled(boolean on) {
        bypass.setEnabled(on);
    }

    /** Delay in samples the line is heading for (tests, latency reporting). Thread: audio. */
    public int delaySamples() {
        return targetDelay;
    }

    /** Clears the line and jumps to the set delay. Thread: audio (or before start). */
    public void reset() {
        pullTargets();
        curDelay = targetDelay;
        fadePos = -1;
        write = 0;
        if (lines != null) {
            for (float[] l : lines) Arrays.fill(l, 0f);
        }
        bypass.reset();
    }

    private void pullTargets() {
        dirty = false;
        float fs = sampleRate > 0 ? sampleRate : 48000f;
        targetDelay = Math.round(delayMs * 0.001f * fs);
    }

    /** Delays {@code bufs[0..channels)} over [off, off+n) in place, n ≤ maxFrames. Thread: audio. */
    public void process(float[][] bufs, int off, int n) {
        while (n > 0) {
            int m = Math.min(n, Dsp.SUB_BLOCK);
            processSub(bufs, off, m);
            off += m;
            n -= m;
        }
    }

    private void processSub(float[][] bufs, int off, int n) {
        if (dirty) pullTargets();
        if (fadePos < 0 && targetDelay != curDelay) {
            nextDelay = targetDelay;
            fadePos = 0;
        }
        int mode = bypass.begin();
        if (mode == BypassFade.FADE) bypass.saveDry(bufs, channels, off, n);
        int w0 = write;
        int mask = this.mask;
        for (int c = 0; c < channels; c++) {
            float[] b = bufs[c];
            float[] line = lines[c];
            int w = w0;
            if (mode == BypassFade.BYPASS) {
                for (int i = off, end = off + n; i < end; i++) {
                    float x = b[i];
                    line[w] = Math.abs(x) < Dsp.FAULT_LEVEL ? x : 0f;
                    w = (w + 1) & mask;
                }
            } else if (fadePos < 0) {
                int d = curDelay;
                for (int i = off, end = off + n; i < end; i++) {
                    float x = b[i];
                    line[w] = Math.abs(x) < Dsp.FAULT_LEVEL ? x : 0f;
                    b[i] = line[(w - d) & mask];
                    w = (w + 1) & mask;
                }
            } else {
                int d0 = curDelay;
                int d1 = nextDelay;
                float inv = 1f / fadeSamples;
                int p = fadePos;
                for (int i = off, end = off + n; i < end; i++) {
                    float x = b[i];
                    line[w] = Math.abs(x) < Dsp.FAULT_LEVEL ? x : 0f;
                    float y0 = line[(w - d0) & mask];
                    float y1 = line[(w - d1) & mask];
                    float mix = p < fadeSamples ? (p + 1) * inv : 1f;
                    b[i] = y0 + mix * (y1 - y0);
                    p++;
                    w = (w + 1) & mask;
                }
            }
        }
        write = (w0 + n) & mask;
        if (fadePos >= 0) {
            fadePos += n;
            if (fadePos >= fadeSamples) {
                // Samples past the fade end already used mix = 1, i.e. the new tap alone.
                curDelay = nextDelay;
                fadePos = -1;
            }
        }
        if (mode == BypassFade.FADE) bypass.mix(bufs, channels, off, n);
        Dsp.sanitize(bufs, channels, off, n);
    }
}
