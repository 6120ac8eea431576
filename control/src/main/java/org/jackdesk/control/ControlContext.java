package org.jackdesk.control;

import io.vertx.core.Vertx;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.control.security.Security;
import org.jackdesk.control.scene.LiveShow;
import org.jackdesk.control.scene.SceneApi;
import org.jackdesk.control.ws.MeterSampler;
import org.jackdesk.engine.EngineControl;

/**
 * What every protocol handler of one server shares. Thread: the server's event loop, except
 * {@link #state()} and {@link #engine()}, which are thread-safe. {@link #security()}: logins,
 * roles and limits (docs/security.md).
 *
 * @param show   scenes and show files, or null when this server offers none (then the scene ops
 *               answer {@code no_scenes})
 * @param scenes the scene operations over {@code show}, or null with it
 * @param params set, nudge and get on behalf of a principal: every protocol changes parameters through it
 * @param midi   the MIDI adapter (mappings, learn; docs/midi.md), or null when the console has no MIDI ports
 */
public record ControlContext(Vertx vertx, ConsoleState state, EngineControl engine, ServerOptions options,
                             ServerMetrics metrics, ClientHub hub, MeterSampler meters, String serverVersion,
                             LiveShow show, SceneApi scenes, Security security, ParameterService params,
                             org.jackdesk.control.midi.MidiServer midi) {}
