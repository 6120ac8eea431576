package org.jackdesk.engine;

import java.util.Arrays;
import org.jackdesk.engine.dsp.BiquadBank;
import org.jackdesk.engine.mix.ChannelStrip;

/**
 * The channel strips of one engine and how they are spread over threads ({@link Engine.Threading}):
 * one group on the audio thread, or two fixed, contiguous groups, group A (the first half) on the
 * audio thread and group B (the rest) on a {@link StripWorker} when there is one and it is in time,
 * otherwise on the audio thread itself. Group B may be cut into chunks of {@link Engine.Threading#chunkStrips()}
 * contiguous strips (by default it is one chunk); each chunk of each sub-block (a unit,
 * {@link StripWorker}) is taken by the worker, or by the audio thread once it is done with group A
 * and the worker has not claimed it yet, so the audio thread waits only for units the worker holds. Group A and every chunk sum into
 * their own accumulators; after each sub-block's strips the audio thread adds the chunks' sums into
 * A's, chunk by chunk in strip order. A chunk runs the same code on the same accumulators whichever
 * thread computes it, so the output is bit-identical either way (an offline render with
 * {@code groups = 2} and no worker equals the live engine's output).
 *
 * <p>Also here: the quiet stage. Settled strips with nothing but the main bus to feed are mixed for
 * the whole cycle first ({@link ChannelStrip#mixQuietCycle}), one visit per strip instead of one per
 * sub-block (their state cannot change mid-cycle); each group runs its own.
 *
 * <p>Thread: the constructor, {@link #close} and {@link #realtimePriority} control or worker (never
 * audio); {@link #beginCycle}, {@link #startCycle}, {@link #mixSubBlock}, {@link #endCycle} audio;
 * group B's work ({@link #groupB}) the worker after claiming a sub-block, or the audio thread.
 */
final class StripGroups {
    /** Longest cycle whose quiet strips are mixed in one pass (longer cycles mix them per sub-block). */
    static final int QUIET_MAX_FRAMES = 2048;

    private final ChannelStrip[] strips;
    /** Group A's bus accumulators: the aux buses' own sums. */
    private final float[][][] busSums;
    /** First strip of group B (strips.length with one group). */
    private final int split;
    /** The cycle's main-bus contribution of the strips {@link ChannelStrip#mixQuietCycle} took. */
    private final float[] quietL = new float[QUIET_MAX_FRAMES], quietR = new float[QUIET_MAX_FRAMES];
    private final boolean[] mixedQuiet;
    /** Per strip: its processors run in the current sub-block (banked groups only). */
    private final boolean[] running;
    /**
     * Group A's and each chunk's bank of vector lanes for the settled high-pass and EQ cascades,
     * null on the scalar path ({@link BiquadBank#create}: Java 17, or no Vector API). One per chunk:
     * the worker and the audio thread may run two chunks at once.
     */
    private final BiquadBank bankA;
    private final BiquadBank[] banksB;
    private boolean anyQuiet;
    /** Group B's chunks: chunk {@code j} is strips {@code [chunkFrom[j], chunkFrom[j + 1])}. */
    private final int chunks;
    private final int[] chunkFrom;
    /** Each chunk's sums per sub-block parity (double-buffered: the worker may run one sub-block ahead): [parity][chunk]... */
    private final float[][][][][] busSumsB;
    private final float[][][] mainBL, mainBR, soloBL, soloBR;
    /** Each chunk's quiet stage: [chunk][frame], and whether it mixed any strip (written in the chunk's unit of sub-block 0). */
    private final float[][] quietBL, quietBR;
    private final boolean[] anyQuietB;
    /** The cycle's inputs and length, for group B (set before the worker may claim; read after its claim). */
    private float[][] cycleInputs;
    private int cycleFrames;
    private final StripWorker worker;
    /** True between {@link #beginCycle} and the next {@link #startCycle}. Audio thread only. */
    private boolean begun;
    /**
     * Each chunk's compute time in the current cycle (written by whichever thread holds its unit;
     * the claim/done hand-off orders the writes), and group B's in the last one (audio thread only).
     */
    private final long[] chunkNanos;
    private long lastGroupBNanos;
    /**
     * Each group's compute time, in total over the cycles (audio thread: group A's quiet stage and
     * sub-blocks; group B's whoever computed it, added at the cycle's end). Beside the worker's wait
     * they tell a group B slower per strip from a worker starting late.
     */
    private long groupATotalNanos, groupBTotalNanos;

    /**
     * Spreads {@code strips} as {@code threading} says; with a worker, its daemon thread starts here.
     * {@code busSums} are the aux buses' accumulators (group A sums into them directly).
     */
    StripGroups(ChannelStrip[] strips, float[][][] busSums, Engine.Threading threading, int subBlock) {
        this.strips = strips;
        this.busSums = busSums;
        mixedQuiet = new boolean[strips.length];
        running = new boolean[strips.length];
        split = threading.groups() == 2 ? strips.length / 2 : strips.length;
        bankA = bank(strips, 0, split, subBlock);
        int per = Engine.Threading.chunkStrips(), inB = strips.length - split;
        chunks = inB == 0 ? 0 : per == 0 ? 1 : (inB + per - 1) / per;
        chunkFrom = new int[chunks + 1];
        for (int j = 0; j <= chunks; j++) chunkFrom[j] = Math.min(strips.length, split + (per == 0 ? j * inB : j * per));
        banksB = new BiquadBank[chunks];
        for (int j = 0; j < chunks; j++) banksB[j] = bank(strips, chunkFrom[j], chunkFrom[j + 1], subBlock);
        busSumsB = new float[2][chunks][busSums.length][][];
        mainBL = new float[2][chunks][subBlock];
        mainBR = new float[2][chunks][subBlock];
        soloBL = new float[2][chunks][subBlock];
        soloBR = new float[2][chunks][subBlock];
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < chunks; j++) {
                for (int b = 0; b < busSums.length; b++) busSumsB[k][j][b] = new float[busSums[b].length][subBlock];
            }
        }
        quietBL = new float[chunks][QUIET_MAX_FRAMES];
        quietBR = new float[chunks][QUIET_MAX_FRAMES];
        anyQuietB = new boolean[chunks];
        chunkNanos = new long[chunks];
        if (threading.worker()) {
            worker = new StripWorker(this::groupB, "jackdesk-strips-" + (split + 1) + "-" + strips.length, chunks);
            worker.start();
        } else {
            worker = null;
        }
    }

    /** Group B's chunks, units per sub-block (0 with one group). */
    int chunks() {
        return chunks;
    }

    long workerThreadId() {
        return worker == null ? 0 : worker.threadId();
    }

    long workerSubBlocks() {
        return worker == null ? 0 : worker.claimedByWorker();
    }

    long workerWaitNanos() {
        return worker == null ? 0 : worker.waitNanos();
    }

    /** The worker's wake latencies by {@link StripWorker#WAKE_BUCKETS_MICROS} (empty without a worker). */
    long[] workerWakeLatency() {
        return worker == null ? new long[0] : worker.wakeLatencyCounts();
    }

    long workerWakeLatencyMaxNanos() {
        return worker == null ? 0 : worker.wakeLatencyMaxNanos();
    }

    long workerLateSubBlocks() {
        return worker == null ? 0 : worker.lateSubBlocks();
    }

    void workerStalls(long[] into) {
        if (worker == null) {
            into[0] = 0;
            into[1] = 0;
            into[2] = 0;
            into[3] = 0;
        } else {
            worker.stalls(into);
        }
    }

    boolean workerRefusedRealtime() {
        return worker != null && worker.refusedRealtime();
    }

    /** The worker follows the audio thread's SCHED_FIFO priority. Thread: any non-audio. */
    void realtimePriority(int priority) {
        if (worker != null) worker.setRealtimePriority(priority);
    }

    /** Stops the worker, if any (the audio thread then computes group B itself). Thread: any non-audio. */
    void close() {
        if (worker != null) worker.close();
    }

    /**
     * Announces a cycle so the worker is awake when the strips are ready; the worker is woken only
     * when group B took at least {@code workerMinNanos} in the previous cycle. Idempotent until
     * {@link #startCycle}. Thread: audio.
     */
    void beginCycle(long workerMinNanos) {
        if (begun) return;
        begun = true;
        if (worker != null) worker.beginCycle(lastGroupBNanos >= workerMinNanos);
    }

    /**
     * Starts the cycle's strip work once every strip is pulled: group B may start now (its quiet
     * stage is part of its sub-block 0), group A's quiet stage runs here. Thread: audio.
     */
    void startCycle(float[][] inputs, int nframes, int subBlocks) {
        begun = false;
        cycleInputs = inputs;
        cycleFrames = nframes;
        if (worker != null) worker.open(subBlocks);
        long t0 = System.nanoTime();
        anyQuiet = mixQuiet(inputs, nframes, 0, split, quietL, quietR);
        groupATotalNanos += System.nanoTime() - t0;
    }

    /** Ends the cycle's strip work. Thread: audio. */
    void endCycle() {
        cycleInputs = null;
        long b = 0;
        for (long n : chunkNanos) b += n;
        lastGroupBNanos = b;
        groupBTotalNanos += b;
    }

    /** Group A's compute time in total ({@link #groupATotalNanos}). Thread: audio (approximate from others). */
    long groupANanos() {
        return groupATotalNanos;
    }

    /** Group B's compute time in total, 0 with one group. Thread: audio (approximate from others). */
    long groupBNanos() {
        return groupBTotalNanos;
    }

    /**
     * Mixes every strip's sub-block {@code k} ({@code m} frames from {@code off}) into the aux buses'
     * sums, {@code mainSum} and the solo sums: group A here, group B wherever it ran, merged after.
     * {@code mainSum} is overwritten (the quiet stage's share or zeros first); the bus and solo sums
     * must be cleared by the caller. Thread: audio.
     */
    void mixSubBlock(int k, int off, int m, float[][] mainSum, float[] soloL, float[] soloR) {
        float[][] inputs = cycleInputs;
        if (anyQuiet) {
            System.arraycopy(quietL, off, mainSum[0], 0, m);
            System.arraycopy(quietR, off, mainSum[1], 0, m);
        } else {
            Arrays.fill(mainSum[0], 0, m, 0f);
            Arrays.fill(mainSum[1], 0, m, 0f);
        }
        long t0 = System.nanoTime();
        runGroup(0, split, bankA, inputs, off, m, busSums, mainSum[0], mainSum[1], soloL, soloR);
        groupATotalNanos += System.nanoTime() - t0;
        if (chunks > 0) {
            StripWorker w = worker;
            if (w == null) {
                for (int j = 0; j < chunks; j++) groupB(k * chunks + j);
            } else {
                // What the worker has not claimed yet is computed here, exactly as it would have
                // been (it is late, gone, or simply behind); then only its units in hand are waited for.
                for (int n = w.claimNext(k); n >= 0; n = w.claimNext(k)) {
                    try {
                        groupB(n);
                    } finally {
                        w.done();
                    }
                }
                w.awaitDone(k);
            }
            mergeGroupB(k & 1, mainSum, soloL, soloR, m);
            if (w != null) w.merged(k);
        }
    }

    /**
     * The start of strips {@code [from, to)}'s cycle: each decides its mode ({@link
     * ChannelStrip#beginCycle}), then the quiet stage: at-rest strips with sleeping processors
     * feeding only the main bus are mixed into {@code sumL/R} for the whole cycle. Returns whether
     * any was. Thread: the group's.
     */
    private boolean mixQuiet(float[][] inputs, int nframes, int from, int to, float[] sumL, float[] sumR) {
        // Each strip decides its mode for the whole cycle here, on its group's thread.
        for (int c = from; c < to; c++) strips[c].beginCycle();
        boolean any = false;
        if (nframes <= QUIET_MAX_FRAMES) {
            Arrays.fill(sumL, 0, nframes, 0f);
            Arrays.fill(sumR, 0, nframes, 0f);
            for (int c = from; c < to; c++) {
                boolean q = strips[c].mixQuietCycle(inputs, nframes, sumL, sumR);
                mixedQuiet[c] = q;
                any |= q;
            }
        } else {
            Arrays.fill(mixedQuiet, from, to, false);
        }
        return any;
    }

    /**
     * Unit {@code n} of the current cycle, chunk {@code j = n % chunks} of sub-block
     * {@code k = n / chunks}, into the chunk's own sums (parity {@code k & 1}); the chunk's quiet
     * stage runs in its unit of sub-block 0. Thread: the worker after claiming it, or the audio
     * thread; never both (see {@link StripWorker}).
     */
    private void groupB(int n) {
        long t0 = System.nanoTime();
        int k = n / chunks, j = n - k * chunks;
        int from = chunkFrom[j], to = chunkFrom[j + 1];
        float[][] inputs = cycleInputs;
        int nframes = cycleFrames;
        if (k == 0) {
            chunkNanos[j] = 0;
            anyQuietB[j] = mixQuiet(inputs, nframes, from, to, quietBL[j], quietBR[j]);
        }
        int off = k * Engine.SUB_BLOCK;
        int m = Math.min(Engine.SUB_BLOCK, nframes - off);
        int p = k & 1;
        float[] ml = mainBL[p][j], mr = mainBR[p][j];
        if (anyQuietB[j]) {
            System.arraycopy(quietBL[j], off, ml, 0, m);
            System.arraycopy(quietBR[j], off, mr, 0, m);
        } else {
            Arrays.fill(ml, 0, m, 0f);
            Arrays.fill(mr, 0, m, 0f);
        }
        float[][][] bs = busSumsB[p][j];
        for (float[][] bus : bs) for (float[] leg : bus) Arrays.fill(leg, 0, m, 0f);
        float[] sl = soloBL[p][j], sr = soloBR[p][j];
        Arrays.fill(sl, 0, m, 0f);
        Arrays.fill(sr, 0, m, 0f);
        runGroup(from, to, banksB[j], inputs, off, m, bs, ml, mr, sl, sr);
        chunkNanos[j] += System.nanoTime() - t0;
    }

    /**
     * Strips {@code [from, to)}'s sub-block into the given sums, in strip order. With a bank, in the
     * strips' three parts around its two runs (every strip's high-pass cascade, then every EQ
     * cascade, in vector lanes); without, each strip whole. The samples are the same either way
     * ({@link ChannelStrip#startSub}). Thread: the group's.
     */
    private void runGroup(int from, int to, BiquadBank bank, float[][] inputs, int off, int m, float[][][] bus,
                          float[] ml, float[] mr, float[] sl, float[] sr) {
        if (bank == null) {
            for (int c = from; c < to; c++) {
                if (!mixedQuiet[c]) strips[c].process(inputs, off, m, bus, ml, mr, sl, sr);
            }
            return;
        }
        for (int c = from; c < to; c++) running[c] = !mixedQuiet[c] && strips[c].startSub(inputs, off, m, bank);
        bank.run(m);
        for (int c = from; c < to; c++) {
            if (running[c]) strips[c].middleSub(bank);
        }
        bank.run(m);
        for (int c = from; c < to; c++) {
            if (!mixedQuiet[c]) strips[c].finishSub(bus, ml, mr, sl, sr);
        }
    }

    /** Lanes per vector of the strip banks, 0 on the scalar path (no bank). Thread: any. */
    int simdLanes() {
        BiquadBank b = bankA != null ? bankA : chunks > 0 ? banksB[0] : null;
        return b == null ? 0 : b.lanes();
    }

    private static BiquadBank bank(ChannelStrip[] strips, int from, int to, int subBlock) {
        int lanes = 0;
        for (int c = from; c < to; c++) lanes += strips[c].channelCount();
        return BiquadBank.create(lanes, subBlock);
    }

    /** The chunks' sums of sub-block parity {@code p} into group A's, chunk by chunk in strip order. Thread: audio. */
    private void mergeGroupB(int p, float[][] mainSum, float[] soloL, float[] soloR, int m) {
        for (int j = 0; j < chunks; j++) {
            float[][][] bs = busSumsB[p][j];
            for (int b = 0; b < bs.length; b++) {
                float[][] from = bs[b], to = busSums[b];
                for (int leg = 0; leg < from.length; leg++) add(from[leg], to[leg], m);
            }
            add(mainBL[p][j], mainSum[0], m);
            add(mainBR[p][j], mainSum[1], m);
            add(soloBL[p][j], soloL, m);
            add(soloBR[p][j], soloR, m);
        }
    }

    private static void add(float[] from, float[] to, int m) {
        for (int i = 0; i < m; i++) to[i] += from[i];
    }
}
