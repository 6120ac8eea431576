package org.jackdesk.engine.fx;

import org.jackdesk.engine.dsp.Biquad;
import org.jackdesk.engine.dsp.Dsp;
import org.jackdesk.engine.dsp.Rbj;

/**
 * Hall and room: a feedback delay network (Jot and Chaigne, "Digital delay networks for designing
 * artificial reverberators", AES 90th Convention, 1991, preprint 3030; Smith, <i>Physical Audio
 * Signal Processing</i>, "Feedback Delay Networks"): 16 (hall) or 8 (room) delay lines of
 * incommensurate lengths fed back through a normalised Hadamard matrix, computed as a fast
 * Walsh–Hadamard transform (orthogonal, so the network is lossless before its absorption).
 *
 * <ul>
 *   <li><b>Absorption (Jot's method):</b> each line multiplies by its own gain so that the decay is
 *   the same on every line: −60·d/(fs·T60) dB per pass of d samples. The gain per band comes from a
 *   low shelf at the crossover (T60 × bass below it) and a high shelf at the damping frequency
 *   (T60 × (1 − damping) above it), RBJ cookbook shelves with the dB gains computed per line.</li>
 *   <li><b>Input diffusion:</b> pre-delay, then four Schroeder allpasses (4.8, 3.6, 12.7, 9.3 ms,
 *   g 0.75/0.75/0.625/0.625: the input diffusers of Dattorro's figure), spread over the lines with
 *   the signs of one Hadamard row.</li>
 *   <li><b>Modulation:</b> every line's length moves slowly (0.1–0.6 Hz, ±0.3 ms hall, ±0.15 ms
 *   room), read with third-order Lagrange interpolation, against metallic ringing of fixed modes.</li>
 *   <li><b>Output and width:</b> left and right are two further (orthogonal) Hadamard rows of the
 *   lines, so the two sides are decorrelated; width scales their side signal (0 mono).</li>
 * </ul>
 *
 * <p>Memory: every line at size 100 %, the 200 ms pre-delay and the diffusers at the engine's
 * sample rate, allocated in {@link #prepare}. Thread: see {@link FxUnit}.
 */
final class FdnReverb implements FxUnit {
    static final float[] HALL_MS = {29.3f, 33.7f, 37.1f, 41.9f, 45.7f, 49.3f, 53.9f, 58.1f,
            62.3f, 66.7f, 71.3f, 75.1f, 79.9f, 85.3f, 90.7f, 97.3f};
    static final float[] ROOM_MS = {13.7f, 16.1f, 19.3f, 22.9f, 25.7f, 29.3f, 33.1f, 37.9f};
    private static final float[] DIFF_MS = {4.77f, 3.60f, 12.73f, 9.31f};
    private static final float[] DIFF_G = {0.75f, 0.75f, 0.625f, 0.625f};
    private static final float MAX_PREDELAY_MS = 200f;
    /** How far a size change moves a line per sample (glide, no click). */
    private static final double SIZE_GLIDE = 0.1;

    private final int n;
    private final float[] baseMs;
    private final float modMs;
    private final Line[] lines;
    private final Biquad[] low, high;
    private final float[] gain;
    private final double[] len, lenTarget, pos, endPos, lfoPhase, lfoHz;
    private final float[] x;
    private final float[] inSign, outL, outR;
    /** The Hadamard matrix's normalisation, 1/√n (exactly 0.25 for the hall's 16 lines). */
    private final float mixNorm;
    private final Line pre = new Line();
    private final Line[] diff = new Line[4];
    /** The lines, the pre-delay and the diffusers: what a clear zeroes. */
    private final Line[] memory;
    private final int[] diffLen = new int[4];
    private final double[] coef = new double[5];
    private float fs = 48000f;

    private boolean dirty = true;
    private float decayS, predelayMs, sizePct, dampingPct, dampFreqHz, bass, crossoverHz, widthPct;
    private int preSamples;
    private float width = 1f;
    /** Whether the low and the high shelf do anything (bass 1 and damping 0 leave them flat, and skipped). */
    private boolean lowOn, highOn;
    /** Cleared and not run since: its lines are empty, so a size set meanwhile applies at once instead of gliding. */
    private boolean fresh = true;
    private double longestT60 = 2;

    private FdnReverb(float[] baseMs, float modMs) {
        this.n = baseMs.length;
        this.baseMs = baseMs;
        this.modMs = modMs;
        lines = new Line[n];
        low = new Biquad[n];
        high = new Biquad[n];
        gain = new float[n];
        len = new double[n];
        lenTarget = new double[n];
        pos = new double[n];
        endPos = new double[n];
        lfoPhase = new double[n];
        lfoHz = new double[n];
        x = new float[n];
        blockX = new float[n][org.jackdesk.engine.dsp.Dsp.SUB_BLOCK];
        inSign = new float[n];
        outL = new float[n];
        outR = new float[n];
        float norm = mixNorm = (float) (1 / Math.sqrt(n));
        for (int i = 0; i < n; i++) {
            lines[i] = new Line();
            low[i] = new Biquad();
            high[i] = new Biquad();
            inSign[i] = hadamard(n / 2 + 1, i) * norm;
            outL[i] = hadamard(3, i) * norm;
            outR[i] = hadamard(5, i) * norm;
            lfoHz[i] = 0.1 + 0.5 * ((i * 7) % n) / n;
        }
        for (int k = 0; k < 4; k++) diff[k] = new Line();
        memory = new Line[n + 5];
        System.arraycopy(lines, 0, memory, 0, n);
        memory[n] = pre;
        System.arraycopy(diff, 0, memory, n + 1, 4);
    }

    static FdnReverb hall() {
        return new FdnReverb(HALL_MS, 0.3f);
    }

    static FdnReverb room() {
        return new FdnReverb(ROOM_MS, 0.15f);
    }

    /** Entry (row, col) of the Sylvester Hadamard matrix: (−1)^popcount(row & col). */
    private static float hadamard(int row, int col) {
        return (Integer.bitCount(row & col) & 1) == 0 ? 1f : -1f;
    }

    @Override
    public void prepare(float sampleRate) {
        fs = sampleRate;
        for (int i = 0; i < n; i++) lines[i].allocate((int) Math.ceil((baseMs[i] + modMs + 1) * 0.001 * fs) + 64);
        pre.allocate((int) Math.ceil(MAX_PREDELAY_MS * 0.001 * fs) + 2);
        for (int k = 0; k < 4; k++) {
            diffLen[k] = Math.max(1, Math.round(DIFF_MS[k] * 0.001f * fs));
            diff[k].allocate(diffLen[k] + 2);
        }
        dirty = true;
        reset();
    }

    @Override
    public void set(FxParams p) {
        if (p.decayS != decayS || p.predelayMs != predelayMs || p.sizePct != sizePct || p.dampingPct != dampingPct
                || p.dampFreqHz != dampFreqHz || p.bass != bass || p.crossoverHz != crossoverHz || p.widthPct != widthPct) {
            decayS = p.decayS;
            predelayMs = p.predelayMs;
            sizePct = p.sizePct;
            dampingPct = p.dampingPct;
            dampFreqHz = p.dampFreqHz;
            bass = p.bass;
            crossoverHz = p.crossoverHz;
            widthPct = p.widthPct;
            dirty = true;
        }
    }

    private void update() {
        dirty = false;
        double size = Math.min(1.0, Math.max(0.2, sizePct * 0.01));
        double tMid = Math.max(0.05, decayS);
        double tLow = tMid * Math.min(2.0, Math.max(0.5, bass));
        double tHigh = tMid * (1.0 - Math.min(0.9, Math.max(0.0, dampingPct * 0.01)));
        longestT60 = Math.max(tMid, tLow);
        lowOn = tLow != tMid;
        highOn = tHigh != tMid;
        double fx = Math.min(dampFreqHz, 0.45 * fs);
        double fc = Math.min(crossoverHz, 0.45 * fs);
        for (int i = 0; i < n; i++) {
            double d = baseMs[i] * 0.001 * fs * size;
            lenTarget[i] = d;
            double perSec = -60.0 * d / fs;
            gain[i] = (float) Dsp.dbToGain(perSec / tMid);
            Rbj.lowShelf(fs, fc, perSec * (1 / tLow - 1 / tMid), Math.sqrt(0.5), coef);
            low[i].setCoefficients(coef);
            Rbj.highShelf(fs, fx, perSec * (1 / tHigh - 1 / tMid), Math.sqrt(0.5), coef);
            high[i].setCoefficients(coef);
        }
        preSamples = (int) Math.min(pre.capacity(), Math.round(Math.max(0f, predelayMs) * 0.001 * fs));
        width = Math.min(1f, Math.max(0f, widthPct * 0.01f));
    }

    @Override
    public void process(float[] inL, float[] inR, float[] oL, float[] oR, int m) {
        if (dirty) {
            boolean wasLow = lowOn, wasHigh = highOn;
            update();
            // a shelf switched in starts from rest, not from state it had long ago
            if (lowOn && !wasLow) for (Biquad b : low) b.reset();
            if (highOn && !wasHigh) for (Biquad b : high) b.reset();
        }
        double modSamples = modMs * 0.001 * fs;
        if (fresh) {
            fresh = false;
            for (int i = 0; i < n; i++) {
                len[i] = lenTarget[i];
                pos[i] = len[i] + modSamples * Math.sin(2 * Math.PI * lfoPhase[i]);
            }
        }
        // Each line's read position at the end of this sub-block: its length glides to the target,
        // plus its LFO; within the sub-block the position moves linearly.
        for (int i = 0; i < n; i++) {
            double step = lenTarget[i] - len[i], lim = SIZE_GLIDE * m;
            len[i] += step > lim ? lim : (step < -lim ? -lim : step);
            double ph = lfoPhase[i] + lfoHz[i] * m / fs;
            lfoPhase[i] = ph - Math.floor(ph);
            endPos[i] = len[i] + modSamples * Math.sin(2 * Math.PI * lfoPhase[i]);
        }
        if (!perSample && blockSafe(m)) {
            processBlock(inL, inR, oL, oR, m);
            blockSubBlocks++;
        } else {
            processPerSample(inL, inR, oL, oR, m);
        }
        for (int i = 0; i < n; i++) {
            pos[i] = endPos[i];
            low[i].sanitize();
            high[i].sanitize();
        }
    }

    /** Tests: true runs every sub-block sample by sample (the reference the block path must equal bit for bit). */
    boolean perSample;
    /** Sub-blocks the block path ran (tests: that it ran at all). */
    long blockSubBlocks;

    /**
     * Whether every line's reads in this sub-block reach only samples written before it (each read
     * at least {@code m} samples back, and far enough from the buffer's end that no write of the
     * sub-block wraps onto it): then the lines can be read for the whole sub-block first and written
     * after, with exactly the values the per-sample order reads.
     */
    private boolean blockSafe(int m) {
        for (int i = 0; i < n; i++) {
            double lo = Math.min(pos[i], endPos[i]), hi = Math.max(pos[i], endPos[i]);
            if (lo - 1 < m + 1 || hi + m + 4 > lines[i].capacity()) return false;
        }
        return m <= blockU.length;
    }

    private final float[] blockU = new float[org.jackdesk.engine.dsp.Dsp.SUB_BLOCK];
    private final float[] blockL = new float[org.jackdesk.engine.dsp.Dsp.SUB_BLOCK], blockR = new float[org.jackdesk.engine.dsp.Dsp.SUB_BLOCK];
    private final float[][] blockX;

    /**
     * The sub-block line by line instead of sample by sample: the same operations on the same
     * values in the same order per line and per sample (so the same bits as {@link #processPerSample}),
     * but each line's reads, shelves and writes run over its own contiguous samples, and the
     * Hadamard mix and the output sums over arrays of samples. Reads come first: a read {@code s}
     * samples into the sub-block asks for {@code s} more samples back, since the line's write
     * position has not moved yet.
     */
    private void processBlock(float[] inL, float[] inR, float[] oL, float[] oR, int m) {
        final float[] u = blockU, l = blockL, r = blockR;
        for (int s = 0; s < m; s++) {
            float v = 0.5f * (inL[s] + inR[s]);
            pre.write(v);
            u[s] = pre.read(preSamples);
        }
        for (int k = 0; k < 4; k++) {
            float g = DIFF_G[k];
            Line dl = diff[k];
            int dlen = diffLen[k] - 1;
            for (int s = 0; s < m; s++) {
                float d = dl.read(dlen);
                float v = u[s] + g * d;
                dl.write(v);
                u[s] = d - g * v;
            }
        }
        java.util.Arrays.fill(l, 0, m, 0f);
        java.util.Arrays.fill(r, 0, m, 0f);
        for (int i = 0; i < n; i++) {
            Line line = lines[i];
            Biquad lo = low[i], hi = high[i];
            float[] xi = blockX[i];
            double p0 = pos[i], dp = endPos[i] - pos[i];
            float gi = gain[i], ol = outL[i], or = outR[i];
            for (int s = 0; s < m; s++) {
                double frac = (double) (s + 1) / m;
                double p = p0 + dp * frac;
                float v = line.readCubic(p - 1 - s);
                if (lowOn) v = (float) lo.tick(v);
                if (highOn) v = (float) hi.tick(v);
                v = gi * v;
                xi[s] = v;
                l[s] += ol * v;
                r[s] += or * v;
            }
        }
        float[][] xs = blockX;
        for (int h = 1; h < n; h <<= 1) {
            for (int i = 0; i < n; i += h << 1) {
                for (int j = i; j < i + h; j++) {
                    float[] a = xs[j], b = xs[j + h];
                    for (int s = 0; s < m; s++) {
                        float av = a[s], bv = b[s];
                        a[s] = av + bv;
                        b[s] = av - bv;
                    }
                }
            }
        }
        float norm = mixNorm;
        for (int i = 0; i < n; i++) {
            float[] xi = xs[i];
            Line line = lines[i];
            float sign = inSign[i];
            for (int s = 0; s < m; s++) {
                float v = xi[s] * norm + sign * u[s];
                line.write(Math.abs(v) < 1e-25f ? 0f : v);
            }
        }
        float w = width;
        for (int s = 0; s < m; s++) {
            float mid = 0.5f * (l[s] + r[s]), side = 0.5f * (l[s] - r[s]) * w;
            oL[s] = mid + side;
            oR[s] = mid - side;
        }
    }

    /** The sub-block sample by sample: the reference, and the path when a line is shorter than a sub-block. */
    private void processPerSample(float[] inL, float[] inR, float[] oL, float[] oR, int m) {
        final int nn = n;
        final float[] xs = x;
        float w = width;
        for (int s = 0; s < m; s++) {
            float u = 0.5f * (inL[s] + inR[s]);
            pre.write(u);
            u = pre.read(preSamples);
            for (int k = 0; k < 4; k++) {
                float g = DIFF_G[k];
                float d = diff[k].read(diffLen[k] - 1);
                float v = u + g * d;
                diff[k].write(v);
                u = d - g * v;
            }
            float l = 0f, r = 0f;
            double frac = (double) (s + 1) / m;
            for (int i = 0; i < nn; i++) {
                double p = pos[i] + (endPos[i] - pos[i]) * frac;
                float v = lines[i].readCubic(p - 1);
                if (lowOn) v = (float) low[i].tick(v);
                if (highOn) v = (float) high[i].tick(v);
                v = gain[i] * v;
                xs[i] = v;
                l += outL[i] * v;
                r += outR[i] * v;
            }
            hadamardInPlace(xs, nn, mixNorm);
            for (int i = 0; i < nn; i++) {
                float v = xs[i] + inSign[i] * u;
                lines[i].write(Math.abs(v) < 1e-25f ? 0f : v);
            }
            float mid = 0.5f * (l + r), side = 0.5f * (l - r) * w;
            oL[s] = mid + side;
            oR[s] = mid - side;
        }
    }

    /** Normalised fast Walsh–Hadamard transform (Sylvester order) of {@code v[0..n)}. */
    private static void hadamardInPlace(float[] v, int n, float norm) {
        for (int h = 1; h < n; h <<= 1) {
            for (int i = 0; i < n; i += h << 1) {
                for (int j = i; j < i + h; j++) {
                    float a = v[j], b = v[j + h];
                    v[j] = a + b;
                    v[j + h] = a - b;
                }
            }
        }
        for (int i = 0; i < n; i++) v[i] *= norm;
    }

    @Override
    public long tailSamples() {
        return (long) Math.ceil((predelayMs * 0.001 + 0.05 + 2.5 * longestT60) * fs);
    }

    @Override
    public Line[] lines() {
        return memory;
    }

    @Override
    public void resetState() {
        for (int i = 0; i < n; i++) {
            low[i].reset();
            high[i].reset();
            lfoPhase[i] = (double) i / n;
        }
        if (dirty) update();
        fresh = true;
        for (int i = 0; i < n; i++) {
            len[i] = lenTarget[i];
            pos[i] = len[i] + modMs * 0.001 * fs * Math.sin(2 * Math.PI * lfoPhase[i]);
        }
    }
}
