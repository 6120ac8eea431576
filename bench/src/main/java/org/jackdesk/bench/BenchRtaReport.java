package org.jackdesk.bench;

import java.util.Locale;

/** Formats a {@link BenchRtaResult} as the lines {@code jackdesk bench rta} prints. */
public final class BenchRtaReport {
    private BenchRtaReport() {}

    public static String table(BenchRtaResult r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "jackdesk bench rta: %d RTA sources at %d fps to %d clients (client i looks at source i mod %d),"
                + " %d s without then %d s with%n", r.sources(), r.fps(), r.clients(), r.sources(), r.seconds(), r.seconds()));
        b.append(String.format(Locale.ROOT, "machine: %d cores, load average %.2f before the run, jitter probe longest gap %d µs (%s)%n",
                r.cores(), r.loadAverage(), r.jitterLongestMicros(), r.jitterScheduling()));
        if (r.frames() == 0) return b.append(String.format("no RTA frame reached any client: the server is not working%n")).toString();
        b.append(String.format(Locale.ROOT, "analysis: %.0f µs per frame (8192-point FFT, 1/3 octave)%n", r.frameMicros()));
        b.append(String.format(Locale.ROOT, "RTA frames: %.1f per client per second (asked %d)%n", r.framesPerClientPerSecond(), r.fps()));
        b.append(String.format(Locale.ROOT, "server event loop CPU with the RTA streams: %.1f %% of one core (target <= 5 %%: %s)%n",
                r.loopCpuPct(), r.cpuTargetMet() ? "met" : "MISSED"));
        b.append(String.format(Locale.ROOT, "engine process call, internal clock, 256 frames: without RTA p50 %.1f µs p99.9 %.1f µs;"
                + " with the tap copying %d sources p50 %.1f µs p99.9 %.1f µs%n", r.callbackP50UsWithout(), r.callbackP999UsWithout(),
                r.sources(), r.callbackP50UsWith(), r.callbackP999UsWith()));
        return b.toString();
    }
}
