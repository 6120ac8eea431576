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
import org.jackdesk.config.JsonCheck;
import org.jackdesk.config.JsonDoc;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamException;
import org.jackdesk.config.ParamRegistry;

/**
 * Channel-library presets as JSON (docs/shows.md, "Channel library"): the show file's
 * {@code "library"} list and the exported library file
 * {@code {"format": "jackdesk-library", "version": 1, "presets": [...]}}. Reading checks every
 * preset against the console it goes into, with file, line, column and JSON path
 * ({@code library[2].values["eq/9/gain"]}), as show files are checked. Thread: any.
 */
public final class LibraryJson {
    private LibraryJson() {}

    public static final String FORMAT = "jackdesk-library";
    public static final List<String> FILE_KEYS = List.of("format", "version", "presets");
    public static final List<String> PRESET_KEYS = List.of("name", "sections", "values");

    /** The presets as the show file's {@code "library"} list. */
    public static ArrayNode toJson(List<Preset> presets) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (Preset p : presets) {
            ObjectNode n = a.addObject();
            n.put("name", p.name());
            ArrayNode s = n.putArray("sections");
            p.sections().forEach(s::add);
            n.set("values", ConfigJson.MAPPER.valueToTree(p.values()));
        }
        return a;
    }

    /** A library file holding {@code presets} (all of a library, or one preset). */
    public static String write(List<Preset> presets) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("format", FORMAT);
        o.put("version", ShowJson.SHOW_VERSION);
        o.set("presets", toJson(presets));
        try {
            return ConfigJson.MAPPER.writeValueAsString(o) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a library file strictly: any problem (every one is reported) refuses the whole file. */
    public static List<Preset> read(String file, String text, ParamRegistry registry) throws ConfigException {
        JsonDoc doc = JsonDoc.parse(file, text);
        JsonCheck c = new JsonCheck(doc);
        if (!doc.root().isObject()) {
            c.error("", "a library file is an object { \"format\": \"" + FORMAT + "\", \"presets\": [ ... ] }, not " + JsonCheck.kind(doc.root()));
            c.throwIfAny();
        }
        ObjectNode o = (ObjectNode) doc.root();
        ShowJson.header(c, o, FORMAT);
        c.onlyKeys(o, "", FILE_KEYS);
        ArrayNode a = c.array(o, "", "presets", true);
        List<Preset> presets = a == null ? List.of() : presets(c, null, a, "presets", registry);
        c.throwIfAny();
        return presets;
    }

    /**
     * The presets of {@code a} (at JSON path {@code path}). Strict ({@code repairs} null): every
     * problem goes to {@code c}. Repairing (a show loaded at start-up): a value out of its range is
     * clamped and noted in {@code repairs}; a preset with any other problem is left out of the
     * library, each of its problems noted in {@code repairs} with where it is; nothing else of the
     * show is lost.
     */
    static List<Preset> presets(JsonCheck c, List<ConfigProblem> repairs, ArrayNode a, String path, ParamRegistry reg) {
        List<Preset> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (a.size() > ChannelLibrary.MAX_PRESETS) {
            c.error(path, "a library holds at most " + ChannelLibrary.MAX_PRESETS + " presets (got " + a.size() + ")");
            return out;
        }
        for (int i = 0; i < a.size(); i++) {
            String p = JsonDoc.index(path, i);
            JsonCheck one = new JsonCheck(c.doc());
            List<ConfigProblem> clamps = new ArrayList<>();
            Preset preset = preset(one, repairs == null ? null : clamps, a.get(i), p, reg);
            if (preset != null && one.problems().isEmpty() && !names.add(preset.name())) {
                one.error(JsonDoc.child(p, "name"), "the preset name '" + preset.name() + "' is used twice in the library");
            }
            if (one.problems().isEmpty()) {
                out.add(preset);
                if (repairs != null) repairs.addAll(clamps);
            } else if (repairs == null) {
                c.problems().addAll(one.problems());
            } else {
                for (ConfigProblem q : one.problems()) {
                    repairs.add(new ConfigProblem(q.file(), q.line(), q.column(), q.path(),
                            q.message() + "; repaired: the preset was left out of the library"));
                }
            }
        }
        return out;
    }

    private static Preset preset(JsonCheck c, List<ConfigProblem> clamps, JsonNode n, String p, ParamRegistry reg) {
        if (n == null || !n.isObject()) {
            c.error(p, "a preset is an object { \"name\": ..., \"sections\": [ ... ], \"values\": { ... } }, not " + JsonCheck.kind(n));
            return null;
        }
        c.onlyKeys((ObjectNode) n, p, PRESET_KEYS);
        String name = c.name(n, p, "name", null, true, Preset.MAX_NAME, "");
        if (name != null) {
            try {
                name = ChannelLibrary.checkName(name);
            } catch (SceneException e) {
                c.error(JsonDoc.child(p, "name"), e.getMessage());
            }
        }
        List<String> sections = c.strings(n, p, "sections", Sections.CHANNEL_PROCESSING.size());
        if (n.get("sections") == null) c.error(p, "missing key 'sections' (some of " + String.join(", ", Sections.CHANNEL_PROCESSING) + ")");
        else if (sections.isEmpty() && c.problems().isEmpty()) c.error(JsonDoc.child(p, "sections"), "a preset holds at least one section");
        for (int i = 0; i < sections.size(); i++) {
            String why = ChannelLibrary.badSection(sections.get(i));
            if (why != null) c.error(JsonDoc.index(JsonDoc.child(p, "sections"), i), why);
        }
        ObjectNode vo = c.object(n, p, "values", true);
        Map<String, Object> values = new LinkedHashMap<>();
        if (vo != null) {
            String vp = JsonDoc.child(p, "values");
            for (Iterator<Map.Entry<String, JsonNode>> it = vo.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = JsonDoc.child(vp, e.getKey());
                String why = ChannelLibrary.notAllowed(reg, e.getKey(), sections);
                if (why != null) {
                    c.error(at, why);
                    continue;
                }
                Param t = ChannelLibrary.template(reg, e.getKey());
                Object raw = JsonCheck.scalar(e.getValue());
                if (raw == null) {
                    c.error(at, e.getKey() + " takes a " + t.type().id() + " value, not " + JsonCheck.kind(e.getValue()));
                    continue;
                }
                try {
                    values.put(e.getKey(), t.toExternal(t.parse(raw)));
                } catch (ParamException ex) {
                    if (clamps != null && ParamException.OUT_OF_RANGE.equals(ex.code()) && raw instanceof Number num) {
                        Object v = t.toExternal(t.def().clamp(num.doubleValue()));
                        clamps.add(c.doc().problem(at, ChannelLibrary.message(ex, t) + "; repaired: set to " + v));
                        values.put(e.getKey(), v);
                    } else {
                        c.error(at, ChannelLibrary.message(ex, t));
                    }
                }
            }
        }
        if (!c.problems().isEmpty()) return null;
        return new Preset(name, sections, values);
    }
}
