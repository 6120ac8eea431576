package org.jackdesk.control;

import java.util.function.LongSupplier;

/**
 * Tap tempo for the FX slots, as every console does it: the tempo is 60 s over the mean interval of
 * the last taps (up to {@link #KEEP} taps, so three intervals); a pause longer than
 * {@link #RESTART_NANOS} starts a new count. The taps are timed here, on the control side, when
 * their message arrives — never on the audio thread, which only ever sees the resulting tempo and
 * delay time as ordinary parameter values.
 *
 * <p>Thread: any (synchronized; the parameter service calls it while it handles a {@code set}).
 */
public final class TapTempo {
    /** Taps remembered per slot: the tempo is the mean of the last three intervals. */
    static final int KEEP = 4;
    /** A pause longer than this (a new song) forgets the taps before it. */
    static final long RESTART_NANOS = 2_000_000_000L;

    private volatile LongSupplier nanos = System::nanoTime;
    private final long[][] taps;
    private final int[] count;

    /** Taps for {@code slots} FX slots. */
    TapTempo(int slots) {
        taps = new long[slots][KEEP];
        count = new int[slots];
    }

    /** Times taps with {@code clock} instead of the system clock (tests drive it). */
    public void useClock(LongSupplier clock) {
        nanos = clock;
    }

    /**
     * A tap on slot {@code slot0} (0-based) now: returns the tempo in BPM once there are two taps
     * close enough together, else NaN.
     */
    synchronized double tap(int slot0) {
        long now = nanos.getAsLong();
        long[] t = taps[slot0];
        int n = count[slot0];
        if (n > 0 && now - t[(n - 1) % KEEP] > RESTART_NANOS) n = 0;
        t[n % KEEP] = now;
        n++;
        count[slot0] = n;
        if (n < 2) return Double.NaN;
        int used = Math.min(n, KEEP);
        long first = t[(n - used) % KEEP];
        double meanNanos = (double) (now - first) / (used - 1);
        return meanNanos > 0 ? 60e9 / meanNanos : Double.NaN;
    }
}
