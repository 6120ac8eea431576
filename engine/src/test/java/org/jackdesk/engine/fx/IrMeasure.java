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
}
