package org.jackdesk.bench;

import java.util.List;
import java.util.Map;

/**
 * What {@code jackdesk bench soak} measured and checked. {@code server}, {@code baseline} and
 * {@code limits} are null with {@code --url} (a console this command did not start);
 * {@code stats} is null when the console died; {@code finalState} is null when it could not be
 * read at the end; {@code observerXruns} is -1 with {@code --url} (no idle client).
 */
public record SoakResult(Setup setup, String console, String server, Baseline baseline, Limits limits,
        int pathsMoved, int pathsPerClient, int channels, int buses,
        double measuredSeconds, long setsMeasured, long setsSent, long acks, boolean consoleAlive, SoakConsoleStats stats,
        long observerXruns, Latency echo, Latency ack, double meterFpsPerClient, Map<String, Long> errors,
        List<String> firstErrors, long dropped, double clientCpuPct, long unanswered, FinalState finalState, double loadAtEnd) {

    /** The options of the run and the machine the clients ran on; {@code url} is null when the command started the console. */
    public record Setup(int clients, int rate, int fps, int seconds, int warmupSeconds, boolean batch, boolean consoleOffJack,
            String url, String clientRuntime, int cores, double loadAtStart) {}

    /** The idle client alone on the server before the console started. */
    public record Baseline(int seconds, long xruns) {}

    /** The limits passed to the console so N loopback clients at this rate are legitimate traffic. */
    public record Limits(int connections, int perAddress, int perClientRate, int totalRate) {}

    /** Latencies in milliseconds over {@code count} samples. */
    public record Latency(double p50Ms, double p99Ms, double p999Ms, double maxMs, long count) {
        static Latency of(LatencyHistogram h) {
            return new Latency(h.percentileMs(0.5), h.percentileMs(0.99), h.percentileMs(0.999), h.maxMs(), h.count());
        }
    }

    /**
     * GET /api/state at the end against the last value each client sent: updates the console lost,
     * and client views that differ from the console ({@code viewsChecked} = paths × clients);
     * {@code examples} names the first few.
     */
    public record FinalState(int pathsChecked, long lostUpdates, long staleViews, long viewsChecked, List<String> examples) {}

    /** The console's length of a period: the soak's private server runs at 48 kHz, 64 frames. */
    public static final double PERIOD_MICROS = 64 * 1e6 / 48000;

    public double setsPerSecond() {
        return setsMeasured / measuredSeconds;
    }

    /** The idle baseline's xruns scaled to the measured duration. */
    public double expectedXruns() {
        return baseline == null ? 0 : baseline.xruns() * (measuredSeconds / baseline.seconds());
    }

    /**
     * The console's xruns beyond the baseline, or null when that is not measured: with --url, with
     * --console-off-jack (the console is not in the graph), or when the console died.
     */
    public Long xrunsBeyondBaseline() {
        if (stats == null || observerXruns < 0 || setup.consoleOffJack() || stats.xruns() == null) return null;
        return Math.max(0, stats.xruns() - (long) Math.ceil(expectedXruns()));
    }

    /** With --console-off-jack: the idle client's xruns beyond the baseline, i.e. what the client load alone caused. */
    public long xrunsByClientLoad() {
        return Math.max(0, observerXruns - (long) Math.ceil(expectedXruns()));
    }

    /**
     * The console worked: alive, no error and no dropped connection, no fault inside it, every set
     * answered, no update lost and every client's view equal to the final state. Timing targets do
     * not count.
     */
    public boolean functional() {
        return consoleAlive && errors.isEmpty() && dropped == 0 && !(stats != null && stats.faults()) && unanswered == 0
                && finalState != null && finalState.lostUpdates() == 0 && finalState.staleViews() == 0;
    }

    /** Issue 8's targets: p99 echo at most 10 ms. */
    public boolean echoTargetMet() {
        return echo.p99Ms() <= 10;
    }

    /** ... 0 lost updates (missed when the final state could not be read). */
    public boolean lostUpdatesTargetMet() {
        return finalState != null && finalState.lostUpdates() == 0;
    }

    /** 0 when functional, 1 on a functional failure. */
    public int exitCode() {
        return functional() ? 0 : 1;
    }
}
