package org.jackdesk.control.security;

/**
 * A message budget in one-second windows, the one rule behind every rate limit of the server
 * (per WebSocket client, per OSC sender, all clients together): a window opens at the first
 * message after the previous one ended and admits {@code max} messages; the first refusal of a
 * window is the one to tell the client about.
 *
 * <p>Thread: one owner (the server's event loop).
 */
public final class RateWindow {
    public static final long WINDOW_NANOS = 1_000_000_000L;

    private final int max;
    private long startNanos;
    private int count;
    private boolean refusalTold;

    public RateWindow(int max, long nowNanos) {
        this.max = max;
        this.startNanos = nowNanos;
    }

    /** Counts one message at {@code nowNanos}; true when it is within this window's budget. */
    public boolean admit(long nowNanos) {
        if (nowNanos - startNanos >= WINDOW_NANOS) {
            startNanos = nowNanos;
            count = 0;
            refusalTold = false;
        }
        return ++count <= max;
    }

    /** True the first time it is asked in a window: tell the client once, count the rest silently. */
    public boolean firstRefusal() {
        if (refusalTold) return false;
        refusalTold = true;
        return true;
    }

    /** When the current window ends (the budget is whole again from then on). */
    public long endNanos() {
        return startNanos + WINDOW_NANOS;
    }
}
