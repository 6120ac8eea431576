package org.jackdesk.bench;

import java.util.Locale;

/** Formats a {@link BenchControlResult} as the lines {@code jackdesk bench control} prints. */
public final class BenchControlReport {
    private BenchControlReport() {}

    public static String table(BenchControlResult r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "jackdesk bench control: %d clients, a fader moving at %d Hz, meters at %d fps to every client,"
                + " %d channels + %d buses, %d s meters only then %d s with the fader moving%n", r.clients(), r.rateHz(), r.fps(),
                r.channels(), r.buses(), r.seconds(), r.seconds()));
        if (r.changes() == 0) {
            return b.append(String.format("no change reached the other clients: the server is not working%n")).toString();
        }
        b.append(String.format(Locale.ROOT, "echo latency to the other %d clients: p50 %.2f ms  p99 %.2f ms  max %.2f ms  (%d changes received)%n",
                r.clients() - 1, r.echoP50Ms(), r.echoP99Ms(), r.echoMaxMs(), r.changes()));
        b.append(String.format(Locale.ROOT, "meter frames: %.1f fps per client (asked %d)%n", r.meterFpsPerClient(), r.fps()));
        b.append(String.format(Locale.ROOT, "server event loop CPU, meters only: %.1f %% of one core%n", r.meterOnlyLoopCpuPct()));
        b.append(String.format(Locale.ROOT, "server event loop CPU, meters + fader echoes: %.1f %% of one core;"
                + " whole process (server, %d clients, engine): %.1f %%%n", r.loopCpuPct(), r.clients(), r.processCpuPct()));
        b.append(String.format(Locale.ROOT, "targets: echo p99 <= 10 ms %s; meters to %d clients <= 5 %% of a core %s%n",
                r.echoTargetMet() ? "met" : "MISSED", r.clients(), r.meterTargetMet() ? "met" : "MISSED"));
        return b.toString();
    }
}
