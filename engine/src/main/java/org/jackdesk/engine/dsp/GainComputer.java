package org.jackdesk.engine.dsp;

/**
 * The static gain computer of a feed-forward compressor, shared by {@link Compressor} and
 * {@link BusCompressor}: Giannoulis, Massberg and Reiss, "Digital Dynamic Range Compressor
 * Design — A Tutorial and Analysis", JAES 60(6), 2012, eq. (4), with a quadratic soft knee of
 * width W centred on the threshold T:
 * <pre>
 *   G(x) − x = 0                          for 2(x − T) ≤ −W
 *            = (1/R − 1)(x − T + W/2)²/(2W) for |2(x − T)| &lt; W
 *            = (1/R − 1)(x − T)             for 2(x − T) ≥ W
 * </pre>
 * (a hard knee for W = 0). Levels and gains are in dB.
 *
 * <p>Thread: any; pure functions, no allocation.
 */
final class GainComputer {
    private GainComputer() {}

    /** Ratios at or above this are ∞:1 (limiting): the slope is exactly −1. */
    static final double INFINITE_RATIO = 100.0;

    /** The slope 1/R − 1 of the curve above the knee (−1 for {@link #INFINITE_RATIO} and beyond). */
    static double slope(double ratio) {
        return ratio >= INFINITE_RATIO ? -1.0 : 1.0 / ratio - 1.0;
    }

    /**
     * The static gain G(x) − x in dB (≤ 0) for the input level {@code x} dB, threshold {@code thr}
     * dB, {@code slope} from {@link #slope} and knee width {@code knee} dB (≥ 0).
     */
    static double gainDb(double x, double thr, double slope, double knee) {
        double over = x - thr;
        if (2.0 * over <= -knee) return 0.0;
        if (2.0 * over < knee) {
            double t = over + 0.5 * knee;
            return slope * t * t / (2.0 * knee);
        }
        return slope * over;
    }
}
