package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jackdesk.config.AutoConnect;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.jack.ConnectRule;
import org.jackdesk.engine.jack.JackTestClient;
import org.jackdesk.engine.jack.JackTestServer;
import org.jackdesk.engine.jack.PrivateJackServer;
import org.jackdesk.engine.jack.StageBoxStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stage box (here a JACK client named {@code stage1} with 4 outputs and 2 inputs, standing in for
 * a netjack2 slave; the real one is {@code NetjackStageBoxTest}) that is missing at start, arrives,
 * is lost and comes back: every tablet is told each time, {@code /metrics} and {@code /api/health}
 * follow, and the auto-connect rules naming its ports are made again each time it appears.
 */
@ExtendWith(VertxExtension.class)
class StageBoxStatusTest {
    private static final Pattern TIME = Pattern.compile("lost at \\d\\d:\\d\\d:\\d\\d");

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    /** The next status message about a stage box, skipping others (audio, ...). */
    private static JsonObject boxStatus(WsClient c) {
        while (true) {
            JsonObject m = c.await("status");
            if (m.getString("stageBox") != null) return m;
        }
    }

    private static JackTestClient box(PrivateJackServer server) throws Exception {
        return JackTestClient.open(server.name(), "stage1", 4, 2, (ch, f) -> 0f, 0);
    }

    @Test
    void tabletsMetricsAndConnectionsFollowAStageBoxThatComesAndGoes(Vertx vertx) throws Exception {
        ConsoleConfig cfg = ConfigJson.read("foh.json", """
                {"version": 2,
                 "layout": {"channels": [{"name": "Kick"}, {"name": "Snare"}, {"name": "Vox"}, {"name": "Gtr"}],
                            "buses": [{"name": "Wedge 1"}, {"name": "Wedge 2"}]},
                 "jack": {"clientName": "foh", "stageBoxes": ["stage1"],
                          "autoConnect": ["ch1..4 <- stage1:out_1..4", "bus1..2 -> stage1:in_1..2"]}}
                """);
        List<ConnectRule> rules = new ArrayList<>();
        for (AutoConnect.Connection c : cfg.connections()) rules.add(new ConnectRule(c.consolePort(), c.jackPort(), c.input()));
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             Console console = Console.start(Console.Options.of(cfg, new EngineHost.Options("foh", server.name(), false, false,
                     false, 48000, 64, rules).withStageBoxes(cfg.jack().stageBoxes())))) {
            int port = NetjackStageBoxTest.warm(console.httpPort()); // a cold server may take longer than WsClient waits
            try (WsClient tablet = WsClient.connect(vertx, port)) {
                // Not there at start: a standing warning, for this tablet and in the health check.
                JsonObject missing = boxStatus(tablet);
                assertEquals("stagebox_missing", missing.getString("code"), missing.encode());
                assertEquals("warning", missing.getString("level"));
                assertEquals("stagebox_missing", new JsonObject(get(port, "/api/health")).getJsonObject("checks")
                        .getJsonObject(Console.stageBoxKey("stage1")).getString("code"));
                assertTrue(get(port, "/metrics").contains("jackdesk_stagebox_connected{name=\"stage1\"} 0\n"));

                try (JackTestClient box = box(server)) {
                    JsonObject connected = boxStatus(tablet);
                    assertEquals("stagebox_connected", connected.getString("code"), connected.encode());
                    assertEquals("Stage box 'stage1' connected: 4 in / 2 out", connected.getString("message"));
                    assertEquals(4, connected.getInteger("inputs"));
                    assertConnected(server, true);
                    String metrics = get(port, "/metrics");
                    assertTrue(metrics.contains("jackdesk_stagebox_connected{name=\"stage1\"} 1\n"), metrics);
                    assertTrue(metrics.contains("jackdesk_stagebox_ports{name=\"stage1\",direction=\"in\"} 4\n"), metrics);
                    assertTrue(metrics.contains("jackdesk_stagebox_ports{name=\"stage1\",direction=\"out\"} 2\n"), metrics);
                    assertEquals("ok", new JsonObject(get(port, "/api/health")).getString("status"));
                }

                JsonObject lost = boxStatus(tablet);
                assertEquals("stagebox_lost", lost.getString("code"), lost.encode());
                assertEquals("error", lost.getString("level"));
                assertTrue(TIME.matcher(lost.getString("message")).find(), lost.getString("message"));
                assertTrue(get(port, "/metrics").contains("jackdesk_stagebox_losses_total{name=\"stage1\"} 1\n"));
                // A tablet that connects now sees it too.
                try (WsClient late = WsClient.connect(vertx, port)) {
                    assertEquals("stagebox_lost", boxStatus(late).getString("code"));
                }
                assertEquals("error", new JsonObject(get(port, "/api/health")).getString("status"));

                try (JackTestClient box = box(server)) {
                    JsonObject back = boxStatus(tablet);
                    assertEquals("stagebox_connected", back.getString("code"), back.encode());
                    assertEquals(1L, back.getLong("losses"));
                    // JACK dropped the connections with the box's ports: the rules made them again.
                    assertConnected(server, true);
                    List<StageBoxStatus> boxes = console.host().stageBoxes();
                    assertEquals(1, boxes.size());
                    assertTrue(boxes.get(0).connected(), boxes.toString());
                }
            }
        }
    }

    private static void assertConnected(PrivateJackServer server, boolean wanted) throws Exception {
        String lsp = "";
        for (int i = 0; i < 50; i++) { // the rules are applied on the backend's worker, just after the notice
            lsp = server.runTool("jack_lsp", "-c");
            if (lsp.contains("foh:ch4\n   stage1:out_4\n") == wanted && lsp.contains("foh:bus2\n   stage1:in_2\n") == wanted) return;
            Thread.sleep(100);
        }
        for (int ch = 1; ch <= 4; ch++) assertTrue(lsp.contains("foh:ch" + ch + "\n   stage1:out_" + ch + "\n") == wanted, lsp);
        for (int b = 1; b <= 2; b++) assertTrue(lsp.contains("foh:bus" + b + "\n   stage1:in_" + b + "\n") == wanted, lsp);
    }
}
