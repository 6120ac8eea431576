package org.jackdesk.engine.dsp;

/**
 * Four-band parametric EQ; each band is an RBJ Audio EQ Cookbook peaking, low-shelf or high-shelf
 * biquad (see {@link Rbj}). Stereo instances share one coefficient set per band and keep separate
 * filter states.
 *
 * <p>Smoothing: frequency and Q glide in the log domain, gain in dB (two-pole, 2 × 5 ms);
 * coefficients are recomputed per sub-block while a parameter moves and interpolated per sample
 * ({@link Biquad#processRamp}), so sweeps never click. A band whose gain is exactly 0 dB is the
 * identity and is skipped; its state is cleared when it goes idle, which is seamless because a
 * near-identity section's TDF-II state is proportional to its (tiny) deviation from identity.
 * A band type change glides the band's gain to 0 dB, switches the type there (all three types are
 * the identity at 0 dB) and glides back to the set gain.
 *
 * <p>Threads: setters and {@link #setEnabled} on the audio thread, from the parameter pull (the
 * package's DSP contract; picked up at the next sub-block); {@link #magnitudeDb} on the thread that
 * calls the setters (it reads their values); {@link #prepare} off the audio thread;
 * {@link #process} and {@link #reset} on the audio thread.
 */
public final class ParametricEq {
    public static final int PEAK = 0;
    public static final int LOW_SHELF = 1;
    public static final int HIGH_SHELF = 2;
    public static final int BANDS = 4;

    /** Per stage of the two-pole glide (see {@link Smoother}). */
    private static final double SMOOTH_MS = 5.0;
    private static final double[] IDENTITY = {1, 0, 0, 0, 0};

    private final int channels;
    private final Band[] bands = new Band[BANDS];
    /** Per channel, the bands' filters in order: the settled path's cascade. */
    private final Biquad[][] chain;
    private final BypassFade bypass = new BypassFade();
    private boolean dirty = true;
    private float sampleRate;
    private boolean stale = true;
    /** The bypass mode {@link #startSub} began the current sub-block with. */
    private int subMode;

    /** One band: targets written by setters, glide state and filters owned by the audio thread. */
    private static final class Band {
        int typeTarget;
        float freqHz;
        float gainDb;
        float q = (float) Math.sqrt(0.5);

        int type;
        final Smoother logFreq = new Smoother(SMOOTH_MS, 1e-5);
        final Smoother gain = new Smoother(SMOOTH_MS, 1e-4);
        final Smoother logQ = new Smoother(SMOOTH_MS, 1e-5);
        final double[] from = new double[5];
        final double[] to = new double[5];
        final Biquad[] filters;
        boolean active;
        /** This sub-block moves the coefficients from {@code from} to {@code to}. */
        boolean ramping;

        Band(int channels, int type, float freqHz) {
            this.typeTarget = type;
            this.type = type;
            this.freqHz = freqHz;
            filters = new Biquad[channels];
            for (int c = 0; c < channels; c++) filters[c] = new Biquad();
        }
    }

    public ParametricEq(int channels) {
        Dsp.checkChannels(channels);
        this.channels = channels;
        bands[0] = new Band(channels, LOW_SHELF, 100f);
        bands[1] = new Band(channels, PEAK, 400f);
        bands[2] = new Band(channels, PEAK, 2000f);
        bands[3] = new Band(channels, HIGH_SHELF, 8000f);
        chain = new Biquad[channels][BANDS];
        for (int c = 0; c < channels; c++) for (int k = 0; k < BANDS; k++) chain[c][k] = bands[k].filters[c];
    }

    /** Thread: not the audio thread while it runs. Allocates everything; snaps parameters. */
    public void prepare(float sampleRate, int maxFrames) {
        Dsp.checkPrepare(sampleRate, maxFrames);
        this.sampleRate = sampleRate;
        for (Band b : bands) {
            b.logFreq.prepare(sampleRate);
            b.gain.prepare(sampleRate);
            b.logQ.prepare(sampleRate);
        }
        bypass.prepare(sampleRate, channels, maxFrames);
        reset();
    }

    /** {@link #PEAK}, {@link #LOW_SHELF} or {@link #HIGH_SHELF}; other values ignored. */
    public void setBandType(int band, int type) {
        if (type < PEAK || type > HIGH_SHELF) return;
        band(band).typeTarget = type;
        dirty = true;
    }

    /** Centre/corner frequency, clamped to [20, 20000] Hz (and below 0.45·fs); NaN ignored. */
    public void setBandFreqHz(int band, float hz) {
        if (Float.isNaN(hz)) return;
        band(band).freqHz = Dsp.clamp(hz, 20f, 20000f);
        dirty = true;
    }

    /** Gain clamped to [−15, +15] dB; NaN ignored. */
    public void setBandGainDb(int band, float db) {
        if (Float.isNaN(db)) return;
        band(band).gainDb = Dsp.clamp(db, -15f, 15f);
        dirty = true;
    }

    /** Q clamped to [0.1, 10] (the cookbook's Q, also for shelves); NaN ignored. */
    public void setBandQ(int band, float q) {
        if (Float.isNaN(q)) return;
        band(band).q = Dsp.clamp(q, 0.1f, 10f);
        dirty = true;
    }

    /** false = bypass (10 ms crossfade). */
    public void setEnabled(boolean on) {
        bypass.setEnabled(on);
    }

    private Band band(int band) {
        if (band < 0 || band >= BANDS) {
            throw new IllegalArgumentException("band must be 0.." + (BANDS - 1) + ", got " + band);
        }
        return bands[band];
    }

    /**
     * Analytic magnitude in dB at {@code freqHz} of the target settings (what the EQ settles to):
     * the sum of each band's cookbook response. Thread: the setters'; allocates a small scratch array,
     * so not for the audio thread.
     */
    public double magnitudeDb(double freqHz) {
        double fs = fs();
        double[] c = new double[5];
        double sum = 0;
        for (Band b : bands) {
            double g = b.gainDb;
            if (g == 0) continue;
            design(b.typeTarget, fs, Math.min(b.freqHz, 0.45 * fs), g, b.q, c);
            sum += Rbj.magnitudeDb(c, fs, freqHz);
        }
        return sum;
    }

    private double fs() {
        return sampleRate > 0 ? sampleRate : 48000.0;
    }

    private static void design(int type, double fs, double f, double gainDb, double q, double[] out) {
        switch (type) {
            case LOW_SHELF: Rbj.lowShelf(fs, f, gainDb, q, out); break;
            case HIGH_SHELF: Rbj.highShelf(fs, f, gainDb, q, out); break;
            default: Rbj.peaking(fs, f, gainDb, q, out); break;
        }
    }

    /** Clears filter states and finishes glides and fades. Thread: audio (or before start). */
    public void reset() {
        pullTargets();
        for (Band b : bands) {
            b.type = b.typeTarget;
            b.gain.setTarget(b.gainDb);
            b.logFreq.snap();
            b.gain.snap();
            b.logQ.snap();
        }
        bypass.reset();
        stale = true;
    }

    /** Equalises {@code bufs[0..channels)} over [off, off+n) in place, n ≤ maxFrames. Thread: audio. */
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
        double maxF = 0.45 * fs();
        for (Band b : bands) {
            b.logFreq.setTarget(Math.log(Math.min(b.freqHz, maxF)));
            b.logQ.setTarget(Math.log(b.q));
            // A pending type change first glides to 0 dB, where all types are the identity.
            b.gain.setTarget(b.typeTarget != b.type ? 0.0 : b.gainDb);
        }
    }

    private void processSub(float[][] bufs, int off, int n) {
        startSub(bufs, off, n, null);
        finishSub(bufs, off, n);
    }

    /**
     * The first part of one sub-block of {@code n ≤ }{@link Dsp#SUB_BLOCK} frames: everything up to
     * the filtering; the settled cascade of every band is queued in {@code bank} (run by the bank's
     * owner before {@link #finishSub}) or, without a bank, run here. {@link #process} is this
     * followed by {@link #finishSub}, so the two paths are one. Thread: audio.
     */
    public void startSub(float[][] bufs, int off, int n, BiquadBank bank) {
        if (dirty) pullTargets();
        int mode = bypass.begin();
        subMode = mode;
        boolean fresh = stale;
        if (mode != BypassFade.BYPASS) stale = false;
        if (mode == BypassFade.FADE) bypass.saveDry(bufs, channels, off, n);
        boolean anyMoved = false;
        int live = 0;
        for (int k = 0; k < BANDS; k++) {
            Band b = bands[k];
            boolean moved = b.logFreq.advance(n) | b.gain.advance(n) | b.logQ.advance(n);
            b.ramping = false;
            if (b.gain.current() == 0.0 && b.type != b.typeTarget) {
                b.type = b.typeTarget;
                b.gain.setTarget(b.gainDb);
            }
            if (mode == BypassFade.BYPASS) continue;
            if (b.gain.current() == 0.0) {
                if (b.active || fresh) deactivate(b);
                continue;
            }
            if (fresh || !b.active) {
                // Start from the identity with zero state (the identity's own state).
                for (int c = 0; c < channels; c++) b.filters[c].reset();
                System.arraycopy(IDENTITY, 0, b.to, 0, 5);
                moved = true;
                if (fresh) {
                    computeCoefficients(b, b.to);
                    for (int c = 0; c < channels; c++) b.filters[c].setCoefficients(b.to);
                    moved = false;
                }
                b.active = true;
            }
            if (moved) {
                System.arraycopy(b.to, 0, b.from, 0, 5);
                computeCoefficients(b, b.to);
                b.ramping = true;
                anyMoved = true;
            }
            live++;
        }
        if (mode != BypassFade.BYPASS && live > 0) {
            if (anyMoved || live == 1) {
                for (Band b : bands) {
                    if (!b.active) continue;
                    for (int c = 0; c < channels; c++) {
                        if (b.ramping) b.filters[c].processRamp(bufs[c], off, n, b.from, b.to);
                        else b.filters[c].process(bufs[c], off, n);
                    }
                }
            } else if (bank != null) {
                bank.add(bufs, channels, chain, BANDS, off, n);
            } else {
                // Settled: every band in one pass (idle bands are exact identities there).
                Biquad.cascade(bufs, channels, off, n, chain, BANDS);
            }
        }
        if (mode == BypassFade.BYPASS) stale = true;
    }

    /** The rest of the sub-block {@link #startSub} began, after its bank ran. Thread: audio. */
    public void finishSub(float[][] bufs, int off, int n) {
        int mode = subMode;
        if (mode == BypassFade.BYPASS) return;
        if (mode == BypassFade.FADE) bypass.mix(bufs, channels, off, n);
        if (!Dsp.sanitize(bufs, channels, off, n)) stale = true;
    }

    private void deactivate(Band b) {
        b.active = false;
        for (int c = 0; c < channels; c++) {
            b.filters[c].reset();
            b.filters[c].setCoefficients(IDENTITY);
        }
        System.arraycopy(IDENTITY, 0, b.to, 0, 5);
    }

    private void computeCoefficients(Band b, double[] out) {
        design(b.type, sampleRate, Math.exp(b.logFreq.current()), b.gain.current(), Math.exp(b.logQ.current()), out);
    }
}
