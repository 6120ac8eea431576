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
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.show.ShowJson;
import org.jackdesk.config.store.ShowStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strip names and colours from a tablet (issue 23), through a real server: one operation
 * ({@code label} over WebSocket, {@code PUT /api/labels/...} over REST) with the role enforced,
 * every connected client told at once, precise refusals that change nothing, and the names in the
 * show file — autosaved, exported, imported, and back after a restart even when the console starts
 * with its configuration.
 */
@ExtendWith(VertxExtension.class)
class StripLabelsControlTest {
    private static HttpResponse<Buffer> put(WebClient web, int port, String token, String uri, String body) {
        return call(web, port, token, HttpMethod.PUT, uri, body);
    }

    private static JsonObject labels(WebClient web, int port, String token) {
        return getOk(web, port, token, "/api/labels").getJsonObject("layout");
    }

    @Test
    void anEngineerRenamesAndRecoloursEveryClientSeesItAndAMonitorOrViewerIsRefused(Vertx vertx) throws Exception {
        SecureServer s = AccessControlTest.server(vertx);
        WebClient web = WebClient.create(vertx);
        int port = s.port();
        String foh = token(web, port, "foh", "2222"), drums = token(web, port, "drums", "3333"), guest = token(web, port, "guest", "4444");
        try (AccessControlTest.Ws e = new AccessControlTest.Ws(vertx, port, "/ws?token=" + foh);
             AccessControlTest.Ws m = new AccessControlTest.Ws(vertx, port, "/ws?token=" + drums)) {
            e.next("hello");
            e.next("snapshot");
            m.next("hello");
            m.next("snapshot");
            String busBefore = labels(web, port, foh).getJsonArray("buses").getJsonObject(0).getString("name");

            // A monitor may not rename, not even its own bus; a viewer neither; over WebSocket or REST.
            JsonObject no = m.ask(new JsonObject().put("op", "label").put("target", "bus/1").put("name", "Mine").put("id", 1));
            assertEquals("forbidden", no.getString("code"), no.encode());
            assertEquals(1, no.getInteger("id"));
            assertTrue(no.getString("message").contains("rename or recolour strips"), no.getString("message"));
            assertEquals(403, put(web, port, drums, "/api/labels/bus/1", "{\"name\":\"Mine\"}").statusCode());
            assertEquals(403, put(web, port, guest, "/api/labels/ch/1", "{\"colour\":\"red\"}").statusCode());
            assertEquals(401, put(web, port, "forged", "/api/labels/ch/1", "{\"colour\":\"red\"}").statusCode());
            assertEquals(busBefore, labels(web, port, drums).getJsonArray("buses").getJsonObject(0).getString("name"), "nothing changed");

            // The engineer: one label op, answered, and every client (a monitor's tablet too) gets the new names.
            JsonObject ack = e.ask(new JsonObject().put("op", "label").put("target", "ch/1").put("name", "Kick In").put("colour", "cyan").put("id", 2));
            assertEquals("label.ack", ack.getString("op"), ack.encode());
            assertEquals(2, ack.getInteger("id"));
            assertEquals("Kick In", ack.getString("name"));
            assertEquals("cyan", ack.getString("colour"));
            for (AccessControlTest.Ws ws : List.of(e, m)) {
                JsonObject ch1 = ws.nextOp("labels").getJsonObject("layout").getJsonArray("channels").getJsonObject(0);
                assertEquals("Kick In", ch1.getString("name"));
                assertEquals("cyan", ch1.getString("colour"));
            }
            // REST: a DCA's colour; both tablets hear it.
            HttpResponse<Buffer> r = put(web, port, foh, "/api/labels/dca/3", "{\"colour\":\"red\",\"name\":\"Brass\"}");
            assertEquals(200, r.statusCode(), r.bodyAsString());
            assertEquals(new JsonObject().put("target", "dca/3").put("name", "Brass").put("colour", "red"), r.bodyAsJsonObject());
            for (AccessControlTest.Ws ws : List.of(e, m)) {
                JsonObject layout = ws.nextOp("labels").getJsonObject("layout");
                assertEquals("red", layout.getJsonArray("dcaColours").getString(2));
                assertEquals("Brass", layout.getJsonArray("dcas").getString(2));
            }

            // Refusals say what and where and change nothing.
            JsonObject bad = e.ask(new JsonObject().put("op", "label").put("target", "ch/99").put("name", "X"));
            assertEquals("bad_target", bad.getString("code"), bad.encode());
            assertTrue(bad.getString("message").contains("there is no ch/99"), bad.getString("message"));
            bad = e.ask(new JsonObject().put("op", "label").put("target", "ch/1").put("name", 7));
            assertEquals("bad_name", bad.getString("code"), bad.encode());
            r = put(web, port, foh, "/api/labels/ch/2", "{\"colour\":\"redd\"}");
            assertEquals(400, r.statusCode());
            assertEquals("bad_colour", r.bodyAsJsonObject().getString("code"));
            assertTrue(r.bodyAsJsonObject().getString("message").contains("did you mean 'red'?"), r.bodyAsString());
            r = put(web, port, foh, "/api/labels/ch/2", "{\"name\":");
            assertEquals(400, r.statusCode());
            assertEquals("bad_json", r.bodyAsJsonObject().getString("code"));
            JsonObject now = labels(web, port, foh);
            assertEquals("Kick In", now.getJsonArray("channels").getJsonObject(0).getString("name"));
            assertEquals("off", now.getJsonArray("channels").getJsonObject(1).getString("colour"), "ch/2 untouched");
            assertTrue(s.engine.sets.isEmpty(), "a label is not a parameter: the engine sees nothing");
        }
        // A tablet that connects later is greeted with the new names.
        try (AccessControlTest.Ws late = new AccessControlTest.Ws(vertx, port, "/ws?token=" + drums)) {
            JsonObject layout = late.next("hello").getJsonObject("layout");
            assertEquals("Kick In", layout.getJsonArray("channels").getJsonObject(0).getString("name"));
        }
    }

    private static Console start(ShowStore.Loaded show, Path file) throws Exception {
        return ShowFileConsole.start("jdlabels", show, file);
    }

    @Test
    void aRenameIsSavedWithTheShowExportedImportedAndBackAfterARestartWithTheConfiguration(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("show.json");
        String exported;
        Console c = start(null, file);
        try {
            assertEquals(200, http("PUT", c.httpPort(), "/api/labels/ch/2", "{\"name\":\"Snare Top\",\"colour\":\"yellow\"}").statusCode());
            assertEquals(200, http("PUT", c.httpPort(), "/api/labels/dca/1", "{\"colour\":\"#12a594\"}").statusCode());
            assertEquals(200, http("PUT", c.httpPort(), "/api/labels/bus/1", "{\"name\":\"Vox Wedge\"}").statusCode());
            exported = http("GET", c.httpPort(), "/api/show", null).body();
            ConsoleConfig.LayoutConfig l = ShowJson.read("export", exported).config().layout();
            assertEquals("Snare Top", l.channels().get(1).name(), "the export carries the names");
            assertEquals("#12a594", l.dcaColours().get(0));
        } finally {
            assertTrue(c.stop(), "saved");
        }
        ConsoleConfig.LayoutConfig saved = ShowStore.load(file).config().layout();
        assertEquals("Snare Top", saved.channels().get(1).name(), "the autosave wrote the rename");
        assertEquals("yellow", saved.channels().get(1).colour());
        assertEquals("Vox Wedge", saved.buses().get(0).name());
        assertEquals("#12a594", saved.dcaColours().get(0));

        // Started again with its configuration (--config) and the show: the show's names win.
        Console again = start(ShowStore.loadOrBackup(file), file);
        try {
            WsClient w = WsClient.connect(again.vertx(), again.httpPort());
            JsonObject layout = w.hello.getJsonObject("layout");
            w.close();
            assertEquals("Snare Top", layout.getJsonArray("channels").getJsonObject(1).getString("name"));
            assertEquals("yellow", layout.getJsonArray("channels").getJsonObject(1).getString("colour"));
            assertEquals("Vox Wedge", layout.getJsonArray("buses").getJsonObject(0).getString("name"));
            assertEquals("#12a594", layout.getJsonArray("dcaColours").getString(0));

            // A show imported (PUT /api/show) brings its names along.
            String renamed = exported.replace("\"Snare Top\"", "\"Snare Bottom\"");
            assertTrue(!renamed.equals(exported));
            assertEquals(200, http("PUT", again.httpPort(), "/api/show", renamed).statusCode());
            JsonObject now = new JsonObject(http("GET", again.httpPort(), "/api/labels", null).body()).getJsonObject("layout");
            assertEquals("Snare Bottom", now.getJsonArray("channels").getJsonObject(1).getString("name"));
        } finally {
            again.stop();
        }
        assertEquals("Snare Bottom", ShowStore.load(file).config().layout().channels().get(1).name(), "the imported names are saved");
    }
    @Test
    void aRenameIsOneOopsRowWhoseUndoPutsTheNameBackOnEveryClientInTheRestStateAndInTheShow(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("show.json");
        String name, colour;
        Console c = start(null, file);
        try (WsClient tablet = WsClient.connect(c.vertx(), c.httpPort())) {
            JsonObject ch2 = tablet.hello.getJsonObject("layout").getJsonArray("channels").getJsonObject(1);
            name = ch2.getString("name");
            colour = ch2.getString("colour");
            assertTrue(!name.equals("Snare Top") && !colour.equals("yellow"), ch2.encode());
            assertEquals(200, http("PUT", c.httpPort(), "/api/labels/ch/2", "{\"name\":\"Snare Top\",\"colour\":\"yellow\"}").statusCode());
            assertEquals("Snare Top", tablet.await("labels").getJsonObject("layout").getJsonArray("channels").getJsonObject(1).getString("name"));

            // One row: who, what, from → to for the name and the colour.
            JsonObject row = new JsonObject(http("GET", c.httpPort(), "/api/history", null).body()).getJsonArray("entries").getJsonObject(0);
            assertEquals("ch/2 name, colour", row.getString("what"), row.encode());
            assertEquals("rest", row.getString("who"));
            assertEquals(2, row.getInteger("count"));
            assertEquals(new JsonObject().put("path", "ch/2/name").put("target", "ch/2").put("field", "name").put("from", name).put("to", "Snare Top"),
                    row.getJsonArray("changes").getJsonObject(0));
            assertEquals(new JsonObject().put("path", "ch/2/colour").put("target", "ch/2").put("field", "colour").put("from", colour).put("to", "yellow"),
                    row.getJsonArray("changes").getJsonObject(1));

            // OOPS over the WebSocket: the old name and colour back on the tablet, in GET /api/labels, in the list.
            tablet.send(new JsonObject().put("op", "history.undo").put("entry", row.getLong("id")).put("id", 4));
            JsonObject done = null, labels = null; // the answer and the broadcast, in whichever order they come
            while (done == null || labels == null) {
                JsonObject m = tablet.next();
                if ("history.undone".equals(m.getString("op"))) done = m;
                if ("labels".equals(m.getString("op"))) labels = m;
            }
            assertEquals(row.getLong("id"), done.getLong("undone"));
            assertEquals(2, done.getInteger("count"));
            JsonObject back = labels.getJsonObject("layout").getJsonArray("channels").getJsonObject(1);
            assertEquals(name, back.getString("name"));
            assertEquals(colour, back.getString("colour"));
            JsonObject rest = new JsonObject(http("GET", c.httpPort(), "/api/labels", null).body()).getJsonObject("layout");
            assertEquals(name, rest.getJsonArray("channels").getJsonObject(1).getString("name"));
            assertEquals(colour, rest.getJsonArray("channels").getJsonObject(1).getString("colour"));
            io.vertx.core.json.JsonArray entries = new JsonObject(http("GET", c.httpPort(), "/api/history", null).body()).getJsonArray("entries");
            assertEquals("undo (2 values)", entries.getJsonObject(0).getString("what"));
            assertEquals("tablet " + tablet.session() + " (undo)", entries.getJsonObject(0).getString("who"));
            assertTrue(entries.getJsonObject(1).getBoolean("undone"));
        } finally {
            assertTrue(c.stop(), "saved");
        }
        ConsoleConfig.LayoutConfig saved = ShowStore.load(file).config().layout();
        assertEquals(name, saved.channels().get(1).name(), "the show has the old name again");
        assertEquals(colour, saved.channels().get(1).colour());
    }
}
