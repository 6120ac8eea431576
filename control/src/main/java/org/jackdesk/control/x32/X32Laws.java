package org.jackdesk.control.x32;

import java.util.Locale;

/**
 * The X32's value laws, from the public protocol description (P.-G. Maillot, "Unofficial X32/M32
 * OSC Remote Protocol", sections on float parameters): every float on the wire is 0..1 and stands
 * for a value in the parameter's unit through one of these laws, quantized to the parameter's
 * number of steps. Pure functions; any thread.
 */
public final class X32Laws {
    private X32Laws() {}

    /** Steps of the fader and send-level law. */
    public static final int FADER_STEPS = 1024;
    /** jackdesk's "off" fader value (the registry's minimum): the X32's −∞ at 0.0. */
    public static final double FADER_OFF_DB = -90;

    /**
     * The four-segment fader law: 0.0 = −∞ (−90), 0.0625 = −60 dB, 0.25 = −30 dB, 0.5 = −10 dB,
     * 0.75 = 0 dB, 1.0 = +10 dB, piecewise linear in dB between those points.
     */
    public static double faderToDb(double f) {
        f = clamp01(f);
        if (f >= 0.5) return f * 40 - 30;
        if (f >= 0.25) return f * 80 - 50;
        if (f >= 0.0625) return f * 160 - 70;
        return f * 480 - 90;
    }

    /** The inverse of {@link #faderToDb}, quantized to the X32's 1024 steps. */
    public static float dbToFader(double db) {
        double f;
        if (!(db > FADER_OFF_DB)) f = 0; // also NaN
        else if (db < -60) f = (db + 90) / 480;
        else if (db < -30) f = (db + 70) / 160;
        else if (db < -10) f = (db + 50) / 80;
        else f = (db + 30) / 40;
        return quantize(f, FADER_STEPS);
    }

    /** A 0..1 float on {@code steps} points (the X32 keeps only those). */
    public static float quantize(double f, int steps) {
        int n = steps - 1;
        return (float) (Math.round(clamp01(f) * n) / (double) n);
    }

    /** Linear law: 0 = {@code min}, 1 = {@code max}. */
    public static double linToValue(double f, double min, double max) {
        return min + clamp01(f) * (max - min);
    }

    public static float valueToLin(double v, double min, double max, int steps) {
        return quantize((v - min) / (max - min), steps);
    }

    /** Logarithmic law: 0 = {@code min}, 1 = {@code max}, geometric in between (frequencies, Q). */
    public static double logToValue(double f, double min, double max) {
        return min * Math.exp(clamp01(f) * Math.log(max / min));
    }

    public static float valueToLog(double v, double min, double max, int steps) {
        if (!(v > 0)) return quantize(0, steps);
        return quantize(Math.log(v / min) / Math.log(max / min), steps);
    }

    static double clamp01(double f) {
        if (!(f >= 0)) return 0; // NaN too
        return Math.min(f, 1);
    }

    /** A level in the node text format: {@code -oo} for off, else one decimal with its sign ({@code -6.0}, {@code +2.5}). */
    public static String dbText(double db) {
        if (!(db > FADER_OFF_DB)) return "-oo";
        return String.format(Locale.ROOT, "%+.1f", db);
    }

    /** A frequency in the node text format: {@code 80.0}, {@code 1k97}, {@code 12k0}. */
    public static String hzText(double hz) {
        if (hz < 1000) return String.format(Locale.ROOT, "%.1f", hz);
        String s = String.format(Locale.ROOT, "%.2f", hz / 1000);
        if (hz >= 10_000) s = String.format(Locale.ROOT, "%.1f", hz / 1000);
        return s.replace('.', 'k');
    }

    /**
     * A number written in the node text format: plain ({@code -6.0}, {@code +3}), {@code -oo} (−∞,
     * given as {@link Double#NEGATIVE_INFINITY}) or with {@code k} as the decimal point of kHz
     * ({@code 1k97}). Throws {@link NumberFormatException} for anything else.
     */
    public static double parseNumber(String text) {
        String t = text.trim();
        if (t.equals("-oo") || t.equals("-inf")) return Double.NEGATIVE_INFINITY;
        int k = t.indexOf('k');
        if (k >= 0) {
            String n = t.substring(0, k) + "." + t.substring(k + 1);
            return Double.parseDouble(n.endsWith(".") ? n + "0" : n) * 1000;
        }
        double v = Double.parseDouble(t);
        if (!Double.isFinite(v)) throw new NumberFormatException("not a finite number: " + text);
        return v;
    }
}
