package org.jackdesk.engine.fx;

/**
 * Plate: Jon Dattorro, "Effect Design Part 1: Reverberator and Other Filters", J. Audio Eng. Soc.
 * 45(9), 1997, figure 1 and table 1/2 — pre-delay, the bandwidth low-pass, four input diffusers
 * (142, 107, 379, 277 samples; 0.75, 0.75, 0.625, 0.625), the figure-eight tank (modulated
 * allpasses 672 and 908 with decay diffusion 1 = 0.70, delays 4453/4217, damping low-passes,
 * allpasses 1800/2656 with decay diffusion 2 = 0.50, delays 3720/3163) and the paper's 14 output
 * taps (table 2). The paper's lengths are for 29 761 Hz; here every length and tap is scaled to
 * the sample rate (and by {@code size}), and the tank allpasses' excursion of 16 samples is read
 * with third-order Lagrange interpolation, not whole samples. A {@code size} change glides: every
 * length and tap moves towards its new whole number of samples by at most one sample per
 * sub-block, continuously (1/32 sample per sample, read interpolated while it moves; exact reads at
 * rest), so sweeping the size never clicks.
 *
 * <p>The decay gain follows the set T60: a signal passes four decay multipliers per round of the
 * figure-eight (loop length L samples), so decay = 10^(−3·L·k / (4·fs·T60)) (at most 0.9999), with
 * k = {@link #LOOP_CALIBRATION} from the measured decay.
 * Damping sets the tank low-passes' coefficient (0.0005 at 0 %, the paper's default, to 0.8 at
 * 90 %). Thread: see {@link FxUnit}.
 */
final class PlateReverb implements FxUnit {
    private static final double PAPER_FS = 29761.0;
    private static final int[] IN_LEN = {142, 107, 379, 277};
    private static final float[] IN_G = {0.75f, 0.75f, 0.625f, 0.625f};
    private static final int MOD_L = 672, DEL1_L = 4453, AP2_L = 1800, DEL2_L = 3720;
    private static final int MOD_R = 908, DEL1_R = 4217, AP2_R = 2656, DEL2_R = 3163;
    private static final double EXCURSION = 16;
    private static final float DECAY_DIFF_1 = -0.70f, DECAY_DIFF_2 = 0.50f, BANDWIDTH = 0.9995f;
    private static final int[] TAPS_L = {266, 2974, 1913, 1996, 1990, 187, 1066};
    private static final int[] TAPS_R = {353, 3627, 1228, 2673, 2111, 335, 121};
    private static final float MAX_PREDELAY_MS = 200f;
    /**
     * The tank's allpasses spread each pass over several of their lengths, so the decay measured
     * (T30, 500 Hz octave, docs/fx.md) came out 4–8 % longer than the plain loop length predicts;
     * the loop is counted this much longer to meet the set decay.
     */
    private static final double LOOP_CALIBRATION = 1.06;

    private final Line pre = new Line();
    private final Line[] in = {new Line(), new Line(), new Line(), new Line()};
    private final Line modL = new Line(), del1L = new Line(), ap2L = new Line(), del2L = new Line();
    private final Line modR = new Line(), del1R = new Line(), ap2R = new Line(), del2R = new Line();
    /** Every line: what a clear zeroes. */
    private final Line[] memory = {pre, in[0], in[1], in[2], in[3], modL, del1L, ap2L, del2L, modR, del1R, ap2R, del2R};
    /**
     * The paper's lengths (samples at 29 761 Hz) of every read: the input diffusers, the left tank
     * (modulated allpass, delay 1, allpass 2, delay 2), the right tank, then the left and right
     * output taps (table 2). Indexed by the constants below, as {@link #target} and {@link #cur}.
     */
    private static final int[] PAPER = {IN_LEN[0], IN_LEN[1], IN_LEN[2], IN_LEN[3],
            MOD_L, DEL1_L, AP2_L, DEL2_L, MOD_R, DEL1_R, AP2_R, DEL2_R,
            TAPS_L[0], TAPS_L[1], TAPS_L[2], TAPS_L[3], TAPS_L[4], TAPS_L[5], TAPS_L[6],
            TAPS_R[0], TAPS_R[1], TAPS_R[2], TAPS_R[3], TAPS_R[4], TAPS_R[5], TAPS_R[6]};
    private static final int IN = 0, ML = 4, D1L = 5, A2L = 6, D2L = 7, MR = 8, D1R = 9, A2R = 10, D2R = 11,
            TL = 12, TR = 19, READS = 26;
    /** Each read's length for the set size (whole samples), and where it is (gliding there). */
    private final int[] target = new int[READS];
    private final double[] cur = new double[READS];
    /** This sub-block's start and move of each read (the move at most one sample, {@link #process}). */
    private final double[] from = new double[READS], delta = new double[READS];
    /** Whether any read moves in this sub-block; at rest every read is {@link #whole} (the at-rest case: plain reads). */
    private boolean moving;
    private final int[] whole = new int[READS];
    private float fs = 48000f;
    /** Cleared and not run since: a size change applies at once instead of gliding. */
    private boolean fresh = true;
    /** The decay gain needs computing again (the decay time or a tank length changed). */
    private boolean decayDirty = true;
    private double t60 = 2;
    private double excursion;

    private boolean dirty = true;
    private float decayS, predelayMs, dampingPct, widthPct, sizePct;
    private int preSamples;
    private float decay, damp, width;
    private double longestT60 = 2;

    // signal state
    private float bw, dampStateL, dampStateR, lastL, lastR;
    private double lfo;

    @Override
    public void prepare(float sampleRate) {
        fs = sampleRate;
        double r = fs / PAPER_FS;
        pre.allocate((int) Math.ceil(MAX_PREDELAY_MS * 0.001 * fs) + 2);
        for (int k = 0; k < 4; k++) in[k].allocate(len(IN_LEN[k], r) + 2);
        modL.allocate(len(MOD_L + EXCURSION + 2, r) + 2);
        modR.allocate(len(MOD_R + EXCURSION + 2, r) + 2);
        del1L.allocate(len(DEL1_L, r) + 2);
        del1R.allocate(len(DEL1_R, r) + 2);
        ap2L.allocate(len(AP2_L, r) + 2);
        ap2R.allocate(len(AP2_R, r) + 2);
        del2L.allocate(len(DEL2_L, r) + 2);
        del2R.allocate(len(DEL2_R, r) + 2);
        dirty = true;
        reset();
    }

    private static int len(double paperSamples, double r) {
        return Math.max(1, (int) Math.round(paperSamples * r));
    }

    @Override
    public void set(FxParams p) {
        if (p.decayS != decayS || p.predelayMs != predelayMs || p.dampingPct != dampingPct || p.widthPct != widthPct
                || p.sizePct != sizePct) {
            decayS = p.decayS;
            predelayMs = p.predelayMs;
            dampingPct = p.dampingPct;
            widthPct = p.widthPct;
            sizePct = p.sizePct;
            dirty = true;
        }
    }

    private void update() {
        dirty = false;
        double size = Math.min(1.0, Math.max(0.2, sizePct * 0.01));
        double rs = fs / PAPER_FS * (0.5 + 0.5 * size);
        for (int k = 0; k < READS; k++) target[k] = len(PAPER[k], rs);
        t60 = Math.max(0.05, decayS);
        longestT60 = t60;
        decayDirty = true;
        damp = 0.0005f + 0.8f * Math.min(0.9f, Math.max(0f, dampingPct * 0.01f)) / 0.9f;
        preSamples = (int) Math.min(pre.capacity(), Math.round(Math.max(0f, predelayMs) * 0.001 * fs));
        width = Math.min(1f, Math.max(0f, widthPct * 0.01f));
    }

    /**
     * Moves every read towards its target by at most one sample over this sub-block ({@link #from},
     * {@link #delta}); the decay gain follows the tank's length.
     */
    private void glide() {
        if (fresh) {
            fresh = false;
            for (int k = 0; k < READS; k++) cur[k] = target[k];
            decayDirty = true;
        }
        boolean mv = false;
        for (int k = 0; k < READS; k++) {
            double d = target[k] - cur[k];
            d = d > 1 ? 1 : d < -1 ? -1 : d;
            from[k] = cur[k];
            delta[k] = d;
            if (d != 0) {
                cur[k] = Math.abs(target[k] - (cur[k] + d)) < 1e-9 ? target[k] : cur[k] + d;
                decayDirty = true;
                mv = true;
            }
        }
        moving = mv;
        // at rest every read sits on its target, a whole number of samples
        if (!mv) System.arraycopy(target, 0, whole, 0, READS);
        if (decayDirty) {
            decayDirty = false;
            double loop = 0;
            for (int k = ML; k <= D2R; k++) loop += cur[k];
            decay = (float) Math.min(0.9999, Math.pow(10, -3 * loop * LOOP_CALIBRATION / (4 * fs * t60)));
            excursion = EXCURSION * cur[ML] / MOD_L;
        }
    }

    /** Read {@code k}: interpolated at its place this sample while gliding, else its whole length. */
    private static float rd(Line line, boolean moving, double[] from, double[] delta, int[] whole, int k, double g) {
        return moving ? line.readFrac(from[k] + delta[k] * g) : line.read(whole[k]);
    }

    private static float allpass(Line line, double delay, float g, float x) {
        float d = line.readCubic(delay - 1);
        float v = x + g * d;
        line.write(flush(v));
        return flush(d - g * v);
    }

    /** Zero for values so small that their decay would reach denormals (the loop's only guard). */
    private static float flush(float v) {
        return Math.abs(v) < 1e-25f ? 0f : v;
    }

    @Override
    public void process(float[] inLs, float[] inRs, float[] oL, float[] oR, int m) {
        if (dirty) update();
        glide();
        // The 1 Hz LFO, evaluated at the sub-block's ends and interpolated linearly between them.
        double sn0 = Math.sin(2 * Math.PI * lfo), cs0 = Math.cos(2 * Math.PI * lfo);
        lfo += (double) m / fs;
        lfo -= Math.floor(lfo);
        double dsn = (Math.sin(2 * Math.PI * lfo) - sn0) / m, dcs = (Math.cos(2 * Math.PI * lfo) - cs0) / m;
        float dc = decay, dm = damp, w = width;
        final double[] f0 = from, dl = delta;
        final int[] wh = whole;
        // One loop for both cases, decided once per sub-block (C2 unswitches it): while the size glides
        // every read interpolates between its start and end of the sub-block; at rest they are plain.
        final boolean mv = moving;
        for (int s = 0; s < m; s++) {
            pre.write(0.5f * (inLs[s] + inRs[s]));
            float x = pre.read(preSamples);
            bw = flush(BANDWIDTH * x + (1f - BANDWIDTH) * bw);
            float u = bw;
            double g = (double) (s + 1) / m;
            for (int k = 0; k < 4; k++) u = allpass(in[k], mv ? f0[IN + k] + dl[IN + k] * g : wh[IN + k], IN_G[k], u);
            double sn = sn0 + dsn * (s + 1), cs = cs0 + dcs * (s + 1);
            // left half of the tank
            float a = allpass(modL, (mv ? f0[ML] + dl[ML] * g : wh[ML]) + excursion * sn, DECAY_DIFF_1, u + dc * lastR);
            del1L.write(flush(a));
            dampStateL = flush((1f - dm) * rd(del1L, mv, f0, dl, wh, D1L, g) + dm * dampStateL);
            float c = allpass(ap2L, mv ? f0[A2L] + dl[A2L] * g : wh[A2L], DECAY_DIFF_2, dampStateL * dc);
            del2L.write(c);
            float nextL = rd(del2L, mv, f0, dl, wh, D2L, g);
            // right half
            float ar = allpass(modR, (mv ? f0[MR] + dl[MR] * g : wh[MR]) + excursion * cs, DECAY_DIFF_1, u + dc * lastL);
            del1R.write(flush(ar));
            dampStateR = flush((1f - dm) * rd(del1R, mv, f0, dl, wh, D1R, g) + dm * dampStateR);
            float cr = allpass(ap2R, mv ? f0[A2R] + dl[A2R] * g : wh[A2R], DECAY_DIFF_2, dampStateR * dc);
            del2R.write(cr);
            lastR = rd(del2R, mv, f0, dl, wh, D2R, g);
            lastL = nextL;
            float yl = rd(del1R, mv, f0, dl, wh, TL, g) + rd(del1R, mv, f0, dl, wh, TL + 1, g)
                    - rd(ap2R, mv, f0, dl, wh, TL + 2, g) + rd(del2R, mv, f0, dl, wh, TL + 3, g)
                    - rd(del1L, mv, f0, dl, wh, TL + 4, g) - rd(ap2L, mv, f0, dl, wh, TL + 5, g)
                    - rd(del2L, mv, f0, dl, wh, TL + 6, g);
            float yr = rd(del1L, mv, f0, dl, wh, TR, g) + rd(del1L, mv, f0, dl, wh, TR + 1, g)
                    - rd(ap2L, mv, f0, dl, wh, TR + 2, g) + rd(del2L, mv, f0, dl, wh, TR + 3, g)
                    - rd(del1R, mv, f0, dl, wh, TR + 4, g) - rd(ap2R, mv, f0, dl, wh, TR + 5, g)
                    - rd(del2R, mv, f0, dl, wh, TR + 6, g);
            yl = flush(0.6f * yl);
            yr = flush(0.6f * yr);
            float mid = 0.5f * (yl + yr), side = 0.5f * (yl - yr) * w;
            oL[s] = mid + side;
            oR[s] = mid - side;
        }
    }

    @Override
    public long tailSamples() {
        return (long) Math.ceil((predelayMs * 0.001 + 0.1 + 2.5 * longestT60) * fs);
    }

    @Override
    public Line[] lines() {
        return memory;
    }

    @Override
    public void resetState() {
        bw = 0f;
        dampStateL = 0f;
        dampStateR = 0f;
        lastL = 0f;
        lastR = 0f;
        lfo = 0;
        fresh = true;
        if (dirty) update();
    }
}
