package org.jackdesk.control.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * At most one log line per key (an address, a kind of event) per {@link #INTERVAL_NANOS}, so a
 * client repeating a bad request cannot fill the log: the first occurrence is logged, the rest of
 * the minute only counted, and the count is told with the next line of that key. Bounded to
 * {@link #MAX_KEYS} keys (least recently seen forgotten).
 *
 * <p>Thread: one owner (the server's event loop).
 */
public final class LogLimiter {
    public static final long INTERVAL_NANOS = 60_000_000_000L;
    public static final int MAX_KEYS = 1024;

    private static final class Slot {
        long loggedAtNanos;
        int suppressed;
    }

    private final Map<String, Slot> slots = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Slot> eldest) {
            return size() > MAX_KEYS;
        }
    };
    private final LongSupplier clockNanos;

    public LogLimiter() {
        this(System::nanoTime);
    }

    public LogLimiter(LongSupplier clockNanos) {
        this.clockNanos = clockNanos;
    }

    /**
     * -1 when an event of {@code key} must not be logged now (it is counted); otherwise how many
     * were left unlogged since the last line of this key (0 the first time): log one line now.
     */
    public int admit(String key) {
        long now = clockNanos.getAsLong();
        Slot s = slots.get(key);
        if (s == null) {
            s = new Slot();
            s.loggedAtNanos = now;
            slots.put(key, s);
            return 0;
        }
        if (now - s.loggedAtNanos < INTERVAL_NANOS) {
            s.suppressed++;
            return -1;
        }
        int n = s.suppressed;
        s.suppressed = 0;
        s.loggedAtNanos = now;
        return n;
    }
}
