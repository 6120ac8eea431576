package org.jackdesk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jackdesk.engine.AudioProcessor;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.jack.CallbackTimes;
import org.jackdesk.engine.jack.JackBackend;
import org.jackdesk.engine.jack.PrivateJackServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jackdesk bench mixbox}: CPU of jackdesk with its processors bypassed (gain, pan, sum to
 * main, meters) against {@code jack_mix_box} (jack_mixer's headless core: gain, pan, sum, meters),
 * both with the same number of mono channels, both clients of ONE private real-time dummy
 * {@code jackd}, both running for the whole measurement. Each window measures both processes'
 * CPU time over the same interval ({@link ProcessCpu}: schedstat of every thread, for both), so
 * every window gives a ratio under identical machine load; the median of the windows is the
 * result: a {@link BenchMixboxResult} that {@link BenchMixboxReport} prints (or {@code --json}).
 *
 * <p>Both mix a non-silent signal, and neither client wakes the other: jackdesk feeds itself white
 * noise, jack_mix_box is fed a continuous tone by {@code jack_metro} (back-to-back beeps). In a JACK
 * graph a client whose outputs feed another client wakes that client's thread at the end of its
 * cycle (a futex wake, a kernel call that shows on the waker's CPU time); with jack_mix_box fed from
 * jackdesk, jackdesk paid for waking it (measured: about 12 µs of its thread's time per cycle in
 * this virtual machine). {@code --peer-feed jackdesk} restores that older topology.
 */
@Command(name = "mixbox", mixinStandardHelpOptions = true,
        description = "CPU of jackdesk (processors bypassed) vs jack_mix_box with the same channels, in one private jackd.")
public final class BenchMixboxCommand implements Callable<Integer> {
    private static final String PEER = "jdmixbox";
    private static final String FEEDER = "jdfeed";

    @Option(names = "--channels", defaultValue = "32", description = "Mono channels on both sides (default ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--windows", defaultValue = "4", description = "Measurement windows (default ${DEFAULT-VALUE}).")
    int windows;

    @Option(names = "--window-seconds", defaultValue = "5", description = "Length of each window (default ${DEFAULT-VALUE}).")
    int windowSeconds;

    @Option(names = "--warmup", defaultValue = "3", description = "Seconds with both running before measuring (default ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--period", defaultValue = "64", description = "JACK period in frames (default ${DEFAULT-VALUE}).")
    int period;

    @Option(names = "--rate", defaultValue = "48000", description = "Sample rate in Hz (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--peer-feed", defaultValue = "metro",
            description = "What feeds jack_mix_box's inputs: metro (a jack_metro tone; neither mixer wakes the other)"
                    + " or jackdesk (jackdesk's main outputs; jackdesk then also pays for waking jack_mix_box). Default ${DEFAULT-VALUE}.")
    String peerFeed;

    @Option(names = "--max-load", description = "Refuse to start when the 1-minute load average is above this (default: the number of cores).")
    Double maxLoad;

    @Option(names = "--json", description = "Print the result as JSON instead of the table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (channels < 1 || channels > 128) throw new IllegalArgumentException("--channels must be 1–128, got " + channels);
        if (windows < 1 || windows > 100) throw new IllegalArgumentException("--windows must be 1–100, got " + windows);
        if (windowSeconds < 1 || windowSeconds > 600) throw new IllegalArgumentException("--window-seconds must be 1–600");
        if (warmupSeconds < 0 || warmupSeconds > 600) throw new IllegalArgumentException("--warmup must be 0–600");
        if (!peerFeed.equals("metro") && !peerFeed.equals("jackdesk")) {
            throw new IllegalArgumentException("--peer-feed must be metro or jackdesk, got '" + peerFeed + "'");
        }
        PrivateJackServer.Options serverOptions = LiveRig.serverOptions("jdbench", rate, period);
        String refusal = LiveRig.loadRefusal(maxLoad);
        if (refusal != null) {
            System.err.println("jackdesk bench mixbox: " + refusal);
            return 3;
        }
        if (!PrivateJackServer.jackdAvailable() || LiveRig.onPath("jack_mix_box") == null || LiveRig.onPath("setsid") == null
                || (peerFeed.equals("metro") && LiveRig.onPath("jack_metro") == null)) {
            System.err.println("jackdesk bench mixbox: needs jackd, jack_wait, setsid, jack_mix_box and jack_metro"
                    + " (Debian: apt-get install -y jackd2 jack-mixer jack-tools util-linux)");
            return 1;
        }
        BenchMixboxResult r;
        try (Engine engine = RealtimeRig.console(channels, 0, rate, true)) {
            r = run(engine, serverOptions);
        }
        if (r == null) return 1; // a process did not come up: said why on stderr
        System.out.print(json ? ResultJson.write(r) + System.lineSeparator() : BenchMixboxReport.table(r));
        return r.exitCode();
    }

    /** The measurement, or null when the server, jack_mix_box or jack_metro did not come up (said on stderr). */
    private BenchMixboxResult run(Engine engine, PrivateJackServer.Options serverOptions) throws Exception {
        boolean metro = peerFeed.equals("metro");
        // With the tone, both mixers read the same signal from their JACK inputs; otherwise jackdesk
        // feeds itself noise (the dummy backend's capture ports are silent).
        AudioProcessor fed = metro ? engine : RealtimeRig.noiseFed(engine, period);
        RealtimeRig.warmUp(fed, engine.inputPortNames().size(), engine.outputPortNames().size(), period, 20_000);
        BenchMixboxResult.Setup setup = new BenchMixboxResult.Setup(channels, rate, period, peerFeed, windows, windowSeconds,
                warmupSeconds, RealtimeRig.liveRuntime(), Runtime.getRuntime().availableProcessors(), ProcessCpu.loadAverage());
        System.err.printf(Locale.ROOT, "jackdesk bench mixbox: %d s warm-up, %d windows of %d s...%n", warmupSeconds, windows, windowSeconds);
        LiveRig started = LiveRig.start(serverOptions, "bench mixbox");
        if (started == null) return null;
        try (LiveRig rig = started; JackBackend jack = rig.client(engine, "jdbench")) {
            String serverLine = rig.describe(false);
            jack.start(fed);
            Process peer = startPeer(rig);
            if (peer == null) return null;
            Process feeder = null;
            try {
                if (peerFeed.equals("metro")) {
                    feeder = rig.startTone(FEEDER, "jack_metro (the tone for jack_mix_box)", "; --peer-feed jackdesk avoids it");
                    if (feeder == null) return null;
                }
                return measure(setup, serverLine, rig.server(), jack, peer);
            } finally {
                stopPeer(peer);
                if (feeder != null) LiveRig.stop(feeder, "jack_metro");
            }
        }
    }

    private BenchMixboxResult measure(BenchMixboxResult.Setup setup, String serverLine, PrivateJackServer server, JackBackend jack,
            Process peer) throws Exception {
        for (int c = 1; c <= channels; c++) {
            String source = peerFeed.equals("metro") ? LiveRig.tonePort(FEEDER)
                    : jack.clientName() + ":" + (c % 2 == 0 ? "main_L" : "main_R");
            server.runTool("jack_connect", source, PEER + ":Channel " + c);
        }
        if (peerFeed.equals("metro")) {
            for (String in : jack.inputNames()) server.runTool("jack_connect", LiveRig.tonePort(FEEDER), jack.clientName() + ":" + in);
        }
        Thread.sleep(warmupSeconds * 1000L);
        long self = ProcessHandle.current().pid();
        jack.resetCallbackTimes();
        long x0 = jack.xrunCount();
        List<BenchMixboxResult.Window> measured = new ArrayList<>();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long audio = jack.audioThreadId();
        for (int w = 0; w < windows; w++) {
            long a0 = threads.getThreadCpuTime(audio);
            long p0 = ProcessCpu.nanos(peer.pid()), j0 = ProcessCpu.nanos(self), t0 = System.nanoTime();
            Thread.sleep(windowSeconds * 1000L);
            long p1 = ProcessCpu.nanos(peer.pid()), j1 = ProcessCpu.nanos(self), t1 = System.nanoTime();
            long a1 = threads.getThreadCpuTime(audio);
            if (p0 < 0 || p1 < 0 || !peer.isAlive()) {
                return new BenchMixboxResult(setup, serverLine, measured, null, null, jack.xrunCount() - x0, ProcessCpu.loadAverage(),
                        "jack_mix_box died during window " + (w + 1) + " (exit "
                                + (peer.isAlive() ? "?" : Integer.toString(peer.exitValue())) + "): no result");
            }
            measured.add(new BenchMixboxResult.Window(100.0 * (p1 - p0) / (t1 - t0), 100.0 * (j1 - j0) / (t1 - t0),
                    a0 < 0 || a1 < 0 ? null : 100.0 * (a1 - a0) / (t1 - t0)));
        }
        CallbackTimes t = jack.callbackTimes();
        return new BenchMixboxResult(setup, serverLine, measured, t.p50Micros(), t.maxMicros(), jack.xrunCount() - x0,
                ProcessCpu.loadAverage(), null);
    }

    /** jack_mix_box in its own session (setsid), up and with its ports, or null; one retry. */
    private Process startPeer(LiveRig rig) throws IOException, InterruptedException {
        PrivateJackServer server = rig.server();
        for (int attempt = 1; attempt <= 2; attempt++) {
            List<String> cmd = new ArrayList<>(List.of("jack_mix_box", "-n", PEER));
            for (int c = 1; c <= channels; c++) cmd.add(Integer.toString(c)); // each is a MIDI CC: one channel each
            Path log = Files.createTempFile("jdmixbox-", ".log");
            Process p = rig.peer(cmd.toArray(String[]::new)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long end = System.nanoTime() + 10_000_000_000L;
            while (p.isAlive() && System.nanoTime() < end) {
                if (server.runTool("jack_lsp", PEER + ":Channel " + channels).contains(PEER + ":Channel " + channels)) {
                    Files.deleteIfExists(log);
                    return p;
                }
                Thread.sleep(100);
            }
            String why = p.isAlive() ? "its ports did not appear within 10 s" : "it exited with code " + p.exitValue();
            System.err.println("jack_mix_box attempt " + attempt + ": " + why + "; log: " + LiveRig.tail(log));
            stopPeer(p);
            Files.deleteIfExists(log);
        }
        return null;
    }

    /** SIGTERM, then SIGKILL after 3 s; jack_mix_box sometimes crashes on SIGTERM, which is reported, not fatal. */
    private static void stopPeer(Process p) throws InterruptedException {
        if (LiveRig.stop(p, "jack_mix_box") && p.exitValue() != 0) {
            System.err.println("jack_mix_box exited with code " + p.exitValue() + " on SIGTERM (it sometimes crashes on exit;"
                    + " the measurement had finished)");
        }
    }
}
