package org.jackdesk.control.scene;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.jackdesk.config.show.Cue;
import org.jackdesk.config.show.Scene;
import org.jackdesk.config.show.SceneException;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.control.ProtocolError;

/**
 * The scene operations, shared by WebSocket ({@code {"op":"scene.recall","scene":3}}) and REST
 * ({@code POST /api/scenes/3/recall}): arguments are checked here, the {@link SceneManager} does the
 * work, and a refusal is a {@link ProtocolError} with the {@link SceneException} code. Nothing is
 * changed when an operation is refused. docs/protocol.md lists the operations.
 *
 * <p>Thread: control. Every operation is in memory and short (the manager's lock is shared only
 * with the autosave's snapshot), so it runs on the event loop.
 */
public final class SceneApi {
    public static final List<String> OPS = List.of("scene.list", "scene.get", "scene.save", "scene.update", "scene.rename",
            "scene.move", "scene.delete", "scene.recall", "scene.undo", "scene.go", "scene.back", "scene.goto",
            "scene.safes", "scene.cues");

    private final SceneManager m;

    public SceneApi(SceneManager manager) {
        this.m = manager;
    }

    public SceneManager manager() {
        return m;
    }

    /**
     * Runs one operation. Returns the reply: {@code scenes} for {@code scene.list}, {@code scene}
     * for {@code scene.get}, otherwise {@code scene.ack} with {@code "request": op} and what was done.
     */
    public JsonObject run(String op, JsonObject a) throws ProtocolError {
        try {
            switch (op) {
                case "scene.list":
                    return listing();
                case "scene.get":
                    return new JsonObject().put("op", "scene").put("scene", full(m.scene(sceneId(a))));
                case "scene.save": {
                    long fade = fadeMs(a, 0);
                    Scene s = m.save(name(a), scope(a), fade);
                    return ack(op).put("scene", summary(s));
                }
                case "scene.update":
                    return ack(op).put("scene", summary(m.update(sceneId(a))));
                case "scene.rename": {
                    int id = sceneId(a);
                    return ack(op).put("scene", summary(m.rename(id, name(a))));
                }
                case "scene.move": {
                    int id = sceneId(a);
                    int index = whole(a, "index", SceneException.BAD_INDEX, "the new position (0 is the top of the list)");
                    m.move(id, index);
                    return ack(op).put("scene", summary(m.scene(id))).put("index", index);
                }
                case "scene.delete": {
                    int id = sceneId(a);
                    m.delete(id);
                    return ack(op).put("scene", new JsonObject().put("id", id));
                }
                case "scene.recall": {
                    int id = sceneId(a);
                    return recalled(op, m.recall(id, fadeMs(a, -1)));
                }
                case "scene.undo":
                    return recalled(op, m.undo());
                case "scene.go":
                    return recalled(op, m.go());
                case "scene.back":
                    return recalled(op, m.back());
                case "scene.goto":
                    return recalled(op, m.goTo(whole(a, "index", SceneException.BAD_INDEX, "the cue position (0 is the first cue)")));
                case "scene.safes": {
                    m.setSafes(strings(a, "safes", SceneException.BAD_SCOPE, "[\"ch/16\", \"gate\"], or [] to clear"));
                    return ack(op).put("safes", new JsonArray(m.safes()));
                }
                case "scene.cues": {
                    m.setCues(cues(a));
                    return ack(op).put("cues", cuesJson(m.cues()));
                }
                default:
                    throw new ProtocolError(ProtocolError.UNKNOWN_OP, "unknown op '" + op + "'; scene ops: " + String.join(", ", OPS));
            }
        } catch (SceneException e) {
            throw new ProtocolError(e.code(), e.getMessage());
        }
    }

    /** The {@code scenes} message: every scene (without values), the cue list, its position, the safes. */
    public JsonObject listing() {
        JsonArray scenes = new JsonArray();
        for (Scene s : m.scenes()) scenes.add(summary(s));
        return new JsonObject().put("op", "scenes").put("scenes", scenes).put("cues", cuesJson(m.cues()))
                .put("currentCue", m.cueIndex()).put("safes", new JsonArray(m.safes())).put("canUndo", m.canUndo());
    }

    public static JsonObject summary(Scene s) {
        return new JsonObject().put("id", s.id()).put("name", s.name()).put("scope", new JsonArray(s.scope()))
                .put("fadeMs", s.fadeMs()).put("size", s.values().size());
    }

    public static JsonObject full(Scene s) {
        return summary(s).put("values", new JsonObject(new java.util.LinkedHashMap<>(s.values())));
    }

    private static JsonArray cuesJson(List<Cue> cues) {
        JsonArray out = new JsonArray();
        for (Cue c : cues) {
            JsonObject o = new JsonObject().put("scene", c.sceneId());
            if (c.fadeMs() >= 0) o.put("fadeMs", c.fadeMs());
            out.add(o.put("label", c.label()));
        }
        return out;
    }

    private static JsonObject ack(String op) {
        return new JsonObject().put("op", "scene.ack").put("request", op);
    }

    private static JsonObject recalled(String op, SceneManager.RecallResult r) {
        return ack(op).put("scene", r.scene() == null ? null : summary(r.scene())).put("currentCue", r.cueIndex())
                .put("changed", r.changed()).put("keptSafe", r.keptSafe()).put("fadeMs", r.fadeMs())
                .put("notInLayout", new JsonArray(r.notInLayout()));
    }

    private static int sceneId(JsonObject a) throws SceneException {
        Object v = a.getValue("scene");
        if (v == null) throw new SceneException(SceneException.UNKNOWN_SCENE, "which scene? give \"scene\": its id, e.g. 3");
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 1
                || n.doubleValue() > Integer.MAX_VALUE) {
            throw new SceneException(SceneException.UNKNOWN_SCENE, "\"scene\" is a scene id (a whole number from 1), not " + Json.encode(v));
        }
        return n.intValue();
    }

    private static String name(JsonObject a) throws SceneException {
        Object v = a.getValue("name");
        if (v != null && !(v instanceof String)) {
            throw new SceneException(SceneException.BAD_NAME, "\"name\" is text, e.g. \"Act 1\", not " + Json.encode(v));
        }
        return (String) v; // null and blank are refused by the manager with a clear message
    }

    /** {@code fadeMs} when given (0 to the maximum, whole ms), else {@code absent}. */
    private static long fadeMs(JsonObject a, long absent) throws SceneException {
        if (!a.containsKey("fadeMs") || a.getValue("fadeMs") == null) return absent;
        Object v = a.getValue("fadeMs");
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() != Math.rint(n.doubleValue())
                || n.doubleValue() < 0 || n.doubleValue() > Scene.MAX_FADE_MS) {
            throw new SceneException(SceneException.BAD_FADE, "\"fadeMs\" is a whole number of milliseconds from 0 to "
                    + Scene.MAX_FADE_MS + ", not " + Json.encode(v));
        }
        return n.longValue();
    }

    private static List<String> scope(JsonObject a) throws SceneException {
        if (a.getValue("scope") == null) return List.of();
        return strings(a, "scope", SceneException.BAD_SCOPE, "[\"ch/1..8\", \"main\"], or [] for everything");
    }

    private static List<String> strings(JsonObject a, String key, String code, String example) throws SceneException {
        Object v = a.getValue(key);
        if (!(v instanceof JsonArray arr)) {
            throw new SceneException(code, "\"" + key + "\" is a list of strips or sections, e.g. " + example
                    + (v == null ? "" : ", not " + Json.encode(v)));
        }
        List<String> out = new ArrayList<>();
        for (Object o : arr) {
            if (!(o instanceof String s)) throw new SceneException(code, "\"" + key + "\" holds strings such as \"ch/3\", not " + Json.encode(o));
            out.add(s);
        }
        return out;
    }

    private static int whole(JsonObject a, String key, String code, String what) throws SceneException {
        Object v = a.getValue(key);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
            throw new SceneException(code, "\"" + key + "\" is " + what + ", a whole number" + (v == null ? "" : ", not " + Json.encode(v)));
        }
        return n.intValue();
    }

    private static List<Cue> cues(JsonObject a) throws SceneException {
        Object v = a.getValue("cues");
        if (!(v instanceof JsonArray arr)) {
            throw new SceneException(SceneException.BAD_INDEX, "\"cues\" is a list such as [{\"scene\": 1, \"fadeMs\": 3000, \"label\": \"Act 1\"}], or [] to clear");
        }
        List<Cue> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            if (!(arr.getValue(i) instanceof JsonObject c)) {
                throw new SceneException(SceneException.BAD_INDEX, "cue " + i + " is an object {\"scene\": 1, ...}, not " + Json.encode(arr.getValue(i)));
            }
            for (String k : c.fieldNames()) {
                if (!List.of("scene", "fadeMs", "label").contains(k)) {
                    throw new SceneException(SceneException.BAD_INDEX, "cue " + i + ": unknown key '" + k + "' (keys: scene, fadeMs, label)");
                }
            }
            int id;
            long fade;
            try {
                id = sceneId(c);
                fade = fadeMs(c, -1);
            } catch (SceneException e) {
                throw new SceneException(e.code(), "cue " + i + ": " + e.getMessage());
            }
            Object label = c.getValue("label");
            if (label != null && !(label instanceof String)) {
                throw new SceneException(SceneException.BAD_NAME, "cue " + i + ": \"label\" is text, not " + Json.encode(label));
            }
            out.add(new Cue(id, fade, (String) label));
        }
        return out;
    }
}
