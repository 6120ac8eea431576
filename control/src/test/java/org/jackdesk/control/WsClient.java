package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client for tests: every frame the server sends lands in a queue the test reads. */
final class WsClient implements AutoCloseable {
    static final long TIMEOUT_MS = 5000;

    final BlockingQueue<JsonObject> texts = new LinkedBlockingQueue<>();
    final BlockingQueue<Buffer> binaries = new LinkedBlockingQueue<>();
    final CompletableFuture<Short> closed = new CompletableFuture<>();
    private final WebSocketClient client;
    private final WebSocket ws;
    JsonObject hello;
    JsonObject snapshot;

    private WsClient(WebSocketClient client, WebSocket ws) {
        this.client = client;
        this.ws = ws;
    }

    /** Connects without reading anything. */
    static WsClient open(Vertx vertx, int port) {
        WebSocketClient c = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(16 << 20).setMaxMessageSize(16 << 20));
        WsClient[] holder = new WsClient[1];
        CompletableFuture<WsClient> ready = new CompletableFuture<>();
        c.connect(port, "127.0.0.1", "/ws").onComplete(ar -> {
            if (ar.failed()) {
                ready.completeExceptionally(ar.cause());
                return;
            }
            WebSocket ws = ar.result();
            WsClient w = new WsClient(c, ws);
            holder[0] = w;
            ws.textMessageHandler(t -> w.texts.add(new JsonObject(t)));
            ws.binaryMessageHandler(w.binaries::add);
            ws.closeHandler(v -> w.closed.complete(ws.closeStatusCode()));
            ready.complete(w);
        });
        return await(ready);
    }

    /** Connects and reads hello + snapshot. */
    static WsClient connect(Vertx vertx, int port) {
        WsClient w = open(vertx, port);
        w.hello = w.next();
        assertEquals("hello", w.hello.getString("op"), "first message is hello: " + w.hello);
        w.snapshot = w.next();
        assertEquals("snapshot", w.snapshot.getString("op"), "second message is snapshot");
        return w;
    }

    String session() {
        return hello.getString("session");
    }

    void send(JsonObject m) {
        send(m.encode());
    }

    void send(String text) {
        await(ws.writeTextMessage(text));
    }

    void sendBinary(Buffer b) {
        await(ws.writeBinaryMessage(b));
    }

    JsonObject next() {
        try {
            JsonObject m = texts.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            assertNotNull(m, "no message from the server within " + TIMEOUT_MS + " ms");
            return m;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The next message, which must have {@code op}. */
    JsonObject next(String op) {
        JsonObject m = next();
        assertEquals(op, m.getString("op"), "expected op " + op + ", got " + m);
        return m;
    }

    /** Skips messages until one with {@code op} arrives. */
    JsonObject await(String op) {
        long end = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < end) {
            JsonObject m = next();
            if (op.equals(m.getString("op"))) return m;
        }
        return fail("no " + op + " within " + TIMEOUT_MS + " ms");
    }

    /** Everything that arrives within {@code ms}. */
    List<JsonObject> collect(long ms) throws InterruptedException {
        List<JsonObject> out = new ArrayList<>();
        long end = System.nanoTime() + ms * 1_000_000;
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) return out;
            JsonObject m = texts.poll(left, TimeUnit.NANOSECONDS);
            if (m != null) out.add(m);
        }
    }

    /** Proves the connection still answers: ping → pong, with nothing else in between. */
    void assertAlive() {
        send(new JsonObject().put("op", "ping").put("id", "alive"));
        JsonObject m = next();
        assertEquals("pong", m.getString("op"), "connection answers ping with pong, got " + m);
        assertEquals("alive", m.getValue("id"));
    }

    Buffer nextBinary() {
        try {
            Buffer b = binaries.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            assertNotNull(b, "no binary frame within " + TIMEOUT_MS + " ms");
            return b;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    boolean isClosed() {
        return ws.isClosed();
    }

    @Override
    public void close() {
        if (!ws.isClosed()) await(ws.close());
        client.close();
    }

    static <T> T await(Future<T> f) {
        return await(f.toCompletionStage().toCompletableFuture());
    }

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("timed out or failed: " + e, e);
        }
    }
}
