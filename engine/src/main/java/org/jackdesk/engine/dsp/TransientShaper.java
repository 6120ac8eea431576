package org.jackdesk.engine.dsp;

/**
 * A transient shaper: more or less attack and sustain, in dB, whatever the level (the envelope
 * difference method of the SPL "Transient Designer" and its descendants; see e.g. Reiss and
 * McPherson, "Audio Effects: Theory, Implementation and Application", CRC 2015, §6.6).
 *
 * <p>The detector follows the stereo-linked mean square of the signal, smoothed over
 * {@value #SMOOTH_MS} ms, with four one-pole envelope followers on its level in dB:
 * <ul>
 *   <li>attack: a fast follower (rises in {@value #FAST_MS} ms, falls in {@value #FALL_MS} ms)
 *       minus the same slowed on its way up ({@value #SLOW_MS} ms) and not on its way down:
 *       positive only while the level rises faster than the slow one can follow, i.e. on an onset,
 *       and zero as soon as it falls (a slow follower of the level itself would lag on the decay
 *       and shape the tail too);</li>
 *   <li>sustain: a follower falling slowly ({@value #HOLD_MS} ms) minus one falling fast
 *       ({@value #DECAY_MS} ms), both rising fast: positive while the signal decays.</li>
 * </ul>
 * Each difference, less a {@value #DEAD_DB} dB dead zone (so the ripple of steady noise does
 * nothing), over {@value #SPAN_DB} dB and clamped to 0 … 1, scales its amount: the gain in dB is
 * attack·a + sustain·s. The gain is smoothed ({@value #GAIN_MS} ms) and applied to both channels.
 * Everything is relative (differences of levels), so the shaping does not depend on the level.
 *
 * <p>Switching on or off crossfades over 20 ms; off and faded, {@link #bypassed} is true and the
 * caller skips {@link #process}: the signal passes bit for bit. No latency (no look-ahead).
 *
 * <p>Thread: {@link #process}/{@link #reset} on the audio thread; setters too, from the parameter
 * pull. Allocates nothing after construction.
 */
public final class TransientShaper {
    static final float SMOOTH_MS = 0.5f, FAST_MS = 0.5f, SLOW_MS = 25f, FALL_MS = 150f;
    static final float HOLD_MS = 400f, DECAY_MS = 40f;
    static final float DEAD_DB = 1f, SPAN_DB = 3f, GAIN_MS = 1f;
    private static final float RAMP_MS = 20f;
    private static final double FLOOR_DB = -120.0;

    private final int channels;
    private float attackDb, sustainDb;
    private boolean enabled = true;
    private final Ramp enable = new Ramp(RAMP_MS, 1f);
    private double cSmooth, cFast, cSlow, cFall, cHold, cDecay, cGain;
    private double msv, fast, slow, hold, decay, gainDb;
    private float lastGainDb;
    /** {@link #run} processed the last block. */
    private boolean running;

    public TransientShaper(int channels) {
        this.channels = channels;
        reset();
    }

    public void prepare(float sampleRate, int maxFrames) {
        cSmooth = Dsp.onePole(SMOOTH_MS, sampleRate);
        cFast = Dsp.onePole(FAST_MS, sampleRate);
        cSlow = Dsp.onePole(SLOW_MS, sampleRate);
        cFall = Dsp.onePole(FALL_MS, sampleRate);
        cHold = Dsp.onePole(HOLD_MS, sampleRate);
        cDecay = Dsp.onePole(DECAY_MS, sampleRate);
        cGain = Dsp.onePole(GAIN_MS, sampleRate);
        enable.prepare(sampleRate);
        enable.snap(enabled ? 1f : 0f);
        reset();
    }

    /** Attack change, dB (−12 … +12). */
    public void setAttackDb(float db) { attackDb = Math.max(-12f, Math.min(12f, db)); }
    /** Sustain change, dB (−12 … +12). */
    public void setSustainDb(float db) { sustainDb = Math.max(-12f, Math.min(12f, db)); }
    public void setEnabled(boolean on) {
        enabled = on;
        enable.setTarget(on ? 1f : 0f);
    }

    /** Jumps to the on/off state without a fade (a freshly built engine starts at its settings). */
    public void snapEnabled() {
        enable.snap(enabled ? 1f : 0f);
    }

    /**
     * What a chain calls each block: {@link #process} while on or fading, nothing once off and
     * faded out (the signal passes bit for bit), and its envelopes forgotten once on the way there,
     * for a clean start when it is switched back on.
     */
    public void run(float[][] bufs, int off, int n) {
        if (!bypassed()) {
            running = true;
            process(bufs, off, n);
        } else if (running) {
            running = false;
            reset();
        }
    }

    /** Off and faded out: {@link #process} would pass the signal unchanged. */
    public boolean bypassed() {
        return !enabled && !enable.isRamping() && enable.current() == 0f;
    }

    /** The gain applied at the end of the last process call, dB (positive: louder). */
    public float gainDb() {
        return lastGainDb;
    }

    public void reset() {
        msv = 0;
        fast = slow = hold = decay = FLOOR_DB;
        gainDb = 0;
        lastGainDb = 0f;
    }

    public void process(float[][] bufs, int off, int n) {
        double a = attackDb, s = sustainDb;
        double inv = 1.0 / channels;
        double m = msv, f = fast, sl = slow, h = hold, d = decay, g = gainDb;
        boolean fading = enable.isRamping() || enable.current() != 1f;
        for (int i = off, end = off + n; i < end; i++) {
            double p = 0;
            for (int c = 0; c < channels; c++) {
                double v = bufs[c][i];
                p += v * v;
            }
            m += (p * inv - m) * cSmooth;
            double lvl = m > 1e-12 ? 10 * Math.log10(m) : FLOOR_DB;
            f += (lvl - f) * (lvl > f ? cFast : cFall);
            sl = f > sl ? sl + (f - sl) * cSlow : f; // the fast follower, slowed on the way up only
            h += (lvl - h) * (lvl > h ? cFast : cHold);
            d += (lvl - d) * (lvl > d ? cFast : cDecay);
            double on = Math.min(1.0, Math.max(0.0, (f - sl - DEAD_DB) / SPAN_DB));
            double tail = Math.min(1.0, Math.max(0.0, (h - d - DEAD_DB) / SPAN_DB));
            double target = a * on + s * tail;
            g += (target - g) * cGain;
            float k = g == 0.0 ? 1f : (float) Dsp.dbToGain(g);
            if (fading) k = Crossfade.at(1f, k, enable.peek(i - off + 1));
            for (int c = 0; c < channels; c++) bufs[c][i] *= k;
        }
        enable.skip(n);
        if (!(Math.abs(m) < 1e30)) m = 0; // a non-finite input must not stick in the detector
        msv = m < 1e-30 ? 0 : m;
        fast = Math.max(FLOOR_DB, f);
        slow = Math.max(FLOOR_DB, sl);
        hold = Math.max(FLOOR_DB, h);
        decay = Math.max(FLOOR_DB, d);
        gainDb = Math.abs(g) < 1e-9 ? 0 : g;
        lastGainDb = (float) gainDb;
    }
}
