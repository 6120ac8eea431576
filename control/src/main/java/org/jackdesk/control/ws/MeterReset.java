package org.jackdesk.control.ws;

import java.util.List;
import org.jackdesk.control.ProtocolError;
import org.jackdesk.engine.EngineCommand;
import org.jackdesk.engine.EngineControl;
import org.jackdesk.engine.MeterBank;

/**
 * The meter resets a client may ask for (WebSocket op {@code reset}, REST
 * {@code POST /api/meters/{what}/reset}): {@code loudness} starts a new main-bus loudness
 * measurement, {@code clips} clears every clip latch (channels) and over latch (buses, main,
 * monitor, FX returns), {@code peaks} every peak hold. {@code clips} with a {@code target}
 * ({@code ch/3}, {@code bus/2}, {@code fxret/1}, {@code main}, {@code monitor}) clears that one
 * strip's latch only.
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

    /**
     * Checks a reset's optional {@code target}: null (the whole console) or, for {@code clips} only,
     * a strip address; {@code bad_message} saying what is wrong otherwise. Returns the target.
     */
    public static String target(String what, Object target) throws ProtocolError {
        if (target == null) return null;
        if (!"clips".equals(what)) {
            throw new ProtocolError(ProtocolError.BAD_MESSAGE, "\"target\" applies to \"meters\": \"clips\" only, not to \"" + what + "\"");
        }
        if (!(target instanceof String s) || !s.matches("main|monitor|(ch|bus|fxret)/[1-9][0-9]{0,3}")) {
            throw new ProtocolError(ProtocolError.BAD_MESSAGE,
                    "\"target\" is a strip: ch/N, bus/N, fxret/N, main or monitor (not " + io.vertx.core.json.Json.encode(target) + ")");
        }
        return s;
    }

    /**
     * Performs a reset: the engine command for the whole console, or one strip's clip/over latch.
     * Returns false when the engine's command queue is full; {@code bad_message} for a strip the
     * console does not have. Thread: control.
     */
    public static boolean apply(EngineControl engine, EngineCommand command, String target) throws ProtocolError {
        if (target == null) return engine.command(command);
        MeterBank bank = engine.meters();
        int t;
        if (target.equals("main")) {
            t = bank.busTarget(bank.buses());
        } else if (target.equals("monitor")) {
            t = bank.busTarget(bank.buses() + 1);
        } else {
            String kind = target.substring(0, target.indexOf('/'));
            int n = Integer.parseInt(target.substring(target.indexOf('/') + 1));
            int count = kind.equals("ch") ? bank.channels() : kind.equals("bus") ? bank.buses() : bank.fx();
            if (n > count) {
                throw new ProtocolError(ProtocolError.BAD_MESSAGE, "\"target\" " + target + ": this console has "
                        + count + (kind.equals("ch") ? " channels" : kind.equals("bus") ? " buses" : " FX returns"));
            }
            t = kind.equals("ch") ? MeterBank.channelTarget(n - 1) : kind.equals("bus") ? bank.busTarget(n - 1) : bank.fxTarget(n - 1);
        }
        bank.requestClipReset(t);
        return true;
    }

    /** The error for a full engine command queue (nothing spins; the client may retry). */
    public static ProtocolError busy() {
        return new ProtocolError(ProtocolError.ENGINE_BUSY, "the engine's command queue is full; try again");
    }
}
