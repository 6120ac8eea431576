package org.jackdesk.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
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
 * {@code jackd}. The console runs as a child process ({@link SoakConsoleCommand}, driven by
 * {@link SoakChildConsole}), so its CPU, heap and GC are its own. This class takes the options,
 * measures the idle-client xrun baseline and starts the server and the console; {@link SoakRun}
 * runs the clients and checks at the end that the console's state holds the last value sent to
 * every path (lost updates) and that every client saw it. The outcome is a {@link SoakResult}
 * that {@link SoakReport} prints (or {@code --json}).
 *
 * <p>Exit code: 0 when the console worked (timing targets missed or not); 1 on a functional
 * failure (lost updates, stale clients, errors, unanswered sets, dropped connections, the console
 * died); 3 when the machine is too busy to start (--max-load).
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Many tablets moving random parameters against a console on a private real-time jackd:",
                "xruns vs an idle baseline, callback times, echo latency, errors, server heap/CPU, lost updates."})
public final class BenchSoakCommand implements Callable<Integer> {
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

    @Option(names = "--json", description = "Print the result as JSON instead of the report (progress goes to stderr).")
    boolean json;

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
        String refusal = LiveRig.loadRefusal(maxLoad);
        if (refusal != null) {
            System.err.println("jackdesk bench soak: " + refusal);
            return 3;
        }
        // Limits that make N loopback clients at this rate legitimate traffic (passed to the console explicitly).
        int maxConnections = clients + 8;
        int perClientRate = Math.max(ServerOptions.DEFAULT_MAX_MESSAGES_PER_SECOND, rate * 4);
        int totalRate = Math.max(SecurityOptions.DEFAULT_MAX_TOTAL_MESSAGES_PER_SECOND, clients * rate * 2 + 1000);

        SoakResult.Setup setup = new SoakResult.Setup(clients, rate, fps, duration, warmupSeconds, batch, consoleOffJack,
                url == null ? null : url.toString(), RealtimeRig.liveRuntime(), Runtime.getRuntime().availableProcessors(),
                ProcessCpu.loadAverage());
        SoakRun run = new SoakRun(clients, rate, fps, warmupSeconds, pathsPerClient, batch, seed);
        // The report comes at the end; say what is being measured meanwhile (stderr keeps --json's stdout clean).
        System.err.printf(Locale.ROOT, "jackdesk bench soak: %s%d s warm-up, %d s measured...%n",
                url == null ? baseline + " s idle baseline, " : "", warmupSeconds, duration);
        if (url != null) {
            String console = "already running at " + url + " (its limits must allow " + clients + " clients from this address"
                    + " at " + rate + " sets/s each; heap and CPU not measured)";
            try (SoakConsoleProbe probe = new SoakMetricsProbe(url)) {
                return print(run.run(setup, console, null, null, null, url, probe, null));
            }
        }
        if (!PrivateJackServer.jackdAvailable()) {
            System.err.println("jackdesk bench soak: jackd and jack_wait are needed (Debian: apt-get install -y jackd2)");
            return 1;
        }
        PrivateJackServer.Options serverOptions = PrivateJackServer.Options.defaults().withNamePrefix("jdsoak")
                .withSampleRate(48000).withPeriod(64).withChannels(2, 2);
        PrivateJackServer started = LiveRig.startServer(serverOptions, "bench soak");
        if (started == null) return 1;
        try (PrivateJackServer server = started;
             JackBackend observer = JackBackend.open(JackBackend.Config.of(List.of("in"), List.of("out"))
                     .withClientName("jdsoak-idle").withServerName(server.name()), null, null)) {
            String serverLine = "private jackd '" + server.name() + "' (dummy backend, 48000 Hz, 64 frames = 1333 µs period"
                    + (PrivateJackServer.isRoot() ? ", -R -P 70 real-time scheduling)" : ", not root: no real-time scheduling, expect xruns)");
            observer.start((in, out, n) -> { });
            Thread.sleep(1000); // activation itself may xrun
            long bx0 = observer.xrunCount();
            Thread.sleep(baseline * 1000L);
            long baselineXruns = observer.xrunCount() - bx0;
            Path dir = Files.createTempDirectory("jdsoak-");
            try (SoakChildConsole child = SoakChildConsole.start(server.name(), dir, maxConnections, perClientRate, totalRate, consoleOffJack)) {
                if (child.port < 0) return 1;
                String console = "child process pid " + child.process.pid() + " ('bench soak-console': built-in 16+4 layout,"
                        + " every channel HPF+gate+4-band EQ+compressor on, demo programme, usual control server with scenes"
                        + " and autosave), same JVM flags as this one"
                        + (consoleOffJack ? "; its engine runs on the internal clock, NOT in the JACK graph (--console-off-jack)" : "");
                return print(run.run(setup, console, serverLine, new SoakResult.Baseline(baseline, baselineXruns),
                        new SoakResult.Limits(maxConnections, maxConnections, perClientRate, totalRate),
                        URI.create("http://127.0.0.1:" + child.port), child, observer));
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) Files.deleteIfExists(f);
                }
                Files.deleteIfExists(dir);
            }
        }
    }

    private int print(SoakResult r) {
        System.out.print(json ? ResultJson.write(r) + System.lineSeparator() : SoakReport.table(r));
        return r.exitCode();
    }
}
