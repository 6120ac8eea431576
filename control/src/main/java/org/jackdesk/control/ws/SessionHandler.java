package org.jackdesk.control.ws;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamException;
import org.jackdesk.control.ChangeSink;
import org.jackdesk.control.ControlContext;
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
 * <p>Thread: control (the server's event loop) only.
 */
public final class SessionHandler implements ChangeSink {
    /** Protocol version in {@code hello}; bumped on incompatible changes. */
    public static final int PROTOCOL_VERSION = 1;
    /** Close code when the keepalive ping went unanswered. */
    public static final short CLOSE_KEEPALIVE = 4000;
    /** Close code when the server is full. */
    public static final short CLOSE_TRY_AGAIN_LATER = 1013;

    private static final AtomicLong COUNTER = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServerWebSocket ws;
    private final ControlContext ctx;
    private final ConsoleState state;
    private final String id;
    private final ChangeCoalescer coalescer;
    private final Set<String> touching = new LinkedHashSet<>();
    private final int maxBytes;
    private final long keepaliveNanos;

    private Buffer partial;
    private boolean partialIsText;
    private long partialBytes;
    private boolean partialTooLarge;
    private long lastInNanos = System.nanoTime();
    private long pingedAtNanos = -1;
    private long windowStartNanos = System.nanoTime();
    private int windowCount;
    private boolean windowErrorSent;
    private long keepaliveTimer = -1;
    private final Runnable meterTick = this::sendMeters;
    private boolean meterSubscribed;
    private int meterMask;
    private long meterSequence;
    private boolean open = true;
    /** security: who this connection is (docs/security.md); nothing but login/ping before {@link SessionAuth#ready()}. */
    private final SessionAuth auth;
    private boolean joined;

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
        ws.frameHandler(this::onFrame);
        ws.pongHandler(b -> alive());
        ws.closeHandler(v -> closed());
        ws.exceptionHandler(e -> { /* the close handler follows; nothing to undo here */ });
        send(hello());
        if (auth.ready()) join(); // security: a console with users waits for the login
        long tick = Math.max(10, ctx.options().keepaliveMs() / 4);
        keepaliveTimer = ctx.vertx().setPeriodic(tick, t -> checkKeepalive());
    }

    /** Snapshot, then changes: registered in the same event-loop turn as the snapshot is taken, so no change falls between. */
    private void join() {
        if (joined || !open) return;
        joined = true;
        send(new JsonObject().put("op", "snapshot").put("values", new JsonObject(state.snapshot())));
        ctx.hub().add(this, true);
        if (ctx.show() != null) for (JsonObject n : ctx.show().notices().standing()) send(n);
    }

    private JsonObject hello() {
        Layout layout = state.registry().layout();
        JsonArray channels = new JsonArray();
        for (Layout.Channel c : layout.channels()) channels.add(new JsonObject().put("name", c.name()).put("stereo", c.stereo()));
        JsonArray buses = new JsonArray();
        for (Layout.Bus b : layout.buses()) buses.add(new JsonObject().put("name", b.name()).put("stereo", b.stereo()));
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
                .put("layout", new JsonObject().put("channels", channels).put("buses", buses))
                .put("meters", new JsonObject().put("sections", sections)
                        .put("channels", bank.channels()).put("buses", bank.buses())
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
        if (!admit()) return;
        if (tooLarge) {
            sendError(new ProtocolError(ProtocolError.TOO_LARGE,
                    "message of " + bytes + " bytes is over the limit of " + maxBytes + " bytes; nothing was applied"));
            return;
        }
        if (!text) {
            sendError(new ProtocolError(ProtocolError.BAD_MESSAGE, "binary messages are not accepted; send JSON text"));
            return;
        }
        try {
            String json = data.toString();
            if (auth.intercept(json, this::send, this::join)) { // security: login / logout
                if (!auth.valid()) endLogin();
                return;
            }
            handle(ClientMessage.parse(json));
        } catch (ProtocolError e) {
            sendError(e);
        }
    }

    /** Per-client rate limit in one-second windows: the excess is dropped, with one error a window. */
    private boolean admit() {
        long now = System.nanoTime();
        if (now - windowStartNanos >= 1_000_000_000L) {
            windowStartNanos = now;
            windowCount = 0;
            windowErrorSent = false;
        }
        boolean mine = ++windowCount <= ctx.options().maxMessagesPerSecond();
        if (mine && auth.admitMessage()) return true; // security: the server-wide budget too
        if (!windowErrorSent) {
            windowErrorSent = true;
            sendError(new ProtocolError(ProtocolError.RATE_LIMITED, mine
                    ? "the console is receiving more than " + ctx.security().limits().maxTotalPerSecond()
                            + " messages a second from all clients together; the excess this second is dropped"
                    : "more than " + ctx.options().maxMessagesPerSecond() + " messages in a second; the excess this second is dropped"));
        } else {
            ctx.metrics().error(ProtocolError.RATE_LIMITED);
        }
        return false;
    }

    private void handle(ClientMessage m) throws ProtocolError {
        try {
            if (m instanceof ClientMessage.Set s) {
                Param p = state.registry().require(s.path());
                auth.checkWrite(p); // security: role
                double v = state.set(p, p.parse(s.value()), id);
                send(ack(s.id(), p, v));
            } else if (m instanceof ClientMessage.Nudge n) {
                Param p = state.registry().require(n.path());
                auth.checkWrite(p); // security: role
                if (!Double.isFinite(n.delta())) throw new ProtocolError(ProtocolError.WRONG_TYPE, "delta must be finite", p.path());
                double v = state.nudge(p, n.delta(), id);
                send(ack(n.id(), p, v));
            } else if (m instanceof ClientMessage.Get g) {
                auth.checkRead(); // security: logged in
                send(get(g));
            } else if (m instanceof ClientMessage.Touch t) {
                Param p = state.registry().require(t.path());
                auth.checkWrite(p); // security: only who may move it says they touch it
                boolean changed = t.on() ? touching.add(p.path()) : touching.remove(p.path());
                if (changed) ctx.hub().touched(this, p.path(), t.on(), id);
            } else if (m instanceof ClientMessage.Subscribe s) {
                auth.checkRead(); // security: logged in
                subscribe(s);
            } else if (m instanceof ClientMessage.Reset r) {
                auth.checkRead(); // security: logged in (a meter reset changes no setting)
                if (!ctx.engine().command(r.command())) throw MeterReset.busy();
                JsonObject done = new JsonObject().put("op", "reset").put("meters", r.what());
                if (r.id() != null) done.put("id", r.id());
                send(done);
            } else if (m instanceof ClientMessage.SceneOp op) {
                if (op.op().equals("scene.list") || op.op().equals("scene.get")) auth.checkRead(); // security: reading
                else auth.checkRole(Role.ENGINEER, "change or recall scenes"); // security: scenes need engineer
                if (ctx.scenes() == null) throw new ProtocolError(ProtocolError.NO_SCENES, "this server keeps no scenes");
                JsonObject reply = ctx.scenes().run(op.op(), op.args());
                if (op.id() != null) reply.put("id", op.id());
                send(reply);
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

    private JsonObject get(ClientMessage.Get g) throws ParamException {
        JsonObject r;
        Param single = state.registry().find(g.path());
        if (single != null) {
            r = new JsonObject().put("op", "value").put("path", single.path()).put("value", single.toExternal(state.get(single.slot())));
        } else {
            Map<String, Object> values = state.snapshot(g.path());
            r = new JsonObject().put("op", "values").put("path", g.path()).put("values", new JsonObject(values));
        }
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

    private void sendMeters() {
        if (!open || ws.isClosed()) return;
        if (ws.writeQueueFull()) {
            meterSequence++; // a slow client skips frames; the sequence shows the gap
            return;
        }
        ws.writeBinaryMessage(ctx.meters().frame(meterMask, meterSequence++));
        ctx.metrics().meterFrameOut();
    }

    @Override
    public void changed(Param param, double value, Object origin) {
        if (!open || id.equals(origin)) return; // the sender hears about its own change through ack
        coalescer.offer(param, value, origin);
    }

    private void emitChanged(Param p, double v, Object origin) {
        if (!open) return;
        send(new JsonObject().put("op", "changed").put("path", p.path()).put("value", p.toExternal(v))
                .put("by", String.valueOf(origin)));
    }

    @Override
    public void message(JsonObject m) {
        if (open) send(m);
    }

    @Override
    public void touched(String path, boolean on, String by) {
        if (!open) return;
        send(new JsonObject().put("op", "touch").put("path", path).put("on", on).put("by", by));
    }

    private void alive() {
        lastInNanos = System.nanoTime();
        pingedAtNanos = -1;
    }

    private void checkKeepalive() {
        if (!open) return;
        if (!auth.valid()) {
            endLogin(); // security: token expired or revoked
            return;
        }
        long now = System.nanoTime();
        if (pingedAtNanos < 0) {
            if (now - lastInNanos >= keepaliveNanos) {
                pingedAtNanos = now;
                send(new JsonObject().put("op", "ping"));
                ws.writePing(Buffer.buffer("jackdesk"));
            }
        } else if (now - pingedAtNanos >= keepaliveNanos) {
            ws.close(CLOSE_KEEPALIVE, "keepalive: no message for " + (2 * ctx.options().keepaliveMs()) + " ms");
            closed(); // a dead client never completes the closing handshake; release it now
        }
    }

    /** The login ended (logout, expiry, revocation): close; the client reconnects and logs in again. */
    private void endLogin() {
        ws.close(SessionAuth.CLOSE_LOGGED_OUT, "logged out");
        closed();
    }

    private void closed() {
        if (!open) return;
        open = false;
        auth.closed(); // security: frees the address's connection slot
        coalescer.close();
        if (keepaliveTimer >= 0) ctx.vertx().cancelTimer(keepaliveTimer);
        if (meterSubscribed) ctx.meters().unsubscribe(meterTick);
        meterSubscribed = false;
        if (joined) ctx.hub().remove(this, true);
        for (String path : List.copyOf(touching)) ctx.hub().touched(this, path, false, id);
        touching.clear();
    }

    private void sendError(ProtocolError e) {
        ctx.metrics().error(e.code());
        JsonObject m = new JsonObject().put("op", "error");
        if (e.requestId() != null) m.put("id", e.requestId());
        m.put("code", e.code()).put("message", e.getMessage());
        if (e.path() != null) m.put("path", e.path());
        send(m);
    }

    private void send(JsonObject m) {
        if (ws.isClosed()) return;
        ws.writeTextMessage(m.encode());
        ctx.metrics().messageOut();
    }

    /** Refuses a connection over the limit: one clear error, then a close with 1013 (try again later). */
    public static void refuse(ServerWebSocket ws, ControlContext ctx) {
        ctx.metrics().error(ProtocolError.TOO_MANY_CONNECTIONS);
        ws.writeTextMessage(new JsonObject().put("op", "error").put("code", ProtocolError.TOO_MANY_CONNECTIONS)
                .put("message", "the console already has " + ctx.hub().webSocketCount() + " clients (the limit is "
                        + ctx.options().maxConnections() + "); close one and reconnect").encode());
        ws.close(CLOSE_TRY_AGAIN_LATER, "too many connections");
    }
}
