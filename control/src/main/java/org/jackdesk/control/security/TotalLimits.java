package org.jackdesk.control.security;

import java.util.HashMap;
import java.util.Map;

/**
 * Limits across all clients, on top of the per-client ones in {@code ServerOptions}: WebSocket
 * connections from one address (so one phone cannot take every slot) and messages per second
 * over the whole server (WebSocket + REST), so many clients together cannot starve the event loop.
 *
 * <p>Thread: control (the server's event loop).
 */
public final class TotalLimits {
    private final int maxPerAddress;
    private final int maxTotalPerSecond;
    private final Map<String, Integer> connections = new HashMap<>();
    private final Map<String, Integer> withoutLogin = new HashMap<>();
    private int withoutLoginTotal;
    private final RateWindow window;

    public TotalLimits(int maxPerAddress, int maxTotalPerSecond) {
        if (maxPerAddress < 1) throw new IllegalArgumentException("connections per address must be at least 1, not " + maxPerAddress);
        if (maxTotalPerSecond < 1) throw new IllegalArgumentException("total messages/s must be at least 1, not " + maxTotalPerSecond);
        this.maxPerAddress = maxPerAddress;
        this.maxTotalPerSecond = maxTotalPerSecond;
        this.window = new RateWindow(maxTotalPerSecond, System.nanoTime());
    }

    /** Takes a connection slot for {@code address}; false (nothing taken) when it already has its maximum. */
    public boolean connect(String address) {
        int n = connections.getOrDefault(address, 0);
        if (n >= maxPerAddress) return false;
        connections.put(address, n + 1);
        return true;
    }

    public void disconnect(String address) {
        connections.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
    }

    /**
     * Takes a slot for a connection that has not logged in: false (nothing taken) when
     * {@code address} already has {@code perAddress} of them or the server {@code total}.
     */
    public boolean connectWithoutLogin(String address, int perAddress, int total) {
        int n = withoutLogin.getOrDefault(address, 0);
        if (n >= perAddress || withoutLoginTotal >= total) return false;
        withoutLogin.put(address, n + 1);
        withoutLoginTotal++;
        return true;
    }

    /** A connection without a login logged in or closed. */
    public void releaseWithoutLogin(String address) {
        Integer n = withoutLogin.get(address);
        if (n == null) return;
        if (n <= 1) withoutLogin.remove(address);
        else withoutLogin.put(address, n - 1);
        withoutLoginTotal--;
    }

    /** WebSocket connections open now that have not logged in. */
    public int withoutLogin() {
        return withoutLoginTotal;
    }

    public int connections(String address) {
        return connections.getOrDefault(address, 0);
    }

    /** Counts one message against the server-wide budget; false when this second's budget is spent. */
    public boolean admitMessage() {
        return window.admit(System.nanoTime());
    }

    public int maxPerAddress() {
        return maxPerAddress;
    }

    public int maxTotalPerSecond() {
        return maxTotalPerSecond;
    }
}
