package org.jackdesk.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.config.store.AtomicFile;
import org.jackdesk.config.store.ShowStore;
import org.jackdesk.engine.jack.JackBackend;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/health} of a real {@code jackdesk start} reports what the tablets are shown: an
 * autosave that fails (and recovers) and a show loaded from its backup, each as a check, with the
 * overall status following them.
 */
class StartHealthTest {
    @TempDir
    Path dir;

    private static ChildConsole start(Path show) throws Exception {
        return ChildConsole.start(ChildConsole.javaCommand(Path.of(System.getProperty("java.home")), Runtime.version().feature()),
                List.of(), null, "start", "--internal-clock", "--no-demo", "--host", "127.0.0.1", "--port", "0", "--osc-port", "-1",
                "--show", show.toString()).awaitReady(60);
    }

    private static JsonObject health(ChildConsole c) throws Exception {
        HttpResponse<String> r = c.get("/api/health");
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    /** Polls health until its overall status is {@code status}; returns that answer. */
    private static JsonObject awaitHealth(ChildConsole c, String status) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        JsonObject h = health(c);
        while (!status.equals(h.getString("status")) && System.nanoTime() < end) {
            Thread.sleep(100);
            h = health(c);
        }
        assertEquals(status, h.getString("status"), h.encode() + "\n" + c.output());
        return h;
    }

    @Test
    @Timeout(90)
    void aFailingAutosaveIsAnErrorInHealthUntilItSavesAgain() throws Exception {
        Path folder = dir.resolve("shows");
        Path show = folder.resolve("live.json");
        try (ChildConsole c = start(show)) {
            JsonObject h = awaitHealth(c, "ok");
            assertEquals("ok", h.getJsonObject("checks").getJsonObject("autosave").getString("status"), h.encode());
            // The show's folder becomes a plain file: every save fails, even for root.
            Path moved = dir.resolve("shows-away");
            Files.move(folder, moved);
            Files.writeString(folder, "not a folder");
            assertEquals(200, c.put("/api/params/ch/1/fader", "{\"value\":-6}").statusCode());
            JsonObject sick = awaitHealth(c, "error");
            JsonObject autosave = sick.getJsonObject("checks").getJsonObject("autosave");
            assertEquals("error", autosave.getString("status"), sick.encode());
            assertEquals("save_failed", autosave.getString("code"), sick.encode());
            assertTrue(autosave.getString("message").contains("live.json"), sick.encode());

            Files.delete(folder);
            Files.move(moved, folder);
            assertEquals(200, c.put("/api/params/ch/1/fader", "{\"value\":-7}").statusCode());
            JsonObject well = awaitHealth(c, "ok");
            assertEquals("ok", well.getJsonObject("checks").getJsonObject("autosave").getString("status"), well.encode());
        }
    }

    @Test
    @Timeout(90)
    void aNamedServerThatIsNotRunningIsAwaitedOnTheTerminalAndInHealth() throws Exception {
        Assumptions.assumeTrue(JackBackend.libraryProblem() == null, "SKIPPED: libjack is not installed (apt-get install jackd2)");
        String name = "jdabsent-" + ProcessHandle.current().pid();
        try (ChildConsole c = ChildConsole.start(ChildConsole.javaCommand(Path.of(System.getProperty("java.home")), Runtime.version().feature()),
                List.of(), null, "start", "--jack-server", name, "--host", "127.0.0.1", "--port", "0", "--osc-port", "-1",
                "--show", dir.resolve("live.json").toString()).awaitReady(60)) {
            String out = c.output();
            assertTrue(out.contains("JACK server '" + name + "' is not running: waiting for it, retrying every second"), out);
            assertTrue(out.contains("jackdesk: no audio yet (waiting for JACK server '" + name + "')"), out);
            assertFalse(out.contains("private JACK server") || out.contains("internal clock") || out.contains("demo"), out);
            JsonObject h = health(c);
            assertEquals("error", h.getString("status"), h.encode());
            assertEquals("jack_waiting", h.getJsonObject("checks").getJsonObject("audio").getString("code"), h.encode());
        }
    }

    @Test
    @Timeout(90)
    void aShowLoadedFromItsBackupIsAWarningInHealth() throws Exception {
        Path show = dir.resolve("live.json");
        ConsoleConfig cfg = ConfigJson.builtinDefault();
        ConsoleState state = new ConsoleState(ParamRegistry.forLayout(cfg.toLayout()));
        SceneManager scenes = new SceneManager(state, System::currentTimeMillis, t -> {});
        ShowStore.save(show, scenes.toShow(cfg));
        state.set("ch/3/fader", -8.0, "test");
        ShowStore.save(show, scenes.toShow(cfg)); // the first save is kept as live.json.bak
        assertTrue(Files.exists(AtomicFile.backupOf(show)));
        Files.writeString(show, "{\"format\": \"jackdesk-show\""); // truncated
        try (ChildConsole c = start(show)) {
            JsonObject h = health(c);
            assertEquals("warning", h.getString("status"), h.encode());
            JsonObject loaded = h.getJsonObject("checks").getJsonObject("show_loaded");
            assertEquals("warning", loaded.getString("status"), h.encode());
            assertEquals("show_recovered", loaded.getString("code"), h.encode());
            assertTrue(loaded.getString("message").contains("live.json.bak"), h.encode());
            assertEquals("ok", h.getJsonObject("checks").getJsonObject("audio").getString("status"), h.encode());
        }
    }
}
