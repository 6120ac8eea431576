package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.control.security.SecurityOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shipped console's snapshot is larger than 64 KiB; a client that takes frames of at most
 * 64 KiB (Vert.x's and Jetty's default) still reads it: long messages leave in fragments.
 */
@ExtendWith(VertxExtension.class)
class LargeSnapshotTest {
    @Test
    void aClientWithA64KibFrameLimitReadsTheWholeSnapshot(Vertx vertx) throws Exception {
        ConsoleConfig cfg = ConfigJson.builtinDefault();
        Console console = TestServer.start(cfg, new RecordingEngine(cfg.toLayout().channels().size(), cfg.toLayout().buses().size()),
                vertx, ServerOptions.loopbackEphemeral(), SecurityOptions.open());
        BlockingQueue<String> in = new LinkedBlockingQueue<>();
        io.vertx.core.http.WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(65_536).setMaxMessageSize(1 << 20));
        WsClient.await(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(console.httpPort()).setURI("/ws"))
                .map(w -> w.textMessageHandler(in::add)));
        String snapshot = null;
        for (int i = 0; i < 5 && snapshot == null; i++) {
            String m = in.poll(5, TimeUnit.SECONDS);
            assertNotNull(m, "no message within 5 s: a frame over the client's limit closes the connection");
            if (m.startsWith("{\"op\":\"snapshot\"")) snapshot = m;
        }
        assertNotNull(snapshot, "the snapshot arrived");
        assertTrue(snapshot.length() > 65_536, "the test needs a snapshot over 64 KiB: " + snapshot.length() + " bytes");
        assertEquals(console.state().snapshot().size(), new JsonObject(snapshot).getJsonObject("values").size(), "every value");
        client.close();
    }
}
