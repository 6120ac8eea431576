package org.jackdesk.bench;

/**
 * The RTA's first FFT kernel, kept as {@code bench fft}'s alternative to JTransforms (which measured
 * 2.1× faster there, so the analyser, engine/.../rta/RtaAnalyzer, uses JTransforms now).
 *
 * <p>An in-place iterative radix-2 complex FFT (Cooley–Tukey, decimation in time: bit-reversal
 * permutation, then log2(n) passes of butterflies) with its twiddle factors and permutation
 * computed once, so a transform allocates nothing.
 *
 * <p>Thread: any, concurrently (the tables are final and read-only after construction; the arrays passed in are the caller's).
 */
public final class Fft {
    private final int n;
    private final int[] rev;
    private final double[] cos, sin;

    /** @param n a power of two, at least 2 */
    public Fft(int n) {
        if (n < 2 || Integer.bitCount(n) != 1) throw new IllegalArgumentException("FFT size must be a power of two, not " + n);
        this.n = n;
        rev = new int[n];
        int bits = Integer.numberOfTrailingZeros(n);
        for (int i = 0; i < n; i++) rev[i] = Integer.reverse(i) >>> (32 - bits);
        cos = new double[n / 2];
        sin = new double[n / 2];
        for (int k = 0; k < n / 2; k++) {
            cos[k] = Math.cos(2 * Math.PI * k / n);
            sin[k] = -Math.sin(2 * Math.PI * k / n);
        }
    }

    public int size() {
        return n;
    }

    /** Transforms {@code re + i·im} (length {@link #size()}) in place: X[k] = Σ x[t]·e^(−2πi·kt/n). */
    public void transform(double[] re, double[] im) {
        for (int i = 0; i < n; i++) {
            int j = rev[i];
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int half = 1, step = n / 2; half < n; half <<= 1, step >>= 1) {
            for (int i = 0; i < n; i += half << 1) {
                for (int k = 0, tw = 0; k < half; k++, tw += step) {
                    int a = i + k, b = a + half;
                    double wr = cos[tw], wi = sin[tw];
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
