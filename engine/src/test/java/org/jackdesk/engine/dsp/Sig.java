package org.jackdesk.engine.dsp;

/** Test signals and measurements: sines, block-wise processing, amplitude and step metrics. */
final class Sig {
    static final float FS = 48000f;

    private Sig() {}

    interface Proc {
        void process(float[][] bufs, int off, int n);
    }

    static float[] sine(double freqHz, double amplitude, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (amplitude * Math.sin(2 * Math.PI * freqHz * i / FS));
        return x;
    }

    static double dbfs(double db) {
        return Math.pow(10, db / 20);
    }

    /** Runs {@code p} over {@code x} (mono) in blocks of {@code block}, returns the output. */
    static float[] run(Proc p, float[] x, int block) {
        float[] y = x.clone();
        float[][] bufs = {y};
        for (int off = 0; off < y.length; off += block) p.process(bufs, off, Math.min(block, y.length - off));
        return y;
    }

    /**
     * Amplitude of the {@code freqHz} component of x[from, to) by least-squares correlation with
     * sin and cos over a whole number of periods (as close as the window allows).
     */
    static double amplitude(float[] x, int from, int to, double freqHz) {
        double period = FS / freqHz;
        int n = (int) (Math.floor((to - from) / period) * period);
        double s = 0, c = 0;
        for (int i = from; i < from + n; i++) {
            double w = 2 * Math.PI * freqHz * i / FS;
            s += x[i] * Math.sin(w);
            c += x[i] * Math.cos(w);
        }
        return 2 * Math.hypot(s, c) / n;
    }

    static double gainDb(float[] in, float[] out, int from, int to, double freqHz) {
        return 20 * Math.log10(amplitude(out, from, to, freqHz) / amplitude(in, from, to, freqHz));
    }

    static double maxAbs(float[] x, int from, int to) {
        double m = 0;
        for (int i = from; i < to; i++) m = Math.max(m, Math.abs(x[i]));
        return m;
    }

    static double rms(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += (double) x[i] * x[i];
        return Math.sqrt(s / (to - from));
    }

    /** Largest |x[i] − x[i−1]|. */
    static double maxStep(float[] x, int from, int to) {
        double m = 0;
        for (int i = Math.max(from, 1); i < to; i++) m = Math.max(m, Math.abs(x[i] - x[i - 1]));
        return m;
    }

    /** Largest |x[i+1] − 2x[i] + x[i−1]| (a click detector: a sine's curvature is A·4sin²(ω/2)). */
    static double maxCurvature(float[] x, int from, int to) {
        double m = 0;
        for (int i = Math.max(from, 1); i < Math.min(to, x.length - 1); i++) {
            m = Math.max(m, Math.abs(x[i + 1] - 2.0 * x[i] + x[i - 1]));
        }
        return m;
    }

    static boolean allFinite(float[] x) {
        for (float v : x) if (!Float.isFinite(v)) return false;
        return true;
    }
}
