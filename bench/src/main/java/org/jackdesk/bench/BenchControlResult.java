package org.jackdesk.bench;

/**
 * What {@code jackdesk bench control} measured: the run's shape, the echo latency of a moving
 * fader to every other client, the meter frame rate, and the CPU of the server's event loop with
 * meters only and with meters plus echoes. {@code changes} 0 means no change reached any client.
 */
public record BenchControlResult(int clients, int rateHz, int fps, int channels, int buses, int seconds,
        int changes, double echoP50Ms, double echoP99Ms, double echoMaxMs,
        double meterFpsPerClient, double meterOnlyLoopCpuPct, double loopCpuPct, double processCpuPct) {

    /** The targets: echo p99 at most 10 ms. */
    public boolean echoTargetMet() {
        return echoP99Ms <= 10;
    }

    /** The targets: meters to every client at most 5 % of a core. */
    public boolean meterTargetMet() {
        return meterOnlyLoopCpuPct <= 5;
    }

    /** 0, or 1 when no change reached the other clients (the server is not working). */
    public int exitCode() {
        return changes == 0 ? 1 : 0;
    }
}
