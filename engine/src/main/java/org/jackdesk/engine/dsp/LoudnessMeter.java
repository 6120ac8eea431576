package org.jackdesk.engine.dsp;

import java.util.Arrays;

/**
 * Loudness meter after ITU-R BS.1770-4 and EBU R128 (EBU Tech 3341 for momentary, short-term and
 * integrated loudness; EBU Tech 3342 for loudness range).
 *
 * <ul>
 *   <li>K-weighting: the BS.1770 pre-filter (high shelf) and RLB high-pass, derived for any sample
 *       rate by the bilinear-transform formulas used by libebur128 and pyloudnorm; at 48 kHz they
 *       reproduce the BS.1770-4 table to 1e-8.</li>
 *   <li>Channel weights: 1.0 for L, R, C; 0 for LFE and 1.41 for Ls, Rs when the meter has 6
 *       channels (ITU order L R C LFE Ls Rs); 1.0 otherwise.</li>
 *   <li>Energy is summed per 100 ms sub-block into a ring of 30 sub-blocks: momentary = the last 4
 *       (400 ms), short-term = the last 30 (3 s), both updated at 10 Hz.</li>
 *   <li>Integrated: every 100 ms the 400 ms block (75 % overlap) goes into a
 *       {@link LoudnessHistogram} (bounded memory for any duration); gating at -70 LUFS absolute
 *       and -10 LU relative.</li>
 *   <li>Loudness range: short-term values every 100 ms (once 3 s have elapsed) into a second
 *       histogram; gates -70 LUFS absolute and -20 LU relative to their power mean; LRA = 95th
 *       minus 10th percentile.</li>
 *   <li>True peak: {@link TruePeak} (4x polyphase, BS.1770-4 Annex 2); sample peak: max |x|. The
 *       samples are staged per channel and interpolated {@value #TP_STAGE} at a time (the
 *       interpolator's loops run about 2x faster on 256 samples than on a 32-frame sub-block), so
 *       {@link #truePeakDbtpLagged()} may lag by up to {@value #TP_STAGE} - 1 samples;
 *       {@link #truePeakDbtp()} first interpolates what is staged. True peak can be left out
 *       ({@link #LoudnessMeter(int, boolean)}), e.g. to compare with meters that do not measure
 *       it; every user-facing meter keeps it on.</li>
 * </ul>
 *
 * <p>Getters return LUFS/LU/dBTP/dBFS; "nothing measured yet" is {@code Double.NEGATIVE_INFINITY}
 * (never NaN), and {@link #hasIntegrated()} says whether any block passed the gates.
 *
 * <p>Thread: {@link #process} on the audio thread (no allocation, no locks); the getters on the same
 * thread (the integrated and LRA getters scan 8000 bins, a few microseconds). A live console
 * publishes the values it needs to control through its meter snapshot.
 */
public final class LoudnessMeter {
    private static final int RING = 30; // 3 s of 100 ms sub-blocks
    /** Samples per channel interpolated at once by the true-peak detectors. */
    public static final int TP_STAGE = 256;

    private final int channels;
    private final double[] weight;
    private float sampleRate;
    /** Frames K-weighted at once (the size of the scratch buffer the cascade runs in). */
    private static final int KW_STAGE = 256;
    private final double[] pre = new double[5];
    private final double[] rlb = new double[5];
    /** Per channel {pre-filter, RLB high-pass}: the K-weighting as a biquad cascade. */
    private final Biquad[][] kWeight;
    private final float[] kwStage = new float[KW_STAGE];
    private final TruePeak[] truePeak; // null when measured without true peak
    private final float[][] tpStage;
    private int tpFill;

    private int subBlockFrames;
    private int subBlockFill;
    private double subBlockSum;
    private final double[] ring = new double[RING];
    private int ringPos;
    private long subBlocks;

    /** The 400 ms blocks (integrated loudness) and the 3 s short-term values (loudness range). */
    private final LoudnessHistogram blocks = new LoudnessHistogram(), shortTerms = new LoudnessHistogram();

    private double momentaryEnergy;
    private double shortTermEnergy;
    private double maxMomentaryEnergy;
    private double maxShortTermEnergy;
    private float truePeakLin;
    private float samplePeakLin;

    /** A meter with true peak (BS.1770-4 Annex 2), as every meter shown to a user. */
    public LoudnessMeter(int channels) {
        this(channels, true);
    }

    /**
     * @param truePeak false to leave out the 4x true-peak detector (most of the meter's cost):
     *     {@link #truePeakDbtp()} then reports {@code -inf}; everything else is unchanged
     */
    public LoudnessMeter(int channels, boolean truePeak) {
        if (channels < 1) throw new IllegalArgumentException("channels: " + channels);
        this.channels = channels;
        weight = new double[channels];
        Arrays.fill(weight, 1.0);
        if (channels == 6) {
            weight[3] = 0.0;
            weight[4] = 1.41;
            weight[5] = 1.41;
        }
        kWeight = new Biquad[channels][2];
        for (int c = 0; c < channels; c++) {
            kWeight[c][0] = new Biquad();
            kWeight[c][1] = new Biquad();
        }
        if (truePeak) {
            this.truePeak = new TruePeak[channels];
            for (int c = 0; c < channels; c++) this.truePeak[c] = new TruePeak();
            tpStage = new float[channels][TP_STAGE];
        } else {
            this.truePeak = null;
            tpStage = null;
        }
    }

    /** Whether this meter measures true peak. */
    public boolean measuresTruePeak() {
        return truePeak != null;
    }

    public int channels() {
        return channels;
    }

    /**
     * Computes the K-weighting filters for {@code fs}: {@code pre} (stage 1, high shelf) and
     * {@code rlb} (stage 2, high-pass) as {b0,b1,b2,a1,a2}. Bilinear transform of the analogue
     * prototypes with the constants from libebur128 / pyloudnorm (f0, gain and Q fitted to the
     * BS.1770-4 48 kHz table).
     */
    public static void kWeighting(double fs, double[] pre, double[] rlb) {
        double f0 = 1681.974450955533, g = 3.999843853973347, q = 0.7071752369554196;
        double k = Math.tan(Math.PI * f0 / fs);
        double vh = Math.pow(10.0, g / 20.0);
        double vb = Math.pow(vh, 0.4996667741545416);
        double a0 = 1.0 + k / q + k * k;
        pre[0] = (vh + vb * k / q + k * k) / a0;
        pre[1] = 2.0 * (k * k - vh) / a0;
        pre[2] = (vh - vb * k / q + k * k) / a0;
        pre[3] = 2.0 * (k * k - 1.0) / a0;
        pre[4] = (1.0 - k / q + k * k) / a0;

        f0 = 38.13547087602444;
        q = 0.5003270373238773;
        k = Math.tan(Math.PI * f0 / fs);
        a0 = 1.0 + k / q + k * k;
        rlb[0] = 1.0;
        rlb[1] = -2.0;
        rlb[2] = 1.0;
        rlb[3] = 2.0 * (k * k - 1.0) / a0;
        rlb[4] = (1.0 - k / q + k * k) / a0;
    }

    /** Allocates nothing after construction; sets the filters for {@code sampleRate} and resets. */
    public void prepare(float sampleRate, int maxFrames) {
        this.sampleRate = sampleRate;
        kWeighting(sampleRate, pre, rlb);
        for (Biquad[] kw : kWeight) {
            kw[0].setCoefficients(pre);
            kw[1].setCoefficients(rlb);
        }
        subBlockFrames = Math.max(1, Math.round(sampleRate / 10f));
        reset();
    }

    /** Forgets everything measured (integrated, LRA, maxima, peaks); keeps the sample rate. */
    public void reset() {
        for (Biquad[] kw : kWeight) {
            kw[0].reset();
            kw[1].reset();
        }
        if (truePeak != null) for (TruePeak t : truePeak) t.reset();
        tpFill = 0;
        subBlockFill = 0;
        subBlockSum = 0;
        Arrays.fill(ring, 0);
        ringPos = 0;
        subBlocks = 0;
        blocks.reset();
        shortTerms.reset();
        momentaryEnergy = 0;
        shortTermEnergy = 0;
        maxMomentaryEnergy = 0;
        maxShortTermEnergy = 0;
        truePeakLin = 0;
        samplePeakLin = 0;
    }

    /** Measures {@code bufs[c][off..off+n)}; the buffers are not modified. */
    public void process(float[][] bufs, int off, int n) {
        if (subBlockFrames == 0) throw new IllegalStateException("prepare() first");
        int done = 0;
        while (done < n) {
            int m = Math.min(n - done, subBlockFrames - subBlockFill);
            double sum = 0;
            int from = off + done;
            if (truePeak != null) stageTruePeak(bufs, from, m);
            if (channels == 2) {
                sum = filterEnergy(0, bufs[0], from, m) + filterEnergy(1, bufs[1], from, m); // both weights are 1
            } else {
                for (int c = 0; c < channels; c++) {
                    float[] x = bufs[c];
                    if (weight[c] != 0.0) sum += weight[c] * filterEnergy(c, x, from, m);
                    else samplePeak(x, from, m);
                }
            }
            subBlockSum += sum;
            subBlockFill += m;
            done += m;
            if (subBlockFill == subBlockFrames) endSubBlock();
        }
    }

    /** Copies into the per-channel stage; interpolates whenever it is full. */
    private void stageTruePeak(float[][] bufs, int from, int m) {
        while (m > 0) {
            int k = Math.min(m, TP_STAGE - tpFill);
            for (int c = 0; c < channels; c++) System.arraycopy(bufs[c], from, tpStage[c], tpFill, k);
            tpFill += k;
            from += k;
            m -= k;
            if (tpFill == TP_STAGE) flushTruePeak();
        }
    }

    private void flushTruePeak() {
        int n = tpFill;
        if (n == 0) return;
        float max = truePeakLin;
        for (int c = 0; c < channels; c++) {
            // chunks that provably stay below the running maximum are not interpolated
            float tp = truePeak[c].processMax(tpStage[c], 0, n, max);
            if (tp > max) max = tp; // '>' : a NaN never becomes the maximum
        }
        truePeakLin = max;
        tpFill = 0;
    }

    private void samplePeak(float[] x, int from, int m) {
        float sp = samplePeakLin;
        for (int i = from, end = from + m; i < end; i++) {
            float a = Math.abs(x[i]);
            if (a > sp) sp = a;
        }
        samplePeakLin = sp;
    }

    /**
     * K-weights channel c (BS.1770-4 eq. stage 1 + stage 2, through the shared biquad cascade
     * kernel) and returns the sum of squares; non-finite samples are measured as silence.
     */
    private double filterEnergy(int c, float[] x, int from, int m) {
        float[] k = kwStage;
        Biquad[] kw = kWeight[c];
        double sum = 0;
        float sp = samplePeakLin;
        for (int done = 0; done < m; ) {
            int len = Math.min(KW_STAGE, m - done);
            for (int i = 0, j = from + done; i < len; i++, j++) {
                float xi = x[j];
                if (!(Math.abs(xi) <= Float.MAX_VALUE)) xi = 0f;
                float a = Math.abs(xi);
                if (a > sp) sp = a;
                k[i] = xi;
            }
            Biquad.cascade(k, 0, len, kw, 2);
            for (int i = 0; i < len; i++) {
                double v = k[i];
                sum += v * v;
            }
            done += len;
        }
        samplePeakLin = sp;
        return sum;
    }

    private void endSubBlock() {
        ring[ringPos] = subBlockSum / subBlockFrames;
        ringPos = ringPos + 1 == RING ? 0 : ringPos + 1;
        subBlocks++;
        subBlockSum = 0;
        subBlockFill = 0;
        double m = 0;
        for (int k = 1; k <= 4; k++) m += ring[(ringPos - k + RING) % RING];
        m *= 0.25;
        double s = 0;
        for (int k = 0; k < RING; k++) s += ring[k];
        s /= RING;
        momentaryEnergy = m;
        shortTermEnergy = s;
        if (subBlocks >= 4) {
            if (m > maxMomentaryEnergy) maxMomentaryEnergy = m;
            blocks.add(m);
        }
        if (subBlocks >= RING) {
            if (s > maxShortTermEnergy) maxShortTermEnergy = s;
            shortTerms.add(s);
        }
    }

    /** Momentary loudness (400 ms), LUFS; -inf before any signal. */
    public double momentaryLufs() {
        return LoudnessHistogram.toLufs(momentaryEnergy);
    }

    /** Short-term loudness (3 s), LUFS; -inf before any signal. */
    public double shortTermLufs() {
        return LoudnessHistogram.toLufs(shortTermEnergy);
    }

    /** Largest momentary loudness of any complete 400 ms block, LUFS; -inf if none. */
    public double maxMomentaryLufs() {
        return LoudnessHistogram.toLufs(maxMomentaryEnergy);
    }

    /** Largest short-term loudness of any complete 3 s window, LUFS; -inf if none. */
    public double maxShortTermLufs() {
        return LoudnessHistogram.toLufs(maxShortTermEnergy);
    }

    /** True when at least one 400 ms block passed the absolute gate (i.e. not silence). */
    public boolean hasIntegrated() {
        return !blocks.isEmpty();
    }

    /** Gated integrated loudness (BS.1770-4 section 2.8), LUFS; -inf when {@link #hasIntegrated()} is false. */
    public double integratedLufs() {
        int start = blocks.relativeGate(10.0);
        return start < 0 ? Double.NEGATIVE_INFINITY : blocks.meanLufsFrom(start);
    }

    /** Loudness range (EBU Tech 3342), LU; 0 when fewer than two short-term values passed the gates. */
    public double loudnessRangeLu() {
        int start = shortTerms.relativeGate(20.0);
        if (start < 0) return 0;
        long gated = shortTerms.countFrom(start);
        if (gated < 2) return 0;
        double lo = shortTerms.percentileLufs(start, gated, 0.10);
        double hi = shortTerms.percentileLufs(start, gated, 0.95);
        return Math.max(0, hi - lo);
    }

    /**
     * Highest true peak so far (4x oversampled), dBTP, over every sample given to {@link #process}
     * (the staged samples are interpolated first); -inf for digital silence or when the meter was
     * made without true peak.
     */
    public double truePeakDbtp() {
        if (truePeak == null) return Double.NEGATIVE_INFINITY;
        flushTruePeak();
        return truePeakDbtpLagged();
    }

    /**
     * As {@link #truePeakDbtp()} but without interpolating the staged samples: the last up to
     * {@value #TP_STAGE} - 1 samples (5.3 ms at 48 kHz) may not be included yet. For a live meter
     * polled every engine cycle, where it keeps the interpolation in 256-sample runs.
     */
    public double truePeakDbtpLagged() {
        if (truePeak == null) return Double.NEGATIVE_INFINITY;
        // The interpolator never reads below the sample peak by construction (phase 0 is the sample).
        return toDb(Math.max(truePeakLin, samplePeakLin));
    }

    /** Highest sample magnitude so far, dBFS; -inf for digital silence. */
    public double samplePeakDbfs() {
        return toDb(samplePeakLin);
    }

    private static double toDb(float lin) {
        return lin > 0 ? 20.0 * Math.log10(lin) : Double.NEGATIVE_INFINITY;
    }

    public float sampleRate() {
        return sampleRate;
    }
}
