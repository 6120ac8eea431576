package org.jackdesk.bench;

/**
 * The console side of a soak window, as the child console ({@link SoakConsoleCommand}'s
 * {@code stats} answer, read back by name) or {@code /metrics} report it. With {@code --url} only
 * {@code xruns} and {@code callbackMaxMicros} are known; every other field is then null.
 */
public record SoakConsoleStats(Double seconds, Long xruns, Long cycles, Double callbackP50Micros, Double callbackP99Micros,
        Double callbackP999Micros, Double callbackMaxMicros, Double dspLoadPercent, Long processorFailures,
        Long nonFiniteOutputs, Double cpuPercent, Double eventLoopCpuPercent, Long gcPauses, Long gcLongestPauseMs,
        Long gcCycles, Long gcLongestCycleMs, Long heapPeakBytes, Long heapCommittedBytes, Long heapMaxBytes,
        Long heapAfterGcBytes, Long autosaveFailures) {

    /** What a console's Prometheus {@code /metrics} tells: xruns over the window, the longest callback since its start. */
    static SoakConsoleStats fromMetrics(long xruns, double callbackMaxMicros) {
        return new SoakConsoleStats(null, xruns, null, null, null, null, callbackMaxMicros, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    /** Whether the console process's heap and CPU were measured (not with --url). */
    public boolean processMeasured() {
        return heapMaxBytes != null;
    }

    /** Cycles that threw, non-finite outputs or failed autosaves (0 when not measured). */
    public boolean faults() {
        return nz(processorFailures) != 0 || nz(nonFiniteOutputs) != 0 || nz(autosaveFailures) != 0;
    }

    private static long nz(Long v) {
        return v == null ? 0 : v;
    }
}
