package org.jackdesk.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jackdesk.config.record.TakeManifest;
import org.jackdesk.engine.AudioProcessor;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.io.BwfWriter;
import org.jackdesk.engine.jack.CallbackTimes;
import org.jackdesk.engine.jack.JackBackend;
import org.jackdesk.engine.jack.PrivateJackServer;
import org.jackdesk.engine.record.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jackdesk bench record}: the recorder under the console's real-time load (issue 18). The
 * console of {@code bench realtime} (full strips fed white noise, stereo aux buses) runs on a
 * private real-time dummy {@code jackd}; the run is cut into segments of equal length, every second
 * one recording every channel and the main, so the callback times with and without recording come
 * from the same run on the same machine. Measured: dropped blocks, the disk's MB/s, the disk
 * thread's CPU time, and the ratio of the callback p99.9 with recording to without (the medians',
 * pair by pair, and of the callbacks pooled); to tell the take's own cost from the machine's noise,
 * each segment's slow callbacks by cause ({@link LiveRig#slowCallbacks}, as {@code bench realtime})
 * and the kernel's interrupts and disk writes over it ({@link KernelCounters}, read on this thread
 * at its start and end): a {@link BenchRecordResult} that {@link BenchRecordReport} prints (or
 * {@code --json}).
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Dropped blocks, disk MB/s, the disk thread's CPU and callback p99.9 with vs without recording, on a private real-time jackd.")
public final class BenchRecordCommand implements Callable<Integer> {
    @Option(names = "--tracks", defaultValue = "64", description = "Full mono strips, each recorded as a track (default ${DEFAULT-VALUE}).")
    int tracks;

    @Option(names = "--buses", defaultValue = "8", description = "Stereo aux buses mixed, not recorded (default ${DEFAULT-VALUE}).")
    int buses;

    @Option(names = "--format", defaultValue = "pcm24", description = "Track format: pcm24 or float32 (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--minutes", defaultValue = "10", description = "Length of the measured run in minutes (default ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--seconds", description = "Length of the measured run in seconds (instead of --minutes).")
    Double seconds;

    @Option(names = "--segments", defaultValue = "10",
            description = "Segments the run is cut into, every second one recording; even, at least 2 (default ${DEFAULT-VALUE}).")
    int segments;

    @Option(names = "--period", defaultValue = "64", description = "JACK period in frames (default ${DEFAULT-VALUE}).")
    int period;

    @Option(names = "--rate", defaultValue = "48000", description = "Sample rate in Hz (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--warmup", defaultValue = "5", description = "Seconds on JACK before measuring, after the off-line JIT warm-up (default ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--jitter-seconds", defaultValue = "10",
            description = "Seconds of the machine-jitter probe before the run (0 skips it; default ${DEFAULT-VALUE}).")
    int jitterSeconds;

    @Option(names = "--dir", description = "Folder for the takes (default: a new folder under the system's temporary folder).")
    Path dir;

    @Option(names = "--keep", description = "Keep the takes (by default each is deleted after its segment).")
    boolean keep;

    @Option(names = "--max-load", description = "Refuse to start when the 1-minute load average is above this (default: the number of cores).")
    Double maxLoad;

    @Option(names = "--json", description = "Print the result as JSON instead of the table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (tracks < 1 || tracks > 128) throw new IllegalArgumentException("--tracks must be 1–128, got " + tracks);
        if (buses < 0 || buses > 16) throw new IllegalArgumentException("--buses must be 0–16, got " + buses);
        double total = seconds != null ? seconds : minutes * 60;
        if (!(total >= 1 && total <= 24 * 3600)) throw new IllegalArgumentException("the run must last 1 s to 24 h, got " + total + " s");
        if (segments < 2 || segments % 2 != 0 || segments > 1000) {
            throw new IllegalArgumentException("--segments must be even, 2–1000, got " + segments);
        }
        if (warmupSeconds < 0 || warmupSeconds > 600) throw new IllegalArgumentException("--warmup must be 0–600, got " + warmupSeconds);
        if (jitterSeconds < 0 || jitterSeconds > 600) throw new IllegalArgumentException("--jitter-seconds must be 0–600, got " + jitterSeconds);
        BwfWriter.Format fmt = switch (format.toLowerCase(Locale.ROOT)) {
            case "pcm24" -> BwfWriter.Format.PCM_24;
            case "float32", "f32" -> BwfWriter.Format.FLOAT_32;
            default -> throw new IllegalArgumentException("--format must be pcm24 or float32, got '" + format + "'");
        };
        PrivateJackServer.Options serverOptions = LiveRig.serverOptions("jdbench", rate, period);
        Integer refused = LiveRig.refusal("bench record", maxLoad);
        if (refused != null) return refused;
        Path folder = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("jackdesk-bench-record");
        String memory = org.jackdesk.engine.RealtimeThreads.lockMemoryIfAsked();
        BenchRecordResult r;
        try (Engine engine = RealtimeRig.consoleWithFx(tracks, buses, 0, rate, false)) {
            r = measure(engine, serverOptions, memory, total, new Recorder.Options(folder).withFormat(fmt).withRingSeconds(2));
        } finally {
            if (!keep && dir == null) deleteTree(folder);
        }
        System.out.print(json ? ResultJson.write(r) + System.lineSeparator() : BenchRecordReport.table(r));
        return r.exitCode();
    }

    private BenchRecordResult measure(Engine engine, PrivateJackServer.Options serverOptions, String memory, double total,
                                      Recorder.Options takes) throws Exception {
        AudioProcessor fed = RealtimeRig.noiseFed(engine, period);
        int ins = engine.inputPortNames().size(), outs = engine.outputPortNames().size();
        Recorder rec = new Recorder(null);
        // The JIT compiles the recording path too: a take runs through part of the off-line warm-up.
        RealtimeRig.warmUp(fed, ins, outs, period, 10_000);
        rec.start(engine, takes, "bench", null);
        RealtimeRig.warmUp(fed, ins, outs, period, 10_000);
        TakeManifest warm = rec.stop();
        String diskThread = rec.diskScheduling(); // as every take's disk thread: -Djackdesk.disk.priority
        if (!keep && warm != null) deleteTake(takes.root(), rec);
        double segmentSeconds = total / segments;
        BenchRecordResult.Setup setup = new BenchRecordResult.Setup(tracks, buses, takes.format() == BwfWriter.Format.FLOAT_32
                ? "float32" : "pcm24", rate, period, total, segments, warmupSeconds, RealtimeRig.liveRuntime() + "; " + memory,
                Runtime.getRuntime().availableProcessors(), ProcessCpu.loadAverage(), BenchRealtimeReport.strips(engine),
                takes.root().toString() + (keep || dir != null ? "" : " (deleted after each segment)"));
        System.err.printf(Locale.ROOT, "jackdesk bench record: %s%d s warm-up, %d segments of %.1f s, every second one recording;"
                + " the takes' disk threads: %s...%n", jitterSeconds > 0 ? jitterSeconds + " s jitter probe, " : "", warmupSeconds,
                segments, segmentSeconds, diskThread);
        JitterProbe.Result jitter = LiveRig.jitter(jitterSeconds);
        LiveRig started = LiveRig.start(serverOptions, "bench record");
        if (started == null) return new BenchRecordResult(setup, jitter, null, List.of(), ProcessCpu.loadAverage(), "no private jackd");
        KernelCounters kernel = KernelCounters.open();
        try (LiveRig rig = started) {
            String serverLine = rig.describe(true);
            try (JackBackend jack = rig.client(engine, "jdbench")) {
                String mismatch = LiveRig.formatMismatch(jack, rate, period);
                if (mismatch != null) return new BenchRecordResult(setup, jitter, serverLine, List.of(), ProcessCpu.loadAverage(), mismatch);
                jack.start(fed);
                Thread.sleep(Math.max(1, warmupSeconds) * 1000L);
                List<BenchRecordResult.Segment> done = new ArrayList<>();
                Pool without = new Pool(), with = new Pool();
                for (int i = 0; i < segments; i++) {
                    boolean recording = i % 2 == 1;
                    done.add(segment(i, recording, segmentSeconds, jack, rec, engine, takes, kernel, recording ? with : without));
                }
                return new BenchRecordResult(setup, jitter, serverLine, done, ProcessCpu.loadAverage(), null,
                        new BenchRecordResult.Pooled(without.times(), with.times()), kernel.describe());
            }
        }
    }

    /** The callbacks of the segments of one kind, added up bin by bin. Thread: the command's. */
    private static final class Pool {
        private long[] micros;
        private double maxMicros;

        void add(long[] histogram, double max) {
            if (micros == null) micros = new long[histogram.length];
            for (int i = 0; i < Math.min(micros.length, histogram.length); i++) micros[i] += histogram[i];
            maxMicros = Math.max(maxMicros, max);
        }

        CallbackTimes times() {
            return CallbackTimes.fromHistogram(micros == null ? new long[0] : micros, maxMicros);
        }
    }

    private BenchRecordResult.Segment segment(int index, boolean recording, double secs, JackBackend jack, Recorder rec, Engine engine,
                                              Recorder.Options takes, KernelCounters kernel, Pool pool) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (recording) rec.start(engine, takes, "bench", null);
        long disk = recording ? rec.diskThreadId() : 0;
        jack.resetCallbackTimes();
        jack.resetSlowCallbacks();
        KernelCounters.Sample k0 = kernel.read();
        long x0 = jack.xrunCount();
        long start = System.nanoTime(), end = start + (long) (secs * 1e9);
        long cpu = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(Math.max(1, Math.min(250, (end - System.nanoTime()) / 1_000_000)));
            if (disk != 0) {
                long c = threads.getThreadCpuTime(disk); // -1 once the thread has ended (a take that failed)
                if (c > 0) cpu = c;
            }
        }
        KernelCounters.Sample k1 = kernel.read();
        long until = LiveRig.epochNanosNow();
        CallbackTimes t = jack.callbackTimes();
        pool.add(jack.callbackHistogram(), t.maxMicros());
        long xruns = jack.xrunCount() - x0;
        double measured = (System.nanoTime() - start) / 1e9;
        if (!recording) {
            return new BenchRecordResult.Segment(index, false, measured, t, xruns, 0, 0, 0, null, LiveRig.slowCallbacks(jack, until),
                    k1.since(k0));
        }
        TakeManifest m = rec.stop();
        Recorder.Status st = rec.status();
        if (!keep && dir == null) deleteTake(takes.root(), rec);
        // The stop and the deletion come after the cutoff: their slow callbacks, if any, are no segment's.
        return new BenchRecordResult.Segment(index, true, measured, t, xruns, st.droppedBlocks(), st.bytes(), cpu / 1e9,
                m == null ? st.endReason() : m.endReason(), LiveRig.slowCallbacks(jack, until), k1.since(k0));
    }

    private static void deleteTake(Path root, Recorder rec) throws IOException {
        Path f = rec.status().folder();
        if (f != null && f.startsWith(root)) deleteTree(f);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }
}
