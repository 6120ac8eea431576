package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jackdesk.config.show.Scene;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scene operations over a real WebSocket: the sender gets the answer, every client sees the result. */
@ExtendWith(VertxExtension.class)
class SceneWebSocketTest {

    private static JsonObject op(String op, int id) {
        return new JsonObject().put("op", op).put("id", id);
    }

    private static JsonObject set(String path, Object value, int id) {
        return new JsonObject().put("op", "set").put("path", path).put("value", value).put("id", id);
    }

    /** Skips messages until {@code changed} of {@code path} with {@code value} arrives; returns it. */
    private static JsonObject awaitChanged(WsClient c, String path, Object value) {
        while (true) {
            JsonObject m = c.await("changed");
            if (path.equals(m.getString("path")) && same(value, m.getValue("value"))) return m;
        }
    }

    /** Reads until every expectation has been met by some message (their order varies with coalescing); returns the last scenes list seen. */
    @SafeVarargs
    private static JsonObject awaitAll(WsClient c, java.util.function.Predicate<JsonObject>... expected) {
        List<java.util.function.Predicate<JsonObject>> left = new ArrayList<>(List.of(expected));
        JsonObject scenes = null;
        while (!left.isEmpty()) {
            JsonObject m = c.next();
            if ("scenes".equals(m.getString("op"))) scenes = m;
            for (int i = 0; i < left.size(); i++) {
                if (left.get(i).test(m)) {
                    left.remove(i);
                    break;
                }
            }
        }
        return scenes;
    }

    private static java.util.function.Predicate<JsonObject> changed(String path, Object value) {
        return m -> "changed".equals(m.getString("op")) && path.equals(m.getString("path")) && same(value, m.getValue("value"));
    }

    private static java.util.function.Predicate<JsonObject> scenesWhere(java.util.function.Predicate<JsonObject> p) {
        return m -> "scenes".equals(m.getString("op")) && p.test(m);
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) return x.doubleValue() == y.doubleValue();
        return a.equals(b);
    }

    private static JsonObject reply(WsClient c, int id) {
        while (true) {
            JsonObject m = c.next();
            if (Integer.valueOf(id).equals(m.getValue("id"))) return m;
        }
    }

    @Test
    void saveRecallUndoAndGoReachEveryClient(Vertx vertx) throws Exception {
        SceneServer server = new SceneServer(vertx);
        try (WsClient a = server.client(vertx); WsClient b = server.client(vertx)) {
            a.send(set("ch/1/fader", -10.0, 1));
            a.next("ack");
            a.send(op("scene.save", 2).put("name", "Verse").put("fadeMs", 0));
            JsonObject saved = a.next("scene.ack");
            assertEquals(2, saved.getInteger("id"));
            assertEquals("scene.save", saved.getString("request"));
            int verse = saved.getJsonObject("scene").getInteger("id");
            JsonObject listB = b.await("scenes");
            assertEquals("Verse", listB.getJsonArray("scenes").getJsonObject(0).getString("name"), "the other client sees the new scene");
            assertEquals("scenes", a.next().getString("op"), "the sender gets the list too");

            a.send(set("ch/1/fader", -30.0, 3));
            reply(a, 3);
            a.send(set("ch/2/mute", true, 4));
            reply(a, 4);
            awaitChanged(b, "ch/2/mute", true);

            a.send(op("scene.recall", 5).put("scene", verse));
            JsonObject recalled = reply(a, 5);
            assertEquals("scene.ack", recalled.getString("op"), recalled.encode());
            assertEquals(2, recalled.getInteger("changed"), "the fader and the mute went back");
            awaitAll(b, changed("ch/1/fader", -10.0).and(m -> "scene".equals(m.getString("by"))), changed("ch/2/mute", false),
                    scenesWhere(m -> m.getBoolean("canUndo")));
            assertEquals(-10.0, server.state.get("ch/1/fader"));

            a.send(op("scene.undo", 6));
            assertEquals("scene.undo", reply(a, 6).getString("request"));
            awaitAll(b, changed("ch/1/fader", -30.0), changed("ch/2/mute", true));
            assertEquals(-30.0, server.state.get("ch/1/fader"));

            a.send(set("ch/1/fader", -20.0, 7));
            reply(a, 7);
            a.send(op("scene.save", 8).put("name", "Chorus").put("scope", new JsonArray().add("ch/1/fader")));
            int chorus = reply(a, 8).getJsonObject("scene").getInteger("id");
            assertEquals(List.of("ch/1/fader"), new ArrayList<>(server.scenes.scene(chorus).values().keySet()), "scoped to one fader");

            // No cue list: go walks the scene list.
            a.send(op("scene.go", 9));
            JsonObject go1 = reply(a, 9);
            assertEquals(verse, go1.getJsonObject("scene").getInteger("id"));
            assertEquals(0, go1.getInteger("currentCue"));
            awaitChanged(b, "ch/1/fader", -10.0);
            a.send(op("scene.go", 10));
            assertEquals(chorus, reply(a, 10).getJsonObject("scene").getInteger("id"));
            awaitAll(b, changed("ch/1/fader", -20.0), scenesWhere(m -> m.getInteger("currentCue") == 1));
            a.send(op("scene.go", 11));
            assertEquals("end_of_cues", reply(a, 11).getString("code"));
            a.send(op("scene.back", 12));
            assertEquals(0, reply(a, 12).getInteger("currentCue"));
            awaitChanged(b, "ch/1/fader", -10.0);

            // Rename, move, cue list, safes, delete.
            a.send(op("scene.rename", 13).put("scene", chorus).put("name", "Chorus 2"));
            assertEquals("Chorus 2", reply(a, 13).getJsonObject("scene").getString("name"));
            a.send(op("scene.move", 14).put("scene", chorus).put("index", 0));
            reply(a, 14);
            assertEquals(chorus, server.scenes.scenes().get(0).id());
            a.send(op("scene.cues", 15).put("cues", new JsonArray().add(new JsonObject().put("scene", verse).put("fadeMs", 0).put("label", "Top"))));
            assertEquals("Top", reply(a, 15).getJsonArray("cues").getJsonObject(0).getString("label"));
            a.send(op("scene.safes", 16).put("safes", new JsonArray().add("ch/1")));
            reply(a, 16);
            a.send(set("ch/1/fader", -40.0, 17));
            reply(a, 17);
            a.send(op("scene.goto", 18).put("index", 0));
            JsonObject safeRecall = reply(a, 18);
            assertTrue(safeRecall.getInteger("keptSafe") > 0, safeRecall.encode());
            assertEquals(-40.0, server.state.get("ch/1/fader"), "a recall safe channel is never changed by a recall");
            a.send(op("scene.delete", 19).put("scene", verse));
            reply(a, 19);
            JsonObject last = null;
            for (JsonObject m : b.collect(300)) if ("scenes".equals(m.getString("op"))) last = m;
            assertEquals(1, last.getJsonArray("scenes").size());
            assertEquals(0, last.getJsonArray("cues").size(), "the deleted scene's cue went with it");

            a.send(op("scene.list", 20));
            JsonObject list = reply(a, 20);
            assertEquals("scenes", list.getString("op"));
            assertEquals(new JsonArray().add("ch/1"), list.getJsonArray("safes"));
            a.send(op("scene.get", 21).put("scene", chorus));
            JsonObject got = reply(a, 21);
            assertEquals(-20.0, got.getJsonObject("scene").getJsonObject("values").getDouble("ch/1/fader"));
        }
    }

    @Test
    void badScenesScopesAndFadesAreRefusedAndChangeNothing(Vertx vertx) throws Exception {
        SceneServer server = new SceneServer(vertx);
        try (WsClient a = server.client(vertx); WsClient b = server.client(vertx)) {
            a.send(op("scene.save", 1).put("name", "Only"));
            int only = reply(a, 1).getJsonObject("scene").getInteger("id");
            b.await("scenes");
            a.collect(100);
            a.send(set("ch/3/fader", -12.0, 2));
            reply(a, 2);
            awaitChanged(b, "ch/3/fader", -12.0);
            Map<String, Object> before = server.state.snapshot();
            List<Scene> scenesBefore = server.scenes.scenes();

            record Bad(JsonObject msg, String code, String inMessage) {}
            List<Bad> cases = List.of(
                    new Bad(op("scene.recall", 10).put("scene", 99), "unknown_scene", "there is no scene 99"),
                    new Bad(op("scene.recall", 11).put("scene", "one"), "unknown_scene", "scene id"),
                    new Bad(op("scene.recall", 12), "unknown_scene", "which scene"),
                    new Bad(op("scene.recall", 13).put("scene", only).put("fadeMs", -5), "bad_fade", "0 to 600000"),
                    new Bad(op("scene.recall", 14).put("scene", only).put("fadeMs", 1.5), "bad_fade", "whole number"),
                    new Bad(op("scene.recall", 15).put("scene", only).put("fadeMs", 700000), "bad_fade", "700000"),
                    new Bad(op("scene.recall", 16).put("scene", only).put("fadeMs", "slow"), "bad_fade", "\"slow\""),
                    new Bad(op("scene.save", 17).put("name", "X").put("scope", new JsonArray().add("ch/99")), "bad_scope", "ch/99"),
                    new Bad(op("scene.save", 18).put("name", "X").put("scope", new JsonArray().add("eqq")), "bad_scope", "did you mean 'eq'"),
                    new Bad(op("scene.save", 19).put("name", "X").put("scope", "eq"), "bad_scope", "list"),
                    new Bad(op("scene.save", 20).put("name", " "), "bad_name", "needs a name"),
                    new Bad(op("scene.save", 21).put("name", "X").put("fadeMs", -1), "bad_fade", "0 to"),
                    new Bad(op("scene.safes", 22).put("safes", new JsonArray().add("ch/0")), "bad_scope", "ch/0"),
                    new Bad(op("scene.move", 23).put("scene", only).put("index", 5), "bad_index", "position"),
                    new Bad(op("scene.cues", 24).put("cues", new JsonArray().add(new JsonObject().put("scene", 42))), "unknown_scene", "42"),
                    new Bad(op("scene.undo", 25), "nothing_to_undo", "no recall to undo"),
                    new Bad(op("scene.back", 26), "end_of_cues", "first cue"),
                    new Bad(op("scene.explode", 27), "unknown_op", "scene.recall"));
            for (Bad c : cases) {
                a.send(c.msg());
                JsonObject e = a.next("error");
                assertEquals(c.msg().getValue("id"), e.getValue("id"), "the error answers its request: " + e);
                assertEquals(c.code(), e.getString("code"), c.msg().encode() + " → " + e.encode());
                assertTrue(e.getString("message").contains(c.inMessage()), e.getString("message") + " should contain " + c.inMessage());
            }
            assertEquals(before, server.state.snapshot(), "no value changed");
            assertEquals(scenesBefore, server.scenes.scenes(), "no scene changed");
            assertFalse(server.scenes.fading());
            List<JsonObject> seen = b.collect(300);
            assertEquals(List.of(), seen, "the other client saw nothing");
            a.assertAlive();
        }
    }

    @Test
    void crossfadedRecallGlidesAndLandsOnTheTargetAfterItsTime(Vertx vertx) throws Exception {
        SceneServer server = new SceneServer(vertx);
        try (WsClient a = server.client(vertx); WsClient b = server.client(vertx)) {
            a.send(set("ch/1/fader", 0.0, 1));
            a.next("ack");
            a.send(op("scene.save", 2).put("name", "Up"));
            int up = reply(a, 2).getJsonObject("scene").getInteger("id");
            a.send(set("ch/1/fader", -40.0, 3));
            reply(a, 3);
            awaitChanged(b, "ch/1/fader", -40.0);
            b.collect(100);

            long t0 = System.nanoTime();
            a.send(op("scene.recall", 4).put("scene", up).put("fadeMs", 500));
            List<Double> values = new ArrayList<>();
            List<Long> atMs = new ArrayList<>();
            while (values.isEmpty() || values.get(values.size() - 1) != 0.0) {
                JsonObject m = b.next();
                if (!"changed".equals(m.getString("op")) || !"ch/1/fader".equals(m.getString("path"))) continue;
                values.add(m.getDouble("value"));
                atMs.add((System.nanoTime() - t0) / 1_000_000);
            }
            long landedMs = atMs.get(atMs.size() - 1);
            assertTrue(landedMs >= 500, "the target is not reached before the fade time: " + landedMs + " ms " + values);
            assertTrue(landedMs <= 500 + 600, "the target is reached on time (500 ms + scheduling slack): " + landedMs + " ms");
            assertTrue(values.size() >= 8, "the fader glides in many steps, not a jump: " + values);
            for (int i = 1; i < values.size(); i++) {
                assertTrue(values.get(i) > values.get(i - 1), "the glide only moves up: " + values);
            }
            int half = 0;
            for (int i = 0; i < values.size(); i++) if (atMs.get(i) < 250) half = i;
            assertTrue(values.get(half) > -40.0 && values.get(half) < 0.0, "half-way it is between the two: " + values);
            assertEquals(0.0, server.state.get("ch/1/fader"));
            assertFalse(server.scenes.fading());
        }
    }
}
