package org.jackdesk.engine.rta;

import java.util.concurrent.ConcurrentHashMap;
import org.jtransforms.fft.DoubleFFT_1D;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * The one short-time power spectrum of the analysis code: {@code N} samples Hann-windowed, transformed
 * by JTransforms' real FFT ({@code DoubleFFT_1D.realForward}, one thread), and scaled as one-sided
 * power per bin, P[k] = 2·|X[k]|² / (N·Σw²), so the bins sum to the window-corrected mean square
 * (Parseval) and a sine of amplitude A reads A²/2 in its bins. The real-time analyser
 * ({@link RtaAnalyzer}, 8192 points) and the feedback detector ({@link FeedbackDetector}, 4096 points)
 * both use it.
 *
 * <p>One instance per size, cached ({@link #of}): the plan's tables (split-radix: bit-reversal
 * indices and twiddles) and the window are read-only after construction, so every analyser of
 * that size shares one copy (8 RTA views keep one in the cache instead of eight). JTransforms would
 * split a transform this size over threads (futures, so allocation per frame, and a pool the console
 * does not own): one thread, which also makes the transform's only memory the caller's array.
 *
 * <p>Thread: any; {@link #power} writes only the caller's arrays and allocates nothing, so threads
 * with arrays of their own may transform at once.
 */
public final class PowerSpectrum {
    private static final ConcurrentHashMap<Integer, PowerSpectrum> BY_SIZE = new ConcurrentHashMap<>();

    static {
        ConcurrencyUtils.setNumberOfThreads(1);
    }

    private final int size;
    private final DoubleFFT_1D fft;
    private final double[] window;
    private final double scale;

    private PowerSpectrum(int size) {
        this.size = size;
        fft = new DoubleFFT_1D(size);
        window = new double[size];
        double wss = 0;
        for (int i = 0; i < size; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / size);
            wss += window[i] * window[i];
        }
        scale = 2.0 / (size * wss);
    }

    /** The spectrum of {@code size} points (a power of two, at least 16), made once per size. Thread: any. */
    public static PowerSpectrum of(int size) {
        if (size < 16 || Integer.bitCount(size) != 1) throw new IllegalArgumentException("a spectrum size is a power of two ≥ 16, not " + size);
        return BY_SIZE.computeIfAbsent(size, PowerSpectrum::new);
    }

    public int size() {
        return size;
    }

    /**
     * The power of {@code samples[0..N)} (the newest last; a non-finite sample counts as silence)
     * into {@code pow[0..N/2]}, one-sided, scaled as above; {@code scratch} (N doubles) is the
     * transform's work array. Allocates nothing.
     */
    public void power(float[] samples, double[] scratch, double[] pow) {
        double[] x = scratch;
        for (int n = 0; n < size; n++) {
            float v = samples[n];
            x[n] = Float.isFinite(v) ? v * window[n] : 0.0;
        }
        // realForward's layout for an even N: x[2k] = Re X[k], x[2k+1] = Im X[k] for 0 < k < N/2,
        // x[0] = X[0] and x[1] = X[N/2] (both real).
        fft.realForward(x);
        int h = size / 2;
        pow[0] = x[0] * x[0] * scale;
        pow[h] = x[1] * x[1] * scale;
        for (int k = 1; k < h; k++) {
            double xr = x[2 * k], xi = x[2 * k + 1];
            pow[k] = (xr * xr + xi * xi) * scale;
        }
    }
}
