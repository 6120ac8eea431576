package org.jackdesk.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.jack.CallbackAttribution;
import org.jackdesk.engine.jack.JackBackend;
import org.jackdesk.engine.jack.JackUnavailableException;
import org.jackdesk.engine.jack.PrivateJackServer;
import org.jackdesk.engine.jack.SlowCallback;
import org.jackdesk.engine.jack.SlowCause;
import org.jackdesk.engine.jack.StageTimes;
import org.jackdesk.engine.CycleStages;

/**
 * The live rig the benchmarks on a private JACK server share ({@code bench realtime}, {@code record},
 * {@code mixbox}, {@code fx-live}; {@code midi} and {@code soak} start their server here too): the
 * refusal of a busy machine or of one without {@code jackd}, the machine-jitter probe, the private
 * dummy {@code jackd} and the line that describes it, consoles as its clients, the idle baseline,
 * JACK's DSP load sampled, the slow callbacks by cause over a stretch, and peer processes (a {@code jack_metro} tone, the program compared
 * against) started in their own session on the server and stopped again. The consoles themselves,
 * their noise feed and the off-line warm-up are {@link RealtimeRig}'s.
 *
 * <p>Thread: the command's thread only.
 */
final class LiveRig implements AutoCloseable {
    /** The jitter probe's priority: what JACK gives its clients' process threads under {@code jackd -P 70}. */
    static final int JITTER_PRIORITY = 65;
    /** {@code jack_metro} names its one output after the tempo; 600 bpm with 99 ms beeps is a tone with a 1 ms gap every 100 ms. */
    private static final int TONE_BPM = 600;

    private final PrivateJackServer server;

    private LiveRig(PrivateJackServer server) {
        this.server = server;
    }

    /** A private dummy server's options: {@code prefix} names it; rate and period are validated here. */
    static PrivateJackServer.Options serverOptions(String prefix, int rate, int period) {
        return PrivateJackServer.Options.defaults().withNamePrefix(prefix).withSampleRate(rate).withPeriod(period).withChannels(2, 2);
    }

    /**
     * Null if the 1-minute load average is at most {@code maxLoad} (null: the number of cores);
     * else the reason to refuse (timings on a busy machine measure the other work, not jackdesk).
     */
    static String loadRefusal(Double maxLoad) {
        double limit = maxLoad != null ? maxLoad : Runtime.getRuntime().availableProcessors();
        double load = ProcessCpu.loadAverage();
        if (load < 0 || load <= limit) return null;
        return String.format(Locale.ROOT, "refusing to start: the load average is %.2f (1 min), above --max-load %.2f;"
                + " other work on this machine would be measured too. Wait until it is quiet, or pass a higher --max-load"
                + " and say so next to the figures.", load, limit);
    }

    /**
     * The exit code with which {@code jackdesk COMMAND} stops before measuring, after saying why on
     * stderr: 3 on a busy machine, 1 without {@code jackd}; null to go on.
     */
    static Integer refusal(String command, Double maxLoad) {
        String busy = loadRefusal(maxLoad);
        if (busy != null) {
            System.err.println("jackdesk " + command + ": " + busy);
            return 3;
        }
        if (!PrivateJackServer.jackdAvailable()) {
            System.err.println("jackdesk " + command + ": jackd and jack_wait are needed (Debian: apt-get install -y jackd2)");
            return 1;
        }
        return null;
    }

    /** {@code seconds} of the machine-jitter probe at {@link #JITTER_PRIORITY}, or null for 0 seconds (none asked). */
    static JitterProbe.Result jitter(int seconds) throws InterruptedException {
        return seconds > 0 ? JitterProbe.measure(seconds, JITTER_PRIORITY) : null;
    }

    /** The live benchmarks' CPU idle hold: taken once per process, kept until it exits (the kernel drops it then). */
    private static org.jackdesk.engine.host.CpuIdleHold cpuIdle;

    /**
     * Holds idle CPUs at polling as {@code jackdesk start} does ({@code -Djackdesk.cpuIdle}, docs/engine-notes.md
     * "Idle CPUs that halt"), once for the process: every live benchmark measures the machine the console
     * runs on, both sides of a comparison alike. Taken by {@link RealtimeRig#liveRuntime} (before the
     * jitter probe and the baselines) and at the latest by {@link #startServer}.
     */
    static synchronized org.jackdesk.engine.host.CpuIdleHold holdCpuIdle() {
        if (cpuIdle == null) cpuIdle = org.jackdesk.engine.host.CpuIdleHold.acquire();
        return cpuIdle;
    }

    /** The rig on a private server just started, or null after saying why not on stderr ({@link #startServer}). */
    static LiveRig start(PrivateJackServer.Options options, String command) {
        PrivateJackServer s = startServer(options, command);
        return s == null ? null : new LiveRig(s);
    }

    /**
     * A private server, or null after saying why not. JACK registers at most 8 servers per machine
     * (/dev/shm/jack-shm-registry), and servers left running by killed processes keep their slots,
     * so a full registry is the usual reason a dummy server does not come up.
     */
    static PrivateJackServer startServer(PrivateJackServer.Options options, String command) {
        holdCpuIdle();
        try {
            return PrivateJackServer.start(options);
        } catch (IOException e) {
            System.err.println("jackdesk " + command + ": could not start a private jackd: " + e.getMessage());
            System.err.println("jackdesk " + command + ": JACK allows 8 servers per machine; 'pgrep -a jackd' lists"
                    + " leftover ones (stopping a leftover server with SIGTERM frees its slot)");
            return null;
        }
    }

    PrivateJackServer server() {
        return server;
    }

    /**
     * "private jackd 'NAME' (dummy backend, -R -P 70 real-time scheduling)" as root, else that it
     * has no real-time scheduling; {@code expectXruns} adds that xruns are to be expected then
     * ({@code false}: the short form of the CPU comparisons).
     */
    String describe(boolean expectXruns) {
        String scheduling = expectXruns
                ? (PrivateJackServer.isRoot() ? ", -R -P 70 real-time scheduling)" : ", not root: no real-time scheduling, expect xruns)")
                : (PrivateJackServer.isRoot() ? ", -R -P 70)" : ", not root: no real-time scheduling)");
        return "private jackd '" + server.name() + "' (dummy backend" + scheduling;
    }

    /** A JACK client for {@code engine}'s ports on this server, named {@code clientName}, not yet started. */
    JackBackend client(Engine engine, String clientName) throws JackUnavailableException {
        return JackBackend.open(JackBackend.Config.of(engine.inputPortNames(), engine.outputPortNames())
                .withClientName(clientName).withServerName(server.name()), null, null);
    }

    /** Null when {@code jack} runs at {@code rate} and {@code period}; else what it runs at instead. */
    static String formatMismatch(JackBackend jack, int rate, int period) {
        if (jack.bufferSize() == period && jack.sampleRate() == rate) return null;
        return String.format(Locale.ROOT, "server runs at %d Hz, %d frames, not as asked", jack.sampleRate(), jack.bufferSize());
    }

    /**
     * The idle baseline (its xruns and JACK's DSP load meanwhile): a client that does nothing runs on the server for {@code seconds} after a
     * second of activation (which may xrun itself; a run's warm-up is excluded likewise). An idle
     * dummy server has xruns of its own on a busy machine; a run's are counted against these.
     */
    BenchRealtimeResult.Phase idleBaseline(String clientName, int seconds) throws JackUnavailableException, InterruptedException {
        JackBackend.Config cfg = JackBackend.Config.of(List.of("in"), List.of("out")).withClientName(clientName).withServerName(server.name());
        try (JackBackend idle = JackBackend.open(cfg, null, null)) {
            idle.start((in, out, n) -> { });
            Thread.sleep(1000);
            long x0 = idle.xrunCount();
            double[] load = sampleLoad(idle, seconds);
            return new BenchRealtimeResult.Phase(idle.xrunCount() - x0, load[0], load[1]);
        }
    }

    /** JACK's DSP load sampled every 250 ms for {@code secs}: {mean, max}. */
    static double[] sampleLoad(JackBackend jack, int secs) throws InterruptedException {
        long end = System.nanoTime() + secs * 1_000_000_000L;
        double sum = 0, max = 0;
        int n = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(Math.max(1, Math.min(250, (end - System.nanoTime()) / 1_000_000)));
            double l = jack.dspLoadPercent();
            sum += l;
            max = Math.max(max, l);
            n++;
        }
        return new double[] {n == 0 ? 0 : sum / n, max};
    }

    /** How many longest slow callbacks a table lists. */
    static final int LONGEST = 10;

    /** Now in ns since the epoch, the time base of the slow callbacks' {@link SlowCallback#startEpochNanos}. */
    static long epochNanosNow() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * The slow callbacks since {@link JackBackend#resetSlowCallbacks()} that began before
     * {@code untilEpochNanos} ({@link #epochNanosNow()} when a stretch ended; {@link Long#MAX_VALUE}:
     * all so far), once JFR has delivered the events of their moment (it flushes about once a
     * second; at most {@link CallbackAttribution#JVM_WAIT_NANOS} later they are classified without).
     * The attribution classifies the callbacks in the order they came, so once one that began after
     * the cutoff is classified, every one before it is: the stretch is complete while the console
     * runs on, and what came after is taken out again. Null before the backend started.
     */
    static BenchRealtimeResult.Attribution slowCallbacks(JackBackend jack, long untilEpochNanos) throws InterruptedException {
        long end = System.nanoTime() + 6_000_000_000L;
        CallbackAttribution.Snapshot s = jack.slowCallbacks();
        while (s != null && s.pending() > 0 && !classifiedPast(s, untilEpochNanos) && System.nanoTime() < end) {
            Thread.sleep(250);
            s = jack.slowCallbacks();
        }
        if (s == null) return null;
        // After the cutoff: the newest of the kept records (RECENT of them, far more than a few seconds bring).
        EnumMap<SlowCause, Long> later = new EnumMap<>(SlowCause.class);
        for (SlowCallback c : s.recent()) if (c.startEpochNanos() >= untilEpochNanos) later.merge(c.cause(), 1L, Long::sum);
        Map<String, Long> byCause = new LinkedHashMap<>();
        long slow = 0, machine = 0;
        for (SlowCause c : SlowCause.values()) {
            long n = Math.max(0, s.count(c) - later.getOrDefault(c, 0L));
            byCause.put(c.label(), n);
            slow += n;
            if (c.machine()) machine += n;
        }
        List<String> longest = s.recent().stream().filter(c -> c.startEpochNanos() < untilEpochNanos)
                .sorted(Comparator.comparingLong(SlowCallback::wallNanos).reversed()).limit(LONGEST)
                .map(LiveRig::describe).toList();
        long unattributed = s.dropped() + (classifiedPast(s, untilEpochNanos) ? 0 : s.pending());
        List<SlowCallback> onCpu = s.recent().stream().filter(c -> c.startEpochNanos() < untilEpochNanos)
                .filter(c -> c.cause() == SlowCause.OWN_WORK || c.cause() == SlowCause.CPU_SPIKE).toList();
        long[] canaryOwn = new long[s.canaryCounts().length];
        for (SlowCallback c : onCpu) {
            int b = CallbackAttribution.canaryBucket(c.canaryNanos(), c.usualCanaryNanos());
            if (c.cause() == SlowCause.OWN_WORK && b >= 0) canaryOwn[b]++;
        }
        return new BenchRealtimeResult.Attribution(s.thresholdMicros(), slow, unattributed, byCause, machine, longest, s.jvmEvents(),
                s.nativePath(), stageRows(onCpu), java.util.Arrays.stream(s.canaryCounts()).boxed().toList(),
                java.util.Arrays.stream(canaryOwn).boxed().toList(), meanMicros(s.canaryWallNanos(), s.canaryCounts()));
    }

    /** True when a callback that began at or after {@code untilEpochNanos} has been classified (every one before it has). */
    private static boolean classifiedPast(CallbackAttribution.Snapshot s, long untilEpochNanos) {
        for (SlowCallback c : s.recent()) if (c.startEpochNanos() >= untilEpochNanos) return true;
        return false;
    }

    /**
     * Writes every slow callback the attribution keeps (the last 1 000),
     * oldest first, one {@link #describe} line each, to {@code file}; says on stderr where, or why not
     * (the run's result stands either way).
     */
    static void writeSlowLog(JackBackend jack, java.nio.file.Path file) {
        CallbackAttribution.Snapshot s = jack.slowCallbacks();
        if (s == null) return;
        List<String> lines = new java.util.ArrayList<>();
        for (SlowCallback c : s.recent()) lines.add(String.format(Locale.ROOT, "%d %s", c.startEpochNanos(), describe(c)));
        try {
            java.nio.file.Files.write(file, lines, java.nio.charset.StandardCharsets.UTF_8);
            System.err.println("jackdesk bench: " + lines.size() + " slow callbacks written to " + file);
        } catch (IOException e) {
            System.err.println("jackdesk bench: could not write the slow callbacks to " + file + ": " + e.getMessage());
        }
    }

    /** {@code sums[i] / counts[i]} in µs each (0 for an empty bucket). */
    static List<Double> meanMicros(long[] sums, long[] counts) {
        List<Double> m = new java.util.ArrayList<>();
        for (int i = 0; i < counts.length; i++) m.add(counts[i] == 0 ? 0.0 : sums[i] / 1e3 / counts[i]);
        return m;
    }

    /** The stages {@link #stageRows} places time in: the engine's timed ones, the rest of its process call, the backend's part. */
    static final List<String> STAGE_NAMES = List.of(CycleStages.name(CycleStages.STRIPS), CycleStages.name(CycleStages.FX),
            CycleStages.name(CycleStages.BUSES), "rest of process", "outside process");

    /** A callback's time by {@link #STAGE_NAMES}, from its stage times and its wall time. */
    static long[] byStage(StageTimes t, long wallNanos) {
        long rest = t.process() - t.strips() - t.fx() - t.buses();
        return new long[] {t.strips(), t.fx(), t.buses(), rest, wallNanos - t.process()};
    }

    /**
     * The stage table of {@link BenchRealtimeResult.StageRow} over {@code callbacks} (those whose
     * stages were timed): for each, the excess of each stage over the usual cycle's, and the stage
     * with the largest. Empty when none was timed.
     */
    static List<BenchRealtimeResult.StageRow> stageRows(List<SlowCallback> callbacks) {
        int n = STAGE_NAMES.size();
        long[] largest = new long[n];
        double[] excess = new double[n], usual = new double[n], share = new double[n];
        int timed = 0;
        for (SlowCallback c : callbacks) {
            if (c.stages().none() || c.usualStages().none() || c.typicalNanos() <= 0) continue;
            timed++;
            long[] got = byStage(c.stages(), c.wallNanos()), was = byStage(c.usualStages(), c.typicalNanos());
            int at = 0;
            for (int k = 0; k < n; k++) {
                long e = got[k] - was[k];
                if (e > got[at] - was[at]) at = k;
                excess[k] += Math.max(0, e) / 1e3;
                usual[k] += was[k] / 1e3;
                share[k] += (double) was[k] / c.typicalNanos();
            }
            largest[at]++;
        }
        if (timed == 0) return List.of();
        List<BenchRealtimeResult.StageRow> rows = new java.util.ArrayList<>();
        for (int k = 0; k < n; k++) {
            rows.add(new BenchRealtimeResult.StageRow(STAGE_NAMES.get(k), usual[k] / timed, share[k] / timed, largest[k], excess[k]));
        }
        return rows;
    }

    /** One slow callback, one line: its cause and the measurements behind it. */
    static String describe(SlowCallback c) {
        return String.format(Locale.ROOT, "%s: %.0f µs, CPU %.0f µs, faults %d+%d, switches %d voluntary %d involuntary,"
                        + " worker wait %.0f µs (%d late sub-blocks)%s; usual callback %.0f µs%s", c.cause().label(), c.wallNanos() / 1e3,
                c.cpuNanos() / 1e3, c.minorFaults(), c.majorFaults(), c.voluntarySwitches(), c.involuntarySwitches(),
                c.workerWaitNanos() / 1e3, c.workerLateSubBlocks(),
                c.workerWaitNanos() > 0 ? String.format(Locale.ROOT, ", the worker off the CPU %.0f µs with %d+%d switches%s",
                        c.workerOffCpuNanos() / 1e3, c.workerVoluntarySwitches(), c.workerInvoluntarySwitches(),
                        c.workerSpikeNanos() > 0 ? String.format(Locale.ROOT, ", on it %.0f µs beyond %dx its usual sub-block",
                                c.workerSpikeNanos() / 1e3, SlowCause.SPIKE_FACTOR) : "") : "",
                c.typicalNanos() / 1e3, c.jvmEvents().isEmpty() ? "" : "; JVM: " + c.jvmEvents())
                + (c.stages().none() ? "" : "; " + c.stages() + " (usual " + c.usualStages() + ")")
                + (c.usualCanaryNanos() <= 0 ? "" : String.format(Locale.ROOT, "; CPU canary %d ns (usual %d)", c.canaryNanos(), c.usualCanaryNanos()));
    }

    /** {@code command} in a session of its own ({@code setsid}) as a client of this server, which it never starts itself. */
    ProcessBuilder peer(String... command) {
        List<String> cmd = new java.util.ArrayList<>(List.of("setsid"));
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JACK_DEFAULT_SERVER", server.name());
        pb.environment().put("JACK_NO_START_SERVER", "1");
        return pb;
    }

    /** The JACK name of the output of the tone {@link #startTone} starts as {@code client}. */
    static String tonePort(String client) {
        return client + ":" + TONE_BPM + "_bpm";
    }

    /**
     * {@code jack_metro} as a tone generator named {@code client}: 440 Hz at half scale in beeps of
     * 99 ms at 600 beats per minute (it refuses a beep as long as the beat), i.e. a tone with a 1 ms
     * gap every 100 ms, with 1 % attack and decay. Null if its port does not appear within 10 s,
     * after saying on stderr "WHAT did not come up", why, and {@code hint}.
     */
    Process startTone(String client, String what, String hint) throws IOException, InterruptedException {
        Process p = peer("jack_metro", "-n", client, "-b", Integer.toString(TONE_BPM), "-D", "99", "-f", "440", "-A", "0.5", "-a", "1",
                "-d", "1").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long end = System.nanoTime() + 10_000_000_000L;
        while (p.isAlive() && System.nanoTime() < end) {
            if (server.runTool("jack_lsp", tonePort(client)).contains(tonePort(client))) return p;
            Thread.sleep(100);
        }
        System.err.println(what + " did not come up" + (p.isAlive() ? " within 10 s" : ": exit code " + p.exitValue()) + hint);
        p.destroyForcibly();
        return null;
    }

    /**
     * SIGTERM, then SIGKILL after 3 s (saying so on stderr, {@code what} names the process). True
     * when it ended on SIGTERM (its exit value is then known), false when it had to be killed or
     * was not running.
     */
    static boolean stop(Process p, String what) throws InterruptedException {
        if (!p.isAlive()) return false;
        p.destroy();
        if (p.waitFor(3, TimeUnit.SECONDS)) return true;
        p.destroyForcibly();
        p.waitFor(3, TimeUnit.SECONDS);
        System.err.println(what + " ignored SIGTERM for 3 s and was killed");
        return false;
    }

    /** The last four lines of a peer's log, joined with " | " (for saying why it did not come up). */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    /** The executable {@code exe} on the PATH, or null. */
    static String onPath(String exe) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
            File f = new File(dir, exe);
            if (f.isFile() && f.canExecute()) return f.getAbsolutePath();
        }
        return null;
    }

    /** Stops the private server. */
    @Override
    public void close() {
        server.close();
    }
}
