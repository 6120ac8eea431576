package org.jackdesk.engine.jack;

/**
 * Distribution of the time one audio callback took, in microseconds, since the last reset.
 * Percentiles have 1 µs resolution (a histogram bin's upper edge); {@code maxMicros} is exact.
 */
public record CallbackTimes(long cycles, double p50Micros, double p99Micros, double p999Micros, double maxMicros) {
    /**
     * The times of a histogram of 1 µs bins (bin {@code i} holds the callbacks of {@code i} to
     * {@code i + 1} µs, the last bin every longer one), as {@link JackBackend#callbackHistogram}
     * gives it, or the sum of several such (a benchmark pooling the callbacks of several segments);
     * {@code maxMicros} is exact and kept as given. Thread: any.
     */
    public static CallbackTimes fromHistogram(long[] micros, double maxMicros) {
        long total = 0;
        for (long n : micros) total += n;
        if (total == 0) return new CallbackTimes(0, 0, 0, 0, 0);
        return new CallbackTimes(total, percentile(micros, total, 0.50), percentile(micros, total, 0.99),
                percentile(micros, total, 0.999), maxMicros);
    }

    /** The upper edge of the bin holding the {@code q}-quantile. */
    private static double percentile(long[] hist, long total, double q) {
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < hist.length; i++) {
            seen += hist[i];
            if (seen >= rank) return i + 1;
        }
        return hist.length;
    }

    @Override
    public String toString() {
        return String.format("%d cycles, p50 %.0f µs, p99 %.0f µs, p99.9 %.0f µs, max %.1f µs",
                cycles, p50Micros, p99Micros, p999Micros, maxMicros);
    }
}
