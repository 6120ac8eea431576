package org.jackdesk.engine.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Percentiles of a histogram of 1 µs bins, as {@code bench record} pools the callbacks of several segments. */
class CallbackTimesTest {
    @Test
    void percentilesAreTheUpperEdgeOfTheBinHoldingTheRank() {
        long[] h = new long[CallbackStats.BINS + 1];
        h[100] = 989; // 989 callbacks of 100–101 µs
        h[200] = 10;
        h[3000] = 1;
        assertEquals(new CallbackTimes(1000, 101, 201, 201, 3000.4), CallbackTimes.fromHistogram(h, 3000.4));
        h[3000] = 2; // the p99.9 rank of 1 001 callbacks, the 1 000th, is now in the 3 000 µs bin
        assertEquals(3001, CallbackTimes.fromHistogram(h, 3000.4).p999Micros());
        h[CallbackStats.BINS] = 5; // longer than the bins reach: the last bin's edge
        assertEquals(CallbackStats.BINS + 1, CallbackTimes.fromHistogram(h, 25_000).p999Micros());
    }

    @Test
    void twoStretchesPooledAreOneDistributionNotTheMeanOfTwo() {
        long[] quiet = new long[CallbackStats.BINS + 1], bad = new long[CallbackStats.BINS + 1];
        quiet[150] = 10_000;
        bad[150] = 9_980;
        bad[2_000] = 20; // 0.2 % of one stretch: its p99.9 is 2 001 µs
        assertEquals(2001, CallbackTimes.fromHistogram(bad, 2000).p999Micros());
        long[] pooled = new long[quiet.length];
        for (int i = 0; i < pooled.length; i++) pooled[i] = quiet[i] + bad[i];
        CallbackTimes both = CallbackTimes.fromHistogram(pooled, 2000);
        assertEquals(20_000, both.cycles());
        assertEquals(151, both.p999Micros(), "20 of 20 000 is 0.1 %: the pooled p99.9 stays in the usual bin");
    }

    @Test
    void noCallbackIsAllZero() {
        assertEquals(new CallbackTimes(0, 0, 0, 0, 0), CallbackTimes.fromHistogram(new long[CallbackStats.BINS + 1], 12));
    }
}
