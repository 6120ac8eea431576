package org.jackdesk.bench;

/**
 * What {@code jackdesk bench fft} measured: the machine (cores, load average before the run, the
 * jitter probe's longest gap), then, for the complex transform the RTA runs ({@code points} =
 * half its 8192-sample window, the real input packed as complex), the CPU time of one transform
 * with the console's own radix-2 kernel and with JTransforms, as the median over {@code rounds}
 * interleaved rounds, and the largest difference between their results relative to the largest
 * magnitude.
 */
public record BenchFftResult(int cores, double loadAverage, long jitterLongestMicros, String jitterScheduling,
        int points, int rounds, int perRound, double ownMicros, double jtransformsMicros, double maxRelativeDifference) {

    /** Results this close are the same transform (double rounding over log2(n) passes). */
    public static final double SAME = 1e-9;

    public boolean same() {
        return maxRelativeDifference <= SAME;
    }

    /** "own" or "JTransforms": the faster of the two in this run. */
    public String faster() {
        return ownMicros <= jtransformsMicros ? "own" : "JTransforms";
    }

    public int exitCode() {
        return same() ? 0 : 1;
    }
}
