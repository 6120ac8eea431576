package org.jackdesk.control;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.control.security.SecurityOptions;

/** A real console (see {@link TestServer}) on loopback with security options (users, TLS, limits), for the security tests. */
final class SecureServer {
    static final Layout LAYOUT = TestServer.LAYOUT;

    final RecordingEngine engine = new RecordingEngine(LAYOUT.channels().size(), LAYOUT.buses().size());
    final ConsoleState state;
    final ControlServer.Bound bound;

    SecureServer(Vertx vertx, ServerOptions options, SecurityOptions security) {
        Console console = TestServer.start(org.jackdesk.config.ConfigJson.builtinDefault().withLayout(LAYOUT), engine, vertx,
                options, security);
        state = console.state();
        bound = console.bound();
    }

    SecureServer(Vertx vertx, SecurityOptions security) {
        this(vertx, ServerOptions.loopbackEphemeral(), security);
    }

    int port() {
        return bound.httpPort();
    }

    int oscPort() {
        return bound.oscPort();
    }

    ServerMetrics metrics() {
        return bound.server().metrics();
    }

    /** A WebSocket handshake with the given Origin (null: none) and URI; the future fails when refused. */
    static Future<WebSocket> connect(Vertx vertx, int port, String uri, String origin) {
        return connect(vertx, port, uri, origin, null);
    }

    /** As {@link #connect(Vertx, int, String, String)}, from {@code localAddress} (null: any). */
    static Future<WebSocket> connect(Vertx vertx, int port, String uri, String origin, String localAddress) {
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
        if (origin != null) o.addHeader("Origin", origin);
        WebSocketClientOptions co = new WebSocketClientOptions();
        if (localAddress != null) co.setLocalAddress(localAddress);
        io.vertx.core.http.WebSocketClient client = vertx.createWebSocketClient(co);
        CLIENTS.add(client); // a client that is garbage-collected closes its connections, even mid-handshake
        return client.connect(o);
    }

    private static final java.util.List<io.vertx.core.http.WebSocketClient> CLIENTS = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** One raw HTTP/1.1 request exactly as written (no client-side normalisation); the whole response. */
    static String raw(int port, String requestLine) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            out.write((requestLine + "\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) b.write(buf, 0, n);
            } catch (java.net.SocketTimeoutException e) {
                // keep what arrived; the caller checks it
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
