package org.jackdesk.control;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.jackdesk.config.ParamException;
import org.jackdesk.control.security.Principal;

/**
 * Copy and paste by section (docs/protocol.md): the WebSocket op
 * {@code {"op":"paste","from":1,"to":[2,3],"sections":["eq","comp"]}} and its REST twin
 * {@code POST /api/paste}. JSON in and out; the work (role, values, one history entry) is
 * {@link ParameterService#paste}'s. Thread: control.
 */
public final class PasteApi {
    public static final List<String> OPS = List.of("paste");

    private PasteApi() {}

    /** Pastes as {@code args} say: {@code {"op":"paste.ack","from":1,"to":[2,3],"sections":[…],"values":84}}. */
    public static JsonObject paste(ParameterService params, Principal who, JsonObject args, String by) throws ProtocolError {
        int from = channel(args.getValue("from"), "\"from\" is the channel to copy from, e.g. 1");
        Object to = args.getValue("to");
        if (!(to instanceof JsonArray list)) {
            throw new ProtocolError(ParameterService.BAD_CHANNEL, "\"to\" is a list of channels to paste onto, e.g. [2, 3]"
                    + (to == null ? "" : ", not " + Json.encode(to)));
        }
        List<Integer> targets = new ArrayList<>();
        for (Object o : list) targets.add(channel(o, "\"to\" holds channel numbers, e.g. [2, 3]"));
        Object secs = args.getValue("sections");
        if (!(secs instanceof JsonArray sl)) {
            throw new ProtocolError(ParameterService.BAD_SECTION, "\"sections\" is a list of " + String.join(", ", ParameterService.PASTE_SECTIONS)
                    + " or [\"all\"]" + (secs == null ? "" : ", not " + Json.encode(secs)));
        }
        List<String> sections = new ArrayList<>();
        for (Object o : sl) {
            if (!(o instanceof String s)) throw new ProtocolError(ParameterService.BAD_SECTION, "\"sections\" holds names such as \"eq\", not " + Json.encode(o));
            sections.add(s);
        }
        try {
            ParameterService.Pasted p = params.paste(who, from, targets, sections, by);
            return new JsonObject().put("op", "paste.ack").put("from", p.from()).put("to", new JsonArray(p.to()))
                    .put("sections", new JsonArray(p.sections())).put("values", p.values());
        } catch (ParamException e) {
            throw ProtocolError.of(e);
        }
    }

    private static int channel(Object v, String what) throws ProtocolError {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 100_000) return n.intValue();
        throw new ProtocolError(ParameterService.BAD_CHANNEL, what + (v == null ? "" : " (got " + Json.encode(v) + ")"));
    }
}
