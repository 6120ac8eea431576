package org.jackdesk.control;

import io.vertx.core.Vertx;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.control.security.Security;
import org.jackdesk.control.ws.MeterSampler;
import org.jackdesk.engine.EngineControl;

/**
 * What every protocol handler of one server shares. Thread: the server's event loop, except
 * {@link #state()} and {@link #engine()}, which are thread-safe. {@link #security()}: logins,
 * roles and limits (docs/security.md).
 */
public record ControlContext(Vertx vertx, ConsoleState state, EngineControl engine, ServerOptions options,
                             ServerMetrics metrics, ClientHub hub, MeterSampler meters, String serverVersion,
                             Security security) {}
