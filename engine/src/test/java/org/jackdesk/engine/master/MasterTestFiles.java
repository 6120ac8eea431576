package org.jackdesk.engine.master;

import java.nio.file.Path;
import java.util.Random;
import org.jackdesk.engine.io.WavException;
import org.jackdesk.engine.io.WavWriter;

/** Programme-like test files made here (no binary fixtures). */
public final class MasterTestFiles {
    private MasterTestFiles() {}

    public static void write(Path p, float[][] x, int fs, WavWriter.Format f) throws WavException {
        try (WavWriter w = WavWriter.create(p, fs, x.length, f)) {
            w.write(x, 0, x[0].length);
            w.commit();
        }
    }

    /**
     * Pinkish noise (one-pole filtered white noise plus a little white) with a bass line and a
     * level that changes every second between {@code baseDb} and {@code baseDb - 12}.
     */
    public static float[][] programme(int channels, int fs, double seconds, double baseDb, long seed) {
        Random r = new Random(seed);
        int n = (int) (seconds * fs);
        float[][] x = new float[channels][n];
        double[] lp = new double[channels];
        double level = 1;
        for (int i = 0; i < n; i++) {
            if (i % fs == 0) level = Math.pow(10, (baseDb - r.nextInt(13)) / 20);
            double bass = 0.5 * Math.sin(2 * Math.PI * 55 * i / fs) * (((i / (fs / 4)) % 2 == 0) ? 1 : 0.3);
            for (int c = 0; c < channels; c++) {
                double w = r.nextGaussian();
                lp[c] = 0.97 * lp[c] + 0.03 * w * 4;
                double v = level * (lp[c] + 0.1 * w + bass);
                x[c][i] = (float) Math.max(-1, Math.min(1, v));
            }
        }
        return x;
    }
}
