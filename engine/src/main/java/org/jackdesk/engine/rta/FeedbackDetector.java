package org.jackdesk.engine.rta;

/**
 * The feedback suppressor's detector (docs/assistants.md), off the audio thread: short-time
 * spectra of a bus output (the RTA's transform, {@link PowerSpectrum}: JTransforms' single-threaded real FFT,
 * a Hann window, the RTA's power scaling), spectral peaks, and the howling-detection criteria reviewed by
 * T. van Waterschoot and M. Moonen, "Fifty years of acoustic feedback control: state of the art and
 * future challenges", Proc. IEEE 99(2), 2011 (and their "Comparative evaluation of howling detection
 * criteria in notch-filter-based howling suppression", AES 126th Convention, 2009), and evaluated by
 * S. Braun, "Evaluation of various algorithms to detect acoustic feedback" (Toningenieur project, IEM
 * Graz, 2012): a candidate is a local maximum of the spectrum that passes
 * <ul>
 *   <li><b>PAPR</b>, peak-to-average power ratio: its power over the frame's mean power ≥ {@link #PAPR_DB};
 *   <li><b>PNPR</b>, peak-to-neighbouring power ratio: over the bins 4 to 8 bins away on both sides ≥ {@link #PNPR_DB}
 *       (a sine under a Hann window has fallen by more than 40 dB there);
 *   <li><b>PHPR</b>, peak-to-harmonic power ratio: over its 2nd and 3rd harmonics ≥ {@link #PHPR_DB}
 *       (a howl is a sinusoid; a voice or an instrument has harmonics);
 * </ul>
 * and then the temporal criterion: it stays (within one bin) for {@link #PERSIST_FRAMES} frames and
 * grows over them by at least {@link #GROWTH_DB} (a howl grows linearly in dB until something
 * limits it: Braun's "IMSD"), or stays for {@link #LONG_PERSIST_FRAMES} frames. The growth counts
 * from the quietest the bin was in the {@link #LOOKBACK_FRAMES} frames before the track began: a
 * loop with a few dB of gain and a short delay grows by hundreds of dB a second, so its howl can
 * pass the spectral criteria only a frame or two before the PA's limit holds it — from there it
 * grows by less than {@link #GROWTH_DB}, and counted from the track alone it would wait for the
 * long persistence (a live test caught it after 1.4 s instead of 0.2 s).
 *
 * <p>The frequency is refined by a parabola through the log-magnitudes of the peak bin and its two
 * neighbours. Thread: confined to its owner; {@link #analyse} allocates nothing.
 */
public final class FeedbackDetector {
    public static final int FFT_SIZE = 4096;
    public static final double PAPR_DB = 25, PNPR_DB = 25, PHPR_DB = 20, GROWTH_DB = 6;
    public static final int PERSIST_FRAMES = 6, LONG_PERSIST_FRAMES = 60;
    /** Frames before a track's first that its growth may count from: one window's length in hops of 1024. */
    public static final int LOOKBACK_FRAMES = 4;
    /** Peaks below this (dBFS, as the RTA reads a sine) are ignored. */
    public static final double FLOOR_DB = -70;
    static final int MAX_TRACKS = 16;

    /** The RTA's windowed, scaled transform at this size ({@link PowerSpectrum}). */
    private static final PowerSpectrum SPECTRUM = PowerSpectrum.of(FFT_SIZE);

    private final float sampleRate;
    private final double[] x = new double[FFT_SIZE];
    private final double[] pow = new double[FFT_SIZE / 2 + 1];
    /** The power spectra of the last {@link #LOOKBACK_FRAMES} frames, the newest at {@code (frame - 1) % LOOKBACK_FRAMES}. */
    private final double[][] past = new double[LOOKBACK_FRAMES][FFT_SIZE / 2 + 1];
    private long frame;
    /** Tracked candidates: bin, frames seen, level at the first and the last frame, seen this frame. */
    private final int[] trackBin = new int[MAX_TRACKS], trackFrames = new int[MAX_TRACKS];
    private final double[] trackFirstDb = new double[MAX_TRACKS], trackDb = new double[MAX_TRACKS], trackHz = new double[MAX_TRACKS];
    private final boolean[] trackSeen = new boolean[MAX_TRACKS];
    private int tracks;
    /** This frame's detections: frequency (Hz) and level (dBFS). */
    private final double[] foundHz = new double[MAX_TRACKS], foundDb = new double[MAX_TRACKS];
    private int found;

    public FeedbackDetector(float sampleRate) {
        this.sampleRate = sampleRate;
    }

    /** Frequency resolution, Hz per bin. */
    public double binHz() {
        return sampleRate / FFT_SIZE;
    }

    /** Detections of the last {@link #analyse}. */
    public int found() {
        return found;
    }

    public double foundHz(int i) {
        return foundHz[i];
    }

    public double foundDb(int i) {
        return foundDb[i];
    }

    /**
     * Forgets every track (after a notch was placed); the spectra of the last frames stay, so that a
     * second howl already under way keeps what it grew from.
     */
    public void reset() {
        tracks = 0;
        found = 0;
    }

    /**
     * Forgets every track and the last frames' spectra (a mode change: the frames kept may be from
     * the last time it analysed, minutes ago, and a steady tone now would count as grown from them).
     */
    public void restart() {
        reset();
        frame = 0;
    }

    /**
     * Analyses {@code samples[0..FFT_SIZE)} (the newest last); returns the number of detections
     * ({@link #foundHz}). Call it at a steady rate (every 20–50 ms): the temporal criteria count frames.
     */
    public int analyse(float[] samples) {
        SPECTRUM.power(samples, x, pow);
        int h = FFT_SIZE / 2;
        double mean = 0;
        for (int k = 1; k < h; k++) mean += pow[k];
        mean /= h - 1;
        for (int t = 0; t < tracks; t++) trackSeen[t] = false;
        double floor = Math.pow(10, FLOOR_DB / 10) / 2;
        int kMin = Math.max(9, (int) (40 / binHz())), kMax = Math.min(h / 3 - 1, h - 9);
        for (int k = kMin; k <= kMax; k++) {
            double p = pow[k];
            if (p < floor || p < pow[k - 1] || p <= pow[k + 1] || p < pow[k - 2] || p < pow[k + 2]) continue;
            if (db(p / mean) < PAPR_DB) continue;
            double nb = 0;
            for (int d = 4; d <= 8; d++) nb += pow[k - d] + pow[k + d];
            if (db(p / (nb / 10 + 1e-30)) < PNPR_DB) continue;
            double harm = Math.max(around(2 * k), around(3 * k));
            if (db(p / (harm + 1e-30)) < PHPR_DB) continue;
            track(k, db(2 * p), refine(k));
        }
        // tracks not seen this frame end; the others may be detections
        found = 0;
        int w = 0;
        for (int t = 0; t < tracks; t++) {
            if (!trackSeen[t]) continue;
            boolean growing = trackFrames[t] >= PERSIST_FRAMES && trackDb[t] - trackFirstDb[t] >= GROWTH_DB;
            if ((growing || trackFrames[t] >= LONG_PERSIST_FRAMES) && found < MAX_TRACKS) {
                foundHz[found] = trackHz[t];
                foundDb[found] = trackDb[t];
                found++;
            }
            trackBin[w] = trackBin[t];
            trackFrames[w] = trackFrames[t];
            trackFirstDb[w] = trackFirstDb[t];
            trackDb[w] = trackDb[t];
            trackHz[w] = trackHz[t];
            trackSeen[w] = true;
            w++;
        }
        tracks = w;
        System.arraycopy(pow, 0, past[(int) (frame % LOOKBACK_FRAMES)], 0, pow.length);
        frame++;
        return found;
    }

    /** The strongest power within one bin of {@code k}. */
    private double around(int k) {
        int h = FFT_SIZE / 2;
        if (k + 1 > h) return 0;
        return Math.max(pow[k], Math.max(pow[k - 1], pow[k + 1]));
    }

    private void track(int k, double levelDb, double hz) {
        for (int t = 0; t < tracks; t++) {
            if (Math.abs(trackBin[t] - k) <= 1 && !trackSeen[t]) {
                trackBin[t] = k;
                trackFrames[t]++;
                trackDb[t] = levelDb;
                trackHz[t] = hz;
                trackSeen[t] = true;
                return;
            }
        }
        if (tracks == MAX_TRACKS) return;
        trackBin[tracks] = k;
        trackFrames[tracks] = 1;
        trackFirstDb[tracks] = Math.min(levelDb, quietestBefore(k));
        trackDb[tracks] = levelDb;
        trackHz[tracks] = hz;
        trackSeen[tracks] = true;
        tracks++;
    }

    /** The lowest level (dBFS, as a sine reads) of bins k−1…k+1's strongest in the frames kept before this one. */
    private double quietestBefore(int k) {
        double min = Double.POSITIVE_INFINITY;
        for (int j = 0; j < Math.min(frame, LOOKBACK_FRAMES); j++) {
            double[] p = past[j];
            min = Math.min(min, db(2 * Math.max(p[k], Math.max(p[k - 1], p[k + 1])) + 1e-30));
        }
        return min;
    }

    /** The peak's frequency from a parabola through the log powers of bins k−1, k, k+1. */
    private double refine(int k) {
        double a = Math.log(pow[k - 1] + 1e-300), b = Math.log(pow[k] + 1e-300), c = Math.log(pow[k + 1] + 1e-300);
        double den = a - 2 * b + c;
        double d = den == 0 ? 0 : 0.5 * (a - c) / den;
        if (!(Math.abs(d) <= 0.5)) d = 0;
        return (k + d) * binHz();
    }

    private static double db(double ratio) {
        return 10 * Math.log10(ratio);
    }
}
