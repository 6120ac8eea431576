package org.jackdesk.engine.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The classification rule on records the JACK tests cannot produce at will (a preemption, a
 * safepoint, the hypervisor), and the JVM share of overlapping events.
 */
class SlowCauseTest {
    private static final long T = 666_666; // half a 64-frame period at 48 kHz

    private static SlowCallback cb(long wall, long cpu, long minflt, long vol, long invol, long wait) {
        return new SlowCallback(0, 0, wall, cpu, minflt, 0, vol, invol, wait, 0, 0, 0, 0, 0, 0, StageTimes.NONE, StageTimes.NONE, 0, 0, "", null);
    }

    private static SlowCallback cb(long wall, long cpu, long typical) {
        return new SlowCallback(0, 0, wall, cpu, 0, 0, 0, 0, 0, 0, typical, 0, 0, 0, 0, StageTimes.NONE, StageTimes.NONE, 0, 0, "", null);
    }

    /** The audio thread spun {@code wait} for a worker whose own clocks saw {@code off} off the CPU. */
    private static SlowCallback waited(long wall, long wait, long off, long inv, long vol) {
        return new SlowCallback(0, 0, wall, wall - 5_000, 0, 0, 0, 0, wait, 0, 157_000, off, inv, vol, 0, StageTimes.NONE, StageTimes.NONE, 0, 0, "", null);
    }

    @Test
    void offTheCpuWithAnInvoluntarySwitchIsPreempted() {
        assertEquals(SlowCause.PREEMPTED, SlowCause.classify(cb(1_600_000, 200_000, 0, 0, 1, 0), T, 0));
    }

    @Test
    void offTheCpuWithoutAnySwitchIsTheMachine() {
        assertEquals(SlowCause.MACHINE, SlowCause.classify(cb(2_700_000, 300_000, 0, 0, 0, 50_000), T, 0));
    }

    @Test
    void aSafepointCoveringTheStallIsAJvmPauseEvenWithAVoluntarySwitch() {
        // The thread blocked at the safepoint (a voluntary switch): the JVM, not jackdesk's own blocking.
        assertEquals(SlowCause.JVM_PAUSE, SlowCause.classify(cb(1_500_000, 200_000, 0, 1, 0, 0), T, 1_200_000));
        // A short safepoint inside a long sleep does not explain it.
        assertEquals(SlowCause.BLOCKED, SlowCause.classify(cb(8_000_000, 200_000, 0, 1, 0, 0), T, 200_000));
    }

    @Test
    void cpuTimeOverTheThresholdIsOwnWorkUnlessFaultsOrTheWorkerSpinExplainIt() {
        assertEquals(SlowCause.OWN_WORK, SlowCause.classify(cb(900_000, 880_000, 1, 0, 0, 10_000), T, 0));
        assertEquals(SlowCause.PAGE_FAULT, SlowCause.classify(cb(900_000, 880_000, 40, 0, 0, 10_000), T, 0));
        assertEquals(SlowCause.WORKER, SlowCause.classify(cb(900_000, 880_000, 0, 0, 0, 500_000), T, 0));
    }

    @Test
    void cpuTimeFarBeyondTheUsualCallbackWithNothingElseIsASpikeOfTheMachine() {
        // bench realtime's own_work callbacks of a quiet run: usual 157 µs, this one charged 9.7 ms of CPU
        assertEquals(SlowCause.CPU_SPIKE, SlowCause.classify(cb(15_869_000, 9_739_000, 157_000), T, 0));
        assertEquals(SlowCause.CPU_SPIKE, SlowCause.classify(cb(2_000_000, 1_990_000, 157_000), T, 0));
        // up to 8 usual callbacks of CPU is the processing's (1.2 ms on a usual 157 µs)
        assertEquals(SlowCause.OWN_WORK, SlowCause.classify(cb(1_250_000, 1_240_000, 157_000), T, 0));
        // a usual callback still unknown (the first ones after activation): own work, as before
        assertEquals(SlowCause.OWN_WORK, SlowCause.classify(cb(15_869_000, 15_800_000, 0), T, 0));
        assertTrue(SlowCause.CPU_SPIKE.machine());
        assertFalse(SlowCause.OWN_WORK.machine());
    }

    /**
     * The CPU canary is measured and counted, not used to classify (docs/engine-notes.md, "The CPU
     * canary"): a callback with a canary 3x its usual is still its own work.
     */
    @Test
    void theCanaryDoesNotDecideTheCauseAndItsBaselineBucketsAreTheRatios() {
        SlowCallback c = new SlowCallback(0, 0, 900_000, 900_000, 0, 0, 0, 0, 0, 0, 200_000, 0, 0, 0, 0, StageTimes.NONE,
                StageTimes.NONE, 1_200, 400, "", null);
        assertEquals(SlowCause.OWN_WORK, SlowCause.classify(c, T, 0));
        // the baseline's buckets: under 1.2x, 1.2-1.5x, 1.5-2x, 2x and over; unknown usual: none
        assertEquals(List.of(0, 1, 1, 2, 3, 3, -1), List.of(CallbackAttribution.canaryBucket(119, 100), CallbackAttribution.canaryBucket(120, 100),
                CallbackAttribution.canaryBucket(149, 100), CallbackAttribution.canaryBucket(150, 100), CallbackAttribution.canaryBucket(200, 100),
                CallbackAttribution.canaryBucket(5_000, 100), CallbackAttribution.canaryBucket(100, 0)));
    }

    @Test
    void aWaitForAWorkerTheMachineHeldIsTheMachines() {
        // the audio thread spun 1.8 ms; the worker's own clocks: 1.7 ms off the CPU in its stall
        assertEquals(SlowCause.MACHINE, SlowCause.classify(waited(2_000_000, 1_800_000, 1_700_000, 0, 0), T, 0));
        assertEquals(SlowCause.PREEMPTED, SlowCause.classify(waited(2_000_000, 1_800_000, 1_700_000, 1, 0), T, 0));
        // the worker blocked (a voluntary switch: a lock, a sleep): jackdesk's
        assertEquals(SlowCause.WORKER, SlowCause.classify(waited(2_000_000, 1_800_000, 1_700_000, 0, 1), T, 0));
        // blocked and preempted once as well: the counts cannot split the time, the block is jackdesk's
        assertEquals(SlowCause.WORKER, SlowCause.classify(waited(2_000_000, 1_800_000, 1_700_000, 1, 1), T, 0));
        // the worker was on the CPU all along: its work
        assertEquals(SlowCause.WORKER, SlowCause.classify(waited(2_000_000, 1_800_000, 20_000, 0, 0), T, 0));
    }

    @Test
    void aWaitForAWorkerStalledOnItsCpuFarBeyondItsUsualSubBlockIsASpikeOfTheMachine() {
        // the audio thread spun 1.8 ms for a worker on its CPU all along; 1.75 ms of it past 8 usual sub-blocks
        SlowCallback spiked = new SlowCallback(0, 0, 2_000_000, 1_995_000, 0, 0, 0, 0, 1_800_000, 0, 157_000, 20_000, 0, 0,
                1_750_000, StageTimes.NONE, StageTimes.NONE, 0, 0, "", null);
        assertEquals(SlowCause.CPU_SPIKE, SlowCause.classify(spiked, T, 0));
        // the spike's share is at most the wait: a record claiming more leaves the audio thread's own work its own
        SlowCallback bigger = new SlowCallback(0, 0, 1_200_000, 1_195_000, 0, 0, 0, 0, 300_000, 0, 157_000, 0, 0, 0,
                1_750_000, StageTimes.NONE, StageTimes.NONE, 0, 0, "", null);
        assertEquals(SlowCause.OWN_WORK, SlowCause.classify(bigger, T, 0));
        // a spike that covers only part of a wait the rest of which still makes the callback slow: the worker's
        SlowCallback part = new SlowCallback(0, 0, 2_000_000, 1_995_000, 0, 0, 0, 0, 1_800_000, 0, 157_000, 0, 0, 0,
                400_000, StageTimes.NONE, StageTimes.NONE, 0, 0, "", null);
        assertEquals(SlowCause.WORKER, SlowCause.classify(part, T, 0));
    }

    @Test
    void withNoSingleSufficientCauseTheLargestShareWins() {
        // 1.2 ms: 500 µs preempted, 400 µs of worker spin, 300 µs own work; none alone brings it under 667 µs.
        assertEquals(SlowCause.PREEMPTED, SlowCause.classify(cb(1_200_000, 700_000, 0, 0, 2, 400_000), T, 0));
    }

    @Test
    void theJvmShareIsTheUnionOfItsSpansWithinTheCallbackPlusDeoptimizations() {
        List<JvmEvents.Span> spans = List.of(
                new JvmEvents.Span(900, 1_300, "VM operation", -1), // clipped to [1 000, 1 300]
                new JvmEvents.Span(1_100, 1_200, "GC pause", -1), // inside the VM operation: counted once
                new JvmEvents.Span(1_800, 2_500, "reaching a safepoint", -1), // clipped to [1 800, 2 000]
                new JvmEvents.Span(1_500, 1_500, "deoptimization", 42));
        assertEquals(300 + 200 + SlowCause.DEOPT_NANOS, CallbackAttribution.jvmShare(spans, 1_000, 2_000));
    }

    @Test
    void aDeoptimizationOfTheWorkerCountsAsFarAsTheCallbackWaitedForIt() {
        List<JvmEvents.Span> two = List.of(new JvmEvents.Span(1_500, 1_500, "deoptimization (unstable_if)", 7),
                new JvmEvents.Span(1_600, 1_600, "deoptimization (unstable_if)", 7));
        assertEquals(2 * SlowCause.DEOPT_NANOS, CallbackAttribution.workerJvmShare(two, 1_000_000));
        assertEquals(300_000, CallbackAttribution.workerJvmShare(two, 300_000), "at most the wait");
        assertEquals(0, CallbackAttribution.workerJvmShare(two, 0), "no wait, no share");
        // 900 µs, 500 µs of it spun for a worker on the CPU that deoptimized twice: without the 400 µs it was in time
        long share = CallbackAttribution.workerJvmShare(two, 500_000);
        assertEquals(SlowCause.JVM_PAUSE, SlowCause.classify(waited(900_000, 500_000, 0, 0, 0), T, share));
        assertEquals(SlowCause.WORKER, SlowCause.classify(waited(900_000, 500_000, 0, 0, 0), T, 0));
    }
}
