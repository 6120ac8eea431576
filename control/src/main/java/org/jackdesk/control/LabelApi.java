package org.jackdesk.control;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.jackdesk.config.StripLabels;
import org.jackdesk.control.security.Principal;

/**
 * Renaming and recolouring strips (docs/protocol.md, "Strip names and colours"): the WebSocket op
 * {@code {"op":"label","target":"ch/3","name":"Kick In","colour":"red"}} and its REST twin
 * {@code PUT /api/labels/ch/3}. JSON in and out; the work (role, validation) is
 * {@link ParameterService#label}'s. Thread: control.
 */
public final class LabelApi {
    public static final List<String> OPS = List.of("label");

    private LabelApi() {}

    /**
     * Renames and/or recolours {@code target} as {@code who} from {@code args}' {@code name} and
     * {@code colour} (either may be absent): {@code {"op":"label.ack","target":…,"name":…,"colour":…}}.
     */
    public static JsonObject label(ParameterService params, Principal who, String target, JsonObject args) throws ProtocolError {
        return label(params, who, target, args, who == null ? "?" : who.user());
    }

    /** {@link #label(ParameterService, Principal, String, JsonObject)}, the change history's entry made by {@code by} (a client id, {@code rest}). */
    public static JsonObject label(ParameterService params, Principal who, String target, JsonObject args, String by) throws ProtocolError {
        StripLabels.Label l = params.label(who, target, text(args, "name", StripLabels.BAD_NAME, "\"Kick In\""),
                text(args, "colour", StripLabels.BAD_COLOUR, "\"red\" or \"#12a594\""), by);
        return json(l).put("op", "label.ack");
    }

    /** The target of a WebSocket {@code label}: {@code "target"}, a string. */
    public static String target(JsonObject args) throws ProtocolError {
        Object t = args.getValue("target");
        if (!(t instanceof String s)) {
            throw new ProtocolError(StripLabels.BAD_TARGET, "a label needs \"target\": the strip, e.g. \"ch/3\", \"bus/2\" or \"dca/1\""
                    + (t == null ? "" : ", not " + Json.encode(t)));
        }
        return s;
    }

    /** One strip's label as JSON: {@code target}, {@code name}, {@code colour} (absent when the console has no colours). */
    public static JsonObject json(StripLabels.Label l) {
        JsonObject o = new JsonObject().put("target", l.target()).put("name", l.name());
        if (l.colour() != null) o.put("colour", l.colour());
        return o;
    }

    private static String text(JsonObject args, String key, String code, String example) throws ProtocolError {
        Object v = args.getValue(key);
        if (v == null) return null;
        if (!(v instanceof String s)) throw new ProtocolError(code, "\"" + key + "\" is text, e.g. " + example + ", not " + Json.encode(v));
        return s;
    }
}
