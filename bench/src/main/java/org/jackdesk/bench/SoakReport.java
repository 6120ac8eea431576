package org.jackdesk.bench;

import java.util.Locale;

/** Formats a {@link SoakResult} as the report {@code jackdesk bench soak} prints, ending in "functional: ok" or FAILED. */
public final class SoakReport {
    private SoakReport() {}

    public static String table(SoakResult r) {
        StringBuilder b = new StringBuilder();
        SoakResult.Setup s = r.setup();
        line(b, "jackdesk bench soak: %d clients x %d sets/s (%d sets/s), meters at %d fps to every client;"
                + " %d s measured after %d s warm-up", s.clients(), s.rate(), s.clients() * s.rate(), s.fps(), s.seconds(), s.warmupSeconds());
        line(b, "clients: %s%s", s.clientRuntime(), s.batch() ? "; connected with /ws?batch=1 like the web UI" : "; one message per frame (--no-batch)");
        line(b, "machine: %d cores, load average %.2f at start", s.cores(), s.loadAtStart());
        if (r.server() != null) line(b, "server: %s", r.server());
        if (r.baseline() != null) {
            line(b, "idle baseline: a do-nothing client alone on the server, %d s: %d xruns", r.baseline().seconds(), r.baseline().xruns());
        }
        if (r.limits() != null) {
            line(b, "server limits passed to the console: %d WebSocket connections, %d per address,"
                    + " %d messages/s per client, %d messages/s in total", r.limits().connections(), r.limits().perAddress(),
                    r.limits().perClientRate(), r.limits().totalRate());
        }
        line(b, "console: %s", r.console());
        line(b, "paths: %d moved, %d per client, disjoint (faders, pans, send levels and pans, trims,"
                + " EQ gains of %d channels and %d buses); values uniform in each range, in steps of 0.001",
                r.pathsMoved(), r.pathsPerClient(), r.channels(), r.buses());
        line(b, "--- results");
        line(b, "sets: %.0f per second achieved while measuring (asked %d); %d sent in all, %d acked",
                r.setsPerSecond(), s.clients() * s.rate(), r.setsSent(), r.acks());
        if (!r.consoleAlive()) line(b, "CONSOLE DIED during the soak");
        SoakConsoleStats st = r.stats();
        if (st != null) {
            double secs = r.measuredSeconds();
            if (r.observerXruns() >= 0) {
                if (s.consoleOffJack()) {
                    line(b, "xruns: the console is not in the JACK graph (--console-off-jack); the idle client saw"
                            + " %d during the soak; baseline %d in %d s, i.e. %.1f expected in %.0f s: %d caused by the client load"
                            + " on this machine alone", r.observerXruns(), r.baseline().xruns(), r.baseline().seconds(), r.expectedXruns(),
                            secs, r.xrunsByClientLoad());
                } else {
                    line(b, "xruns: %d during the soak (the console's JACK client; %d seen by the idle client);"
                            + " baseline %d in %d s, i.e. %.1f expected in %.0f s: %d beyond the baseline", st.xruns(), r.observerXruns(),
                            r.baseline().xruns(), r.baseline().seconds(), r.expectedXruns(), secs, r.xrunsBeyondBaseline());
                }
                line(b, "callback: p50 %.0f µs  p99 %.0f µs  p99.9 %.0f µs  max %.1f µs (%.1f %% of the"
                        + " %.0f µs period), %d cycles; DSP load (JACK) %.1f %% at the end",
                        st.callbackP50Micros(), st.callbackP99Micros(), st.callbackP999Micros(), st.callbackMaxMicros(),
                        100 * st.callbackMaxMicros() / SoakResult.PERIOD_MICROS, SoakResult.PERIOD_MICROS, st.cycles(), st.dspLoadPercent());
            } else {
                line(b, "xruns: %d during the soak (from /metrics; no baseline with --url)", st.xruns());
                line(b, "callback: max %.1f µs since the console started (from /metrics: no percentiles with --url)", st.callbackMaxMicros());
            }
        }
        SoakResult.Latency e = r.echo(), a = r.ack();
        line(b, "echo latency (a client's set until the 'changed' at each of the other %d clients, matched by"
                + " path and value): p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms (%d changes)",
                s.clients() - 1, e.p50Ms(), e.p99Ms(), e.p999Ms(), e.maxMs(), e.count());
        line(b, "ack latency (set until the sender's 'ack'): p50 %.2f ms  p99 %.2f ms  max %.2f ms (%d acks)",
                a.p50Ms(), a.p99Ms(), a.maxMs(), a.count());
        line(b, "meter frames: %.1f fps per client (asked %d)", r.meterFpsPerClient(), s.fps());
        line(b, "errors received: %s", r.errors().isEmpty() ? "none" : r.errors());
        for (String x : r.firstErrors()) line(b, "  %s", x);
        if (r.dropped() > 0) line(b, "connections dropped by the server: %d", r.dropped());
        if (st != null && st.processMeasured()) {
            line(b, "server process: CPU %.1f %% of one core (its event loop %.1f %%); heap %.0f MiB after GC"
                    + " at the end / %.0f MiB max (peak in use %.0f MiB, committed %.0f MiB); GC: %d pauses, longest %d ms;"
                    + " %d concurrent cycles, longest %d ms",
                    st.cpuPercent(), st.eventLoopCpuPercent(), mib(st.heapAfterGcBytes()), mib(st.heapMaxBytes()),
                    mib(st.heapPeakBytes()), mib(st.heapCommittedBytes()), st.gcPauses(), st.gcLongestPauseMs(), st.gcCycles(),
                    st.gcLongestCycleMs());
            if (st.faults()) {
                line(b, "CONSOLE FAULTS: %d cycles threw, %d non-finite outputs, %d autosave failures",
                        st.processorFailures(), st.nonFiniteOutputs(), st.autosaveFailures());
            }
        } else {
            line(b, "server process: heap and CPU not measured (--url)");
        }
        line(b, "client process (this JVM: %d clients, 2 event loops): CPU %.1f %% of one core", s.clients(), r.clientCpuPct());
        if (r.unanswered() > 0) {
            line(b, "sets never answered (no ack, no error of their own): %d%s", r.unanswered(), r.errors().containsKey("rate_limited")
                    ? " (the server drops a client's excess after one rate_limited error a second; a stalled client's backlog"
                    + " arrives as a burst over the limit)" : "");
        }
        SoakResult.FinalState f = r.finalState();
        if (f != null) {
            line(b, "final state (GET /api/state) vs the last value each client sent: %d paths checked,"
                    + " lost updates %d; client views that differ from the final state: %d (of %d)",
                    f.pathsChecked(), f.lostUpdates(), f.staleViews(), f.viewsChecked());
            for (String x : f.examples()) line(b, "  %s", x);
        } else {
            line(b, "final state: not read (the console is gone)");
        }
        line(b, "load average %.2f at the end", r.loadAtEnd());
        Long beyond = r.xrunsBeyondBaseline();
        line(b, "targets (issue 8): 0 xruns beyond the baseline %s; p99 echo <= 10 ms %s; 0 lost updates %s",
                r.observerXruns() < 0 ? "n/a (no baseline with --url)" : s.consoleOffJack() ? "n/a (console off JACK)"
                        : met(beyond != null && beyond == 0), met(r.echoTargetMet()), met(r.lostUpdatesTargetMet()));
        line(b, "%s", r.functional() ? "functional: ok" : "functional: FAILED (see above)");
        return b.toString();
    }

    private static String met(boolean ok) {
        return ok ? "met" : "MISSED";
    }

    private static double mib(Long bytes) {
        return bytes == null ? Double.NaN : bytes / (1024.0 * 1024.0);
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }
}
