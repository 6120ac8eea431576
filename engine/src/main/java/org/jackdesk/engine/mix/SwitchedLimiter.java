package org.jackdesk.engine.mix;

import org.jackdesk.engine.dsp.Crossfade;
import org.jackdesk.engine.dsp.Ramp;
import org.jackdesk.engine.dsp.TruePeakLimiter;

/**
 * A {@link TruePeakLimiter} that costs nothing and delays nothing while it is off, so a bus
 * without a limiter passes its signal bit for bit and adds no latency.
 *
 * <p>The limiter's own bypass keeps its 2 ms delay; here, switching on crossfades over 20 ms from
 * the undelayed signal to the limiter's (delayed, limited) output, and switching off crossfades
 * back, after which the limiter is no longer run. During those 20 ms the output is a blend of
 * the signal and its 2 ms-delayed copy (a short comb, never a click). The limiter is reset when it
 * is switched back on, so it never replays stale audio.
 *
 * <p>Thread: audio, except the constructor and {@link #prepare}.
 */
final class SwitchedLimiter {
    private static final float FADE_MS = 20f;

    private final int nch;
    private final TruePeakLimiter limiter;
    private final Ramp wet = new Ramp(FADE_MS, 0f);
    private float[][] dry;
    private boolean on;
    private boolean running;

    SwitchedLimiter(int channels) {
        this.nch = channels;
        this.limiter = new TruePeakLimiter(channels);
    }

    void prepare(float sampleRate, int maxFrames) {
        limiter.prepare(sampleRate, maxFrames);
        wet.prepare(sampleRate);
        dry = new float[nch][maxFrames];
        wet.snap(on ? 1f : 0f);
        running = on;
    }

    /** Stores the settings; {@code snap} (construction only) switches without a fade. */
    void set(boolean enable, float ceilingDbtp, float releaseMs, boolean snap) {
        limiter.setCeilingDbtp(ceilingDbtp);
        limiter.setReleaseMs(releaseMs);
        on = enable;
        if (snap) {
            wet.snap(enable ? 1f : 0f);
            running = enable;
        } else {
            wet.setTarget(enable ? 1f : 0f);
        }
    }

    /** Latency while switched on (the limiter's look-ahead), 0 while off. */
    int latencyFrames() {
        return on ? limiter.latencyFrames() : 0;
    }

    /** Gain reduction of the last block in dB (≤ 0); 0 while not running. */
    float gainReductionDb() {
        return running ? limiter.gainReductionDb() : 0f;
    }

    void process(float[][] bufs, int m) {
        if (!running) {
            if (!on) return;
            limiter.reset();
            running = true;
        }
        boolean fading = wet.isRamping() || wet.current() != 1f;
        if (fading) for (int c = 0; c < nch; c++) System.arraycopy(bufs[c], 0, dry[c], 0, m);
        limiter.process(bufs, 0, m);
        if (fading) {
            for (int c = 0; c < nch; c++) Crossfade.mix(dry[c], 0, bufs[c], 0, bufs[c], 0, m, wet);
            wet.skip(m);
            if (!on && !wet.isRamping() && wet.current() == 0f) {
                // faded out: the last block already equals the dry signal; stop running
                for (int c = 0; c < nch; c++) System.arraycopy(dry[c], 0, bufs[c], 0, m);
                running = false;
            }
        }
    }

    void reset() {
        limiter.reset();
    }
}
