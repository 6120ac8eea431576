package org.jackdesk.engine.jack;

/**
 * Why one audio callback took longer than half the period, decided from what the audio thread
 * measured about itself ({@link SlowCallback}) and the JVM's own events overlapping it. The rules,
 * each given a share of the callback's time; the first, in this order, without whose share the
 * callback would have been in time is the cause (else the one with the largest share):
 * <ol>
 *   <li>{@link #JVM_PAUSE}: the time safepoints, VM operations (handshakes of all threads among
 *       them) and GC pauses overlap the callback (JFR), plus {@link #DEOPT_NANOS} per
 *       deoptimization of the audio thread during it.
 *   <li>{@link #PREEMPTED}: with involuntary context switches, the time off the CPU (wall − CPU).
 *   <li>{@link #WORKER}: the time the audio thread spun waiting for the strip worker.
 *   <li>{@link #PAGE_FAULT}: page faults at their estimated cost ({@link #MINOR_FAULT_NANOS} each,
 *       {@link #MAJOR_FAULT_NANOS} per major fault; at most the CPU time).
 *   <li>{@link #BLOCKED}: with voluntary context switches only, the time off the CPU: the audio
 *       thread itself waited on something (a lock, a sleep, I/O) — jackdesk's bug.
 *   <li>{@link #OWN_WORK}: the CPU time minus the two above: the processing itself.
 *   <li>{@link #MACHINE}: the time off the CPU without any context switch (interrupts, the
 *       hypervisor running something else on this virtual CPU).
 * </ol>
 * {@link #PREEMPTED} and {@link #MACHINE} belong to the machine; the others to jackdesk or its JVM
 * ({@link #WORKER} can be either: the worker itself may have been preempted).
 */
public enum SlowCause {
    JVM_PAUSE("jvm_pause", "JVM pause (safepoint, handshake, GC, deoptimization)", false),
    PREEMPTED("preempted", "preempted (involuntary context switch, off the CPU)", true),
    WORKER("worker", "waited for the strip worker", false),
    PAGE_FAULT("page_fault", "page faults", false),
    BLOCKED("blocked", "blocked (voluntary context switch: a lock, sleep or I/O)", false),
    OWN_WORK("own_work", "own work (CPU time over the threshold)", false),
    MACHINE("machine", "off the CPU without a context switch (interrupts, hypervisor)", true);

    /** What a minor fault is taken to cost at most (zeroing a page on a virtual machine, with its EPT fault). */
    static final long MINOR_FAULT_NANOS = 20_000;
    /** What a deoptimization (an instant JFR event) is taken to cost the thread it happens on. */
    static final long DEOPT_NANOS = 200_000;
    static final long MAJOR_FAULT_NANOS = 2_000_000;

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
        share[PREEMPTED.ordinal()] = involuntary ? offCpu : 0;
        share[WORKER.ordinal()] = wait;
        share[PAGE_FAULT.ordinal()] = faults;
        share[BLOCKED.ordinal()] = voluntary && !involuntary ? offCpu : 0;
        share[OWN_WORK.ordinal()] = Math.max(0, cpu - wait - faults);
        share[MACHINE.ordinal()] = !voluntary && !involuntary ? offCpu : 0;
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
