package org.jackdesk.control;

import java.util.Map;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamException;
import org.jackdesk.control.security.AccessPolicy;
import org.jackdesk.control.security.Principal;

/**
 * Setting, nudging and reading parameters on behalf of a principal, in one place: the registry
 * finds and validates ({@link Param#parse}, clamping), {@link AccessPolicy} authorizes, and the
 * {@link ConsoleState} records the value and fans it out (engine, tablets, autosave). The WebSocket,
 * REST and OSC adapters parse their wire format and call it (issue 16 item 3, first step; touch,
 * subscriptions and rate limits are to follow).
 *
 * <p>Errors: {@link ParamException} for an unknown path or a bad value (code and path from the
 * registry), {@link ProtocolError} {@code unauthorized}/{@code forbidden} from the policy.
 *
 * <p>Thread: any; the state serializes writes. Never waits for the engine (its {@code setParam}
 * does not block).
 */
public final class ParameterService {
    private final ConsoleState state;

    public ParameterService(ConsoleState state) {
        this.state = state;
    }

    /** The parameter at {@code path}; an unknown path is {@code unknown_path} with a suggestion. */
    public Param param(String path) throws ParamException {
        return state.registry().require(path);
    }

    /**
     * Throws {@code unauthorized} or {@code forbidden} unless {@code who} may change {@code p};
     * for adapters that must know before they act on their own state (a held-over set, a touch).
     */
    public void checkWrite(Principal who, Param p) throws ProtocolError {
        AccessPolicy.checkWrite(who, p);
    }

    /**
     * Sets {@code p} to {@code value} (a JSON-shaped value: number, boolean, choice name) for
     * {@code who}; returns the value applied, clamped by the registry.
     */
    public double set(Principal who, Param p, Object value, Object origin) throws ParamException, ProtocolError {
        AccessPolicy.checkWrite(who, p);
        return state.set(p, p.parse(value), origin);
    }

    /**
     * Sets {@code p} to a number its adapter already read from its wire format (OSC's int for a
     * choice); the registry checks it as any other value. Returns the value applied.
     */
    public double setValue(Principal who, Param p, double value, Object origin) throws ParamException, ProtocolError {
        AccessPolicy.checkWrite(who, p);
        return state.set(p, value, origin);
    }

    /** Moves {@code p} by {@code delta} in its own units (clamped); returns the value applied. */
    public double nudge(Principal who, Param p, double delta, Object origin) throws ProtocolError {
        AccessPolicy.checkWrite(who, p);
        if (!Double.isFinite(delta)) throw new ProtocolError(ProtocolError.WRONG_TYPE, "delta must be finite", p.path());
        return state.nudge(p, delta, origin);
    }

    /** What a read returns: one parameter's value, or every value under a prefix. */
    public sealed interface Reading permits Value, Values {}

    /** One parameter and its value as a client sees it ({@link Param#toExternal}). */
    public record Value(Param param, Object value) implements Reading {}

    /** Every value under {@code prefix}, by canonical path. */
    public record Values(String prefix, Map<String, Object> values) implements Reading {}

    /**
     * Reads {@code path} for {@code who} (every logged-in role reads): one parameter, or every
     * value under it as a prefix ({@code ch/3}); an unknown prefix is {@code unknown_path}.
     */
    public Reading get(Principal who, String path) throws ParamException, ProtocolError {
        AccessPolicy.checkRead(who);
        Param single = state.registry().find(path);
        if (single != null) return new Value(single, single.toExternal(state.get(single.slot())));
        return new Values(path, state.snapshot(path));
    }
}
