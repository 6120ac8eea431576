package org.jackdesk.engine.jack;

/**
 * Distribution of the time one audio callback took, in microseconds, since the last reset.
 * Percentiles have 1 µs resolution (a histogram bin's upper edge); {@code maxMicros} is exact.
 */
public record CallbackTimes(long cycles, double p50Micros, double p99Micros, double p999Micros, double maxMicros) {
    @Override
    public String toString() {
        return String.format("%d cycles, p50 %.0f µs, p99 %.0f µs, p99.9 %.0f µs, max %.1f µs",
                cycles, p50Micros, p99Micros, p999Micros, maxMicros);
    }
}
