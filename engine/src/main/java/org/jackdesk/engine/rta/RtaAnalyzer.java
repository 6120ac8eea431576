package org.jackdesk.engine.rta;

import java.util.Arrays;

/**
 * One real-time analyser view (docs/tools.md): the newest {@link #FFT_SIZE} samples of a tap slot,
 * Hann-windowed (successive frames overlap: at 30 frames/s a frame moves 1600 samples at 48 kHz),
 * transformed by {@link PowerSpectrum} (JTransforms' real FFT, {@code DoubleFFT_1D.realForward}, one
 * thread: {@code jackdesk bench fft} measured it 2.1× faster than the own radix-2 kernel, docs/benchmarks.md), integrated into
 * fractional-octave bands (1/3, 1/6 or 1/12 octave, base-10
 * centres 1000·10^(k·0.3/b) Hz, ANSI S1.11 / IEC 61260), averaged (fast 125 ms, slow 1 s, long
 * 10 s exponential, in power) and peak-held (the highest averaged level, falling 20 dB/s after
 * 2 s).
 *
 * <p>Levels are dBFS in the AES17 sense: a sine of amplitude A whose energy falls in one band reads
 * 20·log10(A) there; noise reads its band power ×2 (a sine's power is A²/2). Spectrum scaling:
 * P[k] = 2·|X[k]|² / (N·Σw²) per one-sided bin, so the bins sum to the window-corrected mean square
 * (Parseval); a band adds its bins, a bin straddling a band edge by the fraction inside. Bands
 * narrower than a bin (1/12 octave below ≈ 100 Hz at 48 kHz) show the level of the bins they
 * touch, as every FFT analyser does.
 *
 * <p>Thread: confined to its owner (a control or worker thread); {@link #frame} allocates nothing.
 */
public final class RtaAnalyzer {
    public static final int FFT_SIZE = 8192;
    public static final float MIN_DB = -140f;
    /** Averaging time constants, seconds. */
    public static final double FAST_S = 0.125, SLOW_S = 1.0, LONG_S = 10.0;
    private static final double HOLD_S = 2.0, FALL_DB_PER_S = 20.0;

    public enum Averaging { FAST, SLOW, LONG }

    private final float sampleRate;
    private final int bandsPerOctave;
    /** The windowed, scaled transform at this size (shared by every analyser: {@link PowerSpectrum}). */
    private static final PowerSpectrum SPECTRUM = PowerSpectrum.of(FFT_SIZE);

    private final float[] in = new float[FFT_SIZE];
    /** The transform's work array. */
    private final double[] x = new double[FFT_SIZE];
    /** One-sided power per bin, k = 0 … N/2 ({@link PowerSpectrum}'s scaling). */
    private final double[] pow = new double[FFT_SIZE / 2 + 1];
    private final double[] centres;
    /** Per band: first and last bin, and the weights of the first and last (the rest count fully). */
    private final int[] firstBin, lastBin;
    private final double[] firstW, lastW;
    private final double[] power;
    private final double[] avg;
    private final float[] levelDb, peakDb;
    private final double[] peakAge;
    private boolean primed;
    private Averaging averaging = Averaging.FAST;

    /**
     * @param bandsPerOctave 3, 6 or 12 (the tablets' choices), or 10 (the X32's 100 bands from 20 Hz to 20 kHz, docs/x32.md)
     */
    public RtaAnalyzer(float sampleRate, int bandsPerOctave) {
        if (bandsPerOctave != 3 && bandsPerOctave != 6 && bandsPerOctave != 10 && bandsPerOctave != 12) {
            throw new IllegalArgumentException("bands per octave are 3, 6, 10 or 12, not " + bandsPerOctave);
        }
        this.sampleRate = sampleRate;
        this.bandsPerOctave = bandsPerOctave;
        // Base-10 fractional-octave centres from 20 Hz to 20 kHz: G = 10^(3/10), fm = 1000·G^(x/b).
        double ratio = Math.pow(10, 0.3 / bandsPerOctave);
        int lo = (int) Math.ceil(Math.log(20.0 / 1000) / Math.log(ratio) - 1e-9);
        int hi = (int) Math.floor(Math.log(Math.min(20000.0, 0.45 * sampleRate) / 1000) / Math.log(ratio) + 1e-9);
        int count = hi - lo + 1;
        centres = new double[count];
        firstBin = new int[count];
        lastBin = new int[count];
        firstW = new double[count];
        lastW = new double[count];
        double df = sampleRate / FFT_SIZE;
        double half = Math.sqrt(ratio);
        for (int b = 0; b < count; b++) {
            double fc = 1000 * Math.pow(ratio, lo + b);
            centres[b] = fc;
            double f1 = fc / half, f2 = fc * half;
            // Bin k covers [(k − ½)·df, (k + ½)·df).
            int k1 = Math.max(1, (int) Math.floor(f1 / df + 0.5));
            int k2 = Math.min(FFT_SIZE / 2 - 1, (int) Math.floor(f2 / df + 0.5));
            firstBin[b] = k1;
            lastBin[b] = k2;
            firstW[b] = overlap(k1, f1, f2, df);
            lastW[b] = overlap(k2, f1, f2, df);
        }
        power = new double[count];
        avg = new double[count];
        levelDb = new float[count];
        peakDb = new float[count];
        peakAge = new double[count];
        reset();
    }

    private static double overlap(int k, double f1, double f2, double df) {
        double a = (k - 0.5) * df, b = (k + 0.5) * df;
        return Math.max(0, Math.min(b, f2) - Math.max(a, f1)) / df;
    }

    public int bandsPerOctave() {
        return bandsPerOctave;
    }

    public int bands() {
        return centres.length;
    }

    /** Centre frequency of band {@code b}, Hz (nominal, base-10). */
    public double centreHz(int b) {
        return centres[b];
    }

    public void averaging(Averaging a) {
        averaging = a;
    }

    public Averaging averaging() {
        return averaging;
    }

    /** Forgets the averages and the peaks (a new source, or the engineer asks). */
    public void reset() {
        primed = false;
        Arrays.fill(avg, 0);
        Arrays.fill(levelDb, MIN_DB);
        Arrays.fill(peakDb, MIN_DB);
        Arrays.fill(peakAge, 0);
    }

    /** The averaged band levels of the last {@link #frame}, dBFS. Read-only view. */
    public float[] levelsDb() {
        return levelDb;
    }

    /** The held peaks, dBFS. Read-only view. */
    public float[] peaksDb() {
        return peakDb;
    }

    /**
     * Analyses the newest samples of {@code tap}'s {@code slot}, {@code dtSeconds} after the
     * previous frame. Returns false (nothing changed) when the tap has not enough samples yet or the
     * audio thread overtook the read.
     */
    public boolean frame(RtaTap tap, int slot, double dtSeconds) {
        if (!tap.read(slot, in, FFT_SIZE)) return false;
        analyse(in, dtSeconds);
        return true;
    }

    /** Analyses {@code samples[0..FFT_SIZE)} (the newest last), {@code dtSeconds} after the previous frame. */
    public void analyse(float[] samples, double dtSeconds) {
        SPECTRUM.power(samples, x, pow);
        for (int b = 0; b < power.length; b++) {
            int k1 = firstBin[b], k2 = lastBin[b];
            double p;
            if (k1 == k2) {
                p = bin(k1) * (firstW[b] > 0 ? firstW[b] : 1);
            } else {
                p = bin(k1) * firstW[b] + bin(k2) * lastW[b];
                for (int k = k1 + 1; k < k2; k++) p += bin(k);
            }
            power[b] = p;
        }
        double tau = switch (averaging) {
            case FAST -> FAST_S;
            case SLOW -> SLOW_S;
            case LONG -> LONG_S;
        };
        double a = primed ? 1 - Math.exp(-Math.max(0, dtSeconds) / tau) : 1;
        primed = true;
        for (int b = 0; b < power.length; b++) {
            avg[b] += a * (power[b] - avg[b]);
            // ×2: a sine's power is A²/2, so a sine of amplitude A reads 20·log10(A).
            float db = avg[b] > 0 ? (float) Math.max(MIN_DB, 10 * Math.log10(2 * avg[b])) : MIN_DB;
            levelDb[b] = db;
            peakAge[b] += dtSeconds;
            if (db >= peakDb[b]) {
                peakDb[b] = db;
                peakAge[b] = 0;
            } else if (peakAge[b] > HOLD_S) {
                peakDb[b] = (float) Math.max(db, peakDb[b] - FALL_DB_PER_S * dtSeconds);
            }
        }
    }

    private double bin(int k) {
        return pow[k];
    }
}
