package org.jackdesk.bench;

/**
 * What {@code jackdesk bench x32} measured: the machine (cores, load average before the run, the
 * jitter probe's longest gap); {@code clients} X32 apps syncing the whole tree ({@code addresses}
 * each) at once — first on the console just started (the slowest app's time, {@code coldSyncMsMax}),
 * then again: the slowest and the median app's time to a full sync, the addresses left
 * unanswered, the server event loop's CPU time for all of it; then each app moving its own fader
 * at {@code faderHz} for {@code seconds}: the moves, the pushes the other apps received of them
 * (expected: moves × (clients − 1)), the echo latency from a move's send to another app's receipt
 * (p50, p99) and the event loop's CPU in % of one core.
 */
public record BenchX32Result(int cores, double loadAverage, long jitterLongestMicros, String jitterScheduling,
        int clients, int addresses, double coldSyncMsMax, double syncMsMax, double syncMsMedian, long unanswered, double syncLoopCpuMs,
        int faderHz, int seconds, long moves, long echoes, long expectedEchoes, double echoP50Ms, double echoP99Ms,
        double faderLoopCpuPct) {

    /** The target: every app has the whole tree within 2 s on loopback. */
    public boolean syncTargetMet() {
        return unanswered == 0 && syncMsMax < 2000;
    }

    public int exitCode() {
        return unanswered > 0 || echoes == 0 ? 1 : 0;
    }
}
