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
 * <p>It polls every millisecond while the controller is in use (a message or feedback in the
 * last {@link #BUSY_MS}) and every {@link #IDLE_POLL_MS} otherwise, so an idle console does not
 * wake its event loop a thousand times a second: JACK delivers MIDI once per period (1.3 ms at
 * 64 frames), so a move waits at most one poll; absolute moves that arrived in the same poll are
 * one set each (the latest), so a flood from a fader costs one change per control per poll. A refusal
 * (a monitor-role surface on a channel fader, a budget spent) is counted, never answered: a
 * controller has no screen.
 *
 * <p>Thread: control (the server's event loop), everything.
 */
public final class MidiServer implements ChangeSink {
    /** The origin of the first pair's controller's changes; another pair's is {@code midi:NAME} ({@link #origin}). */
    public static final String ORIGIN = "midi";
    static final long POLL_MS = 1;
    static final long IDLE_POLL_MS = 10;
    static final long BUSY_MS = 2000;
    private long busyUntilNanos;
    private boolean closed;
    /**
     * The controller's message budget: 100 controls moving 40 times a second. Absolute moves are
     * already one per control per poll; one refused by the budget is held over (the latest
     * position) and applied when the budget allows, so a fader never ends where the console does
     * not show it.
     */
    public static final int MESSAGES_PER_SECOND = 4000;
    /** Messages handled per poll at most; the rest wait in the ring for the next. */
    static final int MAX_PER_POLL = 2048;

    private final io.vertx.core.Vertx vertx;
    private final ParameterService params;
    private final org.jackdesk.control.ServerMetrics metrics;
    private final org.jackdesk.control.scene.LiveShow show;
    private final org.jackdesk.control.ClientHub hub;
    private final MidiTransport transport;
    /** This pair's name ({@code midi} for the first) and its changes' origin. */
    private final String pair;
    private final String origin;
    private final Principal principal;
    private final ParameterService.Client client;
    private final MidiMapper mapper;
    /** The engine's meters (a new engine brings new meters), for the Mackie surface's meter LEDs; may give null. */
    private final java.util.function.Supplier<org.jackdesk.engine.MeterBank> meters;
    private float[] meterValues = new float[0];
    /** The Mackie Control surface ({@code midi.mackie}), or null. */
    private final MackieSurface mackie;
    private final byte[] msg = new byte[MidiRing.SLOT_BYTES];
    private volatile MidiConfig config;
    private volatile Consumer<MidiConfig> onMappingsChanged = c -> { };
    private long timer = -1;
    private long refused;
    private long handled;
    private long sysex;

    /**
     * @param show scenes (program change recalls them), or null
     * @param cfg the running configuration (its {@code midi} section and users); null: no mappings, engineer role
     */
    public MidiServer(io.vertx.core.Vertx vertx, ParameterService params, org.jackdesk.control.ServerMetrics metrics,
                      org.jackdesk.control.scene.LiveShow show, org.jackdesk.control.ClientHub hub, MidiTransport transport,
                      ConsoleConfig cfg, java.util.function.Supplier<org.jackdesk.engine.MeterBank> meters) {
        this(vertx, params, metrics, show, hub, transport, cfg, cfg == null ? MidiConfig.NONE : cfg.midi(), meters);
    }

    /**
     * The adapter of one port pair (docs/midi.md, "More port pairs"): {@code pairConfig} is its
     * controller (mappings, Mackie Control, the user it acts for); {@code cfg} gives the users and
     * the layout.
     */
    public MidiServer(io.vertx.core.Vertx vertx, ParameterService params, org.jackdesk.control.ServerMetrics metrics,
                      org.jackdesk.control.scene.LiveShow show, org.jackdesk.control.ClientHub hub, MidiTransport transport,
                      ConsoleConfig cfg, MidiConfig pairConfig, java.util.function.Supplier<org.jackdesk.engine.MeterBank> meters) {
        this.meters = meters;
        this.pair = transport.name();
        this.origin = origin(pair);
        this.vertx = vertx;
        this.params = params;
        this.metrics = metrics;
        this.show = show;
        this.hub = hub;
        this.transport = transport;
        this.config = pairConfig == null ? MidiConfig.NONE : pairConfig;
        this.principal = principal(cfg, config.user());
        this.client = params.client(origin, () -> principal, this,
                ORIGIN.equals(origin) ? "from the MIDI controller" : "from the MIDI controller on " + transport.inPort(), MESSAGES_PER_SECOND);
        this.mapper = new MidiMapper(params.state().registry(), new MidiMapper.Target() {
            @Override
            public double value(Param p) {
                return params.state().get(p.slot());
            }

            @Override
            public boolean set(Param p, double value) {
                return MidiServer.this.set(p, value);
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
        this.mackie = !config.mackie() ? null : new MackieSurface(params.state().registry(), cfg == null ? null : cfg.layout(),
                new MackieSurface.Host() {
            @Override
            public double value(Param p) {
                return params.state().get(p.slot());
            }

            @Override
            public boolean set(Param p, double value) {
                return MidiServer.this.set(p, value);
            }

            @Override
            public void touch(Param p, boolean on) {
                try {
                    client.touch(p, on);
                } catch (ProtocolError e) {
                    refuse();
                }
            }

            @Override
            public boolean send(byte[] m, int len) {
                return transport.send(m, 0, len);
            }

            @Override
            public boolean record(boolean start) {
                return MidiServer.this.record(start);
            }
        });
    }

    /**
     * RECORD or STOP on the surface: the recorder's operation on behalf of the MIDI principal (its
     * service checks the role: a monitor-role surface is refused and counted). False without a recorder.
     */
    private boolean record(boolean start) {
        org.jackdesk.control.record.RecorderService svc = params.recorder();
        if (svc == null) return false;
        try {
            svc.run(principal, start ? "recorder.start" : "recorder.stop", null).onFailure(e -> refuse());
        } catch (ProtocolError e) {
            refuse();
        }
        recorderPolled = Long.MIN_VALUE / 2; // show the new state as soon as the recorder has it
        return true;
    }

    /** The recorder's state is asked for this often for the surface (its LEDs and timecode display). */
    static final long RECORDER_POLL_NANOS = 200_000_000L;
    private long recorderPolled = Long.MIN_VALUE / 2;
    private boolean recorderAsked;

    /** Asks the recorder for its state on a worker (it may be busy finishing a take) and hands it to the surface. */
    private void pollRecorder(long now) {
        org.jackdesk.control.record.RecorderService svc = params.recorder();
        if (mackie == null || svc == null || recorderAsked || now - recorderPolled < RECORDER_POLL_NANOS) return;
        recorderPolled = now;
        recorderAsked = true;
        vertx.executeBlocking(() -> svc.recorder().status(), false).onComplete(ar -> {
            recorderAsked = false;
            if (ar.succeeded() && !closed) mackie.recorder(ar.result().recording(), ar.result().frames(), ar.result().sampleRate());
        });
    }

    /** The Mackie Control surface, or null when {@code midi.mackie} is off. */
    public MackieSurface mackie() {
        return mackie;
    }

    /** The origin of the changes of the pair named {@code pair}: {@code midi} for the first, else {@code midi:NAME}. */
    public static String origin(String pair) {
        return MidiTransport.PRIMARY.equals(pair) ? ORIGIN : ORIGIN + ":" + pair;
    }

    /** This pair's name ({@code midi} for the first). */
    public String pair() {
        return pair;
    }

    /** The principal the controller acts for. */
    public Principal principal() {
        return principal;
    }

    /** The configured user's principal, or the engineer role. */
    static Principal principal(ConsoleConfig cfg) {
        return principal(cfg, cfg == null ? null : cfg.midi().user());
    }

    /** {@code user}'s principal (a user of {@code cfg}), or the engineer role. */
    static Principal principal(ConsoleConfig cfg, String user) {
        if (user != null && cfg != null) {
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
        busyUntilNanos = System.nanoTime() + BUSY_MS * 1_000_000L; // the start-up feedback
        if (mackie != null) mackie.queryUntilAnswered(System.nanoTime());
        timer = vertx.setTimer(POLL_MS, t -> poll());
    }

    public void close() {
        closed = true;
        if (timer >= 0) vertx.cancelTimer(timer);
        timer = -1;
        if (learnTimer >= 0) vertx.cancelTimer(learnTimer);
        client.close();
    }

    private void poll() {
        if (closed) return;
        long now = System.nanoTime();
        try {
            pollOnce(now);
        } catch (RuntimeException e) {
            // A bug in a mapping must not end the adapter: the next poll comes all the same.
            metrics.error("midi_internal");
            if (!internalLogged) LOG.log(System.Logger.Level.WARNING, "MIDI adapter failed on a message; it carries on", e);
            internalLogged = true;
        } finally {
            if (!closed) timer = vertx.setTimer(now - busyUntilNanos < 0 ? POLL_MS : IDLE_POLL_MS, t -> poll());
        }
    }

    private static final System.Logger LOG = System.getLogger(MidiServer.class.getName());
    private boolean internalLogged;

    private void pollOnce(long now) {
        for (int i = 0; i < MAX_PER_POLL; i++) {
            int n = transport.poll(msg);
            if (n < 0) break;
            busyUntilNanos = now + BUSY_MS * 1_000_000L;
            handled++;
            if (mackie != null && mackie.handle(msg, n)) continue;
            if ((msg[0] & 0xff) == 0xF0) {
                sysex++; // the generic mapping has no SysEx (Mackie Control's is the surface's, above)
                metrics.midiUnmapped(pair);
                continue;
            }
            long before = mapper.unmapped();
            mapper.handle(msg, n);
            if (mapper.unmapped() != before) metrics.midiUnmapped(pair);
        }
        if (mapper.applyPending()) busyUntilNanos = now + BUSY_MS * 1_000_000L;
        if (mapper.flushFeedback(now)) busyUntilNanos = now + BUSY_MS * 1_000_000L;
        if (mackie != null && mackie.flush(now)) busyUntilNanos = now + BUSY_MS * 1_000_000L;
        if (mackie != null) mackie.queryUntilAnswered(now);
        pollRecorder(now);
        if (mackie != null && meters != null) {
            org.jackdesk.engine.MeterBank bank = meters.get();
            if (bank != null) {
                if (meterValues.length < bank.size()) meterValues = new float[bank.size()];
                bank.read(meterValues);
                mackie.meters(meterValues, bank, now);
            }
        }
    }

    /** False when the budget is spent this second (the caller may hold the move over); a refusal is counted. */
    private boolean set(Param p, double value) {
        ParameterService.Admission a = client.admit();
        if (!a.admitted()) {
            // Counted as every protocol's (jackdesk_errors_total{code="rate_limited"}); an absolute move is held over.
            metrics.error(ProtocolError.RATE_LIMITED);
            return false;
        }
        try {
            client.setValue(p, value);
        } catch (ParamException | ProtocolError e) {
            refuse();
            metrics.error(e instanceof ProtocolError pe ? pe.code() : ProtocolError.of((ParamException) e).code());
        }
        return true;
    }

    private void recall(int program) {
        if (show == null) {
            refuse();
            return;
        }
        try {
            AccessPolicy.checkRole(principal, Role.ENGINEER, "recall scenes");
            SceneManager m = show.scenes();
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
        metrics.midiRefused(pair);
    }

    @Override
    public void changed(Param param, double value, Object origin) {
        boolean own = this.origin.equals(origin);
        boolean due = mapper.changed(param, value, own);
        if (mackie != null) due |= mackie.changed(param, own);
        if (due) busyUntilNanos = System.nanoTime() + BUSY_MS * 1_000_000L;
    }

    /** The mappings in force and the rest of the MIDI configuration. Thread: any. */
    public MidiConfig config() {
        return config;
    }

    /** Called with the new configuration whenever the mappings change (learn, clear). */
    public void onMappingsChanged(Consumer<MidiConfig> listener) {
        onMappingsChanged = listener == null ? c -> { } : listener;
    }

    /** How long a learn waits for a control to move. */
    public static final long LEARN_MS = 30_000;
    /** The ops of {@link #run}. */
    public static final List<String> OPS = List.of("midi.list", "midi.learn", "midi.cancel", "midi.clear");

    /**
     * One MIDI operation from WebSocket, REST or OSC ({@code args}: the message): {@code
     * midi.list} (the mappings and what a learn waits for), {@code midi.learn {path}} (the next
     * control moved is mapped to it; every client is told {@code midi.learned} with the mapping,
     * or with {@code expired} after {@link #LEARN_MS}), {@code midi.cancel}, {@code midi.clear
     * {path}} (removes the mappings of that address). The caller checked the role (engineer;
     * {@code midi.list} any logged-in one). The mappings are saved with the show. Thread: control.
     *
     * @throws ProtocolError {@code bad_message} without a path, {@code unknown_path} for an address the console lacks
     */
    public io.vertx.core.json.JsonObject run(String op, io.vertx.core.json.JsonObject args) throws ProtocolError {
        switch (op) {
            case "midi.list" -> {
                return listing();
            }
            case "midi.learn" -> {
                Param p = path(args);
                mapper.learn(p, m -> learned(p, m));
                long token = ++learnToken;
                if (learnTimer >= 0) vertx.cancelTimer(learnTimer);
                learnTimer = vertx.setTimer(LEARN_MS, t -> {
                    if (token != learnToken || mapper.learning() == null) return;
                    mapper.cancelLearn();
                    hub.broadcast(new io.vertx.core.json.JsonObject().put("op", "midi.learned").put("path", p.path()).put("expired", true));
                });
                return ack(op).put("path", p.path()).put("learning", true);
            }
            case "midi.cancel" -> {
                Param p = mapper.learning();
                mapper.cancelLearn();
                return ack(op).put("path", p == null ? null : p.path());
            }
            case "midi.clear" -> {
                Param p = path(args);
                List<MidiMapping> keep = new java.util.ArrayList<>();
                for (MidiMapping m : mapper.mappings()) if (!p.path().equals(m.path())) keep.add(m);
                int removed = mapper.mappings().size() - keep.size();
                if (removed > 0) setMappings(keep);
                hub.broadcast(new io.vertx.core.json.JsonObject().put("op", "midi.cleared").put("path", p.path()).put("removed", removed));
                return ack(op).put("path", p.path()).put("removed", removed);
            }
            default -> throw new ProtocolError(ProtocolError.UNKNOWN_OP, "unknown op '" + op + "'; MIDI ops: " + String.join(", ", OPS));
        }
    }

    private long learnToken;
    private long learnTimer = -1;

    private void learned(Param p, MidiMapping m) {
        config = config.withMappings(mapper.mappings());
        onMappingsChanged.accept(config);
        hub.broadcast(new io.vertx.core.json.JsonObject().put("op", "midi.learned").put("path", p.path()).put("control", m.control())
                .put("mapping", new io.vertx.core.json.JsonObject(org.jackdesk.config.midi.MidiJson.write(m).toString())));
    }

    private Param path(io.vertx.core.json.JsonObject args) throws ProtocolError {
        Object v = args == null ? null : args.getValue("path");
        if (!(v instanceof String s) || s.isBlank()) {
            throw new ProtocolError(ProtocolError.BAD_MESSAGE, "midi.learn and midi.clear need \"path\": a parameter address such as \"ch/1/fader\"");
        }
        try {
            return params.param(s);
        } catch (ParamException e) {
            throw ProtocolError.of(e);
        }
    }

    private static io.vertx.core.json.JsonObject ack(String op) {
        return new io.vertx.core.json.JsonObject().put("op", "midi.ack").put("request", op);
    }

    /** The {@code midi} message: mappings in force (as in the configuration) and the address a learn waits for. */
    public io.vertx.core.json.JsonObject listing() {
        Param l = mapper.learning();
        return new io.vertx.core.json.JsonObject().put("op", "midi")
                .put("mappings", new io.vertx.core.json.JsonArray(org.jackdesk.config.midi.MidiJson.write(mapper.mappings()).toString()))
                .put("learning", l == null ? null : l.path());
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

    /** Changes the console refused (role, range, no such scene); the budget's refusals are rate_limited errors. */
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
