package org.jackdesk.control;

import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Param;
import org.jackdesk.engine.EngineControl;

/**
 * Forwards every console-state change to an engine the caller runs (a test's or a benchmark's):
 * the one route state → engine that {@link Console} wires for a given engine ({@code EngineHost}
 * follows the state itself, the same way). The address was turned into a slot once by the
 * registry, so the engine sees an index and a checked value, never a string.
 *
 * <p>Thread: called by {@link ConsoleState} on the writing thread (control or worker), inside its
 * lock, so the engine receives the writes in the order the state applied them.
 * {@link EngineControl#setParam} never blocks.
 */
public final class EngineBridge implements ConsoleState.Listener {
    private final EngineControl engine;

    public EngineBridge(EngineControl engine) {
        this.engine = engine;
    }

    @Override
    public void changed(Param param, double value, Object origin) {
        engine.setParam(param.slot(), value);
    }
}
