package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /ws?batch=1}: several messages of one event-loop round go out as one JSON-array frame, in order. */
@ExtendWith(VertxExtension.class)
class BatchingTest {
    @Test
    void aBatchingClientGetsBurstsAsArraysInOrderAndOthersGetSingleMessages(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, ServerOptions.loopbackEphemeral().withMaxMessagesPerSecond(10_000));
        List<String> frames = new CopyOnWriteArrayList<>();
        // Keep the client referenced: Vert.x evicts the connections of a client that was garbage collected.
        io.vertx.core.http.WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20));
        // The handler is set on the event loop as the connection completes, so the greeting is not missed.
        WebSocket batched = WsClient.await(client.connect(server.port(), "127.0.0.1", "/ws?batch=1")
                .onSuccess(w -> w.textMessageHandler(frames::add)));
        try (WsClient mover = server.client(vertx); WsClient plain = server.client(vertx)) {
            // 40 different controls in one burst (one path each, so coalescing keeps every one).
            List<String> paths = new ArrayList<>();
            for (int ch = 1; ch <= 3; ch++) {
                for (String leaf : List.of("fader", "pan", "trim", "eq/1/gain", "eq/2/gain", "eq/3/gain", "eq/4/gain", "hpf/freq")) {
                    paths.add("ch/" + ch + "/" + leaf);
                }
            }
            for (int i = 0; i < paths.size(); i++) {
                mover.send(new JsonObject().put("op", "set").put("path", paths.get(i)).put("value", valueFor(paths.get(i))).put("id", i));
            }
            for (int i = 0; i < paths.size(); i++) mover.next("ack");

            List<JsonObject> plainChanged = new ArrayList<>();
            while (plainChanged.size() < paths.size()) {
                JsonObject m = plain.next();
                if ("changed".equals(m.getString("op"))) plainChanged.add(m);
            }
            long deadline = System.currentTimeMillis() + 5000;
            List<JsonObject> batchedChanged = new ArrayList<>();
            int arrays = 0;
            while (System.currentTimeMillis() < deadline) {
                batchedChanged.clear();
                arrays = 0;
                for (String f : List.copyOf(frames)) {
                    if (f.startsWith("[")) {
                        arrays++;
                        JsonArray a = new JsonArray(f);
                        assertTrue(a.size() > 1, "an array holds several messages: " + f);
                        for (int i = 0; i < a.size(); i++) collect(a.getJsonObject(i), batchedChanged);
                    } else {
                        collect(new JsonObject(f), batchedChanged);
                    }
                }
                if (batchedChanged.size() >= paths.size()) break;
                Thread.sleep(10);
            }
            assertEquals(plainChanged, batchedChanged, "the batching client gets the same changes in the same order");
            assertTrue(arrays >= 1, "a burst of " + paths.size() + " sets reached the batching client in fewer frames: "
                    + frames.size() + " frames");
            assertTrue(frames.get(0).contains("\"op\":\"hello\""), "hello comes first");
        } finally {
            batched.close();
            client.close();
        }
    }

    private static void collect(JsonObject m, List<JsonObject> out) {
        if ("changed".equals(m.getString("op"))) out.add(m);
    }

    private static double valueFor(String path) {
        if (path.endsWith("pan")) return 0.25;
        if (path.endsWith("hpf/freq")) return 120.0;
        return -3.0;
    }
}
