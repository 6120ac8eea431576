package org.jackdesk.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.control.Console;
import org.jackdesk.control.ServerOptions;
import org.jackdesk.control.security.SecurityOptions;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.host.ThreadingPolicy;
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
        ConsoleConfig builtin = ConfigJson.builtinDefault();
        ConsoleConfig cfg = withFullStrips(builtin, builtin.toLayout().channels().size());
        EngineHost.Options engine = new EngineHost.Options("jackdesk", jackServer, false, internalClock, true, 48000, 64, List.of());
        ServerOptions so = ServerOptions.loopbackEphemeral().withPorts(0, ServerOptions.NO_OSC)
                .withMaxConnections(maxClients).withMaxMessagesPerSecond(maxRate);
        SecurityOptions security = SecurityOptions.open().withLimits(maxPerAddress, maxTotalRate);
        // The product's own composition root, as start uses it: what the soak measures is the console.
        Console.Options options = new Console.Options(cfg, null, List.of(), show, false, engine,
                ThreadingPolicy.Workers.fromSystemProperty(), so, security, line -> System.err.println("jackdesk soak console: " + line));
        try (Console console = Console.start(options)) {
            EngineHost host = console.host();
            EngineHost.Mode expected = internalClock ? EngineHost.Mode.INTERNAL_CLOCK : EngineHost.Mode.JACK;
            if (host.mode() != expected) {
                System.out.println("FAILED not on " + (internalClock ? "the internal clock" : "JACK server '" + jackServer + "'")
                        + ": " + host.backendStatus());
                return 1;
            }
            System.out.println("READY port=" + console.httpPort());
            System.out.flush();
            serve(host.backend(), console.bound().server().eventLoopThread(), console);
            return 0;
        }
    }

    /**
     * {@code cfg} with the full strip of {@code bench realtime} among its starting values: HPF,
     * gate, EQ and compressor on for every channel.
     */
    static ConsoleConfig withFullStrips(ConsoleConfig cfg, int channels) {
        Map<String, Object> values = new LinkedHashMap<>(cfg.values());
        for (int c = 1; c <= channels; c++) {
            String p = "ch/" + c + "/";
            values.put(p + "hpf/on", true);
            values.put(p + "hpf/freq", 80.0);
            values.put(p + "gate/on", true);
            values.put(p + "gate/threshold", -40.0);
            values.put(p + "eq/on", true);
            values.put(p + "comp/on", true);
            values.put(p + "comp/threshold", -30.0);
            values.put(p + "comp/ratio", 4.0);
        }
        return new ConsoleConfig(cfg.version(), cfg.name(), cfg.layout(), cfg.server(), cfg.jack(), cfg.users(), values);
    }

    /** The stdin command loop; returns at "stop" or end of input. */
    private static void serve(AudioBackend backend, Thread eventLoop, Console console) throws IOException {
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
                                heapMax, memory.getHeapMemoryUsage().getUsed(), console.status().saveFailures());
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
