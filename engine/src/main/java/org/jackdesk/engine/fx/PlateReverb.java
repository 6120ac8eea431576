package org.jackdesk.engine.fx;

/**
 * Plate: Jon Dattorro, "Effect Design Part 1: Reverberator and Other Filters", J. Audio Eng. Soc.
 * 45(9), 1997, figure 1 and table 1/2 — pre-delay, the bandwidth low-pass, four input diffusers
 * (142, 107, 379, 277 samples; 0.75, 0.75, 0.625, 0.625), the figure-eight tank (modulated
 * allpasses 672 and 908 with decay diffusion 1 = 0.70, delays 4453/4217, damping low-passes,
 * allpasses 1800/2656 with decay diffusion 2 = 0.50, delays 3720/3163) and the paper's 14 output
 * taps (table 2). The paper's lengths are for 29 761 Hz; here every length and tap is scaled to
 * the sample rate (and by {@code size}), and the tank allpasses' excursion of 16 samples is read
 * with third-order Lagrange interpolation, not whole samples.
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
    private final int[] inLen = new int[4];
    private final int[] tapL = new int[7], tapR = new int[7];
    private float fs = 48000f;
    private double scale = 1;
    private int lModL, lDel1L, lAp2L, lDel2L, lModR, lDel1R, lAp2R, lDel2R;
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
        double r = fs / PAPER_FS;
        // A size change rescales the lines at once: the plate's tank is short, and this runs only
        // when the size is moved (documented as not click-free in docs/fx.md).
        double rs = r * (0.5 + 0.5 * size);
        if (rs != scale) {
            scale = rs;
            for (int k = 0; k < 4; k++) inLen[k] = len(IN_LEN[k], rs);
            lModL = len(MOD_L, rs);
            lDel1L = len(DEL1_L, rs);
            lAp2L = len(AP2_L, rs);
            lDel2L = len(DEL2_L, rs);
            lModR = len(MOD_R, rs);
            lDel1R = len(DEL1_R, rs);
            lAp2R = len(AP2_R, rs);
            lDel2R = len(DEL2_R, rs);
            for (int k = 0; k < 7; k++) {
                tapL[k] = len(TAPS_L[k], rs);
                tapR[k] = len(TAPS_R[k], rs);
            }
            excursion = EXCURSION * rs;
        }
        double loop = lModL + lDel1L + lAp2L + lDel2L + lModR + lDel1R + lAp2R + lDel2R;
        double t60 = Math.max(0.05, decayS);
        longestT60 = t60;
        decay = (float) Math.min(0.9999, Math.pow(10, -3 * loop * LOOP_CALIBRATION / (4 * fs * t60)));
        damp = 0.0005f + 0.8f * Math.min(0.9f, Math.max(0f, dampingPct * 0.01f)) / 0.9f;
        preSamples = (int) Math.min(pre.capacity(), Math.round(Math.max(0f, predelayMs) * 0.001 * fs));
        width = Math.min(1f, Math.max(0f, widthPct * 0.01f));
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
        // The 1 Hz LFO, evaluated at the sub-block's ends and interpolated linearly between them.
        double sn0 = Math.sin(2 * Math.PI * lfo), cs0 = Math.cos(2 * Math.PI * lfo);
        lfo += (double) m / fs;
        lfo -= Math.floor(lfo);
        double dsn = (Math.sin(2 * Math.PI * lfo) - sn0) / m, dcs = (Math.cos(2 * Math.PI * lfo) - cs0) / m;
        float dc = decay, dm = damp, w = width;
        for (int s = 0; s < m; s++) {
            pre.write(0.5f * (inLs[s] + inRs[s]));
            float x = pre.read(preSamples);
            bw = flush(BANDWIDTH * x + (1f - BANDWIDTH) * bw);
            float u = bw;
            for (int k = 0; k < 4; k++) u = allpass(in[k], inLen[k], IN_G[k], u);
            double sn = sn0 + dsn * (s + 1), cs = cs0 + dcs * (s + 1);
            // left half of the tank
            float a = allpass(modL, lModL + excursion * sn, DECAY_DIFF_1, u + dc * lastR);
            del1L.write(flush(a));
            dampStateL = flush((1f - dm) * del1L.read(lDel1L) + dm * dampStateL);
            float c = allpass(ap2L, lAp2L, DECAY_DIFF_2, dampStateL * dc);
            del2L.write(c);
            float nextL = del2L.read(lDel2L);
            // right half
            float ar = allpass(modR, lModR + excursion * cs, DECAY_DIFF_1, u + dc * lastL);
            del1R.write(flush(ar));
            dampStateR = flush((1f - dm) * del1R.read(lDel1R) + dm * dampStateR);
            float cr = allpass(ap2R, lAp2R, DECAY_DIFF_2, dampStateR * dc);
            del2R.write(cr);
            lastR = del2R.read(lDel2R);
            lastL = nextL;
            float yl = del1R.read(tapL[0]) + del1R.read(tapL[1]) - ap2R.read(tapL[2]) + del2R.read(tapL[3])
                    - del1L.read(tapL[4]) - ap2L.read(tapL[5]) - del2L.read(tapL[6]);
            float yr = del1L.read(tapR[0]) + del1L.read(tapR[1]) - ap2L.read(tapR[2]) + del2L.read(tapR[3])
                    - del1R.read(tapR[4]) - ap2R.read(tapR[5]) - del2R.read(tapR[6]);
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
        if (dirty) update();
    }
}
