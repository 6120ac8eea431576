package org.jackdesk.bench;

import org.jackdesk.engine.jack.CallbackTimes;

/**
 * What {@code jackdesk bench realtime} measured. {@code jitter} is null when the probe was skipped
 * ({@code --jitter-seconds 0}); {@code run} is null and {@code failure} says why when the measured
 * phase produced no result (the server ran at another rate, no audio cycle ran).
 */
public record BenchRealtimeResult(Setup setup, JitterProbe.Result jitter, String server, Phase idle, Run run, String failure) {

    /** The run's shape and the machine it ran on. */
    public record Setup(int channels, int buses, int fx, boolean bypass, int rate, int period, int seconds, int warmupSeconds,
            String runtime, int cores, double loadAtStart, String strips) {
        /** A run without FX slots. */
        public Setup(int channels, int buses, boolean bypass, int rate, int period, int seconds, int warmupSeconds,
                     String runtime, int cores, double loadAtStart, String strips) {
            this(channels, buses, 0, bypass, rate, period, seconds, warmupSeconds, runtime, cores, loadAtStart, strips);
        }

        public double periodMicros() {
            return period * 1e6 / rate;
        }
    }

    /** A phase on the server: xruns and JACK's DSP load (percent). */
    public record Phase(long xruns, double dspLoadMean, double dspLoadMax) {}

    /**
     * The strip worker's share of the second group's chunks of each sub-block, what it allocated (null: unknown),
     * its wake latencies, and how long the audio thread spun waiting for it per callback on average
     * (every callback, not only the slow ones: the hand-off's usual cost on the critical path), and
     * each strip group's compute time per callback on average (A: the audio thread's strips).
     */
    public record Worker(double sharePct, Double bytesPerCycle, long[] wakeLatencyBucketsMicros,
                         long[] wakeLatency, long wakeLatencyMaxMicros, double waitMicrosPerCycle,
                         double groupAMicrosPerCycle, double groupBMicrosPerCycle) {}

    /**
     * The measured phase. {@code bytesPerCycle} on the JACK thread is null when the JVM could not
     * tell (the audio thread changed, or allocation accounting is off).
     */
    public record Run(CallbackTimes callback, long xruns, double dspLoadMean, double dspLoadMax, Double bytesPerCycle,
            long allocatedBytes, long cycles, Worker worker, GcWatch.Summary gc, long processorFailures, long nonFiniteOutputs,
            double loadAtEnd, Attribution slow) {

        /** A run without the slow-callback attribution. */
        public Run(CallbackTimes callback, long xruns, double dspLoadMean, double dspLoadMax, Double bytesPerCycle,
                   long allocatedBytes, long cycles, Worker worker, GcWatch.Summary gc, long processorFailures, long nonFiniteOutputs,
                   double loadAtEnd) {
            this(callback, xruns, dspLoadMean, dspLoadMax, bytesPerCycle, allocatedBytes, cycles, worker, gc, processorFailures,
                    nonFiniteOutputs, loadAtEnd, null);
        }

        public long xrunsBeyond(Phase idle) {
            return Math.max(0, xruns - idle.xruns());
        }
    }

    /**
     * The measured phase's callbacks longer than half the period ({@code thresholdMicros}), by cause
     * ({@link org.jackdesk.engine.jack.SlowCause#label()}, every cause listed in order); {@code machine}
     * of them have causes outside jackdesk and its JVM; {@code longest} the longest few, one line
     * each; {@code jvmEvents} and {@code nativePath} how they were observed.
     */
    public record Attribution(double thresholdMicros, long slow, long dropped, java.util.Map<String, Long> byCause, long machine,
            java.util.List<String> longest, String jvmEvents, String nativePath, java.util.List<StageRow> stages,
            java.util.List<Long> canaryAll, java.util.List<Long> canaryOwnWork, java.util.List<Double> canaryMeanMicros) {}

    /**
     * Where the extra time of the slow callbacks spent on the CPU ({@code own_work}, {@code cpu_spike})
     * went, by stage of the cycle: the stage's usual time and share of the usual callback, how many of
     * those callbacks had their largest excess over the usual in it, and the excess summed there. A
     * stall the machine imposes at a random moment lands in a stage about as often as its share; work
     * of jackdesk's that sometimes runs long lands in its own stage far more often.
     */
    public record StageRow(String stage, double usualMicros, double usualShare, long largestExcessIn, double excessMicros) {}

    /** 0 when the measured phase ran, 1 when it produced no result. */
    public int exitCode() {
        return run == null ? 1 : 0;
    }

    static double pct(double micros, double periodMicros) {
        return 100.0 * micros / periodMicros;
    }

    /** Issue 3's targets, for 64 strips + 8 stereo buses at 48 kHz / 64: p99.9 at most 25 % of the period. */
    public boolean p999TargetMet() {
        return run != null && pct(run.callback().p999Micros(), setup.periodMicros()) <= 25;
    }

    /** ... the longest callback at most 50 % of the period. */
    public boolean maxTargetMet() {
        return run != null && pct(run.callback().maxMicros(), setup.periodMicros()) <= 50;
    }

    /** ... no xrun beyond the idle baseline. */
    public boolean xrunTargetMet() {
        return run != null && run.xruns() <= idle.xruns();
    }

    /** ... every slow callback left is the machine's (none attributed to jackdesk or its JVM, none unattributed). */
    public boolean attributionTargetMet() {
        return run != null && run.slow() != null && run.slow().dropped() == 0 && run.slow().slow() == run.slow().machine();
    }

    /** ... 0 bytes allocated per cycle on the JACK thread. */
    public boolean allocationTargetMet() {
        return run != null && run.bytesPerCycle() != null && run.bytesPerCycle() == 0;
    }
}
