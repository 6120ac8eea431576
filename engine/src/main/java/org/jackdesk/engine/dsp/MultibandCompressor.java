package org.jackdesk.engine.dsp;

/**
 * The main bus's multiband compressor: the stereo signal split into 3 or 4 bands by
 * Linkwitz–Riley 4th-order crossovers, each band compressed on its own (threshold, ratio, attack,
 * release, make-up gain; solo and bypass), then summed. Stereo-linked (one detector per band on
 * L and R together) or mid/side (the bands of M = (L+R)/2 and S = (L−R)/2 each with its own
 * detector, then L = M + S, R = M − S).
 *
 * <p><b>Crossovers.</b> A Linkwitz–Riley 4th-order low-pass (high-pass) is a 2nd-order Butterworth
 * low-pass (high-pass) squared: two RBJ sections with Q = 1/√2 at the same frequency. Low + high
 * is then the 2nd-order all-pass (s² − √2·s + 1)/(s² + √2·s + 1) — flat in magnitude — and since
 * the bilinear transform preserves that identity, so is the digital sum (Linkwitz, "Active
 * crossover networks for noncoincident drivers", JAES 24(1), 1976; Bohn, "Linkwitz–Riley
 * crossovers: a primer", Rane note 160). The bands are split off in order, lowest first:
 * band k = LP(f_k) of what is left above f_(k−1), and every band already split off passes the
 * all-pass of each later crossover, so all bands share one phase response and their sum is the
 * all-pass product: flat within float rounding.
 *
 * <p><b>Detectors.</b> Per band: mean square over {@value #RMS_MS} ms (one-pole), the static curve
 * of {@link GainComputer} with a {@value #KNEE_DB} dB soft knee, the reduction smoothed in dB with
 * attack and release one-poles, updated every {@value #STEP} samples and interpolated linearly in
 * between, as {@link BusCompressor} does.
 *
 * <p>Switching the whole unit on or off crossfades over 20 ms between the input and the summed
 * bands; off and faded out, {@link #bypassed} is true and the caller skips {@link #process}: the
 * signal passes bit for bit. On, with no band compressing and no gain, the output is the input
 * through the crossovers' all-pass: the same magnitude, a phase shift around each crossover.
 *
 * <p>Thread: {@link #process}/{@link #reset} on the audio thread; setters too, from the parameter
 * pull (store and mark dirty). Allocates only in the constructor and {@link #prepare}.
 */
public final class MultibandCompressor {
    public static final int MAX_BANDS = 4;
    static final int STEP = 16;
    static final float RMS_MS = 5f;
    static final float KNEE_DB = 6f;
    private static final float RAMP_MS = 20f;
    private static final double Q = Math.sqrt(0.5);

    /** Per-band settings (targets). */
    private final float[] thresholdDb = {-24f, -24f, -24f, -24f};
    private final float[] ratio = {2f, 2f, 2f, 2f};
    private final float[] attackMs = {20f, 10f, 5f, 3f};
    private final float[] releaseMs = {250f, 150f, 100f, 80f};
    private final float[] gainDb = new float[MAX_BANDS];
    private final boolean[] solo = new boolean[MAX_BANDS];
    private final boolean[] bypass = new boolean[MAX_BANDS];
    private final float[] xoverHz = {120f, 1000f, 6000f};
    private int bands = 3;
    private boolean midSide;
    private boolean enabled = true;
    private boolean dirty = true;

    private float sampleRate;
    // [crossover][channel][section]
    private final Biquad[][][] lp = new Biquad[3][2][2], hp = new Biquad[3][2][2];
    /** [crossover k][band j &lt; k][channel]: each band below a crossover passes its all-pass with a state of its own. */
    private final Biquad[][][] ap = new Biquad[3][3][2];
    // per band, per detector (0: linked or mid, 1: side)
    private final double[][] ms = new double[MAX_BANDS][2], grDb = new double[MAX_BANDS][2];
    private final float[][] gainNow = new float[MAX_BANDS][2], gainStep = new float[MAX_BANDS][2];
    private final double[] attackCoef = new double[MAX_BANDS], releaseCoef = new double[MAX_BANDS];
    private final Ramp[] makeup = new Ramp[MAX_BANDS], audible = new Ramp[MAX_BANDS];
    private final Ramp enable = new Ramp(RAMP_MS, 1f);
    private double msCoef;
    private int phase;
    private final float[] lastGrDb = new float[MAX_BANDS];
    private final double[] coef = new double[5];
    private float[][][] band; // [band][channel][frame]
    private float[][] dry;
    private int appliedBands = -1;
    private final float[] appliedXover = {Float.NaN, Float.NaN, Float.NaN};

    public MultibandCompressor() {
        for (int x = 0; x < 3; x++) {
            for (int c = 0; c < 2; c++) {
                for (int s = 0; s < 2; s++) {
                    lp[x][c][s] = new Biquad();
                    hp[x][c][s] = new Biquad();
                }
                for (int j = 0; j < 3; j++) ap[x][j][c] = new Biquad();
            }
        }
        for (int b = 0; b < MAX_BANDS; b++) {
            makeup[b] = new Ramp(RAMP_MS, 1f);
            audible[b] = new Ramp(RAMP_MS, 1f);
        }
    }

    public void prepare(float sampleRate, int maxFrames) {
        this.sampleRate = sampleRate;
        int n = Math.max(Dsp.SUB_BLOCK, maxFrames);
        band = new float[MAX_BANDS][2][n];
        dry = new float[2][n];
        msCoef = Dsp.onePole(RMS_MS, sampleRate);
        enable.prepare(sampleRate);
        enable.snap(enabled ? 1f : 0f);
        for (int b = 0; b < MAX_BANDS; b++) {
            makeup[b].prepare(sampleRate);
            audible[b].prepare(sampleRate);
        }
        appliedBands = -1;
        dirty = true;
        update();
        for (int b = 0; b < MAX_BANDS; b++) {
            makeup[b].snap(makeup[b].target());
            audible[b].snap(audible[b].target());
        }
        reset();
    }

    public void setEnabled(boolean on) { enabled = on; dirty = true; }
    /** 3 or 4 bands. */
    public void setBands(int n) { bands = n <= 3 ? 3 : 4; dirty = true; }
    /** Mid/side detection and processing instead of stereo-linked. */
    public void setMidSide(boolean on) { midSide = on; dirty = true; }
    /** Crossover {@code k} (0-based, 0 … bands−2) in Hz; kept ascending with at least a third of an octave between neighbours. */
    public void setCrossoverHz(int k, float hz) { xoverHz[k] = hz; dirty = true; }
    public void setThresholdDb(int b, float db) { thresholdDb[b] = clamp(db, -60f, 0f); dirty = true; }
    public void setRatio(int b, float r) { ratio[b] = clamp(r, 1f, 20f); dirty = true; }
    public void setAttackMs(int b, float v) { attackMs[b] = clamp(v, 0.1f, 300f); dirty = true; }
    public void setReleaseMs(int b, float v) { releaseMs[b] = clamp(v, 10f, 3000f); dirty = true; }
    public void setGainDb(int b, float db) { gainDb[b] = clamp(db, -12f, 12f); dirty = true; }
    public void setSolo(int b, boolean on) { solo[b] = on; dirty = true; }
    public void setBypass(int b, boolean on) { bypass[b] = on; dirty = true; }

    /** Off and faded out: {@link #process} would pass the signal unchanged; skip it (and {@link #reset} before calling again). */
    public boolean bypassed() {
        return !enabled && !enable.isRamping() && enable.current() == 0f;
    }

    /** Band {@code b}'s gain reduction at the end of the last process call, dB (≤ 0; the deeper of mid and side). */
    public float gainReductionDb(int b) {
        return lastGrDb[b];
    }

    public int bands() {
        return bands;
    }

    private static float clamp(float v, float lo, float hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    public void reset() {
        for (int x = 0; x < 3; x++) {
            for (int c = 0; c < 2; c++) {
                for (int s = 0; s < 2; s++) {
                    lp[x][c][s].reset();
                    hp[x][c][s].reset();
                }
                for (int j = 0; j < 3; j++) ap[x][j][c].reset();
            }
        }
        for (int b = 0; b < MAX_BANDS; b++) {
            for (int d = 0; d < 2; d++) {
                ms[b][d] = 0;
                grDb[b][d] = 0;
                gainNow[b][d] = 1f;
                gainStep[b][d] = 0f;
            }
            lastGrDb[b] = 0f;
        }
        phase = 0;
    }

    /** The crossover frequencies in use: ascending, a third of an octave apart at least, within 20 Hz … 0.45·fs. */
    private float crossover(int k) {
        float lo = k == 0 ? 20f : crossover(k - 1) * 1.26f;
        return Math.max(lo, Math.min(0.45f * sampleRate, xoverHz[k]));
    }

    private void update() {
        dirty = false;
        int nx = bands - 1;
        boolean redesign = bands != appliedBands;
        for (int k = 0; k < nx; k++) {
            float f = crossover(k);
            if (!redesign && f == appliedXover[k]) continue;
            appliedXover[k] = f;
            Rbj.lowPass(sampleRate, f, Q, coef);
            for (int c = 0; c < 2; c++) for (int s = 0; s < 2; s++) lp[k][c][s].setCoefficients(coef);
            Rbj.highPass(sampleRate, f, Q, coef);
            for (int c = 0; c < 2; c++) for (int s = 0; s < 2; s++) hp[k][c][s].setCoefficients(coef);
            allPass(sampleRate, f, Q, coef);
            for (int j = 0; j < 3; j++) for (int c = 0; c < 2; c++) ap[k][j][c].setCoefficients(coef);
        }
        if (redesign && appliedBands != -1) reset(); // a different band structure: start its filters clean
        appliedBands = bands;
        boolean anySolo = false;
        for (int b = 0; b < bands; b++) anySolo |= solo[b];
        for (int b = 0; b < MAX_BANDS; b++) {
            double a = attackMs[b], r = releaseMs[b];
            attackCoef[b] = Dsp.onePole(a, sampleRate / STEP); // the detector steps every STEP samples
            releaseCoef[b] = Dsp.onePole(r, sampleRate / STEP);
            makeup[b].setTarget(bypass[b] ? 1f : (float) Dsp.dbToGain(gainDb[b]));
            audible[b].setTarget(!anySolo || solo[b] ? 1f : 0f);
        }
        enable.setTarget(enabled ? 1f : 0f);
    }

    /** RBJ cookbook all-pass: H(s) = (s² − s/Q + 1)/(s² + s/Q + 1), normalised {b0,b1,b2,a1,a2}. */
    static void allPass(double fs, double f0, double q, double[] out) {
        double w0 = 2 * Math.PI * f0 / fs, alpha = Math.sin(w0) / (2 * q), cw = Math.cos(w0);
        double a0 = 1 + alpha;
        out[0] = (1 - alpha) / a0;
        out[1] = -2 * cw / a0;
        out[2] = 1.0;
        out[3] = -2 * cw / a0;
        out[4] = (1 - alpha) / a0;
    }

    /** Processes {@code bufs[0..2)[off..off+n)} in place. */
    public void process(float[][] bufs, int off, int n) {
        if (dirty) update();
        int chunk = dry[0].length;
        while (n > 0) {
            int m = Math.min(n, chunk);
            processChunk(bufs, off, m);
            off += m;
            n -= m;
        }
    }

    private void processChunk(float[][] bufs, int off, int m) {
        float[] l = bufs[0], r = bufs[1];
        float[] d0 = dry[0], d1 = dry[1];
        System.arraycopy(l, off, d0, 0, m);
        System.arraycopy(r, off, d1, 0, m);
        boolean msMode = midSide;
        // what is split into bands: L/R, or M/S
        float[] rest0 = band[bands - 1][0], rest1 = band[bands - 1][1];
        for (int i = 0; i < m; i++) {
            float a = d0[i], b = d1[i];
            rest0[i] = msMode ? (a + b) * 0.5f : a;
            rest1[i] = msMode ? (a - b) * 0.5f : b;
        }
        // Split lowest first: band k = LP_k(rest), rest = HP_k(rest); then every band below passes AP_k.
        for (int k = 0; k < bands - 1; k++) {
            float[] b0 = band[k][0], b1 = band[k][1];
            System.arraycopy(rest0, 0, b0, 0, m);
            System.arraycopy(rest1, 0, b1, 0, m);
            Biquad.cascade(b0, 0, m, lp[k][0], 2);
            Biquad.cascade(b1, 0, m, lp[k][1], 2);
            Biquad.cascade(rest0, 0, m, hp[k][0], 2);
            Biquad.cascade(rest1, 0, m, hp[k][1], 2);
            for (int j = 0; j < k; j++) {
                ap[k][j][0].process(band[j][0], 0, m);
                ap[k][j][1].process(band[j][1], 0, m);
            }
        }
        // rest is band[bands − 1] already (it was split in place)
        for (int b = 0; b < bands; b++) compressBand(b, m, msMode);
        // Sum, back to L/R, crossfaded with the input while switching.
        int ph = phase;
        for (int i = 0; i < m; i++) {
            float s0 = 0f, s1 = 0f;
            for (int b = 0; b < bands; b++) {
                s0 += band[b][0][i];
                s1 += band[b][1][i];
            }
            float yl = msMode ? s0 + s1 : s0;
            float yr = msMode ? s0 - s1 : s1;
            l[off + i] = yl;
            r[off + i] = yr;
        }
        phase = (ph + m) % STEP;
        if (enable.isRamping() || enable.current() != 1f) {
            Crossfade.mix(d0, 0, l, off, l, off, m, enable);
            Crossfade.mix(d1, 0, r, off, r, off, m, enable);
        }
        enable.skip(m);
        for (int b = 0; b < MAX_BANDS; b++) {
            makeup[b].skip(m);
            audible[b].skip(m);
        }
        for (int b = 0; b < bands; b++) {
            float g = (float) Math.min(grDb[b][0], msMode ? grDb[b][1] : 0.0);
            lastGrDb[b] = g;
        }
    }

    /** Band {@code b}'s detector(s) and gain applied in place: linked on both channels, or mid and side each on its own. */
    private void compressBand(int b, int m, boolean msMode) {
        float[] x0 = band[b][0], x1 = band[b][1];
        double t = thresholdDb[b], slope = GainComputer.slope(ratio[b]), knee = KNEE_DB;
        boolean on = !bypass[b];
        double msc = msCoef, ac = attackCoef[b], rc = releaseCoef[b];
        int detectors = msMode ? 2 : 1;
        Ramp mk = makeup[b], au = audible[b];
        boolean flat = !mk.isRamping() && !au.isRamping();
        float still = mk.current() * au.current();
        for (int d = 0; d < detectors; d++) {
            float[] xa = msMode ? (d == 0 ? x0 : x1) : x0;
            float[] xb = msMode ? null : x1;
            double msv = ms[b][d];
            float g = gainNow[b][d], gs = gainStep[b][d];
            int ph = phase;
            for (int i = 0; i < m; i++) {
                if (ph == 0) {
                    double target = on ? GainComputer.gainDb(10 * Math.log10(msv + 1e-30), t, slope, knee) : 0.0;
                    double gr = grDb[b][d];
                    gr += (target - gr) * (target < gr ? ac : rc);
                    grDb[b][d] = gr;
                    float next = (float) Dsp.dbToGain(gr);
                    gs = (next - g) / STEP;
                }
                float va = xa[i];
                double p = xb == null ? (double) va * va : 0.5 * ((double) va * va + (double) xb[i] * xb[i]);
                msv += (p - msv) * msc;
                g += gs;
                // make-up and solo are ramps, read without advancing them (both detectors see the same)
                float k = g * (flat ? still : mk.peek(i + 1) * au.peek(i + 1));
                xa[i] = va * k;
                if (xb != null) xb[i] = xb[i] * k;
                ph = ph + 1 == STEP ? 0 : ph + 1;
            }
            if (!(Math.abs(msv) < 1e30)) msv = 0; // a non-finite input must not stick in the detector
            if (!Double.isFinite(grDb[b][d]) || !Float.isFinite(g) || !Float.isFinite(gs)) { // nor in the gain
                grDb[b][d] = 0;
                g = 1f;
                gs = 0f;
            }
            ms[b][d] = msv < 1e-30 ? 0 : msv;
            gainNow[b][d] = g;
            gainStep[b][d] = gs;
        }
    }
}
