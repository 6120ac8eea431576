package org.jackdesk.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A well-behaved tablet for {@code jackdesk chaos}: it stays connected through every fault,
 * answers keepalive pings, subscribes to meters, and keeps its own view of the console from the
 * snapshot, its acks and everyone's {@code changed} messages — the view a tablet would show.
 *
 * <p>Thread: handlers on a Vert.x event loop; the query methods from the chaos thread.
 */
final class ChaosClient implements AutoCloseable {
    private final WebSocketClient client;
    private volatile WebSocket ws;
    volatile String session;
    final Map<String, Object> view = new ConcurrentHashMap<>();
    private final BlockingQueue<JsonObject> replies = new LinkedBlockingQueue<>();
    final AtomicInteger jackGone = new AtomicInteger();
    final AtomicInteger jackBack = new AtomicInteger();
    final AtomicInteger errors = new AtomicInteger();
    final AtomicLong meterFrames = new AtomicLong();
    /** Sessions whose touch this client saw released. */
    final Set<String> releasedBy = ConcurrentHashMap.newKeySet();
    volatile boolean closed;
    private final AtomicLong ids = new AtomicLong();

    private ChaosClient(WebSocketClient client) {
        this.client = client;
    }

    static ChaosClient connect(Vertx vertx, int port, int meterFps) throws Exception {
        WebSocketClient c = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(16 << 20).setMaxMessageSize(16 << 20));
        ChaosClient cc = new ChaosClient(c);
        // Handlers are set in the completion callback, on the connection's event loop, before it
        // dispatches any frame: set later from this thread, the greeting could be missed.
        WebSocket ws = c.connect(port, "127.0.0.1", "/ws").onSuccess(w -> {
            w.textMessageHandler(cc::onText);
            w.binaryMessageHandler(b -> cc.meterFrames.incrementAndGet());
            w.closeHandler(v -> cc.closed = true);
        }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        cc.ws = ws;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cc.view.isEmpty() && System.nanoTime() < end) Thread.sleep(5);
        if (cc.view.isEmpty()) throw new IllegalStateException("no snapshot from the console within 10 s");
        if (meterFps > 0) {
            cc.request(new JsonObject().put("op", "subscribe").put("meters",
                    new JsonArray().add("ch").add("bus").add("main").add("monitor").add("loudness")).put("fps", meterFps));
        }
        return cc;
    }

    private void onText(String text) {
        JsonObject m = new JsonObject(text);
        switch (String.valueOf(m.getString("op"))) {
            case "hello" -> session = m.getString("session");
            case "snapshot" -> view.putAll(m.getJsonObject("values").getMap());
            case "changed" -> view.put(m.getString("path"), m.getValue("value"));
            case "ack" -> {
                view.put(m.getString("path"), m.getValue("value"));
                replies.add(m);
            }
            case "error" -> {
                errors.incrementAndGet();
                replies.add(m);
            }
            case "status" -> {
                if ("jack_gone".equals(m.getString("code"))) jackGone.incrementAndGet();
                if ("jack_back".equals(m.getString("code"))) jackBack.incrementAndGet();
            }
            case "touch" -> {
                if (!m.getBoolean("on", true)) releasedBy.add(m.getString("by"));
            }
            case "ping" -> ws.writeTextMessage("{\"op\":\"pong\"}");
            default -> {
                if (m.containsKey("id")) replies.add(m); // pong, subscribed, value …
            }
        }
    }

    /** Sends {@code m} with a fresh id and returns the reply with that id (ack, error, pong …). */
    JsonObject request(JsonObject m) throws Exception {
        String id = "c" + ids.incrementAndGet();
        ws.writeTextMessage(m.copy().put("id", id).encode()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            long left = end - System.nanoTime();
            JsonObject r = left <= 0 ? null : replies.poll(left, TimeUnit.NANOSECONDS);
            if (r == null) throw new IllegalStateException("no reply to " + m.getString("op") + " within 5 s");
            if (id.equals(r.getValue("id"))) return r;
        }
    }

    /** The console answers: ping → pong within 5 s. */
    boolean alive() {
        try {
            return !closed && "pong".equals(request(new JsonObject().put("op", "ping")).getString("op"));
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            if (ws != null && !ws.isClosed()) ws.close().toCompletionStage().toCompletableFuture().get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing at the end of the run: nothing to recover
        }
        client.close();
    }
}
