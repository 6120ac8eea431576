package org.jackdesk.engine.dsp;

/**
 * Small numeric helpers shared by the channel-strip processors.
 *
 * <p>Thread: any; pure functions, no allocation.
 */
public final class Dsp {
    private Dsp() {}

    /** Processors cut every call into sub-blocks of at most this many frames (smoothing granularity). */
    public static final int SUB_BLOCK = 32;

    /**
     * An output sample that is non-finite or at least this large (+120 dBFS) is a fault: the
     * processor silences that sub-block and resets its signal state, so it recovers at once.
     */
    public static final float FAULT_LEVEL = 1e6f;

    private static final double DB_TO_LN = Math.log(10.0) / 20.0;
    private static final double DENORMAL = 1e-25;

    /** The coefficient of a one-pole smoother with time constant {@code ms} at {@code sampleRate}: 1 − e^(−1/(τ·fs)). */
    public static double onePole(double ms, double sampleRate) {
        return 1.0 - Math.exp(-1.0 / (ms * 0.001 * sampleRate));
    }

    /** 10^(dB/20). */
    public static double dbToGain(double db) {
        return Math.exp(db * DB_TO_LN);
    }

    /** 20·log10(gain), never below {@code floorDb} (0, negative and NaN gains give the floor). */
    public static double gainToDb(double gain, double floorDb) {
        if (!(gain > 0)) return floorDb;
        double db = Math.log(gain) / DB_TO_LN;
        return db < floorDb ? floorDb : db;
    }

    /** Zero for values so small that further decay would make them denormal. */
    public static double flushDenormal(double v) {
        return Math.abs(v) < DENORMAL ? 0.0 : v;
    }

    /**
     * Checks {@code bufs[0..channels)} over [off, off+n) for faults (see {@link #FAULT_LEVEL}).
     * If any sample is faulty, the whole sub-block of every channel is zeroed and false returned.
     */
    public static boolean sanitize(float[][] bufs, int channels, int off, int n) {
        int end = off + n;
        for (int c = 0; c < channels; c++) {
            float[] b = bufs[c];
            // A branch-free max (vectorised by the JIT); Math.max propagates NaN, and NaN fails
            // the comparison below too.
            float max = 0f;
            for (int i = off; i < end; i++) max = Math.max(max, Math.abs(b[i]));
            if (!(max < FAULT_LEVEL)) {
                for (int k = 0; k < channels; k++) java.util.Arrays.fill(bufs[k], off, end, 0f);
                return false;
            }
        }
        return true;
    }

    /** Clamps {@code v} into [lo, hi]; callers reject NaN before. */
    static float clamp(float v, float lo, float hi) {
        return v < lo ? lo : (v > hi ? hi : v);
    }

    static void checkChannels(int channels) {
        if (channels != 1 && channels != 2) {
            throw new IllegalArgumentException("channels must be 1 or 2, got " + channels);
        }
    }

    static void checkPrepare(float sampleRate, int maxFrames) {
        if (!(sampleRate >= 8000f && sampleRate <= 384000f)) {
            throw new IllegalArgumentException("sampleRate must be in [8000, 384000] Hz, got " + sampleRate);
        }
        if (maxFrames < 1) {
            throw new IllegalArgumentException("maxFrames must be >= 1, got " + maxFrames);
        }
    }

    /** Multiplies b[s..s+m) by a gain moving linearly from g0 (exclusive) to g1 (inclusive). */
    static void rampGain(float[] b, int s, int m, double g0, double g1) {
        float g = (float) g0;
        float dg = (float) ((g1 - g0) / m);
        for (int i = s, e = s + m; i < e; i++) {
            g += dg;
            b[i] *= g;
        }
    }
}
