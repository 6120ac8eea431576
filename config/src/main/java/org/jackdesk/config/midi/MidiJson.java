package org.jackdesk.config.midi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jackdesk.config.JsonCheck;
import org.jackdesk.config.JsonDoc;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.Suggest;

/**
 * The {@code midi} object of a configuration (and so of a show's configuration), read with
 * precise messages ({@code midi.mappings[2].path: unknown address 'ch/40/fader'}) and written
 * back so that reading it again gives the same {@link MidiConfig}. Thread: any.
 */
public final class MidiJson {
    public static final List<String> KEYS = List.of("user", "profile", "mappings", "profiles", "mackie", "ports");
    public static final List<String> MAPPING_KEYS = List.of("type", "channel", "number", "path", "min", "max", "mode", "takeover", "step");
    /** Mappings in one list: far more than any surface has controls. */
    public static final int MAX_MAPPINGS = 1024;

    private MidiJson() {
    }

    /**
     * Reads {@code o} (at {@code path}); {@code registry} checks the parameter addresses (null:
     * not checked, the layout itself is broken). Problems go to {@code c}.
     */
    public static MidiConfig read(JsonCheck c, ObjectNode o, String path, ParamRegistry registry) {
        c.onlyKeys(o, path, KEYS);
        String user = c.string(o, path, "user", null, false);
        String profile = c.string(o, path, "profile", null, false);
        Map<String, List<MidiMapping>> profiles = new LinkedHashMap<>();
        ObjectNode po = c.object(o, path, "profiles", false);
        if (po != null) {
            String pp = JsonDoc.child(path, "profiles");
            for (Iterator<Map.Entry<String, JsonNode>> it = po.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = JsonDoc.child(pp, e.getKey());
                if (e.getKey().isBlank() || e.getKey().length() > 64) {
                    c.error(at, "a profile name has 1 to 64 characters");
                    continue;
                }
                if (!e.getValue().isArray()) {
                    c.error(at, "a profile is a list of mappings [ ... ], not " + JsonCheck.kind(e.getValue()));
                    continue;
                }
                profiles.put(e.getKey(), mappings(c, (ArrayNode) e.getValue(), at, registry));
            }
        }
        List<MidiMapping> mappings = controllerMappings(c, o, path, registry, profile, profiles);
        boolean mackie = c.bool(o, path, "mackie", false);
        List<MidiPort> ports = ports(c, o, path, registry, profiles, mackie);
        return new MidiConfig(user, profile, mappings, profiles, mackie, ports);
    }

    /** The mappings of one pair's controller: its own {@code mappings}, else its {@code profile}'s (checked against the layout). */
    private static List<MidiMapping> controllerMappings(JsonCheck c, ObjectNode o, String path, ParamRegistry registry, String profile,
                                                        Map<String, List<MidiMapping>> profiles) {
        if (profile != null && !profiles.containsKey(profile) && !MidiProfiles.SHIPPED.containsKey(profile)) {
            List<String> known = new ArrayList<>(profiles.keySet());
            known.addAll(MidiProfiles.SHIPPED.keySet());
            String near = Suggest.nearest(profile, known);
            c.error(JsonDoc.child(path, "profile"), "no profile named '" + profile + "'"
                    + (near != null ? " (did you mean '" + near + "'?)" : "") + "; profiles: " + String.join(", ", known));
        }
        List<MidiMapping> mappings;
        ArrayNode ma = c.array(o, path, "mappings", false);
        if (ma != null) {
            mappings = mappings(c, ma, JsonDoc.child(path, "mappings"), registry);
        } else if (profile != null) {
            List<MidiMapping> p = profiles.containsKey(profile) ? profiles.get(profile) : MidiProfiles.SHIPPED.get(profile);
            mappings = p == null ? List.of() : p;
            for (MidiMapping m : mappings) {
                if (registry != null && m.path() != null && registry.find(m.path()) == null) {
                    c.error(JsonDoc.child(path, "profile"), "profile '" + profile + "' maps " + m.control() + " to " + m.path()
                            + ", which this layout lacks");
                    break;
                }
            }
        } else {
            mappings = List.of();
        }
        return mappings;
    }

    /** At most this many pairs besides the first. */
    public static final int MAX_PORTS = 8;
    public static final List<String> PORT_KEYS = List.of("name", "user", "profile", "mappings", "mackie", "extends", "offset");
    /** Names whose ports the console's audio ports already use ({@code talkback_in}, {@code osc_out}) or the first pair's. */
    static final List<String> RESERVED_NAMES = List.of(MidiPort.FIRST, "talkback", "osc");
    private static final java.util.regex.Pattern PORT_NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9_]*");

    /**
     * The names of {@code midi.ports} as written, before they are checked (the auto-connect rules,
     * read first, may name their ports); empty when there are none or they are malformed.
     */
    public static List<String> portNames(JsonNode midi) {
        List<String> names = new ArrayList<>();
        JsonNode a = midi == null ? null : midi.get("ports");
        if (a == null || !a.isArray()) return names;
        for (JsonNode n : a) {
            JsonNode name = n.get("name");
            if (name != null && name.isTextual() && PORT_NAME.matcher(name.asText()).matches() && !RESERVED_NAMES.contains(name.asText())) {
                names.add(name.asText());
            }
        }
        return names;
    }

    /** {@code midi.ports}: the pairs besides the first, each checked, extenders against the Mackie pair they follow. */
    private static List<MidiPort> ports(JsonCheck c, ObjectNode o, String path, ParamRegistry registry,
                                        Map<String, List<MidiMapping>> profiles, boolean firstIsMackie) {
        List<MidiPort> out = new ArrayList<>();
        ArrayNode a = c.array(o, path, "ports", false);
        if (a == null) return out;
        String pp = JsonDoc.child(path, "ports");
        if (a.size() > MAX_PORTS) {
            c.error(pp, "at most " + MAX_PORTS + " port pairs besides the first (got " + a.size() + ")");
            return out;
        }
        List<String> ats = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String at = JsonDoc.index(pp, i);
            JsonNode n = a.get(i);
            if (!n.isObject()) {
                c.error(at, "a port pair is an object {\"name\": \"xtouch_ext\", \"mackie\": true}, not " + JsonCheck.kind(n));
                continue;
            }
            ObjectNode po = (ObjectNode) n;
            int before = c.problems().size();
            c.onlyKeys(po, at, PORT_KEYS);
            String name = c.string(po, at, "name", null, true);
            if (name != null) {
                String np = JsonDoc.child(at, "name");
                if (name.length() > MidiPort.MAX_NAME || !PORT_NAME.matcher(name).matches()) {
                    c.error(np, "a port pair's name is a lower-case letter, then letters, digits or '_' (at most " + MidiPort.MAX_NAME
                            + " characters; its ports are NAME_in and NAME_out), not \"" + JsonDoc.excerpt(name, 40) + "\"");
                } else if (RESERVED_NAMES.contains(name)) {
                    c.error(np, "'" + name + "' is taken: " + (name.equals("midi") ? "midi_in and midi_out are the first pair's ports"
                            : "the console's audio ports use " + name + "_in or " + name + "_out") + "; choose another name");
                } else if (out.stream().anyMatch(q -> q.name().equals(name))) {
                    c.error(np, "a second port pair named '" + name + "'");
                }
            }
            String user = c.string(po, at, "user", null, false);
            String profile = c.string(po, at, "profile", null, false);
            List<MidiMapping> mappings = controllerMappings(c, po, at, registry, profile, profiles);
            String ext = c.string(po, at, "extends", null, false);
            boolean mackie = c.bool(po, at, "mackie", ext != null);
            if (ext != null && !mackie) c.error(JsonDoc.child(at, "mackie"), "an extender (\"extends\") speaks Mackie Control: drop \"mackie\": false");
            int offset = (int) c.integer(po, at, "offset", MidiPort.DEFAULT_OFFSET, false, 1, 1024);
            if (po.has("offset") && ext == null) {
                c.error(JsonDoc.child(at, "offset"), "only an extender has an offset: add \"extends\": the Mackie pair it sits beside");
            }
            if (c.problems().size() > before) continue;
            out.add(new MidiPort(name, user, profile, mappings, mackie, ext, offset));
            ats.add(at);
        }
        for (int i = 0; i < out.size(); i++) {
            String ext = out.get(i).extendsPair();
            if (ext == null) continue;
            String at = JsonDoc.child(ats.get(i), "extends");
            MidiPort main = out.stream().filter(q -> q.name().equals(ext)).findFirst().orElse(null);
            boolean first = ext.equals(MidiPort.FIRST);
            if (ext.equals(out.get(i).name())) {
                c.error(at, "a pair cannot extend itself");
            } else if (!first && main == null) {
                List<String> known = new ArrayList<>(List.of(MidiPort.FIRST));
                out.forEach(q -> known.add(q.name()));
                c.error(at, "no port pair named '" + ext + "'; pairs: " + String.join(", ", known));
            } else if (first ? !firstIsMackie : !main.mackie()) {
                c.error(at, "'" + ext + "' does not speak Mackie Control: an extender sits beside a Mackie pair (\"mackie\": true)");
            } else if (main != null && main.extendsPair() != null) {
                c.error(at, "'" + ext + "' is an extender itself: name the main unit's pair ('" + main.extendsPair() + "')");
            }
        }
        return out;
    }

    private static List<MidiMapping> mappings(JsonCheck c, ArrayNode a, String path, ParamRegistry registry) {
        List<MidiMapping> out = new ArrayList<>();
        if (a.size() > MAX_MAPPINGS) {
            c.error(path, "at most " + MAX_MAPPINGS + " mappings (got " + a.size() + ")");
            return out;
        }
        for (int i = 0; i < a.size(); i++) {
            String at = JsonDoc.index(path, i);
            JsonNode n = a.get(i);
            if (!n.isObject()) {
                c.error(at, "a mapping is an object {\"type\": \"cc\", \"number\": 7, \"path\": \"ch/1/fader\"}, not " + JsonCheck.kind(n));
                continue;
            }
            MidiMapping m = mapping(c, (ObjectNode) n, at, registry);
            if (m == null) continue;
            for (MidiMapping prior : out) {
                if (prior.sameControl(m)) {
                    c.error(at, m.control() + " is mapped twice (also to " + (prior.path() == null ? "scene recall" : prior.path()) + ")");
                    m = null;
                    break;
                }
            }
            if (m != null) out.add(m);
        }
        return out;
    }

    private static MidiMapping mapping(JsonCheck c, ObjectNode o, String path, ParamRegistry registry) {
        int before = c.problems().size();
        c.onlyKeys(o, path, MAPPING_KEYS);
        MidiMapping.Kind kind = choice(c, o, path, "type", MidiMapping.Kind.class, null);
        int channel = (int) c.integer(o, path, "channel", 0, false, 0, 16);
        int number = (int) c.integer(o, path, "number", 0, kind != MidiMapping.Kind.PROGRAM, 0, 16383);
        String p = c.string(o, path, "path", null, false);
        Double min = number(c, o, path, "min");
        Double max = number(c, o, path, "max");
        MidiMapping.Mode mode = choice(c, o, path, "mode", MidiMapping.Mode.class,
                kind == MidiMapping.Kind.NOTE ? MidiMapping.Mode.MOMENTARY : MidiMapping.Mode.ABSOLUTE);
        MidiMapping.Takeover takeover = choice(c, o, path, "takeover", MidiMapping.Takeover.class, MidiMapping.Takeover.PICKUP);
        Double step = number(c, o, path, "step");
        if (kind == null || c.problems().size() > before) return null;
        if (p != null && registry != null) {
            Param param = registry.find(p);
            if (param == null) {
                String near = Suggest.nearest(p, registry.all().stream().map(Param::path).toList());
                c.error(JsonDoc.child(path, "path"), "unknown address '" + p + "'" + (near != null ? " (did you mean '" + near + "'?)" : ""));
                return null;
            }
            p = param.path();
            for (String key : List.of("min", "max")) {
                Double v = key.equals("min") ? min : max;
                if (v != null && (v < param.min() || v > param.max())) {
                    c.error(JsonDoc.child(path, key), p + " ranges " + param.def().rangeText() + ", not " + v);
                    return null;
                }
            }
        }
        try {
            return new MidiMapping(kind, channel, number, p, min, max, mode, takeover, step == null ? MidiMapping.DEFAULT_STEP : step);
        } catch (IllegalArgumentException e) {
            c.error(path, e.getMessage());
            return null;
        }
    }

    private static Double number(JsonCheck c, ObjectNode o, String path, String key) {
        JsonNode n = o.get(key);
        if (n == null || n.isNull()) return null;
        if (!n.isNumber() || !Double.isFinite(n.doubleValue())) {
            c.error(JsonDoc.child(path, key), "must be a number, not " + JsonCheck.kind(n));
            return null;
        }
        return n.doubleValue();
    }

    private static <E extends Enum<E>> E choice(JsonCheck c, ObjectNode o, String path, String key, Class<E> type, E fallback) {
        String s = c.string(o, path, key, null, fallback == null);
        if (s == null) return fallback;
        List<String> ids = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            String id = e.name().toLowerCase(Locale.ROOT).replace('_', '-');
            if (id.equals(s)) return e;
            ids.add(id);
        }
        c.error(JsonDoc.child(path, key), "must be one of " + String.join(", ", ids) + ", not \"" + JsonDoc.excerpt(s, 40) + "\"");
        return fallback;
    }

    /** The JSON form of {@code m} (what {@link #read} reads back). */
    public static ObjectNode write(MidiMapping m) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", m.kind().id());
        if (m.channel() != 0) o.put("channel", m.channel());
        if (m.kind() != MidiMapping.Kind.PROGRAM) o.put("number", m.number());
        if (m.path() != null) o.put("path", m.path());
        if (m.min() != null) o.put("min", m.min());
        if (m.max() != null) o.put("max", m.max());
        o.put("mode", m.mode().id());
        o.put("takeover", m.takeover().id());
        if (m.step() != MidiMapping.DEFAULT_STEP) o.put("step", m.step());
        return o;
    }

    public static ArrayNode write(List<MidiMapping> list) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (MidiMapping m : list) a.add(write(m));
        return a;
    }

    /** The {@code midi} object of {@code cfg}; the mappings are always written (they are what a restart must find). */
    public static ObjectNode write(MidiConfig cfg) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (cfg.user() != null) o.put("user", cfg.user());
        if (cfg.profile() != null) o.put("profile", cfg.profile());
        if (cfg.mackie()) o.put("mackie", true);
        o.set("mappings", write(cfg.mappings()));
        if (!cfg.profiles().isEmpty()) {
            ObjectNode p = o.putObject("profiles");
            cfg.profiles().forEach((k, v) -> p.set(k, write(v)));
        }
        if (!cfg.ports().isEmpty()) {
            ArrayNode a = o.putArray("ports");
            for (MidiPort p : cfg.ports()) {
                ObjectNode po = a.addObject();
                po.put("name", p.name());
                if (p.user() != null) po.put("user", p.user());
                if (p.profile() != null) po.put("profile", p.profile());
                if (p.mackie()) po.put("mackie", true);
                if (p.extendsPair() != null) {
                    po.put("extends", p.extendsPair());
                    po.put("offset", p.offset());
                }
                po.set("mappings", write(p.mappings()));
            }
        }
        return o;
    }
}
