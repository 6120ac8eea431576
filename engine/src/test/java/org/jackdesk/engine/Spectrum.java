package org.jackdesk.engine;

/**
 * Test-side spectral measurement, independent of the console's own code: a textbook iterative
 * radix-2 FFT (Cooley–Tukey, bit reversal then butterflies) and a Welch power spectrum (Hann
 * window, 50 % overlap), integrated over fractional-octave bands with partial bins weighted.
 */
final class Spectrum {
    private Spectrum() {}

    /** In-place complex FFT of {@code re, im} (length a power of two). */
    static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) {
                double t = re[i]; re[i] = re[j]; re[j] = t;
                t = im[i]; im[i] = im[j]; im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double ang = -2 * Math.PI / len;
            for (int i = 0; i < n; i += len) {
                for (int k = 0; k < len / 2; k++) {
                    double wr = Math.cos(ang * k), wi = Math.sin(ang * k);
                    int a = i + k, b = a + len / 2;
                    double xr = re[b] * wr - im[b] * wi, xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr; im[b] = im[a] - xi;
                    re[a] += xr; im[a] += xi;
                }
            }
        }
    }

    /** Welch power spectrum of {@code x}: power per bin (bins 0..n/2), scaled so the bins sum to the mean square. */
    static double[] welch(float[] x, int n) {
        double[] win = new double[n];
        double wss = 0;
        for (int i = 0; i < n; i++) {
            win[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
            wss += win[i] * win[i];
        }
        double[] p = new double[n / 2 + 1];
        int frames = 0;
        double[] re = new double[n], im = new double[n];
        for (int start = 0; start + n <= x.length; start += n / 2) {
            for (int i = 0; i < n; i++) {
                re[i] = x[start + i] * win[i];
                im[i] = 0;
            }
            fft(re, im);
            for (int k = 0; k <= n / 2; k++) {
                double m = re[k] * re[k] + im[k] * im[k];
                p[k] += (k == 0 || k == n / 2) ? m : 2 * m;
            }
            frames++;
        }
        for (int k = 0; k < p.length; k++) p[k] /= frames * wss * n;
        return p;
    }

    /** Power in [lo, hi) Hz of a {@link #welch} spectrum; bins straddling an edge count by their overlap. */
    static double bandPower(double[] p, int n, float fs, double lo, double hi) {
        double df = fs / n;
        double sum = 0;
        for (int k = 1; k < p.length; k++) {
            double a = (k - 0.5) * df, b = (k + 0.5) * df;
            double overlap = Math.min(b, hi) - Math.max(a, lo);
            if (overlap > 0) sum += p[k] * overlap / df;
        }
        return sum;
    }
}
