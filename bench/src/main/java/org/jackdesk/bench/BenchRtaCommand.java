package org.jackdesk.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.jackdesk.engine.rta.RtaAnalyzer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jackdesk bench rta}: the real-time analyser's cost. A real server on loopback over the mix
 * engine on the internal clock (16 channels of the demo programme, 8 buses); first {@code seconds}
 * without any RTA, then {@code clients} WebSocket clients each looking at one of {@code sources}
 * views (main, monitor, buses) at {@code fps}. Reports the server event loop's CPU with the streams,
 * the frames that arrived, the time of one analysis frame, and the engine's process-call time
 * percentiles without and with the tap copying, as a {@link BenchRtaResult} that
 * {@link BenchRtaReport} prints (or {@code --json}). The machine's state comes first: cores, load
 * average, a jitter probe.
 */
@Command(name = "rta", mixinStandardHelpOptions = true,
        description = "Server CPU and engine callback time with RTA streams to many clients.")
public final class BenchRtaCommand implements Callable<Integer> {
    @Option(names = "--sources", defaultValue = "8", description = "RTA views analysed at once, 1–8 (default ${DEFAULT-VALUE}).")
    int sources;

    @Option(names = "--clients", defaultValue = "8", description = "WebSocket clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--fps", defaultValue = "30", description = "RTA frames per second per client, 1–30 (default ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--seconds", defaultValue = "5", description = "Measured seconds of each phase (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "3", description = "Seconds before each phase is measured (default ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Mixin
    MachineOptions machine = new MachineOptions();

    @Override
    public Integer call() throws Exception {
        if (sources < 1 || sources > 8) throw new IllegalArgumentException("--sources must be 1–8, got " + sources);
        if (clients < 1 || clients > 256) throw new IllegalArgumentException("--clients must be 1–256, got " + clients);
        if (fps < 1 || fps > 30) throw new IllegalArgumentException("--fps must be 1–30, got " + fps);
        if (seconds < 1) throw new IllegalArgumentException("--seconds must be at least 1");
        String refusal = machine.refusal();
        if (refusal != null) {
            System.err.println("jackdesk bench rta: " + refusal);
            return 3;
        }
        BenchRtaResult r = measure();
        machine.print(r, BenchRtaReport::table);
        return r.exitCode();
    }

    /** Runs the benchmark with the options set on this command and returns what it measured. */
    BenchRtaResult measure() throws Exception {
        double load = ProcessCpu.loadAverage();
        JitterProbe.Result jitter = machine.jitter();
        double frameMicros = frameMicros();
        ParamRegistry registry = ParamRegistry.forLayout(Layout.of(16, 0, 8, 0));
        ConsoleState state = new ConsoleState(registry);
        Vertx serverVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        Engine mix = new Engine(registry, 48000f, state.copyValues());
        int inputs = registry.layout().inputCount();
        DemoSignal demo = new DemoSignal(48000f, inputs);
        long[] times = new long[48000 / 256 * (seconds + 1)];
        AtomicLong count = new AtomicLong();
        AtomicBoolean timing = new AtomicBoolean();
        try (InternalClock clock = InternalClock.start(48000, 256, inputs, mix.outputPortNames().size(), (in, out, n) -> {
            demo.generate(in, n);
            long t0 = System.nanoTime();
            mix.process(in, out, n);
            long dt = System.nanoTime() - t0;
            if (timing.get()) {
                long k = count.getAndIncrement();
                if (k < times.length) times[(int) k] = dt;
            }
        })) {
            BackendEngineControl engine = new BackendEngineControl(mix, clock);
            // The product's console (the composition root) around this engine, on the one-loop Vert.x measured here.
            Console console = Console.start(Console.Options.of(ConfigJson.builtinDefault().withLayout(registry.layout()), engine, serverVertx)
                    .withServer(ServerOptions.loopbackEphemeral().withMaxConnections(clients + 8))
                    .withSecurity(SecurityOptions.open().withLimits(clients + 8, SecurityOptions.DEFAULT_MAX_TOTAL_MESSAGES_PER_SECOND)));
            ControlServer.Bound bound = console.bound();
            // Phase 1: no RTA at all.
            Thread.sleep(warmupSeconds * 1000L);
            double[] without = percentiles(times, count, timing);
            // Phase 2: the streams.
            WebSocketClient wsClient = clientVertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(clients + 8));
            AtomicLong frames = new AtomicLong();
            AtomicBoolean counting = new AtomicBoolean();
            List<WebSocket> sockets = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                WebSocket ws = wsClient.connect(bound.httpPort(), "127.0.0.1", "/ws").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                ws.binaryMessageHandler(b -> {
                    if (counting.get() && b.length() > 4 && b.getByte(2) == 'R') frames.incrementAndGet();
                });
                int s = i % sources;
                String source = s == 0 ? "main" : s == 1 ? "monitor" : "bus/" + (s - 1);
                ws.writeTextMessage(new JsonObject().put("op", "rta").put("source", source).put("bands", 3).put("fps", fps).encode());
                sockets.add(ws);
            }
            Thread.sleep(warmupSeconds * 1000L);
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            Thread loop = bound.server().eventLoopThread();
            long cpu0 = mx.getThreadCpuTime(loop.getId());
            long wall0 = System.nanoTime();
            counting.set(true);
            double[] with = percentiles(times, count, timing);
            counting.set(false);
            long wall = System.nanoTime() - wall0;
            long cpu = mx.getThreadCpuTime(loop.getId()) - cpu0;
            for (WebSocket ws : sockets) ws.close();
            java.lang.ref.Reference.reachabilityFence(wsClient);
            return new BenchRtaResult(Runtime.getRuntime().availableProcessors(), load,
                    jitter == null ? -1 : jitter.longestMicros(), jitter == null ? "not run" : jitter.scheduling(),
                    sources, clients, fps, seconds, frameMicros, frames.get(), frames.get() / (wall / 1e9) / clients,
                    100.0 * cpu / wall, without[0], without[1], with[0], with[1]);
        } finally {
            clientVertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            serverVertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    /** Times the engine's process calls for {@code seconds}: {p50, p99.9} in µs. */
    private double[] percentiles(long[] times, AtomicLong count, AtomicBoolean timing) throws InterruptedException {
        count.set(0);
        timing.set(true);
        Thread.sleep(seconds * 1000L);
        timing.set(false);
        int n = (int) Math.min(count.get(), times.length);
        if (n == 0) return new double[] {0, 0};
        long[] t = Arrays.copyOf(times, n);
        Arrays.sort(t);
        return new double[] {t[n / 2] / 1e3, t[Math.min(n - 1, (int) Math.ceil(n * 0.999) - 1)] / 1e3};
    }

    /** One analysis frame (window, FFT, 1/3-octave bands, averaging), median of 500 after warm-up, µs. */
    private static double frameMicros() {
        RtaAnalyzer a = new RtaAnalyzer(48000f, 3);
        float[] x = new float[RtaAnalyzer.FFT_SIZE];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() - 0.5);
        for (int i = 0; i < 2000; i++) a.analyse(x, 1 / 30.0);
        long[] t = new long[500];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            a.analyse(x, 1 / 30.0);
            t[i] = System.nanoTime() - t0;
        }
        Arrays.sort(t);
        return t[t.length / 2] / 1e3;
    }
}
