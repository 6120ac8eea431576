package org.jackdesk.control;

/**
 * Where the control server listens and the limits it enforces on every client.
 *
 * @param host                 bind address of HTTP/WebSocket and OSC ("0.0.0.0" = every interface)
 * @param httpPort             HTTP, WebSocket and web UI port; 0 picks a free one (tests)
 * @param oscPort              OSC UDP port; 0 picks a free one, -1 disables OSC
 * @param maxConnections       WebSocket clients at once; the next one is refused with {@code too_many_connections}
 * @param maxFrameBytes        largest accepted WebSocket message or REST body (bytes); larger gets {@code too_large}
 * @param maxMessagesPerSecond messages a client may send per second; the excess is dropped with one
 *                             {@code rate_limited} error a second
 * @param keepaliveMs          a client silent this long is pinged, and closed if still silent after as long again
 * @param printUrls            print the URLs to open on a tablet once listening
 * @param x32Port              X32-compatible OSC UDP port (docs/x32.md); 0 picks a free one, -1 turns it off
 */
public record ServerOptions(String host, int httpPort, int oscPort, int maxConnections, int maxFrameBytes,
                            int maxMessagesPerSecond, long keepaliveMs, boolean printUrls, int x32Port) {
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_OSC_PORT = 9000;
    public static final int DEFAULT_MAX_CONNECTIONS = 64;
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_MESSAGES_PER_SECOND = 200;
    public static final long DEFAULT_KEEPALIVE_MS = 10_000;
    /** The port of a real X32, so apps find jackdesk where they look for the console. */
    public static final int DEFAULT_X32_PORT = 10023;
    /** OSC disabled. */
    public static final int NO_OSC = -1;

    public ServerOptions {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("a bind host is needed, e.g. 0.0.0.0");
        checkPort("HTTP port", httpPort, false);
        checkPort("OSC port", oscPort, true);
        checkPort("X32 port", x32Port, true);
        if (maxConnections < 1) throw new IllegalArgumentException("max connections must be at least 1, not " + maxConnections);
        if (maxFrameBytes < 1024) throw new IllegalArgumentException("max frame must be at least 1024 bytes, not " + maxFrameBytes);
        if (maxMessagesPerSecond < 1) throw new IllegalArgumentException("max messages/s must be at least 1, not " + maxMessagesPerSecond);
        if (keepaliveMs < 50) throw new IllegalArgumentException("keepalive must be at least 50 ms, not " + keepaliveMs);
    }

    private static void checkPort(String what, int port, boolean mayDisable) {
        if ((port < 0 && !(mayDisable && port == NO_OSC)) || port > 65535) {
            throw new IllegalArgumentException(what + " must be 0–65535" + (mayDisable ? " (or -1 for off)" : "") + ", not " + port);
        }
    }

    /** The production defaults: every interface, HTTP 8080, OSC 9000, X32 10023. */
    public static ServerOptions defaults() {
        return new ServerOptions(DEFAULT_HOST, DEFAULT_HTTP_PORT, DEFAULT_OSC_PORT, DEFAULT_MAX_CONNECTIONS,
                DEFAULT_MAX_FRAME_BYTES, DEFAULT_MAX_MESSAGES_PER_SECOND, DEFAULT_KEEPALIVE_MS, true, DEFAULT_X32_PORT);
    }

    /** Loopback, free ports chosen by the OS, nothing printed, no X32 endpoint (tests turn it on): for tests and benchmarks. */
    public static ServerOptions loopbackEphemeral() {
        return defaults().withHost("127.0.0.1").withPorts(0, 0).withPrintUrls(false).withX32Port(NO_OSC);
    }

    public ServerOptions withHost(String h) {
        return new ServerOptions(h, httpPort, oscPort, maxConnections, maxFrameBytes, maxMessagesPerSecond, keepaliveMs, printUrls, x32Port);
    }

    public ServerOptions withPorts(int http, int osc) {
        return new ServerOptions(host, http, osc, maxConnections, maxFrameBytes, maxMessagesPerSecond, keepaliveMs, printUrls, x32Port);
    }

    public ServerOptions withMaxConnections(int n) {
        return new ServerOptions(host, httpPort, oscPort, n, maxFrameBytes, maxMessagesPerSecond, keepaliveMs, printUrls, x32Port);
    }

    public ServerOptions withMaxFrameBytes(int n) {
        return new ServerOptions(host, httpPort, oscPort, maxConnections, n, maxMessagesPerSecond, keepaliveMs, printUrls, x32Port);
    }

    public ServerOptions withMaxMessagesPerSecond(int n) {
        return new ServerOptions(host, httpPort, oscPort, maxConnections, maxFrameBytes, n, keepaliveMs, printUrls, x32Port);
    }

    public ServerOptions withKeepaliveMs(long ms) {
        return new ServerOptions(host, httpPort, oscPort, maxConnections, maxFrameBytes, maxMessagesPerSecond, ms, printUrls, x32Port);
    }

    public ServerOptions withPrintUrls(boolean print) {
        return new ServerOptions(host, httpPort, oscPort, maxConnections, maxFrameBytes, maxMessagesPerSecond, keepaliveMs, print, x32Port);
    }

    /** The X32 endpoint's port: 0 picks a free one, -1 ({@link #NO_OSC}) turns it off. */
    public ServerOptions withX32Port(int port) {
        return new ServerOptions(host, httpPort, oscPort, maxConnections, maxFrameBytes, maxMessagesPerSecond, keepaliveMs, printUrls, port);
    }

    /** Hard cap of one WebSocket frame at the transport (beyond it Netty closes with 1009). */
    public int transportFrameCapBytes() {
        return Math.max(maxFrameBytes * 16, 1 << 20);
    }
}
