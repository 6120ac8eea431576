package org.jackdesk.bench;

import org.jackdesk.control.cli.RawWs;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.control.Console;
import org.jackdesk.control.ControlServer;
import org.jackdesk.control.ServerMetrics;
import org.jackdesk.control.ServerOptions;
import org.jackdesk.control.ws.SessionHandler;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.jack.ConnectRule;
import org.jackdesk.engine.jack.JackBackend;
import org.jackdesk.engine.jack.JackUnavailableException;
import org.jackdesk.engine.jack.PrivateJackServer;

/**
 * One {@code jackdesk chaos} run ({@link ChaosCommand}): a real console on a private dummy
 * {@code jackd}, with tablets connected, and over and over: jackd killed and restarted, clients
 * vanishing mid-drag, half-open connections, clients that never read, garbage. At the end
 * {@link ChaosChecks} checks the console is alive, every value is the last one acked, no output
 * sample was non-finite, memory stayed bounded and every faulty client was released; the outcome is
 * a {@link ChaosResult}.
 *
 * <p>Thread: the caller's thread drives everything (blocking, never on an event loop).
 */
final class ChaosRun {
    /** Heap growth (after GC) from warm-up to the end that still counts as bounded. */
    static final long HEAP_GROWTH_LIMIT_BYTES = 64L << 20;
    static final int STEADY_CLIENTS = 2;
    /** Faulty clients alive at once at most (the console allows 16 per address). */
    private static final int MAX_FAULTY = 8;

    private final long seed;
    private final long keepaliveMs;
    private final long durationNanos;
    /** Where progress and each failure are told as they happen (stderr under --json). */
    private final PrintStream log;
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    final List<String> failures = new ArrayList<>();
    /** Every value acked to anyone during the run, the last one per path. */
    final Map<String, Double> lastAcked = new LinkedHashMap<>();
    final List<RawWs> halfOpen = new ArrayList<>();
    final List<RawWs> neverReading = new CopyOnWriteArrayList<>();
    final SplittableRandom random;
    ConsoleState state;
    ServerMetrics metrics;
    int port;
    List<ChaosClient> steady;
    private PrivateJackServer jack;
    EngineHost host;
    private JackBackend probeBackend;
    final ChaosOutputProbe probe = new ChaosOutputProbe();
    long heapBaseline;

    ChaosRun(long seed, long keepaliveMs, long durationNanos, PrintStream log) {
        this.seed = seed;
        this.keepaliveMs = keepaliveMs;
        this.durationNanos = durationNanos;
        this.log = log;
        this.random = new SplittableRandom(seed);
    }

    /** Runs the faults for the duration, then the final checks. Needs jackd (the caller checked). */
    ChaosResult run() throws Exception {
        ConsoleConfig config = ConfigJson.builtinDefault();
        ChaosResult result;
        ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jackdesk-chaos-pinger");
            t.setDaemon(true);
            return t;
        });
        log.printf(Locale.ROOT, "jackdesk chaos: %.0f s, seed %d, keepalive %d ms%n", durationNanos / 1e9, seed, keepaliveMs);
        try (PrivateJackServer server = PrivateJackServer.start(PrivateJackServer.Options.defaults().withNamePrefix("jdchaos"));
             // The product's composition root, no show file: the chaos hits the console start runs.
             Console console = Console.start(Console.Options.of(config, new EngineHost.Options("jdchaos", server.name(), false,
                             false, true, 48000, 64, List.of()))
                     .withServer(ServerOptions.loopbackEphemeral().withPorts(0, ServerOptions.NO_OSC).withKeepaliveMs(keepaliveMs))
                     .withLog(line -> log.println("  audio: " + line)))) {
            jack = server;
            state = console.state();
            host = console.host();
            Vertx vertx = console.vertx();
            ControlServer.Bound bound = console.bound();
            port = bound.httpPort();
            metrics = bound.server().metrics();
            openProbe();
            steady = new ArrayList<>();
            for (int i = 0; i < STEADY_CLIENTS; i++) steady.add(ChaosClient.connect(vertx, port, 30));
            // Never-reading clients keep telling the console they are alive: only their full queue may get them closed.
            pinger.scheduleAtFixedRate(this::keepNeverReadingAlive, 100, Math.max(20, keepaliveMs / 4), TimeUnit.MILLISECONDS);
            Thread.sleep(500);
            heapBaseline = heapAfterGc();

            long start = System.nanoTime();
            long deadline = start + durationNanos;
            List<Runnable> cycle = List.of(this::jackRestart, this::dropMidDrag, () -> ChaosGarbage.send(this), this::openHalfOpen,
                    this::openNeverReading, this::steadySets);
            int round = 0;
            long lastJack = start;
            while (round < cycle.size() || System.nanoTime() < deadline) { // the first pass runs whatever the duration
                Runnable action;
                if (round < cycle.size()) {
                    action = cycle.get(round); // the first pass does everything once
                } else if (System.nanoTime() - lastJack > TimeUnit.SECONDS.toNanos(15) && deadline - System.nanoTime() > TimeUnit.SECONDS.toNanos(8)) {
                    action = cycle.get(0);
                } else {
                    action = cycle.get(1 + random.nextInt(cycle.size() - 1));
                }
                if (action == cycle.get(0)) lastJack = System.nanoTime();
                try {
                    action.run();
                } catch (RuntimeException e) {
                    fail("round " + round + ": " + e);
                }
                round++;
                Thread.sleep(100 + random.nextInt(300));
            }
            long checksStart = System.nanoTime();
            ChaosChecks.finalChecks(this); // the pinger keeps running: a never-reading client must go for its queue, not the keepalive
            pinger.shutdownNow();
            log.printf(Locale.ROOT, "  (final checks took %.1f s)%n", (System.nanoTime() - checksStart) / 1e9);
            result = result((System.nanoTime() - start) / 1e9);
            for (ChaosClient c : steady) c.close();
            for (RawWs w : halfOpen) quietly(w);
            for (RawWs w : neverReading) quietly(w);
            if (probeBackend != null) probeBackend.close();
        } finally {
            pinger.shutdownNow();
        }
        return result;
    }

    // ---- the faults ------------------------------------------------------------------------

    /** jackd SIGKILLed, then restarted: tablets told both ways, the console answers meanwhile, state identical. */
    private void jackRestart() {
        try {
            int[] gone = new int[steady.size()];
            int[] back = new int[steady.size()];
            for (int i = 0; i < steady.size(); i++) {
                gone[i] = steady.get(i).jackGone.get();
                back[i] = steady.get(i).jackBack.get();
            }
            Map<String, Object> before = state.snapshot();
            jack.kill();
            check(await(() -> allAbove(gone, true), 10_000), "every tablet is told when jackd is gone");
            // The console answers while jackd is away; a value set now must survive the restart.
            String path = randomFader();
            double v = round1(-40 + 40 * random.nextDouble());
            setBy(steady.get(0), path, v);
            before.put(path, v);
            jack.restart();
            check(await(() -> allAbove(back, false), 15_000), "every tablet is told when jackd is back");
            check(await(() -> host.status().state() == org.jackdesk.engine.host.AudioStatus.State.JACK, 10_000), "the console runs on jackd again: " + host.backendStatus());
            check(before.equals(state.snapshot()), "the console's state is identical after the jackd restart");
            reconnectProbe();
            count("jackd killed and restarted");
        } catch (Exception e) {
            fail("jackd restart: " + e);
        }
    }

    /** A client touches a fader, drags it (every move acked), then vanishes with RST or FIN and no close frame. */
    private void dropMidDrag() {
        try (RawWs a = RawWs.connect(port, 0)) {
            String session = a.await("hello").getString("session");
            a.await("snapshot");
            String path = randomFader();
            a.send(new JsonObject().put("op", "touch").put("path", path).put("on", true));
            int moves = 10 + random.nextInt(30);
            double start = -40 + 30 * random.nextDouble();
            double last = 0;
            for (int i = 1; i <= moves; i++) {
                last = round1(start + 0.25 * i);
                a.send(new JsonObject().put("op", "set").put("path", path).put("value", last).put("id", i));
            }
            JsonObject ack;
            do {
                ack = a.await("ack");
            } while (ack.getInteger("id") != moves);
            lastAcked.put(path, ack.getDouble("value"));
            boolean rst = random.nextBoolean();
            if (rst) a.reset();
            else a.close();
            check(await(() -> steady.stream().allMatch(c -> c.releasedBy.contains(session)), 5_000),
                    "the others see the vanished client's touch released");
            count(rst ? "clients vanished mid-drag (RST)" : "clients vanished mid-drag (FIN)");
        } catch (IOException e) {
            fail("drop mid-drag: " + e);
        }
    }

    /** Connected, upgraded, then silent forever (no FIN, no RST): the keepalive must release it. */
    private void openHalfOpen() {
        if (faultyAlive() >= MAX_FAULTY) return;
        try {
            halfOpen.add(RawWs.connect(port, 2048));
            count("half-open connections");
        } catch (IOException e) {
            fail("half-open: " + e);
        }
    }

    /** Subscribes to every meter at 60 fps and never reads: the console must cap its queue and close it. */
    private void openNeverReading() {
        if (faultyAlive() >= MAX_FAULTY) return;
        try {
            RawWs w = RawWs.connect(port, 2048);
            w.sendText("{\"op\":\"subscribe\",\"meters\":[\"ch\",\"bus\",\"main\",\"monitor\",\"loudness\"],\"fps\":60}");
            neverReading.add(w);
            count("never-reading clients");
        } catch (IOException e) {
            fail("never-reading: " + e);
        }
    }

    /** A steady tablet moves a few faders (acked), as an engineer would meanwhile. */
    private void steadySets() {
        try {
            ChaosClient c = steady.get(random.nextInt(steady.size()));
            for (int i = 0; i < 5; i++) setBy(c, randomFader(), round1(-60 + 70 * random.nextDouble()));
            count("steady sets", 5);
        } catch (Exception e) {
            fail("steady sets: " + e);
        }
    }

    // ---- the end -----------------------------------------------------------------------------

    private ChaosResult result(double seconds) {
        return new ChaosResult(seconds, seed, keepaliveMs, new LinkedHashMap<>(counts), lastAcked.size(), metrics.heldBackCount(),
                metrics.maxQueuedBytes(), SessionHandler.MAX_QUEUED_BYTES, SessionHandler.MAX_QUEUED_BYTES_HARD,
                new LinkedHashMap<>(metrics.errorsByCode()), host.xruns(),
                new ChaosResult.Probe(probe.frames, probe.peak, probe.nonFinite), heapAfterGc() - heapBaseline, List.copyOf(failures));
    }

    // ---- helpers -----------------------------------------------------------------------------

    private void openProbe() throws JackUnavailableException {
        String console = ((JackBackend) host.backend()).clientName();
        probeBackend = JackBackend.open(new JackBackend.Config("jdchaos-probe", jack.name(), List.of("in_L", "in_R"), List.of(),
                List.of(new ConnectRule("in_L", console + ":main_L", true), new ConnectRule("in_R", console + ":main_R", true))),
                (rate, frames) -> { }, (status, detail) -> { });
        var r = probeBackend.start(probe);
        check(r.made() == 2, "the output probe is patched to main_L/main_R (" + r.warnings() + ")");
    }

    /** Both clients reconnect by themselves; the probe's patch needs the console's ports back first. */
    private void reconnectProbe() throws InterruptedException {
        boolean ok = await(() -> probeBackend.applyConnections().made() == 2, 10_000);
        long before = probe.frames;
        check(ok && await(() -> probe.frames > before, 5_000), "the output probe reads the console again after the restart");
    }

    private void keepNeverReadingAlive() {
        for (RawWs w : neverReading) {
            try {
                w.sendText("{\"op\":\"pong\"}");
            } catch (IOException e) {
                // closed by the console: what we expect in the end
            }
        }
    }

    private int faultyAlive() {
        return (int) Math.max(0, metrics.wsClients() - STEADY_CLIENTS);
    }

    private void setBy(ChaosClient c, String path, double value) throws Exception {
        JsonObject r = c.request(new JsonObject().put("op", "set").put("path", path).put("value", value));
        if (!"ack".equals(r.getString("op"))) throw new IllegalStateException("set " + path + " " + value + " answered " + r.encode());
        lastAcked.put(path, r.getDouble("value"));
    }

    private String randomFader() {
        int channels = state.registry().layout().channels().size();
        return random.nextInt(4) == 0 ? "main/fader" : "ch/" + (1 + random.nextInt(channels)) + "/fader";
    }

    private boolean allAbove(int[] before, boolean gone) {
        for (int i = 0; i < steady.size(); i++) {
            int now = gone ? steady.get(i).jackGone.get() : steady.get(i).jackBack.get();
            if (now <= before[i]) return false;
        }
        return true;
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static boolean await(BooleanSupplier condition, long timeoutMillis) {
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        try {
            while (System.nanoTime() < end) {
                if (condition.getAsBoolean()) return true;
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return condition.getAsBoolean();
    }

    static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    void count(String what) {
        count(what, 1);
    }

    void count(String what, int n) {
        counts.merge(what, n, Integer::sum);
    }

    void check(boolean ok, String what) {
        if (!ok) fail(what);
    }

    void fail(String what) {
        failures.add(what);
        log.println("  FAILED: " + what);
    }

    private static void quietly(RawWs w) {
        try {
            w.close();
        } catch (IOException e) {
            // at the end of the run
        }
    }
}
