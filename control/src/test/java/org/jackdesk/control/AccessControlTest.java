package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.Param;
import org.jackdesk.control.security.PasswordHasher;
import org.jackdesk.control.security.Security;
import org.jackdesk.control.security.SecurityOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Roles enforced by a real server over WebSocket and REST, for every address of the registry:
 * a monitor writes only its own sends and buses, a viewer nothing, and without a token nothing
 * is read or written once users are configured.
 */
@ExtendWith(VertxExtension.class)
class AccessControlTest {
    /** Low work factor: these tests log in many times; the CLI writes {@link PasswordHasher#DEFAULT_ITERATIONS}. */
    static String hash(String pin) {
        return PasswordHasher.hash(pin.toCharArray(), 1000);
    }

    static final List<ConsoleConfig.UserConfig> USERS = List.of(
            new ConsoleConfig.UserConfig("boss", "admin", List.of(), hash("1111")),
            new ConsoleConfig.UserConfig("foh", "engineer", List.of(), hash("2222")),
            new ConsoleConfig.UserConfig("drums", "monitor", List.of(1), hash("3333")),
            new ConsoleConfig.UserConfig("guest", "viewer", List.of(), hash("4444")));

    static SecureServer server(Vertx vertx) {
        return new SecureServer(vertx, ServerOptions.loopbackEphemeral().withMaxMessagesPerSecond(100_000).withKeepaliveMs(200),
                SecurityOptions.open().withUsers(USERS, null).withLimits(16, 100_000));
    }

    /** A WebSocket with every text message in a queue. */
    static final class Ws implements AutoCloseable {
        final BlockingQueue<JsonObject> in = new LinkedBlockingQueue<>();
        final CompletableFuture<Short> closed = new CompletableFuture<>();
        final WebSocket ws;

        Ws(Vertx vertx, int port, String uri) {
            this(vertx, port, uri, null);
        }

        /** From {@code localAddress} (e.g. 127.0.0.2: another client address on loopback); null: any. */
        Ws(Vertx vertx, int port, String uri, String localAddress) {
            // Handlers are set on the event loop as the handshake completes, so the hello is never missed.
            ws = WsClient.await(SecureServer.connect(vertx, port, uri, null, localAddress).map(w -> {
                w.textMessageHandler(t -> { // a batch (batch=1) is an array of messages, in order
                    if (t.startsWith("[")) new io.vertx.core.json.JsonArray(t).forEach(o -> in.add((JsonObject) o));
                    else in.add(new JsonObject(t));
                });
                w.closeHandler(v -> closed.complete(w.closeStatusCode()));
                return w;
            }));
        }

        JsonObject next() throws InterruptedException {
            JsonObject m = in.poll(5, TimeUnit.SECONDS);
            assertNotNull(m, "no message within 5 s");
            return m;
        }

        JsonObject next(String op) throws InterruptedException {
            JsonObject m = next();
            assertEquals(op, m.getString("op"), m.encode());
            return m;
        }

        /** The next message of kind {@code op}, skipping the others (changes, keepalive pings, broadcasts). */
        JsonObject nextOp(String op) throws InterruptedException {
            while (true) {
                JsonObject m = next();
                if (op.equals(m.getString("op"))) return m;
            }
        }

        JsonObject ask(JsonObject m) throws InterruptedException {
            WsClient.await(ws.writeTextMessage(m.encode()));
            while (true) {
                JsonObject a = next();
                if (!"changed".equals(a.getString("op")) && !"ping".equals(a.getString("op"))) return a;
            }
        }

        /** Sends {@code m} and returns the answer to it (the message with its id: the reply or an error), skipping all else. */
        JsonObject reply(JsonObject m) throws InterruptedException {
            WsClient.await(ws.writeTextMessage(m.encode()));
            while (true) {
                JsonObject a = next();
                if (m.getValue("id").equals(a.getValue("id"))) return a;
            }
        }

        @Override
        public void close() {
            if (!ws.isClosed()) WsClient.await(ws.close());
        }
    }

    /** A login; a PIN's hash is slow by design, so on a loaded machine it may take longer than WsClient's 5 s. */
    static HttpResponse<Buffer> login(WebClient web, int port, String user, String pin) {
        try {
            return web.post(port, "127.0.0.1", "/api/login")
                    .sendBuffer(Buffer.buffer(new JsonObject().put("user", user).put("pin", pin).encode()))
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the login as " + user + " timed out or failed: " + e, e);
        }
    }

    static String token(WebClient web, int port, String user, String pin) {
        HttpResponse<Buffer> r = login(web, port, user, pin);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getString("token");
    }

    /** {@code method uri} on the server at {@code port} with {@code token} as the bearer (null: none) and {@code body} (null: none). */
    static HttpResponse<Buffer> call(WebClient web, int port, String token, HttpMethod method, String uri, String body) {
        var req = web.request(method, port, "127.0.0.1", uri);
        if (token != null) req.putHeader("Authorization", "Bearer " + token);
        return WsClient.await(body == null ? req.send() : req.sendBuffer(Buffer.buffer(body)));
    }

    /** {@code GET uri} with {@code token}, answered 200 with a JSON object: that object. */
    static JsonObject getOk(WebClient web, int port, String token, String uri) {
        HttpResponse<Buffer> r = call(web, port, token, HttpMethod.GET, uri, null);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject();
    }

    /** The value to try: the other end of the range from the current value (flips switches and choices). */
    static Object other(SecureServer s, Param p) {
        double cur = s.state.get(p.slot());
        return p.toExternal(cur == p.max() ? p.min() : p.max());
    }

    /** The rule, written independently of AccessPolicy: bus/1/* and ch/N/send/1/*. */
    static final Pattern DRUMS_MAY = Pattern.compile("bus/1/.*|ch/[0-9]+/send/1/.*");

    @Test
    void withUsersConfiguredNothingIsReadOrWrittenWithoutALogin(Vertx vertx) throws Exception {
        SecureServer s = server(vertx);
        WebClient web = WebClient.create(vertx);
        try (Ws c = new Ws(vertx, s.port(), "/ws")) {
            JsonObject hello = c.next("hello");
            assertTrue(hello.getJsonObject("auth").getBoolean("required"));
            // Nothing but keepalive pings may arrive before a login (the test server pings often).
            long until = System.nanoTime() + 300_000_000L;
            for (long left; (left = until - System.nanoTime()) > 0; ) {
                JsonObject m = c.in.poll(left, TimeUnit.NANOSECONDS);
                if (m != null) assertEquals("ping", m.getString("op"), "no snapshot or other data before a login: " + m);
            }
            for (String m : List.of("{\"op\":\"get\",\"path\":\"\"}", "{\"op\":\"subscribe\",\"meters\":[\"ch\"]}",
                    "{\"op\":\"nudge\",\"path\":\"ch/1/fader\",\"delta\":1}", "{\"op\":\"touch\",\"path\":\"ch/1/fader\",\"on\":true}")) {
                JsonObject e = c.ask(new JsonObject(m));
                assertEquals("unauthorized", e.getString("code"), m + " → " + e);
            }
            assertEquals("pong", c.ask(new JsonObject().put("op", "ping")).getString("op"), "ping needs no login");
            for (Param p : s.state.registry().all()) {
                JsonObject e = c.ask(new JsonObject().put("op", "set").put("path", p.path()).put("value", other(s, p)));
                assertEquals("unauthorized", e.getString("code"), p.path());
            }
        }
        for (String uri : List.of("/api/state", "/api/schema", "/api/params/ch/1/fader", "/api/whoami?token=forged")) {
            HttpResponse<Buffer> r = WsClient.await(web.get(s.port(), "127.0.0.1", uri).send());
            if (uri.startsWith("/api/whoami")) {
                assertNull(r.bodyAsJsonObject().getJsonObject("auth").getJsonObject("principal"), "a forged token is nobody");
            } else {
                assertEquals(401, r.statusCode(), uri);
            }
        }
        for (Param p : s.state.registry().all()) {
            HttpResponse<Buffer> r = WsClient.await(web.put(s.port(), "127.0.0.1", "/api/params/" + p.path())
                    .putHeader("Authorization", "Bearer not-a-token").sendBuffer(Buffer.buffer(JsonObject.of("value", other(s, p)).encode())));
            assertEquals(401, r.statusCode(), p.path());
        }
        assertEquals(200, WsClient.await(web.get(s.port(), "127.0.0.1", "/api/health").send()).statusCode(), "health stays open");
        assertTrue(s.engine.sets.isEmpty(), "nothing reached the engine");
    }

    @Test
    void loginOverWebSocketAnswersWithATokenThenTheSnapshotAndWrongPinsAreIndistinguishable(Vertx vertx) throws Exception {
        SecureServer s = server(vertx);
        try (Ws c = new Ws(vertx, s.port(), "/ws")) {
            c.next("hello");
            JsonObject wrongPin = c.ask(new JsonObject().put("op", "login").put("user", "foh").put("pin", "0000").put("id", 1));
            JsonObject noUser = c.ask(new JsonObject().put("op", "login").put("user", "nobody").put("pin", "2222").put("id", 2));
            assertEquals("unauthorized", wrongPin.getString("code"));
            assertEquals(wrongPin.getString("message"), noUser.getString("message"), "no hint which part was wrong");
            assertFalse(wrongPin.encode().contains("0000"), "the PIN is not echoed");
            JsonObject ok = c.ask(new JsonObject().put("op", "login").put("user", "drums").put("pin", "3333").put("id", 3));
            assertEquals("authenticated", ok.getString("op"));
            assertEquals(3, ok.getInteger("id"));
            assertEquals("monitor", ok.getString("role"));
            assertEquals(List.of(1), ok.getJsonArray("buses").getList());
            assertTrue(ok.getString("token").length() >= 43, "256 random bits");
            assertEquals("snapshot", c.next().getString("op"));
            assertEquals("ack", c.ask(new JsonObject().put("op", "set").put("path", "bus/1/fader").put("value", -3)).getString("op"));
            assertEquals("forbidden", c.ask(new JsonObject().put("op", "set").put("path", "main/fader").put("value", -3)).getString("code"));
        }
    }

    @Test
    void forEveryAddressAMonitorWritesOnlyItsOwnSendsAndBusesAndAViewerNothing(Vertx vertx) throws Exception {
        SecureServer s = server(vertx);
        WebClient web = WebClient.create(vertx);
        String drums = token(web, s.port(), "drums", "3333");
        String guest = token(web, s.port(), "guest", "4444");
        List<String> allowedWs = new ArrayList<>();
        try (Ws m = new Ws(vertx, s.port(), "/ws?token=" + drums); Ws v = new Ws(vertx, s.port(), "/ws?token=" + guest)) {
            assertEquals("monitor", m.next("hello").getJsonObject("auth").getJsonObject("principal").getString("role"));
            m.next("snapshot");
            v.next("hello");
            v.next("snapshot");
            for (Param p : s.state.registry().all()) {
                double before = s.state.get(p.slot());
                JsonObject a = m.ask(new JsonObject().put("op", "set").put("path", p.path()).put("value", other(s, p)));
                if (DRUMS_MAY.matcher(p.path()).matches()) {
                    assertEquals("ack", a.getString("op"), p.path() + " " + a);
                    assertFalse(before == s.state.get(p.slot()), p.path() + " changed");
                    allowedWs.add(p.path());
                } else {
                    assertEquals("forbidden", a.getString("code"), p.path() + " " + a);
                    assertEquals(before, s.state.get(p.slot()), p.path() + " unchanged");
                }
                int engineBefore = s.engine.sets.size();
                double now = s.state.get(p.slot());
                JsonObject va = v.ask(new JsonObject().put("op", "set").put("path", p.path()).put("value", other(s, p)));
                assertEquals("forbidden", va.getString("code"), "viewer on " + p.path());
                JsonObject vn = v.ask(new JsonObject().put("op", "nudge").put("path", p.path()).put("delta", 1));
                assertEquals("forbidden", vn.getString("code"), "viewer nudge on " + p.path());
                assertEquals(now, s.state.get(p.slot()));
                assertEquals(engineBefore, s.engine.sets.size());
            }
            assertEquals("values", v.ask(new JsonObject().put("op", "get").put("path", "ch/1")).getString("op"), "a viewer reads");
        }
        assertTrue(allowedWs.contains("bus/1/fader") && allowedWs.contains("ch/1/send/1/level") && !allowedWs.contains("bus/2/fader"),
                allowedWs.toString());
        // The same rule over REST, with the token as a Bearer header and as ?token=.
        for (Param p : s.state.registry().all()) {
            double before = s.state.get(p.slot());
            String body = JsonObject.of("value", other(s, p)).encode();
            HttpResponse<Buffer> r = WsClient.await(web.put(s.port(), "127.0.0.1", "/api/params/" + p.path())
                    .putHeader("Authorization", "Bearer " + drums).sendBuffer(Buffer.buffer(body)));
            if (DRUMS_MAY.matcher(p.path()).matches()) {
                assertEquals(200, r.statusCode(), p.path() + " " + r.bodyAsString());
            } else {
                assertEquals(403, r.statusCode(), p.path() + " " + r.bodyAsString());
                assertEquals("forbidden", r.bodyAsJsonObject().getString("code"));
                assertEquals(before, s.state.get(p.slot()));
            }
            HttpResponse<Buffer> g = WsClient.await(web.put(s.port(), "127.0.0.1", "/api/params/" + p.path() + "?token=" + guest)
                    .sendBuffer(Buffer.buffer(body)));
            assertEquals(403, g.statusCode(), "viewer over REST on " + p.path());
        }
        String foh = token(web, s.port(), "foh", "2222");
        HttpResponse<Buffer> eng = WsClient.await(web.put(s.port(), "127.0.0.1", "/api/params/main/fader")
                .putHeader("Authorization", "Bearer " + foh).sendBuffer(Buffer.buffer("-5")));
        assertEquals(200, eng.statusCode(), "an engineer writes the main fader");
        HttpResponse<Buffer> scenes = WsClient.await(web.post(s.port(), "127.0.0.1", "/api/scenes")
                .putHeader("Authorization", "Bearer " + drums).sendBuffer(Buffer.buffer("{}")));
        assertEquals(403, scenes.statusCode(), "other writes (scenes) need engineer");
        HttpResponse<Buffer> users = WsClient.await(web.post(s.port(), "127.0.0.1", "/api/users")
                .putHeader("Authorization", "Bearer " + foh).sendBuffer(Buffer.buffer("{}")));
        assertEquals(403, users.statusCode(), "users need admin");
    }

    @Test
    void logoutAndRevocationEndTheTokenEverywhere(Vertx vertx) throws Exception {
        SecureServer s = server(vertx);
        WebClient web = WebClient.create(vertx);
        String foh = token(web, s.port(), "foh", "2222");
        try (Ws c = new Ws(vertx, s.port(), "/ws?token=" + foh)) {
            c.next("hello");
            c.next("snapshot");
            HttpResponse<Buffer> out = WsClient.await(web.post(s.port(), "127.0.0.1", "/api/logout")
                    .putHeader("Authorization", "Bearer " + foh).send());
            assertTrue(out.bodyAsJsonObject().getBoolean("loggedOut"));
            assertEquals((short) 4001, c.closed.get(5, TimeUnit.SECONDS), "the WebSocket using the token is closed");
        }
        HttpResponse<Buffer> after = WsClient.await(web.get(s.port(), "127.0.0.1", "/api/state").putHeader("Authorization", "Bearer " + foh).send());
        assertEquals(401, after.statusCode());
        String again = token(web, s.port(), "foh", "2222");
        try (Ws c = new Ws(vertx, s.port(), "/ws?token=" + again)) {
            c.next("hello");
            c.next("snapshot");
            assertEquals("logged_out", c.ask(new JsonObject().put("op", "logout")).getString("op"));
            assertEquals((short) 4001, c.closed.get(5, TimeUnit.SECONDS));
        }
        assertEquals(401, WsClient.await(web.get(s.port(), "127.0.0.1", "/api/state?token=" + again).send()).statusCode());
        // The web UI connects with batch=1: the logged_out answer still arrives before the close.
        String batched = token(web, s.port(), "foh", "2222");
        try (Ws c = new Ws(vertx, s.port(), "/ws?batch=1&token=" + batched)) {
            c.next("hello");
            c.next("snapshot");
            assertEquals("logged_out", c.ask(new JsonObject().put("op", "logout")).getString("op"));
            assertEquals((short) 4001, c.closed.get(5, TimeUnit.SECONDS));
        }
        String boss = token(web, s.port(), "boss", "1111");
        assertEquals(1, s.bound.server().security().tokens().revokeUser("boss"));
        assertEquals(401, WsClient.await(web.get(s.port(), "127.0.0.1", "/api/state?token=" + boss).send()).statusCode());
    }

    @Test
    void guessingPinsFromOneAddressIsSlowedDown(Vertx vertx) throws Exception {
        SecureServer s = server(vertx);
        WebClient web = WebClient.create(vertx);
        for (int i = 0; i < 5; i++) assertEquals(401, login(web, s.port(), "foh", "00" + (10 + i)).statusCode(), "attempt " + i);
        HttpResponse<Buffer> locked = login(web, s.port(), "foh", "2222");
        assertEquals(429, locked.statusCode(), "even the right PIN waits out the lock");
        assertEquals("too_many_attempts", locked.bodyAsJsonObject().getString("code"));
        Thread.sleep(1100);
        assertEquals(200, login(web, s.port(), "foh", "2222").statusCode(), "after the lock the right PIN works");
    }

    @Test
    void midiLearnNeedsAnEngineerOverWebSocketAndRest(Vertx vertx) throws Exception {
        org.jackdesk.config.ConsoleConfig cfg = org.jackdesk.config.ConfigJson.builtinDefault();
        Console console = TestServer.start(cfg, new RecordingEngine(cfg.toLayout().channels().size(), cfg.toLayout().buses().size()),
                vertx, ServerOptions.loopbackEphemeral(), SecurityOptions.open().withUsers(USERS, null));
        ControlServer.Bound b = console.bound();
        WebClient web = WebClient.create(vertx);
        String drums = token(web, b.httpPort(), "drums", "3333");
        String foh = token(web, b.httpPort(), "foh", "2222");
        try (Ws m = new Ws(vertx, b.httpPort(), "/ws?token=" + drums)) {
            m.next("hello");
            m.next("snapshot");
            JsonObject learn = m.ask(new JsonObject().put("op", "midi.learn").put("path", "bus/1/fader"));
            assertEquals("forbidden", learn.getString("code"), learn.encode());
        }
        try (Ws e = new Ws(vertx, b.httpPort(), "/ws?token=" + foh)) {
            e.next("hello");
            e.next("snapshot");
            JsonObject learn = e.ask(new JsonObject().put("op", "midi.learn").put("path", "ch/1/fader"));
            assertEquals("no_midi", learn.getString("code"), "an engineer may, on a console with MIDI ports: " + learn.encode());
        }
        HttpResponse<Buffer> r = WsClient.await(web.post(b.httpPort(), "127.0.0.1", "/api/midi/learn").putHeader("Authorization", "Bearer " + drums)
                .sendBuffer(Buffer.buffer("{\"path\":\"bus/1/fader\"}")));
        assertEquals(403, r.statusCode(), r.bodyAsString());
        assertTrue(r.bodyAsString().contains("learn or clear MIDI mappings"), r.bodyAsString());
    }

    @Test
    void scenesNeedAnEngineerWhileEveryRoleMayListThem(Vertx vertx) throws Exception {
        org.jackdesk.config.ConsoleConfig cfg = org.jackdesk.config.ConfigJson.builtinDefault();
        Console console = TestServer.start(cfg, new RecordingEngine(cfg.toLayout().channels().size(), cfg.toLayout().buses().size()),
                vertx, ServerOptions.loopbackEphemeral(), SecurityOptions.open().withUsers(USERS, null));
        ControlServer.Bound b = console.bound();
        var scenes = console.scenes();
        WebClient web = WebClient.create(vertx);
        String drums = token(web, b.httpPort(), "drums", "3333");
        String foh = token(web, b.httpPort(), "foh", "2222");
        try (Ws m = new Ws(vertx, b.httpPort(), "/ws?token=" + drums)) {
            m.next("hello");
            m.next("snapshot");
            JsonObject save = m.ask(new JsonObject().put("op", "scene.save").put("name", "Mine"));
            assertEquals("forbidden", save.getString("code"), save.encode());
            JsonObject list = m.ask(new JsonObject().put("op", "scene.list"));
            assertFalse("error".equals(list.getString("op")), "a monitor may list scenes: " + list);
        }
        assertEquals(403, WsClient.await(web.post(b.httpPort(), "127.0.0.1", "/api/scenes").putHeader("Authorization", "Bearer " + drums)
                .sendBuffer(Buffer.buffer("{\"name\":\"Mine\"}"))).statusCode());
        assertEquals(200, WsClient.await(web.get(b.httpPort(), "127.0.0.1", "/api/scenes").putHeader("Authorization", "Bearer " + drums)
                .send()).statusCode());
        HttpResponse<Buffer> saved = WsClient.await(web.post(b.httpPort(), "127.0.0.1", "/api/scenes").putHeader("Authorization", "Bearer " + foh)
                .sendBuffer(Buffer.buffer("{\"name\":\"Verse\"}")));
        assertEquals(201, saved.statusCode(), saved.bodyAsString());
        assertEquals(List.of("Verse"), scenes.scenes().stream().map(org.jackdesk.config.show.Scene::name).toList());
    }

    @Test
    void startUpSaysLoudlyWhenAnyoneCanControlTheConsole() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Security.printStartupNotice(SecurityOptions.open(), new PrintStream(b, true, StandardCharsets.UTF_8));
        assertTrue(b.toString(StandardCharsets.UTF_8).contains("ANYONE ON THIS NETWORK CAN CONTROL THE CONSOLE"));
        b.reset();
        Security.printStartupNotice(SecurityOptions.open().withUsers(USERS, null), new PrintStream(b, true, StandardCharsets.UTF_8));
        String withUsers = b.toString(StandardCharsets.UTF_8);
        assertFalse(withUsers.contains("ANYONE"));
        assertFalse(withUsers.contains("pbkdf2"), "no hash in the output");
    }
}
