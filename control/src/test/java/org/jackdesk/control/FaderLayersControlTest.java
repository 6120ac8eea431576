package org.jackdesk.control;

import static org.jackdesk.control.AccessControlTest.call;
import static org.jackdesk.control.AccessControlTest.getOk;
import static org.jackdesk.control.AccessControlTest.token;
import static org.jackdesk.control.ShowFileConsole.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.jackdesk.config.show.FaderLayers;
import org.jackdesk.config.show.ShowJson;
import org.jackdesk.config.store.ShowStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Custom fader layers (issue 23) through a real server: the {@code layer.*} operations over
 * WebSocket and {@code /api/layers} over REST, an engineer's to define (a monitor or viewer may list
 * them, not change them), every connected client told at once, precise refusals that change nothing,
 * and the layers in the show file — autosaved, exported, imported, and the same (ids too) after a
 * restart.
 */
@ExtendWith(VertxExtension.class)
class FaderLayersControlTest {
    /** The last {@code layers} broadcast {@link #answer} passed over on its way to the answer. */
    private static JsonObject passed;

    /** Sends {@code m} and returns the answer to it (an ack or an error), passing over broadcasts. */
    private static JsonObject answer(AccessControlTest.Ws ws, JsonObject m) throws InterruptedException {
        WsClient.await(ws.ws.writeTextMessage(m.encode()));
        String listing = m.getString("op").equals("layer.list") ? "layers" : "layer.ack";
        passed = null;
        while (true) {
            JsonObject a = ws.next();
            String op = a.getString("op");
            if (java.util.Objects.equals(a.getValue("id"), m.getValue("id")) && (op.equals("error") || op.equals(listing))) return a;
            if (op.equals("layers")) passed = a;
        }
    }

    private static JsonArray layers(WebClient web, int port, String token) {
        return getOk(web, port, token, "/api/layers").getJsonArray("layers");
    }

    private static JsonObject layer(String name, String... strips) {
        return new JsonObject().put("name", name).put("strips", new JsonArray(List.of(strips)));
    }

    @Test
    void anEngineerDefinesLayersEveryClientSeesThemAndAMonitorOrViewerMayOnlyListThem(Vertx vertx) throws Exception {
        SecureServer s = AccessControlTest.server(vertx);
        WebClient web = WebClient.create(vertx);
        int port = s.port();
        String foh = token(web, port, "foh", "2222"), drums = token(web, port, "drums", "3333"), guest = token(web, port, "guest", "4444");
        int channels = s.state.registry().layout().channels().size();
        try (AccessControlTest.Ws e = new AccessControlTest.Ws(vertx, port, "/ws?token=" + foh);
             AccessControlTest.Ws m = new AccessControlTest.Ws(vertx, port, "/ws?token=" + drums)) {
            for (AccessControlTest.Ws ws : List.of(e, m)) {
                ws.next("hello");
                ws.next("snapshot");
            }
            // Nobody has defined a layer yet; a monitor may list them.
            JsonObject none = answer(m, new JsonObject().put("op", "layer.list").put("id", 1));
            assertEquals(new JsonArray(), none.getJsonArray("layers"), none.encode());
            assertEquals(1, none.getInteger("id"));

            // A monitor may not define one, a viewer neither; over WebSocket or REST.
            JsonObject no = answer(m, layer("Mine", "ch/1").put("op", "layer.save").put("id", 2));
            assertEquals("forbidden", no.getString("code"), no.encode());
            assertTrue(no.getString("message").contains("define fader layers"), no.getString("message"));
            assertEquals(403, call(web, port, drums, HttpMethod.POST, "/api/layers", layer("Mine", "ch/1").encode()).statusCode());
            assertEquals(403, call(web, port, guest, HttpMethod.POST, "/api/layers", layer("Mine", "ch/1").encode()).statusCode());
            assertEquals(401, call(web, port, "forged", HttpMethod.POST, "/api/layers", layer("Mine", "ch/1").encode()).statusCode());
            assertEquals(new JsonArray(), layers(web, port, guest), "nothing was created; a viewer may list");

            // The engineer: one op, answered, and every client (the monitor's tablet too) gets the layers.
            JsonObject ack = answer(e, new JsonObject().put("op", "layer.save").put("name", "Vocals")
                    .put("strips", new JsonArray(List.of("ch/3", "bus/2", "dca/1", "ch/4"))).put("id", 3));
            assertEquals("layer.ack", ack.getString("op"), ack.encode());
            assertEquals(3, ack.getInteger("id"), "the request's id");
            JsonObject vocals = ack.getJsonObject("layer");
            assertEquals(new JsonObject().put("id", 1).put("name", "Vocals").put("strips", new JsonArray(List.of("ch/3", "bus/2", "dca/1", "ch/4"))),
                    vocals);
            assertTrue(passed != null, "the sender is told too, before the answer");
            assertEquals(new JsonArray().add(vocals), passed.getJsonArray("layers"));
            assertEquals(new JsonArray().add(vocals), m.nextOp("layers").getJsonArray("layers"), "the monitor's tablet is told");

            // REST: create, replace, reorder, delete; both tablets hear each.
            HttpResponse<Buffer> r = call(web, port, foh, HttpMethod.POST, "/api/layers", layer("Drums", "dca/2", "ch/1", "ch/2").encode());
            assertEquals(201, r.statusCode(), r.bodyAsString());
            assertEquals(2, r.bodyAsJsonObject().getInteger("id"));
            r = call(web, port, foh, HttpMethod.PUT, "/api/layers/2", layer("Drum kit", "ch/2", "ch/1").encode());
            assertEquals(200, r.statusCode(), r.bodyAsString());
            assertEquals(layer("Drum kit", "ch/2", "ch/1").put("id", 2), r.bodyAsJsonObject());
            r = call(web, port, foh, HttpMethod.PUT, "/api/layers/2/position", "{\"to\":0}");
            assertEquals(200, r.statusCode(), r.bodyAsString());
            JsonArray now = layers(web, port, drums);
            assertEquals(List.of("Drum kit", "Vocals"), now.stream().map(o -> ((JsonObject) o).getString("name")).toList());
            for (AccessControlTest.Ws ws : List.of(e, m)) {
                JsonArray seen;
                do {
                    seen = ws.nextOp("layers").getJsonArray("layers");
                } while (!seen.equals(now));
            }
            assertEquals(200, call(web, port, foh, HttpMethod.DELETE, "/api/layers/2", null).statusCode());
            assertEquals(new JsonArray().add(vocals), layers(web, port, foh));

            // Refusals say what and where and change nothing.
            JsonObject bad = answer(e, layer("Band", "ch/1", "ch/99").put("op", "layer.save").put("id", 4));
            assertEquals("bad_strip", bad.getString("code"), bad.encode());
            assertTrue(bad.getString("message").contains("strip 2 of the layer: there is no ch/99")
                    && bad.getString("message").contains("ch/1.." + channels), bad.getString("message"));
            bad = answer(e, new JsonObject().put("op", "layer.save").put("name", "Band").put("strips", "ch/1").put("id", 5));
            assertEquals("bad_strip", bad.getString("code"), bad.encode());
            bad = answer(e, new JsonObject().put("op", "layer.save").put("name", 7).put("strips", new JsonArray()).put("id", 6));
            assertEquals("bad_name", bad.getString("code"), bad.encode());
            bad = answer(e, layer("vocals").put("op", "layer.save").put("id", 7));
            assertEquals("bad_name", bad.getString("code"), bad.encode());
            assertTrue(bad.getString("message").contains("there is a layer named 'Vocals' already"), bad.getString("message"));
            bad = answer(e, new JsonObject().put("op", "layer.delete").put("id", 8));
            assertEquals("bad_layer", bad.getString("code"), "no id: " + bad.encode());
            r = call(web, port, foh, HttpMethod.PUT, "/api/layers/9", layer("Band").encode());
            assertEquals(404, r.statusCode(), r.bodyAsString());
            assertEquals("no_layer", r.bodyAsJsonObject().getString("code"));
            assertTrue(r.bodyAsJsonObject().getString("message").contains("there is no layer 9; the layers are 1 (Vocals)"), r.bodyAsString());
            r = call(web, port, foh, HttpMethod.POST, "/api/layers", "{\"name\":");
            assertEquals(400, r.statusCode(), r.bodyAsString());
            r = call(web, port, foh, HttpMethod.PUT, "/api/layers/1/position", "{\"to\":5}");
            assertEquals(400, r.statusCode(), r.bodyAsString());
            assertEquals("bad_layer", r.bodyAsJsonObject().getString("code"));
            assertEquals(new JsonArray().add(vocals), layers(web, port, foh), "nothing changed");
            assertTrue(s.engine.sets.isEmpty(), "a layer is not a parameter: the engine sees nothing");
        }
    }

    private static Console start(ShowStore.Loaded show, Path file) throws Exception {
        return ShowFileConsole.start("jdlayers", show, file);
    }

    @Test
    void theLayersAreSavedWithTheShowExportedImportedAndTheSameAfterARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("show.json");
        String exported;
        JsonArray defined;
        Console c = start(null, file);
        try {
            assertEquals(201, http("POST", c.httpPort(), "/api/layers", layer("Spare").encode()).statusCode());
            assertEquals(201, http("POST", c.httpPort(), "/api/layers", layer("Vocals", "ch/12", "bus/2", "dca/1", "fxret/1").encode()).statusCode());
            assertEquals(200, http("DELETE", c.httpPort(), "/api/layers/1", null).statusCode());
            assertEquals(201, http("POST", c.httpPort(), "/api/layers", layer("Drums", "ch/1", "ch/2", "dca/2").encode()).statusCode());
            defined = new JsonObject(http("GET", c.httpPort(), "/api/layers", null).body()).getJsonArray("layers");
            exported = http("GET", c.httpPort(), "/api/show", null).body();
            assertEquals(List.of(new FaderLayers.Layer(2, "Vocals", List.of("ch/12", "bus/2", "dca/1", "fxret/1")),
                    new FaderLayers.Layer(3, "Drums", List.of("ch/1", "ch/2", "dca/2"))), ShowJson.read("export", exported).layers(),
                    "the export carries the layers");
        } finally {
            assertTrue(c.stop(), "saved");
        }
        assertEquals(ShowJson.read("export", exported).layers(), ShowStore.load(file).layers(), "the autosave wrote them");

        // Started again with its configuration (--config) and the show: the same layers, ids included.
        Console again = start(ShowStore.loadOrBackup(file), file);
        try {
            assertEquals(defined, new JsonObject(http("GET", again.httpPort(), "/api/layers", null).body()).getJsonArray("layers"));
            assertEquals(4, new JsonObject(http("POST", again.httpPort(), "/api/layers", layer("Keys", "ch/17").encode()).body()).getInteger("id"),
                    "a new layer's id follows the show's");

            // A show imported (PUT /api/show) brings its layers along, replacing the running ones.
            String changed = exported.replace("\"Drums\"", "\"Kit\"");
            assertTrue(!changed.equals(exported));
            assertEquals(200, http("PUT", again.httpPort(), "/api/show", changed).statusCode());
            JsonArray now = new JsonObject(http("GET", again.httpPort(), "/api/layers", null).body()).getJsonArray("layers");
            assertEquals(List.of("Vocals", "Kit"), now.stream().map(o -> ((JsonObject) o).getString("name")).toList());
            // A show naming a strip this console lacks is refused whole, and nothing changes.
            java.net.http.HttpResponse<String> refused = http("PUT", again.httpPort(), "/api/show", changed.replace("\"fxret/1\"", "\"fxret/99\""));
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("there is no fxret/99"), refused.body());
            assertEquals(now, new JsonObject(http("GET", again.httpPort(), "/api/layers", null).body()).getJsonArray("layers"));
        } finally {
            again.stop();
        }
        assertEquals(List.of("Vocals", "Kit"), ShowStore.load(file).layers().stream().map(FaderLayers.Layer::name).toList(),
                "the imported layers are saved");
    }
}
