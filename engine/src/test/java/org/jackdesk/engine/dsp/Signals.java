package org.jackdesk.engine.dsp;


/** Test signals synthesised from their definitions (EBU Tech 3341/3342 describe theirs in words). */
public final class Signals {
    private Signals() {}

    public static float db(double dbfs) {
        return (float) Math.pow(10, dbfs / 20);
    }

    /** Sine of peak amplitude {@code peakDbfs} in every channel, for {@code seconds}. */
    public static float[][] sine(int channels, double fs, double freqHz, double peakDbfs, double seconds) {
        int n = (int) Math.round(seconds * fs);
        float[][] x = new float[channels][n];
        double a = Math.pow(10, peakDbfs / 20);
        for (int i = 0; i < n; i++) {
            float v = (float) (a * Math.sin(2 * Math.PI * freqHz * i / fs));
            for (int c = 0; c < channels; c++) x[c][i] = v;
        }
        return x;
    }

    /** Concatenation of 1 kHz stereo sine segments: pairs of (peak dBFS, seconds), phase continuous. */
    public static float[][] sineSequence(double fs, double... dbAndSeconds) {
        int total = 0;
        for (int k = 1; k < dbAndSeconds.length; k += 2) total += (int) Math.round(dbAndSeconds[k] * fs);
        float[][] x = new float[2][total];
        int i = 0;
        for (int k = 0; k < dbAndSeconds.length; k += 2) {
            double a = Math.pow(10, dbAndSeconds[k] / 20);
            int n = (int) Math.round(dbAndSeconds[k + 1] * fs);
            for (int j = 0; j < n; j++, i++) {
                float v = (float) (a * Math.sin(2 * Math.PI * 1000 * i / fs));
                x[0][i] = v;
                x[1][i] = v;
            }
        }
        return x;
    }

    /** Feeds {@code x} to {@code sink} in blocks of {@code block} frames (as the engine does). */
    public static void blocks(float[][] x, int block, BlockSink sink) {
        int n = x[0].length;
        for (int off = 0; off < n; off += block) sink.accept(x, off, Math.min(block, n - off));
    }

    @FunctionalInterface
    public interface BlockSink {
        void accept(float[][] bufs, int off, int n);
    }

}
