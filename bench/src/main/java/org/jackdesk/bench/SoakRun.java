package org.jackdesk.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.ParamType;
import org.jackdesk.engine.jack.JackBackend;

/**
 * The measured part of {@code jackdesk bench soak} ({@link BenchSoakCommand}): {@code clients}
 * tablets ({@link SoakTablet}), each moving its own disjoint set of parameters with random valid
 * values at {@code rate} sets per second and receiving everything, against a console that is
 * already running; the outcome is a {@link SoakResult}.
 *
 * <p>Thread: the caller's thread drives the run (blocking); the tablets live on a Vert.x instance
 * of their own with two event loops.
 */
final class SoakRun {
    /** Candidate paths to move, in the order they are dealt to clients (one of each kind per round). */
    private static final String[] KINDS = {"ch/%d/fader", "ch/%d/pan", "ch/%d/send/1/level", "ch/%d/eq/2/gain",
            "ch/%d/send/2/level", "ch/%d/eq/3/gain", "ch/%d/send/3/level", "ch/%d/eq/1/gain", "ch/%d/send/4/level",
            "ch/%d/eq/4/gain", "ch/%d/send/5/level", "ch/%d/send/6/level", "ch/%d/trim", "ch/%d/send/1/pan",
            "ch/%d/send/2/pan", "bus/%d/fader", "bus/%d/eq/1/gain", "bus/%d/eq/2/gain", "bus/%d/eq/3/gain",
            "bus/%d/eq/4/gain"};

    private final int clients;
    private final int rate;
    private final int fps;
    private final int warmupSeconds;
    private final int pathsPerClient;
    private final boolean batch;
    private final long seed;

    SoakRun(int clients, int rate, int fps, int warmupSeconds, int pathsPerClient, boolean batch, long seed) {
        this.clients = clients;
        this.rate = rate;
        this.fps = fps;
        this.warmupSeconds = warmupSeconds;
        this.pathsPerClient = pathsPerClient;
        this.batch = batch;
        this.seed = seed;
    }

    /**
     * Connects the tablets to the console at {@code base}, runs the warm-up and the measured window,
     * lets every set be answered, and compares the console's final state with what was sent.
     * {@code observer} is the idle JACK client (null with --url).
     */
    SoakResult run(SoakResult.Setup setup, String console, String server, SoakResult.Baseline baseline, SoakResult.Limits limits,
            URI base, SoakConsoleProbe probe, JackBackend observer) throws Exception {
        int duration = setup.seconds();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        JsonObject schema = getJson(http, base.resolve("/api/schema"));
        Layout layout = layoutOf(schema.getJsonObject("layout"));
        ParamRegistry registry = ParamRegistry.forLayout(layout);

        SoakTablet.Totals totals = new SoakTablet.Totals();
        List<SoakTablet> tablets = new ArrayList<>();
        for (int i = 0; i < clients; i++) tablets.add(new SoakTablet(i, totals, seed));
        Map<String, SoakTablet.PathState> byPath = deal(registry, tablets);
        totals.byPath = byPath;

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        List<Long> timers = new ArrayList<>();
        try {
            WebSocketClient wsClient = vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setMaxFrameSize(16 << 20).setMaxMessageSize(16 << 20).setMaxConnections(clients + 8));
            JsonObject subscribe = new JsonObject().put("op", "subscribe")
                    .put("meters", new JsonArray().add("ch").add("bus").add("main").add("monitor")).put("fps", fps);
            int port = base.getPort() > 0 ? base.getPort() : 80;
            for (SoakTablet t : tablets) {
                WebSocket ws = wsClient.connect(port, base.getHost(), batch ? "/ws?batch=1" : "/ws").toCompletionStage().toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
                t.ws = ws;
                ws.textMessageHandler(text -> {
                    try {
                        if (text.startsWith("[")) SoakJson.splitBatch(text, t::onText);
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
            for (SoakTablet t : tablets) {
                t.snapshot.get(20, TimeUnit.SECONDS);
                t.subscribed.get(20, TimeUnit.SECONDS);
            }
            totals.sending = true;
            long periodMs = Math.max(1, Math.round(1000.0 / rate));
            SplittableRandom phase = new SplittableRandom(seed);
            for (SoakTablet t : tablets) timers.add(vertx.setPeriodic(1 + phase.nextInt((int) periodMs), periodMs, id -> t.tick()));

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
            SoakConsoleStats stats = probe.alive() ? probe.stats() : null;

            // Settle: every set answered, the coalescers' last held values sent.
            long settleEnd = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < settleEnd && unanswered(tablets, totals) > 0) Thread.sleep(50);
            Thread.sleep(500);
            Map<String, Object> finalState = probe.alive() ? getJson(http, base.resolve("/api/state")).getJsonObject("values").getMap() : null;
            totals.closing = true;
            // Vert.x closes a client that became unreachable (a Cleaner): keep it alive for the whole run.
            java.lang.ref.Reference.reachabilityFence(wsClient);
            long sets = 0, acks = 0;
            for (SoakTablet t : tablets) {
                sets += t.sets.get();
                acks += t.acks.get();
            }
            Map<String, Long> errors = new TreeMap<>();
            totals.errors.forEach((k, v) -> errors.put(k, v.sum()));
            return new SoakResult(setup, console, server, baseline, limits, byPath.size(), tablets.get(0).own.size(),
                    layout.channels().size(), layout.buses().size(), wall / 1e9, totals.setsMeasured.sum(), sets, acks,
                    probe.alive(), stats, observerXruns, SoakResult.Latency.of(totals.echo), SoakResult.Latency.of(totals.ack),
                    totals.meterFrames.sum() / (wall / 1e9) / clients, errors, List.copyOf(totals.firstErrors), totals.dropped.get(),
                    100.0 * clientCpu / wall, unanswered(tablets, totals), finalState == null ? null : compare(byPath, tablets, finalState),
                    ProcessCpu.loadAverage());
        } finally {
            totals.sending = false;
            totals.closing = true;
            for (long id : timers) vertx.cancelTimer(id);
            for (SoakTablet t : tablets) if (t.ws != null) t.ws.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Sleeps {@code seconds}, stopping early if the console dies. */
    private static void sleepWatching(int seconds, SoakConsoleProbe probe, SoakTablet.Totals totals) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end && probe.alive()) {
            Thread.sleep(Math.max(1, Math.min(500, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    private static long unanswered(List<SoakTablet> tablets, SoakTablet.Totals totals) {
        long errors = totals.errors.values().stream().mapToLong(LongAdder::sum).sum();
        long n = 0;
        for (SoakTablet t : tablets) n += t.sets.get() - t.acks.get();
        return Math.max(0, n - errors);
    }

    /** Deals the candidate paths round-robin, so every client gets a mix and no two share a path. */
    private Map<String, SoakTablet.PathState> deal(ParamRegistry registry, List<SoakTablet> tablets) {
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
        Map<String, SoakTablet.PathState> byPath = new HashMap<>();
        int k = 0;
        for (int round = 0; round < each; round++) {
            for (SoakTablet t : tablets) {
                SoakTablet.PathState ps = new SoakTablet.PathState(candidates.get(k++), t);
                t.own.add(ps);
                byPath.put(ps.param.path(), ps);
            }
        }
        return Map.copyOf(byPath);
    }

    /** The console's final state against the last value each client sent, and against every client's view. */
    private static SoakResult.FinalState compare(Map<String, SoakTablet.PathState> byPath, List<SoakTablet> tablets,
            Map<String, Object> finalState) {
        long lost = 0, stale = 0;
        List<String> examples = new ArrayList<>();
        for (SoakTablet.PathState ps : byPath.values()) {
            if (Double.isNaN(ps.last)) continue;
            Object v = finalState.get(ps.param.path());
            double have = v instanceof Number n ? n.doubleValue() : Double.NaN;
            if (have != ps.last) {
                lost++;
                if (examples.size() < 5) examples.add(ps.param.path() + ": sent " + ps.last + " last, console has " + v);
            }
            for (SoakTablet t : tablets) {
                Object seen = t.view.get(ps.param.path());
                if (!(seen instanceof Number n) || n.doubleValue() != have) {
                    stale++;
                    if (examples.size() < 5) examples.add("client " + t.index + " sees " + ps.param.path() + " = " + seen + ", console has " + v);
                }
            }
        }
        return new SoakResult.FinalState(byPath.size(), lost, stale, (long) byPath.size() * tablets.size(), examples);
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
}
