package org.jackdesk.bench;

import java.util.List;
import java.util.Map;

/**
 * What {@code jackdesk chaos} did and found: how often each fault ran ({@code counts}, in the order
 * they first ran), the console's own figures (held-back frames, largest client queue, errors by
 * code, xruns), the output probe, the heap growth, and every check that failed. PASS is
 * {@code failures} empty.
 */
public record ChaosResult(double seconds, long seed, long keepaliveMs, Map<String, Integer> counts, int pathsChecked,
        long heldBack, long maxQueuedBytes, long queueCapBytes, long queueHardCapBytes, Map<String, Long> errorsByCode,
        long xruns, Probe probe, long heapGrowthBytes, List<String> failures) {

    /** The output probe on main_L/R over JACK. */
    public record Probe(long frames, float peak, long nonFinite) {}

    public boolean passed() {
        return failures.isEmpty();
    }

    /** 0 on PASS, 1 on FAIL. */
    public int exitCode() {
        return passed() ? 0 : 1;
    }
}
