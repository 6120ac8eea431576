package org.jackdesk.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.config.store.AtomicFile;
import org.jackdesk.config.store.ShowStore;
import org.jackdesk.control.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jackdesk start} as a real child process (internal clock, ephemeral port): the show is
 * autosaved, survives SIGKILL, is flushed on a normal stop, and a damaged file is reported and
 * its backup used, never silently reset.
 */
class StartShowPersistenceTest {
    private static final Pattern READY = Pattern.compile("console ready on port (\\d+)");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A running {@code jackdesk start}; its stderr lines are kept for the assertions. */
    private static final class Console implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> all = new ArrayList<>();
        final int port;

        Console(Path show) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "start", "--internal-clock", "--no-demo", "--host", "127.0.0.1", "--port", "0", "--osc-port", "-1",
                    "--show", show.toString());
            pb.environment().remove("JACKDESK_HOME");
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            process = pb.start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) lines.add(l);
                } catch (Exception ignored) {
                    // the process ended
                }
            }, "console-stderr");
            reader.setDaemon(true);
            reader.start();
            int p = -1;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (p < 0) {
                String l = lines.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (l == null) throw new AssertionError("jackdesk start did not get ready: " + all + (process.isAlive() ? "" : " (exit " + process.exitValue() + ")"));
                all.add(l);
                Matcher m = READY.matcher(l);
                if (m.find()) p = Integer.parseInt(m.group(1));
            }
            port = p;
        }

        String stderr() {
            lines.drainTo(all);
            return String.join("\n", all);
        }

        @Override
        public void close() throws Exception {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private HttpResponse<String> send(Console c, String method, String uri, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.port + uri)).timeout(java.time.Duration.ofSeconds(5));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void put(Console c, String path, String value) throws Exception {
        HttpResponse<String> r = send(c, "PUT", "/api/params/" + path, value);
        assertEquals(200, r.statusCode(), r.body());
    }

    private Object value(Console c, String path) throws Exception {
        HttpResponse<String> r = send(c, "GET", "/api/params/" + path, null);
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getValue("value");
    }

    @Test
    @Timeout(90)
    void valuesAndScenesSurviveSigkillAndANormalStopSavesTheLastChange() throws Exception {
        Path show = dir.resolve("shows").resolve("live.json"); // the folder does not exist yet
        try (Console first = new Console(show)) {
            put(first, "ch/1/fader", "-12.5");
            put(first, "ch/5/mute", "true");
            put(first, "ch/2/eq/1/gain", "3.5");
            HttpResponse<String> saved = send(first, "POST", "/api/scenes", "{\"name\":\"Before the kill\"}");
            assertEquals(201, saved.statusCode(), saved.body());
            put(first, "main/fader", "-3");
            Thread.sleep(1200); // autosave promises to have everything older than 1 s on disk
            first.process.destroyForcibly();
            assertEquals(137, first.process.waitFor(), "killed with SIGKILL");
        }
        try (Console second = new Console(show)) {
            assertEquals(-12.5, ((Number) value(second, "ch/1/fader")).doubleValue());
            assertEquals(true, value(second, "ch/5/mute"));
            assertEquals(3.5, ((Number) value(second, "ch/2/eq/1/gain")).doubleValue());
            assertEquals(-3.0, ((Number) value(second, "main/fader")).doubleValue());
            JsonObject scenes = new JsonObject(send(second, "GET", "/api/scenes", null).body());
            assertEquals("Before the kill", scenes.getJsonArray("scenes").getJsonObject(0).getString("name"));

            // A normal stop (SIGTERM) saves a change made just before it, inside the debounce time.
            put(second, "ch/7/fader", "-21");
            second.process.destroy();
            assertNotEquals(137, second.process.waitFor());
        }
        try (Console third = new Console(show)) {
            assertEquals(-21.0, ((Number) value(third, "ch/7/fader")).doubleValue(), "the final flush saved the last change");
            assertEquals(-12.5, ((Number) value(third, "ch/1/fader")).doubleValue());
        }
    }

    @Test
    @Timeout(60)
    void aDamagedShowIsReportedWithItsPositionAndTheBackupIsLoaded() throws Exception {
        Path show = dir.resolve("live.json");
        ConsoleConfig cfg = ConfigJson.builtinDefault();
        ConsoleState state = new ConsoleState(ParamRegistry.forLayout(cfg.toLayout()));
        SceneManager scenes = new SceneManager(state, System::currentTimeMillis, t -> {});
        state.set("ch/3/fader", -7.0, "test");
        ShowStore.save(show, scenes.toShow(cfg));
        state.set("ch/3/fader", -8.0, "test");
        ShowStore.save(show, scenes.toShow(cfg)); // the first save is kept as live.json.bak
        assertTrue(Files.exists(AtomicFile.backupOf(show)));
        String text = Files.readString(show);
        Files.writeString(show, text.substring(0, text.length() / 2)); // truncated, as by a failing disk
        try (Console second = new Console(show)) {
            String err = second.stderr();
            assertTrue(err.contains(show.toString() + ":"), "the damaged file is named: " + err);
            assertTrue(Pattern.compile(Pattern.quote(show.toString()) + ":\\d+:\\d+").matcher(err).find(), "with line and column: " + err);
            assertTrue(err.contains("live.json.bak"), "the backup is named: " + err);
            assertEquals(-7.0, ((Number) value(second, "ch/3/fader")).doubleValue(), "the backup's values are loaded");
            try (var files = Files.list(dir)) {
                assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("live.json.broken-")), "the damaged file is kept aside");
            }
        }
    }

    @Test
    void aShowAndBackupBothDamagedRefuseToStartUnlessFresh() throws Exception {
        Path show = dir.resolve("live.json");
        Files.writeString(show, "{\"format\": \"jackdesk-show\", \"version\": 1, \"values\": {");
        Files.writeString(AtomicFile.backupOf(show), "not json at all");
        CliRunner.Result r = CliRunner.run("start", "--internal-clock", "--no-demo", "--port", "0", "--osc-port", "-1", "--show", show.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("refusing to start"), r.err());
        assertTrue(r.err().contains("--fresh"), "says how to go on: " + r.err());
        assertTrue(r.err().contains(show + ":1:"), "names the file and position: " + r.err());
        assertTrue(Files.exists(show) && Files.exists(AtomicFile.backupOf(show)), "both files are left as they were");
        assertEquals("not json at all", Files.readString(AtomicFile.backupOf(show)));
    }
}
