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
