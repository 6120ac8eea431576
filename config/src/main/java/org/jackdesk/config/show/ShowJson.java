package org.jackdesk.config.show;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jackdesk.config.ConfigException;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConfigProblem;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.JsonCheck;
import org.jackdesk.config.JsonDoc;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamException;
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
    public static final List<String> SHOW_KEYS = List.of("format", "version", "config", "values", "safes", "scenes", "cues", "currentCue", "library", "layers");
    public static final List<String> SCENE_KEYS = List.of("id", "name", "scope", "fadeMs", "values");
    public static final List<String> CUE_KEYS = List.of("scene", "fadeMs", "label");
    public static final List<String> LAYER_KEYS = List.of("id", "name", "strips");
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
        if (!show.library().isEmpty()) o.set("library", LibraryJson.toJson(show.library()));
        if (!show.layers().isEmpty()) {
            ArrayNode layers = o.putArray("layers");
            for (FaderLayers.Layer l : show.layers()) {
                ObjectNode n = layers.addObject();
                n.put("id", l.id());
                n.put("name", l.name());
                ArrayNode st = n.putArray("strips");
                l.strips().forEach(st::add);
            }
        }
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

    /**
     * A show read at start-up with {@link #readRepairing}: {@code repairs} names every value that
     * was out of its range and how it was repaired (file, line, column, JSON path), empty when the
     * file was as the console writes it.
     */
    public record Read(Show show, List<ConfigProblem> repairs) {}

    /** Reads and validates a show file's text; any problem refuses it (imports). */
    public static Show read(String file, String text) throws ConfigException {
        return read(file, text, false).show();
    }

    /**
     * Reads a show file for loading at start-up. A value out of its current range (an old file, a
     * hand edit) does not refuse the show: it is repaired and said in {@link Read#repairs()}.
     * Repaired: a parameter value (of the show or of its configuration's start-up values) outside
     * its range (clamped into it) or not on this console
     * (dropped, the console keeps its own), a scene's or cue's {@code fadeMs} (clamped), a cue
     * naming a scene the show lacks (dropped), a scene value outside the scene's scope (dropped),
     * {@code currentCue} outside the running order (clamped). Anything else wrong (not JSON, truncated, wrong types, an unusable
     * configuration, unknown keys, scopes or safes naming strips the console lacks) still throws.
     */
    public static Read readRepairing(String file, String text) throws ConfigException {
        return read(file, text, true);
    }

    /** Where a problem goes: refused ({@link JsonCheck#error}) or, when repairing, noted with the repair made. */
    private record Fix(JsonCheck c, List<ConfigProblem> repairs) {
        boolean on() {
            return repairs != null;
        }

        void repaired(String path, String message, String repair) {
            if (on()) repairs.add(c.doc().problem(path, message + "; repaired: " + repair));
            else c.error(path, message);
        }
    }

    private static Read read(String file, String text, boolean repair) throws ConfigException {
        JsonDoc doc = JsonDoc.parse(file, text);
        JsonCheck c = new JsonCheck(doc);
        Fix fix = new Fix(c, repair ? new ArrayList<>() : null);
        JsonNode root = doc.root();
        if (!root.isObject()) {
            c.error("", "a show file is an object { \"format\": \"" + SHOW_FORMAT + "\", ... }, not " + JsonCheck.kind(root));
            c.throwIfAny();
        }
        ObjectNode o = (ObjectNode) root;
        header(c, o, SHOW_FORMAT);
        c.onlyKeys(o, "", SHOW_KEYS);
        JsonNode configNode = o.get("config");
        ObjectNode startValues = null;
        if (fix.on() && configNode instanceof ObjectNode co && co.get("values") instanceof ObjectNode sv) {
            // The configuration's start-up values are repaired like the show's own (below), against its layout.
            startValues = sv;
            configNode = co.deepCopy().without("values");
        }
        ConsoleConfig cfg = ConfigJson.read(c, configNode, "config");
        if (cfg == null) c.throwIfAny();
        Layout layout = cfg.toLayout();
        ParamRegistry reg = ParamRegistry.forLayout(layout);
        if (startValues != null) {
            cfg = new ConsoleConfig(cfg.version(), cfg.name(), cfg.layout(), cfg.server(), cfg.jack(), cfg.users(),
                    values(fix, startValues, "config.values", reg)).withMidi(cfg.midi()).withRecording(cfg.recording());
        }
        ObjectNode vo = c.object(o, "", "values", true);
        Map<String, Object> values = vo == null ? Map.of() : values(fix, vo, "values", reg);
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
                Scene s = scene(fix, sa.get(i), JsonDoc.index("scenes", i), reg, true);
                if (s == null) continue;
                if (!ids.add(s.id())) c.error(JsonDoc.child(JsonDoc.index("scenes", i), "id"), "scene id " + s.id() + " is used twice");
                scenes.add(s);
            }
        }
        List<Cue> cues = new ArrayList<>();
        List<Integer> droppedCues = new ArrayList<>();
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
                long fade = integer(fix, n, p, "fadeMs", -1, 0, Scene.MAX_FADE_MS);
                String label = c.string(n, p, "label", "", false);
                if (id > 0 && !ids.contains(id)) {
                    fix.repaired(JsonDoc.child(p, "scene"), "there is no scene " + id + " in this show", "the cue was left out");
                    droppedCues.add(i);
                    continue;
                }
                cues.add(new Cue(id, fade, label));
            }
        }
        // The position is in the running order GO walks: the cue list, or with no cue list the scene list.
        long current = c.integer(o, "", "currentCue", -1, false, Integer.MIN_VALUE, Integer.MAX_VALUE);
        long inFile = current;
        for (int i = droppedCues.size() - 1; i >= 0; i--) if (droppedCues.get(i) <= current) current--;
        int last = Math.max(-1, (cues.isEmpty() ? scenes.size() : cues.size()) - 1);
        if (current < -1 || current > last) {
            long repaired = Math.max(-1, Math.min(last, current));
            fix.repaired("currentCue", "must be between -1 and " + last + " (got " + inFile + "; "
                    + (cues.isEmpty() ? "with no cue list GO walks the " + scenes.size() + " scenes"
                    : "the cue list has " + cues.size() + " cues") + ")", "set to " + repaired);
            current = repaired;
        }
        // The channel library: a broken preset refuses a strict read; a repairing one leaves only that preset out, said where.
        ArrayNode la = c.array(o, "", "library", false);
        List<Preset> library = la == null ? List.of() : LibraryJson.presets(c, fix.on() ? fix.repairs() : null, la, "library", reg);
        List<FaderLayers.Layer> layers = layers(fix, o, layout);
        c.throwIfAny();
        return new Read(new Show(cfg, values, scenes, cues, safes, (int) current, library, layers), fix.on() ? List.copyOf(fix.repairs()) : List.of());
    }

    /**
     * The custom fader layers ({@link FaderLayers}). A strip the console lacks refuses an import and
     * is left out of its layer when repairing; anything else wrong (types, names, ids) refuses the file.
     */
    private static List<FaderLayers.Layer> layers(Fix fix, ObjectNode o, Layout layout) {
        JsonCheck c = fix.c();
        List<FaderLayers.Layer> out = new ArrayList<>();
        ArrayNode la = c.array(o, "", "layers", false);
        if (la == null) return out;
        if (la.size() > FaderLayers.MAX_LAYERS) c.error("layers", "at most " + FaderLayers.MAX_LAYERS + " layers (got " + la.size() + ")");
        Set<Integer> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < la.size(); i++) {
            String p = JsonDoc.index("layers", i);
            JsonNode n = la.get(i);
            if (!n.isObject()) {
                c.error(p, "a layer is an object { \"id\": 1, \"name\": \"Vocals\", \"strips\": [\"ch/12\", \"bus/2\"] }, not " + JsonCheck.kind(n));
                continue;
            }
            int before = c.problems().size();
            c.onlyKeys((ObjectNode) n, p, LAYER_KEYS);
            int id = (int) c.integer(n, p, "id", 0, true, 1, Integer.MAX_VALUE);
            String name = c.string(n, p, "name", null, true);
            if (name != null) {
                try {
                    name = FaderLayers.checkName(name);
                    if (!names.add(name.toLowerCase(java.util.Locale.ROOT))) c.error(JsonDoc.child(p, "name"), "the layer name '" + name + "' is used twice");
                } catch (FaderLayers.LayerException e) {
                    c.error(JsonDoc.child(p, "name"), e.getMessage());
                }
            }
            if (id > 0 && !ids.add(id)) c.error(JsonDoc.child(p, "id"), "layer id " + id + " is used twice");
            if (n.get("strips") == null) c.error(p, "missing key 'strips' (a list such as [\"ch/12\", \"bus/2\"])");
            List<String> strips = c.strings(n, p, "strips", 4096);
            List<String> keep = new ArrayList<>();
            for (int k = 0; k < strips.size(); k++) {
                String sp = JsonDoc.index(JsonDoc.child(p, "strips"), k);
                String why = FaderLayers.stripError(strips.get(k), layout);
                if (why != null) {
                    fix.repaired(sp, why, "left out of the layer");
                } else if (keep.contains(FaderLayers.canonical(strips.get(k)))) {
                    fix.repaired(sp, strips.get(k) + " is on the layer already", "left out");
                } else {
                    keep.add(FaderLayers.canonical(strips.get(k)));
                }
            }
            if (c.problems().size() == before) out.add(new FaderLayers.Layer(id, name, keep));
        }
        return out;
    }

    /** {@link JsonCheck#integer} whose out-of-range value is, when repairing, clamped into the range. */
    private static long integer(Fix fix, JsonNode parent, String parentPath, String key, long fallback, long min, long max) {
        JsonNode n = parent.get(key);
        if (fix.on() && n != null && n.isIntegralNumber() && n.canConvertToLong() && (n.longValue() < min || n.longValue() > max)) {
            long v = Math.max(min, Math.min(max, n.longValue()));
            fix.repaired(JsonDoc.child(parentPath, key), "must be between " + min + " and " + max + " (got " + n.longValue() + ")", "set to " + v);
            return v;
        }
        return fix.c().integer(parent, parentPath, key, fallback, false, min, max);
    }

    /**
     * {@link ConfigJson#values}; when repairing, a value outside its parameter's range is clamped
     * into it and an address this console lacks is left out, each with a repair note.
     */
    private static Map<String, Object> values(Fix fix, ObjectNode vo, String path, ParamRegistry reg) {
        if (!fix.on()) return ConfigJson.values(fix.c(), vo, path, reg);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = vo.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String vp = JsonDoc.child(path, e.getKey());
            Param p = reg.find(e.getKey());
            if (p == null) {
                String why;
                try {
                    reg.require(e.getKey());
                    why = "not a parameter of this console";
                } catch (ParamException ex) {
                    why = ex.getMessage();
                }
                fix.repaired(vp, why, "left out (the console keeps its own value)");
                continue;
            }
            Object raw = JsonCheck.scalar(e.getValue());
            if (raw == null) {
                fix.c().error(vp, p.path() + " takes a " + p.type().id() + " value, not " + JsonCheck.kind(e.getValue()));
                continue;
            }
            try {
                values.put(p.path(), p.toExternal(p.parse(raw)));
            } catch (ParamException ex) {
                Double number = ParamException.OUT_OF_RANGE.equals(ex.code()) ? number(raw) : null;
                if (number == null) {
                    fix.c().error(vp, ex.getMessage());
                    continue;
                }
                Object v = p.toExternal(p.def().clamp(number));
                fix.repaired(vp, ex.getMessage(), "set to " + v);
                values.put(p.path(), v);
            }
        }
        return values;
    }

    private static Double number(Object raw) {
        if (raw instanceof Number n) return n.doubleValue();
        if (raw instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
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
        Scene s = c.problems().isEmpty() ? scene(new Fix(c, null), o.get("scene"), "scene", registry, false) : null;
        if (o.get("scene") == null) c.error("", "missing key 'scene'");
        c.throwIfAny();
        return s;
    }

    static void header(JsonCheck c, ObjectNode o, String format) {
        String f = c.string(o, "", "format", null, true);
        if (f != null && !f.equals(format)) {
            c.error("format", "this is a '" + f + "' file, not a '" + format + "' file");
        }
        long v = c.integer(o, "", "version", -1, true, 1, Integer.MAX_VALUE);
        if (v > SHOW_VERSION) c.error("version", "version " + v + " is newer than this jackdesk understands (" + SHOW_VERSION + ")");
    }

    private static Scene scene(Fix fix, JsonNode n, String p, ParamRegistry reg, boolean idRequired) {
        JsonCheck c = fix.c();
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
        long fade = integer(fix, n, p, "fadeMs", 0, 0, Scene.MAX_FADE_MS);
        ObjectNode vo = c.object(n, p, "values", true);
        Map<String, Object> values = vo == null ? new LinkedHashMap<>() : values(fix, vo, JsonDoc.child(p, "values"), reg);
        if (c.problems().size() > before) return null;
        if (!sel.isEmpty()) {
            for (Iterator<String> it = values.keySet().iterator(); it.hasNext(); ) {
                String path = it.next();
                if (!Selector.any(sel, reg.find(path))) {
                    fix.repaired(JsonDoc.child(JsonDoc.child(p, "values"), path), path + " is outside the scene's scope " + scope,
                            "left out of the scene");
                    it.remove();
                }
            }
        }
        return new Scene(id, name, scope, fade, values);
    }
}
