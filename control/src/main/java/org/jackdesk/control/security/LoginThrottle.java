package org.jackdesk.control.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows down guessing: a 4-digit PIN has only 10 000 values, so after {@link #FREE_FAILURES}
 * failed logins from one address every further attempt from it waits out a lock that doubles
 * with each failure (1 s, 2 s, 4 s … up to {@link #MAX_LOCK_MS}). A success clears the address.
 * Bounded: the least recently seen addresses are forgotten past {@link #MAX_ADDRESSES}.
 *
 * <p>Thread: control (the server's event loop).
 */
public final class LoginThrottle {
    public static final int FREE_FAILURES = 5;
    public static final long MAX_LOCK_MS = 5 * 60_000;
    public static final int MAX_ADDRESSES = 4096;

    private record Entry(int failures, long lockedUntilMillis) {}

    private final Map<String, Entry> byAddress = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };
    private final LongSupplier clock;

    public LoginThrottle() {
        this(System::currentTimeMillis);
    }

    public LoginThrottle(LongSupplier clockMillis) {
        this.clock = clockMillis;
    }

    /** Milliseconds {@code address} must still wait before trying again, 0 when it may try now. */
    public long waitMillis(String address) {
        Entry e = byAddress.get(address);
        if (e == null) return 0;
        return Math.max(0, e.lockedUntilMillis() - clock.getAsLong());
    }

    public void failed(String address) {
        Entry e = byAddress.get(address);
        int n = e == null ? 1 : e.failures() + 1;
        long lock = n <= FREE_FAILURES ? 0 : Math.min(MAX_LOCK_MS, 1000L << Math.min(20, n - FREE_FAILURES - 1));
        byAddress.put(address, new Entry(n, clock.getAsLong() + lock));
    }

    public void succeeded(String address) {
        byAddress.remove(address);
    }
}
