package org.jackdesk.engine.dsp;

import java.util.Arrays;

/**
 * Whole-sample delay of up to 500 ms (alignment, e.g. a mic to a PA or a stage to the desk), one
 * delay for both sides. Delay 0 adds no latency (each sample is written, then read at the same
 * index). A delay change crossfades linearly from the old tap to the new one over 10 ms, so the
 * output step is bounded by the signal's own step plus 2·peak/fadeSamples; a change arriving
 * during a fade is applied when that fade ends (the last value wins).
 *
 * <p>Asleep while bypassed: once the bypass fade has ended the line is no longer written (a
 * bypassed delay costs nothing; its owner may even stop calling it). Re-enabling wakes it from an
 * empty line: the line is cleared, the first 10 ms written into it are faded in, and the bypass
 * fade crosses from the dry input to the delayed signal, which therefore starts the delay time
 * after the switch with a 10 ms fade-in (a delay cannot play what it did not record), never a
 * stale or abrupt one. Non-finite or faulty input samples ({@link Dsp#FAULT_LEVEL}) are stored as 0.
 *
 * <p>Threads: {@link #setDelayMs} and {@link #setEnabled} on the audio thread, from the parameter
 * pull (the package's DSP contract; picked up at the next sub-block); {@link #prepare} off the audio thread; {@link #process} and
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
    private boolean dirty = true;
    private float sampleRate;

    private int targetDelay;
    private int curDelay;
    private int nextDelay;
    /** Samples done in the current tap fade; -1 when not fading. */
    private int fadePos = -1;
    /** The line was not written while bypassed: clear it when waking. */
    private boolean lineStale;
    /** Samples left of the fade-in of what is written after waking. */
    private int wakeLeft;

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
        lineStale = false;
        wakeLeft = 0;
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

    /**
     * Leaves sleep: an empty line at the target delay (no tap fade across an empty line). Clearing
     * costs one pass over the line (up to 500 ms of samples per channel), once per switch-on.
     */
    private void wake() {
        lineStale = false;
        for (float[] l : lines) Arrays.fill(l, 0f);
        curDelay = targetDelay;
        fadePos = -1;
        wakeLeft = fadeSamples;
    }

    /**
     * Scales the first samples after waking by a linear 0→1 ramp over the fade length before they
     * are written, so that the start of the recording never reaches the output as a step.
     */
    private void fadeIn(float[][] bufs, int off, int n) {
        int done = fadeSamples - wakeLeft;
        float inv = 1f / fadeSamples;
        int k = Math.min(n, wakeLeft);
        for (int c = 0; c < channels; c++) {
            float[] b = bufs[c];
            for (int i = 0; i < k; i++) b[off + i] *= (done + i + 1) * inv;
        }
        wakeLeft -= k;
    }

    private void processSub(float[][] bufs, int off, int n) {
        if (dirty) pullTargets();
        if (fadePos < 0 && targetDelay != curDelay) {
            nextDelay = targetDelay;
            fadePos = 0;
        }
        int mode = bypass.begin();
        if (mode == BypassFade.BYPASS) {
            // Asleep: the signal passes untouched and the line goes stale.
            lineStale = true;
            return;
        }
        if (lineStale) wake();
        if (mode == BypassFade.FADE) bypass.saveDry(bufs, channels, off, n);
        if (wakeLeft > 0) fadeIn(bufs, off, n);
        int w0 = write;
        int mask = this.mask;
        for (int c = 0; c < channels; c++) {
            float[] b = bufs[c];
            float[] line = lines[c];
            int w = w0;
            if (fadePos < 0) {
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
