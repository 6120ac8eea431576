package org.jackdesk.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.control.ControlServer;
import org.jackdesk.control.ServerMetrics;
import org.jackdesk.control.ServerOptions;
import org.jackdesk.control.scene.LiveShow;
import org.jackdesk.control.scene.Notices;
import org.jackdesk.control.ws.SessionHandler;
import org.jackdesk.engine.AudioProcessor;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.jack.AudioBackend;
import org.jackdesk.engine.jack.ConnectRule;
import org.jackdesk.engine.jack.JackBackend;
import org.jackdesk.engine.jack.JackUnavailableException;
import org.jackdesk.engine.jack.PrivateJackServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jackdesk chaos}: the long fault scenarios of docs/security.md against a real console on a
 * private dummy {@code jackd}, with tablets connected. Over and over: jackd killed and restarted,
 * clients vanishing mid-drag, half-open connections, clients that never read, garbage. At the end
 * it checks the console is alive, every value is the last one acked, no output sample was
 * non-finite, memory stayed bounded and every faulty client was released, and prints PASS or FAIL
 * (exit 1).
 *
 * <p>Thread: the command's own thread drives everything (blocking, never on an event loop).
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Run fault scenarios against a console on a private dummy jackd; PASS/FAIL report.")
public final class ChaosCommand implements Callable<Integer> {
    @Option(names = "--minutes", description = "How long to run (default 2).")
    Double minutes;

    @Option(names = "--seconds", description = "How long to run, in seconds, instead of --minutes (a smoke run).")
    Integer seconds;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random choices (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--keepalive-ms", defaultValue = "1000",
            description = "The console's keepalive (default ${DEFAULT-VALUE} ms: half-open clients go within seconds).")
    long keepaliveMs;

    /** Heap growth (after GC) from warm-up to the end that still counts as bounded. */
    static final long HEAP_GROWTH_LIMIT_BYTES = 64L << 20;
    private static final int STEADY_CLIENTS = 2;
    /** Faulty clients alive at once at most (the console allows 16 per address). */
    private static final int MAX_FAULTY = 8;

    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    /** Every value acked to anyone during the run, the last one per path. */
    private final Map<String, Double> lastAcked = new LinkedHashMap<>();
    private final List<RawWs> halfOpen = new ArrayList<>();
    private final List<RawWs> neverReading = new CopyOnWriteArrayList<>();
    private SplittableRandom random;
    private ConsoleState state;
    private ServerMetrics metrics;
    private int port;
    private List<ChaosClient> steady;
    private PrivateJackServer jack;
    private EngineHost host;
    private JackBackend probeBackend;
    private final OutputProbe probe = new OutputProbe();
    private long heapBaseline;

    @Override
    public Integer call() throws Exception {
        // The options first: a wrong one is reported the same on a machine with or without jackd.
        if (keepaliveMs < 50) {
            System.err.println("jackdesk chaos: --keepalive-ms must be at least 50");
            return 2;
        }
        if (minutes != null && seconds != null) {
            System.err.println("jackdesk chaos: give --minutes or --seconds, not both");
            return 2;
        }
        long durationNanos = seconds != null ? TimeUnit.SECONDS.toNanos(seconds) : (long) ((minutes != null ? minutes : 2.0) * 60e9);
        if (durationNanos <= 0) {
            System.err.println("jackdesk chaos: the duration must be positive");
            return 2;
        }
        if (!PrivateJackServer.jackdAvailable()) {
            System.err.println("jackdesk chaos: jackd and jack_wait are needed (Debian: apt-get install -y jackd2)");
            return 2;
        }
        random = new SplittableRandom(seed);
        ConsoleConfig config = ConfigJson.builtinDefault();
        state = new ConsoleState(ParamRegistry.forLayout(config.toLayout()));
        Vertx vertx = Vertx.vertx();
        ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jackdesk-chaos-pinger");
            t.setDaemon(true);
            return t;
        });
        System.out.printf(Locale.ROOT, "jackdesk chaos: %.0f s, seed %d, keepalive %d ms%n", durationNanos / 1e9, seed, keepaliveMs);
        try (PrivateJackServer server = PrivateJackServer.start(PrivateJackServer.Options.defaults().withNamePrefix("jdchaos"));
             EngineHost h = EngineHost.start(state, new EngineHost.Options("jdchaos", server.name(), false, false, true,
                     48000, 64, List.of()), line -> System.out.println("  audio: " + line))) {
            jack = server;
            host = h;
            Notices notices = new Notices();
            org.jackdesk.control.cli.StartCommand.wireAudioStatus(host, notices);
            SceneManager scenes = new SceneManager(state, System::currentTimeMillis, LiveShow.ticker(vertx));
            ControlServer.Bound bound = ControlServer.deploy(vertx, state, host,
                            ServerOptions.loopbackEphemeral().withPorts(0, ServerOptions.NO_OSC).withKeepaliveMs(keepaliveMs),
                            new LiveShow(scenes, config, notices))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
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
            List<Runnable> cycle = List.of(this::jackRestart, this::dropMidDrag, this::garbage, this::openHalfOpen,
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
            finalChecks(); // the pinger keeps running: a never-reading client must go for its queue, not the keepalive
            pinger.shutdownNow();
            System.out.printf(Locale.ROOT, "  (final checks took %.1f s)%n", (System.nanoTime() - checksStart) / 1e9);
            report((System.nanoTime() - start) / 1e9);
            for (ChaosClient c : steady) c.close();
            for (RawWs w : halfOpen) quietly(w);
            for (RawWs w : neverReading) quietly(w);
            if (probeBackend != null) probeBackend.close();
            vertx.undeploy(bound.deploymentId()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            pinger.shutdownNow();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        return failures.isEmpty() ? 0 : 1;
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

    /** Malformed frames and messages: each answered with an error, nothing changes, the connection stays. */
    private void garbage() {
        Map<String, Object> before = state.snapshot();
        List<String> texts = List.of("{", "null", "[]", "\"set\"", "{\"op\":\"explode\"}", "{\"op\":\"set\"}",
                "{\"op\":\"set\",\"path\":\"ch/999/fader\",\"value\":0}", "{\"op\":\"set\",\"path\":\"ch/1/fader\",\"value\":\"NaN\"}",
                "{\"op\":\"set\",\"path\":\"ch/1/fader\",\"value\":1e400}", "{\"op\":\"set\",\"path\":\"ch/1/fader\",\"value\":true}",
                "{\"op\":\"nudge\",\"path\":\"ch/1/fader\",\"delta\":\"x\"}", "{\"op\":\"subscribe\",\"meters\":[\"nope\"],\"fps\":1e9}",
                "{\"op\":\"scene.recall\",\"name\":\"../../etc/passwd\"}", "{\"op\":\"get\",\"path\":\"ch/\\u0000/fader\"}");
        try (RawWs g = RawWs.connect(port, 0)) {
            g.await("snapshot");
            List<byte[]> frames = new ArrayList<>();
            List<Integer> opcodes = new ArrayList<>();
            for (String t : texts) {
                frames.add(t.getBytes(StandardCharsets.UTF_8));
                opcodes.add(0x1);
            }
            byte[] noise = new byte[200 + random.nextInt(2000)];
            random.nextBytes(noise);
            frames.add(noise); // binary: refused
            opcodes.add(0x2);
            byte[] big = new byte[70_000]; // over the 64 KiB message limit
            java.util.Arrays.fill(big, (byte) ' ');
            frames.add(big);
            opcodes.add(0x1);
            for (int i = 0; i < frames.size(); i++) {
                // Each garbage message, then a ping: an error must come before the pong.
                g.sendFrame(opcodes.get(i), frames.get(i));
                g.sendText("{\"op\":\"ping\",\"id\":\"g" + i + "\"}");
                boolean error = false;
                while (true) {
                    RawWs.Frame f = g.read();
                    if (!f.isText()) continue;
                    JsonObject m = f.json();
                    if ("error".equals(m.getString("op"))) error = true;
                    if ("pong".equals(m.getString("op")) && ("g" + i).equals(m.getValue("id"))) break;
                }
                String shown = opcodes.get(i) == 0x2 ? "(binary noise)" : frames.get(i).length > 200 ? "(70 000 spaces)"
                        : new String(frames.get(i), StandardCharsets.UTF_8);
                check(error, "garbage gets an error and the connection stays: " + shown);
            }
            count("garbage messages", frames.size());
        } catch (IOException e) {
            fail("garbage messages: " + e);
        }
        // Garbage below the WebSocket layer: random bytes as a frame stream, and as an HTTP request.
        try (RawWs g = RawWs.connect(port, 0)) {
            byte[] noise = new byte[64 + random.nextInt(4096)];
            random.nextBytes(noise);
            g.sendRaw(noise);
            count("garbage frame streams");
        } catch (IOException e) {
            count("garbage frame streams"); // the server may hang up mid-write: that is a fine answer
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            byte[] noise = new byte[64 + random.nextInt(4096)];
            random.nextBytes(noise);
            s.getOutputStream().write(noise);
            s.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            count("garbage HTTP requests");
        } catch (IOException e) {
            count("garbage HTTP requests");
        }
        check(before.equals(state.snapshot()), "garbage changes nothing in the console");
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

    private void finalChecks() throws Exception {
        // Every faulty client released by the console (keepalive, full queue); only the steady ones remain.
        boolean released = await(() -> metrics.wsClients() == STEADY_CLIENTS, 30_000);
        check(released, "every faulty client was released (" + metrics.wsClients() + " connected, " + STEADY_CLIENTS + " steady)");
        long slow = metrics.errors(SessionHandler.SLOW_CLIENT);
        check(slow == neverReading.size(), "every never-reading client was closed for its full queue (" + slow + " of "
                + neverReading.size() + ")");
        int hung = 0;
        for (RawWs w : halfOpen) if (!w.drainUntilEof(5000)) hung++;
        check(hung == 0, "the console hung up every half-open TCP connection (" + hung + " still open)");
        for (ChaosClient c : steady) check(c.alive(), "steady client " + c.session + " is still served");
        check(steady.stream().allMatch(c -> c.errors.get() == 0), "the steady clients never got an error");
        try (RawWs fresh = RawWs.connect(port, 0)) {
            fresh.await("hello");
            JsonObject snap = fresh.await("snapshot").getJsonObject("values");
            check(new JsonObject(state.snapshot()).equals(snap), "a new client's snapshot is the console's state");
        }
        int wrong = 0;
        for (Map.Entry<String, Double> e : lastAcked.entrySet()) {
            if (Math.abs(state.get(e.getKey()) - e.getValue()) > 1e-9) {
                wrong++;
                if (wrong <= 5) failures.add(e.getKey() + " is " + state.get(e.getKey()) + ", last acked " + e.getValue());
            }
        }
        check(wrong == 0, "every value is the last one acked (" + lastAcked.size() + " paths)");
        Thread.sleep(300); // changes are coalesced (1/60 s): let the last ones arrive
        for (ChaosClient c : steady) {
            int differ = 0;
            for (String p : lastAcked.keySet()) {
                Object v = c.view.get(p);
                if (!(v instanceof Number n) || Math.abs(n.doubleValue() - state.get(p)) > 1e-9) differ++;
            }
            check(differ == 0, "steady client " + c.session + " shows the console's values (" + differ + " differ)");
        }
        AudioBackend b = host.backend();
        check(b.nonFiniteOutputs() == 0, "no non-finite sample in the engine's outputs (" + b.nonFiniteOutputs() + " periods)");
        check(b.processorFailures() == 0, "the audio callback never threw (" + b.processorFailures() + ")");
        check(probe.nonFinite == 0, "no non-finite sample read from main_L/main_R over JACK (" + probe.nonFinite + ")");
        check(probe.frames > 0, "the output probe read audio over JACK (" + probe.frames + " frames)");
        long heapGrowth = heapAfterGc() - heapBaseline;
        check(heapGrowth < HEAP_GROWTH_LIMIT_BYTES, "heap after GC grew " + mib(heapGrowth) + " (limit " + mib(HEAP_GROWTH_LIMIT_BYTES) + ")");
        check(metrics.maxQueuedBytes() <= SessionHandler.MAX_QUEUED_BYTES_HARD, "no client's queue passed "
                + SessionHandler.MAX_QUEUED_BYTES_HARD + " bytes (max " + metrics.maxQueuedBytes() + ")");
    }

    private void report(double seconds) {
        System.out.println();
        System.out.printf(Locale.ROOT, "jackdesk chaos report (%.0f s, seed %d)%n", seconds, seed);
        for (Map.Entry<String, Integer> e : counts.entrySet()) System.out.printf(Locale.ROOT, "  %-36s %d%n", e.getKey(), e.getValue());
        System.out.printf(Locale.ROOT, "  %-36s %d%n", "paths checked against last ack", lastAcked.size());
        System.out.printf(Locale.ROOT, "  %-36s %d (meter frames skipped, changes held)%n", "held back for slow clients", metrics.heldBackCount());
        System.out.printf(Locale.ROOT, "  %-36s %d bytes (cap %d, hard cap %d)%n", "largest client queue", metrics.maxQueuedBytes(),
                SessionHandler.MAX_QUEUED_BYTES, SessionHandler.MAX_QUEUED_BYTES_HARD);
        System.out.printf(Locale.ROOT, "  %-36s %s%n", "errors answered (by code)", metrics.errorsByCode());
        System.out.printf(Locale.ROOT, "  %-36s %d (dummy backend; information only)%n", "xruns", host.xruns());
        System.out.printf(Locale.ROOT, "  %-36s %d frames, peak %.3f, non-finite %d%n", "output probe (main_L/R over JACK)",
                probe.frames, probe.peak, probe.nonFinite);
        System.out.printf(Locale.ROOT, "  %-36s %s%n", "heap after GC, growth", mib(heapAfterGc() - heapBaseline));
        if (failures.isEmpty()) {
            System.out.println("PASS");
        } else {
            System.out.println("FAIL (" + failures.size() + "):");
            for (String f : failures) System.out.println("  - " + f);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Reads the console's main outputs over JACK, as a recorder patched to them would. */
    private static final class OutputProbe implements AudioProcessor {
        volatile long frames;
        volatile long nonFinite;
        volatile float peak;

        @Override
        public void process(float[][] inputs, float[][] outputs, int nframes) {
            long bad = 0;
            float p = peak;
            for (float[] in : inputs) {
                for (int i = 0; i < nframes; i++) {
                    float x = in[i];
                    if (!Float.isFinite(x)) bad++;
                    else if (Math.abs(x) > p) p = Math.abs(x);
                }
            }
            peak = p;
            if (bad != 0) nonFinite = nonFinite + bad;
            frames = frames + nframes;
            for (float[] out : outputs) java.util.Arrays.fill(out, 0, nframes, 0f);
        }
    }

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

    private static boolean await(BooleanSupplier condition, long timeoutMillis) {
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

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private void count(String what) {
        count(what, 1);
    }

    private void count(String what, int n) {
        counts.merge(what, n, Integer::sum);
    }

    private void check(boolean ok, String what) {
        if (!ok) fail(what);
    }

    private void fail(String what) {
        failures.add(what);
        System.out.println("  FAILED: " + what);
    }

    private static void quietly(RawWs w) {
        try {
            w.close();
        } catch (IOException e) {
            // at the end of the run
        }
    }
}
