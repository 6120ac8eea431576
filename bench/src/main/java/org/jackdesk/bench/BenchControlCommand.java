package org.jackdesk.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.control.BackendEngineControl;
import org.jackdesk.control.Console;
import org.jackdesk.control.ControlServer;
import org.jackdesk.control.ServerOptions;
import org.jackdesk.control.security.SecurityOptions;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.jack.DemoSignal;
import org.jackdesk.engine.jack.InternalClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jackdesk bench control}: a real server on loopback with the mix engine on the internal clock,
 * N WebSocket clients all streaming meters, one of them moving a fader. Reports the echo latency
 * (the mover's set until each other client's {@code changed}) and the CPU of the server's event loop,
 * as a {@link BenchControlResult} that {@link BenchControlReport} prints (or {@code --json}).
 */
@Command(name = "control", mixinStandardHelpOptions = true,
        description = "Echo latency and server CPU with many WebSocket clients streaming meters.")
public final class BenchControlCommand implements Callable<Integer> {
    @Option(names = "--clients", defaultValue = "32", description = "WebSocket clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seconds", defaultValue = "5", description = "Measured duration (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "5",
            description = "Seconds of load before measuring, so the JIT has compiled the hot paths (default ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--rate", defaultValue = "100", description = "Fader moves per second (default ${DEFAULT-VALUE}).")
    int rateHz;

    @Option(names = "--fps", defaultValue = "30", description = "Meter frames per second per client (default ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--channels", defaultValue = "32", description = "Mono channels of the console (default ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--buses", defaultValue = "8", description = "Mono aux buses (default ${DEFAULT-VALUE}).")
    int buses;

    @Option(names = "--json", description = "Print the result as JSON instead of the table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        BenchControlResult r = measure();
        System.out.print(json ? ResultJson.write(r) + System.lineSeparator() : BenchControlReport.table(r));
        return r.exitCode();
    }

    /** Runs the benchmark with the options set on this command and returns what it measured. */
    BenchControlResult measure() throws Exception {
        if (clients < 2) throw new IllegalArgumentException("--clients must be at least 2 (one mover, one listener)");
        if (fps < 1 || fps > 60) throw new IllegalArgumentException("--fps must be 1–60");
        if (rateHz < 1 || rateHz > 1000) throw new IllegalArgumentException("--rate must be 1–1000");
        ParamRegistry registry = ParamRegistry.forLayout(Layout.of(channels, 0, buses, 0));
        ConsoleState state = new ConsoleState(registry);
        Vertx serverVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        Engine mix = new Engine(registry, 48000f, state.copyValues());
        int inputs = registry.layout().inputCount();
        DemoSignal demo = new DemoSignal(48000f, inputs);
        // The internal clock's inputs are silent: feed the demo programme so every meter moves.
        try (InternalClock clock = InternalClock.start(48000, 256, inputs, mix.outputPortNames().size(), (in, out, n) -> {
            demo.generate(in, n);
            mix.process(in, out, n);
        })) {
            BackendEngineControl engine = new BackendEngineControl(mix, clock);
            ServerOptions options = ServerOptions.loopbackEphemeral().withMaxConnections(clients + 8)
                    .withMaxMessagesPerSecond(Math.max(1000, rateHz * 4));
            // Every bench client comes from 127.0.0.1: raise the per-address limit (default 16) with the count.
            SecurityOptions security = SecurityOptions.open().withLimits(clients + 8,
                    Math.max(SecurityOptions.DEFAULT_MAX_TOTAL_MESSAGES_PER_SECOND, rateHz * 4));
            // The product's console (the composition root) around this engine, on the one-loop Vert.x measured here.
            try (Console console = Console.start(Console.Options.of(ConfigJson.builtinDefault().withLayout(registry.layout()), engine,
                    serverVertx).withServer(options).withSecurity(security))) {
                return run(console.bound(), clientVertx);
            }
        } finally {
            clientVertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            serverVertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    private BenchControlResult run(ControlServer.Bound bound, Vertx vertx) throws Exception {
        WebSocketClient wsClient = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(16 << 20).setMaxMessageSize(16 << 20).setMaxConnections(clients + 8));
        ConcurrentHashMap<Double, Long> sentAt = new ConcurrentHashMap<>();
        long[] latencies = new long[clients * rateHz * (seconds + 1)];
        AtomicLong latencyCount = new AtomicLong();
        AtomicLong meterFrames = new AtomicLong();
        AtomicLong changedCount = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean measuring = new java.util.concurrent.atomic.AtomicBoolean();
        List<WebSocket> sockets = new ArrayList<>();
        JsonObject subscribe = new JsonObject().put("op", "subscribe")
                .put("meters", new JsonArray().add("ch").add("bus").add("main").add("monitor")).put("fps", fps);
        for (int i = 0; i < clients; i++) {
            WebSocket ws = wsClient.connect(bound.httpPort(), "127.0.0.1", "/ws").toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            boolean mover = i == 0;
            ws.textMessageHandler(text -> {
                if (mover || !text.startsWith("{\"op\":\"changed\"")) return;
                long now = System.nanoTime();
                Long t0 = sentAt.get(new JsonObject(text).getDouble("value"));
                if (t0 != null && measuring.get()) {
                    long k = latencyCount.getAndIncrement();
                    if (k < latencies.length) latencies[(int) k] = now - t0;
                    changedCount.incrementAndGet();
                }
            });
            ws.binaryMessageHandler(b -> {
                if (measuring.get()) meterFrames.incrementAndGet();
            });
            ws.writeTextMessage(subscribe.encode());
            sockets.add(ws);
        }
        WebSocket mover = sockets.get(0);
        long[] k = {0};
        long periodMs = Math.max(1, 1000 / rateHz);
        java.util.concurrent.atomic.AtomicBoolean moving = new java.util.concurrent.atomic.AtomicBoolean(true);
        long timer = vertx.setPeriodic(periodMs, t -> {
            if (!moving.get()) return;
            k[0]++;
            double value = -((k[0] % 6000) / 100.0) - 0.005; // unique for a minute of moves
            sentAt.put(value, System.nanoTime());
            mover.writeTextMessage("{\"op\":\"set\",\"path\":\"ch/1/fader\",\"value\":" + value + "}");
        });

        Thread.sleep(warmupSeconds * 1000L); // JIT, connections, first snapshots: not measured
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Thread loop = bound.server().eventLoopThread();
        // Phase 1: meters only (the fader rests), for the "meters at 30 fps to N clients" CPU.
        moving.set(false);
        Thread.sleep(200); // let the last echoes drain
        long meterCpu0 = mx.getThreadCpuTime(loop.getId());
        long meterWall0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long meterWall = System.nanoTime() - meterWall0;
        long meterCpu = mx.getThreadCpuTime(loop.getId()) - meterCpu0;
        // Phase 2: meters and the moving fader: echo latency and the CPU of both.
        moving.set(true);
        Thread.sleep(200);
        long cpu0 = mx.getThreadCpuTime(loop.getId());
        long proc0 = ProcessCpu.self();
        long wall0 = System.nanoTime();
        measuring.set(true);
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        long wall = System.nanoTime() - wall0;
        long cpu = mx.getThreadCpuTime(loop.getId()) - cpu0;
        long proc = ProcessCpu.self() - proc0;
        vertx.cancelTimer(timer);
        for (WebSocket ws : sockets) ws.close();
        // Vert.x closes a client that became unreachable (a Cleaner): it had to live until here.
        java.lang.ref.Reference.reachabilityFence(wsClient);

        int n = (int) Math.min(latencyCount.get(), latencies.length);
        long[] lat = Arrays.copyOf(latencies, n);
        Arrays.sort(lat);
        double p50 = n == 0 ? 0 : ms(lat[n / 2]);
        double p99 = n == 0 ? 0 : ms(lat[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)]);
        double max = n == 0 ? 0 : ms(lat[n - 1]);
        return new BenchControlResult(clients, rateHz, fps, channels, buses, seconds, n, p50, p99, max,
                meterFrames.get() / (wall / 1e9) / clients, 100.0 * meterCpu / meterWall, 100.0 * cpu / wall, 100.0 * proc / wall);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
