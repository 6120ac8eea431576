package org.jackdesk.control;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.control.osc.OscServer;
import org.jackdesk.control.rest.RestApi;
import org.jackdesk.control.scene.LiveShow;
import org.jackdesk.control.scene.SceneApi;
import org.jackdesk.control.security.Security;
import org.jackdesk.control.security.SecurityOptions;
import org.jackdesk.control.ws.MeterSampler;
import org.jackdesk.control.ws.SessionHandler;
import org.jackdesk.control.x32.X32Server;
import org.jackdesk.engine.EngineControl;

/**
 * The control plane of one console: one HTTP server (web UI at {@code /}, WebSocket at
 * {@code /ws}, JSON under {@code /api}, Prometheus at {@code /metrics}) and one OSC UDP socket,
 * all on one event loop. Every protocol changes and reads parameters through the one
 * {@link ParameterService}; the server never forwards values to the engine (the composition root
 * wires the one route, state → engine). It reaches the engine only through {@link EngineControl}
 * for meters, commands and status; nothing it does blocks the event loop.
 *
 * <p>Use {@link #deploy} — it returns the ports actually bound. A port already in use fails the
 * deployment with a message that names the port.
 */
public final class ControlServer extends VerticleBase {
    public static final String SERVER_VERSION = "jackdesk 0.1.0";
    /** Classpath folder of the web UI (module web-ui). */
    public static final String WEBROOT = "webroot";
    /**
     * The kernel send buffer of every connection. Fixed instead of auto-tuned (Linux grows it up to
     * {@code net.ipv4.tcp_wmem}'s maximum, 4 MiB by default), so that a client that stops reading
     * holds at most this much kernel memory and its queue in the server fills — and is bounded —
     * within seconds (docs/security.md, "Fault tests"). 128 KiB still carries 1 MB/s at 100 ms RTT.
     */
    public static final int SEND_BUFFER_BYTES = 128 * 1024;

    /** Where a deployed server listens. {@code oscPort} is -1 when OSC is off. */
    public record Bound(String deploymentId, String host, int httpPort, int oscPort, List<String> tabletUrls,
                        ControlServer server) {
        /** The loopback base URL, e.g. {@code http://127.0.0.1:8080}. */
        public String localBaseUrl() {
            String h = TabletUrls.isWildcard(host) ? "127.0.0.1" : host;
            return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + httpPort;
        }
    }

    private final ConsoleState state;
    private final EngineControl engine;
    private final ServerOptions options;
    private final SecurityOptions securityOptions;
    private final LiveShow show;
    private final Runnable scenesChanged = this::scenesChanged;
    private final java.util.concurrent.atomic.AtomicBoolean scenesPending = new java.util.concurrent.atomic.AtomicBoolean();
    private final Runnable labelsChanged = this::labelsChanged;
    private final java.util.concurrent.atomic.AtomicBoolean labelsPending = new java.util.concurrent.atomic.AtomicBoolean();
    private final Runnable libraryChanged = this::libraryChanged;
    private final java.util.concurrent.atomic.AtomicBoolean libraryPending = new java.util.concurrent.atomic.AtomicBoolean();
    private final ServerMetrics metrics = new ServerMetrics();
    private ControlContext ctx;
    private ClientHub hub;
    private HttpServer http;
    private OscServer osc;
    private X32Server x32;
    private volatile org.jackdesk.control.midi.MidiServer midi;
    private volatile List<org.jackdesk.control.midi.MidiServer> midiPairs = List.of();
    private volatile int x32Port = -1;
    private volatile int httpPort = -1;
    private volatile int oscPort = -1;
    private volatile List<String> tabletUrls = List.of();
    private volatile Thread loopThread;
    private int pendingUpgrades;
    private long rollTimer = -1;

    public ControlServer(ConsoleState state, EngineControl engine, ServerOptions options) {
        this(state, engine, options, null, SecurityOptions.open());
    }

    /** @param show scenes, show files and status notices; null for a server without them */
    public ControlServer(ConsoleState state, EngineControl engine, ServerOptions options, LiveShow show) {
        this(state, engine, options, show, SecurityOptions.open());
    }

    /** @param security users, TLS, allow-lists and limits (docs/security.md) */
    public ControlServer(ConsoleState state, EngineControl engine, ServerOptions options, LiveShow show, SecurityOptions security) {
        if (show != null && show.scenes().state() != state) throw new IllegalArgumentException("the scenes must be of this console state");
        this.state = state;
        this.engine = engine;
        this.options = options;
        this.show = show;
        this.securityOptions = security;
    }

    /**
     * Deploys a server and completes with its bound ports once it listens (and has printed the
     * tablet URLs when {@link ServerOptions#printUrls()}). Undeploy with
     * {@code vertx.undeploy(bound.deploymentId())}.
     */
    public static Future<Bound> deploy(Vertx vertx, ConsoleState state, EngineControl engine, ServerOptions options) {
        return deploy(vertx, state, engine, options, (LiveShow) null);
    }

    /** As {@link #deploy(Vertx, ConsoleState, EngineControl, ServerOptions)}, with scenes and show files. */
    public static Future<Bound> deploy(Vertx vertx, ConsoleState state, EngineControl engine, ServerOptions options, LiveShow show) {
        return deploy(vertx, state, engine, options, show, SecurityOptions.open());
    }

    /** As {@link #deploy(Vertx, ConsoleState, EngineControl, ServerOptions)}, with users, TLS and the allow-lists of docs/security.md. */
    public static Future<Bound> deploy(Vertx vertx, ConsoleState state, EngineControl engine, ServerOptions options,
                                       SecurityOptions security) {
        return deploy(vertx, state, engine, options, null, security);
    }

    /** Scenes (may be null) and security together. */
    public static Future<Bound> deploy(Vertx vertx, ConsoleState state, EngineControl engine, ServerOptions options,
                                       LiveShow show, SecurityOptions security) {
        ControlServer s = new ControlServer(state, engine, options, show, security);
        return vertx.deployVerticle(s).map(id -> new Bound(id, options.host(), s.httpPort, s.oscPort, s.tabletUrls, s));
    }

    @Override
    public Future<?> start() {
        loopThread = Thread.currentThread();
        hub = new ClientHub(context, metrics);
        Security security = new Security(vertx, securityOptions, metrics);
        ParameterService params = new ParameterService(state, hub, new ParameterService.Limits(options.maxMessagesPerSecond(),
                security::admitMessage, security.limits().maxTotalPerSecond()));
        if (show != null) params.labels(show.labels());
        // The JACK MIDI pair's adapter (docs/midi.md); it starts once the sockets listen.
        midi = engine.midi() == null ? null : new org.jackdesk.control.midi.MidiServer(vertx, params, metrics, show, hub,
                engine.midi(), show == null ? null : show.config(), engine::meters);
        midiPairs = midiPairs(params, midi, show == null ? null : show.config());
        ctx = new ControlContext(vertx, state, engine, options, metrics, hub, new MeterSampler(vertx, engine), SERVER_VERSION,
                show, show == null ? null : new SceneApi(show.scenes()), security, params, midi);

        Router router = Router.router(vertx);
        router.route().handler(ctx.security()::headers); // security: CSP, nosniff, frame-ancestors (docs/security.md)
        router.errorHandler(500, ctx.security()::unhandled); // security: a broken %-escape is a 400 and one log line, no trace
        router.route("/ws").handler(this::upgrade);
        ctx.security().mountRest(router); // security: login, tokens, roles, Origin — before the API routes
        new RestApi(ctx).mount(router);
        router.route().handler(StaticHandler.create(WEBROOT).setIndexPage("index.html"));

        HttpServerOptions httpOptions = new HttpServerOptions()
                .setHost(options.host())
                .setPort(options.httpPort())
                .setMaxWebSocketFrameSize(options.transportFrameCapBytes())
                .setMaxWebSocketMessageSize(options.transportFrameCapBytes())
                .setWebSocketClosingTimeout(2) // seconds a dead client gets to answer our close
                // No compression extension: then a frame with RSV1 set is a protocol error (1002, RFC 6455 5.2),
                // and no client can make the server inflate a small frame into a large one.
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                .setSendBufferSize(SEND_BUFFER_BYTES)
                .setTcpNoDelay(true);
        ctx.security().applyTls(httpOptions); // security: optional TLS from PEM files
        http = vertx.createHttpServer(httpOptions).requestHandler(router);
        Future<Integer> httpListen = http.listen()
                .map(HttpServer::actualPort)
                .recover(e -> Future.failedFuture(new IllegalStateException(
                        "cannot listen for HTTP on " + options.host() + ":" + options.httpPort() + ": " + e.getMessage()
                                + " (is another jackdesk or web server using it? choose another with --port)", e)));
        Future<Integer> oscListen;
        if (options.oscPort() == ServerOptions.NO_OSC) {
            oscListen = Future.succeededFuture(-1);
        } else {
            osc = new OscServer(ctx);
            oscListen = osc.listen(options.host(), options.oscPort());
        }
        Future<Integer> x32Listen = Future.succeededFuture(-1);
        if (options.x32Port() != ServerOptions.NO_OSC) { // the X32 dialect (docs/x32.md), beside OSC
            x32 = new X32Server(ctx);
            x32Listen = x32.listen(options.host(), options.x32Port());
        }
        Future<Integer> x32Bound = x32Listen;
        return Future.all(httpListen, oscListen, x32Bound)
                .recover(e -> closeSockets().transform(x -> Future.failedFuture(
                        x32Bound.failed() ? x32Bound.cause() : firstFailure(httpListen, oscListen, e))))
                .compose(all -> {
                    httpPort = httpListen.result();
                    oscPort = oscListen.result();
                    x32Port = x32Bound.result();
                    ctx.params().start();
                    if (osc != null) osc.subscribe();
                    if (x32 != null) x32.subscribe();
                    for (org.jackdesk.control.midi.MidiServer m : midiPairs) m.start();
                    params.labels().addListener(labelsChanged);
                    if (show != null) {
                        show.scenes().addChangeListener(scenesChanged);
                        show.scenes().library().addListener(libraryChanged);
                        show.notices().listen(hub::broadcast);
                    }
                    rollTimer = vertx.setPeriodic(1000, t -> metrics.roll());
                    return vertx.executeBlocking(() -> TabletUrls.list(options.host(), httpPort), false);
                })
                .onSuccess(urls -> {
                    tabletUrls = List.copyOf(urls);
                    if (options.printUrls()) System.out.print(TabletUrls.banner(options.host(), httpPort, oscPort, urls));
                    if (options.printUrls() && x32Port > 0) {
                        System.out.print("jackdesk: X32 apps (Mixing Station, X32-Mix, Companion) on udp port " + x32Port + " (docs/x32.md)\n");
                    }
                });
    }

    private static Throwable firstFailure(Future<?> a, Future<?> b, Throwable fallback) {
        if (a.failed()) return a.cause();
        if (b.failed()) return b.cause();
        return fallback;
    }

    private Future<?> closeSockets() {
        Future<Void> h = http == null ? Future.succeededFuture() : http.close();
        Future<Void> o = osc == null ? Future.succeededFuture() : osc.close();
        Future<Void> x = x32 == null ? Future.succeededFuture() : x32.close();
        return Future.join(h, o, x);
    }

    @Override
    public Future<?> stop() {
        if (show != null) {
            show.scenes().removeChangeListener(scenesChanged);
            show.scenes().library().removeListener(libraryChanged);
            show.notices().listen(null);
        }
        for (org.jackdesk.control.midi.MidiServer m : midiPairs) m.close();
        ctx.params().labels().removeListener(labelsChanged);
        ctx.params().stop();
        if (rollTimer >= 0) vertx.cancelTimer(rollTimer);
        return closeSockets();
    }

    /**
     * A SceneManager change listener: called inside the manager's lock, on any thread. It only
     * schedules one {@code scenes} broadcast on the event loop (several changes in a turn make one).
     */
    private void scenesChanged() {
        if (scenesPending.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                scenesPending.set(false);
                hub.broadcast(ctx.scenes().listing());
            });
        }
    }

    /**
     * A {@link org.jackdesk.config.show.ChannelLibrary} listener (any thread, inside the library's
     * lock): one {@code library} broadcast on the event loop with the presets as they are then.
     */
    private void libraryChanged() {
        if (libraryPending.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                libraryPending.set(false);
                hub.broadcast(LibraryApi.listing(show.scenes().library()));
            });
        }
    }

    /**
     * A {@link org.jackdesk.config.StripLabels} listener (any thread): one {@code labels} broadcast on the
     * event loop with every strip's name and colour as they are then (several changes in a turn make one).
     */
    private void labelsChanged() {
        if (labelsPending.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                labelsPending.set(false);
                hub.broadcast(new io.vertx.core.json.JsonObject().put("op", "labels")
                        .put("layout", org.jackdesk.control.ws.HelloLayout.of(state.registry().layout(), ctx.params().labels(), true)));
            });
        }
    }

    private void upgrade(RoutingContext rc) {
        if (!ctx.security().admitUpgrade(rc)) return; // security: browser Origin, connections per address
        boolean full = hub.webSocketCount() + pendingUpgrades >= options.maxConnections();
        pendingUpgrades++;
        rc.request().toWebSocket().onComplete(ar -> {
            pendingUpgrades--;
            if (ar.failed()) {
                metrics.error("upgrade_failed");
                if (!rc.response().ended()) {
                    rc.response().setStatusCode(400).putHeader("content-type", "text/plain")
                            .end("/ws is the WebSocket endpoint: connect with a WebSocket client\n");
                }
            } else if (full) {
                SessionHandler.refuse(ar.result(), ctx);
            } else {
                new SessionHandler(ar.result(), ctx).start();
            }
        });
    }

    /** The event-loop thread that runs every handler of this server (the benchmark measures its CPU). */
    public Thread eventLoopThread() {
        return loopThread;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    /** Logins, tokens and limits of this server (revoke a user's tokens from the command line or a test). */
    public Security security() {
        return ctx.security();
    }

    public int httpPort() {
        return httpPort;
    }

    public int oscPort() {
        return oscPort;
    }

    /** The X32 endpoint's UDP port, -1 when it is off. */
    public int x32Port() {
        return x32Port;
    }

    /** The MIDI adapter, or null when the console has no MIDI ports. */
    public org.jackdesk.control.midi.MidiServer midi() {
        return midi;
    }

    /** Every MIDI pair's adapter, the first ({@link #midi}) first; empty without MIDI ports. */
    public List<org.jackdesk.control.midi.MidiServer> midiPairs() {
        return midiPairs;
    }

    /**
     * An adapter for each MIDI pair of the engine: the first is {@code first}; the others take their
     * controller from the configuration's {@code midi.ports} entry of the same name (none: no
     * mappings, engineer role), and an extender is attached to the Mackie surface it follows.
     */
    private List<org.jackdesk.control.midi.MidiServer> midiPairs(ParameterService params, org.jackdesk.control.midi.MidiServer first,
                                                                org.jackdesk.config.ConsoleConfig cfg) {
        if (first == null) return List.of();
        List<org.jackdesk.control.midi.MidiServer> all = new java.util.ArrayList<>(List.of(first));
        org.jackdesk.config.midi.MidiConfig midiCfg = cfg == null ? org.jackdesk.config.midi.MidiConfig.NONE : cfg.midi();
        List<org.jackdesk.engine.midi.MidiTransport> pairs = engine.midiPairs();
        for (int i = 1; i < pairs.size(); i++) {
            org.jackdesk.engine.midi.MidiTransport t = pairs.get(i);
            org.jackdesk.config.midi.MidiPort port = midiCfg.ports().stream().filter(p -> p.name().equals(t.name())).findFirst().orElse(null);
            all.add(new org.jackdesk.control.midi.MidiServer(vertx, params, metrics, show, hub, t, cfg,
                    port == null ? org.jackdesk.config.midi.MidiConfig.NONE : port.asConfig(midiCfg), engine::meters));
        }
        for (org.jackdesk.config.midi.MidiPort p : midiCfg.ports()) {
            if (p.extendsPair() == null) continue;
            org.jackdesk.control.midi.MidiServer ext = byPair(all, p.name()), main = byPair(all, p.extendsPair());
            if (ext != null && main != null && ext.mackie() != null && main.mackie() != null) main.mackie().addExtender(ext.mackie(), p.offset());
        }
        return List.copyOf(all);
    }

    private static org.jackdesk.control.midi.MidiServer byPair(List<org.jackdesk.control.midi.MidiServer> all, String pair) {
        for (org.jackdesk.control.midi.MidiServer m : all) if (m.pair().equals(pair)) return m;
        return null;
    }

    /** The X32 endpoint, or null when it is off (tests). */
    public X32Server x32() {
        return x32;
    }

    /** The OSC server, or null when OSC is off (tests). */
    /** The one parameter service (tests drive its tap-tempo clock). Thread: any, after start. */
    public ParameterService params() {
        return ctx.params();
    }

    public OscServer osc() {
        return osc;
    }
}
