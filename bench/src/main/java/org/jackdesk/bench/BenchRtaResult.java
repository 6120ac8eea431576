package org.jackdesk.bench;

/**
 * What {@code jackdesk bench rta} measured: the machine (cores, load average before the run, the
 * jitter probe's longest gap), the analysis (one frame's time with the console's own FFT), the
 * server event loop's CPU while streaming {@code sources} RTA views at {@code fps} to
 * {@code clients} clients, the frames that arrived, and the engine's process-call time
 * percentiles without and with the RTA tap copying, in the same run. {@code frames} 0 means no
 * RTA frame reached any client.
 */
public record BenchRtaResult(int cores, double loadAverage, long jitterLongestMicros, String jitterScheduling,
        int sources, int clients, int fps, int seconds, double frameMicros,
        long frames, double framesPerClientPerSecond, double loopCpuPct,
        double callbackP50UsWithout, double callbackP999UsWithout, double callbackP50UsWith, double callbackP999UsWith) {

    /** The target: 8 sources at 30 fps to 8 clients within 5 % of a core. */
    public boolean cpuTargetMet() {
        return loopCpuPct <= 5;
    }

    public int exitCode() {
        return frames == 0 ? 1 : 0;
    }
}
