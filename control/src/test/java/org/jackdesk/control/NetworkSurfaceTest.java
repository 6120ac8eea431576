package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jackdesk.control.security.SafeNames;
import org.jackdesk.control.security.SecurityOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The network surface of a real server: Origin, traversal, headers, limits. TLS is in {@link TlsTest}. */
@ExtendWith(VertxExtension.class)
class NetworkSurfaceTest {

    @Test
    void webSocketFromAForeignBrowserOriginIsRefusedAtTheHandshake(Vertx vertx) {
        SecureServer s = new SecureServer(vertx, SecurityOptions.open().withOrigins(List.of("http://mixer.local:8080")));
        int port = s.port();
        Throwable refused = assertThrows(AssertionError.class,
                () -> WsClient.await(SecureServer.connect(vertx, port, "/ws", "http://evil.example")));
        assertTrue(refused.getMessage().contains("403"), "refused with 403: " + refused.getMessage());
        assertThrows(AssertionError.class, () -> WsClient.await(SecureServer.connect(vertx, port, "/ws", "null")));
        assertThrows(AssertionError.class, () -> WsClient.await(SecureServer.connect(vertx, port, "/ws", "http://127.0.0.1:" + (port + 1))));
        // The page this console served, a configured origin, and a non-browser client (no Origin) all connect.
        for (String ok : new String[] {"http://127.0.0.1:" + port, "http://mixer.local:8080", null}) {
            WebSocket ws = WsClient.await(SecureServer.connect(vertx, port, "/ws", ok));
            assertFalse(ws.isClosed(), "origin " + ok + " connects");
            WsClient.await(ws.close());
        }
        assertTrue(s.metrics().errorsByCode().getOrDefault("bad_origin", 0L) >= 3, "refusals are counted");
    }

    @Test
    void crossSiteWritesOverRestAreRefusedButReadsAndScriptsWork(Vertx vertx) {
        SecureServer s = new SecureServer(vertx, SecurityOptions.open());
        WebClient web = WebClient.create(vertx);
        HttpResponse<Buffer> evil = WsClient.await(web.put(s.port(), "127.0.0.1", "/api/params/ch/1/fader")
                .putHeader("Origin", "http://evil.example").sendBuffer(Buffer.buffer("-6")));
        assertEquals(403, evil.statusCode(), evil.bodyAsString());
        assertEquals("bad_origin", evil.bodyAsJsonObject().getString("code"));
        assertTrue(s.engine.sets.isEmpty(), "nothing reached the engine");
        HttpResponse<Buffer> script = WsClient.await(web.put(s.port(), "127.0.0.1", "/api/params/ch/1/fader").sendBuffer(Buffer.buffer("-6")));
        assertEquals(200, script.statusCode(), script.bodyAsString());
    }

    /** Files outside the web root the server could reach if a path escaped: the module's pom, a classpath resource, /etc/passwd. */
    static final List<String> MARKERS = List.of("<artifactId>jackdesk-control", "\"muteGroups\"", "root:x:0:0");

    static final List<String> ESCAPES = List.of(
            "/../pom.xml", "/../../etc/passwd", "/../../../../../../../../etc/passwd", "/%2e%2e/pom.xml", "/%2e%2e%2fpom.xml",
            "/..%2fpom.xml", "/%2E%2E/%2E%2E/%2E%2E/%2E%2E/etc/passwd", "/%252e%252e/pom.xml", "/%252e%252e%252fpom.xml",
            "/..\\pom.xml", "/..%5cpom.xml", "/%5c..%5cpom.xml", "//etc/passwd", "/etc/passwd", "/%2fetc%2fpasswd",
            "/css/../../pom.xml", "/css/..%2f..%2fpom.xml", "/.%2e/pom.xml", "/%2e./pom.xml", "/%c0%ae%c0%ae/pom.xml",
            "/%c0%ae%c0%ae%c0%afetc%c0%afpasswd", "/..%c0%afpom.xml", "/%e0%80%ae%e0%80%ae/pom.xml", "/file:///etc/passwd",
            "/../org/jackdesk/config/default.json", "/webroot/../org/jackdesk/config/default.json",
            "/org/jackdesk/config/default.json", "/../webroot/../org/jackdesk/config/default.json", "/..;/pom.xml",
            "/%00../pom.xml", "/index.html%00/../../pom.xml", "/api/../../pom.xml", "/ws/../../pom.xml",
            "/js/%2e%2e/%2e%2e/pom.xml", "/./../pom.xml", "/...//pom.xml", "/....//....//pom.xml", "/%2e%2e%5c%2e%2e%5cpom.xml",
            "/\u00ae../pom.xml", "/..%00/pom.xml", "/%uff0e%uff0e/pom.xml", "/.%00./pom.xml", "/pom.xml", "/../control/pom.xml",
            "/C:/Windows/win.ini", "/C:%5cWindows%5cwin.ini");

    @Test
    void staticFilesNeverEscapeTheWebRootWhateverTheEncoding(Vertx vertx) throws Exception {
        SecureServer s = new SecureServer(vertx, SecurityOptions.open());
        assertTrue(Files.exists(Path.of("pom.xml")), "the test runs in the module folder, so ../pom.xml and pom.xml are real targets");
        String index = SecureServer.raw(s.port(), "GET /index.html HTTP/1.1");
        assertTrue(index.startsWith("HTTP/1.1 200") && index.contains("<script type=\"module\""), "the UI itself is served: " + head(index));
        List<String> leaks = new ArrayList<>();
        for (String path : ESCAPES) {
            String r = SecureServer.raw(s.port(), "GET " + path + " HTTP/1.1");
            assertFalse(r.startsWith("HTTP/1.1 5"), path + " answered with a server error: " + head(r));
            for (String m : MARKERS) if (r.contains(m)) leaks.add(path + " → " + m);
        }
        assertEquals(List.of(), leaks, "no request reads a file outside the web root");
        String listing = SecureServer.raw(s.port(), "GET /js/ HTTP/1.1");
        assertFalse(listing.contains("app.js"), "no directory listing: " + head(listing));
    }

    @Test
    void fileAndSceneNamesCannotLeaveTheirFolder(@TempDir Path dir) {
        for (String bad : List.of("..", "../x", "..\\x", "/etc/passwd", "a/b", "%2e%2e", ".hidden", "C:evil", "x\u0000y", "", "a\nb", "scene.")) {
            assertNotNull(SafeNames.problem(bad), "refused: " + bad);
            assertThrows(IllegalArgumentException.class, () -> SafeNames.resolveInside(dir, bad), bad);
        }
        assertEquals(dir.toAbsolutePath().normalize().resolve("Act 1 - opener.json"), SafeNames.resolveInside(dir, "Act 1 - opener.json"));
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders(Vertx vertx) {
        SecureServer s = new SecureServer(vertx, SecurityOptions.open());
        WebClient web = WebClient.create(vertx);
        for (String uri : List.of("/", "/index.html", "/js/app.js", "/api/health", "/api/nope", "/metrics", "/no-such-file")) {
            HttpResponse<Buffer> r = WsClient.await(web.get(s.port(), "127.0.0.1", uri).send());
            String csp = r.getHeader("Content-Security-Policy");
            assertNotNull(csp, uri + " has a CSP");
            assertTrue(csp.contains("default-src 'self'") && csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'")
                    && csp.contains("object-src 'none'"), uri + ": " + csp);
            assertFalse(csp.contains("http:") || csp.contains("https:") || csp.contains("unsafe"), uri + ": no external or unsafe sources: " + csp);
            assertEquals("nosniff", r.getHeader("X-Content-Type-Options"), uri);
            assertEquals("DENY", r.getHeader("X-Frame-Options"), uri);
            assertEquals("no-referrer", r.getHeader("Referrer-Policy"), uri);
        }
    }

    @Test
    void oneAddressCannotTakeEveryConnectionAndAClosedOneFreesItsSlot(Vertx vertx) throws Exception {
        SecureServer s = new SecureServer(vertx, SecurityOptions.open().withLimits(2, 5000));
        WsClient a = WsClient.connect(vertx, s.port());
        WsClient b = WsClient.connect(vertx, s.port());
        WsClient third = WsClient.open(vertx, s.port());
        JsonObject err = third.next("error");
        assertEquals("too_many_connections", err.getString("code"));
        assertTrue(err.getString("message").contains("the limit for one address"), err.encode());
        assertEquals((short) 1013, WsClient.await(third.closed));
        a.assertAlive();
        b.close();
        WsClient c = null;
        for (int i = 0; i < 50 && c == null; i++) { // the slot is freed when the server sees the TCP close
            try {
                c = WsClient.connect(vertx, s.port());
            } catch (AssertionError e) {
                Thread.sleep(20);
            }
        }
        assertNotNull(c, "a closed connection frees its slot");
        c.assertAlive();
        a.close();
        c.close();
    }

    @Test
    void allClientsTogetherAreHeldToTheServerWideMessageRate(Vertx vertx) throws Exception {
        SecureServer s = new SecureServer(vertx, SecurityOptions.open().withLimits(16, 50));
        try (WsClient a = WsClient.connect(vertx, s.port()); WsClient b = WsClient.connect(vertx, s.port())) {
            for (int i = 0; i < 100; i++) {
                a.send("{\"op\":\"ping\",\"id\":" + i + "}");
                b.send("{\"op\":\"ping\",\"id\":" + i + "}");
            }
            List<JsonObject> got = new ArrayList<>(a.collect(500));
            got.addAll(b.collect(100));
            long pongs = got.stream().filter(m -> "pong".equals(m.getString("op"))).count();
            List<JsonObject> limited = got.stream().filter(m -> "rate_limited".equals(m.getString("code"))).toList();
            assertFalse(limited.isEmpty(), "200 messages within a second against a budget of 50 get rate_limited");
            assertTrue(limited.get(0).getString("message").contains("all clients together"), limited.get(0).encode());
            assertTrue(pongs < 200, "the excess was dropped (" + pongs + " pongs)");
        }
    }

    private static String head(String r) {
        return r.length() > 200 ? r.substring(0, 200) : r;
    }

    static <T> T poll(LinkedBlockingQueue<T> q) throws InterruptedException {
        return q.poll(5, TimeUnit.SECONDS);
    }
}
