package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ControlServerStartTest {

    /** Starts a console (the composition root) that must fail to deploy its server; returns why. */
    private static Throwable failureOf(Vertx vertx, ServerOptions options) throws Exception {
        RecordingEngine engine = new RecordingEngine(TestServer.LAYOUT.channels().size(), TestServer.LAYOUT.buses().size());
        try {
            Console.start(Console.Options.of(org.jackdesk.config.ConfigJson.builtinDefault().withLayout(TestServer.LAYOUT), engine, vertx)
                    .withServer(options)).close();
        } catch (Console.DeployFailed e) {
            return e;
        }
        throw new AssertionError("deployment should have failed");
    }

    @Test
    void httpPortClashFailsDeploymentNamingThePort(Vertx vertx) throws Exception {
        TestServer first = new TestServer(vertx);
        Throwable e = failureOf(vertx, ServerOptions.loopbackEphemeral().withPorts(first.port(), 0));
        assertTrue(e.getMessage().contains("cannot listen for HTTP on 127.0.0.1:" + first.port()), e.getMessage());
        assertTrue(e.getMessage().contains("--port"), "says how to fix it: " + e.getMessage());
    }

    @Test
    void oscPortClashFailsDeploymentNamingThePort(Vertx vertx) throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            new TestServer(vertx);
            int before = vertx.deploymentIDs().size();
            Throwable e = failureOf(vertx, ServerOptions.loopbackEphemeral().withPorts(0, taken.getLocalPort()));
            assertTrue(e.getMessage().contains("cannot listen for OSC on udp 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
            assertEquals(before, vertx.deploymentIDs().size(), "nothing left deployed");
        }
    }

    @Test
    void boundPortsAreTheRealOnesAndTheWebUiIsServedFromTheClasspath(Vertx vertx) {
        TestServer server = new TestServer(vertx);
        assertTrue(server.port() > 0 && server.oscPort() > 0);
        assertEquals(List.of("http://127.0.0.1:" + server.port() + "/"), server.bound.tabletUrls());
        WebClient web = WebClient.create(vertx);
        HttpResponse<Buffer> r = WsClient.await(web.get(server.port(), "127.0.0.1", "/static-probe.txt").send());
        assertEquals(200, r.statusCode());
        assertEquals("jackdesk static probe\n", r.bodyAsString());
        HttpResponse<Buffer> plain = WsClient.await(web.get(server.port(), "127.0.0.1", "/ws").send());
        assertEquals(400, plain.statusCode(), "a plain GET of /ws is told to use a WebSocket");
    }

    @Test
    void bannerListsEveryUrlAndTheOscPort() {
        String text = TabletUrls.banner("0.0.0.0", 8080, 9000, List.of("http://192.0.2.7:8080/", "http://198.51.100.3:8080/"));
        assertTrue(text.contains("  http://192.0.2.7:8080/\n") && text.contains("  http://198.51.100.3:8080/\n"), text);
        assertTrue(text.contains("udp port 9000"), text);
        assertTrue(TabletUrls.banner("0.0.0.0", 8080, -1, List.of()).contains("http://127.0.0.1:8080/"));
    }
}
