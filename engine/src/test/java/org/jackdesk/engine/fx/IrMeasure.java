package org.jackdesk.engine.fx;

import org.jackdesk.engine.dsp.Biquad;
import org.jackdesk.engine.dsp.Rbj;

/** Room-acoustics measurements on impulse responses, for the reverb tests. */
final class IrMeasure {
    private IrMeasure() {}

    static final float FS = 48000f;

    /** The stereo impulse response of {@code u} over {@code seconds}: [0] left, [1] right. */
    static float[][] impulseResponse(FxUnit u, double seconds) {
        int n = (int) (seconds * FS);
        float[][] ir = new float[2][n];
        float[] inL = new float[32], inR = new float[32], oL = new float[32], oR = new float[32];
        for (int off = 0; off < n; off += 32) {
            java.util.Arrays.fill(inL, 0f);
            java.util.Arrays.fill(inR, 0f);
            if (off == 0) {
                inL[0] = 1f;
                inR[0] = 1f;
            }
            u.process(inL, inR, oL, oR, 32);
            int m = Math.min(32, n - off);
            System.arraycopy(oL, 0, ir[0], off, m);
            System.arraycopy(oR, 0, ir[1], off, m);
        }
        return ir;
    }

    /**
     * An octave band around {@code fc}: 4th-order Butterworth high-pass at fc/√2 and low-pass at
     * fc·√2 (two RBJ sections each, Q 0.5412 and 1.3066), run in double.
     */
    static double[] octaveBand(float[] x, double fc) {
        double[] c = new double[5];
        Biquad[] f = new Biquad[4];
        double[] qs = {0.5411961, 1.3065630};
        for (int k = 0; k < 2; k++) {
            f[k] = new Biquad();
            Rbj.highPass(FS, fc / Math.sqrt(2), qs[k], c);
            f[k].setCoefficients(c);
            f[k + 2] = new Biquad();
            Rbj.lowPass(FS, fc * Math.sqrt(2), qs[k], c);
            f[k + 2].setCoefficients(c);
        }
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            for (Biquad b : f) v = b.tick(v);
            y[i] = v;
        }
        return y;
    }

    /**
     * T30 (s): Schroeder backward integration (Schroeder, "New method of measuring reverberation
     * time", JASA 37, 1965) of {@code h}, a least-squares line through the decay curve from −5 to
     * −35 dB, extrapolated to 60 dB (ISO 3382-1).
     */
    static double t30(double[] h) {
        int n = h.length;
        double[] e = new double[n];
        double acc = 0;
        for (int i = n - 1; i >= 0; i--) {
            acc += h[i] * h[i];
            e[i] = acc;
        }
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            double db = 10 * Math.log10(e[i] / e[0]);
            if (db > -5) continue;
            if (db < -35) break;
            double t = i / (double) FS;
            sx += t;
            sy += db;
            sxx += t * t;
            sxy += t * db;
            count++;
        }
        double slope = (count * sxy - sx * sy) / (count * sxx - sx * sx);
        return -60 / slope;
    }

    /**
     * Normalized echo density (Abel and Huang, "A simple, robust measure of reverberation echo
     * density", AES 121st Convention, 2006): in a 20 ms Hann window centred at {@code center}, the
     * weighted share of samples whose magnitude exceeds the window's standard deviation, divided
     * by erfc(1/√2) (the share for Gaussian noise). 1 is "as dense as noise".
     */
    static double echoDensity(float[] h, int center) {
        int half = (int) (0.010 * FS);
        double wsum = 0, e = 0;
        for (int k = -half; k <= half; k++) {
            int i = center + k;
            if (i < 0 || i >= h.length) continue;
            double w = 0.5 + 0.5 * Math.cos(Math.PI * k / (half + 1));
            wsum += w;
            e += w * h[i] * h[i];
        }
        double sigma = Math.sqrt(e / wsum);
        double out = 0;
        for (int k = -half; k <= half; k++) {
            int i = center + k;
            if (i < 0 || i >= h.length) continue;
            double w = 0.5 + 0.5 * Math.cos(Math.PI * k / (half + 1));
            if (Math.abs(h[i]) > sigma) out += w;
        }
        return out / wsum / 0.3173105078629141;
    }

    /** Interaural cross-correlation coefficient of l and r over [from, to): max over lags ±1 ms. */
    static double iacc(float[] l, float[] r, int from, int to) {
        int lag = (int) (0.001 * FS);
        double ll = 0, rr = 0;
        for (int i = from; i < to; i++) {
            ll += (double) l[i] * l[i];
            rr += (double) r[i] * r[i];
        }
        double best = 0;
        for (int t = -lag; t <= lag; t++) {
            double s = 0;
            for (int i = from; i < to; i++) {
                int j = i + t;
                if (j < 0 || j >= r.length) continue;
                s += (double) l[i] * r[j];
            }
            best = Math.max(best, Math.abs(s) / Math.sqrt(ll * rr));
        }
        return best;
    }

    /** The Schroeder decay curve of {@code h} in dB (0 at the start), every {@code step} samples. */
    static double[] edcDb(double[] h, int step) {
        int n = h.length;
        double[] e = new double[n];
        double acc = 0;
        for (int i = n - 1; i >= 0; i--) {
            acc += h[i] * h[i];
            e[i] = acc;
        }
        double[] out = new double[(n + step - 1) / step];
        for (int k = 0; k < out.length; k++) out[k] = 10 * Math.log10(Math.max(e[k * step], 1e-30) / e[0]);
        return out;
    }

    /**
     * An SVG plot of decay curves (dB over seconds, 0 to −60 dB), one polyline per curve with its
     * label: the figure docs/fx.md shows.
     */
    static String svg(String title, double seconds, int step, String[] labels, String[] colours, double[][] curves) {
        int w = 640, h = 360, left = 50, top = 30, pw = w - left - 20, ph = h - top - 40;
        StringBuilder b = new StringBuilder();
        b.append(String.format(java.util.Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", w, h));
        b.append(String.format(java.util.Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>%n", w, h));
        b.append(String.format(java.util.Locale.ROOT, "<text x=\"%d\" y=\"18\">%s</text>%n", left, title));
        for (int db = 0; db >= -60; db -= 10) {
            double y = top + ph * (-db / 60.0);
            b.append(String.format(java.util.Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"5\" y=\"%.1f\">%d dB</text>%n", left, left + pw, y, y, y + 4, db));
        }
        for (int s = 0; s <= (int) seconds; s++) {
            double x = left + pw * (s / seconds);
            b.append(String.format(java.util.Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\">%d s</text>%n", x, x, top, top + ph, x - 8, top + ph + 16, s));
        }
        for (int c = 0; c < curves.length; c++) {
            b.append("<polyline fill=\"none\" stroke=\"").append(colours[c]).append("\" stroke-width=\"1.5\" points=\"");
            for (int k = 0; k < curves[c].length; k++) {
                double t = k * step / (double) FS;
                if (t > seconds) break;
                double db = Math.max(-60, curves[c][k]);
                b.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f ", left + pw * (t / seconds), top + ph * (-db / 60.0)));
            }
            b.append("\"/>\n");
            b.append(String.format(java.util.Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n",
                    left + pw - 260, top + 20 + 16 * c, colours[c], labels[c]));
        }
        return b.append("</svg>\n").toString();
    }
}
