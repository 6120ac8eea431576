package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import org.jackdesk.config.show.Scene;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenes and show files over REST on a real server; WebSocket clients see what REST does. */
@ExtendWith(VertxExtension.class)
class SceneRestTest {

    private static HttpResponse<Buffer> call(WebClient web, SceneServer s, HttpMethod m, String uri, String body) {
        var req = web.request(m, s.port(), "127.0.0.1", uri);
        return WsClient.await(body == null ? req.send() : req.sendBuffer(Buffer.buffer(body)));
    }

    @Test
    void scenesOverRestReachWebSocketClientsAndFilesRoundTrip(Vertx vertx) throws Exception {
        SceneServer s = new SceneServer(vertx);
        WebClient web = WebClient.create(vertx);
        try (WsClient ws = s.client(vertx)) {
            s.state.set("ch/4/fader", -5.0, "test");
            HttpResponse<Buffer> saved = call(web, s, HttpMethod.POST, "/api/scenes", "{\"name\":\"Intro\",\"scope\":[\"ch/4\"],\"fadeMs\":0}");
            assertEquals(201, saved.statusCode(), saved.bodyAsString());
            int id = saved.bodyAsJsonObject().getJsonObject("scene").getInteger("id");
            assertEquals("Intro", ws.await("scenes").getJsonArray("scenes").getJsonObject(0).getString("name"));

            assertEquals(200, call(web, s, HttpMethod.PUT, "/api/scenes/" + id + "/name", "{\"name\":\"Opening\"}").statusCode());
            JsonObject list = call(web, s, HttpMethod.GET, "/api/scenes", null).bodyAsJsonObject();
            assertEquals("Opening", list.getJsonArray("scenes").getJsonObject(0).getString("name"));

            s.state.set("ch/4/fader", -25.0, "test");
            // Wait until the client has seen -25: otherwise -25 and the recalled -5 can fall in one
            // coalescing window and, -5 being what the client already shows, nothing is sent.
            while (true) {
                JsonObject m = ws.await("changed");
                if ("ch/4/fader".equals(m.getString("path")) && m.getDouble("value") == -25.0) break;
            }
            HttpResponse<Buffer> recalled = call(web, s, HttpMethod.POST, "/api/scenes/" + id + "/recall", null);
            assertEquals(200, recalled.statusCode(), recalled.bodyAsString());
            assertEquals(-5.0, s.state.get("ch/4/fader"));
            while (true) {
                JsonObject m = ws.await("changed");
                if ("ch/4/fader".equals(m.getString("path")) && m.getDouble("value") == -5.0) break;
            }
            assertEquals(200, call(web, s, HttpMethod.POST, "/api/scenes/undo", null).statusCode());
            assertEquals(-25.0, s.state.get("ch/4/fader"));

            // Export a scene, import it back as a new one.
            HttpResponse<Buffer> file = call(web, s, HttpMethod.GET, "/api/scenes/" + id + "/export", null);
            assertEquals(200, file.statusCode());
            assertEquals("jackdesk-scene", file.bodyAsJsonObject().getString("format"));
            assertTrue(file.getHeader("content-disposition").contains("attachment"));
            HttpResponse<Buffer> imported = call(web, s, HttpMethod.POST, "/api/scenes/import", file.bodyAsString());
            assertEquals(201, imported.statusCode(), imported.bodyAsString());
            int copy = imported.bodyAsJsonObject().getJsonObject("scene").getInteger("id");
            assertEquals(s.scenes.scene(id).values(), s.scenes.scene(copy).values());

            // Export the show, change things, import it: values and scenes come back.
            String show = call(web, s, HttpMethod.GET, "/api/show", null).bodyAsString();
            assertEquals("jackdesk-show", new JsonObject(show).getString("format"));
            Map<String, Object> valuesThen = s.state.snapshot();
            List<Scene> scenesThen = s.scenes.scenes();
            assertEquals(200, call(web, s, HttpMethod.DELETE, "/api/scenes/" + copy, null).statusCode());
            s.state.set("main/fader", -30.0, "test");
            HttpResponse<Buffer> back = call(web, s, HttpMethod.PUT, "/api/show", show);
            assertEquals(200, back.statusCode(), back.bodyAsString());
            assertEquals(valuesThen, s.state.snapshot());
            assertEquals(scenesThen, s.scenes.scenes());
        }
    }

    @Test
    void badRequestsAreRefusedWithCodesAndChangeNothing(Vertx vertx) throws Exception {
        SceneServer s = new SceneServer(vertx);
        WebClient web = WebClient.create(vertx);
        int id = call(web, s, HttpMethod.POST, "/api/scenes", "{\"name\":\"A\"}").bodyAsJsonObject().getJsonObject("scene").getInteger("id");
        String show = call(web, s, HttpMethod.GET, "/api/show", null).bodyAsString();
        s.state.set("ch/2/fader", -9.0, "test");
        Map<String, Object> before = s.state.snapshot();
        List<Scene> scenesBefore = s.scenes.scenes();

        record Bad(HttpMethod m, String uri, String body, int status, String code, String inMessage) {}
        String truncated = show.substring(0, show.length() / 2);
        // A valid show of the small-band example, whose layout differs from the running default console.
        org.jackdesk.config.ConsoleConfig small = org.jackdesk.config.ConfigJson.read(java.nio.file.Path.of("../config/examples/small-band.json"));
        var smallState = new org.jackdesk.config.ConsoleState(org.jackdesk.config.ParamRegistry.forLayout(small.toLayout()));
        String otherLayout = org.jackdesk.config.show.ShowJson.write(
                new org.jackdesk.config.show.SceneManager(smallState, () -> 0L, t -> {}).toShow(small));
        for (Bad c : List.of(
                new Bad(HttpMethod.POST, "/api/scenes/99/recall", null, 404, "unknown_scene", "there is no scene 99"),
                new Bad(HttpMethod.GET, "/api/scenes/abc", null, 404, "unknown_scene", "'abc' is not a scene id"),
                new Bad(HttpMethod.POST, "/api/scenes/" + id + "/recall", "{\"fadeMs\":-1}", 400, "bad_fade", "0 to 600000"),
                new Bad(HttpMethod.POST, "/api/scenes", "{\"name\":\"B\",\"scope\":[\"bus/77\"]}", 400, "bad_scope", "bus/77"),
                new Bad(HttpMethod.POST, "/api/scenes", "{\"name\":", 400, "bad_json", "not valid JSON"),
                new Bad(HttpMethod.POST, "/api/scenes/undo", null, 409, "nothing_to_undo", "no recall"),
                new Bad(HttpMethod.PUT, "/api/scenes/safes", "[\"eqq\"]", 400, "bad_scope", "did you mean 'eq'"),
                new Bad(HttpMethod.POST, "/api/scenes/import", "{\"format\":\"jackdesk-scene\",\"version\":1,\"scene\":{\"name\":\"X\",\"values\":{\"ch/1/fader\":99}}}",
                        400, "bad_file", "ch/1/fader"),
                new Bad(HttpMethod.PUT, "/api/show", truncated, 400, "bad_file", "show file:"),
                new Bad(HttpMethod.PUT, "/api/show", otherLayout, 409, "layout_mismatch", "the running console has 20 channels"))) {
            HttpResponse<Buffer> r = call(web, s, c.m(), c.uri(), c.body());
            assertEquals(c.status(), r.statusCode(), c.m() + " " + c.uri() + " → " + r.bodyAsString());
            JsonObject e = r.bodyAsJsonObject();
            assertEquals(c.code(), e.getString("code"), r.bodyAsString());
            assertTrue(e.getString("message").contains(c.inMessage()), e.getString("message") + " should contain " + c.inMessage());
        }
        assertEquals(before, s.state.snapshot(), "no value changed");
        assertEquals(scenesBefore, s.scenes.scenes(), "no scene changed");
        assertEquals(List.of(), s.scenes.safes());
    }
}
