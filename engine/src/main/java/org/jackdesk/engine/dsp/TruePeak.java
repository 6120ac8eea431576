package org.jackdesk.engine.dsp;

/**
 * True-peak detector for one channel: 4x oversampling by a polyphase FIR interpolator as in
 * ITU-R BS.1770-4 Annex 2, with a longer filter than the Annex's 48 taps (4 phases x 32 taps,
 * Kaiser-windowed sinc, beta 8, each phase normalised to unity DC gain): the interpolating phases
 * are within 0.01 dB of flat up to 20 kHz at 48 kHz (0.13 dB down at 21 kHz), where the Annex
 * filter droops by about 0.6 dB. Phase 0 of a sinc interpolator is the input sample itself, so
 * only phases 1..3 are computed. Content within ~3 kHz of Nyquist is attenuated and under-read,
 * as with every 4x meter.
 *
 * <p>For every input sample i, {@link #process} reports the largest magnitude of the reconstructed
 * signal on the interval [i - DELAY, i - DELAY + 1), i.e. the delayed sample and the three points
 * interpolated after it. The delay is {@link #DELAY} samples.
 *
 * <p>The convolution runs taps-outer, samples-inner over chunks of up to 256 samples so that HotSpot
 * vectorises it (a per-sample dot product is a floating-point reduction, which it does not). It
 * uses the filter's symmetry: phase 2 is symmetric and phase 3 is phase 1 reversed, so each pair of
 * inputs k and TAPS-1-k enters as a sum s and a difference d, and three multiply-adds
 * (e*s, o*d, h2*s) replace six; phase 1 = E + O and phase 3 = E - O (see {@link #interpolate}).
 * Longer chunks amortise the per-tap loop overhead: a caller that only needs a maximum (a meter)
 * should pass 256 samples at a time rather than 32 (see {@link LoudnessMeter}).
 *
 * <p>Thread: audio (or an offline worker); no allocation after construction.
 */
public final class TruePeak {
    /** Oversampling factor. */
    public static final int OVERSAMPLING = 4;
    /** Taps per polyphase branch. */
    public static final int TAPS = 32;
    /** Input samples between a sample entering and its interval being reported. */
    public static final int DELAY = TAPS / 2;
    private static final int CHUNK = 256;
    /** Phases 1..3: H[p-1][k] multiplies x[n - k] for the point at n - DELAY + p/4. */
    private static final float[][] H = design(8.0);
    /** Folded coefficients for pairs k, TAPS-1-k (k < TAPS/2): phase-1 even/odd parts and phase 2. */
    private static final float[] HE = new float[TAPS / 2], HO = new float[TAPS / 2], HM = new float[TAPS / 2];

    static {
        for (int k = 0; k < TAPS / 2; k++) {
            HE[k] = (H[0][k] + H[0][TAPS - 1 - k]) * 0.5f;
            HO[k] = (H[0][k] - H[0][TAPS - 1 - k]) * 0.5f;
            HM[k] = H[1][k];
        }
    }
    /**
     * Largest sum of |coefficients| of any phase: no interpolated value can exceed it times the
     * largest |input| under the filter, which lets whole chunks be skipped when that bound is
     * already below what matters (the running maximum of a meter, a limiter's ceiling).
     */
    static final float GAIN_BOUND = gainBound();

    private static float gainBound() {
        // the coefficients the kernel really applies: phase 1 = E + O, phase 3 = E - O, phase 2 = HM
        double s1 = 0, s2 = 0;
        for (int k = 0; k < TAPS / 2; k++) {
            double e = HE[k], o = HO[k];
            s1 += Math.abs(e + o) + Math.abs(e - o);
            s2 += 2 * Math.abs(HM[k]);
        }
        return (float) (Math.max(1, Math.max(s1, s2)) * 1.001); // float rounding of sums and products
    }

    private final float[] x = new float[TAPS + CHUNK];
    private final float[] a1 = new float[CHUNK]; // E (even part), then phase 1
    private final float[] a2 = new float[CHUNK];
    private final float[] a3 = new float[CHUNK]; // O (odd part), then phase 3
    private final float[] us = new float[CHUNK]; // scratch: x[n - k]
    private final float[] ws = new float[CHUNK]; // scratch: x[n - (TAPS - 1 - k)]
    private final float[] mx = new float[CHUNK];
    private float prevA3;

    static float[][] design(double beta) {
        float[][] h = new float[OVERSAMPLING - 1][TAPS];
        double half = TAPS / 2.0;
        for (int p = 1; p < OVERSAMPLING; p++) {
            double[] c = new double[TAPS];
            double sum = 0;
            for (int k = 0; k < TAPS; k++) {
                double d = DELAY - k - p / (double) OVERSAMPLING; // distance from the interpolated point
                double r = d / half;
                double w = bessel0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / bessel0(beta);
                double sinc = Math.sin(Math.PI * d) / (Math.PI * d);
                c[k] = sinc * w;
                sum += c[k];
            }
            for (int k = 0; k < TAPS; k++) h[p - 1][k] = (float) (c[k] / sum); // unity gain at DC
        }
        return h;
    }

    private static double bessel0(double x) {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 50; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < 1e-12 * sum) break;
        }
        return sum;
    }

    public void reset() {
        java.util.Arrays.fill(x, 0f);
        prevA3 = 0f;
    }

    /**
     * Writes into {@code peaks[pOff + i]} the true-peak magnitude (linear) of the interval that
     * starts at input sample {@code off + i - DELAY}, refined for limiters: where an oversampled
     * point is a local maximum of |v|, the vertex of the parabola through it and its neighbours
     * is taken. At 4x a sine peak can fall between points (up to 0.47 dB low at 20 kHz, 48 kHz);
     * the parabola leaves at most 0.04 dB there.
     */
    public void process(float[] in, int off, int n, float[] peaks, int pOff) {
        process(in, off, n, peaks, pOff, 0f);
    }

    /**
     * As {@link #process(float[], int, int, float[], int)}, but a chunk whose peaks provably stay
     * at or below {@code ignoreBelow} (see {@link #GAIN_BOUND}) is not interpolated: its peaks are
     * reported as 0. A limiter passes its ceiling, which it only needs to compare against.
     */
    public void process(float[] in, int off, int n, float[] peaks, int pOff, float ignoreBelow) {
        float before = prevA3;
        while (n > 0) {
            int m = Math.min(n, CHUNK);
            float bound = load(in, off, m) * GAIN_BOUND;
            if (bound <= ignoreBelow) {
                java.util.Arrays.fill(peaks, pOff, pOff + m, 0f);
                before = 0f;
                shift(m);
                off += m;
                pOff += m;
                n -= m;
                continue;
            }
            interpolate(m);
            float[] x = this.x, a1 = this.a1, a2 = this.a2, a3 = this.a3, u = this.us, mx = this.mx;
            System.arraycopy(x, TAPS - DELAY, u, 0, m); // phase 0: the delayed samples themselves
            for (int i = 0; i < m; i++) { // magnitudes and their maximum, element-wise (vectorised)
                float p0 = Math.abs(u[i]), p1 = Math.abs(a1[i]), p2 = Math.abs(a2[i]), p3 = Math.abs(a3[i]);
                u[i] = p0;
                a1[i] = p1;
                a2[i] = p2;
                a3[i] = p3;
                mx[i] = Math.max(Math.max(p0, p1), Math.max(p2, p3));
            }
            for (int i = 0; i < m; i++) {
                float v = mx[i];
                if (v * 1.25f > ignoreBelow) {
                    // refine at the largest point only (one division per sample); a second local
                    // maximum inside one interval needs content near Nyquist
                    float p0 = u[i], p1 = a1[i], p2 = a2[i], p3 = a3[i], r;
                    if (v == p1) r = vertex(p0, p1, p2);
                    else if (v == p2) r = vertex(p1, p2, p3);
                    else if (v == p3) r = vertex(p2, p3, Math.abs(x[TAPS + i - DELAY + 1]));
                    else r = vertex(i == 0 ? before : a3[i - 1], p0, p1);
                    v = Math.max(v, r);
                }
                peaks[pOff + i] = v;
            }
            before = a3[m - 1];
            shift(m);
            off += m;
            pOff += m;
            n -= m;
        }
        prevA3 = before;
    }

    /** Peak of the parabola through (-1,a), (0,b), (1,c) when b is a local maximum; else b. */
    private static float vertex(float a, float b, float c) {
        float d = 2f * b - a - c;
        if (!(b >= a && b >= c && d > 0f)) return b;
        float e = a - c;
        return b + Math.min(0.25f * b, e * e / (8f * d));
    }

    /** Returns the largest true-peak magnitude (linear) over the next {@code n} samples. */
    public float processMax(float[] in, int off, int n) {
        return processMax(in, off, n, 0f);
    }

    /**
     * As {@link #processMax(float[], int, int)}, but skips the interpolation of chunks that cannot
     * exceed {@code knownMax} (a meter's running maximum); the result is then exact whenever it
     * matters, i.e. max(result, knownMax) is the true running maximum.
     */
    public float processMax(float[] in, int off, int n, float knownMax) {
        float max = 0f;
        while (n > 0) {
            int m = Math.min(n, CHUNK);
            float bound = load(in, off, m) * GAIN_BOUND;
            if (bound <= knownMax) {
                shift(m);
                off += m;
                n -= m;
                continue;
            }
            interpolate(m);
            float[] a1 = this.a1, a2 = this.a2, a3 = this.a3, u = this.us, mx = this.mx;
            System.arraycopy(x, TAPS - DELAY, u, 0, m); // phase 0: the delayed samples themselves
            for (int i = 0; i < m; i++) { // element-wise (vectorised), then one scalar pass
                mx[i] = Math.max(Math.max(Math.abs(u[i]), Math.abs(a1[i])), Math.max(Math.abs(a2[i]), Math.abs(a3[i])));
            }
            for (int i = 0; i < m; i++) {
                float v = mx[i];
                max = v > max ? v : max;
            }
            shift(m);
            off += m;
            n -= m;
        }
        return max;
    }

    /**
     * Copies the chunk in and returns max |x| over every sample its interpolation reads. NaN
     * input is not cleaned here (the limiter cleans its input; the meter compares with '>', so a
     * NaN interpolation never becomes its maximum).
     */
    private float load(float[] in, int off, int m) {
        float[] x = this.x;
        System.arraycopy(in, off, x, TAPS, m);
        float max = 0f;
        for (int i = 1; i < TAPS + m; i++) {
            float a = Math.abs(x[i]);
            max = a > max ? a : max; // a compare-and-move, cheaper than Math.max's NaN handling
        }
        return max;
    }

    /**
     * The three phases over {@code m} samples into a1 (phase 1), a2 (phase 2), a3 (phase 3), by
     * pairs of taps (k, TAPS-1-k): with u = x[n-k], w = x[n-TAPS+1+k], s = u + w, d = u - w,
     * phase 1 = sum(e s + o d), phase 3 = sum(e s - o d), phase 2 = sum(h2 s), where e and o are the
     * even and odd parts of phase 1's pair (phase 3 is phase 1 reversed; phase 2 is symmetric).
     * Each tap's input slice is first copied to a scratch array so that every array in the inner
     * loop is indexed by the same i: HotSpot (17 and 25) vectorises that form, but not
     * a[i] += h * x[k + i] (it cannot prove x and a are different arrays).
     */
    private void interpolate(int m) {
        float[] x = this.x, ev = this.a1, ph2 = this.a2, od = this.a3, u = this.us, w = this.ws;
        float[] he = HE, ho = HO, hm = HM;
        System.arraycopy(x, TAPS, u, 0, m);
        System.arraycopy(x, 1, w, 0, m);
        float e0 = he[0], o0 = ho[0], q0 = hm[0];
        for (int i = 0; i < m; i++) {
            float a = u[i], b = w[i];
            float s = a + b, d = a - b;
            ev[i] = e0 * s;
            od[i] = o0 * d;
            ph2[i] = q0 * s;
        }
        for (int k = 1; k < TAPS / 2; k++) {
            float e = he[k], o = ho[k], q = hm[k];
            System.arraycopy(x, TAPS - k, u, 0, m);
            System.arraycopy(x, 1 + k, w, 0, m);
            for (int i = 0; i < m; i++) {
                float a = u[i], b = w[i];
                float s = a + b, d = a - b;
                ev[i] += e * s;
                od[i] += o * d;
                ph2[i] += q * s;
            }
        }
        for (int i = 0; i < m; i++) {
            float a = ev[i], b = od[i];
            ev[i] = a + b;
            od[i] = a - b;
        }
    }

    private void shift(int m) {
        System.arraycopy(x, m, x, 0, TAPS);
    }
}
