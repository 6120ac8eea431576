package org.jackdesk.config.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.show.SceneManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed autosave says what is on disk: a saved show that is intact, or none at all (issue 15 item 12). */
class SaveFailureMessageTest {
    @TempDir
    Path tmp;

    @Test
    void aSaveThatFailsOnANeverSavedHomeDoesNotClaimAnIntactShow() throws Exception {
        ConsoleConfig cfg = ConfigJson.read("tiny", "{\"version\": 2, \"layout\": {\"channels\": [{\"name\": \"Vox\"}]}}");
        SceneManager m = new SceneManager(new ConsoleState(ParamRegistry.forLayout(cfg.toLayout())), () -> 0, t -> {});
        // The home cannot be written (its "directory" is a file; as root a read-only mode would not stop the write).
        Path notADir = Files.writeString(tmp.resolve("home"), "a file, not a directory");
        Path file = notADir.resolve("show.json");
        ManualScheduler clock = new ManualScheduler();
        List<String> failures = new ArrayList<>();
        Autosaver saver = new Autosaver(file, () -> m.toShow(cfg), Runnable::run, clock, clock::now, new Autosaver.Status() {
            @Override public void saveFailed(Path f, IOException cause, String message) { failures.add(message); }
            @Override public void saveRecovered(Path f) { }
        });
        m.state().addListener((p, v, o) -> saver.changed());
        m.state().set("ch/1/fader", -10.0, "t");
        clock.advance(1000);
        assertFalse(failures.isEmpty(), "the failed save is reported");
        String msg = failures.get(0);
        assertFalse(msg.contains("intact"), "no saved show exists to be intact: " + msg);
        assertTrue(msg.contains("no show has been saved to " + file + " yet"), msg);
        assertTrue(msg.contains("The mix keeps playing"), msg);
    }
}
