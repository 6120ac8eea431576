package org.jackdesk.bench;

import java.util.Locale;
import java.util.Map;

/** Formats a {@link ChaosResult} as the report {@code jackdesk chaos} prints, ending in PASS or FAIL. */
public final class ChaosReport {
    private ChaosReport() {}

    public static String table(ChaosResult r) {
        StringBuilder b = new StringBuilder();
        b.append(System.lineSeparator());
        line(b, "jackdesk chaos report (%.0f s, seed %d)", r.seconds(), r.seed());
        for (Map.Entry<String, Integer> e : r.counts().entrySet()) line(b, "  %-36s %d", e.getKey(), e.getValue());
        line(b, "  %-36s %d", "paths checked against last ack", r.pathsChecked());
        line(b, "  %-36s %d (meter frames skipped, changes held)", "held back for slow clients", r.heldBack());
        line(b, "  %-36s %d bytes (cap %d, hard cap %d)", "largest client queue", r.maxQueuedBytes(), r.queueCapBytes(),
                r.queueHardCapBytes());
        line(b, "  %-36s %s", "errors answered (by code)", r.errorsByCode());
        line(b, "  %-36s %d (dummy backend; information only)", "xruns", r.xruns());
        line(b, "  %-36s %d frames, peak %.3f, non-finite %d", "output probe (main_L/R over JACK)",
                r.probe().frames(), r.probe().peak(), r.probe().nonFinite());
        line(b, "  %-36s %s", "heap after GC, growth", ChaosRun.mib(r.heapGrowthBytes()));
        if (r.passed()) {
            line(b, "PASS");
        } else {
            line(b, "FAIL (%d):", r.failures().size());
            for (String f : r.failures()) line(b, "  - %s", f);
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }
}
