package org.jackdesk.control.ws;

import java.util.List;
import org.jackdesk.control.ProtocolError;
import org.jackdesk.engine.EngineCommand;

/**
 * The meter resets a client may ask for (WebSocket op {@code reset}, REST
 * {@code POST /api/meters/{what}/reset}): {@code loudness} starts a new main-bus loudness
 * measurement, {@code clips} clears every clip latch, {@code peaks} every peak hold.
 */
public final class MeterReset {
    private MeterReset() {}

    public static final List<String> NAMES = List.of("loudness", "clips", "peaks");

    /** The engine command for {@code name}; {@code bad_message} naming the known ones otherwise. */
    public static EngineCommand command(Object name) throws ProtocolError {
        if (name instanceof String s) {
            switch (s) {
                case "loudness": return EngineCommand.RESET_LOUDNESS;
                case "clips": return EngineCommand.RESET_CLIPS;
                case "peaks": return EngineCommand.RESET_PEAK_HOLDS;
                default: break;
            }
        }
        throw new ProtocolError(ProtocolError.BAD_MESSAGE, "reset needs \"meters\": one of " + String.join(", ", NAMES)
                + (name == null ? "" : " (not " + io.vertx.core.json.Json.encode(name) + ")"));
    }

    /** The error for a full engine command queue (nothing spins; the client may retry). */
    public static ProtocolError busy() {
        return new ProtocolError(ProtocolError.ENGINE_BUSY, "the engine's command queue is full; try again");
    }
}
