package org.jackdesk.control.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows down guessing: a 4-digit PIN has only 10 000 values. Failures are counted per source
 * address <em>and</em> per target user name; once either has {@link #FREE_FAILURES} failures, every
 * further attempt from that address, or for that user from anywhere, waits out a lock that doubles
 * with each failure (1 s, 2 s, 4 s … up to {@link #MAX_LOCK_MS}).
 *
 * <p>A success takes back only the failures of that very user from that very address (a user who
 * mistyped and then got it right). It never clears another user's failures: otherwise one known
 * login (a viewer's) between guesses would reset the count for the PIN being guessed (issue 15:
 * four wrong PINs for {@code foh}, one right login as {@code front}, repeat). Failures are forgotten
 * {@link #FORGET_MS} after the last one.
 *
 * <p>Bounded: per user only for configured users (an unknown name counts against its address
 * alone), so the per-user counts cannot be pushed out by spraying names or addresses; addresses
 * (and address-user pairs) are forgotten least recently seen first past {@link #MAX_KEYS}.
 * Thread: control (the server's event loop).
 */
public final class LoginThrottle {
    public static final int FREE_FAILURES = 5;
    public static final long MAX_LOCK_MS = 5 * 60_000;
    /** Failures older than this (counted from the latest one of the same key) are forgotten. */
    public static final long FORGET_MS = 60 * 60_000;
    public static final int MAX_KEYS = 4096;

    private static final class Entry {
        int failures;
        long lastFailureMillis;
        long lockedUntilMillis;
    }

    private final Map<String, Entry> byAddress = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_KEYS;
        }
    };
    /** Configured users only: at most as many entries as users. */
    private final Map<String, Entry> byUser = new java.util.HashMap<>();
    private final LongSupplier clock;

    public LoginThrottle() {
        this(System::currentTimeMillis);
    }

    public LoginThrottle(LongSupplier clockMillis) {
        this.clock = clockMillis;
    }

    private static String addressKey(String address) {
        return "a\n" + address;
    }

    private static String userKey(String user) {
        return "u\n" + user;
    }

    private static String pairKey(String address, String user) {
        return "p\n" + address + "\n" + user;
    }

    private Map<String, Entry> mapOf(String key) {
        return key.startsWith("u\n") ? byUser : byAddress;
    }

    /**
     * Milliseconds a login for {@code user} (null: not a configured user) from {@code address}
     * must still wait, 0 when it may try now.
     */
    public long waitMillis(String address, String user) {
        return Math.max(waitOf(addressKey(address)), user == null ? 0 : waitOf(userKey(user)));
    }

    private long waitOf(String key) {
        Entry e = live(key);
        return e == null ? 0 : Math.max(0, e.lockedUntilMillis - clock.getAsLong());
    }

    /** The entry of {@code key}, or null when there is none or its failures are forgotten. */
    private Entry live(String key) {
        Entry e = mapOf(key).get(key);
        if (e != null && clock.getAsLong() - e.lastFailureMillis >= FORGET_MS) {
            mapOf(key).remove(key);
            return null;
        }
        return e;
    }

    /** A wrong PIN for {@code user} (null: a name that is no configured user) from {@code address}. */
    public void failed(String address, String user) {
        fail(addressKey(address));
        if (user == null) return;
        fail(userKey(user));
        fail(pairKey(address, user));
    }

    private void fail(String key) {
        Entry e = live(key);
        if (e == null) mapOf(key).put(key, e = new Entry());
        long now = clock.getAsLong();
        e.failures++;
        e.lastFailureMillis = now;
        int over = e.failures - FREE_FAILURES;
        e.lockedUntilMillis = over < 0 ? 0 : now + Math.min(MAX_LOCK_MS, 1000L << Math.min(20, over));
    }

    /** {@code user} logged in from {@code address}: takes back only that user's failures from that address. */
    public void succeeded(String address, String user) {
        Entry pair = byAddress.remove(pairKey(address, user));
        if (pair == null) return;
        forgive(addressKey(address), pair.failures);
        forgive(userKey(user), pair.failures);
    }

    private void forgive(String key, int failures) {
        Entry e = mapOf(key).get(key);
        if (e == null) return;
        e.failures -= failures;
        if (e.failures <= 0) {
            mapOf(key).remove(key);
        } else if (e.failures < FREE_FAILURES) {
            e.lockedUntilMillis = 0;
        }
    }

    /** Failures counted now against {@code address} (for tests and logs). */
    public int failures(String address) {
        Entry e = live(addressKey(address));
        return e == null ? 0 : e.failures;
    }

    /**
     * The live failures as text, one {@code KEY-KIND TAB NAME TAB failures TAB lastFailureMillis TAB
     * lockedUntilMillis} line each (wall-clock times, so a lock survives a restart). Names are
     * URL-encoded so no user name or address can break a line.
     */
    public String save() {
        StringBuilder b = new StringBuilder();
        long now = clock.getAsLong();
        for (Map<String, Entry> m : java.util.List.of(byUser, byAddress)) {
            for (Map.Entry<String, Entry> e : m.entrySet()) {
                Entry v = e.getValue();
                if (now - v.lastFailureMillis >= FORGET_MS) continue;
                b.append(java.net.URLEncoder.encode(e.getKey(), java.nio.charset.StandardCharsets.UTF_8)).append('\t')
                        .append(v.failures).append('\t').append(v.lastFailureMillis).append('\t').append(v.lockedUntilMillis).append('\n');
            }
        }
        return b.toString();
    }

    /** Takes back what {@link #save} wrote; a line it cannot read is skipped (the file is only a safeguard). */
    public void restore(String text) {
        for (String line : text.split("\n")) {
            String[] f = line.split("\t");
            if (f.length != 4) continue;
            try {
                String key = java.net.URLDecoder.decode(f[0], java.nio.charset.StandardCharsets.UTF_8);
                if (!(key.startsWith("a\n") || key.startsWith("u\n") || key.startsWith("p\n"))) continue;
                Entry e = new Entry();
                e.failures = Math.max(0, Integer.parseInt(f[1]));
                e.lastFailureMillis = Long.parseLong(f[2]);
                e.lockedUntilMillis = Math.min(Long.parseLong(f[3]), clock.getAsLong() + MAX_LOCK_MS);
                if (e.failures > 0) mapOf(key).merge(key, e, (old, neu) -> old.failures >= neu.failures ? old : neu);
            } catch (IllegalArgumentException ignored) {
                // a damaged line: skipped
            }
        }
    }
}
