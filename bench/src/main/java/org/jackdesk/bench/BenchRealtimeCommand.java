package org.jackdesk.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jackdesk.engine.AudioProcessor;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.jack.CallbackTimes;
import org.jackdesk.engine.jack.JackBackend;
import org.jackdesk.engine.jack.JackUnavailableException;
import org.jackdesk.engine.jack.PrivateJackServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jackdesk bench realtime}: the engine live on a private dummy {@code jackd} with real-time
 * scheduling. First an idle client runs for the same duration and its xruns are the baseline
 * (an idle dummy server has xruns of its own on a busy machine); then the console runs fed with
 * white noise, and the command measures callback-time percentiles, xruns against the baseline,
 * JACK's DSP load, bytes allocated per cycle on the JACK thread, and GC pauses: a
 * {@link BenchRealtimeResult} that {@link BenchRealtimeReport} prints (or {@code --json}).
 */
@Command(name = "realtime", mixinStandardHelpOptions = true,
        description = "Callback times, xruns, DSP load, allocation and GC of the engine on a private real-time jackd.")
public final class BenchRealtimeCommand implements Callable<Integer> {
    @Option(names = "--channels", defaultValue = "64", description = "Full mono strips (default ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--buses", defaultValue = "8", description = "Stereo aux buses, every strip sending post-fader (default ${DEFAULT-VALUE}).")
    int buses;

    @Option(names = "--fx", defaultValue = "0",
            description = "FX slots running (hall, plate, delay, chorus in turn; every strip sending to each; default ${DEFAULT-VALUE}).")
    int fx;

    @Option(names = "--period", defaultValue = "64", description = "JACK period in frames (default ${DEFAULT-VALUE}).")
    int period;

    @Option(names = "--rate", defaultValue = "48000", description = "Sample rate in Hz (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", defaultValue = "30",
            description = "Measured duration of the run, and of the idle baseline before it (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "5",
            description = "Seconds on JACK before measuring, after the off-line JIT warm-up (default ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--bypass", description = "Same channels with HPF, gate, EQ and compressor off (pan, fader, sends, meters on).")
    boolean bypass;

    @Option(names = "--jitter-seconds", defaultValue = "10",
            description = "Seconds of the machine-jitter probe before the run: a SCHED_FIFO thread spinning on one core"
                    + " counts how often and how long the system takes the CPU away (0 skips it; default ${DEFAULT-VALUE}).")
    int jitterSeconds;

    @Option(names = "--max-load", description = "Refuse to start when the 1-minute load average is above this (default: the number of cores).")
    Double maxLoad;

    @Option(names = "--slow-log", paramLabel = "FILE",
            description = "Also write every slow callback of the measured run (up to the last 1000), one line each with its"
                    + " cause, clocks, worker and stage times, to FILE.")
    java.nio.file.Path slowLog;

    @Option(names = "--json", description = "Print the result as JSON instead of the table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (channels < 1 || channels > 128) throw new IllegalArgumentException("--channels must be 1–128, got " + channels);
        if (buses < 0 || buses > 16) throw new IllegalArgumentException("--buses must be 0–16, got " + buses);
        if (fx < 0 || fx > org.jackdesk.config.Layout.MAX_FX) throw new IllegalArgumentException("--fx must be 0–8, got " + fx);
        if (seconds < 1 || seconds > 3600) throw new IllegalArgumentException("--seconds must be 1–3600, got " + seconds);
        if (warmupSeconds < 0 || warmupSeconds > 600) throw new IllegalArgumentException("--warmup must be 0–600, got " + warmupSeconds);
        if (jitterSeconds < 0 || jitterSeconds > 600) throw new IllegalArgumentException("--jitter-seconds must be 0–600, got " + jitterSeconds);
        PrivateJackServer.Options serverOptions = LiveRig.serverOptions("jdbench", rate, period); // validates rate and period
        Integer refused = LiveRig.refusal("bench realtime", maxLoad);
        if (refused != null) return refused;
        // As 'jackdesk start' does when asked (-Djackdesk.mlockall=true): before the engine's buffers exist.
        String memory = org.jackdesk.engine.RealtimeThreads.lockMemoryIfAsked();
        BenchRealtimeResult r;
        try (Engine engine = RealtimeRig.consoleWithFx(channels, buses, fx, rate, bypass)) {
            r = measure(engine, serverOptions, memory);
        }
        if (r == null) return 1; // no private server: startServer said why
        System.out.print(json ? ResultJson.write(r) + System.lineSeparator() : BenchRealtimeReport.table(r));
        return r.exitCode();
    }

    /** The whole measurement, or null when no private server came up (after saying why on stderr). */
    private BenchRealtimeResult measure(Engine engine, PrivateJackServer.Options serverOptions, String memory) throws Exception {
        AudioProcessor fed = RealtimeRig.noiseFed(engine, period);
        int ins = engine.inputPortNames().size(), outs = engine.outputPortNames().size();
        RealtimeRig.warmUp(fed, ins, outs, period, 20_000);
        BenchRealtimeResult.Setup setup = new BenchRealtimeResult.Setup(channels, buses, engine.registry().layout().fx(), bypass, rate, period,
                seconds, warmupSeconds,
                RealtimeRig.liveRuntime() + "; " + memory, Runtime.getRuntime().availableProcessors(), ProcessCpu.loadAverage(),
                BenchRealtimeReport.strips(engine));
        // The table comes at the end; say what is being measured meanwhile (stderr keeps --json's stdout clean).
        System.err.printf(Locale.ROOT, "jackdesk bench realtime: %s%d s idle baseline, %d s warm-up, %d s measured...%n",
                jitterSeconds > 0 ? jitterSeconds + " s jitter probe, " : "", seconds, warmupSeconds, seconds);

        JitterProbe.Result jitter = LiveRig.jitter(jitterSeconds);
        LiveRig started = LiveRig.start(serverOptions, "bench realtime");
        if (started == null) return null;
        try (LiveRig rig = started) {
            String serverLine = rig.describe(true);
            BenchRealtimeResult.Phase idle = rig.idleBaseline("jdbench-idle", seconds);
            try (JackBackend jack = rig.client(engine, "jdbench")) {
                String mismatch = LiveRig.formatMismatch(jack, rate, period);
                if (mismatch != null) return new BenchRealtimeResult(setup, jitter, serverLine, idle, null, mismatch);
                BenchRealtimeResult.Run run;
                String failure;
                try {
                    run = runPhase(jack, engine, fed);
                    failure = null;
                } catch (NoResult e) {
                    run = null;
                    failure = e.getMessage();
                }
                return new BenchRealtimeResult(setup, jitter, serverLine, idle, run, failure);
            }
        }
    }

    /** The measured phase produced nothing; the message says why. */
    private static final class NoResult extends Exception {
        NoResult(String why) {
            super(why, null, false, false);
        }
    }

    private BenchRealtimeResult.Run runPhase(JackBackend jack, Engine engine, AudioProcessor fed)
            throws InterruptedException, NoResult, JackUnavailableException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        jack.start(fed);
        Thread.sleep(Math.max(1, warmupSeconds) * 1000L);
        long audioThread = jack.audioThreadId();
        if (audioThread == 0) throw new NoResult("no audio cycle ran during the warm-up: the server is not processing");
        jack.resetCallbackTimes();
        jack.resetSlowCallbacks();
        long x0 = jack.xrunCount(), c0 = jack.cycleCount(), f0 = jack.processorFailures(), nf0 = jack.nonFiniteOutputs();
        long a0 = threads.getThreadAllocatedBytes(audioThread);
        long workerThread = engine.workerThreadId();
        long w0 = workerThread == 0 ? 0 : threads.getThreadAllocatedBytes(workerThread);
        // The wait and group totals are the audio thread's plain longs, read here between callbacks:
        // approximate by up to one callback's worth, like the worker's share (64-bit HotSpot does not tear a long).
        long ws0 = engine.workerSubBlocks(), wait0 = engine.workerWaitNanos();
        long ga0 = engine.stripGroupNanos(0), gb0 = engine.stripGroupNanos(1);
        long[] wake0 = engine.workerWakeLatency();
        double[] load;
        GcWatch.Summary gc;
        try (GcWatch watch = new GcWatch()) {
            load = LiveRig.sampleLoad(jack, seconds);
            gc = watch.summary();
        }
        long a1 = threads.getThreadAllocatedBytes(audioThread);
        long w1 = workerThread == 0 ? 0 : threads.getThreadAllocatedBytes(workerThread);
        long ws1 = engine.workerSubBlocks(), wait1 = engine.workerWaitNanos();
        long ga1 = engine.stripGroupNanos(0), gb1 = engine.stripGroupNanos(1);
        long cycles = jack.cycleCount() - c0, xruns = jack.xrunCount() - x0;
        CallbackTimes t = jack.callbackTimes();
        if (cycles == 0 || t.cycles() == 0) throw new NoResult("no audio cycle ran while measuring");
        Double bytesPerCycle = a0 < 0 || a1 < 0 || jack.audioThreadId() != audioThread ? null : (double) (a1 - a0) / cycles;
        BenchRealtimeResult.Worker worker = null;
        if (workerThread != 0) {
            long subBlocks = cycles * ((period + Engine.SUB_BLOCK - 1) / Engine.SUB_BLOCK) * Math.max(1, engine.stripChunks());
            long[] wake = engine.workerWakeLatency();
            for (int i = 0; i < wake.length && i < wake0.length; i++) wake[i] -= wake0[i];
            worker = new BenchRealtimeResult.Worker(100.0 * (ws1 - ws0) / Math.max(1, subBlocks),
                    w0 < 0 || w1 < 0 ? null : (double) (w1 - w0) / cycles,
                    Engine.workerWakeBucketsMicros(), wake, engine.workerWakeLatencyMaxNanos() / 1000,
                    (wait1 - wait0) / 1e3 / cycles, (ga1 - ga0) / 1e3 / cycles, (gb1 - gb0) / 1e3 / cycles);
        }
        BenchRealtimeResult.Attribution slow = LiveRig.slowCallbacks(jack, Long.MAX_VALUE);
        if (slowLog != null) LiveRig.writeSlowLog(jack, slowLog);
        return new BenchRealtimeResult.Run(t, xruns, load[0], load[1], bytesPerCycle, a1 - a0, cycles, worker, gc,
                jack.processorFailures() - f0, jack.nonFiniteOutputs() - nf0, ProcessCpu.loadAverage(), slow);
    }
}
