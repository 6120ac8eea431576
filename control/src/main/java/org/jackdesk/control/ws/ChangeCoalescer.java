package org.jackdesk.control.ws;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.jackdesk.config.Param;

/**
 * Limits one client's {@code changed} messages to one per path per interval (1/60 s) while making
 * sure the last value of every path arrives, and keeping what is sent fresh:
 *
 * <ul>
 *   <li>a change that may go (the path's last send is at least one interval ago) goes at once;</li>
 *   <li>a change inside the interval is held and overwritten by later ones;</li>
 *   <li>a held change is dropped when a newer one for the same path may go at once (the newer
 *       one goes), and otherwise sent one interval after it arrived, when the path went quiet.</li>
 * </ul>
 *
 * <p>Why not send the held value as soon as the interval has passed (the obvious rule)? A fader
 * dragged at 100 moves per second would then reach other tablets as values up to 10 ms old at the
 * moment they are sent, every time; with this rule a continuous move goes out as the value that
 * just arrived, 30–60 times per second, and a move that stops still ends on its last value within
 * one interval of it. (issue 4: echo latency p99 ≤ 10 ms with coalescing at 1/60 s.)
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

    private final java.util.function.LongSupplier clock;
    private final Vertx vertx;
    private final long intervalNanos;
    private final Emitter out;
    private final long[] lastSentNanos;
    private final long[] heldSinceNanos;
    private final double[] pendingValue;
    private final Object[] pendingOrigin;
    private final boolean[] pending;
    private final boolean[] queued;
    private List<Param> queue = new ArrayList<>();
    private List<Param> spare = new ArrayList<>();
    private long timerId = -1;
    private boolean closed;

    public ChangeCoalescer(Vertx vertx, int slots, long intervalNanos, Emitter out) {
        this(vertx, slots, intervalNanos, out, System::nanoTime);
    }

    /** With a clock of its own (tests drive time by hand). */
    public ChangeCoalescer(Vertx vertx, int slots, long intervalNanos, Emitter out, java.util.function.LongSupplier clock) {
        this.clock = clock;
        this.vertx = vertx;
        this.intervalNanos = intervalNanos;
        this.out = out;
        this.lastSentNanos = new long[slots];
        this.heldSinceNanos = new long[slots];
        this.pendingValue = new double[slots];
        this.pendingOrigin = new Object[slots];
        this.pending = new boolean[slots];
        this.queued = new boolean[slots];
        java.util.Arrays.fill(lastSentNanos, clock.getAsLong() - intervalNanos - 1);
    }

    public void offer(Param p, double value, Object origin) {
        if (closed) return;
        int s = p.slot();
        long now = clock.getAsLong();
        if (now - lastSentNanos[s] >= intervalNanos) {
            // May go: the newest value goes now and replaces anything held for this path.
            lastSentNanos[s] = now;
            pending[s] = false;
            pendingOrigin[s] = null;
            out.emit(p, value, origin);
            return;
        }
        pendingValue[s] = value;
        pendingOrigin[s] = origin;
        heldSinceNanos[s] = now;
        pending[s] = true;
        if (!queued[s]) {
            queued[s] = true;
            queue.add(p);
        }
        if (timerId < 0) schedule(intervalNanos);
    }

    private void schedule(long delayNanos) {
        long ms = Math.max(1, (delayNanos + 999_999) / 1_000_000);
        timerId = vertx.setTimer(ms, t -> flush());
    }

    private void flush() {
        timerId = -1;
        if (closed) return;
        long now = clock.getAsLong();
        long nextDue = Long.MAX_VALUE;
        List<Param> keep = spare;
        keep.clear();
        for (Param p : queue) {
            int s = p.slot();
            if (!pending[s]) { // a newer value went out at once
                queued[s] = false;
                continue;
            }
            // Held since its arrival, which is after the last send: due is also >= lastSent + interval.
            long due = heldSinceNanos[s] + intervalNanos;
            if (now >= due) {
                pending[s] = false;
                queued[s] = false;
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

    /** Drops what is held and stops the timer (the connection closed). */
    public void close() {
        closed = true;
        if (timerId >= 0) vertx.cancelTimer(timerId);
        timerId = -1;
        queue.clear();
    }
}
