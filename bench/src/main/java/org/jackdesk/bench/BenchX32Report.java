package org.jackdesk.bench;

import java.util.Locale;

/** Formats a {@link BenchX32Result} as the lines {@code jackdesk bench x32} prints. */
public final class BenchX32Report {
    private BenchX32Report() {}

    public static String table(BenchX32Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "jackdesk bench x32: %d X32 apps (/xremote) sync the whole tree (%d addresses each) at once,"
                + " then each moves its own fader at %d Hz for %d s%n", r.clients(), r.addresses(), r.faderHz(), r.seconds()));
        b.append(String.format(Locale.ROOT, "machine: %d cores, load average %.2f before the run, jitter probe longest gap %d µs (%s)%n",
                r.cores(), r.loadAverage(), r.jitterLongestMicros(), r.jitterScheduling()));
        b.append(String.format(Locale.ROOT, "first sync on the console just started: slowest app %.0f ms%n", r.coldSyncMsMax()));
        b.append(String.format(Locale.ROOT, "full sync: slowest app %.0f ms, median %.0f ms, %d addresses unanswered (target < 2000 ms: %s);"
                + " server event loop %.0f ms of CPU%n", r.syncMsMax(), r.syncMsMedian(), r.unanswered(),
                r.syncTargetMet() ? "met" : "MISSED", r.syncLoopCpuMs()));
        b.append(String.format(Locale.ROOT, "faders: %d moves, %d of %d echoes to the other apps, latency p50 %.2f ms p99 %.2f ms;"
                + " server event loop %.1f %% of one core%n", r.moves(), r.echoes(), r.expectedEchoes(), r.echoP50Ms(), r.echoP99Ms(),
                r.faderLoopCpuPct()));
        return b.toString();
    }
}
