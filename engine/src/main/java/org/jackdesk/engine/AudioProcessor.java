package org.jackdesk.engine;

/**
 * What an audio backend (JACK, the internal clock, the offline renderer) calls once per period.
 *
 * <p>Thread: audio only. Implementations never block, lock, log, allocate or throw.
 */
public interface AudioProcessor {
    /**
     * Processes one period. {@code inputs[i]} and {@code outputs[o]} hold at least
     * {@code nframes} samples from index 0; every output must be fully written (silence included).
     */
    void process(float[][] inputs, float[][] outputs, int nframes);

    /**
     * Frames of delay this processor adds between its inputs and outputs (a limiter's lookahead),
     * reported to JACK so hosts can compensate. Thread: any non-audio thread.
     */
    default int latencyFrames() {
        return 0;
    }

    /**
     * Frames of delay on output {@code output} alone (outputs can differ: a limiter on one bus
     * delays only that bus). Defaults to {@link #latencyFrames()}. Thread: any non-audio thread.
     */
    default int latencyFrames(int output) {
        return latencyFrames();
    }

    /**
     * Called by a backend at the very start of a cycle, before its port copies, so that helper
     * threads can wake while the inputs are copied; {@link #process} follows in the same cycle
     * (a processor must also work when a backend never calls this). Thread: audio.
     */
    default void beginCycle() {
    }

    /**
     * The backend's audio thread runs with SCHED_FIFO at {@code priority} (0: not real-time);
     * helper threads of the processor should follow it. Thread: any non-audio thread.
     */
    default void realtimePriority(int priority) {
    }

    /**
     * Total nanoseconds the audio thread has spent waiting for this processor's helper threads (the
     * strip worker) since it was built; read at the start and end of a callback to attribute a slow
     * one. Thread: audio; allocates nothing.
     */
    default long workerWaitNanos() {
        return 0;
    }

    /**
     * Sub-blocks a woken helper thread was too late for (the audio thread computed them itself),
     * since the processor was built. Thread: audio; allocates nothing.
     */
    default long workerLateSubBlocks() {
        return 0;
    }

    /**
     * The last {@link #process} call's time by stage ({@link CycleStages}: the strips, the FX slots,
     * the buses, the whole call), so that a slow callback shows where its time went. Read right
     * after {@link #process}. Thread: audio; allocates nothing; zeros when the processor does not
     * time its stages.
     */
    default void cycleStages(long[] into) {
        for (int i = 0; i < CycleStages.COUNT; i++) into[i] = 0;
    }

    /**
     * What the helper thread's own clocks said about its stalls (sub-blocks that took it at least
     * 200 µs), in total since the processor was built: {@code into[0]} its time off the CPU in the
     * cycles of those stalls (wall − its CPU time), {@code into[1]} its involuntary and
     * {@code into[2]} its voluntary context switches in them, {@code into[3]} its on-CPU time in them
     * that the cpu_spike rule gives the machine (StripWorker#stalls). Read at the start and end of a
     * callback like {@link #workerWaitNanos}, so that a wait for a worker the machine held is the
     * machine's. Thread: audio; allocates nothing; leaves {@code into} at zeros when there is none.
     */
    default void workerStalls(long[] into) {
        into[0] = 0;
        into[1] = 0;
        into[2] = 0;
        into[3] = 0;
    }

    /**
     * The Java thread id of the helper thread (the strip worker), 0 when there is none: the slow-callback
     * attribution matches the JVM's events of that thread too (a deoptimization of the worker
     * stalls a callback that waits for it). Thread: any non-audio thread.
     */
    default long workerThreadId() {
        return 0;
    }
}
