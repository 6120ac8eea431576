package org.jackdesk.control.ws;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamException;
import org.jackdesk.control.ChangeSink;
import org.jackdesk.control.ControlContext;
import org.jackdesk.control.ParameterService;
import org.jackdesk.control.ProtocolError;
import org.jackdesk.control.security.Role;
import org.jackdesk.control.security.SessionAuth;
import org.jackdesk.engine.MeterBank;

/**
 * One WebSocket client: greets it with hello + snapshot, answers its requests, forwards the
 * console's changes (coalesced), streams meters at its rate, enforces the size and rate limits and
 * the keepalive. Every refusal is an {@code error} message; the connection stays and nothing
 * reaches the console or the engine.
 *
 * <p>A client that does not read its socket costs bounded memory: once {@link #MAX_QUEUED_BYTES}
 * wait in its queue, its meter frames are skipped and its changes and touches are held back (the
 * latest per control, so at most one per parameter) and sent when the queue drains; if nothing of
 * its queue goes out for {@code keepaliveMs} it is closed with {@link #CLOSE_NOT_READING}.
 *
 * <p>Thread: control (the server's event loop) only.
 */
public final class SessionHandler implements ChangeSink {
    /** Protocol version in {@code hello}; bumped on incompatible changes. */
    public static final int PROTOCOL_VERSION = 1;
    /**
     * A client holding a control (touch on) that is not heard from for this long lets go of it: a
     * tablet frozen in the browser's back/forward cache, asleep, or off the network must not keep
     * the "who is touching" highlight on every other device until the keepalive closes it. A
     * holding client sends something at least every 500 ms: the tablet re-sends its touch (docs/protocol.md).
     */
    static final long TOUCH_LAPSE_MS = 1500;
    /** How often the keepalive timer looks (at most): the lapse is noticed within 1.75 s. */
    static final long TOUCH_CHECK_MS = 250;
    /**
     * After a close, the TCP connection is closed outright if still open this long after: the
     * closing handshake's 2 s ({@code ControlServer}'s WebSocket closing timeout) and a margin
     * (see {@link HangUp}).
     */
    static final long HANG_UP_MS = 2500;
    /** Close code when the keepalive ping went unanswered. */
    public static final short CLOSE_KEEPALIVE = 4000;
    /** Close code when the server is full. */
    public static final short CLOSE_TRY_AGAIN_LATER = 1013;
    /** Close code when the client's queue stayed full, nothing of it sent, for {@code keepaliveMs}: it does not read. */
    public static final short CLOSE_NOT_READING = 4002;
    /** The metrics' error code counted when a client is closed for not reading. */
    public static final String SLOW_CLIENT = "slow_client";
    /**
     * Bytes that may wait in one client's queue (handed to the transport, not yet written to its
     * socket) before meter frames are skipped and changes and touches held back for it.
     */
    public static final int MAX_QUEUED_BYTES = 64 * 1024;
    /**
     * Beyond this a client is closed at once: only replies to its own requests and the rare
     * broadcast go past {@link #MAX_QUEUED_BYTES}, so a client reaches it only by sending requests
     * (e.g. large {@code get}s) without reading the answers.
     */
    public static final int MAX_QUEUED_BYTES_HARD = 1 << 20;

    private static final AtomicLong COUNTER = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServerWebSocket ws;
    private final ControlContext ctx;
    private final ConsoleState state;
    /** This connection in the parameter service: its principal, message budget, held controls and change feed. */
    private final ParameterService.Client client;
    private final String id;
    private final ChangeCoalescer coalescer;
    private final int maxBytes;
    private final long keepaliveNanos;

    private Buffer partial;
    private boolean partialIsText;
    private long partialBytes;
    private boolean partialTooLarge;
    private long lastInNanos = System.nanoTime();
    private long pingedAtNanos = -1;
    private long keepaliveTimer = -1;
    private long loginTimer = -1;
    private final Runnable meterTick = this::sendMeters;
    private boolean meterSubscribed;
    private RtaStreamer.Subscription rtaStream;
    /** This client switched talkback on last: if it vanishes while momentary, talkback stops (docs/tools.md). */
    private boolean holdsTalk;
    private int meterMask;
    private long meterSequence;
    private boolean open = true;
    /** Bytes handed to the transport and not yet written to the socket (see {@link #MAX_QUEUED_BYTES}). */
    private long queuedBytes;
    /** When the queue last went out (a write completed) or was empty. */
    private long progressNanos = System.nanoTime();
    /** Changes held back while the queue is full: the parameters in order, their last origin. */
    private final List<Param> heldChanges = new ArrayList<>();
    private final boolean[] changeHeld;
    private final Object[] heldOrigin;
    /** Touches held back while the queue is full, the latest per control and toucher. */
    private final Map<String, JsonObject> heldTouches = new LinkedHashMap<>();
    /** security: who this connection is (docs/security.md); nothing but login/ping before {@link SessionAuth#ready()}. */
    private final SessionAuth auth;
    private boolean joined;
    /** Sets over the rate limit, the latest per control, waiting for the next window (see {@link #deferIfSet}). */
    private final Map<String, ClientMessage.Set> deferredSets = new LinkedHashMap<>();
    private long deferTimer = -1;
    /**
     * Batching (docs/protocol.md), asked for with {@code /ws?batch=1}: the text messages produced
     * while the event loop handles one round of network input go out as one frame, a JSON array,
     * when there are several. Many tablets moving at once then cost one write per client per round
     * instead of one per message; a lone message still goes out in the same loop iteration.
     */
    private final boolean batch;
    /** A batch frame holds at most about this much text (a single larger message still goes alone). */
    static final int MAX_BATCH_CHARS = 32 * 1024;
    private final StringBuilder batchText = new StringBuilder();
    private int batchCount;
    private boolean batchScheduled;

    public SessionHandler(ServerWebSocket ws, ControlContext ctx) {
        this.ws = ws;
        this.ctx = ctx;
        this.state = ctx.state();
        this.id = newSessionId();
        this.coalescer = new ChangeCoalescer(ctx.vertx(), state.registry().size(),
                ChangeCoalescer.DEFAULT_INTERVAL_NANOS, this::emitChanged);
        this.maxBytes = ctx.options().maxFrameBytes();
        this.keepaliveNanos = ctx.options().keepaliveMs() * 1_000_000L;
        this.auth = ctx.security().session(ws);
        this.client = ctx.params().client(id, auth::principal, this, "");
        this.changeHeld = new boolean[state.registry().size()];
        this.heldOrigin = new Object[state.registry().size()];
        String q = ws.query();
        this.batch = q != null && java.util.Arrays.asList(q.split("&")).contains("batch=1");
    }

    static String newSessionId() {
        return "s" + COUNTER.incrementAndGet() + "-" + Integer.toHexString(RANDOM.nextInt(1 << 24) | (1 << 24)).substring(1);
    }

    public String id() {
        return id;
    }

    /** Greets the client and starts serving it. */
    public void start() {
        if (!auth.admit(ws)) return; // security: connections per address
        auth.onEnded(this::endLogin); // security: a revoked or expired token closes this connection at once
        ws.frameHandler(this::onFrame);
        ws.pongHandler(b -> alive());
        ws.closeHandler(v -> closed());
        ws.exceptionHandler(this::onTransportError);
        ws.drainHandler(v -> flushHeld());
        send(hello());
        if (auth.ready()) join(); // security: a console with users waits for the login
        long grace = auth.loginGraceMillis();
        if (grace > 0) loginTimer = ctx.vertx().setTimer(grace, t -> closeWithoutLogin(grace)); // security: no idle login screens
        long tick = Math.max(10, Math.min(TOUCH_CHECK_MS, ctx.options().keepaliveMs() / 4));
        keepaliveTimer = ctx.vertx().setPeriodic(tick, t -> checkKeepalive());
    }

    /**
     * A frame the transport refused: over the frame cap (1009), invalid UTF-8 in a text message
     * (1007), reserved bits or opcodes (1002). RFC 6455 wants a close with that code; the
     * transport only drops the connection, so the close is sent here. Other errors: the close
     * handler follows, nothing to undo.
     */
    private void onTransportError(Throwable e) {
        if (!(e instanceof io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException c) || !open) return;
        ctx.metrics().error(c.closeStatus().code() == 1009 ? ProtocolError.TOO_LARGE : ProtocolError.BAD_MESSAGE);
        ws.close((short) c.closeStatus().code(), c.closeStatus().code() == 1009 ? "frame too large"
                : c.closeStatus().code() == 1007 ? "invalid UTF-8" : "protocol error");
        closed();
    }

    /** Snapshot, then changes: registered in the same event-loop turn as the snapshot is taken, so no change falls between. */
    private void join() {
        if (joined || !open) return;
        joined = true;
        try {
            client.subscribe(true); // the snapshot follows in this event-loop turn: no change falls between
        } catch (ProtocolError e) {
            sendError(e); // not reached: join() runs once the login holds
            return;
        }
        send(new JsonObject().put("op", "snapshot").put("values", new JsonObject(state.snapshot())));
        if (ctx.show() != null) for (JsonObject n : ctx.show().notices().standing()) send(n);
    }

    /** The {@code layout}: names only for a connection that may read (security: see {@link HelloLayout}). */
    private JsonObject layout(boolean names) {
        return HelloLayout.of(state.registry().layout(), ctx.params().labels(), names);
    }

    private JsonObject hello() {
        MeterBank bank = ctx.engine().meters();
        JsonArray sections = new JsonArray();
        for (MeterFrame.Section s : MeterFrame.Section.values()) sections.add(s.id());
        return new JsonObject()
                .put("op", "hello")
                .put("version", PROTOCOL_VERSION)
                .put("server", ctx.serverVersion())
                .put("session", id)
                .put("sampleRate", ctx.engine().sampleRate())
                .put("periodFrames", ctx.engine().periodFrames())
                .put("backend", ctx.engine().backendStatus())
                .put("layout", layout(auth.ready()))
                .put("meters", new JsonObject().put("sections", sections)
                        .put("channels", bank.channels()).put("buses", bank.buses()).put("fx", bank.fx())
                        .put("chFields", MeterBank.CH_FIELDS).put("busFields", MeterBank.BUS_FIELDS)
                        .put("loudnessFields", MeterBank.LOUD_FIELDS).put("frameVersion", MeterFrame.VERSION)
                        .put("minFps", ClientMessage.MIN_FPS).put("maxFps", ClientMessage.MAX_FPS))
                .put("limits", new JsonObject()
                        .put("maxFrameBytes", maxBytes)
                        .put("maxMessagesPerSecond", ctx.options().maxMessagesPerSecond())
                        .put("keepaliveMs", ctx.options().keepaliveMs()))
                .put("auth", auth.helloInfo());
    }

    private void onFrame(WebSocketFrame f) {
        alive();
        if (!(f.isText() || f.isBinary() || f.isContinuation())) return; // ping/pong/close: handled by Vert.x
        if (!f.isContinuation()) {
            partial = null;
            partialBytes = 0;
            partialTooLarge = false;
            partialIsText = f.isText();
        }
        Buffer data = f.binaryData();
        partialBytes += data.length();
        if (!partialTooLarge) {
            if (partialBytes > maxBytes) {
                partialTooLarge = true;
                partial = null;
            } else if (!f.isFinal() || partial != null) {
                if (partial == null) partial = Buffer.buffer();
                partial.appendBuffer(data);
            }
        }
        if (!f.isFinal()) return;
        Buffer whole = partial != null ? partial : data;
        partial = null;
        onMessage(whole, partialIsText, partialTooLarge, partialBytes);
    }

    private void onMessage(Buffer data, boolean text, boolean tooLarge, long bytes) {
        ctx.metrics().messageIn();
        if (!admit()) {
            deferIfSet(data, text, tooLarge);
            return;
        }
        if (tooLarge) {
            sendError(new ProtocolError(ProtocolError.TOO_LARGE,
                    "message of " + bytes + " bytes is over the limit of " + maxBytes + " bytes; nothing was applied"));
            return;
        }
        if (!text) {
            sendError(new ProtocolError(ProtocolError.BAD_MESSAGE, "binary messages are not accepted; send JSON text"));
            return;
        }
        String json;
        try {
            json = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(data.getBytes())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            // RFC 6455 8.1: a text message that is not UTF-8 fails the connection with 1007.
            ctx.metrics().error(ProtocolError.BAD_MESSAGE);
            ws.close((short) 1007, "invalid UTF-8 in a text message");
            closed();
            return;
        }
        try {
            // security: login / logout; a login's answer carries the strip names the hello left out
            if (auth.intercept(json, m -> send("authenticated".equals(m.getString("op")) ? m.put("layout", layout(true)) : m), this::join)) {
                if (!auth.valid()) endLogin();
                return;
            }
            if (!auth.valid()) { // security: the token expired since the last message
                endLogin();
                return;
            }
            handle(ClientMessage.parse(json));
        } catch (ProtocolError e) {
            sendError(e);
        }
    }

    /**
     * Over the rate limit, a {@code set} is not simply dropped: the latest one of each control is
     * kept (at most one per parameter, so memory stays bounded) and applied, and acked, when the
     * next window's budget allows. A tablet whose messages arrive in a burst after a Wi-Fi stall
     * then still ends where the engineer left each fader; everything else in the excess is dropped.
     * Sets are applied in the order their controls were first deferred.
     */
    private void deferIfSet(Buffer data, boolean text, boolean tooLarge) {
        if (!text || tooLarge || !auth.ready() || !open) return;
        ClientMessage m;
        try {
            m = ClientMessage.parse(data.toString());
        } catch (ProtocolError e) {
            return; // dropped like any other excess
        }
        if (!(m instanceof ClientMessage.Set set)) return;
        Param p = state.registry().find(set.path());
        if (p == null) return;
        deferredSets.remove(p.path()); // the latest value goes last
        deferredSets.put(p.path(), set);
        ctx.metrics().heldBack();
        if (deferTimer < 0) {
            long wait = client.budgetEndsNanos() - System.nanoTime();
            deferTimer = ctx.vertx().setTimer(Math.max(1, wait / 1_000_000 + 1), t -> applyDeferred());
        }
    }

    private void applyDeferred() {
        deferTimer = -1;
        if (!open) return;
        for (var it = deferredSets.values().iterator(); it.hasNext(); ) {
            ClientMessage.Set set = it.next();
            // Counted against the budget, but a refusal here is not the client's new excess: no error.
            if (!client.admitHeldOver()) break;
            it.remove();
            try {
                handle(set);
            } catch (ProtocolError e) {
                sendError(e);
            }
        }
        if (!deferredSets.isEmpty()) {
            long wait = client.budgetEndsNanos() - System.nanoTime();
            deferTimer = ctx.vertx().setTimer(Math.max(1, wait / 1_000_000 + 1), t -> applyDeferred());
        }
    }

    /**
     * The parameter service's message budgets (this client's, all clients'): the excess is
     * dropped, with one error a second; sets are held over ({@link #deferIfSet}).
     */
    private boolean admit() {
        ParameterService.Admission a = client.admit();
        if (a.admitted()) return true;
        ProtocolError e = client.refusal(a, "messages",
                ", except the latest set of each control, which is applied and acked when the budget allows");
        if (e != null) sendError(e);
        else ctx.metrics().error(ProtocolError.RATE_LIMITED);
        return false;
    }

    private void handle(ClientMessage m) throws ProtocolError {
        try {
            if (m instanceof ClientMessage.Set s) {
                Param p = ctx.params().param(s.path());
                client.checkWrite(p); // security: role, before the held-over set is dropped
                deferredSets.remove(p.path()); // a newer set supersedes one held over the rate limit
                double v = client.set(p, s.value());
                if (p.path().equals("talkback/talk")) holdsTalk = v > 0.5;
                send(ack(s.id(), p, v));
            } else if (m instanceof ClientMessage.Nudge n) {
                Param p = ctx.params().param(n.path());
                client.checkWrite(p); // security: role, before the held-over set is replayed
                ClientMessage.Set held = deferredSets.remove(p.path());
                if (held != null) handle(held); // in order: the set held over the rate limit, then this nudge
                double v = client.nudge(p, n.delta());
                send(ack(n.id(), p, v));
            } else if (m instanceof ClientMessage.Get g) {
                send(get(g));
            } else if (m instanceof ClientMessage.Touch t) {
                client.touch(ctx.params().param(t.path()), t.on()); // security: only who may move it says they touch it
            } else if (m instanceof ClientMessage.Subscribe s) {
                auth.checkRead(); // security: logged in
                subscribe(s);
            } else if (m instanceof ClientMessage.Reset r) {
                auth.checkMeterReset(String.valueOf(r.what()), r.target()); // security: resets are an engineer's, a monitor's for its own buses (AccessPolicy)
                if (!MeterReset.apply(ctx.engine(), r.command(), r.target())) throw MeterReset.busy();
                JsonObject done = new JsonObject().put("op", "reset").put("meters", r.what());
                if (r.target() != null) done.put("target", r.target());
                if (r.id() != null) done.put("id", r.id());
                send(done);
            } else if (m instanceof ClientMessage.SceneOp op) {
                if (op.op().equals("scene.list") || op.op().equals("scene.get")) auth.checkRead(); // security: reading
                else auth.checkRole(Role.ENGINEER, "change or recall scenes"); // security: scenes need engineer
                if (ctx.scenes() == null) throw new ProtocolError(ProtocolError.NO_SCENES, "this server keeps no scenes");
                JsonObject reply = ctx.scenes().run(op.op(), op.args());
                if (op.id() != null) reply.put("id", op.id());
                send(reply);
            } else if (m instanceof ClientMessage.MidiOp op) {
                if (op.op().equals("midi.list")) auth.checkRead(); // security: reading
                else auth.checkRole(Role.ENGINEER, "learn or clear MIDI mappings"); // security: mappings need engineer
                if (ctx.midi() == null) throw new ProtocolError("no_midi", "this console has no MIDI ports (jack.midi is false, docs/midi.md)");
                JsonObject reply = ctx.midi().run(op.op(), op.args());
                if (op.id() != null) reply.put("id", op.id());
                send(reply);
            } else if (m instanceof ClientMessage.HistoryOp op) {
                // the parameter service checks the role: reading for the list, every value's write for an undo
                JsonObject reply = op.op().equals("history.list") ? org.jackdesk.control.HistoryApi.list(ctx.params(), client.principal())
                        : org.jackdesk.control.HistoryApi.undo(ctx.params(), client.principal(), org.jackdesk.control.HistoryApi.id(op.entry()), id);
                if (op.id() != null) reply.put("id", op.id());
                send(reply);
            } else if (m instanceof ClientMessage.LabelOp op) {
                // the parameter service checks the role (engineer); every client then gets "labels"
                JsonObject reply = org.jackdesk.control.LabelApi.label(ctx.params(), client.principal(),
                        org.jackdesk.control.LabelApi.target(op.args()), op.args(), id);
                if (op.id() != null) reply.put("id", op.id());
                send(reply);
            } else if (m instanceof ClientMessage.PasteOp op) {
                // the parameter service authorizes every value written (all or nothing)
                JsonObject reply = org.jackdesk.control.PasteApi.paste(ctx.params(), client.principal(), op.args(), id);
                if (op.id() != null) reply.put("id", op.id());
                send(reply);
            } else if (m instanceof ClientMessage.LibraryOp op) {
                // LibraryApi checks the role: reading for list/get, engineer for the rest
                JsonObject reply = org.jackdesk.control.LibraryApi.run(ctx.params(), ctx.show() == null ? null : ctx.show().scenes().library(),
                        client.principal(), op.op(), op.args(), id);
                if (op.id() != null) reply.put("id", op.id());
                send(reply);
            } else if (m instanceof ClientMessage.LayerOp op) {
                // the parameter service checks the role (engineer to change, any reader to list); every client then gets "layers"
                JsonObject reply = org.jackdesk.control.LayerApi.run(ctx.params(), client.principal(), op.op(), op.args());
                if (op.id() != null) reply.put("id", op.id());
                send(reply);
            } else if (m instanceof ClientMessage.RecorderOp op) {
                recorder(op);
            } else if (m instanceof ClientMessage.FeedbackOp op) {
                feedback(op);
            } else if (m instanceof ClientMessage.PlayerOp op) {
                player(op);
            } else if (m instanceof ClientMessage.Rta r) {
                auth.checkRead(); // security: logged in (an analyser reads, like meters)
                rta(r);
            } else if (m instanceof ClientMessage.Ping p) {
                JsonObject pong = new JsonObject().put("op", "pong");
                if (p.id() != null) pong.put("id", p.id());
                send(pong);
            }
            // Pong: alive() already noted it.
        } catch (ParamException e) {
            throw ProtocolError.of(e).withRequestId(m.id());
        } catch (ProtocolError e) {
            throw e.requestId() == null ? e.withRequestId(m.id()) : e;
        }
    }

    private static JsonObject ack(Object reqId, Param p, double v) {
        JsonObject a = new JsonObject().put("op", "ack");
        if (reqId != null) a.put("id", reqId);
        return a.put("path", p.path()).put("value", p.toExternal(v));
    }

    private JsonObject get(ClientMessage.Get g) throws ParamException, ProtocolError {
        ParameterService.Reading read = client.get(g.path()); // security: logged in
        JsonObject r = read instanceof ParameterService.Value v
                ? new JsonObject().put("op", "value").put("path", v.param().path()).put("value", v.value())
                : new JsonObject().put("op", "values").put("path", ((ParameterService.Values) read).prefix())
                        .put("values", new JsonObject(((ParameterService.Values) read).values()));
        if (g.id() != null) r.put("id", g.id());
        return r;
    }

    private void subscribe(ClientMessage.Subscribe s) {
        if (meterSubscribed) ctx.meters().unsubscribe(meterTick);
        meterSubscribed = false;
        meterMask = MeterFrame.Section.mask(s.sections());
        JsonArray names = new JsonArray();
        for (MeterFrame.Section sec : s.sections()) names.add(sec.id());
        JsonObject reply = new JsonObject().put("op", "subscribed").put("meters", names).put("fps", meterMask == 0 ? 0 : s.fps());
        if (s.id() != null) reply.put("id", s.id());
        send(reply);
        if (meterMask != 0) {
            ctx.meters().subscribe(meterTick, s.fps());
            meterSubscribed = true;
        }
    }

    /** This client's RTA stream (docs/protocol.md, "RTA frames"): one at a time; a new one replaces it. */
    private void rta(ClientMessage.Rta r) throws ProtocolError {
        ctx.meters().rta().unsubscribe(rtaStream);
        rtaStream = null;
        JsonObject reply = new JsonObject().put("op", "rta").put("source", r.sourceText());
        if (r.source() != null) {
            rtaStream = ctx.meters().rta().subscribe(r.source(), r.bands(), r.averaging(), r.fps(), frame -> {
                if (!open || ws.isClosed() || congested()) return; // a slow client skips frames; the sequence shows it
                track(ws.writeBinaryMessage(frame), frame.length());
            });
            JsonArray centres = new JsonArray();
            for (double c : rtaStream.centresHz()) centres.add(Math.round(c * 10) / 10.0);
            reply.put("bands", r.bands()).put("averaging", r.averaging().name().toLowerCase(java.util.Locale.ROOT))
                    .put("fps", r.fps()).put("centres", centres);
        }
        if (r.id() != null) reply.put("id", r.id());
        send(reply);
    }

    private void sendMeters() {
        if (!open || ws.isClosed()) return;
        if (!auth.valid()) { // security: nothing more for a login that ended
            endLogin();
            return;
        }
        if (congested()) {
            meterSequence++; // a slow client skips frames; the sequence shows the gap
            ctx.metrics().heldBack();
            return;
        }
        Buffer frame = ctx.meters().frame(meterMask, meterSequence++);
        track(ws.writeBinaryMessage(frame), frame.length());
        ctx.metrics().meterFrameOut();
    }

    @Override
    public void changed(Param param, double value, Object origin) {
        if (!open || id.equals(origin)) return; // the sender hears about its own change through ack
        coalescer.offer(param, value, origin);
    }

    private void emitChanged(Param p, double v, Object origin) {
        if (!open) return;
        if (!heldChanges.isEmpty() || congested()) {
            holdChange(p, origin);
            return;
        }
        sendChanged(p, v, origin);
    }

    private void sendChanged(Param p, double v, Object origin) {
        sendText(ctx.hub().changedText(p, v, origin));
    }

    /** Keeps one entry per parameter: when it is sent, it carries the console's value of that moment. */
    private void holdChange(Param p, Object origin) {
        int s = p.slot();
        heldOrigin[s] = origin;
        if (!changeHeld[s]) {
            changeHeld[s] = true;
            heldChanges.add(p);
        }
        ctx.metrics().heldBack();
    }

    /** Sends what was held back, in order, as long as the queue has room. Thread: control. */
    private void flushHeld() {
        if (!open) return;
        int sent = 0;
        while (sent < heldChanges.size() && !congested()) {
            Param p = heldChanges.get(sent++);
            int s = p.slot();
            changeHeld[s] = false;
            Object origin = heldOrigin[s];
            heldOrigin[s] = null;
            sendChanged(p, state.get(s), origin);
        }
        heldChanges.subList(0, sent).clear();
        for (var it = heldTouches.values().iterator(); it.hasNext() && !congested(); ) {
            JsonObject t = it.next();
            it.remove();
            send(t);
        }
    }

    /** The queue holds {@link #MAX_QUEUED_BYTES} or more, or the transport says it is full. */
    private boolean congested() {
        // writeQueueFull() throws once the socket is closed, which can happen before this session's
        // close handler runs (a tablet reloading its page): closed is not congested, the handler follows
        return queuedBytes >= MAX_QUEUED_BYTES || !ws.isClosed() && ws.writeQueueFull();
    }

    /** Counts a write's bytes until the transport has written them to the socket (or dropped them at close). */
    private void track(Future<Void> write, int bytes) {
        if (queuedBytes == 0) progressNanos = System.nanoTime();
        queuedBytes += bytes;
        ctx.metrics().queuedBytes(queuedBytes);
        write.onComplete(ar -> {
            queuedBytes -= bytes;
            progressNanos = System.nanoTime();
            if (!heldChanges.isEmpty() || !heldTouches.isEmpty()) {
                if (!congested()) flushHeld();
            }
        });
    }

    @Override
    public void message(JsonObject m) {
        if (open) send(m);
    }

    @Override
    public void touched(String path, boolean on, String by) {
        if (!open) return;
        JsonObject t = new JsonObject().put("op", "touch").put("path", path).put("on", on).put("by", by);
        if (!heldTouches.isEmpty() || congested()) {
            heldTouches.remove(path + '\n' + by); // the latest, at the end: order among touches is kept
            heldTouches.put(path + '\n' + by, t);
            ctx.metrics().heldBack();
            return;
        }
        send(t);
    }

    private void alive() {
        lastInNanos = System.nanoTime();
        pingedAtNanos = -1;
    }

    private void checkKeepalive() {
        if (!open || ws.isClosed()) return;
        if (client.holdsAny() && System.nanoTime() - lastInNanos >= TOUCH_LAPSE_MS * 1_000_000L) client.releaseAll();
        if (!auth.valid()) {
            endLogin(); // security: token expired or revoked
            return;
        }
        long now = System.nanoTime();
        if (congested() && now - progressNanos >= keepaliveNanos) {
            closeNotReading("nothing of its " + queuedBytes + " queued bytes went out for " + ctx.options().keepaliveMs() + " ms");
            return;
        }
        if (!heldChanges.isEmpty() || !heldTouches.isEmpty()) flushHeld();
        if (pingedAtNanos < 0) {
            if (now - lastInNanos >= keepaliveNanos) {
                pingedAtNanos = now;
                send(new JsonObject().put("op", "ping"));
                if (open) track(ws.writePing(Buffer.buffer("jackdesk")), 8);
            }
        } else if (now - pingedAtNanos >= keepaliveNanos) {
            flushBatch(); // what was said this round (e.g. logged_out) goes out before the close
            ws.close(CLOSE_KEEPALIVE, "keepalive: no message for " + (2 * ctx.options().keepaliveMs()) + " ms");
            closed(); // a dead client never completes the closing handshake; release it now
        }
    }

    /** The client does not read: its queue is dropped with the connection. */
    private void closeNotReading(String why) {
        ctx.metrics().error(SLOW_CLIENT);
        flushBatch(); // what was said this round (e.g. logged_out) goes out before the close
        ws.close(CLOSE_NOT_READING, "not reading: " + why);
        closed();
    }

    /** No login within the grace: the slot goes to someone else (a login screen reconnects when it is used). */
    private void closeWithoutLogin(long graceMs) {
        loginTimer = -1;
        if (!open || auth.ready()) return;
        sendError(new ProtocolError(org.jackdesk.control.security.AccessPolicy.UNAUTHORIZED,
                "no login within " + graceMs / 1000.0 + " s; connect again and log in"));
        flushBatch();
        ws.close(SessionAuth.CLOSE_NO_LOGIN, "no login");
        closed();
    }

    /** The login ended (logout, expiry, revocation): close; the client reconnects and logs in again. */
    private void endLogin() {
        if (!open) return;
        flushBatch(); // what was said this round (e.g. logged_out) goes out before the close
        ws.close(SessionAuth.CLOSE_LOGGED_OUT, "logged out");
        closed();
    }

    private void closed() {
        if (!open) return;
        open = false;
        HangUp.after(ctx.vertx(), ws, HANG_UP_MS); // a client that does not read never completes the closing handshake
        auth.closed(); // security: frees the address's connection slot
        coalescer.close();
        if (keepaliveTimer >= 0) ctx.vertx().cancelTimer(keepaliveTimer);
        if (loginTimer >= 0) ctx.vertx().cancelTimer(loginTimer);
        loginTimer = -1;
        if (deferTimer >= 0) ctx.vertx().cancelTimer(deferTimer);
        deferTimer = -1;
        deferredSets.clear();
        if (meterSubscribed) ctx.meters().unsubscribe(meterTick);
        meterSubscribed = false;
        ctx.meters().rta().unsubscribe(rtaStream); // gives the tap slot back when nobody else looks
        rtaStream = null;
        releaseTalk();
        client.close(); // its change feed ends; every control it held is let go, and every other client sees it
        heldChanges.clear();
        heldTouches.clear();
    }

    /**
     * A momentary talk held by a client that vanished (closed, dead network, kicked) ends with it,
     * as a finger lifted: talkback into the wedges and the dimmed main never stay on by accident.
     */
    private void releaseTalk() {
        if (!holdsTalk) return;
        holdsTalk = false;
        try {
            if (state.get("talkback/talk") > 0.5 && state.get("talkback/mode") < 0.5) state.set("talkback/talk", false, id);
        } catch (ParamException e) {
            throw new IllegalStateException(e); // both addresses are in every registry
        }
    }

    /** A recorder op: authorized by the service, its disk work on a worker, the reply back here. */
    private void recorder(ClientMessage.RecorderOp op) throws ProtocolError {
        org.jackdesk.control.record.RecorderService svc = ctx.params().recorder();
        if (svc == null) throw new ProtocolError(org.jackdesk.control.record.RecorderService.NO_RECORDER, "this server has no recorder");
        reply(svc.run(client.principal(), op.op(), op.args()), op.id(), org.jackdesk.control.record.RecorderService.RECORDER_FAILED);
    }

    /** A feedback op: authorized by the service, its work on the suppressor's thread, the reply back here. */
    private void feedback(ClientMessage.FeedbackOp op) throws ProtocolError {
        org.jackdesk.control.feedback.FeedbackService svc = ctx.params().feedback();
        if (svc == null) throw new ProtocolError(org.jackdesk.control.feedback.FeedbackService.NO_FEEDBACK, "this server has no feedback suppressor");
        reply(svc.run(client.principal(), op.op(), op.args(), id), op.id(), org.jackdesk.control.feedback.FeedbackService.NO_FEEDBACK);
    }

    /** A player op: authorized by the service, loading on a worker, the reply back here. */
    private void player(ClientMessage.PlayerOp op) throws ProtocolError {
        org.jackdesk.control.record.PlayerService svc = ctx.params().player();
        if (svc == null) throw new ProtocolError(org.jackdesk.control.record.PlayerService.NO_PLAYER, "this server has no player");
        reply(svc.run(client.principal(), op.op(), op.args()), op.id(), org.jackdesk.control.record.PlayerService.PLAYER_FAILED);
    }

    /**
     * A service's answer (the service checked the role before it began): its result with the
     * request's id, or its error; a failure that is not a {@link ProtocolError} becomes {@code failedCode}.
     */
    private void reply(io.vertx.core.Future<JsonObject> result, Object requestId, String failedCode) {
        result.onComplete(ar -> {
            if (ar.succeeded()) {
                JsonObject reply = ar.result();
                if (requestId != null) reply.put("id", requestId);
                send(reply);
            } else {
                ProtocolError e = ar.cause() instanceof ProtocolError p ? p : new ProtocolError(failedCode, String.valueOf(ar.cause().getMessage()));
                sendError(e.withRequestId(requestId));
            }
        });
    }

    private void sendError(ProtocolError e) {
        ctx.metrics().error(e.code());
        JsonObject m = new JsonObject().put("op", "error");
        if (e.requestId() != null) m.put("id", e.requestId());
        m.put("code", e.code()).put("message", e.getMessage());
        if (e.path() != null) m.put("path", e.path());
        send(m);
    }

    /** Replies and broadcasts: always queued, unless the queue is over {@link #MAX_QUEUED_BYTES_HARD}. */
    private void send(JsonObject m) {
        sendText(m.encode());
    }

    private void sendText(String text) {
        if (!open || ws.isClosed()) return;
        if (!auth.valid()) { // security: every write checks that the login still holds (revoked, expired)
            endLogin();
            return;
        }
        long waiting = queuedBytes + batchText.length();
        if (waiting > 0 && waiting + text.length() > MAX_QUEUED_BYTES_HARD) {
            closeNotReading("over " + MAX_QUEUED_BYTES_HARD + " bytes queued");
            return;
        }
        ctx.metrics().messageOut();
        if (!batch) {
            track(writeText(text), text.length());
            return;
        }
        if (batchCount > 0 && batchText.length() + text.length() > MAX_BATCH_CHARS) flushBatch(); // keep frames modest
        if (batchCount > 0) batchText.append(',');
        batchText.append(text);
        batchCount++;
        if (!batchScheduled) {
            batchScheduled = true;
            // Runs after the event loop has handled this round of input: everything queued meanwhile goes in one frame.
            ctx.vertx().getOrCreateContext().runOnContext(v -> flushBatch());
        }
    }

    private void flushBatch() {
        batchScheduled = false;
        if (batchCount == 0) return;
        String text = batchCount == 1 ? batchText.toString() : "[" + batchText + "]";
        batchText.setLength(0);
        batchCount = 0;
        if (!open || ws.isClosed()) return;
        track(writeText(text), text.length());
    }

    /**
     * The largest frame sent: a message longer than this many characters (the snapshot of a large
     * console is about 71 KB) goes out as a text frame and continuation frames (RFC 6455 5.4), so a
     * client whose frame limit is the common 64 KiB (Vert.x's and Jetty's default) reads it; at
     * most 3 bytes of UTF-8 a character (a surrogate pair is 4 bytes for 2), 16 384 characters are
     * at most 48 KiB.
     */
    static final int MAX_FRAME_CHARS = 16_384;

    private Future<Void> writeText(String text) {
        if (text.length() <= MAX_FRAME_CHARS) return ws.writeTextMessage(text);
        Future<Void> last = null;
        for (int from = 0; from < text.length(); ) {
            int to = Math.min(text.length(), from + MAX_FRAME_CHARS);
            if (to < text.length() && Character.isHighSurrogate(text.charAt(to - 1))) to--; // never split a pair
            String part = text.substring(from, to);
            boolean fin = to == text.length();
            last = ws.writeFrame(from == 0 ? io.vertx.core.http.WebSocketFrame.textFrame(part, fin)
                    : io.vertx.core.http.WebSocketFrame.continuationFrame(io.vertx.core.buffer.Buffer.buffer(part), fin));
            from = to;
        }
        return last;
    }

    /** Refuses a connection over the limit: one clear error, then a close with 1013 (try again later). */
    public static void refuse(ServerWebSocket ws, ControlContext ctx) {
        ctx.metrics().error(ProtocolError.TOO_MANY_CONNECTIONS);
        ws.writeTextMessage(new JsonObject().put("op", "error").put("code", ProtocolError.TOO_MANY_CONNECTIONS)
                .put("message", "the console already has " + ctx.hub().webSocketCount() + " clients (the limit is "
                        + ctx.options().maxConnections() + "); close one and reconnect").encode());
        ws.close(CLOSE_TRY_AGAIN_LATER, "too many connections");
        HangUp.after(ctx.vertx(), ws, HANG_UP_MS);
    }
}
