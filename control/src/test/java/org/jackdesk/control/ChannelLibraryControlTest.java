package org.jackdesk.control;

import static org.jackdesk.control.AccessControlTest.call;
import static org.jackdesk.control.AccessControlTest.getOk;
import static org.jackdesk.control.AccessControlTest.token;
import static org.jackdesk.control.ChannelSections.section;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.Map;
import org.jackdesk.config.show.Preset;
import org.jackdesk.config.store.ShowStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The channel library (issue 23) through a real server: presets saved from a channel and loaded
 * onto others over WebSocket ({@code library.*}) and REST ({@code /api/library}), the targets
 * holding exactly the saved values (REST state), the roles enforced, every client told, the
 * library exported and imported back equal, bad files refused with where and what and nothing
 * applied, and the presets kept in the show file across a restart.
 */
@ExtendWith(VertxExtension.class)
class ChannelLibraryControlTest {

    /** The answer to request {@code id}: its ack or its error, skipping broadcasts and changes. */
    private static JsonObject reply(AccessControlTest.Ws ws, JsonObject m, Object id) throws InterruptedException {
        return ws.reply(m.put("id", id));
    }

    private static JsonObject restState(WebClient web, int port, String token) {
        return getOk(web, port, token, "/api/state").getJsonObject("values");
    }

    @Test
    void anEngineerSavesAndLoadsPresetsEveryClientSeesThemAndAMonitorOrViewerMayOnlyList(Vertx vertx) throws Exception {
        SecureServer s = AccessControlTest.server(vertx);
        WebClient web = WebClient.create(vertx);
        int port = s.port();
        String foh = token(web, port, "foh", "2222"), drums = token(web, port, "drums", "3333"), guest = token(web, port, "guest", "4444");
        s.state.set("ch/1/eq/on", true, "test");
        s.state.set("ch/1/eq/2/gain", -5.5, "test");
        s.state.set("ch/1/eq/2/freq", 420.0, "test");
        s.state.set("ch/1/eq/1/type", "peak", "test");
        s.state.set("ch/1/comp/on", true, "test");
        s.state.set("ch/1/comp/threshold", -22.0, "test");
        s.state.set("ch/1/comp/ratio", "inf", "test");
        s.state.set("ch/1/hpf/freq", 150.0, "test");
        List<String> saved = List.of("eq", "comp");
        Map<String, Object> expected = section(restState(web, port, foh), 1, saved);
        try (AccessControlTest.Ws e = new AccessControlTest.Ws(vertx, port, "/ws?token=" + foh);
             AccessControlTest.Ws m = new AccessControlTest.Ws(vertx, port, "/ws?token=" + drums)) {
            e.next("hello");
            m.next("hello");

            // A monitor may not save; nothing is kept.
            JsonObject no = reply(m, new JsonObject().put("op", "library.save").put("name", "Mine").put("from", 1).put("sections", new JsonArray().add("eq")), 1);
            assertEquals("forbidden", no.getString("code"), no.encode());
            assertTrue(no.getString("message").contains("drums (monitor)") && no.getString("message").contains("needs engineer"), no.getString("message"));

            JsonObject ack = reply(e, new JsonObject().put("op", "library.save").put("name", "Lead vox").put("from", 1)
                    .put("sections", new JsonArray().add("comp").add("eq")), 2);
            assertEquals("library.ack", ack.getString("op"), ack.encode());
            assertEquals("library.save", ack.getString("request"));
            assertEquals(new JsonArray().add("eq").add("comp"), ack.getJsonObject("preset").getJsonArray("sections"));
            // Every client hears of it, a monitor's tablet too.
            for (AccessControlTest.Ws ws : List.of(e, m)) {
                JsonArray list = ws.nextOp("library").getJsonArray("presets");
                assertEquals(1, list.size());
                assertEquals("Lead vox", list.getJsonObject(0).getString("name"));
            }
            // A monitor lists and reads (the presets are part of the show); a viewer downloads the file.
            JsonObject list = reply(m, new JsonObject().put("op", "library.list"), 3);
            assertEquals("library", list.getString("op"), list.encode());
            JsonObject one = reply(m, new JsonObject().put("op", "library.get").put("name", "Lead vox"), 4);
            assertEquals(-5.5, one.getJsonObject("preset").getJsonObject("values").getDouble("eq/2/gain"));
            assertEquals(200, call(web, port, guest, HttpMethod.GET, "/api/library", null).statusCode());

            // The preset keeps the values as they were when saved.
            s.state.set("ch/1/eq/2/gain", 9.0, "test");
            s.state.set("ch/1/comp/threshold", -3.0, "test");

            // A monitor or a viewer may not load it onto channels, rename or delete it — over WebSocket or REST.
            no = reply(m, new JsonObject().put("op", "library.load").put("name", "Lead vox").put("to", new JsonArray().add(2)), 5);
            assertEquals("forbidden", no.getString("code"), no.encode());
            assertEquals(403, call(web, port, drums, HttpMethod.POST, "/api/library/Lead%20vox/load", "{\"to\":[2]}").statusCode());
            assertEquals(403, call(web, port, guest, HttpMethod.POST, "/api/library/Lead%20vox/load", "{\"to\":[2]}").statusCode());
            assertEquals(403, call(web, port, drums, HttpMethod.DELETE, "/api/library/Lead%20vox", null).statusCode());
            assertEquals(403, call(web, port, guest, HttpMethod.PUT, "/api/library/Lead%20vox", "{\"from\":1,\"sections\":[\"eq\"]}").statusCode());
            assertEquals(401, call(web, port, "forged", HttpMethod.GET, "/api/library", null).statusCode());
            assertNotEquals(expected, section(restState(web, port, foh), 2, saved), "ch/2 untouched");

            // The engineer loads it onto channels 2 and 3 over REST: exactly the saved values there.
            JsonObject beforeLoad = restState(web, port, foh);
            HttpResponse<Buffer> r = call(web, port, foh, HttpMethod.POST, "/api/library/Lead%20vox/load", "{\"to\":[2,3]}");
            assertEquals(200, r.statusCode(), r.bodyAsString());
            assertEquals(new JsonArray().add(2).add(3), r.bodyAsJsonObject().getJsonArray("to"));
            JsonObject v = restState(web, port, foh);
            assertEquals(expected, section(v, 2, saved), "ch/2 holds the preset");
            assertEquals(expected, section(v, 3, saved), "ch/3 holds the preset");
            assertEquals(-5.5, v.getDouble("ch/2/eq/2/gain"));
            assertNotEquals(150.0, v.getDouble("ch/2/hpf/freq"), "the high-pass was not in the preset");
            // One OOPS entry, whose undo puts both channels back.
            JsonObject h = call(web, port, foh, HttpMethod.GET, "/api/history", null).bodyAsJsonObject();
            JsonObject last = h.getJsonArray("entries").getJsonObject(0);
            assertTrue(last.getString("what").startsWith("paste ("), last.encode());
            assertEquals(200, call(web, port, foh, HttpMethod.POST, "/api/history/" + last.getLong("id") + "/undo", null).statusCode());
            JsonObject undone = restState(web, port, foh);
            assertEquals(section(beforeLoad, 2, saved), section(undone, 2, saved), "ch/2 is back");
            assertEquals(section(beforeLoad, 3, saved), section(undone, 3, saved), "ch/3 is back: one entry held both");

            // Over WebSocket, onto channel 3 alone.
            ack = reply(e, new JsonObject().put("op", "library.load").put("name", "Lead vox").put("to", new JsonArray().add(3)), 6);
            assertEquals("library.ack", ack.getString("op"), ack.encode());
            assertEquals(expected.size(), ack.getInteger("values"));
            assertEquals(expected, section(restState(web, port, foh), 3, saved));

            // Refusals say what and change nothing.
            JsonObject before = restState(web, port, foh);
            JsonObject bad = reply(e, new JsonObject().put("op", "library.load").put("name", "Lead vx").put("to", new JsonArray().add(2)), 7);
            assertEquals("unknown_preset", bad.getString("code"), bad.encode());
            assertTrue(bad.getString("message").contains("did you mean 'Lead vox'?"), bad.getString("message"));
            bad = reply(e, new JsonObject().put("op", "library.load").put("name", "Lead vox").put("to", new JsonArray().add(2).add(99)), 8);
            assertEquals("bad_channel", bad.getString("code"), bad.encode());
            bad = reply(e, new JsonObject().put("op", "library.save").put("name", "Lead vox").put("from", 2).put("sections", new JsonArray().add("eq")), 9);
            assertEquals("preset_exists", bad.getString("code"), bad.encode());
            bad = reply(e, new JsonObject().put("op", "library.save").put("name", "X").put("from", 2).put("sections", new JsonArray().add("eqq")), 10);
            assertEquals("bad_section", bad.getString("code"), bad.encode());
            assertTrue(bad.getString("message").contains("did you mean 'eq'?"), bad.getString("message"));
            assertEquals(404, call(web, port, foh, HttpMethod.POST, "/api/library/Nope/load", "{\"to\":[2]}").statusCode());
            assertEquals(before, restState(web, port, foh), "nothing changed");

            // Rename and delete; every client follows.
            r = call(web, port, foh, HttpMethod.PUT, "/api/library/Lead%20vox/name", "{\"name\":\"Vox 1\"}");
            assertEquals(200, r.statusCode(), r.bodyAsString());
            assertEquals("Vox 1", m.nextOp("library").getJsonArray("presets").getJsonObject(0).getString("name"));
            ack = reply(e, new JsonObject().put("op", "library.delete").put("name", "Vox 1"), 11);
            assertEquals("library.ack", ack.getString("op"), ack.encode());
            assertTrue(m.nextOp("library").getJsonArray("presets").isEmpty());
        }
    }

    @Test
    void exportThenImportIsEqualAndBadFilesAreRefusedWithWhereAndNothingApplied(Vertx vertx) throws Exception {
        SceneServer s = new SceneServer(vertx);
        WebClient web = WebClient.create(vertx);
        int port = s.port();
        s.state.set("ch/5/eq/3/gain", 4.5, "test");
        s.state.set("ch/5/gate/on", true, "test");
        s.state.set("ch/5/send/2/level", -12.0, "test");
        HttpResponse<Buffer> r = call(web, port, null, HttpMethod.PUT, "/api/library/Snare", "{\"from\":5,\"sections\":[\"all\"]}");
        assertEquals(201, r.statusCode(), r.bodyAsString());
        assertEquals(201, call(web, port, null, HttpMethod.PUT, "/api/library/Snare%20EQ", "{\"from\":5,\"sections\":[\"eq\"]}").statusCode());
        List<Preset> then = s.scenes.library().presets();
        assertEquals(2, then.size());

        HttpResponse<Buffer> file = call(web, port, null, HttpMethod.GET, "/api/library", null);
        assertEquals(200, file.statusCode());
        assertEquals("jackdesk-library", file.bodyAsJsonObject().getString("format"));
        assertTrue(file.getHeader("content-disposition").contains("attachment"));
        HttpResponse<Buffer> single = call(web, port, null, HttpMethod.GET, "/api/library/Snare%20EQ", null);
        assertEquals(1, single.bodyAsJsonObject().getJsonArray("presets").size());
        assertEquals("Snare EQ", single.bodyAsJsonObject().getJsonArray("presets").getJsonObject(0).getString("name"));

        // Import onto an existing name is refused unless asked to replace; then equal to what was exported.
        r = call(web, port, null, HttpMethod.POST, "/api/library", file.bodyAsString());
        assertEquals(409, r.statusCode(), r.bodyAsString());
        assertEquals("preset_exists", r.bodyAsJsonObject().getString("code"));
        assertEquals(200, call(web, port, null, HttpMethod.DELETE, "/api/library/Snare", null).statusCode());
        assertEquals(200, call(web, port, null, HttpMethod.DELETE, "/api/library/Snare%20EQ", null).statusCode());
        assertTrue(s.scenes.library().presets().isEmpty());
        r = call(web, port, null, HttpMethod.POST, "/api/library", file.bodyAsString());
        assertEquals(201, r.statusCode(), r.bodyAsString());
        assertEquals(then, s.scenes.library().presets(), "export → import is equal");
        assertEquals(201, call(web, port, null, HttpMethod.POST, "/api/library?replace=1", single.bodyAsString()).statusCode());
        assertEquals(then, s.scenes.library().presets(), "replaced in place");

        // Bad files: refused whole, saying where and what; nothing added, nothing applied.
        Map<String, Object> values = s.state.snapshot();
        String head = "{\"format\":\"jackdesk-library\",\"version\":1,\"presets\":[{\"name\":\"New\",\"sections\":[\"eq\"],\"values\":";
        for (String[] c : new String[][] {
                {head + "{\"eq/9/gain\":3}}]}", "presets[0].values[\"eq/9/gain\"]", "not a channel parameter"},
                {head + "{\"eq/2/gain\":30}}]}", "presets[0].values[\"eq/2/gain\"]", "must be between"},
                {head + "{\"comp/ratio\":3}}]}", "presets[0].values[\"comp/ratio\"]", "does not hold"},
                {head + "{\"eq/2/gain\":\"loud\"}}]}", "presets[0].values[\"eq/2/gain\"]", "takes a number"},
                {head + "{\"eq/2/gain\":3}}", "library file:1:", "library file"},
                {"[1,2]", "a library file is an object", "library file"}}) {
            r = call(web, port, null, HttpMethod.POST, "/api/library", c[0]);
            assertEquals(400, r.statusCode(), c[0] + " → " + r.bodyAsString());
            assertEquals("bad_file", r.bodyAsJsonObject().getString("code"));
            String msg = r.bodyAsJsonObject().getString("message");
            assertTrue(msg.contains(c[1]) && msg.contains(c[2]), c[0] + " → " + msg);
        }
        assertEquals(then, s.scenes.library().presets(), "nothing added");
        assertEquals(values, s.state.snapshot(), "nothing applied");

        // The show export carries the library; a show import brings it back.
        String show = call(web, port, null, HttpMethod.GET, "/api/show", null).bodyAsString();
        assertEquals(2, new JsonObject(show).getJsonArray("library").size());
        assertEquals(200, call(web, port, null, HttpMethod.DELETE, "/api/library/Snare", null).statusCode());
        assertEquals(200, call(web, port, null, HttpMethod.PUT, "/api/show", show).statusCode());
        assertEquals(then, s.scenes.library().presets(), "the imported show's library");
    }

    private static Console start(ShowStore.Loaded show, Path file) throws Exception {
        return ShowFileConsole.start("jdlibrary", show, file);
    }

    @Test
    void presetsAreAutosavedInTheShowAndBackAfterARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("show.json");
        List<Preset> then;
        Console c = start(null, file);
        try {
            c.state().set("ch/4/comp/threshold", -18.5, "test");
            WebClient web = WebClient.create(c.vertx());
            assertEquals(201, call(web, c.httpPort(), null, HttpMethod.PUT, "/api/library/Bass", "{\"from\":4,\"sections\":[\"comp\"]}").statusCode());
            then = c.scenes().library().presets();
        } finally {
            assertTrue(c.stop(), "saved");
        }
        assertEquals(then, ShowStore.load(file).library(), "the autosave wrote the preset");
        Console again = start(ShowStore.loadOrBackup(file), file);
        try {
            assertEquals(then, again.scenes().library().presets());
            assertEquals(-18.5, again.scenes().library().get("Bass").values().get("comp/threshold"));
        } finally {
            again.stop();
        }
    }
}
