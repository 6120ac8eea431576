package org.jackdesk.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.ParamType;
import org.jackdesk.control.ServerOptions;
import org.jackdesk.control.security.SecurityOptions;
import org.jackdesk.engine.jack.JackBackend;
import org.jackdesk.engine.jack.PrivateJackServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jackdesk bench soak}: many WebSocket clients, each moving its own disjoint set of
 * parameters with random valid values at a fixed rate and receiving everything (every other
 * client's changes and meter frames), against a real console on a private real-time dummy
 * {@code jackd}. The console runs as a child process ({@link SoakConsoleCommand}), so its CPU,
 * heap and GC are its own. Reports xruns against an idle-client baseline, callback times, echo
 * latency, errors, server heap and CPU, and checks at the end that the console's state holds the
 * last value sent to every path (lost updates) and that every client saw it.
 *
 * <p>Exit code: 0 when the console worked (timing targets missed or not); 1 on a functional
 * failure (lost updates, stale clients, errors, unanswered sets, dropped connections, the console
 * died); 3 when the machine is too busy to start (--max-load).
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Many tablets moving random parameters against a console on a private real-time jackd:",
                "xruns vs an idle baseline, callback times, echo latency, errors, server heap/CPU, lost updates."})
public final class BenchSoakCommand implements Callable<Integer> {
    /** Candidate paths to move, in the order they are dealt to clients (one of each kind per round). */
    private static final String[] KINDS = {"ch/%d/fader", "ch/%d/pan", "ch/%d/send/1/level", "ch/%d/eq/2/gain",
            "ch/%d/send/2/level", "ch/%d/eq/3/gain", "ch/%d/send/3/level", "ch/%d/eq/1/gain", "ch/%d/send/4/level",
            "ch/%d/eq/4/gain", "ch/%d/send/5/level", "ch/%d/send/6/level", "ch/%d/trim", "ch/%d/send/1/pan",
            "ch/%d/send/2/pan", "bus/%d/fader", "bus/%d/eq/1/gain", "bus/%d/eq/2/gain", "bus/%d/eq/3/gain",
            "bus/%d/eq/4/gain"};
    private static final int RING = 64;

    @Option(names = "--clients", defaultValue = "100", description = "WebSocket clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--rate", defaultValue = "20", description = "Sets per second per client (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--minutes", description = "Measured duration in minutes (default 10).")
    Integer minutes;

    @Option(names = "--seconds", description = "Measured duration in seconds, for short runs (instead of --minutes).")
    Integer seconds;

    @Option(names = "--warmup", defaultValue = "10",
            description = "Seconds of full load before measuring, so the JIT has compiled the hot paths (default ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--baseline-seconds",
            description = "Idle-client xrun baseline before the console starts (default: the measured duration, at most 120 s).")
    Integer baselineSeconds;

    @Option(names = "--fps", defaultValue = "30", description = "Meter frames per second per client (default ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--paths-per-client", defaultValue = "4",
            description = "At most this many paths per client; fewer when the layout has too few (default ${DEFAULT-VALUE}).")
    int pathsPerClient;

    @Option(names = "--console-off-jack", description = "Run the console's engine on its internal clock, outside the JACK"
            + " graph, with everything else the same: the idle client's xruns then measure what the client load alone does to"
            + " the JACK server on this machine (a baseline under load).")
    boolean consoleOffJack;

    @Option(names = "--batch", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Connect like the web UI, with /ws?batch=1 (several messages per frame under load); --no-batch: one message per frame (default: batch).")
    boolean batch;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed of the values (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--url", description = {"Soak an already running console (http://host:port) instead of starting one;",
            "xruns and callback max then come from its /metrics, heap and CPU are not measured,",
            "and its limits must already allow the clients (start --max-clients, --max-rate)."})
    URI url;

    @Option(names = "--max-load", description = "Refuse to start when the 1-minute load average is above this (default: the number of cores).")
    Double maxLoad;

    /** One path, moved by exactly one client. */
    private static final class PathState {
        final Param param;
        final Tablet owner;
        /** Send time (System.nanoTime) of each recent value; the owner removes the oldest beyond RING. */
        final ConcurrentHashMap<Double, Long> sentAt = new ConcurrentHashMap<>();
        final double[] ring = new double[RING];
        int ringCount;
        volatile double last = Double.NaN;

        PathState(Param param, Tablet owner) {
            this.param = param;
            this.owner = owner;
        }
    }

    /** Measurements shared by every client. */
    private static final class Totals {
        final LatencyHistogram echo = new LatencyHistogram();
        final LatencyHistogram ack = new LatencyHistogram();
        final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        final List<String> firstErrors = java.util.Collections.synchronizedList(new ArrayList<>());
        final LongAdder meterFrames = new LongAdder();
        final LongAdder setsMeasured = new LongAdder();
        final AtomicLong dropped = new AtomicLong();
        volatile boolean measuring;
        volatile boolean sending;
        volatile boolean closing;
        Map<String, PathState> byPath = Map.of();
    }

    /** One simulated tablet: its paths, its view of the console, its counters. */
    private static final class Tablet {
        final int index;
        final Totals totals;
        final List<PathState> own = new ArrayList<>();
        final Map<String, Object> view = new ConcurrentHashMap<>();
        final CompletableFuture<Void> snapshot = new CompletableFuture<>();
        final CompletableFuture<Void> subscribed = new CompletableFuture<>();
        final AtomicLong sets = new AtomicLong();
        final AtomicLong acks = new AtomicLong();
        final SplittableRandom random;
        WebSocket ws;

        Tablet(int index, Totals totals, long seed) {
            this.index = index;
            this.totals = totals;
            this.random = new SplittableRandom(seed * 1_000_003L + index);
        }

        /** Timer thread of this client: one random valid set on one of its paths. */
        void tick() {
            if (!totals.sending || own.isEmpty()) return;
            PathState ps = own.get(random.nextInt(own.size()));
            double v;
            do {
                // Millesimal steps: the JSON text round-trips exactly; -0.0 is folded to 0.0.
                v = Math.round((ps.param.min() + random.nextDouble() * (ps.param.max() - ps.param.min())) * 1000) / 1000.0 + 0.0;
                v = Math.max(ps.param.min(), Math.min(ps.param.max(), v));
            } while (v == ps.last || ps.sentAt.containsKey(v));
            if (ps.ringCount >= RING) ps.sentAt.remove(ps.ring[ps.ringCount % RING]);
            ps.ring[ps.ringCount % RING] = v;
            ps.ringCount++;
            ps.last = v;
            ps.sentAt.put(v, System.nanoTime());
            sets.incrementAndGet();
            if (totals.measuring) totals.setsMeasured.increment();
            ws.writeTextMessage("{\"op\":\"set\",\"path\":\"" + ps.param.path() + "\",\"value\":" + v + "}");
        }

        /** This client's connection thread. */
        void onText(String text) {
            long now = System.nanoTime();
            String op = stringField(text, "op");
            if (op == null) return;
            switch (op) {
                case "changed", "ack" -> {
                    String path = stringField(text, "path");
                    String raw = rawField(text, "value");
                    if (path == null || raw == null) return;
                    Object value = parseScalar(raw);
                    view.put(path, value);
                    boolean isAck = op.equals("ack");
                    if (isAck) acks.incrementAndGet();
                    PathState ps = totals.byPath.get(path);
                    if (ps == null || !(value instanceof Double d)) return;
                    Long t0 = ps.sentAt.get(d);
                    if (t0 == null || !totals.measuring) return;
                    if (isAck) totals.ack.record(now - t0);
                    else if (ps.owner != this) totals.echo.record(now - t0);
                }
                case "error" -> {
                    String code = stringField(text, "code");
                    totals.errors.computeIfAbsent(code == null ? "?" : code, c -> new LongAdder()).increment();
                    if (totals.firstErrors.size() < 5) totals.firstErrors.add("client " + index + ": " + text);
                }
                case "snapshot", "values" -> {
                    // The greeting snapshot may arrive before this handler is set: the answer to our own
                    // get of everything is the one waited for.
                    JsonObject values = new JsonObject(text).getJsonObject("values");
                    for (Map.Entry<String, Object> e : values) {
                        view.put(e.getKey(), e.getValue() instanceof Number n ? (Object) n.doubleValue() : e.getValue());
                    }
                    if (op.equals("values")) snapshot.complete(null);
                }
                case "subscribed" -> subscribed.complete(null);
                case "ping" -> ws.writeTextMessage("{\"op\":\"pong\"}");
                default -> {
                    // hello, status notices, scenes: not measured
                }
            }
        }
    }

    /** What the console side measured over the window (from the child process, or /metrics with --url). */
    private interface ConsoleProbe extends AutoCloseable {
        void reset() throws Exception;

        JsonObject stats() throws Exception;

        boolean alive();

        @Override
        void close();
    }

    @Override
    public Integer call() throws Exception {
        if (minutes != null && seconds != null) throw new IllegalArgumentException("give --minutes or --seconds, not both");
        int duration = seconds != null ? seconds : (minutes != null ? minutes : 10) * 60;
        if (duration < 1 || duration > 24 * 3600) throw new IllegalArgumentException("the measured duration must be 1 s – 24 h, got " + duration + " s");
        if (clients < 2 || clients > 1000) throw new IllegalArgumentException("--clients must be 2–1000, got " + clients);
        if (rate < 1 || rate > 200) throw new IllegalArgumentException("--rate must be 1–200 sets per second, got " + rate);
        if (fps < 1 || fps > 60) throw new IllegalArgumentException("--fps must be 1–60, got " + fps);
        if (warmupSeconds < 0 || warmupSeconds > 600) throw new IllegalArgumentException("--warmup must be 0–600, got " + warmupSeconds);
        if (pathsPerClient < 1 || pathsPerClient > 64) throw new IllegalArgumentException("--paths-per-client must be 1–64");
        if (url != null && (consoleOffJack || baselineSeconds != null)) {
            throw new IllegalArgumentException((consoleOffJack ? "--console-off-jack" : "--baseline-seconds")
                    + " applies to the console this command starts; with --url the console is yours (no baseline, its JACK graph as it is)");
        }
        int baseline = baselineSeconds != null ? baselineSeconds : Math.min(duration, 120);
        if (baseline < 1 || baseline > 3600) throw new IllegalArgumentException("--baseline-seconds must be 1–3600, got " + baseline);
        String refusal = RealtimeRig.loadRefusal(maxLoad != null ? maxLoad : Runtime.getRuntime().availableProcessors());
        if (refusal != null) {
            System.err.println("jackdesk bench soak: " + refusal);
            return 3;
        }
        // Limits that make N loopback clients at this rate legitimate traffic (passed to the console explicitly).
        int maxConnections = clients + 8;
        int perClientRate = Math.max(ServerOptions.DEFAULT_MAX_MESSAGES_PER_SECOND, rate * 4);
        int totalRate = Math.max(SecurityOptions.DEFAULT_MAX_TOTAL_MESSAGES_PER_SECOND, clients * rate * 2 + 1000);

        System.out.printf(Locale.ROOT, "jackdesk bench soak: %d clients x %d sets/s (%d sets/s), meters at %d fps to every client;"
                        + " %d s measured after %d s warm-up%n", clients, rate, clients * rate, fps, duration, warmupSeconds);
        System.out.println("clients: " + RealtimeRig.runtime() + (batch ? "; connected with /ws?batch=1 like the web UI" : "; one message per frame (--no-batch)"));
        double loadStart = ProcessCpu.loadAverage();
        System.out.printf(Locale.ROOT, "machine: %d cores, load average %.2f at start%n", Runtime.getRuntime().availableProcessors(), loadStart);

        if (url != null) {
            System.out.println("console: already running at " + url + " (its limits must allow " + clients + " clients from this address"
                    + " at " + rate + " sets/s each; heap and CPU not measured)");
            try (ConsoleProbe probe = new MetricsProbe(url)) {
                return soak(url, probe, null, duration, -1, 0);
            }
        }
        if (!PrivateJackServer.jackdAvailable()) {
            System.err.println("jackdesk bench soak: jackd and jack_wait are needed (Debian: apt-get install -y jackd2)");
            return 1;
        }
        PrivateJackServer.Options serverOptions = PrivateJackServer.Options.defaults().withNamePrefix("jdsoak")
                .withSampleRate(48000).withPeriod(64).withChannels(2, 2);
        PrivateJackServer started = BenchRealtimeCommand.startServer(serverOptions, "bench soak");
        if (started == null) return 1;
        try (PrivateJackServer server = started;
             JackBackend observer = JackBackend.open(JackBackend.Config.of(List.of("in"), List.of("out"))
                     .withClientName("jdsoak-idle").withServerName(server.name()), null, null)) {
            System.out.println("server: private jackd '" + server.name() + "' (dummy backend, 48000 Hz, 64 frames = 1333 µs period"
                    + (BenchRealtimeCommand.isRoot() ? ", -R -P 70 real-time scheduling)" : ", not root: no real-time scheduling, expect xruns)"));
            observer.start((in, out, n) -> { });
            Thread.sleep(1000); // activation itself may xrun
            long bx0 = observer.xrunCount();
            Thread.sleep(baseline * 1000L);
            long baselineXruns = observer.xrunCount() - bx0;
            System.out.printf(Locale.ROOT, "idle baseline: a do-nothing client alone on the server, %d s: %d xruns%n", baseline, baselineXruns);
            System.out.printf(Locale.ROOT, "server limits passed to the console: %d WebSocket connections, %d per address,"
                    + " %d messages/s per client, %d messages/s in total%n", maxConnections, maxConnections, perClientRate, totalRate);
            Path dir = Files.createTempDirectory("jdsoak-");
            try (ChildProbe child = ChildProbe.start(server.name(), dir, maxConnections, perClientRate, totalRate, consoleOffJack)) {
                if (child.port < 0) return 1;
                System.out.println("console: child process pid " + child.process.pid() + " ('bench soak-console': built-in 16+4 layout,"
                        + " every channel HPF+gate+4-band EQ+compressor on, demo programme, usual control server with scenes"
                        + " and autosave), same JVM flags as this one"
                        + (consoleOffJack ? "; its engine runs on the internal clock, NOT in the JACK graph (--console-off-jack)" : ""));
                return soak(URI.create("http://127.0.0.1:" + child.port), child, observer, duration, baselineXruns, baseline);
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) Files.deleteIfExists(f);
                }
                Files.deleteIfExists(dir);
            }
        }
    }

    private int soak(URI base, ConsoleProbe probe, JackBackend observer, int duration, long baselineXruns, int baseline)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        JsonObject schema = getJson(http, base.resolve("/api/schema"));
        Layout layout = layoutOf(schema.getJsonObject("layout"));
        ParamRegistry registry = ParamRegistry.forLayout(layout);

        Totals totals = new Totals();
        List<Tablet> tablets = new ArrayList<>();
        for (int i = 0; i < clients; i++) tablets.add(new Tablet(i, totals, seed));
        Map<String, PathState> byPath = deal(registry, tablets);
        totals.byPath = byPath;
        System.out.printf(Locale.ROOT, "paths: %d moved, %d per client, disjoint (faders, pans, send levels and pans, trims,"
                        + " EQ gains of %d channels and %d buses); values uniform in each range, in steps of 0.001%n",
                byPath.size(), tablets.get(0).own.size(), layout.channels().size(), layout.buses().size());

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        List<Long> timers = new ArrayList<>();
        try {
            WebSocketClient wsClient = vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setMaxFrameSize(16 << 20).setMaxMessageSize(16 << 20).setMaxConnections(clients + 8));
            JsonObject subscribe = new JsonObject().put("op", "subscribe")
                    .put("meters", new JsonArray().add("ch").add("bus").add("main").add("monitor")).put("fps", fps);
            int port = base.getPort() > 0 ? base.getPort() : 80;
            for (Tablet t : tablets) {
                WebSocket ws = wsClient.connect(port, base.getHost(), batch ? "/ws?batch=1" : "/ws").toCompletionStage().toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
                t.ws = ws;
                ws.textMessageHandler(text -> {
                    try {
                        if (text.startsWith("[")) splitBatch(text, t::onText);
                        else t.onText(text);
                    } catch (RuntimeException ex) {
                        totals.errors.computeIfAbsent("client-side exception", c -> new LongAdder()).increment();
                        if (totals.firstErrors.size() < 5) totals.firstErrors.add("client " + t.index + ": " + ex + " on " + text);
                    }
                });
                ws.binaryMessageHandler(b -> {
                    if (totals.measuring) totals.meterFrames.increment();
                });
                ws.closeHandler(v -> {
                    if (!totals.closing) totals.dropped.incrementAndGet();
                });
                ws.writeTextMessage("{\"op\":\"get\",\"path\":\"\",\"id\":\"all\"}");
                ws.writeTextMessage(subscribe.encode());
            }
            for (Tablet t : tablets) {
                t.snapshot.get(20, TimeUnit.SECONDS);
                t.subscribed.get(20, TimeUnit.SECONDS);
            }
            totals.sending = true;
            long periodMs = Math.max(1, Math.round(1000.0 / rate));
            SplittableRandom phase = new SplittableRandom(seed);
            for (Tablet t : tablets) timers.add(vertx.setPeriodic(1 + phase.nextInt((int) periodMs), periodMs, id -> t.tick()));

            Thread.sleep(warmupSeconds * 1000L);
            long self = ProcessHandle.current().pid();
            long cpu0 = ProcessCpu.nanos(self), ox0 = observer == null ? 0 : observer.xrunCount(), wall0 = System.nanoTime();
            probe.reset();
            totals.measuring = true;
            sleepWatching(duration, probe, totals);
            totals.measuring = false;
            totals.sending = false;
            long wall = System.nanoTime() - wall0;
            long clientCpu = ProcessCpu.nanos(self) - cpu0;
            long observerXruns = observer == null ? -1 : observer.xrunCount() - ox0;
            JsonObject stats = probe.alive() ? probe.stats() : null;

            // Settle: every set answered, the coalescers' last held values sent.
            long settleEnd = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < settleEnd && unanswered(tablets, totals) > 0) Thread.sleep(50);
            Thread.sleep(500);
            Map<String, Object> finalState = probe.alive() ? getJson(http, base.resolve("/api/state")).getJsonObject("values").getMap() : null;
            totals.closing = true;
            // Vert.x closes a client that became unreachable (a Cleaner): keep it alive for the whole run.
            java.lang.ref.Reference.reachabilityFence(wsClient);
            return report(tablets, totals, byPath, finalState, stats, probe.alive(), wall, clientCpu, observerXruns,
                    baselineXruns, baseline, duration);
        } finally {
            totals.sending = false;
            totals.closing = true;
            for (long id : timers) vertx.cancelTimer(id);
            for (Tablet t : tablets) if (t.ws != null) t.ws.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Sleeps {@code seconds}, stopping early if the console dies. */
    private static void sleepWatching(int seconds, ConsoleProbe probe, Totals totals) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end && probe.alive()) {
            Thread.sleep(Math.max(1, Math.min(500, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    private static long unanswered(List<Tablet> tablets, Totals totals) {
        long errors = totals.errors.values().stream().mapToLong(LongAdder::sum).sum();
        long n = 0;
        for (Tablet t : tablets) n += t.sets.get() - t.acks.get();
        return Math.max(0, n - errors);
    }

    /** Deals the candidate paths round-robin, so every client gets a mix and no two share a path. */
    private Map<String, PathState> deal(ParamRegistry registry, List<Tablet> tablets) {
        List<Param> candidates = new ArrayList<>();
        int channels = registry.layout().channels().size(), buses = registry.layout().buses().size();
        for (String kind : KINDS) {
            int count = kind.startsWith("ch/") ? channels : buses;
            for (int n = 1; n <= count; n++) {
                Param p = registry.find(String.format(Locale.ROOT, kind, n));
                if (p != null && p.type() == ParamType.FLOAT) candidates.add(p);
            }
        }
        int each = Math.min(pathsPerClient, candidates.size() / tablets.size());
        if (each < 1) {
            throw new IllegalArgumentException("the console's layout has " + candidates.size() + " paths to move, fewer than "
                    + tablets.size() + " clients; use fewer --clients");
        }
        Map<String, PathState> byPath = new HashMap<>();
        int k = 0;
        for (int round = 0; round < each; round++) {
            for (Tablet t : tablets) {
                PathState ps = new PathState(candidates.get(k++), t);
                t.own.add(ps);
                byPath.put(ps.param.path(), ps);
            }
        }
        return Map.copyOf(byPath);
    }

    private int report(List<Tablet> tablets, Totals totals, Map<String, PathState> byPath, Map<String, Object> finalState,
                       JsonObject stats, boolean alive, long wallNanos, long clientCpuNanos, long observerXruns,
                       long baselineXruns, int baseline, int duration) {
        double secs = wallNanos / 1e9;
        long sets = 0, acks = 0;
        for (Tablet t : tablets) {
            sets += t.sets.get();
            acks += t.acks.get();
        }
        System.out.println("--- results");
        System.out.printf(Locale.ROOT, "sets: %.0f per second achieved while measuring (asked %d); %d sent in all, %d acked%n",
                totals.setsMeasured.sum() / secs, clients * rate, sets, acks);
        boolean functional = true;
        if (!alive) {
            System.out.println("CONSOLE DIED during the soak");
            functional = false;
        }
        long xruns = -1;
        if (stats != null) {
            xruns = stats.getLong("xruns", -1L);
            double periodMicros = 64 * 1e6 / 48000;
            if (observerXruns >= 0) {
                double expected = baselineXruns * (secs / baseline);
                if (consoleOffJack) {
                    long byLoad = Math.max(0, observerXruns - (long) Math.ceil(expected));
                    System.out.printf(Locale.ROOT, "xruns: the console is not in the JACK graph (--console-off-jack); the idle client saw"
                                    + " %d during the soak; baseline %d in %d s, i.e. %.1f expected in %.0f s: %d caused by the client load"
                                    + " on this machine alone%n", observerXruns, baselineXruns, baseline, expected, secs, byLoad);
                    xruns = -1;
                } else {
                    long beyond = Math.max(0, xruns - (long) Math.ceil(expected));
                    System.out.printf(Locale.ROOT, "xruns: %d during the soak (the console's JACK client; %d seen by the idle client);"
                                    + " baseline %d in %d s, i.e. %.1f expected in %.0f s: %d beyond the baseline%n",
                            xruns, observerXruns, baselineXruns, baseline, expected, secs, beyond);
                    xruns = beyond;
                }
                System.out.printf(Locale.ROOT, "callback: p50 %.0f µs  p99 %.0f µs  p99.9 %.0f µs  max %.1f µs (%.1f %% of the"
                                + " %.0f µs period), %d cycles; DSP load (JACK) %.1f %% at the end%n",
                        stats.getDouble("callbackP50Micros"), stats.getDouble("callbackP99Micros"), stats.getDouble("callbackP999Micros"),
                        stats.getDouble("callbackMaxMicros"), 100 * stats.getDouble("callbackMaxMicros") / periodMicros, periodMicros,
                        stats.getLong("cycles"), stats.getDouble("dspLoadPercent"));
            } else {
                System.out.printf(Locale.ROOT, "xruns: %d during the soak (from /metrics; no baseline with --url)%n", xruns);
                System.out.printf(Locale.ROOT, "callback: max %.1f µs since the console started (from /metrics: no percentiles with --url)%n",
                        stats.getDouble("callbackMaxMicros"));
            }
        }
        LatencyHistogram e = totals.echo, a = totals.ack;
        System.out.printf(Locale.ROOT, "echo latency (a client's set until the 'changed' at each of the other %d clients, matched by"
                        + " path and value): p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms (%d changes)%n",
                clients - 1, e.percentileMs(0.5), e.percentileMs(0.99), e.percentileMs(0.999), e.maxMs(), e.count());
        System.out.printf(Locale.ROOT, "ack latency (set until the sender's 'ack'): p50 %.2f ms  p99 %.2f ms  max %.2f ms (%d acks)%n",
                a.percentileMs(0.5), a.percentileMs(0.99), a.maxMs(), a.count());
        System.out.printf(Locale.ROOT, "meter frames: %.1f fps per client (asked %d)%n", totals.meterFrames.sum() / secs / clients, fps);
        Map<String, Long> errors = new TreeMap<>();
        totals.errors.forEach((k, v) -> errors.put(k, v.sum()));
        System.out.println("errors received: " + (errors.isEmpty() ? "none" : errors));
        for (String s : totals.firstErrors) System.out.println("  " + s);
        if (!errors.isEmpty()) functional = false;
        if (totals.dropped.get() > 0) {
            System.out.println("connections dropped by the server: " + totals.dropped.get());
            functional = false;
        }
        if (stats != null && stats.containsKey("heapMaxBytes")) {
            System.out.printf(Locale.ROOT, "server process: CPU %.1f %% of one core (its event loop %.1f %%); heap %.0f MiB after GC"
                            + " at the end / %.0f MiB max (peak in use %.0f MiB, committed %.0f MiB); GC: %d pauses, longest %d ms;"
                            + " %d concurrent cycles, longest %d ms%n",
                    stats.getDouble("cpuPercent"), stats.getDouble("eventLoopCpuPercent"), mib(stats.getLong("heapAfterGcBytes")),
                    mib(stats.getLong("heapMaxBytes")), mib(stats.getLong("heapPeakBytes")), mib(stats.getLong("heapCommittedBytes")),
                    stats.getLong("gcPauses"), stats.getLong("gcLongestPauseMs"), stats.getLong("gcCycles"), stats.getLong("gcLongestCycleMs"));
            if (stats.getLong("processorFailures", 0L) != 0 || stats.getLong("nonFiniteOutputs", 0L) != 0 || stats.getLong("autosaveFailures", 0L) != 0) {
                System.out.printf("CONSOLE FAULTS: %d cycles threw, %d non-finite outputs, %d autosave failures%n",
                        stats.getLong("processorFailures"), stats.getLong("nonFiniteOutputs"), stats.getLong("autosaveFailures"));
                functional = false;
            }
        } else {
            System.out.println("server process: heap and CPU not measured (--url)");
        }
        System.out.printf(Locale.ROOT, "client process (this JVM: %d clients, 2 event loops): CPU %.1f %% of one core%n",
                clients, 100.0 * clientCpuNanos / wallNanos);

        long unanswered = unanswered(tablets, totals);
        if (unanswered > 0) {
            System.out.println("sets never answered (no ack, no error of their own): " + unanswered + (totals.errors.containsKey("rate_limited")
                    ? " (the server drops a client's excess after one rate_limited error a second; a stalled client's backlog"
                    + " arrives as a burst over the limit)" : ""));
            functional = false;
        }
        long lost = -1, stale = 0;
        if (finalState != null) {
            lost = 0;
            List<String> examples = new ArrayList<>();
            for (PathState ps : byPath.values()) {
                if (Double.isNaN(ps.last)) continue;
                Object v = finalState.get(ps.param.path());
                double have = v instanceof Number n ? n.doubleValue() : Double.NaN;
                if (have != ps.last) {
                    lost++;
                    if (examples.size() < 5) examples.add(ps.param.path() + ": sent " + ps.last + " last, console has " + v);
                }
                for (Tablet t : tablets) {
                    Object seen = t.view.get(ps.param.path());
                    if (!(seen instanceof Number n) || n.doubleValue() != have) {
                        stale++;
                        if (examples.size() < 5) examples.add("client " + t.index + " sees " + ps.param.path() + " = " + seen + ", console has " + v);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "final state (GET /api/state) vs the last value each client sent: %d paths checked,"
                    + " lost updates %d; client views that differ from the final state: %d (of %d)%n",
                    byPath.size(), lost, stale, (long) byPath.size() * clients);
            for (String s : examples) System.out.println("  " + s);
            if (lost != 0 || stale != 0) functional = false;
        } else {
            System.out.println("final state: not read (the console is gone)");
            functional = false;
        }
        double loadEnd = ProcessCpu.loadAverage();
        System.out.printf(Locale.ROOT, "load average %.2f at the end%n", loadEnd);
        double p99 = e.percentileMs(0.99);
        System.out.printf(Locale.ROOT, "targets (issue 8): 0 xruns beyond the baseline %s; p99 echo <= 10 ms %s; 0 lost updates %s%n",
                observerXruns < 0 ? "n/a (no baseline with --url)" : consoleOffJack ? "n/a (console off JACK)" : met(xruns == 0),
                met(p99 <= 10), met(lost == 0));
        System.out.println(functional ? "functional: ok" : "functional: FAILED (see above)");
        return functional ? 0 : 1;
    }

    private static String met(boolean ok) {
        return ok ? "met" : "MISSED";
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static Layout layoutOf(JsonObject l) {
        List<Layout.Channel> channels = new ArrayList<>();
        for (Object o : l.getJsonArray("channels")) {
            JsonObject c = (JsonObject) o;
            channels.add(new Layout.Channel(c.getString("name"), c.getBoolean("stereo")));
        }
        List<Layout.Bus> buses = new ArrayList<>();
        for (Object o : l.getJsonArray("buses")) {
            JsonObject b = (JsonObject) o;
            buses.add(new Layout.Bus(b.getString("name"), b.getBoolean("stereo")));
        }
        return new Layout(channels, buses);
    }

    private static JsonObject getJson(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("GET " + uri + " answered " + r.statusCode() + ": " + r.body());
        return new JsonObject(r.body());
    }

    /** Hands each top-level object of a batch frame ({@code [{...},{...}]}) to {@code each}, in order. */
    static void splitBatch(String text, java.util.function.Consumer<String> each) {
        int depth = 0;
        int start = -1;
        boolean inString = false;
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                if (depth++ == 0) start = i;
            } else if (c == '}') {
                if (--depth == 0) each.accept(text.substring(start, i + 1));
            }
        }
    }

    /** The text of {@code "name":"..."} in a flat JSON object, or null (no escapes in the fields read here). */
    static String stringField(String json, String name) {
        String key = "\"" + name + "\":\"";
        int i = json.indexOf(key);
        if (i < 0) return null;
        int start = i + key.length();
        int end = json.indexOf('"', start);
        return end < 0 ? null : json.substring(start, end);
    }

    /** The raw text of a scalar {@code "name":value} in a flat JSON object, or null. */
    static String rawField(String json, String name) {
        String key = "\"" + name + "\":";
        int i = json.indexOf(key);
        if (i < 0) return null;
        int start = i + key.length();
        int end = start;
        if (end < json.length() && json.charAt(end) == '"') {
            end = json.indexOf('"', start + 1);
            return end < 0 ? null : json.substring(start, end + 1);
        }
        while (end < json.length() && json.charAt(end) != ',' && json.charAt(end) != '}') end++;
        return json.substring(start, end);
    }

    private static Object parseScalar(String raw) {
        if (raw.startsWith("\"")) return raw.substring(1, raw.length() - 1);
        if (raw.equals("true") || raw.equals("false")) return Boolean.parseBoolean(raw);
        try {
            return Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            return raw;
        }
    }

    /** The console as a child process ({@link SoakConsoleCommand}), driven through its stdin and stdout. */
    private static final class ChildProbe implements ConsoleProbe {
        final Process process;
        final Path log;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final Writer stdin;
        int port = -1;

        private ChildProbe(Process process, Path log) {
            this.process = process;
            this.log = log;
            this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) lines.add(l);
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "soak-console-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static ChildProbe start(String jackServer, Path dir, int maxClients, int perClientRate, int totalRate, boolean internalClock)
                throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (a.startsWith("-XX:") || a.startsWith("-Xm") || a.startsWith("-Xs") || a.startsWith("--enable-native-access")
                        || a.startsWith("--sun-misc-unsafe") || a.startsWith("-Djava.awt.headless")) {
                    cmd.add(a);
                }
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchMain.class.getName(),
                    "soak-console", "--jack-server", jackServer, "--show", dir.resolve("show.json").toString(),
                    "--max-clients", Integer.toString(maxClients), "--max-rate", Integer.toString(perClientRate),
                    "--max-per-address", Integer.toString(maxClients), "--max-total-rate", Integer.toString(totalRate)));
            if (internalClock) cmd.add("--internal-clock");
            Path log = dir.resolve("console.log");
            Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
            ChildProbe c = new ChildProbe(p, log);
            String line = c.lines.poll(90, TimeUnit.SECONDS);
            if (line != null && line.startsWith("READY port=")) {
                c.port = Integer.parseInt(line.substring("READY port=".length()).trim());
            } else {
                System.out.println("the console did not start: " + (line == null ? "no answer within 90 s" : line));
                System.out.println("its log: " + c.logTail());
            }
            return c;
        }

        private String command(String cmd) throws IOException, InterruptedException {
            stdin.write(cmd + "\n");
            stdin.flush();
            String line = lines.poll(60, TimeUnit.SECONDS);
            if (line == null) throw new IOException("the console did not answer '" + cmd + "' within 60 s; its log: " + logTail());
            return line;
        }

        @Override
        public void reset() throws Exception {
            String r = command("reset");
            if (!r.equals("OK")) throw new IOException("the console answered '" + r + "' to reset");
        }

        @Override
        public JsonObject stats() throws Exception {
            return new JsonObject(command("stats"));
        }

        @Override
        public boolean alive() {
            return process.isAlive();
        }

        String logTail() {
            try {
                List<String> l = Files.readAllLines(log);
                return String.join(" | ", l.subList(Math.max(0, l.size() - 6), l.size()));
            } catch (IOException e) {
                return "(unreadable)";
            }
        }

        @Override
        public void close() {
            try {
                if (process.isAlive()) {
                    stdin.write("stop\n");
                    stdin.flush();
                    stdin.close();
                }
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroy();
                    if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }

    /** A console started elsewhere: xruns and callback max from its Prometheus {@code /metrics}. */
    private static final class MetricsProbe implements ConsoleProbe {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final URI metrics;
        private long xruns0;

        MetricsProbe(URI base) {
            this.metrics = base.resolve("/metrics");
        }

        private Map<String, Double> read() throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            Map<String, Double> m = new HashMap<>();
            for (String line : r.body().split("\n")) {
                if (line.startsWith("#") || line.isBlank()) continue;
                int sp = line.lastIndexOf(' ');
                try {
                    m.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
                } catch (NumberFormatException | StringIndexOutOfBoundsException ignored) {
                    // not a sample line
                }
            }
            return m;
        }

        @Override
        public void reset() throws Exception {
            xruns0 = read().getOrDefault("jackdesk_xruns_total", 0.0).longValue();
        }

        @Override
        public JsonObject stats() throws Exception {
            Map<String, Double> m = read();
            return new JsonObject().put("xruns", m.getOrDefault("jackdesk_xruns_total", 0.0).longValue() - xruns0)
                    .put("callbackMaxMicros", m.getOrDefault("jackdesk_callback_max_microseconds", Double.NaN));
        }

        @Override
        public boolean alive() {
            try {
                return http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }

        @Override
        public void close() {
        }
    }
}
