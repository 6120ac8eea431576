package org.jackdesk.control.midi;

import java.util.HashSet;
import java.util.List;
import java.util.function.Consumer;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamException;
import org.jackdesk.config.midi.MidiConfig;
import org.jackdesk.config.midi.MidiMapping;
import org.jackdesk.config.show.SceneException;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.control.ChangeSink;
import org.jackdesk.control.ControlContext;
import org.jackdesk.control.ParameterService;
import org.jackdesk.control.ProtocolError;
import org.jackdesk.control.security.AccessPolicy;
import org.jackdesk.control.security.Principal;
import org.jackdesk.control.security.Role;
import org.jackdesk.engine.midi.MidiRing;
import org.jackdesk.engine.midi.MidiTransport;

/**
 * The MIDI adapter (docs/midi.md): drains what the JACK thread queued from {@code midi_in},
 * maps it ({@link MidiMapper}) and changes the console through the parameter service on behalf
 * of the configured principal ({@code midi.user}, else the engineer role), and sends every change
 * from any source back to {@code midi_out}, rate-limited per control.
 *
 * <p>It polls every millisecond: JACK delivers MIDI once per period (1.3 ms at 64 frames), so a
 * move waits at most one poll; absolute moves that arrived in the same poll are one set each
 * (the latest), so a flood from a fader costs one change per control per millisecond. A refusal
 * (a monitor-role surface on a channel fader, a budget spent) is counted, never answered: a
 * controller has no screen.
 *
 * <p>Thread: control (the server's event loop), everything.
 */
public final class MidiServer implements ChangeSink {
    /** The origin of the controller's changes. */
    public static final String ORIGIN = "midi";
    static final long POLL_MS = 1;
    /** Messages handled per poll at most; the rest wait in the ring for the next. */
    static final int MAX_PER_POLL = 2048;

    private final ControlContext ctx;
    private final MidiTransport transport;
    private final Principal principal;
    private final ParameterService.Client client;
    private final MidiMapper mapper;
    private final byte[] msg = new byte[MidiRing.SLOT_BYTES];
    private volatile MidiConfig config;
    private volatile Consumer<MidiConfig> onMappingsChanged = c -> { };
    private long timer = -1;
    private long refused;
    private long handled;
    private long sysex;

    /** @param cfg the running configuration (its {@code midi} section and users); null: no mappings, engineer role */
    public MidiServer(ControlContext ctx, MidiTransport transport, ConsoleConfig cfg) {
        this.ctx = ctx;
        this.transport = transport;
        this.config = cfg == null ? MidiConfig.NONE : cfg.midi();
        this.principal = principal(cfg);
        this.client = ctx.params().client(ORIGIN, () -> principal, this, "from the MIDI controller");
        this.mapper = new MidiMapper(ctx.state().registry(), new MidiMapper.Target() {
            @Override
            public double value(Param p) {
                return ctx.state().get(p.slot());
            }

            @Override
            public void set(Param p, double value) {
                MidiServer.this.set(p, value);
            }

            @Override
            public void recallScene(int program) {
                MidiServer.this.recall(program);
            }

            @Override
            public boolean send(byte[] m, int len) {
                return transport.send(m, 0, len);
            }
        });
        mapper.setMappings(config.mappings());
    }

    /** The configured user's principal, or the engineer role. */
    static Principal principal(ConsoleConfig cfg) {
        String user = cfg == null ? null : cfg.midi().user();
        if (user != null) {
            for (ConsoleConfig.UserConfig u : cfg.userList()) {
                if (u.name().equals(user)) return new Principal(u.name(), Role.of(u.role()), new HashSet<>(u.buses()), u.talkback());
            }
        }
        return new Principal(ORIGIN, Role.ENGINEER, java.util.Set.of());
    }

    /** Starts following the console and polling the MIDI input. Thread: control. */
    public void start() {
        try {
            client.subscribe(false);
        } catch (ProtocolError e) {
            throw new IllegalStateException("the MIDI principal may not read the console: " + e.getMessage(), e);
        }
        timer = ctx.vertx().setPeriodic(POLL_MS, t -> poll());
    }

    public void close() {
        if (timer >= 0) ctx.vertx().cancelTimer(timer);
        timer = -1;
        client.close();
    }

    private void poll() {
        for (int i = 0; i < MAX_PER_POLL; i++) {
            int n = transport.poll(msg);
            if (n < 0) break;
            handled++;
            if ((msg[0] & 0xff) == 0xF0) {
                sysex++; // the generic mapping has no SysEx; Mackie Control's handshake is not built yet
                ctx.metrics().midiUnmapped();
                continue;
            }
            long before = mapper.unmapped();
            mapper.handle(msg, n);
            if (mapper.unmapped() != before) ctx.metrics().midiUnmapped();
        }
        mapper.applyPending();
        mapper.flushFeedback(System.nanoTime());
    }

    private void set(Param p, double value) {
        ParameterService.Admission a = client.admit();
        if (!a.admitted()) {
            refuse();
            ctx.metrics().error(ProtocolError.RATE_LIMITED);
            return;
        }
        try {
            client.setValue(p, value);
        } catch (ParamException | ProtocolError e) {
            refuse();
            ctx.metrics().error(e instanceof ProtocolError pe ? pe.code() : ProtocolError.of((ParamException) e).code());
        }
    }

    private void recall(int program) {
        if (ctx.show() == null) {
            refuse();
            return;
        }
        try {
            AccessPolicy.checkRole(principal, Role.ENGINEER, "recall scenes");
            SceneManager m = ctx.show().scenes();
            List<org.jackdesk.config.show.Scene> list = m.scenes();
            if (program >= list.size()) {
                refuse();
                return;
            }
            m.recall(list.get(program).id(), -1);
        } catch (ProtocolError | SceneException e) {
            refuse();
        }
    }

    private void refuse() {
        refused++;
        ctx.metrics().midiRefused();
    }

    @Override
    public void changed(Param param, double value, Object origin) {
        mapper.changed(param, value, ORIGIN.equals(origin));
    }

    /** The mappings in force and the rest of the MIDI configuration. Thread: any. */
    public MidiConfig config() {
        return config;
    }

    /** Called with the new configuration whenever the mappings change (learn, clear). */
    public void onMappingsChanged(Consumer<MidiConfig> listener) {
        onMappingsChanged = listener == null ? c -> { } : listener;
    }

    /** Replaces the mappings in force. Thread: control. */
    public void setMappings(List<MidiMapping> mappings) {
        mapper.setMappings(mappings);
        config = config.withMappings(mappings);
        onMappingsChanged.accept(config);
    }

    /** Messages that matched no mapping, SysEx included. */
    public long unmapped() {
        return mapper.unmapped() + sysex;
    }

    /** Changes the console refused (role, range, budget). */
    public long refused() {
        return refused;
    }

    public long handled() {
        return handled;
    }

    public MidiTransport transport() {
        return transport;
    }
}
