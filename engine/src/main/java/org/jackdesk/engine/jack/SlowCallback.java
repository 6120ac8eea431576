package org.jackdesk.engine.jack;

/**
 * One audio callback that took longer than half the period, as the audio thread measured it about
 * itself, plus what was found off the audio thread: the JVM events that overlapped it and the
 * resulting {@link SlowCause} (null until classified).
 *
 * @param startNanos when the callback began, on {@link System#nanoTime}'s clock ({@code CLOCK_MONOTONIC})
 * @param startEpochNanos the same instant in ns since the epoch (JFR's time base), converted off the
 *        audio thread; 0 until then
 * @param wallNanos the callback's duration
 * @param cpuNanos the audio thread's CPU time during it ({@code CLOCK_THREAD_CPUTIME_ID}), -1 unknown
 * @param minorFaults page faults served without I/O ({@code getrusage(RUSAGE_THREAD)} after − before)
 * @param majorFaults page faults that needed I/O
 * @param voluntarySwitches the thread gave up the CPU (blocked: futex, sleep, I/O, a safepoint)
 * @param involuntarySwitches the scheduler took the CPU away (a higher-priority thread)
 * @param workerWaitNanos time the audio thread spun waiting for the strip worker's sub-blocks
 * @param workerLateSubBlocks sub-blocks of the woken worker the audio thread computed itself
 * @param typicalNanos the audio thread's usual callback before it: a running mean of the callbacks
 *        under the threshold (a 64-callback exponential average of their wall time), 0 unknown
 * @param workerOffCpuNanos the strip worker's own time off the CPU in its stalls during the callback
 *        (its wall − CPU time in the cycles where a sub-block took it ≥ 200 µs; 0 none)
 * @param workerInvoluntarySwitches the worker's involuntary context switches in those stalls
 * @param workerVoluntarySwitches the worker's voluntary context switches in those stalls
 * @param workerSpikeNanos the worker's on-CPU time in those stalls that the {@link SlowCause#CPU_SPIKE}
 *        rule gives the machine: of each stall with more than {@link SlowCause#SPIKE_FACTOR} times the
 *        worker's usual sub-block on the CPU and no page fault, all of its on-CPU time beyond one usual sub-block
 * @param stages the callback's time by stage of the processor ({@link StageTimes}; all 0 when it times none)
 * @param usualStages the usual cycle's, as {@code typicalNanos} is the usual callback
 * @param canaryNanos the faster of the two {@link CpuCanary} runs at the callback's start and end
 * @param usualCanaryNanos the usual canary (a 64-callback exponential mean over the callbacks under the threshold), 0 unknown
 * @param jvmEvents the JVM events overlapping it, e.g. "G1CollectForAllocation 812 µs", "" for none
 */
public record SlowCallback(long startNanos, long startEpochNanos, long wallNanos, long cpuNanos, long minorFaults, long majorFaults,
        long voluntarySwitches, long involuntarySwitches, long workerWaitNanos, long workerLateSubBlocks,
        long typicalNanos, long workerOffCpuNanos, long workerInvoluntarySwitches, long workerVoluntarySwitches,
        long workerSpikeNanos, StageTimes stages, StageTimes usualStages, long canaryNanos, long usualCanaryNanos, String jvmEvents, SlowCause cause) {

    SlowCallback classified(long epochStart, String events, SlowCause c) {
        return new SlowCallback(startNanos, epochStart, wallNanos, cpuNanos, minorFaults, majorFaults, voluntarySwitches,
                involuntarySwitches, workerWaitNanos, workerLateSubBlocks, typicalNanos, workerOffCpuNanos,
                workerInvoluntarySwitches, workerVoluntarySwitches, workerSpikeNanos, stages, usualStages, canaryNanos, usualCanaryNanos, events, c);
    }

    public long endEpochNanos() {
        return startEpochNanos + wallNanos;
    }
}
