package org.jackdesk.engine.dsp;

/**
 * Independent reference for tests: 16x oversampled true peak with a long (128-tap per phase)
 * Kaiser-windowed sinc in double precision, computed directly, nothing shared with {@link TruePeak}.
 */
public final class ReferencePeak {
    static final int OS = 16;
    static final int HALF = 64;
    private static final double[][] H = design();

    private static double[][] design() {
        double beta = 10;
        double[][] h = new double[OS][2 * HALF];
        for (int p = 0; p < OS; p++) {
            double sum = 0;
            for (int k = 0; k < 2 * HALF; k++) {
                double d = (k - HALF + 1) - p / (double) OS; // sample k-HALF+1 relative to the point
                double r = d / HALF;
                double w = r * r >= 1 ? 0 : i0(beta * Math.sqrt(1 - r * r)) / i0(beta);
                double s = d == 0 ? 1 : Math.sin(Math.PI * d) / (Math.PI * d);
                h[p][k] = s * w;
                sum += h[p][k];
            }
            for (int k = 0; k < 2 * HALF; k++) h[p][k] /= sum;
        }
        return h;
    }

    private static double i0(double x) {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 60; k++) {
            term *= q / ((double) k * k);
            sum += term;
        }
        return sum;
    }

    /** Highest |reconstructed value| of {@code x} (zeros assumed outside), linear. */
    static double peak(float[] x) {
        double max = 0;
        int n = x.length;
        for (int j = -1; j < n; j++) { // the point j + p/16, between samples j and j+1
            if (j >= 0) max = Math.max(max, Math.abs(x[j]));
            boolean any = false;
            for (int k = Math.max(0, j - HALF + 1); k <= Math.min(n - 1, j + HALF); k++) {
                if (x[k] != 0) { any = true; break; }
            }
            if (!any) continue;
            for (int p = 1; p < OS; p++) {
                double acc = 0;
                double[] h = H[p];
                for (int k = 0; k < 2 * HALF; k++) {
                    int s = j + k - HALF + 1;
                    if (s >= 0 && s < n) acc += h[k] * x[s];
                }
                max = Math.max(max, Math.abs(acc));
            }
        }
        return max;
    }

    public static double peakDb(float[] x) {
        return 20 * Math.log10(peak(x));
    }
}
