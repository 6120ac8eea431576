package org.jackdesk.config;

/**
 * How a parameter maps to a normalised 0–1 control position (faders, knobs, OSC apps that send
 * 0–1). The web UI mirrors these laws in js/taper.js; a test keeps both in step.
 */
public enum Taper {
    /** Proportional to the value. */
    LINEAR,
    /** Proportional to log(value): frequencies, times, Q, ratios. */
    LOG,
    /**
     * The Behringer X32 fader law, so an engineer's muscle memory carries over: position 1.0 =
     * +10 dB, 0.75 = 0 dB, 0.5 = −10 dB, 0.25 = −30 dB, 0.0625 = −60 dB, 0 = −∞; piecewise linear
     * in dB between those points (−∞ is the range minimum, −90 dB).
     */
    FADER,
    /** Switches and choices. */
    NONE;

    private static final double[] FADER_POS = {0.0, 0.0625, 0.25, 0.5, 0.75, 1.0};
    private static final double[] FADER_DB = {-90.0, -60.0, -30.0, -10.0, 0.0, 10.0};

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Normalised 0–1 position of {@code value} within [min, max]. */
    public double toNormalized(double value, double min, double max) {
        switch (this) {
            case LOG:
                return clamp01(Math.log(value / min) / Math.log(max / min));
            case FADER:
                return faderPosition(value);
            case NONE:
            case LINEAR:
            default:
                return max == min ? 0 : clamp01((value - min) / (max - min));
        }
    }

    /** Value at normalised position {@code pos} (clamped to 0–1). */
    public double fromNormalized(double pos, double min, double max) {
        double p = clamp01(pos);
        switch (this) {
            case LOG:
                return min * Math.pow(max / min, p);
            case FADER:
                return faderDb(p);
            case NONE:
            case LINEAR:
            default:
                return min + p * (max - min);
        }
    }

    /** X32 law: dB to position. Values at or below −90 dB (−∞) give 0. */
    public static double faderPosition(double db) {
        if (db <= FADER_DB[0]) return 0.0;
        if (db >= FADER_DB[FADER_DB.length - 1]) return 1.0;
        for (int i = 1; i < FADER_DB.length; i++) {
            if (db <= FADER_DB[i]) {
                double t = (db - FADER_DB[i - 1]) / (FADER_DB[i] - FADER_DB[i - 1]);
                return FADER_POS[i - 1] + t * (FADER_POS[i] - FADER_POS[i - 1]);
            }
        }
        return 1.0;
    }

    /** X32 law: position to dB. Position 0 gives −90 dB, which means −∞ (silence). */
    public static double faderDb(double pos) {
        if (pos <= 0) return FADER_DB[0];
        if (pos >= 1) return FADER_DB[FADER_DB.length - 1];
        for (int i = 1; i < FADER_POS.length; i++) {
            if (pos <= FADER_POS[i]) {
                double t = (pos - FADER_POS[i - 1]) / (FADER_POS[i] - FADER_POS[i - 1]);
                return FADER_DB[i - 1] + t * (FADER_DB[i] - FADER_DB[i - 1]);
            }
        }
        return FADER_DB[FADER_DB.length - 1];
    }

    private static double clamp01(double v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }
}
