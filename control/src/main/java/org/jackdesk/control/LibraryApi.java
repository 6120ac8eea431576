package org.jackdesk.control;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.jackdesk.config.ParamException;
import org.jackdesk.config.show.ChannelLibrary;
import org.jackdesk.config.show.Preset;
import org.jackdesk.config.show.SceneException;
import org.jackdesk.control.security.AccessPolicy;
import org.jackdesk.control.security.Principal;
import org.jackdesk.control.security.Role;

/**
 * The channel library (docs/protocol.md, "Channel library"): the WebSocket ops {@code library.*}
 * and the work behind their REST twins under {@code /api/library}. JSON in and out; capturing a
 * channel and writing a preset onto channels is {@link ParameterService}'s (the copy-and-paste
 * sections and write path), keeping presets is the show's {@link ChannelLibrary}'s.
 *
 * <p>Roles: every logged-in role lists and reads presets (they are part of the show, like the
 * scene list); saving, loading onto channels, renaming and deleting are an engineer's. Refused
 * operations change nothing. Every client hears of a change through the {@code library} broadcast.
 *
 * <p>Thread: control.
 */
public final class LibraryApi {
    public static final List<String> OPS = List.of("library.list", "library.get", "library.save", "library.load",
            "library.rename", "library.delete");
    /** The error code of a library op on a server that keeps no show. */
    public static final String NO_LIBRARY = ProtocolError.NO_SCENES;

    private LibraryApi() {}

    /** Runs one op for {@code who}; {@code by} names who for the history (a client id or a user). */
    public static JsonObject run(ParameterService params, ChannelLibrary library, Principal who, String op, JsonObject a, String by)
            throws ProtocolError {
        if (op.equals("library.list") || op.equals("library.get")) AccessPolicy.checkRead(who);
        else AccessPolicy.checkRole(who, Role.ENGINEER, "change the channel library or load presets onto channels");
        if (library == null) throw new ProtocolError(NO_LIBRARY, "this server keeps no show, so no channel library");
        try {
            switch (op) {
                case "library.list":
                    return listing(library);
                case "library.get":
                    return new JsonObject().put("op", "library.preset").put("preset", full(library.get(name(a, "name"))));
                case "library.save": {
                    String name = name(a, "name");
                    int from = channel(a.getValue("from"), "\"from\" is the channel to save the preset from, e.g. 1");
                    java.util.Set<String> secs = ParameterService.pasteSections(strings(a, "sections"), "a preset holds");
                    Preset p = library.save(new Preset(name, List.copyOf(secs), params.channelSections(who, from, secs)), replace(a));
                    return ack(op).put("preset", summary(p)).put("from", from);
                }
                case "library.load": {
                    Preset p = library.get(name(a, "name"));
                    ParameterService.Pasted done = params.loadPreset(who, p, channels(a.getValue("to")), by);
                    return ack(op).put("preset", summary(p)).put("to", new JsonArray(done.to())).put("values", done.values());
                }
                case "library.rename":
                    return ack(op).put("preset", summary(library.rename(name(a, "name"), name(a, "newName"))));
                case "library.delete": {
                    String name = name(a, "name");
                    library.delete(name);
                    return ack(op).put("preset", new JsonObject().put("name", name.strip()));
                }
                default:
                    throw new ProtocolError(ProtocolError.UNKNOWN_OP, "unknown op '" + op + "'; library ops: " + String.join(", ", OPS));
            }
        } catch (SceneException e) {
            throw new ProtocolError(e.code(), e.getMessage());
        } catch (ParamException e) {
            throw ProtocolError.of(e);
        }
    }

    /** The {@code library} message: every preset's name, sections and size, in library order. */
    public static JsonObject listing(ChannelLibrary library) {
        JsonArray list = new JsonArray();
        for (Preset p : library.presets()) list.add(summary(p));
        return new JsonObject().put("op", "library").put("presets", list);
    }

    public static JsonObject summary(Preset p) {
        return new JsonObject().put("name", p.name()).put("sections", new JsonArray(p.sections())).put("size", p.values().size());
    }

    public static JsonObject full(Preset p) {
        return summary(p).put("values", new JsonObject(new java.util.LinkedHashMap<>(p.values())));
    }

    private static JsonObject ack(String op) {
        return new JsonObject().put("op", "library.ack").put("request", op);
    }

    private static String name(JsonObject a, String key) throws ProtocolError {
        Object v = a.getValue(key);
        if (v instanceof String s) return s;
        throw new ProtocolError(SceneException.BAD_NAME, "\"" + key + "\" is the preset's name, e.g. \"Lead vox\""
                + (v == null ? "" : ", not " + Json.encode(v)));
    }

    private static boolean replace(JsonObject a) throws ProtocolError {
        Object v = a.getValue("replace");
        if (v == null || v instanceof Boolean) return Boolean.TRUE.equals(v);
        throw new ProtocolError(ProtocolError.WRONG_TYPE, "\"replace\" is true or false, not " + Json.encode(v));
    }

    private static List<String> strings(JsonObject a, String key) throws ProtocolError {
        Object v = a.getValue(key);
        String what = "\"sections\" is a list of " + String.join(", ", ParameterService.PASTE_SECTIONS) + " or [\"all\"]";
        if (!(v instanceof JsonArray list)) throw new ProtocolError(ParameterService.BAD_SECTION, what + (v == null ? "" : ", not " + Json.encode(v)));
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) throw new ProtocolError(ParameterService.BAD_SECTION, what + ", not " + Json.encode(o));
            out.add(s);
        }
        return out;
    }

    private static List<Integer> channels(Object to) throws ProtocolError {
        if (!(to instanceof JsonArray list)) {
            throw new ProtocolError(ParameterService.BAD_CHANNEL, "\"to\" is a list of channels to load the preset onto, e.g. [2, 3]"
                    + (to == null ? "" : ", not " + Json.encode(to)));
        }
        List<Integer> out = new ArrayList<>();
        for (Object o : list) out.add(channel(o, "\"to\" holds channel numbers, e.g. [2, 3]"));
        return out;
    }

    private static int channel(Object v, String what) throws ProtocolError {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 100_000) return n.intValue();
        throw new ProtocolError(ParameterService.BAD_CHANNEL, what + (v == null ? "" : " (got " + Json.encode(v) + ")"));
    }
}
