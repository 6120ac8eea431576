package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.control.scene.LiveShow;
import org.jackdesk.control.scene.Notices;
import org.jackdesk.control.security.SecurityOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The attacks of the adversarial review (issue 15), each against a real server on loopback with an
 * admin, an engineer, a monitor and a viewer configured.
 */
@ExtendWith(VertxExtension.class)
class SecurityReviewTest {
    /** A console with scenes whose configuration holds the users, as {@code jackdesk start --config} runs it. */
    static final class Console {
        final ConsoleConfig config;
        final ConsoleState state;
        final SceneManager scenes;
        final ControlServer.Bound bound;

        Console(Vertx vertx, ServerOptions options, SecurityOptions security) {
            ConsoleConfig d = ConfigJson.builtinDefault();
            List<Map<String, Object>> users = new ArrayList<>();
            for (ConsoleConfig.UserConfig u : security.users()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", u.name());
                m.put("role", u.role());
                m.put("buses", u.buses());
                m.put("hash", u.hash());
                users.add(m);
            }
            config = new ConsoleConfig(d.version(), d.name(), d.layout(), d.server(), d.jack(), users, d.values());
            org.jackdesk.control.Console console = TestServer.start(config,
                    new RecordingEngine(config.toLayout().channels().size(), config.toLayout().buses().size()), vertx, options, security);
            state = console.state();
            scenes = console.scenes();
            bound = console.bound();
        }

        Console(Vertx vertx) {
            this(vertx, ServerOptions.loopbackEphemeral(), SecurityOptions.open().withUsers(AccessControlTest.USERS, null));
        }

        int port() {
            return bound.httpPort();
        }
    }

    static HttpResponse<Buffer> get(WebClient web, int port, String uri, String token) {
        return WsClient.await(web.get(port, "127.0.0.1", uri).putHeader("Authorization", "Bearer " + token).send());
    }

    @Test
    void aShowExportCarriesNoPasswordHashUnlessAnAdminAsksForAFullBackup(Vertx vertx) {
        Console c = new Console(vertx);
        WebClient web = WebClient.create(vertx);
        for (String[] who : List.of(new String[] {"guest", "4444"}, new String[] {"drums", "3333"}, new String[] {"foh", "2222"},
                new String[] {"boss", "1111"})) {
            String t = AccessControlTest.token(web, c.port(), who[0], who[1]);
            HttpResponse<Buffer> r = get(web, c.port(), "/api/show", t);
            assertEquals(200, r.statusCode(), who[0] + ": " + r.bodyAsString());
            String body = r.bodyAsString();
            assertFalse(body.contains("pbkdf2") || body.contains("\"hash\""), who[0] + " got password hashes: " + body);
            assertTrue(r.getHeader("X-Jackdesk-Export").startsWith("without"), r.getHeader("X-Jackdesk-Export"));
            assertEquals(0, new JsonObject(body).getJsonObject("config").getJsonArray("users", new io.vertx.core.json.JsonArray()).size(),
                    "no user list for " + who[0]);
            if (!who[0].equals("boss")) {
                HttpResponse<Buffer> full = get(web, c.port(), "/api/show?credentials=1", t);
                assertEquals(403, full.statusCode(), who[0] + " may not take a full backup");
                assertEquals("forbidden", full.bodyAsJsonObject().getString("code"));
                assertFalse(full.bodyAsString().contains("pbkdf2"));
            }
        }
        String boss = AccessControlTest.token(web, c.port(), "boss", "1111");
        HttpResponse<Buffer> full = get(web, c.port(), "/api/show?credentials=1", boss);
        assertEquals(200, full.statusCode());
        assertTrue(full.getHeader("X-Jackdesk-Export").contains("password hashes"), "the full backup says so");
        assertEquals(4, new JsonObject(full.bodyAsString()).getJsonObject("config").getJsonArray("users").size());
        assertTrue(full.bodyAsString().contains("pbkdf2"));
    }

    @Test
    void anotherUsersSuccessfulLoginDoesNotResetTheThrottleOfTheGuessedUser(Vertx vertx) {
        Console c = new Console(vertx);
        WebClient web = WebClient.create(vertx);
        int guesses = 0;
        boolean throttled = false;
        for (int round = 0; round < 3 && !throttled; round++) {
            for (int i = 0; i < 4 && !throttled; i++) {
                HttpResponse<Buffer> r = AccessControlTest.login(web, c.port(), "foh", String.format("%04d", 100 + guesses++));
                throttled = r.statusCode() == 429;
                if (!throttled) assertEquals(401, r.statusCode(), r.bodyAsString());
            }
            if (!throttled) {
                HttpResponse<Buffer> ok = AccessControlTest.login(web, c.port(), "guest", "4444");
                throttled = ok.statusCode() == 429;
            }
        }
        assertTrue(throttled, "429 within two rounds of four guesses, after " + guesses + " guesses");
        assertTrue(guesses <= 6, guesses + " guesses went through");
        HttpResponse<Buffer> right = AccessControlTest.login(web, c.port(), "foh", "2222");
        assertEquals(429, right.statusCode(), "foh is locked, even with the right PIN: " + right.bodyAsString());
    }

    /** The logged-out socket must not hear of a change made after the logout was answered; it is closed with 4001. */
    private static void assertSilentAndClosed(AccessControlTest.Ws ended, String why) throws Exception {
        assertEquals((short) 4001, ended.closed.get(1, java.util.concurrent.TimeUnit.SECONDS), why + ": closed at once with 4001");
        for (JsonObject m : ended.in) assertFalse("changed".equals(m.getString("op")), why + ": still written to after its login ended: " + m);
    }

    @Test
    void aLoggedOutRevokedOrExpiredTokensSocketIsClosedAtOnceAndHearsNothingMore(Vertx vertx) throws Exception {
        // A keepalive of 10 s: the tick that used to notice the end of a login comes far too late.
        // Logout and revocation on a console whose tokens live the default time (a short life would
        // end the observers' own logins on a loaded machine, where each PBKDF2 login takes a while).
        SecureServer s = new SecureServer(vertx, ServerOptions.loopbackEphemeral().withKeepaliveMs(10_000),
                SecurityOptions.open().withUsers(AccessControlTest.USERS, null));
        WebClient web = WebClient.create(vertx);
        String boss = AccessControlTest.token(web, s.port(), "boss", "1111");
        try (AccessControlTest.Ws other = new AccessControlTest.Ws(vertx, s.port(), "/ws?token=" + boss)) {
            other.next("hello");
            other.next("snapshot");
            // 1. POST /api/logout, then a set by someone else.
            String foh = AccessControlTest.token(web, s.port(), "foh", "2222");
            try (AccessControlTest.Ws c = new AccessControlTest.Ws(vertx, s.port(), "/ws?token=" + foh)) {
                c.next("hello");
                c.next("snapshot");
                HttpResponse<Buffer> out = WsClient.await(web.post(s.port(), "127.0.0.1", "/api/logout")
                        .putHeader("Authorization", "Bearer " + foh).send());
                assertTrue(out.bodyAsJsonObject().getBoolean("loggedOut"));
                assertEquals("ack", other.ask(new JsonObject().put("op", "set").put("path", "ch/1/fader").put("value", -7)).getString("op"));
                Thread.sleep(300);
                assertSilentAndClosed(c, "logout");
            }
            // 2. Revoked from another thread (the command line, a PIN change).
            String drums = AccessControlTest.token(web, s.port(), "drums", "3333");
            try (AccessControlTest.Ws c = new AccessControlTest.Ws(vertx, s.port(), "/ws?token=" + drums)) {
                c.next("hello");
                c.next("snapshot");
                assertEquals(1, s.bound.server().security().tokens().revokeUser("drums"));
                Thread.sleep(100);
                assertEquals("ack", other.ask(new JsonObject().put("op", "set").put("path", "bus/1/fader").put("value", -9)).getString("op"));
                Thread.sleep(300);
                assertSilentAndClosed(c, "revocation");
            }
        }
        // 3. Expired (tokens live 3 s on this console): the first write after expiry closes instead.
        SecureServer shortLived = new SecureServer(vertx, ServerOptions.loopbackEphemeral().withKeepaliveMs(10_000),
                SecurityOptions.open().withUsers(AccessControlTest.USERS, null).withTokenTtlMillis(3000));
        String foh = AccessControlTest.token(web, shortLived.port(), "foh", "2222");
        try (AccessControlTest.Ws c = new AccessControlTest.Ws(vertx, shortLived.port(), "/ws?token=" + foh)) {
            c.next("hello");
            c.next("snapshot");
            Thread.sleep(3100);
            String boss2 = AccessControlTest.token(web, shortLived.port(), "boss", "1111");
            HttpResponse<Buffer> set = WsClient.await(web.put(shortLived.port(), "127.0.0.1", "/api/params/ch/2/fader")
                    .putHeader("Authorization", "Bearer " + boss2).sendBuffer(Buffer.buffer("-4")));
            assertEquals(200, set.statusCode());
            Thread.sleep(300);
            assertSilentAndClosed(c, "expiry");
        }
    }

    /** A WebSocket to /ws from a chosen loopback address, every text message queued. */
    static AccessControlTest.Ws wsFrom(Vertx vertx, int port, String localAddress, String uri) {
        return new AccessControlTest.Ws(vertx, port, uri, localAddress);
    }

    static JsonObject health(WebClient web, int port) {
        return WsClient.await(web.get(port, "127.0.0.1", "/api/health").send()).bodyAsJsonObject();
    }

    @Test
    void webSocketsWithoutALoginAreCappedPerAddressAndInTotalCountedAndClosedAfterTheGrace(Vertx vertx) throws Exception {
        SecureServer s = new SecureServer(vertx, ServerOptions.loopbackEphemeral().withKeepaliveMs(10_000),
                SecurityOptions.open().withUsers(AccessControlTest.USERS, null).withoutLoginLimits(4, 10, 1500));
        WebClient web = WebClient.create(vertx);
        List<AccessControlTest.Ws> open = new ArrayList<>();
        try {
            int accepted = 0, refused = 0;
            for (String from : List.of("127.0.0.1", "127.0.0.2", "127.0.0.3")) {
                for (int i = 0; i < 5; i++) {
                    AccessControlTest.Ws w = wsFrom(vertx, s.port(), from, "/ws");
                    open.add(w);
                    JsonObject first = w.next();
                    if ("hello".equals(first.getString("op"))) {
                        accepted++;
                    } else {
                        assertEquals("too_many_connections", first.getString("code"), first.encode());
                        assertEquals((short) 1013, w.closed.get(2, java.util.concurrent.TimeUnit.SECONDS));
                        refused++;
                    }
                }
            }
            assertEquals(10, accepted, "4 + 4 from two addresses, then the total of 10 leaves 2 for the third");
            assertEquals(5, refused);
            assertEquals(10, health(web, s.port()).getInteger("clientsWithoutLogin"), "health counts them");
            String metrics = WsClient.await(web.get(s.port(), "127.0.0.1", "/metrics").send()).bodyAsString();
            assertTrue(metrics.contains("jackdesk_clients_without_login 10"), metrics);
            // A login frees its slot at once, and a logged-in connection is not held to the cap.
            AccessControlTest.Ws first = open.get(0);
            assertEquals("authenticated", first.ask(new JsonObject().put("op", "login").put("user", "guest").put("pin", "4444")).getString("op"));
            assertEquals(9, health(web, s.port()).getInteger("clientsWithoutLogin"));
            // After the grace every connection without a login is closed with 4003; the logged-in one stays.
            Thread.sleep(2000);
            for (AccessControlTest.Ws w : open.subList(1, open.size())) assertTrue(w.closed.isDone(), "closed after the grace");
            long noLogin = open.stream().filter(w -> w.closed.getNow((short) 0) == 4003).count();
            assertEquals(9, noLogin, "every accepted connection without a login closed with 4003");
            assertFalse(first.closed.isDone(), "the logged-in connection stays");
            assertEquals(0, health(web, s.port()).getInteger("clientsWithoutLogin"));
            AccessControlTest.Ws again = wsFrom(vertx, s.port(), "127.0.0.1", "/ws");
            open.add(again);
            assertEquals("hello", again.next().getString("op"), "slots are free again");
        } finally {
            for (AccessControlTest.Ws w : open) w.close();
        }
    }

    /**
     * One HTTP/1.1 request written by hand, as curl sends it ({@code --data-binary} sets
     * {@code Content-Type: application/x-www-form-urlencoded}); chunked when asked. Returns the status line and body.
     */
    static String[] http(int port, String method, String uri, String token, String contentType, byte[] body, boolean chunked) throws Exception {
        try (java.net.Socket sock = new java.net.Socket("127.0.0.1", port)) {
            sock.setSoTimeout(10_000);
            StringBuilder h = new StringBuilder(method + " " + uri + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n");
            if (token != null) h.append("Authorization: Bearer ").append(token).append("\r\n");
            if (contentType != null) h.append("Content-Type: ").append(contentType).append("\r\n");
            h.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n").append("\r\n");
            java.io.OutputStream out = sock.getOutputStream();
            out.write(h.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            try {
                if (!chunked) {
                    out.write(body);
                } else {
                    for (int off = 0; off < body.length; off += 8192) {
                        int n = Math.min(8192, body.length - off);
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                        out.write(body, off, n);
                        out.write("\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    }
                    out.write("0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                }
                out.flush();
            } catch (java.io.IOException e) {
                // the server may answer (413) and close before the whole body is written
            }
            String all = new String(sock.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int end = all.indexOf("\r\n");
            int bodyAt = all.indexOf("\r\n\r\n");
            return new String[] {end < 0 ? all : all.substring(0, end), bodyAt < 0 ? "" : all.substring(bodyAt + 4)};
        }
    }

    static JsonObject jsonOf(String[] r) {
        String b = r[1].trim();
        int brace = b.indexOf('{'); // a chunked answer's size line comes first
        return new JsonObject(b.substring(brace, b.lastIndexOf('}') + 1));
    }

    @Test
    void theDocumentedBackupAndRestoreWorksAndEveryBodyFailureSaysWhatWentWrong(Vertx vertx) throws Exception {
        Console c = new Console(vertx);
        WebClient web = WebClient.create(vertx);
        String foh = AccessControlTest.token(web, c.port(), "foh", "2222");
        c.state.set(c.state.registry().require("ch/1/fader"), -12, "test");
        byte[] backup = get(web, c.port(), "/api/show", foh).body().getBytes();
        c.state.set(c.state.registry().require("ch/1/fader"), 3, "test");
        // curl -X PUT --data-binary @b.json: Content-Type application/x-www-form-urlencoded
        String[] put = http(c.port(), "PUT", "/api/show", foh, "application/x-www-form-urlencoded", backup, false);
        assertTrue(put[0].contains(" 200 "), put[0] + " " + put[1]);
        assertEquals(-12.0, c.state.get(c.state.registry().require("ch/1/fader").slot()), 1e-9, "the backup was restored");
        String[] noType = http(c.port(), "PUT", "/api/show", foh, null, backup, true);
        assertTrue(noType[0].contains(" 200 "), "no Content-Type, chunked: " + noType[0] + " " + noType[1]);
        // A chunked 1 MiB parameter body: too_large, not "request failed".
        byte[] big = ("{\"value\": -6, \"pad\": \"" + "x".repeat(1 << 20) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String[] large = http(c.port(), "PUT", "/api/params/ch/1/fader", foh, "application/x-www-form-urlencoded", big, true);
        assertTrue(large[0].contains(" 413 "), large[0]);
        assertEquals("too_large", jsonOf(large).getString("code"), large[1]);
        // 10 000 nested arrays: bad_json saying where, not "request failed".
        for (String[] target : List.of(new String[] {"PUT", "/api/params/ch/1/fader"}, new String[] {"POST", "/api/scenes"},
                new String[] {"PUT", "/api/show"}, new String[] {"POST", "/api/login"})) {
            int depth = target[1].equals("/api/login") ? 2000 : 10_000; // the login body limit is 4 KiB
            byte[] deep = ("[".repeat(depth) + "]".repeat(depth)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String[] r = http(c.port(), target[0], target[1], foh, "application/json", deep, false);
            assertTrue(r[0].contains(" 400 "), target[1] + ": " + r[0] + " " + r[1]);
            JsonObject e = jsonOf(r);
            assertTrue(List.of("bad_json", "bad_file", "bad_message").contains(e.getString("code")), target[1] + ": " + e);
            assertFalse(e.getString("message").contains("request failed"), target[1] + ": " + e);
            assertFalse(e.getString("message").contains("StreamReadConstraints") || e.getString("message").contains("JsonReadFeature"),
                    target[1] + " speaks Jackson: " + e);
            if (e.getString("code").equals("bad_json")) assertTrue(e.getString("message").contains("line 1, column"), "where: " + e);
        }
        String[] loginTooLarge = http(c.port(), "POST", "/api/login", null, "application/json", new byte[5000], true);
        assertTrue(jsonOf(loginTooLarge).getString("message").contains("4096 bytes"), "the limit of that route: " + loginTooLarge[1]);
        // NaN in a parameter body: said in JSON terms, not Jackson's.
        String[] nan = http(c.port(), "PUT", "/api/params/ch/1/fader", foh, "application/json", "{\"value\": NaN}".getBytes(), false);
        assertEquals("bad_json", jsonOf(nan).getString("code"), nan[1]);
        assertTrue(jsonOf(nan).getString("message").contains("NaN and Infinity are not numbers in JSON"), nan[1]);
        assertFalse(nan[1].contains("ALLOW_NON_NUMERIC_NUMBERS"), nan[1]);
        assertEquals(-12.0, c.state.get(c.state.registry().require("ch/1/fader").slot()), 1e-9, "nothing applied");
    }

    /** One raw request with the given Host and Origin (null: none); the status line. */
    static String statusWithHost(int port, String requestLine, String host, String origin, String extra) throws Exception {
        try (java.net.Socket sock = new java.net.Socket("127.0.0.1", port)) {
            sock.setSoTimeout(5000);
            String h = requestLine + "\r\nHost: " + host + "\r\n" + (origin == null ? "" : "Origin: " + origin + "\r\n") + extra
                    + "Connection: close\r\n\r\n";
            sock.getOutputStream().write(h.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(sock.getInputStream(),
                    java.nio.charset.StandardCharsets.ISO_8859_1));
            return in.readLine();
        }
    }

    static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n";

    @Test
    void aHostThatIsNoNameOfTheConsoleIsRefusedSoDnsRebindingCannotReachIt(Vertx vertx) throws Exception {
        // A console without users: the rebinding page would have full control.
        SecureServer s = new SecureServer(vertx, SecurityOptions.open().withOrigins(List.of("https://mixer.example.org")));
        int port = s.port();
        String evil = "evil.example:" + port;
        String evilOrigin = "http://" + evil;
        assertTrue(statusWithHost(port, "GET /api/state HTTP/1.1", evil, evilOrigin, "").contains(" 403 "), "REST read, foreign Host");
        assertTrue(statusWithHost(port, "GET /api/state HTTP/1.1", evil, null, "").contains(" 403 "), "a same-origin fetch sends no Origin");
        assertTrue(statusWithHost(port, "PUT /api/params/ch/1/fader HTTP/1.1", evil, evilOrigin, "Content-Length: 2\r\n").contains(" 403 "),
                "REST write");
        assertTrue(statusWithHost(port, "GET /ws HTTP/1.1", evil, evilOrigin, UPGRADE).contains(" 403 "), "WebSocket upgrade");
        assertTrue(s.engine.sets.isEmpty());
        // The console's own addresses and names still work.
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "192.168.1.20:" + port,
                "mixer.example.org", "LOCALHOST")) {
            assertTrue(statusWithHost(port, "GET /api/state HTTP/1.1", host, null, "").contains(" 200 "), host);
        }
        assertTrue(statusWithHost(port, "GET /ws HTTP/1.1", "127.0.0.1:" + port, "http://127.0.0.1:" + port, UPGRADE).contains(" 101 "));
        String machine = java.net.InetAddress.getLocalHost().getHostName();
        Thread.sleep(200); // the names are learnt on a worker at start
        assertTrue(statusWithHost(port, "GET /api/state HTTP/1.1", machine + ":" + port, null, "").contains(" 200 "), machine);
    }

    @Test
    void viewersAndMonitorsCannotResetTheSharedMetersButAnEngineerCan(Vertx vertx) throws Exception {
        SecureServer s = AccessControlTest.server(vertx);
        WebClient web = WebClient.create(vertx);
        for (String[] who : List.of(new String[] {"guest", "4444"}, new String[] {"drums", "3333"})) {
            String t = AccessControlTest.token(web, s.port(), who[0], who[1]);
            try (AccessControlTest.Ws c = new AccessControlTest.Ws(vertx, s.port(), "/ws?token=" + t)) {
                c.next("hello");
                c.next("snapshot");
                for (String what : List.of("loudness", "clips", "peaks")) {
                    JsonObject e = c.ask(new JsonObject().put("op", "reset").put("meters", what));
                    assertEquals("forbidden", e.getString("code"), who[0] + " over WebSocket: " + e);
                    HttpResponse<Buffer> r = WsClient.await(web.post(s.port(), "127.0.0.1", "/api/meters/" + what + "/reset")
                            .putHeader("Authorization", "Bearer " + t).send());
                    assertEquals(403, r.statusCode(), who[0] + " over REST: " + r.bodyAsString());
                }
            }
        }
        assertTrue(s.engine.commands.isEmpty(), "no reset reached the engine: " + s.engine.commands);
        String foh = AccessControlTest.token(web, s.port(), "foh", "2222");
        try (AccessControlTest.Ws c = new AccessControlTest.Ws(vertx, s.port(), "/ws?token=" + foh)) {
            c.next("hello");
            c.next("snapshot");
            assertEquals("reset", c.ask(new JsonObject().put("op", "reset").put("meters", "clips")).getString("op"));
        }
        assertEquals(200, WsClient.await(web.post(s.port(), "127.0.0.1", "/api/meters/loudness/reset")
                .putHeader("Authorization", "Bearer " + foh).send()).statusCode());
        assertEquals(2, s.engine.commands.size(), "the engineer's two resets");
    }

    @Test
    void aMonitorMayResetOnlyTheMetersOfItsOwnBuses() throws Exception {
        var drums = new org.jackdesk.control.security.Principal("drums", org.jackdesk.control.security.Role.MONITOR, java.util.Set.of(1));
        org.jackdesk.control.security.AccessPolicy.checkMeterReset(drums, "clips", "bus/1");
        for (String scope : new String[] {null, "bus/2", "ch/1", "main", "bus/", "bus/01x"}) {
            ProtocolError e = org.junit.jupiter.api.Assertions.assertThrows(ProtocolError.class,
                    () -> org.jackdesk.control.security.AccessPolicy.checkMeterReset(drums, "clips", scope), String.valueOf(scope));
            assertEquals("forbidden", e.code());
        }
        var foh = new org.jackdesk.control.security.Principal("foh", org.jackdesk.control.security.Role.ENGINEER, java.util.Set.of());
        org.jackdesk.control.security.AccessPolicy.checkMeterReset(foh, "clips", "ch/3");
        org.jackdesk.control.security.AccessPolicy.checkMeterReset(foh, "loudness", null);
    }

    /** A masked client frame written by hand: {@code b0} is FIN, RSV1-3 and the opcode. */
    static byte[] frame(int b0, byte[] payload) {
        return org.jackdesk.control.cli.RawWs.encode(b0, payload, new byte[] {1, 2, 3, 4});
    }

    /** Reads frames until the server's close; its code (-1: the connection ended without a close frame). */
    static int closeCodeAfter(org.jackdesk.control.cli.RawWs w) throws Exception {
        try {
            while (true) {
                org.jackdesk.control.cli.RawWs.Frame f = w.read();
                if (f.isClose()) return f.closeCode();
            }
        } catch (java.io.EOFException | java.net.SocketException e) {
            return -1;
        } catch (java.net.SocketTimeoutException e) {
            return -2; // neither a close nor the end of the connection
        }
    }

    @Test
    void framesThatBreakRfc6455GetTheCloseCodeItPrescribes(Vertx vertx) throws Exception {
        TestServer s = new TestServer(vertx);
        byte[] huge = new byte[(1 << 20) + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        Object[][] cases = {
                {"a frame over 1 MiB", frame(0x81, huge), 1009},
                {"invalid UTF-8 in a text frame", frame(0x81, new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'}), 1007},
                {"RSV1 without a negotiated extension", frame(0xC1, "{\"op\":\"ping\"}".getBytes()), 1002},
        };
        for (Object[] c : cases) {
            try (org.jackdesk.control.cli.RawWs w = org.jackdesk.control.cli.RawWs.connect(s.port(), 0)) {
                w.await("hello");
                try {
                    w.sendRaw((byte[]) c[1]);
                } catch (java.io.IOException e) {
                    // the server may close before the whole frame is written; its close frame is still there to read
                }
                assertEquals((int) (Integer) c[2], closeCodeAfter(w), (String) c[0]);
            }
        }
        // Fragmented invalid UTF-8 (split inside a character across two frames that are each fine alone) is still invalid.
        try (org.jackdesk.control.cli.RawWs w = org.jackdesk.control.cli.RawWs.connect(s.port(), 0)) {
            w.await("hello");
            w.sendRaw(frame(0x01, new byte[] {'"', (byte) 0xE2, (byte) 0x82}));
            w.sendRaw(frame(0x80, new byte[] {(byte) 0x28, '"'}));
            assertEquals(1007, closeCodeAfter(w), "fragmented invalid UTF-8");
        }
    }

    @Test
    void aMalformedPathIsRefusedWithOneRateLimitedLogLineAndNoStackTrace(Vertx vertx) throws Exception {
        SecureServer s = AccessControlTest.server(vertx);
        List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) records.add(r);
            }

            @Override
            public void flush() { }

            @Override
            public void close() { }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(h);
        try {
            for (int i = 0; i < 20; i++) {
                for (String path : List.of("/%uff0e%uff0e/etc/passwd", "/api/%uff0e%uff0e/etc/passwd", "/%zz")) {
                    String r = SecureServer.raw(s.port(), "GET " + path + " HTTP/1.1");
                    assertTrue(r.startsWith("HTTP/1.1 400") || r.startsWith("HTTP/1.1 404"), path + ": " + r);
                    assertFalse(r.contains("Exception") || r.contains("root:"), r);
                }
            }
        } finally {
            root.removeHandler(h);
        }
        for (java.util.logging.LogRecord r : records) {
            assertEquals(null, r.getThrown(), "no stack trace: " + r.getLoggerName() + " " + r.getMessage());
            assertTrue(r.getLevel().intValue() < java.util.logging.Level.SEVERE.intValue(), "not SEVERE: " + r.getMessage());
        }
        assertTrue(records.size() <= 1, "one line a minute, not one per request: " + records.size());
    }

    @Test
    void theHelloBeforeALoginNamesNoChannelOrBusAndTheLoginAnswerDoes(Vertx vertx) throws Exception {
        Console c = new Console(vertx);
        List<String> names = new ArrayList<>();
        c.state.registry().layout().channels().forEach(ch -> names.add(ch.name()));
        c.state.registry().layout().buses().forEach(b -> names.add(b.name()));
        assertFalse(names.stream().allMatch(String::isEmpty), names.toString());
        try (AccessControlTest.Ws w = new AccessControlTest.Ws(vertx, c.port(), "/ws")) {
            JsonObject hello = w.next("hello");
            JsonObject layout = hello.getJsonObject("layout");
            assertEquals(c.state.registry().layout().channels().size(), layout.getJsonArray("channels").size(), "the shape is there");
            for (String key : List.of("channels", "buses")) {
                for (Object o : layout.getJsonArray(key)) assertEquals("", ((JsonObject) o).getString("name"), "no name before a login: " + o);
            }
            JsonObject ok = w.ask(new JsonObject().put("op", "login").put("user", "guest").put("pin", "4444"));
            assertEquals("authenticated", ok.getString("op"));
            List<String> after = new ArrayList<>();
            for (String key : List.of("channels", "buses")) {
                for (Object o : ok.getJsonObject("layout").getJsonArray(key)) after.add(((JsonObject) o).getString("name"));
            }
            assertEquals(names, after, "the names come with the login");
            w.next("snapshot");
        }
        String t = AccessControlTest.token(WebClient.create(vertx), c.port(), "guest", "4444");
        try (AccessControlTest.Ws w = new AccessControlTest.Ws(vertx, c.port(), "/ws?token=" + t)) {
            JsonObject hello = w.next("hello");
            assertEquals(names.get(0), hello.getJsonObject("layout").getJsonArray("channels").getJsonObject(0).getString("name"),
                    "with a token the hello names them");
        }
    }

    @Test
    void sceneNamesWithControlCharactersAreRefused(Vertx vertx) throws Exception {
        Console c = new Console(vertx);
        WebClient web = WebClient.create(vertx);
        String foh = AccessControlTest.token(web, c.port(), "foh", "2222");
        for (String name : List.of("Act\u00001", "Act 1\r\nINFO: admin logged in", "Tab\there", "\u001b[31mred", "Line\u2028sep")) {
            HttpResponse<Buffer> r = WsClient.await(web.post(c.port(), "127.0.0.1", "/api/scenes").putHeader("Authorization", "Bearer " + foh)
                    .sendBuffer(Buffer.buffer(new JsonObject().put("name", name).encode())));
            assertEquals(400, r.statusCode(), name + ": " + r.bodyAsString());
            assertTrue(r.bodyAsJsonObject().getString("message").contains("control characters"), r.bodyAsString());
        }
        assertTrue(c.scenes.scenes().isEmpty(), "nothing saved");
        try (AccessControlTest.Ws w = new AccessControlTest.Ws(vertx, c.port(), "/ws?token=" + foh)) {
            w.next("hello");
            w.next("snapshot");
            JsonObject ok = w.ask(new JsonObject().put("op", "scene.save").put("name", "Verse"));
            assertFalse("error".equals(ok.getString("op")), ok.encode());
            int id = c.scenes.scenes().get(0).id();
            Thread.sleep(200);
            w.in.clear(); // the scenes broadcast of the save
            JsonObject e = w.ask(new JsonObject().put("op", "scene.rename").put("scene", id).put("name", "Verse\n2"));
            assertEquals("error", e.getString("op"), e.encode());
            assertEquals("Verse", c.scenes.scenes().get(0).name());
        }
    }

    @Test
    void aLoginLockSurvivesARestart(Vertx vertx, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve(SecurityOptions.THROTTLE_FILE);
        SecurityOptions sec = SecurityOptions.open().withUsers(AccessControlTest.USERS, null).withThrottleFile(file);
        SecureServer first = new SecureServer(vertx, sec);
        WebClient web = WebClient.create(vertx);
        for (int i = 0; i < 5; i++) assertEquals(401, AccessControlTest.login(web, first.port(), "foh", "90" + (10 + i)).statusCode());
        assertEquals(429, AccessControlTest.login(web, first.port(), "foh", "2222").statusCode());
        // Two more failures after the locks (1 s, 2 s): a 4 s lock, long enough to outlast the restart on a busy machine.
        Thread.sleep(1050);
        assertEquals(401, AccessControlTest.login(web, first.port(), "foh", "9020").statusCode());
        Thread.sleep(2050);
        assertEquals(401, AccessControlTest.login(web, first.port(), "foh", "9021").statusCode());
        Thread.sleep(400); // written down within 200 ms
        WsClient.await(vertx.undeploy(first.bound.deploymentId()));
        assertTrue(java.nio.file.Files.readString(file).contains("foh"), "kept on disk");
        SecureServer second = new SecureServer(vertx, sec);
        Thread.sleep(300); // read back on a worker at start
        HttpResponse<Buffer> r = AccessControlTest.login(web, second.port(), "foh", "2222");
        assertEquals(429, r.statusCode(), "the restart did not lift the lock: " + r.bodyAsString());
    }

    @Test
    void badJsonOverAWebSocketSaysWhatAndWhereInJsonTerms(Vertx vertx) throws Exception {
        TestServer s = new TestServer(vertx);
        try (WsClient c = s.client(vertx)) {
            c.send("{\"op\":\"set\",\"path\":\"ch/1/fader\",\"value\":NaN}");
            JsonObject e = c.next();
            assertEquals("bad_json", e.getString("code"), e.encode());
            assertTrue(e.getString("message").contains("line 1, column 44: NaN and Infinity are not numbers in JSON"), e.encode());
            assertFalse(e.getString("message").contains("JsonReadFeature"), e.encode());
            c.send("[".repeat(2000) + "]".repeat(2000));
            JsonObject deep = c.next();
            assertEquals("bad_json", deep.getString("code"), deep.encode());
            assertTrue(deep.getString("message").contains("nested deeper than 1000 levels") && deep.getString("message").contains("line 1, column 1001: "),
                    deep.encode());
            assertFalse(deep.getString("message").contains("StreamReadConstraints"), deep.encode());
        }
    }
}
