package org.jackdesk.control.scene;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Status messages for every client ({@code {"op":"status", ...}}): an autosave that fails, a show
 * that was loaded from its backup. A <em>standing</em> notice (posted under a key) is also sent to
 * every client that connects later, until it is resolved; an announcement goes only to the clients
 * connected now.
 *
 * <p>Thread: any (the autosave worker posts, the event loop reads). The listener must not block;
 * the server's hub hands the message to its event loop.
 */
public final class Notices {
    public static final String LEVEL_OK = "ok";
    public static final String LEVEL_WARNING = "warning";
    public static final String LEVEL_ERROR = "error";
    /** Standing-notice keys that are also {@code /api/health} checks: the audio backend, the autosave, the loaded show. */
    public static final String KEY_AUDIO = "audio";
    public static final String KEY_AUTOSAVE = "autosave";
    public static final String KEY_SHOW = "show_loaded";

    private final Map<String, JsonObject> standing = new LinkedHashMap<>();
    private Consumer<JsonObject> listener = m -> {};

    /** A {@code status} message. */
    public static JsonObject status(String level, String code, String message) {
        return new JsonObject().put("op", "status").put("level", level).put("code", code).put("message", message);
    }

    /** Where notices go (the server's hub); replaces the previous listener. */
    public synchronized void listen(Consumer<JsonObject> l) {
        listener = l == null ? m -> {} : l;
    }

    /** Posts a standing notice under {@code key} (replacing one with that key) and sends it. */
    public synchronized void post(String key, JsonObject message) {
        standing.put(key, message);
        listener.accept(message.copy());
    }

    /** Withdraws the standing notice {@code key}, if any, and sends {@code message} (may be null). */
    public synchronized void resolve(String key, JsonObject message) {
        standing.remove(key);
        if (message != null) listener.accept(message.copy());
    }

    /** Sends to the clients connected now only. */
    public synchronized void announce(JsonObject message) {
        listener.accept(message.copy());
    }

    /** The standing notices by key, oldest first (copies). */
    public synchronized Map<String, JsonObject> standingByKey() {
        Map<String, JsonObject> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonObject> e : standing.entrySet()) out.put(e.getKey(), e.getValue().copy());
        return out;
    }

    /** The standing notices, oldest first (copies). */
    public synchronized List<JsonObject> standing() {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject m : standing.values()) out.add(m.copy());
        return out;
    }
}
