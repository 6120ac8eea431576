package org.jackdesk.engine.dsp;

/**
 * Noise gate or 1:2 downward expander, stereo-linked.
 *
 * <p>Detection: the sample peak over segments of at most 16 samples (max of both sides in
 * stereo). Gate: it opens when a segment peak reaches the threshold and counts as "below" only
 * when the peak falls under threshold − 3 dB (hysteresis, so a signal hovering at the threshold
 * does not chatter). Once below, it holds fully open for {@code holdMs}, then releases towards
 * {@code rangeDb}. A level that crosses the threshold again re-opens it at the attack rate. Set
 * the hold to at least half a period of the lowest note (10 ms for 50 Hz), as on any sample-peak
 * gate. Expander: below the threshold the gain is (level − threshold) dB, i.e. output level
 * T + 2·(input − T), never below the range; the hold applies the same way (no hysteresis needed,
 * the curve is continuous).
 *
 * <p>Smoothing: the gain moves in dB with one-pole attack (towards more gain, "opening") and
 * release (towards less gain) time constants, exp(−m/(τ·fs)) per segment of m samples (exact τ,
 * see {@link Compressor}); the linear gain is interpolated across each segment.
 *
 * <p>Threads: setters and {@link #setEnabled} on the audio thread, from the parameter pull (the
 * package's DSP contract; picked up at the next sub-block); {@link #prepare} off the audio thread; {@link #process}, {@link #reset} and
 * {@link #gainReductionDb} on the audio thread.
 */
public final class Gate {
    /** Hysteresis of the gate: it closes only below threshold − this. */
    public static final float HYSTERESIS_DB = 3f;

    private static final int SEG = 16;
    private static final double SETTLED_DB = 1e-6;
    private static final double FLOOR_DB = -120.0;
    private static final double DB_PER_LN = 20.0 / Math.log(10.0);

    private final int channels;
    private final BypassFade bypass = new BypassFade();
    private final double[] attack = new double[SEG + 1];
    private final double[] release = new double[SEG + 1];

    private boolean expander;
    private float thresholdDb = -50f;
    private float rangeDb = -80f;
    private float attackMs = 0.5f;
    private float holdMs = 50f;
    private float releaseMs = 150f;
    private boolean dirty = true;

    private float sampleRate;
    private boolean useExpander;
    private double thr;
    private double thrLin;
    private double closeLin;
    private double range;
    private int holdSamples;
    private float cachedAttackMs = -1f;
    private float cachedReleaseMs = -1f;

    private double gainDb;
    private double gPrev;
    private boolean open;
    private int holdLeft;
    private boolean stale = true;

    public Gate(int channels) {
        Dsp.checkChannels(channels);
        this.channels = channels;
    }

    /** Thread: not the audio thread while it runs. Allocates everything. */
    public void prepare(float sampleRate, int maxFrames) {
        Dsp.checkPrepare(sampleRate, maxFrames);
        this.sampleRate = sampleRate;
        cachedAttackMs = -1f;
        cachedReleaseMs = -1f;
        bypass.prepare(sampleRate, channels, maxFrames);
        reset();
    }

    /** false = gate, true = 1:2 downward expander. */
    public void setExpander(boolean on) {
        expander = on;
        dirty = true;
    }

    /** Threshold clamped to [−80, 0] dBFS (sample peak); NaN ignored. */
    public void setThresholdDb(float db) {
        if (Float.isNaN(db)) return;
        thresholdDb = Dsp.clamp(db, -80f, 0f);
        dirty = true;
    }

    /** Maximum attenuation clamped to [−80, 0] dB; NaN ignored. */
    public void setRangeDb(float db) {
        if (Float.isNaN(db)) return;
        rangeDb = Dsp.clamp(db, -80f, 0f);
        dirty = true;
    }

    /** Opening time constant clamped to [0.05, 500] ms; NaN ignored. */
    public void setAttackMs(float ms) {
        if (Float.isNaN(ms)) return;
        attackMs = Dsp.clamp(ms, 0.05f, 500f);
        dirty = true;
    }

    /** Hold clamped to [0, 2000] ms; NaN ignored. */
    public void setHoldMs(float ms) {
        if (Float.isNaN(ms)) return;
        holdMs = Dsp.clamp(ms, 0f, 2000f);
        dirty = true;
    }

    /** Closing time constant clamped to [1, 5000] ms; NaN ignored. */
    public void setReleaseMs(float ms) {
        if (Float.isNaN(ms)) return;
        releaseMs = Dsp.clamp(ms, 1f, 5000f);
        dirty = true;
    }

    /** false = bypass (10 ms crossfade). */
    public void setEnabled(boolean on) {
        bypass.setEnabled(on);
    }

    /** Current gain in dB (≤ 0; the range when fully closed); 0 while bypassed. Thread: audio. */
    public float gainReductionDb() {
        return gainDb < 0 ? (float) gainDb : 0f;
    }

    /** Clears the detector; the gate starts closed. Thread: audio (or before start). */
    public void reset() {
        pullTargets();
        bypass.reset();
        stale = true;
        clearSignalState();
    }

    private void clearSignalState() {
        open = false;
        holdLeft = 0;
        gainDb = range;
        gPrev = Dsp.dbToGain(range);
    }

    /** Gates {@code bufs[0..channels)} over [off, off+n) in place, n ≤ maxFrames. Thread: audio. */
    public void process(float[][] bufs, int off, int n) {
        while (n > 0) {
            int m = Math.min(n, Dsp.SUB_BLOCK);
            processSub(bufs, off, m);
            off += m;
            n -= m;
        }
    }

    private void pullTargets() {
        dirty = false;
        float fs = sampleRate > 0 ? sampleRate : 48000f;
        useExpander = expander;
        thr = thresholdDb;
        thrLin = Dsp.dbToGain(thr);
        closeLin = Dsp.dbToGain(thr - HYSTERESIS_DB);
        range = rangeDb;
        holdSamples = Math.round(holdMs * 0.001f * fs);
        float a = attackMs;
        if (a != cachedAttackMs) {
            cachedAttackMs = a;
            for (int m = 0; m <= SEG; m++) attack[m] = Math.exp(-m / (a * 0.001 * fs));
        }
        float r = releaseMs;
        if (r != cachedReleaseMs) {
            cachedReleaseMs = r;
            for (int m = 0; m <= SEG; m++) release[m] = Math.exp(-m / (r * 0.001 * fs));
        }
    }

    private void processSub(float[][] bufs, int off, int n) {
        if (dirty) pullTargets();
        int mode = bypass.begin();
        if (mode == BypassFade.BYPASS) {
            stale = true;
            gainDb = 0;
            return;
        }
        if (stale) {
            stale = false;
            clearSignalState();
        }
        if (mode == BypassFade.FADE) bypass.saveDry(bufs, channels, off, n);

        float[] left = bufs[0];
        float[] right = channels > 1 ? bufs[1] : bufs[0];
        double g = gainDb;
        double gOld = gPrev;
        boolean isOpen = open;
        int hold = holdLeft;
        for (int s = off, end = off + n; s < end; s += SEG) {
            int m = Math.min(SEG, end - s);
            double pk = peak(left, s, m);
            if (channels > 1) pk = Math.max(pk, peak(right, s, m));
            double target;
            if (useExpander) {
                if (pk >= thrLin) {
                    hold = holdSamples;
                    target = 0.0;
                } else if (hold > 0) {
                    hold -= m;
                    target = 0.0;
                } else {
                    double levelDb = pk > 1e-6 ? Math.log(pk) * DB_PER_LN : FLOOR_DB;
                    target = Math.max(range, levelDb - thr);
                }
            } else {
                if (pk >= thrLin || (isOpen && pk >= closeLin)) {
                    isOpen = true;
                    hold = holdSamples;
                } else if (isOpen) {
                    hold -= m;
                    if (hold <= 0) isOpen = false;
                }
                target = isOpen ? 0.0 : range;
            }
            double a = target > g ? attack[m] : release[m];
            g = target + a * (g - target);
            // Arrived (within a millionth of a dB): settle exactly, so an open gate is the identity.
            if (Math.abs(g - target) < SETTLED_DB) g = target;
            if (!(g <= 0.0)) g = 0.0;
            double gNew = g == 0.0 ? 1.0 : Dsp.dbToGain(g);
            if (gNew != 1.0 || gOld != 1.0) {
                Dsp.rampGain(left, s, m, gOld, gNew);
                if (channels > 1) Dsp.rampGain(right, s, m, gOld, gNew);
            }
            gOld = gNew;
        }
        gainDb = g;
        gPrev = gOld;
        open = isOpen;
        holdLeft = hold;

        if (mode == BypassFade.FADE) bypass.mix(bufs, channels, off, n);
        if (!Dsp.sanitize(bufs, channels, off, n)) clearSignalState();
    }

    private static double peak(float[] b, int s, int m) {
        float pk = 0f;
        for (int i = s, e = s + m; i < e; i++) pk = Math.max(pk, Math.abs(b[i]));
        return pk;
    }
}
