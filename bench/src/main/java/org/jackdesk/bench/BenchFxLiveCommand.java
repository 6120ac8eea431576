package org.jackdesk.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamException;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.AudioProcessor;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.jack.CallbackTimes;
import org.jackdesk.engine.jack.JackBackend;
import org.jackdesk.engine.jack.PrivateJackServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jackdesk bench fx-live}: jackdesk's hall reverb against zita-rev1 (Fons Adriaensen's
 * reverb, a JACK application with an X11 window), live, as {@code bench mixbox} measures
 * jack_mix_box: zita-rev1 runs under a private {@code Xvfb} display, fed a tone by
 * {@code jack_metro}, as a client of ONE private dummy {@code jackd} beside two jackdesk consoles
 * in this JVM: one channel sending to one FX slot on hall, and the same console with the slot off.
 * All run throughout; each window reads zita-rev1's CPU (its whole process and its busiest thread,
 * the JACK one, from schedstat) and both consoles' JACK threads over the same interval, so every
 * window gives a ratio under the same machine load; the hall slot costs the difference of the two
 * consoles. An informative row (issue 17): no target. Without zita-rev1 or Xvfb (or jackd) the row
 * says so and is skipped, exit 0.
 *
 * <p>Equal settings (zita-rev1 has no command-line parameters and starts at its defaults):
 * zita-rev1's delay 40 ms, crossover 200 Hz, RT60 low 3 s and mid 2 s, HF damping 6 kHz (where
 * the decay is half the mid one); jackdesk's hall pre-delay 40 ms, decay 2 s, bass × 1.5 below
 * 200 Hz, damping 50 % above 6 kHz, size 80 %, width 100 %.
 */
@Command(name = "fx-live", mixinStandardHelpOptions = true,
        description = "CPU of jackdesk's hall FX slot vs zita-rev1 (live, under Xvfb), in one private jackd (informative).")
public final class BenchFxLiveCommand implements Callable<Integer> {
    private static final String PEER = "jdzita";
    private static final String FEEDER = "jdzitafeed";
    static final String ZITA_SETTINGS = "defaults: delay 40 ms, crossover 200 Hz, RT60 low 3 s, RT60 mid 2 s, HF damping 6 kHz,"
            + " fed a 440 Hz tone (jack_metro) on both inputs";
    static final String HALL_SETTINGS = "one channel sending at 0 dB (noise, -12 dBFS peak) to FX slot 1 on hall: decay 2 s,"
            + " pre-delay 40 ms, bass x1.5 below 200 Hz, damping 50 % above 6 kHz, size 80 %, width 100 %;"
            + " minus the same console with the slot off";

    @Option(names = "--windows", defaultValue = "4", description = "Measurement windows (default ${DEFAULT-VALUE}).")
    int windows;

    @Option(names = "--window-seconds", defaultValue = "5", description = "Length of each window (default ${DEFAULT-VALUE}).")
    int windowSeconds;

    @Option(names = "--warmup", defaultValue = "3", description = "Seconds with all running before measuring (default ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--period", defaultValue = "64", description = "JACK period in frames (default ${DEFAULT-VALUE}).")
    int period;

    @Option(names = "--rate", defaultValue = "48000", description = "Sample rate in Hz (default ${DEFAULT-VALUE}).")
    int rate;

    @Mixin
    MachineOptions machine = new MachineOptions();

    @Override
    public Integer call() throws Exception {
        if (windows < 1 || windows > 100) throw new IllegalArgumentException("--windows must be 1–100, got " + windows);
        if (windowSeconds < 1 || windowSeconds > 600) throw new IllegalArgumentException("--window-seconds must be 1–600");
        if (warmupSeconds < 0 || warmupSeconds > 600) throw new IllegalArgumentException("--warmup must be 0–600");
        String refusal = machine.refusal();
        if (refusal != null) {
            System.err.println("jackdesk bench fx-live: " + refusal);
            return 3;
        }
        BenchFxLiveResult r = measure();
        machine.print(r, BenchFxLiveReport::table);
        return r.exitCode();
    }

    /** What is missing for the row (the tools and where to get them), or null. */
    static String missingTools() {
        List<String> missing = new ArrayList<>();
        if (!PrivateJackServer.jackdAvailable()) missing.add("jackd (jackd2)");
        if (LiveRig.onPath("zita-rev1") == null) missing.add("zita-rev1 (zita-rev1)");
        if (LiveRig.onPath("Xvfb") == null) missing.add("Xvfb (xvfb)");
        if (LiveRig.onPath("jack_metro") == null) missing.add("jack_metro (jack-tools)");
        if (LiveRig.onPath("setsid") == null) missing.add("setsid (util-linux)");
        if (missing.isEmpty()) return null;
        return "not installed: " + String.join(", ", missing) + " (Debian: apt-get install -y jackd2 zita-rev1 xvfb jack-tools;"
                + " scripts/install-deps.sh installs them)";
    }

    BenchFxLiveResult measure() throws Exception {
        BenchFxLiveResult.Setup setup = new BenchFxLiveResult.Setup(rate, period, windows, windowSeconds, warmupSeconds,
                RealtimeRig.liveRuntime(), Runtime.getRuntime().availableProcessors(), ProcessCpu.loadAverage(), ZITA_SETTINGS, HALL_SETTINGS);
        JitterProbe.Result jitter = machine.jitter();
        Double longest = jitter == null ? null : (double) jitter.longestMicros();
        String scheduling = jitter == null ? null : jitter.scheduling();
        String missing = missingTools();
        if (missing != null) return BenchFxLiveResult.skipped(setup, longest, scheduling, missing);
        try (Engine hall = console(rate, true); Engine plain = console(rate, false)) {
            AudioProcessor hallFed = RealtimeRig.noiseFed(hall, period), plainFed = RealtimeRig.noiseFed(plain, period);
            RealtimeRig.warmUp(hallFed, hall.inputPortNames().size(), hall.outputPortNames().size(), period, 20_000);
            RealtimeRig.warmUp(plainFed, plain.inputPortNames().size(), plain.outputPortNames().size(), period, 20_000);
            System.err.printf(Locale.ROOT, "jackdesk bench fx-live: %d s warm-up, %d windows of %d s...%n", warmupSeconds, windows,
                    windowSeconds);
            Xvfb display = Xvfb.start();
            if (display.failure != null) return BenchFxLiveResult.skipped(setup, longest, scheduling, display.failure);
            try (display) {
                LiveRig started = LiveRig.start(LiveRig.serverOptions("jdfx", rate, period), "bench fx-live");
                if (started == null) return failed(setup, longest, scheduling, "the private jackd did not start");
                try (LiveRig rig = started; JackBackend hallJack = rig.client(hall, "jdhall"); JackBackend plainJack = rig.client(plain, "jdplain")) {
                    String serverLine = rig.describe(false) + "; Xvfb display " + display.name;
                    hallJack.start(hallFed);
                    plainJack.start(plainFed);
                    Process peer = startPeer(rig, display.name);
                    if (peer == null) return failed(setup, longest, scheduling, "zita-rev1 did not come up (see stderr)");
                    Process feeder = null;
                    try {
                        feeder = rig.startTone(FEEDER, "jack_metro", "");
                        if (feeder == null) return failed(setup, longest, scheduling, "jack_metro did not come up (see stderr)");
                        for (String in : zitaInputs) rig.server().runTool("jack_connect", LiveRig.tonePort(FEEDER), in);
                        return windows(setup, longest, scheduling, serverLine, hallJack, plainJack, peer);
                    } finally {
                        LiveRig.stop(peer, "zita-rev1");
                        if (feeder != null) LiveRig.stop(feeder, "jack_metro");
                    }
                }
            }
        }
    }

    private BenchFxLiveResult failed(BenchFxLiveResult.Setup setup, Double longest, String scheduling, String why) {
        return new BenchFxLiveResult(setup, longest, scheduling, null, List.of(), null, null, 0, ProcessCpu.loadAverage(), null, why);
    }

    private BenchFxLiveResult windows(BenchFxLiveResult.Setup setup, Double longest, String scheduling, String serverLine,
                                      JackBackend hallJack, JackBackend plainJack, Process peer) throws InterruptedException {
        Thread.sleep(warmupSeconds * 1000L);
        hallJack.resetCallbackTimes();
        long x0 = hallJack.xrunCount();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long hallThread = hallJack.audioThreadId(), plainThread = plainJack.audioThreadId();
        List<BenchFxLiveResult.Window> measured = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            Map<Long, Long> z0 = threadNanos(peer.pid());
            long h0 = threads.getThreadCpuTime(hallThread), p0 = threads.getThreadCpuTime(plainThread), t0 = System.nanoTime();
            Thread.sleep(windowSeconds * 1000L);
            Map<Long, Long> z1 = threadNanos(peer.pid());
            long h1 = threads.getThreadCpuTime(hallThread), p1 = threads.getThreadCpuTime(plainThread), t1 = System.nanoTime();
            if (z0.isEmpty() || z1.isEmpty() || !peer.isAlive() || h0 < 0 || p0 < 0) {
                return new BenchFxLiveResult(setup, longest, scheduling, serverLine, measured, null, null, hallJack.xrunCount() - x0,
                        ProcessCpu.loadAverage(), null, (peer.isAlive() ? "a JACK thread's CPU time could not be read"
                        : "zita-rev1 died (exit " + peer.exitValue() + ")") + " during window " + (w + 1) + ": no result");
            }
            long total = 0, busiest = 0;
            for (Map.Entry<Long, Long> e : z1.entrySet()) {
                long d = e.getValue() - z0.getOrDefault(e.getKey(), e.getValue());
                total += d;
                busiest = Math.max(busiest, d);
            }
            double dt = t1 - t0;
            measured.add(new BenchFxLiveResult.Window(100.0 * total / dt, 100.0 * busiest / dt, 100.0 * (h1 - h0) / dt,
                    100.0 * (p1 - p0) / dt));
        }
        CallbackTimes t = hallJack.callbackTimes();
        return new BenchFxLiveResult(setup, longest, scheduling, serverLine, measured, t.p50Micros(), t.maxMicros(),
                hallJack.xrunCount() - x0, ProcessCpu.loadAverage(), null, null);
    }

    /** The console of the row: one mono channel sending at 0 dB to FX slot 1, on hall with the settings above, or off. */
    static Engine console(int rate, boolean hall) throws ParamException {
        ParamRegistry reg = ParamRegistry.forLayout(Layout.of(1, 0, 0, 0).withFx(1));
        ConsoleState s = new ConsoleState(reg);
        s.set("fx/1/type", hall ? "hall" : "off", "bench");
        s.set("fx/1/reverb/decay", 2.0, "bench");
        s.set("fx/1/reverb/predelay", 40.0, "bench");
        s.set("fx/1/reverb/bass", 1.5, "bench");
        s.set("fx/1/reverb/crossover", 200.0, "bench");
        s.set("fx/1/reverb/damping", 50.0, "bench");
        s.set("fx/1/reverb/dampfreq", 6000.0, "bench");
        s.set("fx/1/reverb/size", 80.0, "bench");
        s.set("fx/1/reverb/width", 100.0, "bench");
        s.set("ch/1/fx/1/level", 0.0, "bench");
        return new Engine(reg, rate, s.copyValues(), Engine.Threading.SINGLE);
    }

    /** zita-rev1's JACK input ports, as found when it came up. */
    private List<String> zitaInputs = List.of();

    /** zita-rev1 on {@code display}, up and with its ports, or null (said why on stderr). */
    private Process startPeer(LiveRig rig, String display) throws IOException, InterruptedException {
        PrivateJackServer server = rig.server();
        Path log = Files.createTempFile("jdzita-", ".log");
        ProcessBuilder pb = rig.peer("zita-rev1", "-name", PEER, "-s", server.name()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("DISPLAY", display);
        Process p = pb.start();
        long end = System.nanoTime() + 15_000_000_000L;
        while (p.isAlive() && System.nanoTime() < end) {
            List<String> found = inputsOf(List.of(server.runTool("jack_lsp", "-p").split("\n")), PEER + ":");
            if (found.size() >= 2) {
                zitaInputs = found;
                Files.deleteIfExists(log);
                return p;
            }
            Thread.sleep(100);
        }
        System.err.println("zita-rev1: " + (p.isAlive() ? "its ports did not appear within 15 s" : "it exited with code " + p.exitValue())
                + "; log: " + LiveRig.tail(log));
        LiveRig.stop(p, "zita-rev1");
        Files.deleteIfExists(log);
        return null;
    }

    /** The input ports of the client {@code prefix} in {@code jack_lsp -p}'s output (a port line, then its properties line). */
    static List<String> inputsOf(List<String> lsp, String prefix) {
        List<String> ins = new ArrayList<>();
        for (int i = 0; i + 1 < lsp.size(); i++) {
            String port = lsp.get(i);
            if (port.startsWith(prefix) && lsp.get(i + 1).contains("properties:") && lsp.get(i + 1).contains("input")) ins.add(port.trim());
        }
        return ins;
    }

    /** CPU nanoseconds of each thread of {@code pid} (schedstat), by thread id; empty when the process is gone. */
    static Map<Long, Long> threadNanos(long pid) {
        Map<Long, Long> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks) {
                try {
                    String s = Files.readString(t.resolve("schedstat")).trim();
                    out.put(Long.parseLong(t.getFileName().toString()), Long.parseLong(s.substring(0, s.indexOf(' '))));
                } catch (IOException | RuntimeException e) {
                    // a thread that just ended
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }

    /** A private virtual X display ({@code Xvfb :N}, no TCP) on the first free number from 90; closed by killing it. */
    static final class Xvfb implements AutoCloseable {
        final String name;
        final Process process;
        final String failure;

        private Xvfb(String name, Process process, String failure) {
            this.name = name;
            this.process = process;
            this.failure = failure;
        }

        static Xvfb start() throws IOException, InterruptedException {
            for (int n = 90; n < 130; n++) {
                if (Files.exists(Path.of("/tmp/.X" + n + "-lock")) || Files.exists(Path.of("/tmp/.X11-unix/X" + n))) continue;
                Process p = new ProcessBuilder("Xvfb", ":" + n, "-nolisten", "tcp", "-screen", "0", "800x600x24")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                long end = System.nanoTime() + 10_000_000_000L;
                while (p.isAlive() && System.nanoTime() < end) {
                    if (Files.exists(Path.of("/tmp/.X11-unix/X" + n))) return new Xvfb(":" + n, p, null);
                    Thread.sleep(50);
                }
                if (p.isAlive()) {
                    p.destroyForcibly();
                    return new Xvfb(null, null, "Xvfb :" + n + " did not open its socket within 10 s");
                }
                // it exited: the number was taken after all; try the next
            }
            return new Xvfb(null, null, "no free X display number between :90 and :129 for Xvfb");
        }

        @Override
        public void close() throws InterruptedException {
            if (process != null) LiveRig.stop(process, "Xvfb");
        }
    }
}
