package org.jackdesk.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A console started elsewhere: xruns and callback max from its Prometheus {@code /metrics}. */
final class SoakMetricsProbe implements SoakConsoleProbe {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI metrics;
    private long xruns0;

    SoakMetricsProbe(URI base) {
        this.metrics = base.resolve("/metrics");
    }

    private Map<String, Double> read() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Double> m = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("#") || line.isBlank()) continue;
            int sp = line.lastIndexOf(' ');
            try {
                m.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
            } catch (NumberFormatException | StringIndexOutOfBoundsException ignored) {
                // not a sample line
            }
        }
        return m;
    }

    @Override
    public void reset() throws Exception {
        xruns0 = read().getOrDefault("jackdesk_xruns_total", 0.0).longValue();
    }

    @Override
    public SoakConsoleStats stats() throws Exception {
        Map<String, Double> m = read();
        return SoakConsoleStats.fromMetrics(m.getOrDefault("jackdesk_xruns_total", 0.0).longValue() - xruns0,
                m.getOrDefault("jackdesk_callback_max_microseconds", Double.NaN));
    }

    @Override
    public boolean alive() {
        try {
            return http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
    }
}
