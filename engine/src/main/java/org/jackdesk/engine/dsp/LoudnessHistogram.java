package org.jackdesk.engine.dsp;

import java.util.Arrays;

/**
 * The gating statistics of a {@link LoudnessMeter}: block loudness values in a histogram of
 * 0.01 LU bins from -70 to +10 LUFS that keeps the count and the exact energy sum per bin (the
 * libebur128 approach), so memory is bounded for any duration. Blocks at or below the absolute
 * gate (-70 LUFS, ITU-R BS.1770-4 section 2.8 and EBU Tech 3342) are not counted; a relative gate
 * is a bin index ({@link #relativeGate}), so bin quantisation only affects which blocks straddle it
 * (0.01 LU). The meter keeps two: its 400 ms blocks for integrated loudness and its 3 s
 * short-term values for the loudness range.
 *
 * <p>Thread: its meter's ({@link #add} on the audio thread for a live meter); no allocation after
 * construction.
 */
final class LoudnessHistogram {
    private static final double ABS_GATE_LUFS = -70.0;
    private static final double HIST_MIN = -70.0;
    private static final double HIST_MAX = 10.0;
    private static final double BIN_LU = 0.01;
    private static final int BINS = (int) Math.round((HIST_MAX - HIST_MIN) / BIN_LU);

    private final long[] count = new long[BINS];
    private final double[] sum = new double[BINS];

    /** Loudness of a mean-square {@code energy} (BS.1770-4 eq. 2), LUFS; -inf for 0. */
    static double toLufs(double energy) {
        return energy > 0 ? -0.691 + 10.0 * Math.log10(energy) : Double.NEGATIVE_INFINITY;
    }

    /** Counts a block of mean-square {@code energy} if it is above the absolute gate. */
    void add(double energy) {
        double l = toLufs(energy);
        if (!(l > ABS_GATE_LUFS)) return; // absolute gate (BS.1770-4: blocks above -70 LKFS)
        int bin = (int) ((l - HIST_MIN) / BIN_LU);
        if (bin >= BINS) bin = BINS - 1;
        count[bin]++;
        sum[bin] += energy;
    }

    void reset() {
        Arrays.fill(count, 0);
        Arrays.fill(sum, 0);
    }

    /** True when no block passed the absolute gate. */
    boolean isEmpty() {
        for (int b = 0; b < BINS; b++) if (count[b] != 0) return false;
        return true;
    }

    /**
     * The first bin at or above the relative gate, {@code gateLu} below the power mean of every
     * counted block; -1 when none is counted.
     */
    int relativeGate(double gateLu) {
        long n = 0;
        double e = 0;
        for (int b = 0; b < BINS; b++) {
            n += count[b];
            e += sum[b];
        }
        if (n == 0) return -1;
        int b = (int) Math.ceil((toLufs(e / n) - gateLu - HIST_MIN) / BIN_LU);
        return Math.max(0, Math.min(BINS, b));
    }

    /** Power mean of the blocks in bins {@code start} and above, LUFS; -inf when there are none. */
    double meanLufsFrom(int start) {
        long n = 0;
        double e = 0;
        for (int b = start; b < BINS; b++) {
            n += count[b];
            e += sum[b];
        }
        return n == 0 ? Double.NEGATIVE_INFINITY : toLufs(e / n);
    }

    /** Blocks in bins {@code start} and above. */
    long countFrom(int start) {
        long n = 0;
        for (int b = start; b < BINS; b++) n += count[b];
        return n;
    }

    /**
     * Value at fraction {@code q} of the sorted {@code gated} blocks in bins {@code start} and
     * above (nearest rank, bin centre), LUFS.
     */
    double percentileLufs(int start, long gated, double q) {
        long rank = (long) Math.floor((gated - 1) * q); // 0-based, as libebur128
        long seen = 0;
        for (int b = start; b < BINS; b++) {
            seen += count[b];
            if (seen > rank) return HIST_MIN + (b + 0.5) * BIN_LU;
        }
        return HIST_MAX;
    }
}
