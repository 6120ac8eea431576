package org.jackdesk.control;

import org.jackdesk.config.Param;

/** A client connection that follows the console: WebSocket sessions, OSC subscribers. Thread: control. */
public interface ChangeSink {
    /** A value changed; {@code origin} is who changed it (a session id, "rest", "osc:host:port", …). */
    void changed(Param param, double value, Object origin);

    /** Another client put a finger on ({@code on}) or took it off a control. */
    default void touched(String path, boolean on, String by) {}

    /** A message for every client (the {@code scenes} list after a change, an autosave {@code status}). */
    default void message(io.vertx.core.json.JsonObject m) {}
}
