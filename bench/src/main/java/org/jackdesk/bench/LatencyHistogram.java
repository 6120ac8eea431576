package org.jackdesk.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in 10 µs buckets up to 2 s (above: one overflow bucket), the exact maximum kept
 * aside. Fixed memory however long a soak runs; percentiles are exact to the bucket (10 µs).
 *
 * <p>Thread: {@link #record} from any number of threads at once; read after recording stopped.
 */
final class LatencyHistogram {
    private static final long BUCKET_NANOS = 10_000;
    private static final int BUCKETS = 200_000; // 2 s
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS + 1);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong maxNanos = new AtomicLong();

    void record(long nanos) {
        long n = Math.max(0, nanos);
        counts.incrementAndGet((int) Math.min(BUCKETS, n / BUCKET_NANOS));
        total.incrementAndGet();
        maxNanos.accumulateAndGet(n, Math::max);
    }

    long count() {
        return total.get();
    }

    double maxMs() {
        return maxNanos.get() / 1e6;
    }

    /** The q-quantile (0..1) in ms: the upper edge of the bucket holding it; NaN when empty; the max for the overflow. */
    double percentileMs(double q) {
        long n = total.get();
        if (n == 0) return Double.NaN;
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return i == BUCKETS ? maxMs() : Math.min(maxMs(), (i + 1) * BUCKET_NANOS / 1e6);
            }
        }
        return maxMs();
    }
}
