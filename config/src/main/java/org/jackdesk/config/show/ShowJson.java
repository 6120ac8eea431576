package org.jackdesk.config.show;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jackdesk.config.ConfigException;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.JsonCheck;
import org.jackdesk.config.JsonDoc;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;

/**
 * Show files and exported scene files as JSON (docs/shows.md). Reading validates everything with
 * file, line, column and JSON path, like configuration files: unknown keys, wrong types, values
 * outside a parameter's range, scopes naming strips the console lacks, cues naming missing
 * scenes. Thread: any.
 */
public final class ShowJson {
    private ShowJson() {}

    public static final String SHOW_FORMAT = "jackdesk-show";
    public static final String SCENE_FORMAT = "jackdesk-scene";
    public static final int SHOW_VERSION = 1;
    public static final List<String> SHOW_KEYS = List.of("format", "version", "config", "values", "safes", "scenes", "cues", "currentCue");
    public static final List<String> SCENE_KEYS = List.of("id", "name", "scope", "fadeMs", "values");
    public static final List<String> CUE_KEYS = List.of("scene", "fadeMs", "label");
    public static final List<String> SCENE_FILE_KEYS = List.of("format", "version", "scene");

    public static String write(Show show) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("format", SHOW_FORMAT);
        o.put("version", SHOW_VERSION);
        o.set("config", ConfigJson.toJson(show.config()));
        o.set("values", ConfigJson.MAPPER.valueToTree(show.values()));
        ArrayNode safes = o.putArray("safes");
        show.safes().forEach(safes::add);
        ArrayNode scenes = o.putArray("scenes");
        for (Scene s : show.scenes()) scenes.add(sceneJson(s));
        ArrayNode cues = o.putArray("cues");
        for (Cue c : show.cues()) {
            ObjectNode n = cues.addObject();
            n.put("scene", c.sceneId());
            if (c.fadeMs() >= 0) n.put("fadeMs", c.fadeMs());
            n.put("label", c.label());
        }
        o.put("currentCue", show.currentCue());
        return text(o);
    }

    public static String writeScene(Scene s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("format", SCENE_FORMAT);
        o.put("version", SHOW_VERSION);
        o.set("scene", sceneJson(s));
        return text(o);
    }

    private static ObjectNode sceneJson(Scene s) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", s.id());
        n.put("name", s.name());
        ArrayNode sc = n.putArray("scope");
        s.scope().forEach(sc::add);
        n.put("fadeMs", s.fadeMs());
        n.set("values", ConfigJson.MAPPER.valueToTree(s.values()));
        return n;
    }

    private static String text(ObjectNode o) {
        try {
            return ConfigJson.MAPPER.writeValueAsString(o) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads and validates a show file's text. */
    public static Show read(String file, String text) throws ConfigException {
        JsonDoc doc = JsonDoc.parse(file, text);
        JsonCheck c = new JsonCheck(doc);
        JsonNode root = doc.root();
        if (!root.isObject()) {
            c.error("", "a show file is an object { \"format\": \"" + SHOW_FORMAT + "\", ... }, not " + JsonCheck.kind(root));
            c.throwIfAny();
        }
        ObjectNode o = (ObjectNode) root;
        header(c, o, SHOW_FORMAT);
        c.onlyKeys(o, "", SHOW_KEYS);
        ConsoleConfig cfg = ConfigJson.read(c, o.get("config"), "config");
        if (cfg == null) c.throwIfAny();
        Layout layout = cfg.toLayout();
        ParamRegistry reg = ParamRegistry.forLayout(layout);
        ObjectNode vo = c.object(o, "", "values", true);
        Map<String, Object> values = vo == null ? Map.of() : ConfigJson.values(c, vo, "values", reg);
        List<String> safes = c.strings(o, "", "safes", 4096);
        for (int i = 0; i < safes.size(); i++) {
            try {
                Selector.parse(safes.get(i), layout);
            } catch (IllegalArgumentException e) {
                c.error(JsonDoc.index("safes", i), e.getMessage());
            }
        }
        List<Scene> scenes = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        ArrayNode sa = c.array(o, "", "scenes", false);
        if (sa != null) {
            for (int i = 0; i < sa.size(); i++) {
                Scene s = scene(c, sa.get(i), JsonDoc.index("scenes", i), reg, true);
                if (s == null) continue;
                if (!ids.add(s.id())) c.error(JsonDoc.child(JsonDoc.index("scenes", i), "id"), "scene id " + s.id() + " is used twice");
                scenes.add(s);
            }
        }
        List<Cue> cues = new ArrayList<>();
        ArrayNode ca = c.array(o, "", "cues", false);
        if (ca != null) {
            for (int i = 0; i < ca.size(); i++) {
                String p = JsonDoc.index("cues", i);
                JsonNode n = ca.get(i);
                if (!n.isObject()) {
                    c.error(p, "a cue is an object { \"scene\": 1, ... }, not " + JsonCheck.kind(n));
                    continue;
                }
                c.onlyKeys((ObjectNode) n, p, CUE_KEYS);
                int id = (int) c.integer(n, p, "scene", -1, true, 1, Integer.MAX_VALUE);
                long fade = c.integer(n, p, "fadeMs", -1, false, 0, Scene.MAX_FADE_MS);
                String label = c.string(n, p, "label", "", false);
                if (id > 0 && sa != null && !ids.contains(id)) c.error(JsonDoc.child(p, "scene"), "there is no scene " + id + " in this show");
                cues.add(new Cue(id, fade, label));
            }
        }
        int current = (int) c.integer(o, "", "currentCue", -1, false, -1, Math.max(-1, cues.size() - 1));
        c.throwIfAny();
        return new Show(cfg, values, scenes, cues, safes, current);
    }

    /** Reads an exported scene; its values are checked against {@code registry} (the console it goes into). */
    public static Scene readScene(String file, String text, ParamRegistry registry) throws ConfigException {
        JsonDoc doc = JsonDoc.parse(file, text);
        JsonCheck c = new JsonCheck(doc);
        if (!doc.root().isObject()) {
            c.error("", "a scene file is an object { \"format\": \"" + SCENE_FORMAT + "\", ... }, not " + JsonCheck.kind(doc.root()));
            c.throwIfAny();
        }
        ObjectNode o = (ObjectNode) doc.root();
        header(c, o, SCENE_FORMAT);
        c.onlyKeys(o, "", SCENE_FILE_KEYS);
        Scene s = c.problems().isEmpty() ? scene(c, o.get("scene"), "scene", registry, false) : null;
        if (o.get("scene") == null) c.error("", "missing key 'scene'");
        c.throwIfAny();
        return s;
    }

    private static void header(JsonCheck c, ObjectNode o, String format) {
        String f = c.string(o, "", "format", null, true);
        if (f != null && !f.equals(format)) {
            c.error("format", "this is a '" + f + "' file, not a '" + format + "' file");
        }
        long v = c.integer(o, "", "version", -1, true, 1, Integer.MAX_VALUE);
        if (v > SHOW_VERSION) c.error("version", "version " + v + " is newer than this jackdesk understands (" + SHOW_VERSION + ")");
    }

    private static Scene scene(JsonCheck c, JsonNode n, String p, ParamRegistry reg, boolean idRequired) {
        if (n == null || !n.isObject()) {
            c.error(p, "a scene is an object { \"name\": ..., \"values\": { ... } }, not " + JsonCheck.kind(n));
            return null;
        }
        int before = c.problems().size();
        c.onlyKeys((ObjectNode) n, p, SCENE_KEYS);
        int id = (int) c.integer(n, p, "id", 0, idRequired, 1, Integer.MAX_VALUE);
        String name = c.name(n, p, "name", "?", true, Scene.MAX_NAME, "");
        List<String> scope = c.strings(n, p, "scope", 4096);
        List<Selector> sel = new ArrayList<>();
        for (int i = 0; i < scope.size(); i++) {
            try {
                sel.add(Selector.parse(scope.get(i), reg.layout()));
            } catch (IllegalArgumentException e) {
                c.error(JsonDoc.index(JsonDoc.child(p, "scope"), i), e.getMessage());
            }
        }
        long fade = c.integer(n, p, "fadeMs", 0, false, 0, Scene.MAX_FADE_MS);
        ObjectNode vo = c.object(n, p, "values", true);
        Map<String, Object> values = vo == null ? new LinkedHashMap<>() : ConfigJson.values(c, vo, JsonDoc.child(p, "values"), reg);
        if (c.problems().size() > before) return null;
        if (!sel.isEmpty()) {
            for (String path : values.keySet()) {
                if (!Selector.any(sel, reg.find(path))) {
                    c.error(JsonDoc.child(JsonDoc.child(p, "values"), path), path + " is outside the scene's scope " + scope);
                }
            }
        }
        return new Scene(id, name, scope, fade, values);
    }
}
