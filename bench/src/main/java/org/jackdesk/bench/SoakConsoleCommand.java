package org.jackdesk.bench;

import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamException;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.config.store.Autosaver;
import org.jackdesk.control.ControlServer;
import org.jackdesk.control.ServerOptions;
import org.jackdesk.control.scene.LiveShow;
import org.jackdesk.control.scene.Notices;
import org.jackdesk.control.security.SecurityOptions;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.jack.AudioBackend;
import org.jackdesk.engine.jack.CallbackTimes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The console of {@code jackdesk bench soak}, run as a child process so that the server's CPU,
 * heap and GC are its own and not the clients': the built-in configuration with every channel's
 * HPF, gate, EQ and compressor on, the demo programme playing, on the named (private) JACK server,
 * with the usual control server (WebSocket, REST, scenes, autosave to {@code --show}).
 *
 * <p>It prints {@code READY port=<http port>} on stdout once listening, then answers one line per
 * command read from stdin: {@code reset} (start of the measured window: callback times, xruns,
 * CPU and GC counted from here; answers {@code OK}), {@code stats} (one JSON line of what was
 * measured since {@code reset}: a {@link SoakConsoleStats}), {@code stop} or end of input (shuts
 * down, exit 0). Hidden: it is a part of the benchmark, not a command for people.
 */
@Command(name = "soak-console", hidden = true, description = "The console process of 'bench soak' (internal).")
public final class SoakConsoleCommand implements Callable<Integer> {
    @Option(names = "--jack-server", required = true, description = "JACK server to run on.")
    String jackServer;

    @Option(names = "--internal-clock", description = "Run the engine on its internal clock, outside the JACK graph"
            + " (bench soak --console-off-jack: what the client load alone does to the JACK server).")
    boolean internalClock;

    @Option(names = "--show", required = true, description = "Show file to autosave to (a temporary file).")
    Path show;

    @Option(names = "--max-clients", required = true)
    int maxClients;

    @Option(names = "--max-rate", required = true, description = "Messages per second per client.")
    int maxRate;

    @Option(names = "--max-per-address", required = true, description = "WebSocket connections from one address.")
    int maxPerAddress;

    @Option(names = "--max-total-rate", required = true, description = "Messages per second across all clients.")
    int maxTotalRate;

    @Override
    public Integer call() throws Exception {
        ConsoleConfig cfg = ConfigJson.builtinDefault();
        ParamRegistry registry = ParamRegistry.forLayout(cfg.toLayout());
        ConsoleState state = new ConsoleState(registry);
        for (Map.Entry<String, Object> v : cfg.values().entrySet()) state.set(v.getKey(), v.getValue(), "config");
        fullStrips(state, cfg.toLayout().channels().size());

        Vertx vertx = Vertx.vertx();
        SceneManager scenes = new SceneManager(state, System::currentTimeMillis, LiveShow.ticker(vertx));
        Notices notices = new Notices();
        ExecutorService saveWorker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jackdesk-autosave");
            t.setDaemon(true);
            return t;
        });
        AtomicLong saveFailures = new AtomicLong();
        Autosaver saver = new Autosaver(show, () -> scenes.toShow(cfg), saveWorker,
                (ms, task) -> vertx.setTimer(ms, id -> task.run()), System::currentTimeMillis, new Autosaver.Status() {
                    @Override
                    public void saveFailed(Path file, IOException cause, String message) {
                        saveFailures.incrementAndGet();
                        System.err.println("jackdesk soak console: " + message);
                    }

                    @Override
                    public void saveRecovered(Path file) {
                    }
                });
        state.addListener((p, v, o) -> saver.changed());
        scenes.addChangeListener(saver::changed);

        EngineHost.Options opts = new EngineHost.Options("jackdesk", jackServer, false, internalClock, true, 48000, 64, List.of());
        EngineHost host = EngineHost.start(state, opts, line -> System.err.println("jackdesk soak console: " + line));
        try {
            EngineHost.Mode expected = internalClock ? EngineHost.Mode.INTERNAL_CLOCK : EngineHost.Mode.JACK;
            if (host.mode() != expected) {
                System.out.println("FAILED not on " + (internalClock ? "the internal clock" : "JACK server '" + jackServer + "'")
                        + ": " + host.backendStatus());
                return 1;
            }
            org.jackdesk.control.cli.StartCommand.wireAudioStatus(host, notices);
            ServerOptions so = ServerOptions.loopbackEphemeral().withPorts(0, ServerOptions.NO_OSC)
                    .withMaxConnections(maxClients).withMaxMessagesPerSecond(maxRate);
            SecurityOptions security = SecurityOptions.open().withLimits(maxPerAddress, maxTotalRate);
            ControlServer.Bound bound = ControlServer.deploy(vertx, state, host, so, new LiveShow(scenes, cfg, notices), security)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            System.out.println("READY port=" + bound.httpPort());
            System.out.flush();
            serve(host.backend(), bound.server().eventLoopThread(), saveFailures);
            return 0;
        } finally {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // shutting down either way
            }
            saver.close();
            saveWorker.shutdown();
            host.close();
        }
    }

    /** The full strip of {@code bench realtime}: HPF, gate, EQ and compressor on for every channel. */
    static void fullStrips(ConsoleState s, int channels) throws ParamException {
        for (int c = 1; c <= channels; c++) {
            String p = "ch/" + c + "/";
            s.set(p + "hpf/on", true, "bench");
            s.set(p + "hpf/freq", 80.0, "bench");
            s.set(p + "gate/on", true, "bench");
            s.set(p + "gate/threshold", -40.0, "bench");
            s.set(p + "eq/on", true, "bench");
            s.set(p + "comp/on", true, "bench");
            s.set(p + "comp/threshold", -30.0, "bench");
            s.set(p + "comp/ratio", 4.0, "bench");
        }
    }

    /** The stdin command loop; returns at "stop" or end of input. */
    private static void serve(AudioBackend backend, Thread eventLoop, AtomicLong saveFailures) throws IOException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        AtomicLong peakHeap = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "soak-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        long x0 = backend.xrunCount(), cpu0 = ProcessCpu.self(), loop0 = threads.getThreadCpuTime(eventLoop.getId());
        long wall0 = System.nanoTime(), fail0 = backend.processorFailures(), nf0 = backend.nonFiniteOutputs();
        GcWatch gc = new GcWatch();
        try {
            for (String line; (line = in.readLine()) != null; ) {
                switch (line.trim()) {
                    case "reset" -> {
                        backend.resetCallbackTimes();
                        x0 = backend.xrunCount();
                        cpu0 = ProcessCpu.self();
                        loop0 = threads.getThreadCpuTime(eventLoop.getId());
                        fail0 = backend.processorFailures();
                        nf0 = backend.nonFiniteOutputs();
                        wall0 = System.nanoTime();
                        gc.close();
                        gc = new GcWatch();
                        peakHeap.set(memory.getHeapMemoryUsage().getUsed());
                        System.out.println("OK");
                    }
                    case "stats" -> {
                        long wall = System.nanoTime() - wall0;
                        CallbackTimes t = backend.callbackTimes();
                        GcWatch.Summary g = gc.summary();
                        long heapPeak = peakHeap.get(), heapCommitted = memory.getHeapMemoryUsage().getCommitted();
                        long heapMax = memory.getHeapMemoryUsage().getMax();
                        long xruns = backend.xrunCount() - x0, failures = backend.processorFailures() - fail0;
                        long nonFinite = backend.nonFiniteOutputs() - nf0;
                        double cpuPercent = 100.0 * (ProcessCpu.self() - cpu0) / wall;
                        double loopPercent = 100.0 * (threads.getThreadCpuTime(eventLoop.getId()) - loop0) / wall;
                        // Live data: what the heap holds once garbage is gone (after the window's counters are read).
                        System.gc();
                        SoakConsoleStats stats = new SoakConsoleStats(wall / 1e9, xruns, t.cycles(), t.p50Micros(), t.p99Micros(),
                                t.p999Micros(), t.maxMicros(), (double) backend.dspLoadPercent(), failures, nonFinite, cpuPercent,
                                loopPercent, g.pauses(), g.longestPauseMs(), g.cycles(), g.longestCycleMs(), heapPeak, heapCommitted,
                                heapMax, memory.getHeapMemoryUsage().getUsed(), saveFailures.get());
                        // One line: the parent reads it back as the same record (SoakChildConsole#stats).
                        System.out.println(ResultJson.writeLine(stats));
                    }
                    case "stop" -> {
                        return;
                    }
                    default -> System.out.println("ERROR unknown command '" + line + "' (reset, stats, stop)");
                }
                System.out.flush();
            }
        } finally {
            gc.close();
            sampler.interrupt();
        }
    }
}
