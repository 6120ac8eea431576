package org.jackdesk.control.x32;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.SocketAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamException;
import org.jackdesk.control.ChangeSink;
import org.jackdesk.control.ControlContext;
import org.jackdesk.control.ParameterService;
import org.jackdesk.control.ProtocolError;
import org.jackdesk.control.security.AccessPolicy;
import org.jackdesk.control.security.RateWindow;
import org.jackdesk.control.security.Role;

/**
 * The Behringer X32's OSC dialect on its own UDP port (10023 by default), so the apps engineers
 * already own (Mixing Station, X32-Mix, Companion, the TouchOSC templates) mix jackdesk unchanged.
 * A thin adapter over the {@link ParameterService}, like {@code OscServer}: every sender address
 * is a service client (its message budget), reads and writes go through the service with the OSC
 * principal ({@code server.oscUser}) behind the OSC allow-list, and the service's change feed
 * reaches the {@code /xremote} clients. The addresses and value laws are {@link X32Map}'s and
 * {@link X32Law}'s; what an X32 has and jackdesk does not (the rest of {@link X32Tree}) is stored
 * and answered, doing nothing. {@code /subscribe}, {@code /formatsubscribe},
 * {@code /batchsubscribe} and {@code /meters} share one 50 ms tick; the meter banks are
 * {@link X32Meters}'. Reads (gets, {@code /node}) have a per-sender budget of their own, so an
 * app's sync of the whole tree is not cut to the budget of changes.
 *
 * <p>As an X32 does, it answers only what it understands: a malformed packet, an unknown address,
 * a wrong type or a refused set gets no reply and is counted on {@code /metrics}
 * ({@code jackdesk_errors_total{code="x32_…"}}, {@code forbidden}, {@code rate_limited}).
 *
 * <p>Thread: control (the server's event loop) only.
 */
public final class X32Server implements ChangeSink {
    /** How long {@code /xremote} lasts without renewal (the X32's 10 s). */
    public static final long XREMOTE_MS = 10_000;
    /** {@code /xremote} clients at once (an X32 serves four; jackdesk more). */
    public static final int MAX_XREMOTE = 16;
    static final int MAX_TRACKED_SENDERS = 4096;
    /** Reads a sender may send a second (gets, {@code /node}): a whole-tree sync in about half a second. */
    public static final int READS_PER_SECOND = 20_000;
    public static final String MODEL = "X32";
    public static final String FIRMWARE = "4.06";
    public static final String SERVER_VERSION = "V2.07";
    private static final List<String> COLOURS = List.of("OFF", "RD", "GN", "YE", "BL", "MG", "CY", "WH",
            "OFFi", "RDi", "GNi", "YEi", "BLi", "MGi", "CYi", "WHi");

    private final ControlContext ctx;
    private volatile LongSupplier nanos;
    private final long xremoteNanos;
    private final String name;
    private final Map<SocketAddress, Long> xremote = new LinkedHashMap<>();
    private final ParameterService.Senders senders;
    /** Each sender's read budget, by address (bounded by {@link #MAX_TRACKED_SENDERS}, swept each second). */
    private final Map<SocketAddress, RateWindow> readBudgets = new HashMap<>();
    /** Stored-only values set by clients, by canonical X32 address (bounded: only the table's addresses). */
    private final Map<String, Object> stored = new HashMap<>();
    /** X32 address → what it is in jackdesk, as {@link X32Map#resolve} answered (see {@link #resolve}). */
    private final Map<String, X32Map.Binding> bindings = new HashMap<>();
    /** More than the tree's addresses with and without their leading slash. */
    private static final int MAX_CACHED_BINDINGS = 20_000;
    /** jackdesk path → X32 address ("" when X32 has none), filled as changes come. */
    private final Map<String, String> toX32 = new HashMap<>();
    /** Each sender's subscriptions by reply address ({@code /subscribe}, {@code /formatsubscribe}, {@code /batchsubscribe}, {@code /meters}), each lapsing after {@link #XREMOTE_MS} like {@code /xremote}. */
    private final Map<SocketAddress, Map<String, Subscription>> subscriptions = new LinkedHashMap<>();
    private X32Meters meters;
    /** The analyser's view of the main for {@code /meters/15} while anyone subscribes to it, and its latest levels. */
    private org.jackdesk.control.ws.RtaStreamer.Subscription rta;
    private float[] rtaDb;
    /** When the RTA last refused {@code /meters/15} a slot ({@link Long#MIN_VALUE}/2: never). */
    private long rtaRefusedNanos = Long.MIN_VALUE / 2;
    private long subscriptionTimer = -1;
    private long ticks;
    private X32Map.Strips strips;
    private ParameterService.Subscription feed;
    private DatagramSocket socket;
    private String ip = "127.0.0.1";
    private long sweepTimer = -1;

    public X32Server(ControlContext ctx) {
        this(ctx, System::nanoTime, XREMOTE_MS);
    }

    /** @param nanos the clock of the {@code /xremote} expiry; {@code xremoteMs} its length (tests shorten both) */
    public X32Server(ControlContext ctx, LongSupplier nanos, long xremoteMs) {
        this.ctx = ctx;
        this.senders = ctx.params().senders("x32:", () -> ctx.security().oscPrincipal(), MAX_TRACKED_SENDERS);
        this.nanos = nanos;
        this.xremoteNanos = xremoteMs * 1_000_000L;
        this.name = "jackdesk";
    }

    /** Drives the {@code /xremote} expiry from {@code nanos} instead of the system clock (tests). */
    public void useClock(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** Binds the UDP socket; fails with a message naming the port when it is taken. */
    public Future<Integer> listen(String host, int port) {
        socket = ctx.vertx().createDatagramSocket(new DatagramSocketOptions().setReceiveBufferSize(1 << 20));
        socket.handler(this::onPacket);
        sweepTimer = ctx.vertx().setPeriodic(1000, t -> sweep());
        return ctx.vertx().executeBlocking(() -> addressFor(host), false)
                .onSuccess(a -> ip = a)
                .compose(a -> socket.listen(port, host))
                .map(s -> s.localAddress().port())
                .recover(e -> Future.failedFuture(new IllegalStateException(
                        "cannot listen for X32 OSC on udp " + host + ":" + port + ": " + e.getMessage()
                                + " (is a real X32 emulator or another jackdesk using it? choose another with --x32-port, -1 turns it off)", e)));
    }

    /** The IP address /xinfo and /status report: the bound one, or the first IPv4 of the machine for a wildcard. */
    private static String addressFor(String host) {
        if (!host.equals("0.0.0.0") && !host.equals("::") && !host.isEmpty()) return host;
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) continue;
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address) return a.getHostAddress();
                }
            }
        } catch (SocketException e) {
            // no interfaces listed: report loopback
        }
        return "127.0.0.1";
    }

    /** Follows the console for the {@code /xremote} clients, as the OSC principal. Thread: control. */
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
        if (subscriptionTimer >= 0) ctx.vertx().cancelTimer(subscriptionTimer);
        subscriptionTimer = -1;
        rta(false);
        return socket == null ? Future.succeededFuture() : socket.close();
    }

    private void onPacket(DatagramPacket packet) {
        ctx.metrics().messageIn();
        SocketAddress from = packet.sender();
        X32Osc.Message m;
        try {
            m = X32Osc.decode(packet.data().getBytes());
        } catch (X32Osc.MalformedException e) {
            if (admit(from)) ctx.metrics().error("x32_malformed"); // a malformed flood is counted once per budget
            return;
        }
        if (!(isRead(m) ? admitRead(from) : admit(from))) return;
        if (!ctx.security().oscAllowed(from)) { // security: the OSC allow-list (docs/security.md) holds for X32 too
            ctx.metrics().error("x32_refused");
            return;
        }
        handle(m, from);
    }

    /**
     * A read: an address without arguments (a get, {@code /xinfo}, {@code /xremote}, a meter
     * renewal) or {@code /node}. It changes nothing, and an app syncing the X32's tree sends
     * thousands of them on connect.
     */
    private static boolean isRead(X32Osc.Message m) {
        return m.args().isEmpty() || m.address().equals("/node");
    }

    /**
     * A read's budget: {@link #READS_PER_SECOND} per sender address, apart from the changes'
     * budget (the service's, 200 a second by default), so that an app's sync of the whole tree
     * (8600 addresses) takes a second, not 43, and a flood of reads still costs no answer
     * beyond it. An answer is no bigger than its request plus one value: no amplifier.
     */
    private boolean admitRead(SocketAddress from) {
        if (!readBudgets.containsKey(from) && readBudgets.size() >= MAX_TRACKED_SENDERS) sweepReads(System.nanoTime());
        long now = System.nanoTime();
        RateWindow w = readBudgets.computeIfAbsent(from, k -> readBudgets.size() >= MAX_TRACKED_SENDERS ? null : new RateWindow(READS_PER_SECOND, now));
        if (w != null && w.admit(now)) return true;
        ctx.metrics().error(ProtocolError.RATE_LIMITED);
        return false;
    }

    private void sweepReads(long now) {
        readBudgets.values().removeIf(w -> now - w.endNanos() > RateWindow.WINDOW_NANOS);
    }

    /** The sender's budget for changes (per address, like OscServer's): a flood costs no answer. */
    private boolean admit(SocketAddress from) {
        ParameterService.Client sender = senders.of(from.host() + ":" + from.port());
        if (sender.admit().admitted()) return true;
        ctx.metrics().error(ProtocolError.RATE_LIMITED);
        return false;
    }

    private void handle(X32Osc.Message m, SocketAddress from) {
        String address = m.address();
        List<Object> args = m.args();
        switch (address) {
            case "/xinfo" -> send(X32Osc.Message.of("/xinfo", ip, name, MODEL, FIRMWARE), from);
            case "/info" -> send(X32Osc.Message.of("/info", SERVER_VERSION, name, MODEL, FIRMWARE), from);
            case "/status" -> send(X32Osc.Message.of("/status", "active", ip, name), from);
            case "/xremote" -> xremote(from);
            case "/unsubscribe" -> { // ends everything the sender follows
                xremote.remove(from);
                subscriptions.remove(from);
                clientsGauge();
            }
            case "/renew" -> renew(args, from);
            case "/node" -> node(args, from);
            case "/meters" -> meters(args, from);
            case "/subscribe" -> subscribeValue(args, from);
            case "/formatsubscribe" -> formatSubscribe(args, from);
            case "/batchsubscribe" -> batchSubscribe(args, from);
            case "/" -> setNode(args, from);
            default -> parameter(address, args, from);
        }
    }

    private void xremote(SocketAddress from) {
        if (!xremote.containsKey(from) && xremote.size() >= MAX_XREMOTE) {
            sweep();
            if (xremote.size() >= MAX_XREMOTE) {
                ctx.metrics().error("x32_xremote_full");
                return;
            }
        }
        xremote.put(from, nanos.getAsLong() + xremoteNanos);
        clientsGauge();
    }

    /**
     * Sets {@code jackdesk_x32_clients}: the senders with a live {@code /xremote} or subscription.
     * Called when one comes or goes, and by the sweep each second (a lapse is only seen then).
     */
    private void clientsGauge() {
        long now = nanos.getAsLong();
        java.util.Set<SocketAddress> live = new java.util.HashSet<>();
        for (Map.Entry<SocketAddress, Long> en : xremote.entrySet()) if (now - en.getValue() <= 0) live.add(en.getKey());
        for (Map.Entry<SocketAddress, Map<String, Subscription>> en : subscriptions.entrySet()) {
            for (Subscription s : en.getValue().values()) {
                if (now - s.expiresNanos() <= 0) {
                    live.add(en.getKey());
                    break;
                }
            }
        }
        ctx.metrics().x32Clients(live.size());
    }

    /** The X32's subscription period; a request's time factor multiplies it. */
    public static final long METER_PERIOD_MS = 50;
    /** Subscriptions one sender may hold at once (values, formats, meter banks). */
    public static final int MAX_SUBSCRIPTIONS_PER_SENDER = 64;
    /** Addresses one {@code /formatsubscribe} may cover. */
    static final int MAX_FORMAT_ADDRESSES = 128;
    /**
     * Values one sender's subscriptions may cover in all (a meter bank counts as one): 64
     * subscriptions of 128 addresses each would be 8192 values read and sent every 50 ms for a
     * single sender. Four full {@code /formatsubscribe}s fit.
     */
    public static final int MAX_ADDRESSES_PER_SENDER = 4 * MAX_FORMAT_ADDRESSES;
    /** How long {@code /meters/15} waits before asking again for an RTA slot after all were busy. */
    static final long RTA_RETRY_NANOS = 1_000_000_000L;

    /**
     * One subscription: what is sent ({@code addresses} as values, a {@code /formatsubscribe} blob
     * of them, or meter bank {@code bank}), under which address, every how many 50 ms ticks,
     * until when.
     */
    private record Subscription(String reply, List<String> addresses, int bank, boolean format, int factor, long expiresNanos) {
        Subscription renewed(long until) {
            return new Subscription(reply, addresses, bank, format, factor, until);
        }
    }

    /**
     * {@code /renew}: another 10 s of every subscription of the sender, or with an argument of
     * the one under that address ({@code /renew ,s "/meters/1"}, an alias).
     */
    private void renew(List<Object> args, SocketAddress from) {
        lapse(nanos.getAsLong()); // a lapsed subscription is gone, not renewed
        Map<String, Subscription> mine = subscriptions.get(from);
        if (mine == null) return;
        long until = nanos.getAsLong() + xremoteNanos;
        if (args.isEmpty()) {
            mine.replaceAll((k, s) -> s.renewed(until));
        } else if (args.get(0) instanceof String key && mine.containsKey(key)) {
            mine.put(key, mine.get(key).renewed(until));
        } else {
            ctx.metrics().error(args.get(0) instanceof String ? "x32_unknown_address" : "x32_wrong_type");
        }
    }

    /** The time factor of a request: {@code f} (1 when missing or below), at most 100. */
    private static int factor(Object f) {
        return f instanceof Integer i ? Math.max(1, Math.min(i, 100)) : 1;
    }

    /**
     * {@code /meters ,siii "/meters/1" 0 0 <time factor>} (the ints may be left out; the time
     * factor is the last): the bank's blob every 50 ms × factor for 10 s; asking again renews it.
     */
    private void meters(List<Object> args, SocketAddress from) {
        if (args.isEmpty() || !(args.get(0) instanceof String which)) {
            ctx.metrics().error("x32_wrong_type");
            return;
        }
        int bank = meterBank(which);
        if (bank < 0) return;
        subscribe(from, new Subscription(which, List.of(), bank, false, factor(args.size() >= 2 ? args.get(args.size() - 1) : null), 0));
    }

    /** The bank of {@code /meters/N}, or −1 (counted) when jackdesk does not fill it. */
    private int meterBank(String which) {
        int bank = -1;
        if (which.startsWith("/meters/")) {
            try {
                bank = Integer.parseInt(which.substring("/meters/".length()));
            } catch (NumberFormatException e) {
                bank = -1;
            }
        }
        if (bank < 0 || X32Meters.size(bank) < 0) {
            ctx.metrics().error("x32_unsupported_meters");
            return -1;
        }
        return bank;
    }

    /** {@code /subscribe ,si "/ch/01/mix/fader" <time factor>}: the value every 50 ms × factor for 10 s. */
    private void subscribeValue(List<Object> args, SocketAddress from) {
        if (args.isEmpty() || !(args.get(0) instanceof String address) || args.size() > 2) {
            ctx.metrics().error("x32_wrong_type");
            return;
        }
        if (resolve(address) == null) {
            ctx.metrics().error("x32_unknown_address");
            return;
        }
        subscribe(from, new Subscription(address, List.of(address), -1, false, factor(args.size() == 2 ? args.get(1) : null), 0));
    }

    /**
     * {@code /formatsubscribe ,ssiii "/alias" "/ch/**}{@code /mix/on" <first> <last> <time factor>}:
     * the values of the addresses the pattern makes for first…last ({@code **} two digits,
     * {@code *} one) as one blob under the alias, int32 little-endian count then each value
     * little-endian (ints as ints, floats as floats), every 50 ms × factor for 10 s.
     */
    private void formatSubscribe(List<Object> args, SocketAddress from) {
        if (args.size() != 5 || !(args.get(0) instanceof String alias) || !(args.get(1) instanceof String pattern)
                || !(args.get(2) instanceof Integer first) || !(args.get(3) instanceof Integer last)
                || !alias.startsWith("/") || !pattern.contains("*") || first < 0 || last < first || last - first >= MAX_FORMAT_ADDRESSES) {
            ctx.metrics().error("x32_wrong_type");
            return;
        }
        List<String> addresses = new java.util.ArrayList<>();
        for (int i = first; i <= last; i++) {
            String a = pattern.contains("**") ? pattern.replace("**", String.format("%02d", i)) : pattern.replace("*", Integer.toString(i));
            X32Map.Binding b = resolve(a);
            if (b == null || wire(a, b) instanceof String) { // a name has no place in a blob of numbers
                ctx.metrics().error(b == null ? "x32_unknown_address" : "x32_wrong_type");
                return;
            }
            addresses.add(a);
        }
        subscribe(from, new Subscription(alias, List.copyOf(addresses), -1, true, factor(args.get(4)), 0));
    }

    /** {@code /batchsubscribe ,ssiii "/alias" "/meters/N" <arg> <arg> <time factor>}: a meter bank under an alias. */
    private void batchSubscribe(List<Object> args, SocketAddress from) {
        if (args.size() < 2 || !(args.get(0) instanceof String alias) || !(args.get(1) instanceof String which) || !alias.startsWith("/")) {
            ctx.metrics().error("x32_wrong_type");
            return;
        }
        int bank = meterBank(which);
        if (bank < 0) return;
        subscribe(from, new Subscription(alias, List.of(), bank, false, factor(args.size() >= 3 ? args.get(args.size() - 1) : null), 0));
    }

    /** Adds or renews {@code s} for 10 s; at most {@link #MAX_XREMOTE} senders with {@link #MAX_SUBSCRIPTIONS_PER_SENDER} each. */
    private void subscribe(SocketAddress from, Subscription s) {
        long now = nanos.getAsLong();
        Map<String, Subscription> mine = subscriptions.get(from);
        if (mine == null) {
            if (subscriptions.size() >= MAX_XREMOTE) lapse(now);
            if (subscriptions.size() >= MAX_XREMOTE) {
                ctx.metrics().error("x32_subscriptions_full");
                return;
            }
            mine = new LinkedHashMap<>();
            subscriptions.put(from, mine);
        }
        if (!mine.containsKey(s.reply()) && mine.size() >= MAX_SUBSCRIPTIONS_PER_SENDER) {
            ctx.metrics().error("x32_subscriptions_full");
            return;
        }
        int covered = 0;
        for (Subscription held : mine.values()) if (!held.reply().equals(s.reply())) covered += Math.max(1, held.addresses().size());
        if (covered + Math.max(1, s.addresses().size()) > MAX_ADDRESSES_PER_SENDER) {
            ctx.metrics().error("x32_subscriptions_full");
            return;
        }
        mine.put(s.reply(), s.renewed(now + xremoteNanos));
        clientsGauge();
        if (subscriptionTimer < 0) subscriptionTimer = ctx.vertx().setPeriodic(METER_PERIOD_MS, t -> subscriptionTick());
    }

    /** Drops the lapsed subscriptions (and senders left with none). */
    private void lapse(long now) {
        for (Iterator<Map<String, Subscription>> it = subscriptions.values().iterator(); it.hasNext(); ) {
            Map<String, Subscription> mine = it.next();
            mine.values().removeIf(s -> now - s.expiresNanos() > 0);
            if (mine.isEmpty()) it.remove();
        }
    }

    /** Every 50 ms while anyone subscribes: what is due this tick, the meters read once for all. */
    private void subscriptionTick() {
        long now = nanos.getAsLong();
        lapse(now);
        boolean wantsRta = false;
        for (Map<String, Subscription> mine : subscriptions.values()) {
            for (Subscription s : mine.values()) wantsRta |= s.bank() == X32Meters.RTA_BANK;
        }
        rta(wantsRta);
        if (subscriptions.isEmpty()) {
            ctx.vertx().cancelTimer(subscriptionTimer);
            subscriptionTimer = -1;
            return;
        }
        long tick = ticks++;
        byte[][] blobs = new byte[X32Meters.RTA_BANK + 1][];
        boolean read = false;
        for (Map.Entry<SocketAddress, Map<String, Subscription>> en : subscriptions.entrySet()) {
            for (Subscription s : en.getValue().values()) {
                if (tick % s.factor() != 0) continue;
                X32Osc.Message m;
                if (s.bank() >= 0) {
                    if (!read) {
                        meters().read();
                        read = true;
                    }
                    if (blobs[s.bank()] == null) {
                        blobs[s.bank()] = s.bank() == X32Meters.RTA_BANK ? X32Meters.rtaBlob(rtaDb) : meters().blob(s.bank());
                    }
                    m = X32Osc.Message.of(s.reply(), blobs[s.bank()]);
                } else if (s.format()) {
                    m = X32Osc.Message.of(s.reply(), formatBlob(s.addresses()));
                } else {
                    Object v = wire(s.reply(), resolve(s.reply()));
                    if (v == null) continue;
                    m = X32Osc.Message.of(s.reply(), v);
                }
                send(m, en.getKey());
            }
        }
    }

    /** A {@code /formatsubscribe} blob: int32 LE count, each value LE (an unreadable one as 0). */
    private byte[] formatBlob(List<String> addresses) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * addresses.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(addresses.size());
        for (String a : addresses) {
            Object v = wire(a, resolve(a));
            if (v instanceof Float f) b.putFloat(f);
            else b.putInt(v instanceof Integer i ? i : 0);
        }
        return b.array();
    }

    private X32Meters meters() {
        // the engine (and its meter bank) is rebuilt on a new sample rate or period: follow it
        if (meters == null || !meters.reads(ctx.engine().meters())) meters = new X32Meters(ctx.engine().meters());
        return meters;
    }

    /**
     * Takes (or gives back) the analyser's view of the main at 1/10 octave for {@code /meters/15}:
     * the same RTA streams the tablets use (docs/tools.md), so it is analysed only while an app
     * subscribes and shares the tap's 8 sources with them (all in use: counted, the floor sent).
     */
    private void rta(boolean wanted) {
        if (wanted && rta == null) {
            long now = nanos.getAsLong();
            if (now - rtaRefusedNanos < RTA_RETRY_NANOS) return; // all slots were busy a moment ago: ask once a second, not every tick
            try {
                rta = ctx.meters().rta().subscribe(org.jackdesk.engine.rta.RtaTap.main(), 10,
                        org.jackdesk.engine.rta.RtaAnalyzer.Averaging.FAST, 20, frame -> {
                            int n = frame.getUnsignedShortLE(6);
                            if (rtaDb == null || rtaDb.length != n) rtaDb = new float[n];
                            for (int i = 0; i < n; i++) rtaDb[i] = frame.getFloatLE(org.jackdesk.control.ws.RtaStreamer.HEADER_BYTES + 4 * i);
                        });
            } catch (ProtocolError e) {
                ctx.metrics().error("x32_" + e.code());
                rtaRefusedNanos = now;
            }
        } else if (!wanted && rta != null) {
            ctx.meters().rta().unsubscribe(rta);
            rta = null;
            rtaDb = null;
        }
    }

    /** The {@code /meters/1} blob now (tests). */
    byte[] meters1() {
        meters().read();
        return meters().blob(1);
    }

    private void parameter(String address, List<Object> args, SocketAddress from) {
        X32Map.Binding b = resolve(address);
        if (b == null) {
            ctx.metrics().error("x32_unknown_address");
            return;
        }
        if (args.isEmpty()) {
            Object v = wire(address, b);
            if (v != null) send(X32Osc.Message.of(address, v), from);
        } else if (args.size() == 1) {
            set(address, b, args.get(0), from);
        } else {
            ctx.metrics().error("x32_wrong_type");
        }
    }

    /** The wire value of an address, or null when it cannot be read (counted). */
    private Object wire(String address, X32Map.Binding b) {
        if (b instanceof X32Map.Stored s) return stored.getOrDefault(address, s.value());
        if (b instanceof X32Map.Name n) return stripName(n);
        if (b instanceof X32Map.Colour c) return colour(c);
        if (b instanceof X32Map.Mask mk) return mask(mk);
        X32Map.Mapped mp = (X32Map.Mapped) b;
        try {
            if (ctx.params().get(ctx.security().oscPrincipal(), mp.path()) instanceof ParameterService.Value v) return mp.law().toWire(v.raw());
            return mp.fallback();
        } catch (ParamException e) {
            ctx.metrics().error("x32_unknown_address");
        } catch (ProtocolError e) {
            ctx.metrics().error(e.code());
        }
        return null;
    }

    /** The bit mask of a channel's memberships, from the console's values; null when it cannot be read (counted). */
    private Integer mask(X32Map.Mask mk) {
        int bits = 0;
        try {
            for (int i = 1; i <= mk.bits(); i++) {
                if (ctx.params().get(ctx.security().oscPrincipal(), mk.prefix() + i) instanceof ParameterService.Value v && v.raw() != 0) {
                    bits |= 1 << (i - 1);
                }
            }
        } catch (ParamException | ProtocolError e) {
            ctx.metrics().error("x32_unknown_address");
            return null;
        }
        return bits;
    }

    /** A strip's or DCA's name as it is now (the show's configuration, renamed on a tablet since), else the layout's ("DCA n"). */
    private String stripName(X32Map.Name n) {
        Layout layout = ctx.state().registry().layout();
        int i = n.index() - 1;
        if (i < 0) return "";
        ConsoleConfig.LayoutConfig lc = runningLayout();
        // The names as they are now (renamed on a tablet since the start: StripLabels), when the show is of this layout.
        boolean live = lc != null && lc.channels().size() == layout.channels().size() && lc.buses().size() == layout.buses().size();
        if (n.root().equals("ch")) return i < layout.channels().size() ? (live ? lc.channels().get(i).name() : layout.channels().get(i).name()) : "";
        if (n.root().equals("bus")) return i < layout.buses().size() ? (live ? lc.buses().get(i).name() : layout.buses().get(i).name()) : "";
        return lc != null && i < lc.dcas().size() ? lc.dcas().get(i) : "DCA " + n.index();
    }

    /**
     * A strip's configured colour as the X32's (0 OFF, 1 RD, 2 GN, 3 YE, 4 BL, 5 MG, 6 CY, 7 WH),
     * the table the Mackie scribble strips use ({@code StripColours}: orange reads as yellow, pink
     * and purple as magenta, grey as white, {@code #rrggbb} as the nearest); 0 without a
     * configuration of this layout.
     */
    private int colour(X32Map.Colour c) {
        ConsoleConfig.LayoutConfig lc = runningLayout();
        Layout layout = ctx.state().registry().layout();
        if (lc == null || lc.channels().size() != layout.channels().size() || lc.buses().size() != layout.buses().size()) return 0;
        int i = c.index() - 1;
        if (i < 0) return 0;
        String colour;
        if (c.root().equals("ch")) colour = i < lc.channels().size() ? lc.channels().get(i).colour() : "off";
        else colour = i < lc.buses().size() ? lc.buses().get(i).colour() : "off";
        return org.jackdesk.control.StripColours.x32(colour);
    }

    private ConsoleConfig.LayoutConfig runningLayout() {
        return ctx.show() == null ? null : ctx.show().config().layout();
    }

    private void set(String address, X32Map.Binding b, Object arg, SocketAddress from) {
        if (b instanceof X32Map.Name || b instanceof X32Map.Colour) {
            ctx.metrics().error("x32_read_only");
        } else if (b instanceof X32Map.Stored s) {
            if (arg instanceof String text && !(s.value() instanceof String)) { // node text: "ON", "-6.0", "+30"
                arg = storedFromText(address.substring(address.lastIndexOf('/') + 1), s.value(), text);
                if (arg == null) {
                    ctx.metrics().error("x32_wrong_type");
                    return;
                }
            }
            if (arg.getClass() != s.value().getClass()) {
                ctx.metrics().error("x32_wrong_type");
                return;
            }
            try { // a stored-only value is console-wide: the engineer's, as the policy says for scenes
                AccessPolicy.checkRole(ctx.security().oscPrincipal(), Role.ENGINEER, "change " + address);
            } catch (ProtocolError e) {
                ctx.metrics().error(e.code());
                return;
            }
            stored.put(address, arg);
            push(X32Osc.Message.of(address, arg), origin(from));
        } else if (b instanceof X32Map.Mask mk) {
            setMask(mk, arg, from);
        } else if (b instanceof X32Map.Mapped mp) {
            try {
                Param p = ctx.params().param(mp.path());
                ParameterService.Client client = senders.find(from.host() + ":" + from.port());
                client.checkWrite(p); // before the value is read: a refused sender learns nothing
                double v = mp.law().fromWire(arg);
                // A wire float is inside the X32's range by definition; where jackdesk's is narrower
                // (a gate attack of 0 ms, jackdesk's 0.05) it lands on the nearest end. Text is checked.
                if (arg instanceof Float) v = Math.max(p.min(), Math.min(p.max(), v));
                client.setValue(p, v);
            } catch (ProtocolError e) {
                ctx.metrics().error(e.code());
            } catch (ParamException e) {
                ctx.metrics().error("x32_out_of_range");
            } catch (IllegalArgumentException e) {
                ctx.metrics().error("x32_wrong_type");
            }
        }
    }

    /**
     * Sets each membership of a mask through the service. Every switch is authorized before any
     * is changed, so a refused sender changes none of them.
     */
    private void setMask(X32Map.Mask mk, Object arg, SocketAddress from) {
        Integer bits = arg instanceof Integer i ? i : null;
        if (arg instanceof String s && s.startsWith("%")) { // node text: %00000101
            try {
                bits = Integer.parseInt(s.substring(1), 2);
            } catch (NumberFormatException e) {
                bits = null;
            }
        }
        if (bits == null || bits < 0 || bits >= 1 << mk.bits()) {
            ctx.metrics().error("x32_wrong_type");
            return;
        }
        ParameterService.Client client = senders.find(from.host() + ":" + from.port());
        try {
            Param[] ps = new Param[mk.bits()];
            for (int i = 0; i < ps.length; i++) {
                ps[i] = ctx.params().param(mk.prefix() + (i + 1));
                client.checkWrite(ps[i]);
            }
            for (int i = 0; i < ps.length; i++) client.setValue(ps[i], (bits >> i) & 1);
        } catch (ProtocolError e) {
            ctx.metrics().error(e.code());
        } catch (ParamException e) {
            ctx.metrics().error("x32_unknown_address");
        }
    }

    /**
     * {@code / ,s "/ch/01/mix ON -6.0 ON +0 OFF -oo"}: a whole node in node text, each field set as
     * if sent alone (so each is authorized and validated on its own). Fields jackdesk only stores
     * or reads from its configuration (names, colours) are left as they are.
     */
    private void setNode(List<Object> args, SocketAddress from) {
        if (args.size() != 1 || !(args.get(0) instanceof String line)) {
            ctx.metrics().error("x32_wrong_type");
            return;
        }
        List<String> tokens = tokens(line);
        if (tokens.isEmpty()) {
            ctx.metrics().error("x32_wrong_type");
            return;
        }
        String node = tokens.get(0).startsWith("/") ? tokens.get(0).substring(1) : tokens.get(0);
        List<String> children = X32Map.nodeChildren(node);
        if (children == null) { // a single address with its value: "/ch/01/mix/fader -6.0"
            X32Map.Binding b = resolve("/" + node);
            if (b == null || tokens.size() != 2) {
                ctx.metrics().error("x32_unknown_address");
                return;
            }
            children = List.of("/" + node);
        }
        List<X32Map.Binding> bindings = new java.util.ArrayList<>(children.size());
        boolean reachesConsole = false;
        for (String child : children) {
            X32Map.Binding b = resolve(child);
            bindings.add(b);
            reachesConsole |= b instanceof X32Map.Mapped || b instanceof X32Map.Mask;
        }
        // In a node that reaches the console the X32-only fields are left as they are (a line
        // meant for the mix does not flip switches jackdesk only keeps); a wholly stored-only node
        // (config/solo, a matrix's dyn) is kept field by field.
        for (int i = 0; i < children.size() && i + 1 < tokens.size(); i++) {
            X32Map.Binding b = bindings.get(i);
            if (b instanceof X32Map.Mapped || b instanceof X32Map.Mask || !reachesConsole && b instanceof X32Map.Stored) {
                set(children.get(i), b, tokens.get(i + 1), from);
            }
        }
    }

    /**
     * A stored-only value read from node text, as {@link #text} writes it: {@code ON}/{@code OFF},
     * a colour name, a {@code %} mask or a number for an int; dB for a fader or level, −100…+100
     * for a pan, else the wire value for a float. Null when the text is not one of those.
     */
    static Object storedFromText(String leaf, Object initial, String text) {
        String t = text.trim();
        try {
            if (initial instanceof Integer) {
                if (t.equals("ON")) return 1;
                if (t.equals("OFF")) return 0;
                if (leaf.equals("color") && COLOURS.contains(t)) return COLOURS.indexOf(t);
                if (t.startsWith("%")) return Integer.parseInt(t.substring(1), 2);
                return Integer.parseInt(t);
            }
            if (initial instanceof Float) {
                double v = X32Laws.parseNumber(t);
                if (leaf.equals("fader") || leaf.equals("level") || leaf.equals("mlevel")) {
                    // not one ternary: with a float and a null in it Java unboxes the null (an NPE on "+20")
                    if (v > X32Laws.FADER_OFF_DB && v <= 10) return X32Laws.dbToFader(v);
                    return v == Double.NEGATIVE_INFINITY ? (Object) 0f : null;
                }
                if (leaf.equals("pan")) return v >= -100 && v <= 100 ? X32Laws.quantize((v / 100 + 1) / 2, 101) : null;
                return v >= 0 && v <= 1 ? (float) v : null;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return t;
    }

    /** Node text split at spaces, a double-quoted field ({@code "Kick drum"}) kept whole without its quotes. */
    public static List<String> tokens(String line) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder cur = null;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    quoted = false;
                } else cur.append(ch);
            } else if (ch == '"') {
                if (cur == null) cur = new StringBuilder();
                quoted = true;
            } else if (Character.isWhitespace(ch)) {
                if (cur != null) out.add(cur.toString());
                cur = null;
            } else {
                if (cur == null) cur = new StringBuilder();
                cur.append(ch);
            }
        }
        if (cur != null) out.add(cur.toString());
        return out;
    }

    /**
     * {@code /node ,s "ch/01/mix"}: one text line of the node's values in X32 order, as the reply
     * {@code node ,s "/ch/01/mix ON -6.0 ON +0 OFF -oo\n"}.
     */
    private void node(List<Object> args, SocketAddress from) {
        if (args.size() != 1 || !(args.get(0) instanceof String s)) {
            ctx.metrics().error("x32_wrong_type");
            return;
        }
        String node = s.startsWith("/") ? s.substring(1) : s;
        List<String> children = X32Map.nodeChildren(node);
        if (children == null) {
            ctx.metrics().error("x32_unknown_address");
            return;
        }
        StringBuilder line = new StringBuilder("/").append(node);
        for (String child : children) {
            X32Map.Binding b = resolve(child);
            String leaf = child.substring(child.lastIndexOf('/') + 1);
            line.append(' ').append(text(child, leaf, b));
        }
        send(X32Osc.Message.of("node", line.append('\n').toString()), from);
    }

    private String text(String address, String leaf, X32Map.Binding b) {
        if (b instanceof X32Map.Name n) return '"' + stripName(n) + '"';
        if (b instanceof X32Map.Colour c) return COLOURS.get(colour(c));
        if (b instanceof X32Map.Mapped mp) {
            try {
                if (ctx.params().get(ctx.security().oscPrincipal(), mp.path()) instanceof ParameterService.Value v) return mp.law().text(v.raw());
            } catch (ParamException | ProtocolError e) {
                // answered with the wire fallback below
            }
            return String.valueOf(mp.fallback());
        }
        if (b instanceof X32Map.Mask mk) { // the X32 writes masks as bits, highest first: %00000101
            Integer bits = mask(mk);
            String digits = Integer.toBinaryString(bits == null ? 0 : bits);
            return "%" + "0".repeat(Math.max(0, mk.bits() - digits.length())) + digits;
        }
        Object v = b instanceof X32Map.Stored st ? stored.getOrDefault(address, st.value()) : "";
        if (leaf.equals("color") && v instanceof Integer i && i >= 0 && i < COLOURS.size()) return COLOURS.get(i);
        if ((leaf.equals("mono") || leaf.equals("on")) && v instanceof Integer i) return i != 0 ? "ON" : "OFF";
        if ((leaf.equals("mlevel") || leaf.equals("fader") || leaf.equals("level")) && v instanceof Float f) {
            return X32Laws.dbText(X32Laws.faderToDb(f));
        }
        if (leaf.equals("pan") && v instanceof Float f) return String.format(java.util.Locale.ROOT, "%+d", Math.round((f * 2 - 1) * 100));
        if (v instanceof String str) return '"' + str + '"';
        return String.valueOf(v);
    }

    private static String origin(SocketAddress from) {
        return "x32:" + from.host() + ":" + from.port();
    }

    @Override
    public void changed(Param param, double value, Object origin) {
        if (xremote.isEmpty()) return;
        String x = toX32.computeIfAbsent(param.path(), p -> {
            String a = X32Map.toX32(p, strips());
            return a == null ? "" : a;
        });
        if (x.isEmpty()) return;
        X32Map.Binding b = resolve(x);
        if (b instanceof X32Map.Mapped mp) push(X32Osc.Message.of(x, mp.law().toWire(value)), origin);
        else if (b instanceof X32Map.Mask mk) {
            Integer bits = mask(mk);
            if (bits != null) push(X32Osc.Message.of(x, bits), origin);
        }
    }

    /** Sends {@code m} to every live {@code /xremote} client but the one that made the change. */
    private void push(X32Osc.Message m, Object origin) {
        long now = nanos.getAsLong();
        for (Map.Entry<SocketAddress, Long> en : xremote.entrySet()) {
            if (now - en.getValue() > 0) continue; // lapsed; the sweep removes it
            if (origin instanceof String o && o.equals(origin(en.getKey()))) continue; // no echo to the mover
            send(m, en.getKey());
        }
    }

    private void sweep() {
        long now = nanos.getAsLong();
        senders.sweep();
        sweepReads(System.nanoTime());
        for (Iterator<Long> it = xremote.values().iterator(); it.hasNext(); ) {
            if (now - it.next() > 0) it.remove();
        }
        lapse(now);
        clientsGauge();
    }

    private void send(X32Osc.Message m, SocketAddress to) {
        ctx.metrics().messageOut();
        socket.send(Buffer.buffer(X32Osc.encode(m)), to.port(), to.host());
    }

    /**
     * What {@code address} is, from a cache of the answers {@link X32Map#resolve} gave: the layout
     * is fixed for the server's life, so an answer never changes. Only known addresses are cached
     * (bounded by the tree's size), an app's sync asks each of them once more than it would pay.
     */
    private X32Map.Binding resolve(String address) {
        X32Map.Binding b = bindings.get(address);
        if (b == null) {
            b = X32Map.resolve(address, strips());
            if (b != null && bindings.size() < MAX_CACHED_BINDINGS) bindings.put(address, b);
        }
        return b;
    }

    /** The X32 channel numbering of the console's layout (fixed for the server's life). */
    private X32Map.Strips strips() {
        if (strips == null) strips = X32Map.Strips.of(ctx.state().registry().layout());
        return strips;
    }

    /** Live meter-bank subscriptions (tests): those that have not lapsed. */
    public int meterSubscriberCount() {
        return countSubscriptions(true);
    }

    /** Live subscriptions of every kind (tests). */
    public int subscriptionCount() {
        return countSubscriptions(false);
    }

    private int countSubscriptions(boolean metersOnly) {
        long now = nanos.getAsLong();
        int n = 0;
        for (Map<String, Subscription> mine : subscriptions.values()) {
            for (Subscription s : mine.values()) if (now - s.expiresNanos() <= 0 && (!metersOnly || s.bank() >= 0)) n++;
        }
        return n;
    }

    /** Live {@code /xremote} clients (tests): those whose registration has not lapsed. */
    public int xremoteCount() {
        long now = nanos.getAsLong();
        int n = 0;
        for (long end : xremote.values()) if (now - end <= 0) n++;
        return n;
    }
}
