package org.jackdesk.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.dsp.Dsp;
import org.jackdesk.engine.dsp.Ramp;
import org.jackdesk.engine.dsp.TruePeakLimiter;
import org.jackdesk.engine.mix.BusStrip;
import org.jackdesk.engine.mix.ChannelStrip;
import org.jackdesk.engine.mix.Gains;
import org.jctools.queues.MpscArrayQueue;

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
 * run. Group B is computed by a worker thread ({@link StripWorker}) when there is one and it is in
 * time, otherwise by the audio thread itself: the same code on the same accumulators, so the output
 * is bit-identical either way (an offline render with {@code groups = 2} and no worker equals the
 * live engine's output). The two-group sum differs from the one-group sum only by float rounding.
 */
public final class Engine implements AudioProcessor, AutoCloseable {
    /**
     * How the strips are spread over threads: {@code groups} 1 (all on the audio thread, as
     * before) or 2 (two fixed halves summed separately); {@code worker} true computes the second
     * half on an extra real-time thread. Offline rendering uses the live setting without worker
     * ({@link #offline()}), so both produce the same samples.
     */
    public record Threading(int groups, boolean worker) {
        /** The system property that overrides {@link #auto}: {@code 0} (one group, no worker), {@code 1} or {@code auto}. */
        public static final String PROPERTY = "jackdesk.engine.workers";
        /** Fewest channels for which {@link #auto} uses a worker. */
        public static final int MIN_CHANNELS = 16;
        public static final Threading SINGLE = new Threading(1, false);
        public static final Threading WORKER = new Threading(2, true);

        /** @throws IllegalArgumentException unless groups is 1 or 2, and a worker has 2 groups */
        public Threading {
            if (groups != 1 && groups != 2) throw new IllegalArgumentException("strip groups must be 1 or 2, got " + groups);
            if (worker && groups != 2) throw new IllegalArgumentException("a worker thread needs 2 strip groups");
        }

        /**
         * The live default for {@code layout}: a worker when the machine has at least 2 cores and
         * the layout at least {@link #MIN_CHANNELS} channels, unless {@code -Djackdesk.engine.workers}
         * says {@code 0} (never) or {@code 1} (always).
         *
         * @throws IllegalArgumentException naming the bad property value
         */
        public static Threading auto(Layout layout) {
            String v = System.getProperty(PROPERTY, "auto").trim();
            switch (v) {
                case "0":
                    return SINGLE;
                case "1":
                    // Two SCHED_FIFO threads waiting on each other on one CPU would starve each other.
                    if (Runtime.getRuntime().availableProcessors() < 2) {
                        throw new IllegalArgumentException("-D" + PROPERTY + "=1 needs at least 2 CPUs; this machine"
                                + " offers the JVM " + Runtime.getRuntime().availableProcessors());
                    }
                    return WORKER;
                case "auto":
                case "":
                    return Runtime.getRuntime().availableProcessors() >= 2 && layout.channels().size() >= MIN_CHANNELS
                            ? WORKER : SINGLE;
                default:
                    throw new IllegalArgumentException("-D" + PROPERTY + " must be 0 (no worker thread), 1 (one worker"
                            + " thread) or auto, got '" + v + "'");
            }
        }

        /** The same strip groups without a worker thread: an offline render of this live setting. */
        public Threading offline() {
            return new Threading(groups, false);
        }
    }

    /** The engine's sub-block: the same granularity as every processor's ({@link Dsp#SUB_BLOCK}, defined there once). */
    public static final int SUB_BLOCK = Dsp.SUB_BLOCK;
    private static final int MAX_COMMANDS_PER_CYCLE = 16;
    private static final VarHandle FLOATS = MethodHandles.arrayElementVarHandle(float[].class);

    private final ParamRegistry registry;
    private final float sampleRate;
    private final float[] targets;
    private final AtomicInteger version = new AtomicInteger();
    private int seenVersion;
    /** Per slot: the strip it belongs to, or {@link #GLOBAL} (buses, main, DCAs, groups, monitor). */
    private final int[] slotOwner;
    /** Per strip, and one more for the globals: bumped by every write of one of its slots. */
    private final AtomicInteger[] ownerVersion;
    private final int[] seenOwnerVersion;
    private final int global;
    private final MpscArrayQueue<EngineCommand> commands = new MpscArrayQueue<>(64);

    private final ChannelStrip[] strips;
    private final BusStrip[] buses;
    private final int[] busOut;
    private final float[][][] busSums;
    private final BusStrip main;
    private final BusStrip monitor;
    private final int monitorOut;
    /** Strips with direct outputs, and the index of each one's first output. */
    private final int[] directStrips, directBase;
    /** The output arrays the direct-output strips were last given (audio thread). */
    private float[][] directOutputs;
    private final float[] soloL = new float[SUB_BLOCK], soloR = new float[SUB_BLOCK];
    /** Longest cycle whose quiet strips are mixed in one pass (longer cycles mix them per sub-block). */
    private static final int QUIET_MAX_FRAMES = 2048;
    /** The cycle's main-bus contribution of the strips {@link ChannelStrip#mixQuietCycle} took. */
    private final float[] quietL = new float[QUIET_MAX_FRAMES], quietR = new float[QUIET_MAX_FRAMES];
    private final boolean[] mixedQuiet;
    private boolean anyQuiet;
    private final Ramp soloToMon = new Ramp(20f, 0f), mainToMonL = new Ramp(20f, 1f), mainToMonR = new Ramp(20f, 1f);
    private final Ramp soloToMonR = new Ramp(20f, 0f);

    private final int[] sDcaFader = new int[Layout.DCA_COUNT], sDcaMute = new int[Layout.DCA_COUNT];
    private final int[] sMgOn = new int[Layout.MUTE_GROUP_COUNT];
    private final int sMonMode;
    private final float[] dcaGain = new float[Layout.DCA_COUNT];
    private final boolean[] dcaMute = new boolean[Layout.DCA_COUNT];
    private final boolean[] mgOn = new boolean[Layout.MUTE_GROUP_COUNT];

    private final MeterBank meters;
    private final int sMainLimiterOn;
    private final int[] sBusLimiterOn;
    private final int mainLimiterLatency;
    private final List<String> inputNames;
    private final List<String> outputNames;
    private volatile long cycles;

    private final Threading threading;
    /** First strip of group B (strips.length with one group). */
    private final int split;
    /** Group B's sums per sub-block parity (double-buffered: the worker may run one sub-block ahead). */
    private final float[][][][] busSumsB;
    private final float[][] mainBL, mainBR, soloBL, soloBR;
    private final float[] quietBL, quietBR;
    private boolean anyQuietB;
    /** The cycle's inputs and length, for group B (set before the worker may claim; read after its claim). */
    private float[][] cycleInputs;
    private int cycleFrames;
    private final StripWorker worker;
    /** True between {@link #beginCycle} and the end of that cycle's {@link #process}. Audio thread only. */
    private boolean begun;
    /**
     * Group B's compute time in the current cycle (written by whichever thread holds the sub-block;
     * the claim/done hand-off orders the writes), and in the last one (audio thread only).
     */
    private long groupBNanos, lastGroupBNanos;
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
        this.targets = new float[registry.size()];
        for (int s = 0; s < targets.length; s++) targets[s] = (float) initialValues[s];

        List<String> ins = new ArrayList<>();
        strips = new ChannelStrip[layout.channels().size()];
        for (int c = 0; c < strips.length; c++) {
            strips[c] = new ChannelStrip(registry, c, ins.size(), SUB_BLOCK);
            strips[c].prepare(sampleRate, SUB_BLOCK);
            if (layout.channels().get(c).stereo()) {
                ins.add("ch" + (c + 1) + "_L");
                ins.add("ch" + (c + 1) + "_R");
            } else {
                ins.add("ch" + (c + 1));
            }
        }
        List<String> outs = new ArrayList<>(List.of("main_L", "main_R"));
        main = BusStrip.main(registry, SUB_BLOCK);
        main.prepare(sampleRate);
        sMainLimiterOn = registry.slot("main/limiter/on");
        mainLimiterLatency = TruePeakLimiter.latencyFramesAt(sampleRate);
        buses = new BusStrip[layout.buses().size()];
        busOut = new int[buses.length];
        busSums = new float[buses.length][][];
        for (int b = 0; b < buses.length; b++) {
            boolean st = layout.buses().get(b).stereo();
            buses[b] = BusStrip.aux(registry, b, SUB_BLOCK);
            buses[b].prepare(sampleRate);
            busSums[b] = buses[b].sums();
            busOut[b] = outs.size();
            if (st) {
                outs.add("bus" + (b + 1) + "_L");
                outs.add("bus" + (b + 1) + "_R");
            } else {
                outs.add("bus" + (b + 1));
            }
        }
        sBusLimiterOn = new int[buses.length];
        for (int b = 0; b < buses.length; b++) sBusLimiterOn[b] = registry.slot("bus/" + (b + 1) + "/limiter/on");
        monitorOut = outs.size();
        outs.add("mon_L");
        outs.add("mon_R");
        // Direct outputs come last, so the other outputs keep their indices with or without them.
        int directs = 0;
        for (ChannelStrip s : strips) if (s.hasDirectOut()) directs++;
        directStrips = new int[directs];
        directBase = new int[directs];
        for (int c = 0, k = 0; c < strips.length; c++) {
            if (!strips[c].hasDirectOut()) continue;
            directStrips[k] = c;
            directBase[k++] = outs.size();
            outs.addAll(org.jackdesk.config.AutoConnect.directPorts(layout.channels().get(c).stereo(), c + 1));
        }
        monitor = new BusStrip(2, registry.slot("monitor/level"), -1, SUB_BLOCK);
        monitor.prepare(sampleRate);
        soloToMon.prepare(sampleRate);
        soloToMonR.prepare(sampleRate);
        mainToMonL.prepare(sampleRate);
        mainToMonR.prepare(sampleRate);
        for (int d = 0; d < Layout.DCA_COUNT; d++) {
            sDcaFader[d] = registry.slot("dca/" + (d + 1) + "/fader");
            sDcaMute[d] = registry.slot("dca/" + (d + 1) + "/mute");
        }
        for (int g = 0; g < Layout.MUTE_GROUP_COUNT; g++) sMgOn[g] = registry.slot("mutegroup/" + (g + 1) + "/on");
        sMonMode = registry.slot("monitor/mode");
        inputNames = Collections.unmodifiableList(ins);
        outputNames = Collections.unmodifiableList(outs);
        meters = new MeterBank(strips.length, buses.length);
        mixedQuiet = new boolean[strips.length];
        global = strips.length;
        slotOwner = new int[registry.size()];
        for (org.jackdesk.config.Param p : registry.all()) {
            slotOwner[p.slot()] = p.def().root() == org.jackdesk.config.ParamDef.Root.CH ? p.index() - 1 : global;
        }
        // AtomicInteger (Unsafe-based), not AtomicIntegerArray (VarHandle-based): a VarHandle's
        // invoker can be re-spun lazily at run time, which allocates on the calling (audio) thread.
        ownerVersion = new AtomicInteger[strips.length + 1];
        for (int i = 0; i < ownerVersion.length; i++) ownerVersion[i] = new AtomicInteger();
        seenOwnerVersion = new int[strips.length + 1];
        seenVersion = version.get();
        pull(true);
        // Processors jump to their initial settings (bypass states, smoothed parameters) instead
        // of gliding there from their defaults during the first milliseconds.
        for (ChannelStrip s : strips) s.reset();

        split = threading.groups() == 2 ? strips.length / 2 : strips.length;
        busSumsB = new float[2][buses.length][][];
        for (int k = 0; k < 2; k++) {
            for (int b = 0; b < buses.length; b++) busSumsB[k][b] = new float[busSums[b].length][SUB_BLOCK];
        }
        mainBL = new float[2][SUB_BLOCK];
        mainBR = new float[2][SUB_BLOCK];
        soloBL = new float[2][SUB_BLOCK];
        soloBR = new float[2][SUB_BLOCK];
        quietBL = new float[threading.groups() == 2 ? QUIET_MAX_FRAMES : 0];
        quietBR = new float[quietBL.length];
        if (threading.worker()) {
            worker = new StripWorker(this::groupB, "jackdesk-strips-" + (split + 1) + "-" + strips.length);
            worker.start();
        } else {
            worker = null;
        }
    }

    /** How the strips are spread over threads. Thread: any. */
    public Threading threading() {
        return threading;
    }

    /** Id of the strip worker thread, 0 without one (allocation checks, diagnostics). Thread: any. */
    public long workerThreadId() {
        return worker == null ? 0 : worker.threadId();
    }

    /** Sub-blocks of group B the worker computed so far (the audio thread took the others). Thread: any, approximate. */
    public long workerSubBlocks() {
        return worker == null ? 0 : worker.claimedByWorker();
    }

    /** True when the audio thread is real-time but the strip worker was refused it (then unused). Thread: any. */
    public boolean workerRefusedRealtime() {
        return worker != null && worker.refusedRealtime();
    }

    /**
     * The real-time priority (SCHED_FIFO) of the backend's audio thread, 0 if it is not real-time:
     * the strip worker follows it. Thread: any non-audio.
     */
    @Override
    public void realtimePriority(int priority) {
        if (worker != null) worker.setRealtimePriority(priority);
    }

    /**
     * Stops the strip worker thread, if any (the audio thread then computes group B itself, so a
     * cycle still running finishes normally). Idempotent. Thread: any non-audio.
     */
    @Override
    public void close() {
        if (worker != null) worker.close();
    }

    /**
     * Announces a cycle as early as possible (before a backend's port copies) so the strip worker
     * is awake when the strips are ready. Optional: {@link #process} calls it if the backend did not.
     * Thread: audio.
     */
    @Override
    public void beginCycle() {
        if (begun) return;
        begun = true;
        if (worker != null) worker.beginCycle(lastGroupBNanos >= workerMinNanos);
    }

    public ParamRegistry registry() {
        return registry;
    }

    public float sampleRate() {
        return sampleRate;
    }

    /** JACK-style port names of the inputs, in {@link #process} order. */
    public List<String> inputPortNames() {
        return inputNames;
    }

    /** JACK-style port names of the outputs, in {@link #process} order. */
    public List<String> outputPortNames() {
        return outputNames;
    }

    /**
     * Frames of latency the engine adds to the main outputs at the current settings: the true-peak
     * limiter's look-ahead (2 ms) while {@code main/limiter/on}, otherwise 0. Follows the target
     * (the value a backend should report once the change is applied). An aux bus limiter delays
     * only that bus's outputs: see {@link #busLatencyFrames}. Thread: any.
     */
    public int latencyFrames() {
        return (float) FLOATS.getAcquire(targets, sMainLimiterOn) > 0.5f ? mainLimiterLatency : 0;
    }

    /**
     * Frames of latency on output {@code output} (an index into {@link #outputPortNames()}): main
     * and monitor follow the main limiter, an aux bus its own limiter, direct outputs have none.
     * Thread: any.
     */
    @Override
    public int latencyFrames(int output) {
        if (output < 2 || output == monitorOut || output == monitorOut + 1) return latencyFrames();
        for (int b = buses.length - 1; b >= 0; b--) {
            if (output >= busOut[b] && output < monitorOut) return busLatencyFrames(b);
        }
        return 0;
    }

    /** Frames of latency on aux bus {@code bus0}'s outputs (its limiter's look-ahead while on). Thread: any. */
    public int busLatencyFrames(int bus0) {
        return (float) FLOATS.getAcquire(targets, sBusLimiterOn[bus0]) > 0.5f ? mainLimiterLatency : 0;
    }

    public MeterBank meters() {
        return meters;
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
        FLOATS.setRelease(targets, slot, (float) value);
        ownerVersion[slotOwner[slot]].incrementAndGet();
        version.incrementAndGet();
    }

    /**
     * Queues a discrete command for the next cycle. Returns false when the queue is full (the
     * caller reports it; nothing spins). Thread: any non-audio thread.
     */
    public boolean command(EngineCommand c) {
        return commands.offer(c);
    }

    /** Count of non-finite input samples replaced by silence. Thread: any (approximate). */
    public long nonFiniteInputs() {
        long n = 0;
        for (ChannelStrip s : strips) n += s.nonFiniteInputs();
        return n;
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, int nframes) {
        beginCycle();
        begun = false;
        for (int k = 0; k < MAX_COMMANDS_PER_CYCLE; k++) {
            EngineCommand c = commands.relaxedPoll();
            if (c == null) break;
            apply(c);
        }
        int v = version.get();
        if (v != seenVersion) {
            seenVersion = v;
            pull(false);
        }
        if (outputs != directOutputs) { // backends reuse their output arrays: normally once per engine
            directOutputs = outputs;
            for (int k = 0; k < directStrips.length; k++) strips[directStrips[k]].directOutputs(outputs, directBase[k]);
        }
        // Settled strips with nothing but the main bus to feed are mixed for the whole cycle first:
        // one visit per strip instead of one per sub-block (their state cannot change mid-cycle).
        cycleInputs = inputs;
        cycleFrames = nframes;
        int subBlocks = (nframes + SUB_BLOCK - 1) / SUB_BLOCK;
        // Group B may start now: its strips are pulled (and its quiet stage is part of its sub-block 0).
        if (worker != null) worker.open(subBlocks);
        anyQuiet = mixQuiet(inputs, nframes, 0, split, quietL, quietR);
        for (int k = 0; k < subBlocks; k++) {
            int off = k * SUB_BLOCK;
            subBlock(inputs, outputs, k, off, Math.min(SUB_BLOCK, nframes - off));
        }
        cycleInputs = null;
        lastGroupBNanos = groupBNanos;
        float[] mv = meters.writeArray();
        meters.beginWrite();
        for (int c = 0; c < strips.length; c++) {
            if (meters.takeClipReset(MeterBank.channelTarget(c))) strips[c].resetClip();
            strips[c].publish(mv, MeterBank.channelBase(c), nframes);
        }
        for (int b = 0; b < buses.length; b++) {
            if (meters.takeClipReset(meters.busTarget(b))) buses[b].resetOver();
            buses[b].publish(mv, meters.busBase(b), nframes);
        }
        if (meters.takeClipReset(meters.busTarget(buses.length))) main.resetOver();
        main.publish(mv, meters.mainBase(), nframes);
        if (meters.takeClipReset(meters.busTarget(buses.length + 1))) monitor.resetOver();
        monitor.publish(mv, meters.monitorBase(), nframes);
        main.publishLoudness(mv, meters.loudnessBase(), nframes);
        meters.endWrite();
        // Last line of defence: whatever happened upstream, outputs are finite.
        for (float[] out : outputs) {
            if (out == null) continue;
            for (int i = 0; i < nframes; i++) {
                if (!(Math.abs(out[i]) <= Float.MAX_VALUE)) out[i] = 0f;
            }
        }
        cycles++;
    }

    /**
     * The quiet stage of strips {@code [from, to)}: settled strips feeding only the main bus are
     * mixed into {@code sumL/R} for the whole cycle. Returns whether any was. Thread: the group's.
     */
    private boolean mixQuiet(float[][] inputs, int nframes, int from, int to, float[] sumL, float[] sumR) {
        boolean any = false;
        if (nframes <= QUIET_MAX_FRAMES) {
            java.util.Arrays.fill(sumL, 0, nframes, 0f);
            java.util.Arrays.fill(sumR, 0, nframes, 0f);
            for (int c = from; c < to; c++) {
                boolean q = strips[c].mixQuietCycle(inputs, nframes, sumL, sumR);
                mixedQuiet[c] = q;
                any |= q;
            }
        } else {
            java.util.Arrays.fill(mixedQuiet, from, to, false);
        }
        return any;
    }

    /**
     * Group B's sub-block {@code k} of the current cycle into its own sums (parity {@code k & 1}).
     * Thread: the worker after claiming it, or the audio thread; never both (see {@link StripWorker}).
     */
    private void groupB(int k) {
        long t0 = System.nanoTime();
        float[][] inputs = cycleInputs;
        int nframes = cycleFrames;
        if (k == 0) {
            groupBNanos = 0;
            anyQuietB = mixQuiet(inputs, nframes, split, strips.length, quietBL, quietBR);
        }
        int off = k * SUB_BLOCK;
        int m = Math.min(SUB_BLOCK, nframes - off);
        int p = k & 1;
        float[] ml = mainBL[p], mr = mainBR[p];
        if (anyQuietB) {
            System.arraycopy(quietBL, off, ml, 0, m);
            System.arraycopy(quietBR, off, mr, 0, m);
        } else {
            java.util.Arrays.fill(ml, 0, m, 0f);
            java.util.Arrays.fill(mr, 0, m, 0f);
        }
        float[][][] bs = busSumsB[p];
        for (float[][] bus : bs) for (float[] leg : bus) java.util.Arrays.fill(leg, 0, m, 0f);
        float[] sl = soloBL[p], sr = soloBR[p];
        java.util.Arrays.fill(sl, 0, m, 0f);
        java.util.Arrays.fill(sr, 0, m, 0f);
        for (int c = split; c < strips.length; c++) {
            if (!mixedQuiet[c]) strips[c].process(inputs, off, m, bs, ml, mr, sl, sr);
        }
        groupBNanos += System.nanoTime() - t0;
    }

    /** Group B's sums of sub-block parity {@code p} into group A's, in a fixed order. Thread: audio. */
    private void mergeGroupB(int p, float[][] mainSum, int m) {
        float[][][] bs = busSumsB[p];
        for (int b = 0; b < bs.length; b++) {
            float[][] from = bs[b], to = busSums[b];
            for (int leg = 0; leg < from.length; leg++) add(from[leg], to[leg], m);
        }
        add(mainBL[p], mainSum[0], m);
        add(mainBR[p], mainSum[1], m);
        add(soloBL[p], soloL, m);
        add(soloBR[p], soloR, m);
    }

    private static void add(float[] from, float[] to, int m) {
        for (int i = 0; i < m; i++) to[i] += from[i];
    }

    private void subBlock(float[][] inputs, float[][] outputs, int k, int off, int m) {
        float[][] mainSum = main.sums();
        if (anyQuiet) {
            System.arraycopy(quietL, off, mainSum[0], 0, m);
            System.arraycopy(quietR, off, mainSum[1], 0, m);
        } else {
            main.clear(m);
        }
        for (BusStrip b : buses) b.clear(m);
        java.util.Arrays.fill(soloL, 0, m, 0f);
        java.util.Arrays.fill(soloR, 0, m, 0f);
        for (int c = 0; c < split; c++) {
            if (!mixedQuiet[c]) strips[c].process(inputs, off, m, busSums, mainSum[0], mainSum[1], soloL, soloR);
        }
        if (split < strips.length) {
            StripWorker w = worker;
            if (w == null) {
                groupB(k);
            } else if (w.tryClaim(k)) {
                // The worker is late (or gone): compute group B here, exactly as it would have.
                try {
                    groupB(k);
                } finally {
                    w.done(k);
                }
            } else {
                w.awaitDone(k);
            }
            mergeGroupB(k & 1, mainSum, m);
            if (w != null) w.merged(k);
        }
        for (int b = 0; b < buses.length; b++) {
            buses[b].finish(m);
            buses[b].copyOut(outputs, busOut[b], off, m);
        }
        main.finish(m);
        main.copyOut(outputs, 0, off, m);
        // Monitor: the solo sum while anything is soloed, otherwise the main mix; crossfaded.
        monitor.clear(m);
        float[][] mon = monitor.sums();
        soloToMon.accumulate(soloL, mon[0], m);
        soloToMonR.accumulate(soloR, mon[1], m);
        mainToMonL.accumulate(mainSum[0], mon[0], m);
        mainToMonR.accumulate(mainSum[1], mon[1], m);
        monitor.finish(m);
        monitor.copyOut(outputs, monitorOut, off, m);
    }

    /**
     * Reads new targets. Only strips whose own parameters changed are pulled, unless a global
     * (DCA, mute group, solo mode, bus) changed: a fader drag costs one strip's update per cycle.
     */
    private void pull(boolean snap) {
        // The volatile read of the version that led here orders these plain reads after the
        // release-stores of the targets.
        float[] t = targets;
        int gv = ownerVersion[global].get();
        boolean all = snap || gv != seenOwnerVersion[global];
        seenOwnerVersion[global] = gv;
        for (int d = 0; d < Layout.DCA_COUNT; d++) {
            dcaGain[d] = Gains.dbToGain(t[sDcaFader[d]]);
            dcaMute[d] = t[sDcaMute[d]] > 0.5f;
        }
        for (int g = 0; g < Layout.MUTE_GROUP_COUNT; g++) mgOn[g] = t[sMgOn[g]] > 0.5f;
        boolean afl = t[sMonMode] > 0.5f;
        boolean anySolo = false;
        for (int i = 0; i < strips.length; i++) {
            int v = ownerVersion[i].get();
            if (all || v != seenOwnerVersion[i]) {
                seenOwnerVersion[i] = v;
                strips[i].pull(t, dcaGain, dcaMute, mgOn, afl, snap);
            }
            anySolo |= strips[i].soloed();
        }
        for (BusStrip b : buses) b.pull(t, snap);
        main.pull(t, snap);
        monitor.pull(t, snap);
        setRamp(soloToMon, anySolo ? 1f : 0f, snap);
        setRamp(soloToMonR, anySolo ? 1f : 0f, snap);
        setRamp(mainToMonL, anySolo ? 0f : 1f, snap);
        setRamp(mainToMonR, anySolo ? 0f : 1f, snap);
    }

    private static void setRamp(Ramp r, float v, boolean snap) {
        if (snap) r.snap(v);
        else r.setTarget(v);
    }

    private void apply(EngineCommand c) {
        switch (c) {
            case RESET_CLIPS:
                for (ChannelStrip s : strips) s.resetClip();
                for (BusStrip b : buses) b.resetOver();
                main.resetOver();
                monitor.resetOver();
                break;
            case RESET_PEAK_HOLDS:
                for (ChannelStrip s : strips) s.resetHolds();
                for (BusStrip b : buses) b.resetHolds();
                main.resetHolds();
                monitor.resetHolds();
                break;
            case RESET_LOUDNESS:
                main.resetLoudness();
                break;
            case RESET_SIGNAL_STATE:
            default:
                for (ChannelStrip s : strips) s.reset();
                for (BusStrip b : buses) b.reset();
                main.reset();
                monitor.reset();
                break;
        }
    }
}
