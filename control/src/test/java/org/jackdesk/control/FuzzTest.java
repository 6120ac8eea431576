package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.illposed.osc.BufferBytesReceiver;
import com.illposed.osc.OSCBundle;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacket;
import com.illposed.osc.OSCSerializer;
import com.illposed.osc.OSCSerializerAndParserBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jackdesk.config.ConfigException;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.config.show.ShowJson;
import org.jackdesk.control.security.PasswordHasher;
import org.jackdesk.control.security.SecurityOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mutational fuzzing with a fixed seed, 10 000 inputs per surface: WebSocket messages, REST paths
 * and bodies and OSC packets against a real server on loopback, configuration and show files
 * in-process. Every input must be answered with an error or ignored as documented; nothing
 * crashes or hangs; a rejected input leaves the console state and the engine untouched; no
 * non-finite value ever reaches {@code EngineControl.setParam}.
 */
@ExtendWith(VertxExtension.class)
class FuzzTest {
    static final long SEED = 8;
    static final int INPUTS = 10_000;

    static ServerOptions unthrottled() {
        return ServerOptions.loopbackEphemeral().withMaxMessagesPerSecond(1_000_000);
    }

    static SecurityOptions unthrottledSecurity() {
        return SecurityOptions.open().withLimits(16, 1_000_000);
    }

    static void assertEngineOnlyEverSawFiniteValues(SecureServer s) {
        for (RecordingEngine.SetCall c : s.engine.sets) assertTrue(Double.isFinite(c.value()), "non-finite value reached the engine: " + c);
        for (double v : s.state.copyValues()) assertTrue(Double.isFinite(v), "non-finite value in the console state");
    }

    static final List<String> WS_SEEDS = List.of(
            "{\"op\":\"set\",\"path\":\"ch/1/fader\",\"value\":-6.0,\"id\":7}",
            "{\"op\":\"set\",\"path\":\"ch/2/mute\",\"value\":true,\"id\":8}",
            "{\"op\":\"set\",\"path\":\"ch/1/hpf/slope\",\"value\":\"24\",\"id\":9}",
            "{\"op\":\"set\",\"path\":\"bus/1/fader\",\"value\":\"-inf\"}",
            "{\"op\":\"set\",\"path\":\"ch/3/send/1/level\",\"value\":-12.5,\"id\":\"x\"}",
            "{\"op\":\"nudge\",\"path\":\"main/fader\",\"delta\":0.5,\"id\":10}",
            "{\"op\":\"get\",\"path\":\"ch/1\",\"id\":11}",
            "{\"op\":\"get\",\"path\":\"ch/1/fader\"}",
            "{\"op\":\"touch\",\"path\":\"ch/1/fader\",\"on\":true}",
            "{\"op\":\"subscribe\",\"meters\":[\"ch\",\"main\"],\"fps\":1,\"id\":12}",
            "{\"op\":\"subscribe\",\"meters\":[]}",
            "{\"op\":\"ping\",\"id\":13}",
            "{\"op\":\"pong\"}",
            "{\"op\":\"login\",\"user\":\"drums\",\"pin\":\"1234\",\"id\":14}");

    static final Set<String> ANSWERS = Set.of("ack", "error", "value", "values", "subscribed", "pong", "logged_out", "authenticated");

    @Test
    void webSocketMessagesAreAnsweredOrIgnoredAndRejectedOnesChangeNothing(Vertx vertx) {
        SecureServer s = new SecureServer(vertx, unthrottled(), unthrottledSecurity());
        Mutator m = new Mutator(SEED);
        int errors = 0, acks = 0, silent = 0;
        try (WsClient c = WsClient.connect(vertx, s.port())) {
            for (int i = 0; i < INPUTS; i++) {
                String input = m.mutate(WS_SEEDS.get(m.random.nextInt(WS_SEEDS.size())));
                double[] before = s.state.copyValues();
                int engineBefore = s.engine.sets.size();
                c.send(input);
                String barrier = "barrier-" + i;
                c.send("{\"op\":\"ping\",\"id\":\"" + barrier + "\"}");
                List<JsonObject> answers = new ArrayList<>();
                while (true) {
                    JsonObject a = c.next(); // fails the test after 5 s: a hung connection
                    if ("pong".equals(a.getString("op")) && barrier.equals(a.getValue("id"))) break;
                    answers.add(a);
                }
                assertTrue(answers.size() <= 1, "one answer at most for " + input + ": " + answers);
                for (JsonObject a : answers) assertTrue(ANSWERS.contains(a.getString("op")), input + " → " + a);
                boolean applied = answers.stream().anyMatch(a -> "ack".equals(a.getString("op")));
                if (answers.isEmpty()) {
                    silent++;
                    Object op = parsedOp(input);
                    assertTrue("touch".equals(op) || "pong".equals(op), "only touch and pong are answered with silence: " + input);
                } else if (applied) {
                    acks++;
                } else {
                    if ("error".equals(answers.get(0).getString("op"))) errors++;
                    assertTrue(Arrays.equals(before, s.state.copyValues()), "rejected input changed the console: " + input);
                    assertEquals(engineBefore, s.engine.sets.size(), "rejected input reached the engine: " + input);
                }
            }
            c.assertAlive();
        }
        try (WsClient fresh = WsClient.connect(vertx, s.port())) {
            fresh.assertAlive();
        }
        assertEngineOnlyEverSawFiniteValues(s);
        assertTrue(errors > INPUTS / 4 && acks > 100, "the mutations exercised both paths: " + errors + " errors, " + acks + " applied, " + silent + " silent");
    }

    private static Object parsedOp(String input) {
        try {
            return Json.decodeValue(input) instanceof JsonObject o ? o.getValue("op") : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A keep-alive HTTP/1.1 client that sends exactly what it is given (no normalisation). */
    static final class RawHttp implements AutoCloseable {
        final int port;
        Socket socket;
        InputStream in;
        OutputStream out;

        RawHttp(int port) {
            this.port = port;
        }

        record Response(int status, String headers, byte[] body) {}

        /**
         * Sends one request. A server may close a keep-alive connection after an answer (e.g. to a
         * malformed request); a request that then finds the connection closed before any byte of an
         * answer is sent again once on a new connection, as HTTP clients do.
         */
        Response request(String method, String target, String body) throws Exception {
            try {
                return once(method, target, body);
            } catch (java.io.EOFException | java.net.SocketException e) {
                close();
                return once(method, target, body);
            }
        }

        /** The Content-Type of request bodies (null: none). */
        String contentType = "application/json";

        private Response once(String method, String target, String body) throws Exception {
            if (socket == null) {
                socket = new Socket("127.0.0.1", port);
                socket.setSoTimeout(5000); // a hung connection fails the test
                socket.setTcpNoDelay(true);
                in = new java.io.BufferedInputStream(socket.getInputStream());
                out = socket.getOutputStream();
            }
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + (body == null ? "" : (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                            + "Content-Length: " + b.length + "\r\n") + "\r\n";
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            whole.write(head.getBytes(StandardCharsets.UTF_8));
            whole.write(b);
            out.write(whole.toByteArray()); // one segment: no Nagle stall between head and body
            out.flush();
            String headers = readHead();
            int status = Integer.parseInt(headers.substring(9, 12));
            byte[] resp = readBody(headers, method.equals("HEAD") || status == 304 || status == 204);
            if (headers.toLowerCase().contains("\r\nconnection: close")) close();
            return new Response(status, headers, resp);
        }

        private String readHead() throws Exception {
            ByteArrayOutputStream h = new ByteArrayOutputStream();
            int state = 0;
            while (state < 4) {
                int c = in.read();
                if (c < 0) throw new java.io.EOFException("connection closed before a response: " + h);
                h.write(c);
                state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            }
            return h.toString(StandardCharsets.ISO_8859_1);
        }

        private byte[] readBody(String headers, boolean none) throws Exception {
            if (none) return new byte[0];
            String lower = headers.toLowerCase();
            int cl = lower.indexOf("\r\ncontent-length:");
            if (cl >= 0) {
                int end = lower.indexOf("\r\n", cl + 2);
                int n = Integer.parseInt(lower.substring(cl + 17, end).trim());
                return in.readNBytes(n);
            }
            if (lower.contains("transfer-encoding: chunked")) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                while (true) {
                    StringBuilder line = new StringBuilder();
                    for (int c; (c = in.read()) != '\n'; ) if (c != '\r') line.append((char) c);
                    int n = Integer.parseInt(line.toString().split(";")[0].trim(), 16);
                    b.write(in.readNBytes(n));
                    in.read();
                    in.read();
                    if (n == 0) return b.toByteArray();
                }
            }
            byte[] rest = in.readAllBytes(); // no length: the body ends with the connection
            close();
            return rest;
        }

        @Override
        public void close() throws Exception {
            if (socket != null) socket.close();
            socket = null;
        }
    }

    static final List<String> REST_PATHS = List.of("/api/params/ch/1/fader", "/api/params/bus/1/mute", "/api/params/ch/2/hpf/slope",
            "/api/params/ch/3/send/1/level", "/api/params/main/fader", "/api/params/ch/1", "/api/state", "/api/health",
            "/metrics", "/index.html", "/js/app.js", "/api/login", "/api/whoami", "/api/logout");
    static final List<String> REST_BODIES = List.of("{\"value\":-6}", "-6", "true", "\"24\"", "{\"value\":\"-inf\"}",
            "{\"value\":false}", "{\"user\":\"drums\",\"pin\":\"1234\"}", "");
    static final List<String> METHODS = List.of("GET", "PUT", "PUT", "PUT", "POST", "DELETE", "HEAD", "OPTIONS");

    @Test
    void restPathsAndBodiesGetAnAnswerNeverAServerErrorAndRejectedOnesChangeNothing(Vertx vertx) throws Exception {
        SecureServer s = new SecureServer(vertx, unthrottled(), unthrottledSecurity());
        Mutator m = new Mutator(SEED + 1);
        int ok = 0, refused = 0;
        String last = "";
        try (RawHttp http = new RawHttp(s.port())) {
            for (int i = 0; i < INPUTS; i++) {
                String method = METHODS.get(m.random.nextInt(METHODS.size()));
                String path = REST_PATHS.get(m.random.nextInt(REST_PATHS.size()));
                if (m.random.nextBoolean()) path = m.mutate(path).replace("\r", "%0d").replace("\n", "%0a");
                String body = method.equals("PUT") || method.equals("POST") ? REST_BODIES.get(m.random.nextInt(REST_BODIES.size())) : null;
                if (body != null && m.random.nextBoolean()) body = m.mutate(body);
                double[] before = s.state.copyValues();
                int engineBefore = s.engine.sets.size();
                String thisOne = method + " " + path + " " + body;
                RawHttp.Response r;
                try {
                    r = http.request(method, path, body);
                } catch (java.io.IOException e) {
                    throw new AssertionError("no answer to " + method + " " + path + " " + body + " (after " + i + " requests; before it "
                            + last + ")", e);
                }
                assertTrue(r.status() < 500, method + " " + path + " " + body + " → " + r.status() + " " + new String(r.body(), StandardCharsets.UTF_8));
                last = thisOne + " → " + r.status();
                if (r.status() >= 200 && r.status() < 300) {
                    ok++;
                } else {
                    refused++;
                    assertTrue(Arrays.equals(before, s.state.copyValues()), "refused request changed the console: " + method + " " + path + " " + body);
                    assertEquals(engineBefore, s.engine.sets.size(), "refused request reached the engine");
                    if (path.startsWith("/api/") && r.status() != 400 && r.body().length > 0 && !method.equals("HEAD")) {
                        JsonObject err = new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
                        assertNotNull(err.getString("code"), "API errors are JSON with a code: " + err);
                    }
                }
            }
            assertEquals(200, http.request("GET", "/api/health", null).status(), "still serving");
        }
        assertEngineOnlyEverSawFiniteValues(s);
        assertTrue(ok > 500 && refused > 500, ok + " answered, " + refused + " refused");
    }

    /**
     * Issue 15: the same fuzzing on a console with users, as a client without a login: WebSocket
     * messages over an unauthenticated connection, and REST bodies with any Content-Type (curl's
     * form type, multipart, none), deep nesting and NaN. Nothing is read or applied, every input is
     * answered with a precise error (never "request failed", never a 5xx), the connection stays.
     */
    @Test
    void unauthenticatedClientsAndBodiesOfAnyContentTypeGetAPreciseAnswerAndChangeNothing(Vertx vertx) throws Exception {
        SecureServer s = new SecureServer(vertx, unthrottled(), SecurityOptions.open().withUsers(AccessControlTest.USERS, null)
                .withLimits(16, 1_000_000).withoutLoginLimits(8, 64, 120_000));
        Mutator m = new Mutator(SEED + 15);
        double[] start = s.state.copyValues();
        List<String> seeds = WS_SEEDS.stream().filter(x -> !x.contains("login") && !x.contains("logout")).toList();
        try (AccessControlTest.Ws c = new AccessControlTest.Ws(vertx, s.port(), "/ws")) {
            c.next("hello");
            for (int i = 0; i < INPUTS / 4; i++) {
                String input = m.mutate(seeds.get(m.random.nextInt(seeds.size())));
                WsClient.await(c.ws.writeTextMessage(input));
                String barrier = "barrier-" + i;
                WsClient.await(c.ws.writeTextMessage("{\"op\":\"ping\",\"id\":\"" + barrier + "\"}"));
                List<JsonObject> answers = new ArrayList<>();
                while (true) {
                    JsonObject a = c.next(); // fails after 5 s: a hung connection
                    if ("pong".equals(a.getString("op")) && barrier.equals(a.getValue("id"))) break;
                    if (!"ping".equals(a.getString("op"))) answers.add(a);
                }
                assertTrue(answers.size() <= 1, "one answer at most for " + input + ": " + answers);
                for (JsonObject a : answers) {
                    assertTrue(Set.of("error", "pong").contains(a.getString("op")), "nothing but errors before a login: " + input + " → " + a);
                }
            }
            assertFalse(c.closed.isDone(), "the connection stays");
        }
        List<String> types = java.util.Arrays.asList("application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                null, "text/plain");
        List<String> bodies = new ArrayList<>(REST_BODIES);
        bodies.add("[".repeat(3000) + "]".repeat(3000));
        bodies.add("{\"value\": NaN}");
        try (RawHttp http = new RawHttp(s.port())) {
            for (int i = 0; i < INPUTS / 4; i++) {
                String method = METHODS.get(m.random.nextInt(METHODS.size()));
                String path = REST_PATHS.get(m.random.nextInt(REST_PATHS.size()));
                if (m.random.nextBoolean()) path = m.mutate(path).replace("\r", "%0d").replace("\n", "%0a");
                String body = method.equals("PUT") || method.equals("POST") ? bodies.get(m.random.nextInt(bodies.size())) : null;
                if (body != null && m.random.nextBoolean()) body = m.mutate(body);
                http.contentType = types.get(m.random.nextInt(types.size()));
                RawHttp.Response r = http.request(method, path, body);
                String text = new String(r.body(), StandardCharsets.UTF_8);
                String what = method + " " + path + " [" + http.contentType + "] " + (body == null ? "" : body.substring(0, Math.min(80, body.length())));
                assertTrue(r.status() < 500, what + " → " + r.status() + " " + text);
                assertFalse(text.contains("request failed"), what + " → " + text);
                if (path.startsWith("/api/") && !path.startsWith("/api/health") && !path.startsWith("/api/login")
                        && !path.startsWith("/api/whoami") && !path.startsWith("/api/logout")) {
                    assertFalse(r.status() >= 200 && r.status() < 300, "answered without a login: " + what + " → " + text);
                }
            }
            assertEquals(200, http.request("GET", "/api/health", null).status(), "still serving");
        }
        assertTrue(Arrays.equals(start, s.state.copyValues()), "nothing changed the console");
        assertTrue(s.engine.sets.isEmpty(), "nothing reached the engine");
    }

    private static final OSCSerializerAndParserBuilder OSC = new OSCSerializerAndParserBuilder();

    static byte[] osc(OSCPacket p) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        OSCSerializer ser = OSC.buildSerializer(new BufferBytesReceiver(buf));
        ser.write(p);
        buf.flip();
        byte[] b = new byte[buf.remaining()];
        buf.get(b);
        return b;
    }

    @Test
    void oscPacketsAreAnsweredOrIgnoredAndRejectedOnesChangeNothing(Vertx vertx) throws Exception {
        SecureServer s = new SecureServer(vertx, unthrottled(), unthrottledSecurity());
        List<byte[]> seeds = List.of(
                osc(new OSCMessage("/ch/1/fader", List.of(-6.0f))), osc(new OSCMessage("/ch/2/mute", List.of(1))),
                osc(new OSCMessage("/ch/1/hpf/slope", List.of("24"))), osc(new OSCMessage("/bus/1/fader", List.of(-3.0))),
                osc(new OSCMessage("/ch/3/send/1/level", List.of(-10.0f))), osc(new OSCMessage("/main/mute", List.of(Boolean.TRUE))),
                osc(new OSCMessage("/ch/1/fader", List.of())), osc(new OSCMessage("/subscribe", List.of())),
                osc(new OSCBundle(List.of(new OSCMessage("/ch/1/pan", List.of(0.25f)), new OSCMessage("/ch/2/fader", List.of(-1.0f))))));
        byte[] barrier = osc(new OSCMessage("/monitor/mode", List.of()));
        Mutator m = new Mutator(SEED + 2);
        int answered = 0, changed = 0;
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (DatagramSocket socket = new DatagramSocket(0, lo)) {
            socket.setSoTimeout(2000);
            byte[] buf = new byte[65536];
            for (int i = 0; i < INPUTS; i++) {
                byte[] input = m.mutateBytes(seeds.get(m.random.nextInt(seeds.size())));
                double[] before = s.state.copyValues();
                int engineBefore = s.engine.sets.size();
                socket.send(new DatagramPacket(input, input.length, lo, s.oscPort()));
                socket.send(new DatagramPacket(barrier, barrier.length, lo, s.oscPort()));
                boolean error = false;
                int resent = 0;
                while (true) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        socket.receive(p);
                    } catch (java.net.SocketTimeoutException e) {
                        assertTrue(resent++ < 2, "the server stopped answering after packet " + i + ": " + Arrays.toString(input));
                        socket.send(new DatagramPacket(barrier, barrier.length, lo, s.oscPort()));
                        continue;
                    }
                    OSCPacket reply = OSC.buildParser().convert(ByteBuffer.wrap(buf, 0, p.getLength()));
                    String address = ((OSCMessage) reply).getAddress();
                    if (address.equals("/monitor/mode")) break;
                    answered++;
                    if (address.equals("/error")) error = true;
                }
                boolean same = Arrays.equals(before, s.state.copyValues());
                if (!same) changed++;
                if (error && !(input.length > 0 && input[0] == '#')) { // a bundle may apply one message and refuse another
                    assertTrue(same, "a refused OSC message changed the console: " + Arrays.toString(input));
                    assertEquals(engineBefore, s.engine.sets.size(), "a refused OSC message reached the engine");
                }
            }
        }
        assertEngineOnlyEverSawFiniteValues(s);
        assertTrue(answered > 1000 && changed > 100, answered + " answers, " + changed + " changes");
        assertTrue(s.metrics().errorsByCode().getOrDefault("osc_malformed", 0L) > 100, "malformed packets are counted");
    }

    @Test
    void configurationFilesAreReadOrRefusedWithProblemsNeverACrash() throws Exception {
        String hash = PasswordHasher.hash("1234".toCharArray(), 1000);
        List<String> seeds = List.of(
                Files.readString(Path.of("../config/examples/small-band.json")),
                Files.readString(Path.of("../config/examples/studio.json")),
                """
                {"version":2,"layout":{"channels":[{"name":"Kick"},{"name":"Keys","stereo":true}],"buses":[{"name":"Wedge"}]},
                 "server":{"httpPort":8080,"oscPort":9000,"bind":"0.0.0.0","origins":["http://mixer.local:8080"],
                           "oscAllow":["192.168.1.0/24"],"oscUser":"drums","tlsCert":"c.pem","tlsKey":"k.pem"},
                 "users":[{"name":"admin","role":"admin","hash":"%s"},{"name":"drums","role":"monitor","buses":[1],"hash":"%s"}],
                 "values":{"ch/1/fader":-6.0,"bus/1/mute":true}}
                """.formatted(hash, hash),
                "{\"version\":1,\"channels\":8,\"stereoChannels\":2,\"buses\":2,\"names\":[\"Kick\"],\"httpPort\":8080}");
        for (String seed : seeds) ConfigJson.read("seed.json", seed); // the seeds are valid
        Mutator m = new Mutator(SEED + 3);
        int read = 0, refused = 0;
        for (int i = 0; i < INPUTS; i++) {
            String input = m.mutate(seeds.get(m.random.nextInt(seeds.size())));
            try {
                ConsoleConfig cfg = ConfigJson.read("fuzz.json", input);
                read++;
                if (i % 10 == 0) ConfigJson.read("again.json", ConfigJson.write(cfg)); // what it writes it reads
            } catch (ConfigException e) {
                refused++;
                assertTrue(!e.problems().isEmpty(), "a refusal names its problems");
                for (var p : e.problems()) assertTrue(p.toString().length() < 2000, "problems are short: " + p);
            }
        }
        assertTrue(read > 100 && refused > 1000, read + " read, " + refused + " refused");
    }

    @Test
    void showFilesAreReadOrRefusedWithProblemsNeverACrash() throws Exception {
        ConsoleConfig cfg = ConfigJson.read("small.json", """
                {"version":2,"layout":{"channels":[{"name":"Kick"},{"name":"Keys","stereo":true},{"name":"Vox"}],"buses":[{"name":"Wedge"}]}}
                """);
        ConsoleState state = new ConsoleState(ParamRegistry.forLayout(cfg.toLayout()));
        SceneManager scenes = new SceneManager(state, () -> 0L, t -> {});
        state.set("ch/1/fader", -5.0, "test");
        scenes.save("Verse", List.of(), 0);
        state.set("ch/1/fader", -20.0, "test");
        scenes.save("EQ", List.of("ch/1..2/eq"), 1500);
        scenes.setSafes(List.of("ch/2"));
        String seed = ShowJson.write(scenes.toShow(cfg));
        ShowJson.read("seed.show", seed);
        Mutator m = new Mutator(SEED + 4);
        int read = 0, refused = 0;
        for (int i = 0; i < INPUTS; i++) {
            try {
                ShowJson.read("fuzz.show", m.mutate(seed));
                read++;
            } catch (ConfigException e) {
                refused++;
                assertTrue(!e.problems().isEmpty(), "a refusal names its problems");
            }
        }
        assertTrue(read > 100 && refused > 1000, read + " read, " + refused + " refused");
    }
}
