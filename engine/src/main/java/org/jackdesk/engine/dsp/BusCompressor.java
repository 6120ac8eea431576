package org.jackdesk.engine.dsp;

/**
 * Stereo-linked RMS bus compressor for the main bus ("glue" compression).
 *
 * <ul>
 *   <li>Side-chain: optional 2nd-order high-pass (RBJ cookbook) so bass does not pump the mix;
 *       then the mean square of all channels, one-pole averaged over {@link #RMS_MS}.</li>
 *   <li>Static curve with soft knee (Giannoulis, Massberg and Reiss, "Digital dynamic range
 *       compressor design", JAES 2012, eq. 4): below T - W/2 unity; inside the knee
 *       y = x + (1/R - 1)(x - T + W/2)^2 / (2W); above y = T + (x - T)/R.</li>
 *   <li>Gain reduction smoothed in dB with attack/release one-poles (ibid., smooth decoupled
 *       detector). Optional programme-dependent release: the release slows from the set time to
 *       5x it the longer the compressor has been working (a slow envelope of the reduction).</li>
 *   <li>The gain is computed every {@value #STEP} samples and interpolated linearly in between
 *       (per-sample log/pow is too slow); make-up gain, dry/wet mix (parallel compression) and
 *       the on/off switch are applied as out = x * G, G = {@link Crossfade#at}(1, g * makeup,
 *       enable * mix) = 1 + enable * mix * (g * makeup - 1).</li>
 * </ul>
 *
 * <p>Thread: {@link #process}/{@link #reset} on the audio thread; setters too, from the parameter
 * pull (the package's DSP contract: they only store and mark dirty). Changed parameters are applied
 * at the next process call; make-up and mix are ramped, the curve parameters act
 * through the attack/release smoothing. {@link #setEnabled} crossfades over 20 ms.
 */
public final class BusCompressor {
    static final int STEP = 16;
    static final float RMS_MS = 10f;
    private static final float RAMP_MS = 20f;

    private final int channels;
    private float thresholdDb = -18f;
    private float ratio = 2f;
    private float kneeDb = 6f;
    private float attackMs = 10f;
    private float releaseMs = 200f;
    private boolean autoRelease;
    private float makeupDb;
    private float mixPercent = 100f;
    private float sidechainHpfHz;
    private boolean enabled = true;
    private boolean dirty = true;

    private float sampleRate;
    private final Biquad[] sidechain;
    private final double[] coef = new double[5];
    private float appliedHpfHz = Float.NaN;
    private double msCoef, attackCoef, releaseCoef, slowCoef;
    private float appliedAttack = Float.NaN, appliedRelease = Float.NaN;
    private double ms;
    private double grDb; // smoothed gain reduction, <= 0
    private double slowGrDb;
    private float gainNow = 1f; // linear compressor gain at the last step boundary
    private int phase; // samples into the current STEP
    private float gainStep;
    private final Ramp makeup = new Ramp(RAMP_MS, 1f);
    private final Ramp mix = new Ramp(RAMP_MS, 1f);
    private final Ramp enable = new Ramp(RAMP_MS, 1f);
    private volatile float lastGrDb;

    public BusCompressor(int channels) {
        if (channels < 1) throw new IllegalArgumentException("channels: " + channels);
        this.channels = channels;
        sidechain = new Biquad[channels];
        for (int c = 0; c < channels; c++) sidechain[c] = new Biquad();
    }

    public void prepare(float sampleRate, int maxFrames) {
        this.sampleRate = sampleRate;
        gains = new float[Math.max(32, maxFrames)];
        msCoef = Dsp.onePole(RMS_MS, sampleRate);
        makeup.prepare(sampleRate);
        mix.prepare(sampleRate);
        enable.prepare(sampleRate);
        makeup.snap(dbToLin(makeupDb));
        mix.snap(mixPercent / 100f);
        enable.snap(enabled ? 1f : 0f);
        appliedHpfHz = Float.NaN;
        appliedAttack = Float.NaN;
        appliedRelease = Float.NaN;
        dirty = true;
        reset();
    }

    public void setThresholdDb(float db) { thresholdDb = clamp(db, -60f, 0f); dirty = true; }
    public void setRatio(float r) { ratio = clamp(r, 1f, 20f); dirty = true; }
    public void setKneeDb(float db) { kneeDb = clamp(db, 0f, 24f); dirty = true; }
    public void setAttackMs(float ms) { attackMs = clamp(ms, 0.1f, 300f); dirty = true; }
    public void setReleaseMs(float ms) { releaseMs = clamp(ms, 10f, 3000f); dirty = true; }
    public void setAutoRelease(boolean on) { autoRelease = on; dirty = true; }
    public void setMakeupDb(float db) { makeupDb = clamp(db, 0f, 24f); dirty = true; }
    /** Dry/wet mix for parallel compression, 0 .. 100 %. */
    public void setMixPercent(float p) { mixPercent = clamp(p, 0f, 100f); dirty = true; }
    /** Side-chain high-pass corner; 0 (or below 20 Hz) switches it off. Up to 500 Hz. */
    public void setSidechainHpfHz(float hz) { sidechainHpfHz = hz < 20f ? 0f : Math.min(500f, hz); dirty = true; }
    public void setEnabled(boolean on) { enabled = on; dirty = true; }

    /**
     * True when switched off and the 20 ms fade-out has finished: {@link #process} would pass the
     * signal unchanged, so a caller may skip it (and {@link #reset} before calling it again).
     * Thread: audio.
     */
    public boolean bypassed() {
        return !enabled && !enable.isRamping() && enable.current() == 0f;
    }

    /** Gain reduction at the end of the last process call, dB (0 or negative). */
    public float gainReductionDb() { return lastGrDb; }

    private static float clamp(float v, float lo, float hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static float dbToLin(float db) {
        return (float) Dsp.dbToGain(db);
    }

    /** The static curve: output level for input level {@code x} (dB), soft knee ({@link GainComputer}). */
    public static double staticCurveDb(double x, double t, double r, double w) {
        return x + GainComputer.gainDb(x, t, GainComputer.slope(r), w);
    }

    public void reset() {
        for (Biquad b : sidechain) b.reset();
        ms = 0;
        grDb = 0;
        slowGrDb = 0;
        gainNow = 1f;
        gainStep = 0f;
        phase = 0;
        lastGrDb = 0f;
    }

    private void update() {
        dirty = false;
        float hz = sidechainHpfHz;
        if (hz != appliedHpfHz) {
            appliedHpfHz = hz;
            if (hz > 0) Rbj.highPass(sampleRate, hz, Math.sqrt(0.5), coef);
            else Rbj.identity(coef);
            for (Biquad b : sidechain) b.setCoefficients(coef);
        }
        float a = attackMs, r = releaseMs;
        if (a != appliedAttack || r != appliedRelease) {
            appliedAttack = a;
            appliedRelease = r;
            // coefficients per STEP-sample update
            attackCoef = 1.0 - Math.exp(-STEP / (a * 0.001 * sampleRate));
            releaseCoef = 1.0 - Math.exp(-STEP / (r * 0.001 * sampleRate));
            slowCoef = 1.0 - Math.exp(-STEP / (4.0 * r * 0.001 * sampleRate));
        }
        makeup.setTarget(dbToLin(makeupDb));
        mix.setTarget(mixPercent / 100f);
        enable.setTarget(enabled ? 1f : 0f);
    }

    public void process(float[][] bufs, int off, int n) {
        if (dirty) update();
        while (n > 0) {
            int m = Math.min(n, gains.length);
            processChunk(bufs, off, m);
            off += m;
            n -= m;
        }
    }

    private void processChunk(float[][] bufs, int off, int n) {
        double t = thresholdDb, slope = GainComputer.slope(ratio), knee = kneeDb;
        boolean auto = autoRelease;
        double msc = msCoef, msv = ms;
        double invCh = 1.0 / channels;
        float g = gainNow, gs = gainStep;
        int ph = phase;
        for (int i = off, end = off + n; i < end; i++) {
            if (ph == 0) {
                // new gain target every STEP samples: one log10 and one exp per STEP
                double level = 10 * Math.log10(msv + 1e-30);
                double target = GainComputer.gainDb(level, t, slope, knee);
                double gr = grDb;
                if (target < gr) {
                    gr += (target - gr) * attackCoef;
                } else {
                    double rc = releaseCoef;
                    if (auto) {
                        // long, steady reduction (slow envelope deep) releases slower, down to 1/5 the rate
                        double depth = slowGrDb < -0.1 ? Math.min(1.0, slowGrDb / Math.min(gr, -0.1)) : 0.0;
                        rc = releaseCoef * (1.0 - 0.8 * depth);
                    }
                    gr += (target - gr) * rc;
                }
                slowGrDb += (gr - slowGrDb) * slowCoef;
                grDb = gr;
                float next = (float) Dsp.dbToGain(gr);
                gs = (next - g) / STEP;
            }
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                double s = sidechain[c].tick(bufs[c][i]);
                sum += s * s;
            }
            msv += (sum * invCh - msv) * msc;
            g += gs;
            ph = ph + 1 == STEP ? 0 : ph + 1;
            scratchGain(i - off, g);
        }
        for (Biquad b : sidechain) b.sanitize();
        if (!Double.isFinite(msv) || !Double.isFinite(grDb)) {
            msv = 0;
            grDb = 0;
            slowGrDb = 0;
            g = 1f;
            gs = 0f;
        }
        if (msv < 1e-30) msv = 0;
        ms = msv;
        gainNow = g;
        gainStep = gs;
        phase = ph;
        lastGrDb = (float) grDb;
        applyGain(bufs, off, n);
    }

    private float[] gains = new float[0];

    private void scratchGain(int i, float g) {
        gains[i] = g;
    }

    private void applyGain(float[][] bufs, int off, int n) {
        float[] gains = this.gains;
        // G = 1 + (enable * mix) * (g * makeup - 1): the gain crossfaded from unity (dry) to the
        // compressed gain by the switch and the dry/wet mix together, one factor per sample
        for (int i = 0; i < n; i++) {
            float e = enable.peek(i + 1), mx = mix.peek(i + 1), mu = makeup.peek(i + 1);
            gains[i] = Crossfade.at(1f, gains[i] * mu, e * mx);
        }
        enable.skip(n);
        mix.skip(n);
        makeup.skip(n);
        for (int c = 0; c < channels; c++) {
            float[] x = bufs[c];
            for (int i = 0; i < n; i++) {
                float v = x[off + i] * gains[i];
                x[off + i] = Float.isFinite(v) ? v : 0f;
            }
        }
    }

}
