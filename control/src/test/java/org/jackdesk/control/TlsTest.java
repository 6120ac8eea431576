package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jackdesk.control.security.SecurityOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS and WSS from a self-signed pair made by openssl exactly as docs/security.md says. */
@ExtendWith(VertxExtension.class)
class TlsTest {
    /** The command of docs/security.md, with the loopback address as the tablet-facing name. */
    static Path[] selfSignedPair(Path dir) throws Exception {
        Path cert = dir.resolve("jackdesk-cert.pem");
        Path key = dir.resolve("jackdesk-key.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-days", "2", "-subj", "/CN=jackdesk", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl made the pair: " + out);
        return new Path[] {cert, key};
    }

    @Test
    void consoleSpeaksHttpsAndWssWithTheConfiguredPairAndNothingInTheClear(Vertx vertx, @TempDir Path dir) throws Exception {
        Path[] pair = selfSignedPair(dir);
        SecureServer s = new SecureServer(vertx, SecurityOptions.open().withTls(pair[0], pair[1]));
        PemTrustOptions trust = new PemTrustOptions().addCertPath(pair[0].toString());

        WebClient https = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustOptions(trust).setVerifyHost(true));
        HttpResponse<Buffer> health = WsClient.await(https.get(s.port(), "127.0.0.1", "/api/health").send());
        assertEquals(200, health.statusCode());
        assertEquals("ok", health.bodyAsJsonObject().getString("status"));
        HttpResponse<Buffer> put = WsClient.await(https.put(s.port(), "127.0.0.1", "/api/params/ch/1/fader").sendBuffer(Buffer.buffer("-12")));
        assertEquals(200, put.statusCode(), put.bodyAsString());

        WebSocket ws = WsClient.await(vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true).setTrustOptions(trust)
                .setVerifyHost(true)).connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(s.port()).setURI("/ws")));
        CompletableFuture<JsonObject> ack = new CompletableFuture<>();
        ws.textMessageHandler(t -> {
            JsonObject m = new JsonObject(t);
            if ("ack".equals(m.getString("op"))) ack.complete(m);
        });
        WsClient.await(ws.writeTextMessage("{\"op\":\"set\",\"path\":\"ch/2/fader\",\"value\":-3}"));
        assertEquals(-3.0, WsClient.await(ack).getDouble("value"), "a set over WSS is applied");
        WsClient.await(ws.close());

        // A client that does not trust the certificate is refused by the handshake; plain HTTP gets no answer.
        WebClient untrusting = WebClient.create(vertx, new WebClientOptions().setSsl(true));
        assertThrows(AssertionError.class, () -> WsClient.await(untrusting.get(s.port(), "127.0.0.1", "/api/health").send()));
        String plain = SecureServer.raw(s.port(), "GET /api/health HTTP/1.1");
        assertTrue(!plain.contains("\"status\""), "no JSON in the clear: " + plain);
    }
}
