package org.jackdesk.engine;

import java.util.List;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.dsp.Dsp;
import org.jackdesk.engine.mix.Automixer;
import org.jackdesk.engine.mix.ChannelStrip;
import org.jackdesk.engine.mix.Gains;
import org.jackdesk.engine.play.PlaybackTap;
import org.jackdesk.engine.record.RecordTap;
import org.jackdesk.engine.rta.RtaTap;

/**
 * The mix engine for one layout at one sample rate: channel strips, aux buses, the main bus and
 * the monitor (solo) bus. Any backend drives it through {@link #process}; the control plane reaches
 * it only through {@link #setParam}, {@link #command} and {@link #meters()}.
 *
 * <p>Audio is processed in sub-blocks of {@link #SUB_BLOCK} frames so that ramps and coefficient
 * updates behave the same at any period size.
 *
 * <p>Inputs, in order: each channel's input (mono) or its left and right inputs (stereo). Outputs:
 * main L and R, then each aux bus (one or two), then monitor L and R, then the direct outputs of
 * the channels that have one ({@code ch3_direct}, {@code ch17_direct_L/_R}) — see
 * {@link #outputPortNames()}.
 *
 * <p>Strips may be split into two fixed, contiguous groups ({@link Threading}): group A (the first
 * half) and group B (the rest) each sum into their own accumulators, and after each sub-block's
 * strips the audio thread adds B's sums into A's in a fixed order before the buses, main and monitor
 * run ({@link StripGroups}). The output is bit-identical whichever thread computes group B; the
 * two-group sum differs from the one-group sum only by float rounding.
 *
 * <p>The engine composes one class per job: {@link EnginePorts} (port names and latencies),
 * {@link ParamInbox} (targets and commands from the control plane), {@link StripGroups} (the strips
 * and their threading), {@link BusMixer} (buses, main, monitor and their meters). What remains here
 * is the cycle: drain commands, pull changed parameters (DCAs, mute groups and solo reach every
 * strip from here), run the sub-blocks, publish meters, guarantee finite outputs.
 */
public final class Engine implements AudioProcessor, AutoCloseable {
    /**
     * How the strips are spread over threads: {@code groups} 1 (all on the audio thread, as
     * before) or 2 (two fixed halves summed separately); {@code worker} true computes the second
     * half on an extra real-time thread. Offline rendering uses the live setting without worker
     * ({@link #offline()}), so both produce the same samples. The engine does not choose: whoever
     * builds it passes the policy (the live default comes from {@code host.ThreadingPolicy}).
     */
    public record Threading(int groups, boolean worker) {
        public static final Threading SINGLE = new Threading(1, false);
        public static final Threading WORKER = new Threading(2, true);

        /** @throws IllegalArgumentException unless groups is 1 or 2, and a worker has 2 groups */
        public Threading {
            if (groups != 1 && groups != 2) throw new IllegalArgumentException("strip groups must be 1 or 2, got " + groups);
            if (worker && groups != 2) throw new IllegalArgumentException("a worker thread needs 2 strip groups");
        }

        /** The same strip groups without a worker thread: an offline render of this live setting. */
        public Threading offline() {
            return new Threading(groups, false);
        }

        /** Strips per chunk of group B, {@code -D}{@value}: a whole number, default 0 (group B in one chunk). */
        public static final String CHUNK_PROPERTY = "jackdesk.engine.chunk";
        public static final int DEFAULT_CHUNK_STRIPS = 0;

        /**
         * Strips per chunk of group B from {@code -Djackdesk.engine.chunk} (default 0: group B in one
         * chunk, as measured best on 2026-12-08, docs/engine-notes.md "Group B in chunks"; e.g. 8 lets
         * the audio thread take over group B eight strips at a time). Read at each engine's build,
         * so a live engine and its offline render in one JVM cut the same chunks (the sums' grouping is
         * part of the output's bits). Thread: any.
         *
         * @throws IllegalArgumentException when the property is not a whole number from 0 to 1024
         */
        public static int chunkStrips() {
            String p = System.getProperty(CHUNK_PROPERTY);
            if (p == null || p.isBlank()) return DEFAULT_CHUNK_STRIPS;
            try {
                int n = Integer.parseInt(p.trim());
                if (n >= 0 && n <= 1024) return n;
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("-D" + CHUNK_PROPERTY + " must be a whole number of strips from 0 to 1024"
                    + " (0: one chunk), got '" + p + "'");
        }
    }

    /** The engine's sub-block: the same granularity as every processor's ({@link Dsp#SUB_BLOCK}, defined there once). */
    public static final int SUB_BLOCK = Dsp.SUB_BLOCK;
    private static final int MAX_COMMANDS_PER_CYCLE = 16;

    private final ParamRegistry registry;
    private final float sampleRate;
    private final EnginePorts ports;
    private final ParamInbox inbox;
    private final ChannelStrip[] strips;
    private final StripGroups groups;
    private final BusMixer mixer;
    private final MeterBank meters;
    /** The last cycle's stage times (audio-written; read by the audio thread's slow-callback record). */
    private final long[] stages = new long[CycleStages.COUNT];
    private final RtaTap rta;
    /**
     * The feedback suppressor's tap (docs/assistants.md): slot 0 the main, slot 1 + b aux bus b,
     * each copying only while control points it at its source (the bus's {@code fbs/mode} is not off).
     */
    private final RtaTap feedback;
    private final Automixer automixer;
    /** The recorder's tap: copies inputs and outputs into a running take's rings (docs/recording.md). */
    private final RecordTap record = new RecordTap();
    /** The player's input stage: channels on playback take the loaded take's tracks (docs/recording.md#playback). */
    private final PlaybackTap playback;
    /** The output arrays the direct-output strips were last given (audio thread). */
    private float[][] directOutputs;

    private final int[] sDcaFader = new int[Layout.DCA_COUNT], sDcaMute = new int[Layout.DCA_COUNT];
    private final int[] sMgOn = new int[Layout.MUTE_GROUP_COUNT];
    private final int sMonMode;
    private final float[] dcaGain = new float[Layout.DCA_COUNT];
    private final boolean[] dcaMute = new boolean[Layout.DCA_COUNT];
    private final boolean[] mgOn = new boolean[Layout.MUTE_GROUP_COUNT];
    private volatile long cycles;

    private final Threading threading;
    /**
     * The worker is woken only when group B took at least this long in the previous cycle: for
     * cheap strips (bypassed, on their quiet path) the wake-up and hand-off cost more CPU and
     * callback time than they save (measured with {@code bench mixbox}, docs/benchmarks.md).
     */
    static final long WORKER_MIN_NANOS = 20_000;
    /** {@link #WORKER_MIN_NANOS}, lowered by tests that want the worker on every cycle. Set before processing. */
    long workerMinNanos = WORKER_MIN_NANOS;

    /**
     * Builds and prepares an engine. Thread: control or worker (never audio).
     *
     * @param initialValues a value per registry slot (engineering units), e.g. {@code ConsoleState#copyValues()};
     *                      the engine starts at these values without ramping
     */
    public Engine(ParamRegistry registry, float sampleRate, double[] initialValues) {
        this(registry, sampleRate, initialValues, Threading.SINGLE);
    }

    /**
     * As {@link #Engine(ParamRegistry, float, double[])} with the strips spread as {@code threading}
     * says; with a worker, its daemon thread starts here and stops at {@link #close}. Thread:
     * control or worker.
     */
    public Engine(ParamRegistry registry, float sampleRate, double[] initialValues, Threading threading) {
        this.registry = registry;
        this.threading = threading;
        this.sampleRate = sampleRate;
        Layout layout = registry.layout();
        ports = new EnginePorts(layout);
        strips = new ChannelStrip[layout.channels().size()];
        for (int c = 0, firstInput = 0; c < strips.length; c++) {
            strips[c] = new ChannelStrip(registry, c, firstInput, SUB_BLOCK);
            strips[c].prepare(sampleRate, SUB_BLOCK);
            firstInput += layout.channels().get(c).stereo() ? 2 : 1;
        }
        mixer = new BusMixer(registry, sampleRate, ports, SUB_BLOCK);
        for (int d = 0; d < Layout.DCA_COUNT; d++) {
            sDcaFader[d] = registry.slot("dca/" + (d + 1) + "/fader");
            sDcaMute[d] = registry.slot("dca/" + (d + 1) + "/mute");
        }
        for (int g = 0; g < Layout.MUTE_GROUP_COUNT; g++) sMgOn[g] = registry.slot("mutegroup/" + (g + 1) + "/on");
        sMonMode = registry.slot("monitor/mode");
        meters = new MeterBank(strips.length, mixer.busCount(), layout.fx());
        rta = new RtaTap(layout, ports);
        for (ChannelStrip s : strips) s.rtaTap(rta);
        mixer.rtaTap(rta);
        feedback = new RtaTap(layout, ports, 1 + layout.buses().size(), FEEDBACK_RING);
        automixer = new Automixer(registry, strips, sampleRate);
        playback = new PlaybackTap(registry, sampleRate);
        inbox = new ParamInbox(registry, strips.length, initialValues);
        pull(true);
        // Processors jump to their initial settings (bypass states, smoothed parameters) instead
        // of gliding there from their defaults during the first milliseconds.
        for (ChannelStrip s : strips) s.reset();
        groups = new StripGroups(strips, mixer.busSums(), threading, SUB_BLOCK);
    }

    /** How the strips are spread over threads. Thread: any. */
    public Threading threading() {
        return threading;
    }

    /** Id of the strip worker thread, 0 without one (allocation checks, diagnostics, the slow-callback attribution). Thread: any. */
    @Override
    public long workerThreadId() {
        return groups.workerThreadId();
    }

    /**
     * Lanes per vector in which the strip groups run their settled high-pass and EQ cascades
     * ({@link org.jackdesk.engine.dsp.BiquadBank}), 0 on the scalar path. Thread: any.
     */
    public int simdLanes() {
        return groups.simdLanes();
    }

    /**
     * Units of group B (one chunk of one sub-block, {@link #stripChunks()} per sub-block) the worker
     * computed so far (the audio thread took the others). Thread: any, approximate.
     */
    public long workerSubBlocks() {
        return groups.workerSubBlocks();
    }

    /** Group B's chunks of strips, the units per sub-block the worker and the audio thread share; 0 with one group. */
    public int stripChunks() {
        return groups.chunks();
    }

    /**
     * How long after each cycle's publication the strip worker saw it, counted by the bounds
     * {@link #workerWakeBucketsMicros()} (one more count: above the last); empty without a worker.
     * Approximate (written plainly by the worker). Thread: any.
     */
    public long[] workerWakeLatency() {
        return groups.workerWakeLatency();
    }

    /** The bounds of {@link #workerWakeLatency}'s buckets, in microseconds (a copy). Thread: any. */
    public static long[] workerWakeBucketsMicros() {
        return StripWorker.WAKE_BUCKETS_MICROS.clone();
    }

    /** The longest of the worker's wake latencies so far, in nanoseconds. Thread: any. */
    public long workerWakeLatencyMaxNanos() {
        return groups.workerWakeLatencyMaxNanos();
    }

    /**
     * Compute time of the strips of group A (on the audio thread) and of group B (on the worker, or
     * the audio thread when it took them), in nanoseconds, in total; group B's is 0 with one group.
     * Thread: audio; from another thread an approximate reading (plain longs the audio thread adds to).
     */
    public long stripGroupNanos(int group) {
        return group == 0 ? groups.groupANanos() : groups.groupBNanos();
    }

    /** Nanoseconds the audio thread spun waiting for the strip worker, in total. Thread: audio (see {@link AudioProcessor}). */
    @Override
    public long workerWaitNanos() {
        return groups.workerWaitNanos();
    }

    /** Units (chunks of sub-blocks) the woken strip worker was too late for, in total. Thread: audio. */
    @Override
    public long workerLateSubBlocks() {
        return groups.workerLateSubBlocks();
    }

    /** The strip worker's own stalls, in total (see {@link AudioProcessor#workerStalls}). Thread: audio. */
    @Override
    public void workerStalls(long[] into) {
        groups.workerStalls(into);
    }

    /** True when the audio thread is real-time but the strip worker was refused it (then unused). Thread: any. */
    public boolean workerRefusedRealtime() {
        return groups.workerRefusedRealtime();
    }

    /**
     * The real-time priority (SCHED_FIFO) of the backend's audio thread, 0 if it is not real-time:
     * the strip worker follows it. Thread: any non-audio.
     */
    @Override
    public void realtimePriority(int priority) {
        groups.realtimePriority(priority);
    }

    /**
     * Stops the strip worker thread, if any (the audio thread then computes group B itself, so a
     * cycle still running finishes normally). Idempotent. Thread: any non-audio.
     */
    @Override
    public void close() {
        groups.close();
        record.engineClosed(); // a take on this engine ends: a rebuilt engine is not recorded into an old take
        playback.engineClosed(); // and a loaded take is unloaded: the player says so
    }

    /**
     * Announces a cycle as early as possible (before a backend's port copies) so the strip worker
     * is awake when the strips are ready. Optional: {@link #process} calls it if the backend did not.
     * Thread: audio.
     */
    @Override
    public void beginCycle() {
        groups.beginCycle(workerMinNanos);
    }

    public ParamRegistry registry() {
        return registry;
    }

    public float sampleRate() {
        return sampleRate;
    }

    /** The engine's ports: names, output groups and latency sources. Thread: any. */
    public EnginePorts ports() {
        return ports;
    }

    /** JACK-style port names of the inputs, in {@link #process} order. */
    public List<String> inputPortNames() {
        return ports.inputNames();
    }

    /** JACK-style port names of the outputs, in {@link #process} order. */
    public List<String> outputPortNames() {
        return ports.outputNames();
    }

    /**
     * Frames of latency the engine adds to the main outputs at the current settings: the true-peak
     * limiter's look-ahead (2 ms) while {@code main/limiter/on}, otherwise 0. Follows the target
     * (the value a backend should report once the change is applied). An aux bus limiter delays
     * only that bus's outputs: see {@link #busLatencyFrames}. Thread: any.
     */
    public int latencyFrames() {
        return inbox.acquire(mixer.mainLimiterSlot()) > 0.5f ? mixer.limiterLatency() : 0;
    }

    /**
     * Frames of latency on output {@code output} (an index into {@link #outputPortNames()}): main
     * and monitor follow the main limiter, an aux bus its own limiter, direct outputs have none.
     * Thread: any.
     */
    @Override
    public int latencyFrames(int output) {
        int source = ports.latencySource(output);
        if (source == EnginePorts.MAIN) return latencyFrames();
        return source == EnginePorts.NONE ? 0 : busLatencyFrames(source);
    }

    /** Frames of latency on aux bus {@code bus0}'s outputs (its limiter's look-ahead while on). Thread: any. */
    public int busLatencyFrames(int bus0) {
        return inbox.acquire(mixer.busLimiterSlot(bus0)) > 0.5f ? mixer.limiterLatency() : 0;
    }

    public MeterBank meters() {
        return meters;
    }

    /** The real-time analyser's tap: control points its slots at sources and reads their samples. Thread: any. */
    public RtaTap rta() {
        return rta;
    }

    /**
     * Samples per slot of {@link #feedbackTap()}: four of the detector's 4096-sample frames, so a
     * reader that comes late (a loaded machine) still finds the 12 hops of 1024 it missed (256 ms at 48 kHz).
     */
    public static final int FEEDBACK_RING = 1 << 14;

    /**
     * The feedback suppressor's tap of what the PA gets: slot 0 the main output (L+R)/2, slot
     * {@code 1 + b} aux bus {@code b}'s output; control points a slot at its source only while the
     * bus's suppressor runs. Thread: any.
     */
    public RtaTap feedbackTap() {
        return feedback;
    }

    /** The recorder's tap ({@code record.Recorder} attaches a take to it). Thread: any. */
    public RecordTap recordTap() {
        return record;
    }

    /** The player's input stage ({@code play.Player} attaches a loaded take to it). Thread: any. */
    public PlaybackTap playbackTap() {
        return playback;
    }

    /** Cycles processed so far. Thread: any. */
    public long cycles() {
        return cycles;
    }

    /**
     * Sets the target of the parameter at {@code slot} (engineering units, already validated by
     * the registry). Lock-free; takes effect at the start of the next cycle and ramps from there.
     * Thread: any non-audio thread.
     */
    public void setParam(int slot, double value) {
        inbox.set(slot, value);
    }

    /**
     * Queues a discrete command for the next cycle. Returns false when the queue is full (the
     * caller reports it; nothing spins). Thread: any non-audio thread.
     */
    public boolean command(EngineCommand c) {
        return inbox.offer(c);
    }

    /** Count of non-finite input samples replaced by silence. Thread: any (approximate). */
    public long nonFiniteInputs() {
        long n = 0;
        for (ChannelStrip s : strips) n += s.nonFiniteInputs();
        return n;
    }

    /**
     * Processes one cycle. The inputs of channels on playback ({@code ch/N/source}, the soundcheck
     * switch) are replaced in place by the loaded take's tracks before any strip reads them: the
     * backends refill their input arrays every cycle. Thread: audio.
     */
    @Override
    public void process(float[][] inputs, float[][] outputs, int nframes) {
        long t0 = System.nanoTime();
        beginCycle();
        // A running take logs what this cycle applies, at the cycle's frame; its first cycle copies every value first.
        RecordTap log = record.beginCycle(inbox.targets(), nframes) ? record : null;
        for (int k = 0; k < MAX_COMMANDS_PER_CYCLE; k++) {
            EngineCommand c = inbox.poll();
            if (c == null) break;
            if (log != null) log.logCommand(c.ordinal());
            apply(c);
        }
        if (inbox.takeChanged(log)) pull(false);
        playback.process(inputs, nframes); // the input stage: live or playback, before anything reads an input
        if (outputs != directOutputs) { // backends reuse their output arrays: normally once per engine
            directOutputs = outputs;
            for (int k = 0; k < ports.directCount(); k++) {
                strips[ports.directStrip(k)].directOutputs(outputs, ports.directBase(k));
            }
        }
        automixer.update(nframes); // the shares from the last cycle's levels, before any strip runs
        int subBlocks = (nframes + SUB_BLOCK - 1) / SUB_BLOCK;
        rta.beginCycle(); // before any strip runs: they read which EQ stages to hand over
        feedback.beginCycle();
        groups.startCycle(inputs, nframes, subBlocks);
        float[][] mainSum = mixer.mainSums();
        // The stages' times (CycleStages): four clock reads per sub-block, ~20 ns each on the TSC.
        long stripsNanos = 0, fxNanos = 0, busesNanos = 0, ta = System.nanoTime();
        for (int k = 0; k < subBlocks; k++) {
            int off = k * SUB_BLOCK;
            int m = Math.min(SUB_BLOCK, nframes - off);
            mixer.clearSubBlock(m);
            groups.mixSubBlock(k, off, m, mainSum, mixer.soloL(), mixer.soloR());
            long tb = System.nanoTime();
            mixer.processFx(inputs, outputs, off, m);
            long tc = System.nanoTime();
            mixer.finishBuses(outputs, off, m);
            long td = System.nanoTime();
            stripsNanos += tb - ta;
            fxNanos += tc - tb;
            busesNanos += td - tc;
            ta = td;
        }
        groups.endCycle();
        float[] mv = meters.writeArray();
        meters.beginWrite();
        for (int c = 0; c < strips.length; c++) {
            if (meters.takeClipReset(MeterBank.channelTarget(c))) strips[c].resetClip();
            strips[c].publish(mv, MeterBank.channelBase(c), nframes);
            mv[meters.automixBase() + c] = strips[c].automixGainDb();
        }
        mixer.publish(meters, mv, nframes);
        meters.endWrite();
        // Last line of defence: whatever happened upstream, outputs are finite.
        for (float[] out : outputs) {
            if (out == null) continue;
            for (int i = 0; i < nframes; i++) {
                if (!(Math.abs(out[i]) <= Float.MAX_VALUE)) out[i] = 0f;
            }
        }
        rta.capture(inputs, outputs, nframes); // copies only, into preallocated rings
        feedback.capture(inputs, outputs, nframes); // the main and the buses whose suppressor runs, after everything
        record.capture(inputs, outputs, nframes); // the inputs as they arrived, the finished outputs; copies only
        stages[CycleStages.STRIPS] = stripsNanos;
        stages[CycleStages.FX] = fxNanos;
        stages[CycleStages.BUSES] = busesNanos;
        stages[CycleStages.PROCESS] = System.nanoTime() - t0;
        cycles++;
    }

    /** The last cycle's stages ({@link CycleStages}). Thread: audio, after {@link #process}; allocates nothing. */
    @Override
    public void cycleStages(long[] into) {
        System.arraycopy(stages, 0, into, 0, CycleStages.COUNT);
    }

    /**
     * Reads new targets. Only strips whose own parameters changed are pulled, unless a global
     * (DCA, mute group, solo mode, bus) changed: a fader drag costs one strip's update per cycle.
     */
    private void pull(boolean snap) {
        // The volatile read of the version that led here orders these plain reads after the
        // release-stores of the targets (see ParamInbox).
        float[] t = inbox.targets();
        boolean all = inbox.takeOwnerChanged(inbox.global()) || snap;
        for (int d = 0; d < Layout.DCA_COUNT; d++) {
            dcaGain[d] = Gains.dbToGain(t[sDcaFader[d]]);
            dcaMute[d] = t[sDcaMute[d]] > 0.5f;
        }
        for (int g = 0; g < Layout.MUTE_GROUP_COUNT; g++) mgOn[g] = t[sMgOn[g]] > 0.5f;
        boolean afl = t[sMonMode] > 0.5f;
        boolean anySolo = false;
        for (int i = 0; i < strips.length; i++) {
            if (inbox.takeOwnerChanged(i) || all) strips[i].pull(t, dcaGain, dcaMute, mgOn, afl, snap);
            anySolo |= strips[i].soloed();
        }
        mixer.pull(t, anySolo, snap, dcaGain, dcaMute, mgOn, afl);
        automixer.pull(t); // a read of two slots per channel: cheaper than tracking which of them moved
        playback.pull(t); // the same: two slots per channel and the soundcheck switch
    }

    private void apply(EngineCommand c) {
        // if/else, not a switch: a switch on an enum reads a synthetic class (Engine$1) the first
        // time it runs, and loading a class allocates; the first command would do it on the audio
        // thread (seen in a JFR recording of the allocation test).
        if (c == EngineCommand.RESET_CLIPS) {
            for (ChannelStrip s : strips) s.resetClip();
            mixer.resetOvers();
        } else if (c == EngineCommand.RESET_PEAK_HOLDS) {
            for (ChannelStrip s : strips) s.resetHolds();
            mixer.resetHolds();
        } else if (c == EngineCommand.RESET_LOUDNESS) {
            mixer.resetLoudness();
        } else { // RESET_SIGNAL_STATE
            for (ChannelStrip s : strips) s.reset();
            mixer.reset();
        }
    }
}
