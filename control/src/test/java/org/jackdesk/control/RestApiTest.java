package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jackdesk.config.Param;
import org.jackdesk.control.cli.ParamsCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RestApiTest {

    private static HttpResponse<Buffer> get(WebClient web, TestServer s, String uri) {
        return WsClient.await(web.get(s.port(), "127.0.0.1", uri).send());
    }

    private static HttpResponse<Buffer> put(WebClient web, TestServer s, String uri, String body) {
        return WsClient.await(web.put(s.port(), "127.0.0.1", uri).sendBuffer(Buffer.buffer(body)));
    }

    @Test
    void restAndWebSocketAgreeBothWays(Vertx vertx) {
        TestServer server = new TestServer(vertx);
        WebClient web = WebClient.create(vertx);
        try (WsClient ws = server.client(vertx)) {
            HttpResponse<Buffer> r = put(web, server, "/api/params/ch/2/fader", "{\"value\":-7.5}");
            assertEquals(200, r.statusCode(), r.bodyAsString());
            assertEquals(-7.5, r.bodyAsJsonObject().getDouble("value"));
            JsonObject changed = ws.next("changed");
            assertEquals("ch/2/fader", changed.getString("path"));
            assertEquals(-7.5, changed.getDouble("value"));
            assertEquals("rest", changed.getString("by"));

            ws.send(new JsonObject().put("op", "set").put("path", "bus/1/mute").put("value", true).put("id", 1));
            ws.next("ack");
            JsonObject one = get(web, server, "/api/params/bus/1/mute").bodyAsJsonObject();
            assertEquals(true, one.getBoolean("value"));

            JsonObject state = get(web, server, "/api/state").bodyAsJsonObject().getJsonObject("values");
            ws.send(new JsonObject().put("op", "get").put("path", "").put("id", 2));
            assertEquals(ws.next("values").getJsonObject("values"), state, "GET /api/state equals a WebSocket get of everything");
            assertEquals(new JsonObject(server.state.snapshot()), state);

            JsonObject sub = get(web, server, "/api/params/ch/2").bodyAsJsonObject();
            assertEquals(new JsonObject(server.state.snapshot("ch/2")), sub.getJsonObject("values"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void postMeterResetQueuesTheEngineCommandAndRefusesUnknownMeters(Vertx vertx) {
        TestServer server = new TestServer(vertx);
        WebClient web = WebClient.create(vertx);
        HttpResponse<Buffer> r = WsClient.await(web.post(server.port(), "127.0.0.1", "/api/meters/loudness/reset").send());
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals("loudness", r.bodyAsJsonObject().getString("reset"));
        r = WsClient.await(web.post(server.port(), "127.0.0.1", "/api/meters/clips/reset").send());
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals(java.util.List.of(org.jackdesk.engine.EngineCommand.RESET_LOUDNESS, org.jackdesk.engine.EngineCommand.RESET_CLIPS),
                server.engine.commands);
        HttpResponse<Buffer> bad = WsClient.await(web.post(server.port(), "127.0.0.1", "/api/meters/everything/reset").send());
        assertEquals(404, bad.statusCode());
        assertEquals("bad_message", bad.bodyAsJsonObject().getString("code"));
        assertTrue(bad.bodyAsJsonObject().getString("message").contains("loudness, clips, peaks"), bad.bodyAsString());
        assertEquals(2, server.engine.commands.size(), "nothing queued for a refused reset");
    }

    @Test
    void restErrorsCarryTheSameCodesAndMessagesAsWebSocket(Vertx vertx) {
        TestServer server = new TestServer(vertx);
        WebClient web = WebClient.create(vertx);
        Map<String, Object> before = server.state.snapshot();
        try (WsClient ws = server.client(vertx)) {
            HttpResponse<Buffer> unknown = put(web, server, "/api/params/ch/1/fadr", "{\"value\":-6}");
            assertEquals(404, unknown.statusCode());
            ws.send(new JsonObject().put("op", "set").put("path", "ch/1/fadr").put("value", -6));
            JsonObject wsErr = ws.next("error");
            assertEquals(wsErr.getString("code"), unknown.bodyAsJsonObject().getString("code"));
            assertEquals(wsErr.getString("message"), unknown.bodyAsJsonObject().getString("message"));

            HttpResponse<Buffer> range = put(web, server, "/api/params/ch/1/fader", "{\"value\":20}");
            assertEquals(400, range.statusCode());
            ws.send(new JsonObject().put("op", "set").put("path", "ch/1/fader").put("value", 20));
            JsonObject wsRange = ws.next("error");
            assertEquals("out_of_range", range.bodyAsJsonObject().getString("code"));
            assertEquals(wsRange.getString("message"), range.bodyAsJsonObject().getString("message"));

            HttpResponse<Buffer> type = put(web, server, "/api/params/ch/1/mute", "\"maybe\"");
            assertEquals(400, type.statusCode());
            assertEquals("wrong_type", type.bodyAsJsonObject().getString("code"));

            HttpResponse<Buffer> badJson = put(web, server, "/api/params/ch/1/mute", "{nope");
            assertEquals(400, badJson.statusCode());
            assertEquals("bad_json", badJson.bodyAsJsonObject().getString("code"));

            HttpResponse<Buffer> big = put(web, server, "/api/params/ch/1/fader", "{\"value\":1,\"pad\":\"" + "x".repeat(70_000) + "\"}");
            assertEquals(413, big.statusCode());
            assertEquals("too_large", big.bodyAsJsonObject().getString("code"));

            assertEquals(404, get(web, server, "/api/params/ch/9").statusCode());
            assertEquals(404, get(web, server, "/api/nothing").statusCode());
        }
        assertEquals(before, server.state.snapshot(), "no refused request changed the console");
        assertTrue(server.engine.sets.isEmpty(), "no refused request reached the engine");
    }

    @Test
    void schemaDescribesEveryAddressTheEngineKnows(Vertx vertx) {
        TestServer server = new TestServer(vertx);
        WebClient web = WebClient.create(vertx);
        JsonObject schema = get(web, server, "/api/schema").bodyAsJsonObject();
        JsonArray params = schema.getJsonArray("params");
        assertEquals(server.state.registry().size(), params.size());
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < params.size(); i++) paths.add(params.getJsonObject(i).getString("path"));
        for (Param p : server.state.registry().all()) {
            assertTrue(paths.contains(p.path()), "schema lists " + p.path());
        }
        JsonObject fader = params.getJsonObject(server.state.registry().slot("ch/1/fader"));
        assertEquals(new JsonObject(ParamsCommand.Schema.describe(server.state.registry().find("ch/1/fader"))), fader);
        assertEquals("fader", fader.getString("taper"));
        assertEquals(-90.0, fader.getDouble("min"));
        JsonObject slope = params.getJsonObject(server.state.registry().slot("ch/1/hpf/slope"));
        assertEquals(new JsonArray().add("12").add("24"), slope.getJsonArray("values"));
        assertEquals(TestServer.LAYOUT.channels().size(), schema.getJsonObject("layout").getJsonArray("channels").size());
    }

    @Test
    void healthAndPrometheusMetricsReportEngineAndClients(Vertx vertx) {
        TestServer server = new TestServer(vertx);
        WebClient web = WebClient.create(vertx);
        try (WsClient ws = server.client(vertx)) {
            ws.send("{oops");
            ws.next("error");
            JsonObject health = get(web, server, "/api/health").bodyAsJsonObject();
            assertEquals("ok", health.getString("status"));
            assertEquals(1, health.getInteger("clients"));
            assertEquals(48000, health.getInteger("sampleRate"));
            HttpResponse<Buffer> m = get(web, server, "/metrics");
            assertEquals(200, m.statusCode());
            assertTrue(m.getHeader("content-type").startsWith("text/plain"));
            String text = m.bodyAsString();
            assertTrue(text.contains("\njackdesk_dsp_load_percent 12.500\n"), text);
            assertTrue(text.contains("\njackdesk_callback_max_microseconds 321\n"), text);
            assertTrue(text.contains("\njackdesk_xruns_total 3\n"), text);
            assertTrue(text.contains("\njackdesk_slow_callbacks_total{cause=\"preempted\"} 4\n"), text);
            assertTrue(text.contains("\njackdesk_slow_callbacks_total{cause=\"page_fault\"} 2\n"), text);
            assertTrue(text.contains("\njackdesk_slow_callbacks_total{cause=\"jvm_pause\"} 0\n"), text);
            assertTrue(text.contains("\njackdesk_slow_callbacks_dropped_total 1\n"), text);
            assertTrue(text.contains("\njackdesk_clients 1\n"), text);
            assertTrue(text.contains("jackdesk_errors_total{code=\"bad_json\"} 1\n"), text);
            assertTrue(text.contains("# TYPE jackdesk_messages_in_per_second gauge"), text);
        }
    }
}
