package org.jackdesk.control.ws;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.jackdesk.config.Param;

/**
 * Limits one client's {@code changed} messages to one per path per interval (1/60 s) while making
 * sure the last value of every path arrives: a change inside the interval is held, overwritten by
 * later ones, and sent when the interval has passed.
 *
 * <p>Thread: control (the server's event loop) only.
 */
public final class ChangeCoalescer {
    /** Receives the changes that pass. */
    @FunctionalInterface
    public interface Emitter {
        void emit(Param param, double value, Object origin);
    }

    public static final long DEFAULT_INTERVAL_NANOS = 1_000_000_000L / 60;

    private final Vertx vertx;
    private final long intervalNanos;
    private final Emitter out;
    private final long[] lastSentNanos;
    private final double[] pendingValue;
    private final Object[] pendingOrigin;
    private final boolean[] pending;
    private List<Param> queue = new ArrayList<>();
    private List<Param> spare = new ArrayList<>();
    private long timerId = -1;
    private boolean closed;

    public ChangeCoalescer(Vertx vertx, int slots, long intervalNanos, Emitter out) {
        this.vertx = vertx;
        this.intervalNanos = intervalNanos;
        this.out = out;
        this.lastSentNanos = new long[slots];
        this.pendingValue = new double[slots];
        this.pendingOrigin = new Object[slots];
        this.pending = new boolean[slots];
        java.util.Arrays.fill(lastSentNanos, System.nanoTime() - intervalNanos - 1);
    }

    public void offer(Param p, double value, Object origin) {
        if (closed) return;
        int s = p.slot();
        long now = System.nanoTime();
        if (!pending[s] && now - lastSentNanos[s] >= intervalNanos) {
            lastSentNanos[s] = now;
            out.emit(p, value, origin);
            return;
        }
        pendingValue[s] = value;
        pendingOrigin[s] = origin;
        if (!pending[s]) {
            pending[s] = true;
            queue.add(p);
        }
        if (timerId < 0) schedule(lastSentNanos[s] + intervalNanos - now);
    }

    private void schedule(long delayNanos) {
        long ms = Math.max(1, (delayNanos + 999_999) / 1_000_000);
        timerId = vertx.setTimer(ms, t -> flush());
    }

    private void flush() {
        timerId = -1;
        if (closed) return;
        long now = System.nanoTime();
        long nextDue = Long.MAX_VALUE;
        List<Param> keep = spare;
        keep.clear();
        for (Param p : queue) {
            int s = p.slot();
            long due = lastSentNanos[s] + intervalNanos;
            if (now >= due) {
                pending[s] = false;
                lastSentNanos[s] = now;
                Object origin = pendingOrigin[s];
                pendingOrigin[s] = null;
                out.emit(p, pendingValue[s], origin);
            } else {
                keep.add(p);
                nextDue = Math.min(nextDue, due);
            }
        }
        spare = queue;
        queue = keep;
        if (!queue.isEmpty()) schedule(nextDue - now);
    }

    /** Paths waiting for their interval to pass. */
    public int pendingCount() {
        return queue.size();
    }

    /** Drops what is held and stops the timer (the connection closed). */
    public void close() {
        closed = true;
        if (timerId >= 0) vertx.cancelTimer(timerId);
        timerId = -1;
        queue.clear();
    }
}
