package org.jackdesk.engine.dsp;

/**
 * Feed-forward compressor after Giannoulis, Massberg and Reiss, "Digital Dynamic Range Compressor
 * Design — A Tutorial and Analysis", JAES 60(6), 2012: level detection, a static gain computer
 * with a quadratic soft knee (their eq. 4), and attack/release smoothing of the gain in the dB
 * domain (their "smooth branching" detector placed after the gain computer).
 *
 * <p>Cost: per sample only |x| (peak) or x² (RMS) and, optionally, the side-chain high-pass. The
 * level, the static curve and the smoothing run once per segment of at most 16 samples, with
 * one-pole coefficients exp(−m/(τ·fs)) for the segment length m, so the dB-domain time constants
 * are exact (τ = time to 63 % of a gain change in dB); the linear gain is interpolated across the
 * segment. Peak mode uses the segment's sample peak; RMS mode a 10 ms mean square, calibrated so
 * that a sine reads its peak level in both modes (10·log10(2·ms)). Stereo is linked (max of both
 * peaks / mean of both squares), one gain for both sides.
 *
 * <p>Makeup: {@code makeupDb} plus, with auto makeup, half the static gain reduction of a 0 dBFS
 * input: −G(0 dBFS)/2 (= −T·(1−1/R)/2 when the knee ends below 0 dBFS). Makeup changes glide (2 × 5 ms).
 *
 * <p>Threads: setters and {@link #setEnabled} on the audio thread, from the parameter pull (the
 * package's DSP contract; picked up at the next sub-block); {@link #prepare} off the audio thread;
 * {@link #process}, {@link #reset} and {@link #gainReductionDb} on the audio thread.
 */
public final class Compressor {
    private static final int SEG = 16;
    private static final double RMS_MS = 10.0;
    private static final double FLOOR_DB = -120.0;
    private static final double DB_PER_LN = 20.0 / Math.log(10.0);
    private static final double FLOOR_PEAK = 1e-6;
    private static final double FLOOR_MS = 1e-12;

    private final int channels;
    private final BypassFade bypass = new BypassFade();
    private final Biquad[] sidechain;
    private final double[] scCoef = new double[5];
    private final double[] attack = new double[SEG + 1];
    private final double[] release = new double[SEG + 1];
    private final double[] rmsDecay = new double[SEG + 1];
    private final Smoother makeup = new Smoother(5.0, 1e-4);

    private float thresholdDb = -20f;
    private float ratio = 4f;
    private float kneeDb = 6f;
    private float attackMs = 10f;
    private float releaseMs = 150f;
    private float makeupDb;
    private boolean autoMakeup;
    private boolean rms;
    private boolean scHpfOn;
    private float scHpfHz = 80f;
    private boolean dirty = true;

    private float sampleRate;
    private double thr;
    private double slope;
    private double knee;
    private boolean useRms;
    private boolean useSc;
    private float cachedAttackMs = -1f;
    private float cachedReleaseMs = -1f;
    private float cachedScHz = -1f;

    private double grDb;
    /** Highest detector level (dB) since {@link #takeDetectorLevel}: what the gain computer saw. */
    private double detectorDb = FLOOR_DB;
    private double ms;
    private double gPrev = 1.0;
    private boolean stale = true;

    public Compressor(int channels) {
        Dsp.checkChannels(channels);
        this.channels = channels;
        sidechain = new Biquad[channels];
        for (int c = 0; c < channels; c++) sidechain[c] = new Biquad();
    }

    /** Thread: not the audio thread while it runs. Allocates everything; snaps parameters. */
    public void prepare(float sampleRate, int maxFrames) {
        Dsp.checkPrepare(sampleRate, maxFrames);
        this.sampleRate = sampleRate;
        makeup.prepare(sampleRate);
        for (int m = 0; m <= SEG; m++) rmsDecay[m] = Math.exp(-m / (RMS_MS * 0.001 * sampleRate));
        cachedAttackMs = -1f;
        cachedReleaseMs = -1f;
        cachedScHz = -1f;
        bypass.prepare(sampleRate, channels, maxFrames);
        reset();
    }

    /** Threshold clamped to [−60, 0] dBFS; NaN ignored. */
    public void setThresholdDb(float db) {
        if (Float.isNaN(db)) return;
        thresholdDb = Dsp.clamp(db, -60f, 0f);
        dirty = true;
    }

    /** Ratio clamped to [1, 100]; 100 means ∞:1 (limiting); NaN ignored. */
    public void setRatio(float r) {
        if (Float.isNaN(r)) return;
        ratio = Dsp.clamp(r, 1f, 100f);
        dirty = true;
    }

    /** Soft-knee width clamped to [0, 12] dB (0 = hard knee); NaN ignored. */
    public void setKneeDb(float db) {
        if (Float.isNaN(db)) return;
        kneeDb = Dsp.clamp(db, 0f, 12f);
        dirty = true;
    }

    /** Attack time constant clamped to [0.05, 500] ms; NaN ignored. */
    public void setAttackMs(float ms) {
        if (Float.isNaN(ms)) return;
        attackMs = Dsp.clamp(ms, 0.05f, 500f);
        dirty = true;
    }

    /** Release time constant clamped to [1, 5000] ms; NaN ignored. */
    public void setReleaseMs(float ms) {
        if (Float.isNaN(ms)) return;
        releaseMs = Dsp.clamp(ms, 1f, 5000f);
        dirty = true;
    }

    /** Manual makeup clamped to [0, 24] dB; NaN ignored. */
    public void setMakeupDb(float db) {
        if (Float.isNaN(db)) return;
        makeupDb = Dsp.clamp(db, 0f, 24f);
        dirty = true;
    }

    /** Adds −G(0 dBFS)/2 to the makeup (see the class comment). */
    public void setAutoMakeup(boolean on) {
        autoMakeup = on;
        dirty = true;
    }

    /** true = 10 ms RMS detection, false = peak detection. */
    public void setRms(boolean on) {
        rms = on;
        dirty = true;
    }

    /** 12 dB/oct Butterworth high-pass in the detector only; frequency clamped to [20, 500] Hz. */
    public void setSidechainHpf(boolean on, float freqHz) {
        if (!Float.isNaN(freqHz)) scHpfHz = Dsp.clamp(freqHz, 20f, 500f);
        scHpfOn = on;
        dirty = true;
    }

    /** false = bypass (10 ms crossfade). */
    public void setEnabled(boolean on) {
        bypass.setEnabled(on);
    }

    /** Current gain reduction in dB (≤ 0), excluding makeup; 0 while bypassed. Thread: audio. */
    public float gainReductionDb() {
        return grDb < 0 ? (float) grDb : 0f;
    }

    /**
     * The highest level the detector fed to the gain computer since the last call, as linear
     * amplitude (1 = 0 dBFS; a sine's peak for RMS detection), and starts the next period: the
     * input coordinate of the live point on the static curve. 1e-6 (−120 dBFS) while bypassed.
     * Thread: audio.
     */
    public float takeDetectorLevel() {
        double db = detectorDb;
        detectorDb = FLOOR_DB;
        return (float) Dsp.dbToGain(db);
    }

    /** Clears detector and gain state; finishes glides and fades. Thread: audio (or before start). */
    public void reset() {
        pullTargets();
        makeup.snap();
        bypass.reset();
        stale = true;
        clearSignalState();
    }

    private void clearSignalState() {
        grDb = 0;
        ms = 0;
        gPrev = Dsp.dbToGain(makeup.current());
        for (int c = 0; c < channels; c++) sidechain[c].reset();
    }

    /** Compresses {@code bufs[0..channels)} over [off, off+n) in place, n ≤ maxFrames. Thread: audio. */
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
        thr = thresholdDb;
        float r = ratio;
        slope = GainComputer.slope(r);
        knee = kneeDb;
        useRms = rms;
        boolean sc = scHpfOn;
        if (sc && !useSc) {
            for (int c = 0; c < channels; c++) sidechain[c].reset();
        }
        useSc = sc;
        float fs = sampleRate > 0 ? sampleRate : 48000f;
        float a = attackMs;
        if (a != cachedAttackMs) {
            cachedAttackMs = a;
            for (int m = 0; m <= SEG; m++) attack[m] = Math.exp(-m / (a * 0.001 * fs));
        }
        float rel = releaseMs;
        if (rel != cachedReleaseMs) {
            cachedReleaseMs = rel;
            for (int m = 0; m <= SEG; m++) release[m] = Math.exp(-m / (rel * 0.001 * fs));
        }
        float hz = scHpfHz;
        if (hz != cachedScHz) {
            cachedScHz = hz;
            Rbj.highPass(fs, Math.min(hz, 0.45f * fs), Math.sqrt(0.5), scCoef);
            for (int c = 0; c < channels; c++) sidechain[c].setCoefficients(scCoef);
        }
        double total = makeupDb;
        if (autoMakeup) total += -0.5 * staticGainDb(0.0);
        makeup.setTarget(total);
    }

    /** Static gain G(x) − x in dB (≤ 0) for input level x: the shared {@link GainComputer}. */
    private double staticGainDb(double x) {
        return GainComputer.gainDb(x, thr, slope, knee);
    }

    private void processSub(float[][] bufs, int off, int n) {
        if (dirty) pullTargets();
        int mode = bypass.begin();
        if (mode == BypassFade.BYPASS) {
            makeup.advance(n);
            stale = true;
            grDb = 0;
            return;
        }
        if (stale) {
            stale = false;
            clearSignalState();
        }
        if (mode == BypassFade.FADE) bypass.saveDry(bufs, channels, off, n);

        float[] left = bufs[0];
        float[] right = channels > 1 ? bufs[1] : bufs[0];
        double gr = grDb;
        double msState = ms;
        double gOld = gPrev;
        double maxLevelDb = detectorDb;
        for (int s = off, end = off + n; s < end; s += SEG) {
            int m = Math.min(SEG, end - s);
            double levelDb;
            if (useRms) {
                double sum = detectSquares(left, s, m, 0);
                if (channels > 1) sum = 0.5 * (sum + detectSquares(right, s, m, 1));
                double seg = sum / m;
                msState = seg + rmsDecay[m] * (msState - seg);
                levelDb = msState > FLOOR_MS ? 10.0 * Math.log10(2.0 * msState) : FLOOR_DB;
            } else {
                double pk = detectPeak(left, s, m, 0);
                if (channels > 1) pk = Math.max(pk, detectPeak(right, s, m, 1));
                levelDb = pk > FLOOR_PEAK ? Math.log(pk) * DB_PER_LN : FLOOR_DB;
            }
            if (levelDb > maxLevelDb) maxLevelDb = levelDb;
            double target = staticGainDb(levelDb);
            double a = target < gr ? attack[m] : release[m];
            gr = target + a * (gr - target);
            if (!(gr <= 0.0)) gr = 0.0; // NaN (from an infinite input) or rounding above 0
            if (gr < -300.0) gr = -300.0;
            makeup.advance(m);
            double gNew = Dsp.dbToGain(gr + makeup.current());
            Dsp.rampGain(left, s, m, gOld, gNew);
            if (channels > 1) Dsp.rampGain(right, s, m, gOld, gNew);
            gOld = gNew;
        }
        if (useSc) {
            for (int c = 0; c < channels; c++) sidechain[c].sanitize();
        }
        grDb = gr;
        detectorDb = Double.isNaN(maxLevelDb) ? FLOOR_DB : Math.min(maxLevelDb, 120.0);
        ms = Double.isFinite(msState) ? Dsp.flushDenormal(msState) : 0.0;
        gPrev = gOld;

        if (mode == BypassFade.FADE) bypass.mix(bufs, channels, off, n);
        if (!Dsp.sanitize(bufs, channels, off, n)) clearSignalState();
    }

    private double detectPeak(float[] b, int s, int m, int ch) {
        double pk = 0;
        if (useSc) {
            Biquad f = sidechain[ch];
            for (int i = s, e = s + m; i < e; i++) {
                double x = Math.abs(f.tick(b[i]));
                if (x > pk) pk = x;
            }
        } else {
            float p = 0f;
            for (int i = s, e = s + m; i < e; i++) p = Math.max(p, Math.abs(b[i]));
            pk = p;
        }
        return pk;
    }

    private double detectSquares(float[] b, int s, int m, int ch) {
        double sum = 0;
        if (useSc) {
            Biquad f = sidechain[ch];
            for (int i = s, e = s + m; i < e; i++) {
                double x = f.tick(b[i]);
                sum += x * x;
            }
        } else {
            for (int i = s, e = s + m; i < e; i++) {
                double x = b[i];
                sum += x * x;
            }
        }
        return sum;
    }
}
