package org.jackdesk.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The hand-off of the engine's second strip group (group B) to one extra thread, the way
 * multi-threaded hosts (Ardour's process graph) spread channel work over cores: the audio thread
 * publishes a cycle and wakes the worker as early as it can; once the cycle's parameters are pulled
 * it opens the cycle's sub-blocks. Group B is cut into {@code chunks} chunks of strips, and each
 * UNIT, chunk {@code j} of sub-block {@code k} (unit number {@code k * chunks + j}), is then
 * CLAIMED, with a CAS, in unit order by whichever thread gets there first: the worker from the
 * start, the audio thread once its own group A of that sub-block is done and it would otherwise
 * wait. The audio thread never waits for a worker that has not started (a late or dead worker just
 * finds every unit already taken), and a worker stalled inside a unit costs the audio thread at most
 * that unit: it computes the sub-block's other units itself.
 *
 * <p>All counters hold a ticket {@code (cycle << 16) | n}:
 * <ul>
 *   <li>{@code claim}: the next unit of group B free to take; set to {@code (c, 0)} when cycle
 *       {@code c} is pulled (release: the pull's strip writes happen-before the worker's CAS), then
 *       advanced by each claim.
 *   <li>{@code done}: how many units of the cycle are finished, counted up by whoever computed each
 *       (a CAS: release; the audio thread acquires it before merging, so the worker's strip and
 *       accumulator writes are visible). Units of sub-block {@code k} are claimed only once every
 *       unit of {@code k-1} is done (strips carry state; units finish out of order).
 *   <li>{@code merged}: sub-blocks the audio thread has merged. Group B's accumulators are double
 *       buffered by sub-block parity, so the worker claims sub-block {@code k}'s units only once
 *       {@code k-2} is merged.
 * </ul>
 * Audio-thread operations never block except {@link #awaitDone}, which spins only while the worker
 * holds a unit it is computing.
 *
 * <p>Thread: {@link #beginCycle}, {@link #open}, {@link #tryClaim}, {@link #done}, {@link #merged},
 * {@link #awaitDone} audio; {@link #start}, {@link #close}, {@link #setRealtimePriority} control
 * or worker (never audio); the loop runs on its own daemon thread.
 */
final class StripWorker {
    private static final System.Logger LOG = System.getLogger(StripWorker.class.getName());
    private static final int SUB_BITS = 16;
    /** How long the worker spins for a published cycle's pull before parking again (a swapped-out engine). */
    private static final long PULL_WAIT_NANOS = 3_000_000L;
    /** Sets this thread's scheduling (null: done, else why not); tests replace it to be refused. */
    static volatile java.util.function.IntFunction<String> scheduler = RealtimeThreads::setFifo;
    /** Null, except in tests that make the worker late: run by the worker before each unit it claimed (its number). */
    static volatile IntConsumer beforeSubBlock;
    /** Bounds of the wake-latency histogram, in microseconds (the last bucket is everything above). */
    static final long[] WAKE_BUCKETS_MICROS = {10, 50, 100, 200, 500, 1000};

    /** Computes one unit (its number {@code k * chunks + j}). */
    private final IntConsumer work;
    private final String name;
    /** Units per sub-block: group B's chunks. */
    private final int chunks;
    // AtomicLong (Unsafe-based), not VarHandles: see ParamInbox's note on lazily spun invokers.
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong claim = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong merged = new AtomicLong();
    /** Units in the current cycle (sub-blocks times chunks); written by audio before {@link #open}'s release. */
    private int units;
    /** Audio thread's cycle number (its own copy of {@code published}). */
    private long cycle;
    /** Audio thread only: the worker was woken for the current cycle; the totals behind {@link #waitNanos}, {@link #lateSubBlocks}. */
    private boolean woken;
    private long waitNanos;
    private long lateSubBlocks;
    private volatile boolean running = true;
    /**
     * The audio thread is real-time but this thread was refused SCHED_FIFO: any normal process
     * could then preempt it in the middle of a claimed sub-block while the audio thread spins
     * waiting, so it is no longer woken (the audio thread computes every strip).
     */
    private volatile boolean refusedRealtime;
    private volatile int wantPriority;
    /**
     * The priority the worker has applied to itself. Until it equals {@link #wantPriority} the
     * audio thread does not wake it: unpark takes the worker's parker mutex, which a thread below
     * the audio thread's priority must never be the one holding.
     */
    private volatile int appliedPriority;
    private volatile long failures;
    private volatile long claimedByWorker;
    /** A claimed unit taking the worker this long is a stall: its own clocks are read then. */
    static final long STALL_NANOS = 200_000;
    /** The worker's own clocks, made on its first cycle once {@link WorkerClocks} allows (worker thread only). */
    private org.jackdesk.engine.jack.ThreadUsage usage;
    private boolean usageTried;
    /**
     * Worker-written totals over its stalls: time off the CPU, involuntary and voluntary switches,
     * and the on-CPU time of stalls that look like the host's (see {@link #stalls}).
     * Written before the stalled unit's {@link #markDone} (a release), so the audio thread that
     * waited for it reads them after its acquire of {@code done}.
     */
    private long stallOffCpuNanos, stallInvoluntary, stallVoluntary, stallSpikeNanos;
    /** Worker: its usual unit, a 64-unit exponential mean of the wall time of those under {@link #STALL_NANOS}. */
    private long usualUnitNanos;
    private volatile Thread thread;
    /** Audio: when the current cycle was published (written before {@link #published}'s release). */
    private long publishedAt;
    /** Worker-written: how long after its publication the worker saw each cycle, by {@link #WAKE_BUCKETS_MICROS}. */
    private final long[] wakeLatency = new long[WAKE_BUCKETS_MICROS.length + 1];
    private volatile long wakeLatencyMaxNanos;

    /** A worker for group B cut into {@code chunks} units per sub-block ({@code work} computes one). */
    StripWorker(IntConsumer work, String name, int chunks) {
        // A ticket holds a cycle's unit number in SUB_BITS: 64 chunks (128 channels, one strip per
        // chunk) of the 256 sub-blocks of an 8192-frame period use 16 384 of its 65 536.
        if (chunks < 1 || chunks > 64) throw new IllegalArgumentException("chunks must be 1..64, got " + chunks);
        this.work = work;
        this.name = name;
        this.chunks = chunks;
    }

    /**
     * How long after their publication the worker saw the cycles it was woken for, counted by the
     * bounds of {@link #WAKE_BUCKETS_MICROS} (the last count: above the last bound). Approximate
     * (the worker writes them plainly). Thread: any.
     */
    long[] wakeLatencyCounts() {
        return wakeLatency.clone();
    }

    /** The longest of those latencies, in nanoseconds. Thread: any. */
    long wakeLatencyMaxNanos() {
        return wakeLatencyMaxNanos;
    }

    /** Starts the daemon thread. Thread: control or worker. */
    void start() {
        Thread t = new Thread(this::loop, name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    long threadId() {
        Thread t = thread;
        return t == null ? 0 : t.getId();
    }

    /** True while the audio thread is real-time and this thread could not be (it is then not used). */
    boolean refusedRealtime() {
        return refusedRealtime;
    }

    boolean alive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** Exceptions caught on the worker while computing a sub-block (its output is then partial). */
    long failures() {
        return failures;
    }

    /** Units the worker computed (the rest were taken by the audio thread). Approximate. */
    long claimedByWorker() {
        return claimedByWorker;
    }

    /**
     * The real-time priority of the backend's audio thread (SCHED_FIFO), 0 for none: the worker
     * takes it at its next wake-up. Thread: any non-audio.
     */
    void setRealtimePriority(int priority) {
        wantPriority = Math.max(0, priority);
        Thread t = thread;
        if (t != null) LockSupport.unpark(t);
    }

    /** Stops and joins the thread (a claim in progress completes first). Idempotent. Thread: non-audio. */
    void close() {
        running = false;
        Thread t = thread;
        if (t == null) return;
        LockSupport.unpark(t);
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long ticket(long cycle, int sub) {
        return (cycle << SUB_BITS) | sub;
    }

    /**
     * Audio: a new cycle. With {@code wake}, publishes it and wakes the worker (no allocation:
     * unpark only signals its parker); without, the worker sleeps on and the audio thread will
     * claim every sub-block itself (cheap strips are not worth a hand-off).
     */
    void beginCycle(boolean wake) {
        long c = cycle + 1;
        cycle = c;
        woken = false;
        if (!wake || appliedPriority != wantPriority || refusedRealtime) return; // read in the reverse order of their writes
        woken = true;
        publishedAt = System.nanoTime(); // for the worker's wake latency (wakeLatencyCounts)
        published.set(c);
        Thread t = thread;
        if (t != null) LockSupport.unpark(t);
    }

    /**
     * Audio: the cycle's parameters are pulled and its inputs set; the units of {@code subBlocks}
     * sub-blocks of group B may now be claimed. The strip state written before this call is visible
     * to the worker.
     */
    void open(int subBlocks) {
        this.units = subBlocks * chunks;
        long t = ticket(cycle, 0);
        done.set(t);
        merged.set(t);
        claim.set(t); // volatile store: releases the pull, the inputs and the counters above
    }

    /**
     * Audio: takes the next unclaimed unit of sub-block {@code k} (sub-block {@code k-1} is done and
     * merged), returning its number, or -1 when the worker has claimed all of them.
     */
    int claimNext(int k) {
        long end = ticket(cycle, (k + 1) * chunks);
        for (long cl = claim.get(); cl < end; cl = claim.get()) {
            if (claim.compareAndSet(cl, cl + 1)) {
                if (woken) lateSubBlocks = lateSubBlocks + 1;
                return (int) (cl & ((1 << SUB_BITS) - 1));
            }
        }
        return -1;
    }

    /** Audio or worker: one more unit of cycle {@code c} is computed (release). */
    private void markDone(long c) {
        // Counts only within its own cycle: a worker finishing an abandoned cycle's unit after the
        // audio thread opened a later cycle must not add to the new cycle's count. A plain CAS loop,
        // no lambda: accumulateAndGet links its lambda at the call site's first use, which on the
        // audio thread (reached only when the worker is late) allocated 112 bytes mid-run.
        for (long d = done.get(); (d >>> SUB_BITS) == c && !done.compareAndSet(d, d + 1); d = done.get()) {
            Thread.onSpinWait();
        }
    }

    /** Audio: it computed a unit itself. */
    void done() {
        markDone(cycle);
    }

    /** Audio: the worker holds units of sub-block {@code k}; spin until all are done (acquire). */
    void awaitDone(int k) {
        long want = ticket(cycle, (k + 1) * chunks);
        if (done.get() >= want) return;
        long t0 = System.nanoTime(); // only when it has to wait: the clock read is not free
        while (done.get() < want) Thread.onSpinWait();
        waitNanos = waitNanos + (System.nanoTime() - t0);
    }

    /** Audio: nanoseconds spent in {@link #awaitDone}, in total (for the slow-callback attribution). */
    long waitNanos() {
        return waitNanos;
    }

    /** Audio: units of a cycle the worker was woken for that the audio thread claimed first, in total. */
    long lateSubBlocks() {
        return lateSubBlocks;
    }

    /**
     * Audio: the worker's stall totals ({@link AudioProcessor#workerStalls}). {@code into[3]}: the
     * rule the attribution applies to the audio thread's own CPU time (SlowCause's cpu_spike),
     * applied to the worker's stalls: a stalled unit that spent on the CPU more than
     * {@link org.jackdesk.engine.jack.SlowCause#SPIKE_FACTOR} times the worker's usual unit,
     * with no page fault of the worker, counts its on-CPU time beyond one usual unit here (its
     * time off the CPU in the stall is counted in {@code into[0]}, never here).
     */
    void stalls(long[] into) {
        into[0] = stallOffCpuNanos;
        into[1] = stallInvoluntary;
        into[2] = stallVoluntary;
        into[3] = stallSpikeNanos;
    }

    /** Audio: group B's buffers of sub-block {@code k} are merged and may be reused. */
    void merged(int k) {
        merged.set(ticket(cycle, k + 1));
    }

    private void loop() {
        long seen = 0;
        int havePriority = 0;
        boolean priorityReported = false;
        while (running) {
            int want = wantPriority;
            if (want != havePriority) {
                String err = scheduler.apply(want);
                havePriority = want;
                if (err == null) {
                    refusedRealtime = false;
                    LOG.log(System.Logger.Level.DEBUG, "{0}: SCHED_FIFO priority {1}", name, want);
                } else {
                    refusedRealtime = want > 0;
                    if (!priorityReported) {
                        priorityReported = true;
                        LOG.log(System.Logger.Level.WARNING, "{0}: SCHED_FIFO {1} refused ({2}); the audio thread computes"
                                + " every strip itself (raise the rtprio limit, e.g. the audio group's, to use two cores)",
                                name, want, err);
                    }
                }
                appliedPriority = want; // after refusedRealtime: the audio thread reads them in the other order
            }
            long c = published.get();
            if (c == seen) {
                LockSupport.park(this);
                continue;
            }
            noteWake();
            seen = c;
            try {
                runCycle(c);
            } catch (Throwable t) {
                failures = failures + 1; // never reaches the audio thread; it claims what is left
            }
        }
    }

    /**
     * Worker: a cycle is seen; how long after its publication, counted. Measured because on a
     * virtual machine whose idle CPUs halt, a wake costs what the host takes to run the CPU again
     * (docs/engine-notes.md, "Idle CPUs that halt"); a worker seeing its cycle late leaves its
     * strips to the audio thread.
     */
    private void noteWake() {
        long late = Math.max(0, System.nanoTime() - publishedAt); // written before the release of 'published' acquired above
        int b = 0;
        while (b < WAKE_BUCKETS_MICROS.length && late >= WAKE_BUCKETS_MICROS[b] * 1000) b++;
        wakeLatency[b] = wakeLatency[b] + 1;
        if (late > wakeLatencyMaxNanos) wakeLatencyMaxNanos = late;
    }

    /** Worker: takes group B's units of cycle {@code c} until all are taken or the cycle is gone. */
    private void runCycle(long c) {
        long waitUntil = System.nanoTime() + PULL_WAIT_NANOS;
        // The cycle's "before" readings of the worker's own clocks (about 2.5 µs), so that a stalled
        // sub-block can tell time off the CPU from its work; what a stall adds is counted once.
        if (!usageTried && WorkerClocks.enabled()) {
            usageTried = true; // once: its native buffer is allocated here, before the measured cycles
            if (org.jackdesk.engine.jack.ThreadUsage.available()) usage = new org.jackdesk.engine.jack.ThreadUsage();
        }
        org.jackdesk.engine.jack.ThreadUsage u = usage;
        long w0 = System.nanoTime(), c0 = u == null ? -1 : u.threadCpuNanos();
        boolean sampled = u != null && c0 >= 0 && u.sample();
        long inv0 = sampled ? u.involuntarySwitches() : 0, vol0 = sampled ? u.voluntarySwitches() : 0;
        long flt0 = sampled ? u.minorFaults() + u.majorFaults() : 0;
        long countedOff = 0, countedInv = 0, countedVol = 0, countedFlt = 0;
        while (running) {
            long cl = claim.get();
            long cc = cl >>> SUB_BITS;
            if (cc != c) {
                // Not yet pulled (older), or the audio thread moved on (newer: a cycle begun later).
                if (cc > c || published.get() != c || System.nanoTime() > waitUntil) return;
                Thread.onSpinWait();
                continue;
            }
            int n = (int) (cl & ((1 << SUB_BITS) - 1));
            if (n >= units) return; // every unit taken: this cycle is over for the worker
            int k = n / chunks;
            if (done.get() < ticket(c, k * chunks) || (k >= 2 && merged.get() < ticket(c, k - 1))) {
                // The previous sub-block still runs, or its buffers are being merged; a new cycle
                // published meanwhile means this one was abandoned (nothing else would end the wait).
                if (published.get() != c) return;
                Thread.onSpinWait();
                continue;
            }
            if (claim.compareAndSet(cl, cl + 1)) {
                long ts = System.nanoTime();
                try {
                    IntConsumer hook = beforeSubBlock;
                    if (hook != null) hook.accept(n);
                    work.accept(n);
                } catch (Throwable t) {
                    failures = failures + 1;
                } finally {
                    long te = System.nanoTime(), took = te - ts;
                    if (took < STALL_NANOS) {
                        long m = usualUnitNanos;
                        usualUnitNanos = m == 0 ? took : m + ((took - m) >> 6);
                    } else if (sampled) {
                        long c1 = u.threadCpuNanos();
                        if (c1 >= 0 && u.sample()) {
                            long off = Math.max(0, (te - w0) - (c1 - c0));
                            long inv = u.involuntarySwitches() - inv0, vol = u.voluntarySwitches() - vol0;
                            long flt = u.minorFaults() + u.majorFaults() - flt0;
                            // This stall's own: what the readings added since the last stall of the cycle counted.
                            long onCpu = took - Math.max(0, off - countedOff), usual = usualUnitNanos;
                            // Its time off the CPU is the preemption's or the block's (counted below), not the spike's.
                            if (flt == countedFlt && usual > 0
                                    && onCpu > org.jackdesk.engine.jack.SlowCause.SPIKE_FACTOR * usual) {
                                stallSpikeNanos = stallSpikeNanos + (onCpu - usual);
                            }
                            countedFlt = flt;
                            if (off > countedOff) {
                                stallOffCpuNanos = stallOffCpuNanos + (off - countedOff);
                                countedOff = off;
                            }
                            if (inv > countedInv) {
                                stallInvoluntary = stallInvoluntary + (inv - countedInv);
                                countedInv = inv;
                            }
                            if (vol > countedVol) {
                                stallVoluntary = stallVoluntary + (vol - countedVol);
                                countedVol = vol;
                            }
                        }
                    }
                    markDone(c);
                }
                claimedByWorker = claimedByWorker + 1;
            }
        }
    }
}
