package org.jackdesk.control.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Login tokens: 256 random bits (base64url), each bound to a {@link Principal} until it expires
 * or is revoked. Tokens live only in memory, so a restart logs everyone out. The table is bounded:
 * past {@link #MAX_TOKENS} the expired and then the oldest are dropped.
 *
 * <p>Thread: any (the event loop issues and checks; the CLI or a test may revoke).
 */
public final class SessionTokens {
    public static final int MAX_TOKENS = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One issued token. */
    public record Token(String value, Principal principal, long issuedAtMillis, long expiresAtMillis) {
        @Override
        public String toString() {
            return "Token[" + principal.user() + ", expires " + expiresAtMillis + "]"; // never the value
        }
    }

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final long ttlMillis;
    private final LongSupplier clock;
    /** Told of every token that ends (revoked, expired, pruned), on the thread that ended it. */
    private volatile java.util.function.Consumer<String> ended = t -> { };

    public SessionTokens(long ttlMillis) {
        this(ttlMillis, System::currentTimeMillis);
    }

    public SessionTokens(long ttlMillis, LongSupplier clockMillis) {
        if (ttlMillis < 1000) throw new IllegalArgumentException("a token lives at least 1 s, not " + ttlMillis + " ms");
        this.ttlMillis = ttlMillis;
        this.clock = clockMillis;
    }

    /**
     * Who to tell when a token ends (revoked, a user logged out everywhere, found expired, pruned),
     * so its open connections close at once. Called on the thread that ended it (any).
     */
    public void onEnded(java.util.function.Consumer<String> listener) {
        ended = listener;
    }

    public Token issue(Principal p) {
        if (tokens.size() >= MAX_TOKENS) prune();
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        long now = clock.getAsLong();
        Token t = new Token(Base64.getUrlEncoder().withoutPadding().encodeToString(b), p, now, now + ttlMillis);
        tokens.put(t.value(), t);
        return t;
    }

    /** The principal of a live token, or null (unknown, expired or revoked). */
    public Principal principal(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) return null;
        Token t = tokens.get(token);
        if (t == null) return null;
        if (clock.getAsLong() >= t.expiresAtMillis()) {
            if (tokens.remove(token) != null) ended.accept(token);
            return null;
        }
        return t.principal();
    }

    public boolean revoke(String token) {
        if (token == null || tokens.remove(token) == null) return false;
        ended.accept(token);
        return true;
    }

    /** Logs a user out everywhere (a PIN changed, a user removed). Returns how many tokens went. */
    public int revokeUser(String user) {
        int n = 0;
        for (Iterator<Token> it = tokens.values().iterator(); it.hasNext(); ) {
            Token t = it.next();
            if (t.principal().user().equals(user)) {
                it.remove();
                ended.accept(t.value());
                n++;
            }
        }
        return n;
    }

    public int size() {
        return tokens.size();
    }

    public long ttlMillis() {
        return ttlMillis;
    }

    private void prune() {
        long now = clock.getAsLong();
        for (Token t : List.copyOf(tokens.values())) {
            if (now >= t.expiresAtMillis() && tokens.remove(t.value()) != null) ended.accept(t.value());
        }
        while (tokens.size() >= MAX_TOKENS) {
            Token oldest = null;
            for (Token t : tokens.values()) if (oldest == null || t.issuedAtMillis() < oldest.issuedAtMillis()) oldest = t;
            if (oldest == null) break;
            if (tokens.remove(oldest.value()) != null) ended.accept(oldest.value());
        }
    }
}
