package org.jackdesk.engine.dsp;

/**
 * Biquad coefficient formulas from Robert Bristow-Johnson's "Cookbook formulae for audio EQ
 * biquad filter coefficients" (the Audio EQ Cookbook). Each method writes the normalised
 * coefficients {b0, b1, b2, a1, a2} (a0 divided out) into {@code out}.
 *
 * <p>Thread: any; pure functions, no allocation.
 */
public final class Rbj {
    private Rbj() {}

    /** Peaking EQ: gain {@code gainDb} at {@code f0}, bandwidth given by {@code q}. */
    public static void peaking(double fs, double f0, double gainDb, double q, double[] out) {
        double a = Math.pow(10.0, gainDb / 40.0);
        double w0 = 2.0 * Math.PI * f0 / fs;
        double cos = Math.cos(w0);
        double alpha = Math.sin(w0) / (2.0 * q);
        double a0 = 1.0 + alpha / a;
        set(out, a0, 1.0 + alpha * a, -2.0 * cos, 1.0 - alpha * a, -2.0 * cos, 1.0 - alpha / a);
    }

    /** Low shelf with the cookbook's Q form (Q = 1/sqrt(2) is the steepest without overshoot). */
    public static void lowShelf(double fs, double f0, double gainDb, double q, double[] out) {
        double a = Math.pow(10.0, gainDb / 40.0);
        double w0 = 2.0 * Math.PI * f0 / fs;
        double cos = Math.cos(w0);
        double alpha = Math.sin(w0) / (2.0 * q);
        double s = 2.0 * Math.sqrt(a) * alpha;
        double b0 = a * ((a + 1) - (a - 1) * cos + s);
        double b1 = 2 * a * ((a - 1) - (a + 1) * cos);
        double b2 = a * ((a + 1) - (a - 1) * cos - s);
        double a0 = (a + 1) + (a - 1) * cos + s;
        double a1 = -2 * ((a - 1) + (a + 1) * cos);
        double a2 = (a + 1) + (a - 1) * cos - s;
        set(out, a0, b0, b1, b2, a1, a2);
    }

    /** High shelf with the cookbook's Q form. */
    public static void highShelf(double fs, double f0, double gainDb, double q, double[] out) {
        double a = Math.pow(10.0, gainDb / 40.0);
        double w0 = 2.0 * Math.PI * f0 / fs;
        double cos = Math.cos(w0);
        double alpha = Math.sin(w0) / (2.0 * q);
        double s = 2.0 * Math.sqrt(a) * alpha;
        double b0 = a * ((a + 1) + (a - 1) * cos + s);
        double b1 = -2 * a * ((a - 1) + (a + 1) * cos);
        double b2 = a * ((a + 1) + (a - 1) * cos - s);
        double a0 = (a + 1) - (a - 1) * cos + s;
        double a1 = 2 * ((a - 1) - (a + 1) * cos);
        double a2 = (a + 1) - (a - 1) * cos - s;
        set(out, a0, b0, b1, b2, a1, a2);
    }

    /** Second-order high-pass. */
    public static void highPass(double fs, double f0, double q, double[] out) {
        double w0 = 2.0 * Math.PI * f0 / fs;
        double cos = Math.cos(w0);
        double alpha = Math.sin(w0) / (2.0 * q);
        set(out, 1 + alpha, (1 + cos) / 2, -(1 + cos), (1 + cos) / 2, -2 * cos, 1 - alpha);
    }

    /** Second-order low-pass. */
    public static void lowPass(double fs, double f0, double q, double[] out) {
        double w0 = 2.0 * Math.PI * f0 / fs;
        double cos = Math.cos(w0);
        double alpha = Math.sin(w0) / (2.0 * q);
        set(out, 1 + alpha, (1 - cos) / 2, 1 - cos, (1 - cos) / 2, -2 * cos, 1 - alpha);
    }

    /** Pass-through. */
    public static void identity(double[] out) {
        out[0] = 1; out[1] = 0; out[2] = 0; out[3] = 0; out[4] = 0;
    }

    /**
     * Magnitude in dB of the biquad {b0,b1,b2,a1,a2} at {@code freqHz}; evaluates H(e^jw) directly.
     * The web UI draws its EQ curve with the same formula (web-ui js/eqmath.js).
     */
    public static double magnitudeDb(double[] c, double fs, double freqHz) {
        double w = 2.0 * Math.PI * freqHz / fs;
        double cos1 = Math.cos(w), sin1 = Math.sin(w);
        double cos2 = Math.cos(2 * w), sin2 = Math.sin(2 * w);
        double nr = c[0] + c[1] * cos1 + c[2] * cos2;
        double ni = -(c[1] * sin1 + c[2] * sin2);
        double dr = 1.0 + c[3] * cos1 + c[4] * cos2;
        double di = -(c[3] * sin1 + c[4] * sin2);
        double num = nr * nr + ni * ni;
        double den = dr * dr + di * di;
        return 10.0 * Math.log10(num / den);
    }

    private static void set(double[] out, double a0, double b0, double b1, double b2, double a1, double a2) {
        out[0] = b0 / a0;
        out[1] = b1 / a0;
        out[2] = b2 / a0;
        out[3] = a1 / a0;
        out[4] = a2 / a0;
    }
}
