package org.jackdesk.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.config.show.ShowJson;
import org.jackdesk.config.store.AtomicFile;
import org.jackdesk.config.store.ShowStore;
import org.jackdesk.control.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14.1 at start-up, with {@code jackdesk start} as a real child process: the show the
 * issue describes (GO without a cue list) starts from its own file, and a show with a value out
 * of its range starts repaired, the field named on the terminal and on every tablet.
 */
class StartShowRepairTest {
    private static final Pattern READY = Pattern.compile("console ready on port (\\d+)");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ConsoleConfig cfg = ConfigJson.builtinDefault();

    /** A running {@code jackdesk start}; its stderr up to "ready" is kept. */
    private static final class Console implements AutoCloseable {
        final Process process;
        final List<String> lines = new ArrayList<>();
        final int port;

        Console(Path show) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "start", "--internal-clock", "--no-demo", "--host", "127.0.0.1", "--port", "0", "--osc-port", "-1",
                    "--show", show.toString());
            pb.environment().remove("JACKDESK_HOME");
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.redirectErrorStream(false);
            process = pb.start();
            BlockingQueue<String> q = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) q.add(l);
                } catch (Exception ignored) {
                    // the process ended
                }
            }, "console-stderr");
            reader.setDaemon(true);
            reader.start();
            int p = -1;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (p < 0) {
                String l = q.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (l == null) throw new AssertionError("jackdesk start did not get ready: " + lines + (process.isAlive() ? "" : " (exit " + process.exitValue() + ")"));
                lines.add(l);
                Matcher m = READY.matcher(l);
                if (m.find()) p = Integer.parseInt(m.group(1));
            }
            port = p;
        }

        String stderr() {
            return String.join("\n", lines);
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }

    private String get(Console c, String uri) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.port + uri)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    /** The status notices a tablet gets when it connects. */
    private List<JsonObject> notices(Console c) throws Exception {
        BlockingQueue<JsonObject> got = new LinkedBlockingQueue<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + c.port + "/ws"), new WebSocket.Listener() {
            final StringBuilder sb = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                sb.append(data);
                if (last) {
                    got.add(new JsonObject(sb.toString()));
                    sb.setLength(0);
                }
                w.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        List<JsonObject> status = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (JsonObject m; (m = got.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS)) != null; ) {
            if ("status".equals(m.getString("op"))) {
                status.add(m);
                break;
            }
        }
        ws.abort();
        return status;
    }

    @Test
    @Timeout(120)
    void theIssuesShowStartsFromItsOwnFileAtItsCuePosition() throws Exception {
        SceneManager m = new SceneManager(new ConsoleState(ParamRegistry.forLayout(cfg.toLayout())), () -> 0, t -> {});
        m.save("Verse", List.of(), 0);
        m.save("Chorus", List.of(), 0);
        m.go();
        m.go();
        m.back();
        Path show = dir.resolve("show.json");
        ShowStore.save(show, m.toShow(cfg));
        ShowStore.save(show, m.toShow(cfg));
        try (Console c = new Console(show)) {
            assertTrue(!c.stderr().contains("warning"), c.stderr());
            assertEquals(0, new JsonObject(get(c, "/api/scenes")).getInteger("currentCue"), "the cue position survived");
        }
    }

    @Test
    @Timeout(120)
    void aValueOutOfRangeIsRepairedNamedOnTheTerminalAndTheTabletsAndSavedRepaired() throws Exception {
        SceneManager m = new SceneManager(new ConsoleState(ParamRegistry.forLayout(cfg.toLayout())), () -> 0, t -> {});
        m.save("Verse", List.of(), 0);
        String edited = ShowJson.write(m.toShow(cfg)).replaceFirst("\"ch/1/fader\" : 0.0", "\"ch/1/fader\" : 40.0");
        Path show = dir.resolve("show.json");
        Files.writeString(show, edited);
        try (Console c = new Console(show)) {
            String err = c.stderr();
            assertTrue(Pattern.compile("warning: repaired a value out of range: " + Pattern.quote(show.toString())
                    + ":\\d+:\\d+: values\\[\"ch/1/fader\"\\]: ch/1/fader must be between .* \\(got 40\\); repaired: set to 10\\.0").matcher(err).find(), err);
            assertTrue(!err.contains("refusing"), err);
            assertEquals(10.0, new JsonObject(get(c, "/api/params/ch/1/fader")).getDouble("value"));
            assertEquals(1, new JsonObject(get(c, "/api/scenes")).getJsonArray("scenes").size(), "the rest of the show is intact");
            List<JsonObject> status = notices(c);
            assertEquals(1, status.size(), "the tablets' notice banner says it");
            assertEquals("warning", status.get(0).getString("level"));
            assertTrue(status.get(0).getString("message").contains("values[\"ch/1/fader\"]"), status.get(0).encode());
            // Saved repaired at once, so the next start is clean; the file as it was is kept aside.
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Files.readString(show).equals(edited) && System.nanoTime() < end) Thread.sleep(100);
            assertEquals(10.0, ShowStore.load(show).values().get("ch/1/fader"));
            assertEquals(edited, Files.readString(AtomicFile.backupOf(show)));
            try (var files = Files.list(dir)) {
                assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("show.json.repaired-")), "the file as it was is kept");
            }
        }
    }
}
