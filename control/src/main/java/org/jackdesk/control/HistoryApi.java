package org.jackdesk.control;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.jackdesk.config.ParamException;
import org.jackdesk.control.security.Principal;

/**
 * The history ops of docs/protocol.md ({@code history.list}, {@code history.undo}) and their REST
 * twins ({@code GET /api/history}, {@code POST /api/history/{id}/undo}): JSON in and out, the
 * work done by {@link ParameterService#history(Principal)} and {@link ParameterService#undo}.
 * Thread: control.
 */
public final class HistoryApi {
    public static final List<String> OPS = List.of("history.list", "history.undo");
    /** At most this many of an entry's changes are listed ({@code count} says how many it has). */
    public static final int MAX_LISTED_CHANGES = 20;

    private HistoryApi() {}

    /**
     * {@code {"op":"history","entries":[{id, time, who, what, undone, count, changes:[{path, from, to}]}, …]}}, newest first.
     * A strip's name or colour is a change too: {@code {"path":"ch/3/name","target":"ch/3","field":"name","from":"Kick","to":"Kick In"}}.
     */
    public static JsonObject list(ParameterService params, Principal who) throws ProtocolError {
        JsonArray entries = new JsonArray();
        for (ChangeHistory.Entry e : params.history(who)) {
            JsonArray changes = new JsonArray();
            // A whole-console recall changes thousands of values: the list carries the first few, and the count.
            for (ChangeHistory.Change c : e.changes().subList(0, Math.min(MAX_LISTED_CHANGES, e.changes().size()))) {
                changes.add(new JsonObject().put("path", c.param().path())
                        .put("from", c.param().toExternal(c.from())).put("to", c.param().toExternal(c.to())));
            }
            for (ChangeHistory.LabelChange c : e.labels()) {
                if (changes.size() >= MAX_LISTED_CHANGES) break;
                changes.add(new JsonObject().put("path", c.path()).put("target", c.target()).put("field", c.field())
                        .put("from", c.from()).put("to", c.to()));
            }
            entries.add(new JsonObject().put("id", e.id()).put("time", e.timeMs()).put("who", e.who()).put("what", e.what())
                    .put("undone", e.undone()).put("count", e.count()).put("changes", changes));
        }
        return new JsonObject().put("op", "history").put("max", ChangeHistory.MAX_ENTRIES).put("entries", entries);
    }

    /** Reads the entry id of {@code {"entry": 17}}, or a precise error. */
    public static long id(Object value) throws ProtocolError {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() > 0) return n.longValue();
        if (value instanceof String s && s.matches("[0-9]{1,18}") && Long.parseLong(s) > 0) return Long.parseLong(s);
        throw new ProtocolError(ProtocolError.BAD_MESSAGE, "history.undo needs \"entry\": the id of an entry of history.list (got "
                + io.vertx.core.json.Json.encode(value) + ")");
    }

    /** Undoes entry {@code id} as {@code who}: {@code {"op":"history.undone","id":…,"what":…,"count":…}}. */
    public static JsonObject undo(ParameterService params, Principal who, long id, String by) throws ProtocolError {
        try {
            ChangeHistory.Entry e = params.undo(who, id, by);
            return new JsonObject().put("op", "history.undone").put("undone", e.id()).put("what", e.what()).put("count", e.count());
        } catch (ParamException e) {
            throw ProtocolError.of(e);
        }
    }
}
