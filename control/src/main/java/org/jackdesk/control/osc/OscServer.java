package org.jackdesk.control.osc;

import com.illposed.osc.BufferBytesReceiver;
import com.illposed.osc.OSCBundle;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacket;
import com.illposed.osc.OSCParseException;
import com.illposed.osc.OSCParser;
import com.illposed.osc.OSCSerializeException;
import com.illposed.osc.OSCSerializer;
import com.illposed.osc.OSCSerializerAndParserBuilder;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamException;
import org.jackdesk.config.ParamType;
import org.jackdesk.control.ChangeSink;
import org.jackdesk.control.ControlContext;
import org.jackdesk.control.ParameterService;
import org.jackdesk.control.ProtocolError;
import org.jackdesk.control.security.Principal;
import org.jackdesk.control.security.Security;

/**
 * OSC over UDP: the parameter namespace with a leading slash ({@code /ch/1/fader ,f -6.0}).
 * A message with one argument sets, one without queries (the answer goes to the sender);
 * {@code /subscribe} (renewed within {@link #SUBSCRIPTION_MS}, like the X32's {@code /xremote})
 * sends the sender every change; {@code /unsubscribe} stops it. Refused values are answered with
 * {@code /error ,sss code path message}; packets that do not parse are counted and ignored.
 * JavaOSC does the encoding; Vert.x does the socket, so nothing blocks the event loop.
 *
 * <p>Thread: control (the server's event loop) only.
 */
public final class OscServer implements ChangeSink {
    public static final long SUBSCRIPTION_MS = 10_000;
    private static final int MAX_DATAGRAM = 65_507;

    private final ControlContext ctx;
    private final OSCParser parser;
    private final ByteBuffer outBuffer = ByteBuffer.allocate(MAX_DATAGRAM);
    private final OSCSerializer serializer;
    /** Subscriber address → expiry (nanoTime). */
    private final Map<SocketAddress, Long> subscribers = new LinkedHashMap<>();
    /**
     * Each sender address in the parameter service (host → client): its message budget. Changes
     * carry the sender's host and port as their origin ({@link #origin}), so a subscriber is not
     * echoed its own moves.
     */
    private final ParameterService.Senders senders;
    private ParameterService.Subscription feed;
    private DatagramSocket socket;
    private long sweepTimer = -1;

    /** Senders tracked at once; beyond this (e.g. a flood from spoofed addresses) new ones share one window. */
    static final int MAX_TRACKED_SENDERS = 4096;


    public OscServer(ControlContext ctx) {
        this.ctx = ctx;
        this.senders = ctx.params().senders("osc:", () -> ctx.security().oscPrincipal(), MAX_TRACKED_SENDERS);
        OSCSerializerAndParserBuilder builder = new OSCSerializerAndParserBuilder();
        this.parser = builder.buildParser();
        this.serializer = builder.buildSerializer(new BufferBytesReceiver(outBuffer));
    }

    /** Binds the UDP socket; the future fails with a clear message when the port is taken. */
    public Future<Integer> listen(String host, int port) {
        socket = ctx.vertx().createDatagramSocket(new DatagramSocketOptions().setReceiveBufferSize(1 << 20));
        socket.handler(this::onPacket);
        sweepTimer = ctx.vertx().setPeriodic(1000, t -> sweep());
        return socket.listen(port, host)
                .map(s -> s.localAddress().port())
                .recover(e -> Future.failedFuture(new IllegalStateException(
                        "cannot listen for OSC on udp " + host + ":" + port + ": " + e.getMessage()
                                + " (is another jackdesk or OSC app using it? choose another with --osc-port)", e)));
    }

    /**
     * Follows the console (once the socket listens): every change reaches the OSC subscribers,
     * on behalf of the OSC principal ({@code server.oscUser}). Thread: control.
     */
    public void subscribe() {
        try {
            feed = ctx.params().subscribe(ctx.security().oscPrincipal(), this, false);
        } catch (ProtocolError e) {
            throw new IllegalStateException("the OSC principal may not read the console: " + e.getMessage(), e);
        }
    }

    public Future<Void> close() {
        if (feed != null) feed.close();
        feed = null;
        if (sweepTimer >= 0) ctx.vertx().cancelTimer(sweepTimer);
        return socket == null ? Future.succeededFuture() : socket.close();
    }

    private void onPacket(DatagramPacket packet) {
        Buffer data = packet.data();
        OSCPacket p;
        try {
            p = parser.convert(ByteBuffer.wrap(data.getBytes()));
        } catch (OSCParseException | RuntimeException e) {
            ctx.metrics().messageIn();
            ctx.metrics().oscMalformed();
            return;
        }
        handle(p, packet.sender(), 0);
    }

    private void handle(OSCPacket p, SocketAddress from, int depth) {
        if (p instanceof OSCBundle b) {
            if (depth > 8) {
                ctx.metrics().oscMalformed();
                return;
            }
            for (OSCPacket inner : b.getPackets()) handle(inner, from, depth + 1);
        } else if (p instanceof OSCMessage m) {
            ctx.metrics().messageIn();
            handleMessage(m, from);
        }
    }

    /**
     * The same per-client limit as WebSocket ({@code ServerOptions.maxMessagesPerSecond}), per
     * sender address, plus the server-wide budget: the excess is dropped, with one {@code /error
     * rate_limited} a second to the sender. Checked before anything is answered, so a flood with a
     * forged sender address cannot turn the console into an amplifier of error replies.
     */
    private boolean admit(SocketAddress from) {
        ParameterService.Client sender = senders.of(from.host());
        ParameterService.Admission a = sender.admit();
        if (a.admitted()) return true;
        ctx.metrics().error(ProtocolError.RATE_LIMITED);
        ProtocolError e = sender.refusal(a, "OSC messages", "");
        if (e != null) send(new OSCMessage("/error", List.of(e.code(), "", e.getMessage())), from);
        return false;
    }

    private void handleMessage(OSCMessage m, SocketAddress from) {
        if (!admit(from)) return;
        String address = m.getAddress();
        List<Object> args = m.getArguments();
        if (!ctx.security().oscAllowed(from)) { // security: OSC has no login, so an address allow-list (docs/security.md)
            error(Security.oscRefused(from, address.startsWith("/") ? address.substring(1) : address), from);
            return;
        }
        if (address.equals("/subscribe") || address.equals("/xremote")) {
            subscribers.put(from, System.nanoTime() + SUBSCRIPTION_MS * 1_000_000L);
            ctx.metrics().oscSubscribers(subscribers.size());
            return;
        }
        if (address.startsWith("/midi/") && ctx.midi() != null) {
            midi(address, args, from);
            return;
        }
        if (address.startsWith("/recorder/") && ctx.params().recorder() != null) {
            recorder(address, from);
            return;
        }
        if (address.startsWith("/player/") && ctx.params().player() != null) {
            player(address, args, from);
            return;
        }
        if (address.equals("/unsubscribe")) {
            subscribers.remove(from);
            ctx.metrics().oscSubscribers(subscribers.size());
            return;
        }
        try {
            Principal who = ctx.security().oscPrincipal(); // security: the role of server.oscUser
            if (args.isEmpty()) {
                // A query: one parameter's value (a prefix such as /ch/3 is not an OSC read)
                Param p = ctx.params().param(address);
                if (!(ctx.params().get(who, p.path()) instanceof ParameterService.Value v)) throw new IllegalStateException(address);
                send(message(p, v.raw()), from);
            } else if (args.size() == 1) {
                Param p = ctx.params().param(address);
                ctx.params().checkWrite(who, p); // before the value is read: a refused sender learns nothing more
                ctx.params().setValue(who, p, parse(p, args.get(0)), origin(from));
            } else {
                Param p = ctx.params().param(address);
                throw new ProtocolError(ProtocolError.WRONG_TYPE, p.path() + " takes one argument, not " + args.size(), p.path());
            }
        } catch (ParamException e) {
            error(ProtocolError.of(e), from);
        } catch (ProtocolError e) {
            error(e, from);
        }
    }

    /**
     * {@code /midi/learn ,s path}, {@code /midi/clear ,s path}, {@code /midi/cancel} (docs/midi.md),
     * with the OSC principal's role (engineer): answered with {@code /midi/ack ,ss op path}.
     */
    private void midi(String address, List<Object> args, SocketAddress from) {
        String op = "midi." + address.substring("/midi/".length());
        try {
            org.jackdesk.control.security.AccessPolicy.checkRole(ctx.security().oscPrincipal(),
                    org.jackdesk.control.security.Role.ENGINEER, "learn or clear MIDI mappings");
            io.vertx.core.json.JsonObject a = new io.vertx.core.json.JsonObject();
            if (!args.isEmpty()) a.put("path", String.valueOf(args.get(0)));
            io.vertx.core.json.JsonObject reply = ctx.midi().run(op, a);
            String path = reply.getString("path");
            send(new OSCMessage("/midi/ack", List.of(op, path == null ? "" : path)), from);
        } catch (ProtocolError e) {
            error(e, from);
        }
    }

    /**
     * {@code /player/load ,s take}, {@code /player/play}, {@code /player/stop}, {@code /player/locate ,f seconds},
     * {@code /player/loop ,iff on from to} (seconds; {@code ,i 0} turns it off), {@code /player/unload},
     * {@code /player/status} (docs/recording.md#playback) with the OSC principal's role (the service
     * checks it): answered with {@code /player/status ,iiffi loaded playing position seconds underruns}.
     */
    private void player(String address, List<Object> args, SocketAddress from) {
        String op = "player." + address.substring("/player/".length());
        try {
            io.vertx.core.json.JsonObject a = new io.vertx.core.json.JsonObject();
            switch (op) {
                case "player.load" -> {
                    if (args.size() != 1) throw new ProtocolError(ProtocolError.BAD_MESSAGE, "/player/load takes the take's folder name (,s)");
                    a.put("take", String.valueOf(args.get(0)));
                }
                case "player.locate" -> {
                    if (args.size() != 1 || !(args.get(0) instanceof Number n)) {
                        throw new ProtocolError(ProtocolError.BAD_MESSAGE, "/player/locate takes the position in seconds (,f)");
                    }
                    a.put("seconds", n.doubleValue());
                }
                case "player.loop" -> {
                    if (args.isEmpty() || !(args.get(0) instanceof Number on) || (on.intValue() != 0 && args.size() != 3)) {
                        throw new ProtocolError(ProtocolError.BAD_MESSAGE, "/player/loop takes ,iff on from to (seconds), or ,i 0 to turn it off");
                    }
                    a.put("on", on.intValue() != 0);
                    if (on.intValue() != 0) {
                        if (!(args.get(1) instanceof Number f) || !(args.get(2) instanceof Number t)) {
                            throw new ProtocolError(ProtocolError.BAD_MESSAGE, "/player/loop takes ,iff on from to (seconds)");
                        }
                        a.put("from", f.doubleValue()).put("to", t.doubleValue());
                    }
                }
                default -> { }
            }
            ctx.params().player().run(ctx.security().oscPrincipal(), op, a).onComplete(ar -> {
                if (ar.succeeded()) {
                    io.vertx.core.json.JsonObject s = ar.result().getJsonObject("player");
                    send(new OSCMessage("/player/status", List.of(s.getBoolean("loaded") ? 1 : 0, s.getBoolean("playing") ? 1 : 0,
                            s.getDouble("positionSeconds", 0.0).floatValue(), s.getDouble("seconds", 0.0).floatValue(),
                            (int) Math.min(Integer.MAX_VALUE, s.getLong("underruns")))), from);
                } else {
                    error(ar.cause() instanceof ProtocolError e ? e : new ProtocolError(org.jackdesk.control.record.PlayerService.PLAYER_FAILED,
                            String.valueOf(ar.cause().getMessage())), from);
                }
            });
        } catch (ProtocolError e) {
            error(e, from);
        }
    }

    /**
     * {@code /recorder/start}, {@code /recorder/stop}, {@code /recorder/status} (docs/recording.md)
     * with the OSC principal's role (the service checks it): answered with
     * {@code /recorder/status ,isiii recording folder frames droppedBlocks tracks}.
     */
    private void recorder(String address, SocketAddress from) {
        String op = "recorder." + address.substring("/recorder/".length());
        try {
            if (op.equals("recorder.takes")) {
                throw new ProtocolError(ProtocolError.UNKNOWN_OP, "the take list is over WebSocket and REST (GET /api/recorder/takes); OSC has "
                        + "/recorder/start, /recorder/stop, /recorder/status");
            }
            ctx.params().recorder().run(ctx.security().oscPrincipal(), op, null).onComplete(ar -> {
                if (ar.succeeded()) {
                    io.vertx.core.json.JsonObject s = ar.result().getJsonObject("recorder");
                    send(new OSCMessage("/recorder/status", List.of(s.getBoolean("recording") ? 1 : 0, s.getString("folder", ""),
                            (int) Math.min(Integer.MAX_VALUE, s.getLong("frames")), (int) Math.min(Integer.MAX_VALUE, s.getLong("droppedBlocks")),
                            s.getInteger("tracks"))), from);
                } else {
                    error(ar.cause() instanceof ProtocolError e ? e : new ProtocolError(org.jackdesk.control.record.RecorderService.RECORDER_FAILED,
                            String.valueOf(ar.cause().getMessage())), from);
                }
            });
        } catch (ProtocolError e) {
            error(e, from);
        }
    }

    /** OSC apps send ints for switches and choices: an int on an enum is its index when not a name. */
    private static double parse(Param p, Object arg) throws ParamException {
        if (arg instanceof Character c) arg = String.valueOf(c);
        try {
            return p.parse(arg);
        } catch (ParamException e) {
            if (p.type() == ParamType.ENUM && arg instanceof Integer i) return p.check(i);
            throw e;
        }
    }

    public static String origin(SocketAddress from) {
        return "osc:" + from.host() + ":" + from.port();
    }

    /** The OSC form of a value: float for numbers, int 0/1 for switches, the name for choices. */
    static OSCMessage message(Param p, double v) {
        Object arg;
        if (p.type() == ParamType.BOOL) arg = v != 0 ? 1 : 0;
        else if (p.type() == ParamType.ENUM) arg = (String) p.toExternal(v);
        else arg = (float) v;
        return new OSCMessage("/" + p.path(), List.of(arg));
    }

    private void error(ProtocolError e, SocketAddress to) {
        ctx.metrics().error(e.code());
        send(new OSCMessage("/error", List.of(e.code(), e.path() == null ? "" : e.path(), e.getMessage())), to);
    }

    @Override
    public void changed(Param param, double value, Object origin) {
        if (subscribers.isEmpty()) return;
        OSCMessage m = message(param, value);
        long now = System.nanoTime();
        for (Map.Entry<SocketAddress, Long> en : subscribers.entrySet()) {
            if (now - en.getValue() > 0) continue; // expired; the sweep removes it
            if (origin instanceof String o && o.equals(origin(en.getKey()))) continue; // no echo to the mover
            send(m, en.getKey());
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        senders.sweep(); // idle for a whole window
        for (Iterator<Long> it = subscribers.values().iterator(); it.hasNext(); ) {
            if (now - it.next() > 0) it.remove();
        }
        ctx.metrics().oscSubscribers(subscribers.size());
    }

    private void send(OSCMessage m, SocketAddress to) {
        Buffer b;
        try {
            outBuffer.clear();
            serializer.write(m);
            outBuffer.flip();
            byte[] bytes = new byte[outBuffer.remaining()];
            outBuffer.get(bytes);
            b = Buffer.buffer(bytes);
        } catch (OSCSerializeException | RuntimeException e) {
            ctx.metrics().error("osc_encode");
            return;
        }
        ctx.metrics().messageOut();
        socket.send(b, to.port(), to.host());
    }

    /** Live subscribers (tests, metrics). */
    public int subscriberCount() {
        return subscribers.size();
    }
}
