package org.jackdesk.engine.jack;

/**
 * Why one audio callback took longer than half the period, decided from what the audio thread
 * measured about itself ({@link SlowCallback}) and the JVM's own events overlapping it. The rules,
 * each given a share of the callback's time; the first, in this order, without whose share the
 * callback would have been in time is the cause (else the one with the largest share):
 * <ol>
 *   <li>{@link #JVM_PAUSE}: the time safepoints, VM operations (handshakes of all threads among
 *       them) and GC pauses overlap the callback (JFR), plus {@link #DEOPT_NANOS} per
 *       deoptimization of the audio thread during it, and per deoptimization of the strip worker
 *       during it when the callback waited for the worker (at most the wait).
 *   <li>{@link #PREEMPTED}: with involuntary context switches, the time off the CPU (wall − CPU).
 *   <li>{@link #WORKER}: the time the audio thread spun waiting for the strip worker, less the part
 *       the worker's own clocks show it off the CPU in its stall ({@link SlowCallback#workerOffCpuNanos}):
 *       that part is {@link #PREEMPTED} when the worker had involuntary switches only, {@link #MACHINE}
 *       when it had no switch at all (the host held its virtual CPU); a worker that blocked
 *       (any voluntary switch, also beside an involuntary one) stays {@link #WORKER}, and so does one on the CPU, except the part
 *       {@link #CPU_SPIKE}'s rule gives the machine ({@link SlowCallback#workerSpikeNanos}: a stall
 *       with over {@link #SPIKE_FACTOR} times the worker's usual sub-block of CPU and no page fault).
 *   <li>{@link #PAGE_FAULT}: page faults at their estimated cost ({@link #MINOR_FAULT_NANOS} each,
 *       {@link #MAJOR_FAULT_NANOS} per major fault; at most the CPU time).
 *   <li>{@link #BLOCKED}: with voluntary context switches only, the time off the CPU: the audio
 *       thread itself waited on something (a lock, a sleep, I/O) — jackdesk's bug.
 *   <li>{@link #CPU_SPIKE}: when the CPU time that none of the above explains is more than
 *       {@link #SPIKE_FACTOR} times the thread's usual callback ({@link SlowCallback#typicalNanos}),
 *       all of it beyond one usual callback; plus the worker's such stalls (above). The processing does the
 *       same work every cycle give or take a factor of two (gates, the worker's sub-blocks); a
 *       callback charged 10–60 times that with no fault, no switch and no JVM event is what this
 *       machine kind's hypervisor does: a virtual CPU held for milliseconds is charged by the guest
 *       kernel to the thread that was running, as CPU time (it reports no steal time). The bench's
 *       jitter probe measures such gaps on a thread that does nothing but read clocks
 *       ("charged as CPU time"), docs/engine-notes.md. Caveat: a jackdesk callback that really did
 *       eight times its usual work (a bug: work that should be spread over cycles) lands here too;
 *       on a constant load (the bench: no parameter moves) it cannot.
 *   <li>{@link #OWN_WORK}: the CPU time minus the shares above: the processing itself.
 *   <li>{@link #MACHINE}: the time off the CPU without any context switch (interrupts, the
 *       hypervisor running something else on this virtual CPU).
 * </ol>
 * {@link #PREEMPTED}, {@link #CPU_SPIKE} and {@link #MACHINE} belong to the machine; the others to jackdesk or its JVM
 * ({@link #WORKER} can be either: the worker itself may have been preempted).
 */
public enum SlowCause {
    JVM_PAUSE("jvm_pause", "JVM pause (safepoint, handshake, GC, deoptimization)", false),
    PREEMPTED("preempted", "preempted (involuntary context switch, off the CPU)", true),
    WORKER("worker", "waited for the strip worker", false),
    PAGE_FAULT("page_fault", "page faults", false),
    BLOCKED("blocked", "blocked (voluntary context switch: a lock, sleep or I/O)", false),
    CPU_SPIKE("cpu_spike", "CPU time over 8x the usual callback, no fault, switch or JVM event (hypervisor time charged as CPU)", true),
    OWN_WORK("own_work", "own work (CPU time over the threshold)", false),
    MACHINE("machine", "off the CPU without a context switch (interrupts, hypervisor)", true);

    /** What a minor fault is taken to cost at most (zeroing a page on a virtual machine, with its EPT fault). */
    static final long MINOR_FAULT_NANOS = 20_000;
    /** What a deoptimization (an instant JFR event) is taken to cost the thread it happens on. */
    static final long DEOPT_NANOS = 200_000;
    static final long MAJOR_FAULT_NANOS = 2_000_000;
    /** CPU time beyond this many usual callbacks is not taken for the processing ({@link #CPU_SPIKE}). */
    public static final long SPIKE_FACTOR = 8;

    private final String label;
    private final String text;
    private final boolean machine;

    SlowCause(String label, String text, boolean machine) {
        this.label = label;
        this.text = text;
        this.machine = machine;
    }

    /** The {@code /metrics} label value, e.g. "page_fault". */
    public String label() {
        return label;
    }

    /** A person's description, for the bench table. */
    public String text() {
        return text;
    }

    /** True when the cause lies outside jackdesk and its JVM. */
    public boolean machine() {
        return machine;
    }

    /**
     * Classifies one slow callback; {@code thresholdNanos} is half the period, {@code jvmNanos}
     * the JVM events' share (see above; 0: none). Thread: any (not the audio thread: it is never
     * called there).
     */
    public static SlowCause classify(SlowCallback c, long thresholdNanos, long jvmNanos) {
        long wall = c.wallNanos();
        long cpu = c.cpuNanos() < 0 ? wall : Math.min(wall, c.cpuNanos());
        long offCpu = wall - cpu;
        long faults = Math.min(cpu, c.minorFaults() * MINOR_FAULT_NANOS + c.majorFaults() * MAJOR_FAULT_NANOS);
        long wait = Math.min(wall, c.workerWaitNanos());
        boolean involuntary = c.involuntarySwitches() > 0, voluntary = c.voluntarySwitches() > 0;
        long[] share = new long[values().length];
        share[JVM_PAUSE.ordinal()] = jvmNanos;
        // The wait for the worker is the machine's as far as the worker itself was off the CPU in its
        // stall: preempted with an involuntary switch of its own, held by the host without any switch.
        // Off the CPU with only voluntary switches (the worker blocked) and on the CPU stay the worker's.
        long workerOff = Math.min(wait, Math.max(0, c.workerOffCpuNanos()));
        // A worker that also blocked (a voluntary switch) stays the worker's even with an involuntary
        // one: the counts cannot split its time off the CPU, and blocking while holding a sub-block is
        // jackdesk's bug, which a brief preemption beside it must not hide (EngineWorkerJackTest saw an
        // 8 ms park with one involuntary switch once; it was blamed on the machine).
        long workerPreempted = c.workerInvoluntarySwitches() > 0 && c.workerVoluntarySwitches() == 0 ? workerOff : 0;
        long workerHeld = c.workerInvoluntarySwitches() == 0 && c.workerVoluntarySwitches() == 0 ? workerOff : 0;
        // The worker's on-CPU time in stalls far beyond its usual sub-block, with no fault: the
        // cpu_spike rule on the worker's clocks (at most what is left of the wait).
        long workerSpike = Math.min(wait - workerPreempted - workerHeld, Math.max(0, c.workerSpikeNanos()));
        share[PREEMPTED.ordinal()] = (involuntary ? offCpu : 0) + workerPreempted;
        share[WORKER.ordinal()] = wait - workerPreempted - workerHeld - workerSpike;
        share[PAGE_FAULT.ordinal()] = faults;
        share[BLOCKED.ordinal()] = voluntary && !involuntary ? offCpu : 0;
        long work = Math.max(0, cpu - wait - faults);
        long usual = c.typicalNanos();
        // gated at SPIKE_FACTOR usual callbacks; past the gate, all the work beyond the usual one is the spike's
        long ownSpike = usual > 0 && work > SPIKE_FACTOR * usual ? work - usual : 0;
        share[CPU_SPIKE.ordinal()] = ownSpike + workerSpike;
        share[OWN_WORK.ordinal()] = work - ownSpike;
        share[MACHINE.ordinal()] = (!voluntary && !involuntary ? offCpu : 0) + workerHeld;
        // The first cause without which the callback would have been in time...
        for (SlowCause k : values()) {
            if (share[k.ordinal()] > 0 && wall - share[k.ordinal()] < thresholdNanos) return k;
        }
        // ...else the largest share.
        SlowCause best = OWN_WORK;
        for (SlowCause k : values()) if (share[k.ordinal()] > share[best.ordinal()]) best = k;
        return best;
    }
}
