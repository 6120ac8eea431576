package org.jackdesk.config.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.show.SceneManager;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: a 64 KiB tmpfs filled to the last byte. Needs root (mount); skipped otherwise.
 */
class FullDiskTest {
    @TempDir
    Path tmp;

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    @Test
    void fullDiskIsReportedKeepsThePreviousFileAndSavingResumesWhenSpaceReturns() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        Assumptions.assumeTrue(root, "skipped: the full-disk test mounts a tmpfs and needs root");
        Path mnt = Files.createDirectory(tmp.resolve("disk"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt.toString()) == 0,
                "skipped: mount -t tmpfs failed (no CAP_SYS_ADMIN in this container?)");
        try {
            ConsoleConfig cfg = ConfigJson.read("tiny", "{\"version\": 2, \"layout\": {\"channels\": [{\"name\": \"Vox\"}]}}");
            SceneManager m = new SceneManager(new ConsoleState(ParamRegistry.forLayout(cfg.toLayout())), () -> 0, t -> {});
            Path file = mnt.resolve("show.json");
            ManualScheduler clock = new ManualScheduler();
            List<String> failures = new ArrayList<>();
            List<String> recoveries = new ArrayList<>();
            Autosaver saver = new Autosaver(file, () -> m.toShow(cfg), Runnable::run, clock, clock::now, new Autosaver.Status() {
                @Override public void saveFailed(Path f, IOException cause, String message) { failures.add(message); }
                @Override public void saveRecovered(Path f) { recoveries.add(f.toString()); }
            });
            m.state().addListener((p, v, o) -> saver.changed());

            m.state().set("ch/1/fader", -10.0, "t");
            clock.advance(1000);
            assertTrue(failures.isEmpty(), failures.toString());
            byte[] good = Files.readAllBytes(file);

            // Fill the disk to the last byte.
            Path filler = mnt.resolve("filler");
            try (OutputStream out = Files.newOutputStream(filler)) {
                byte[] block = new byte[512];
                while (true) out.write(block);
            } catch (IOException full) {
                assertTrue(String.valueOf(full.getMessage()).contains("No space"), full.toString());
            }
            m.state().set("ch/1/fader", -20.0, "t");
            clock.advance(1000);
            assertFalse(failures.isEmpty(), "the failed save is reported");
            assertTrue(failures.get(0).contains("the disk is full") && failures.get(0).contains("intact"), failures.get(0));
            assertTrue(saver.failing());
            assertEquals(new String(good), new String(Files.readAllBytes(file)), "the previous file is intact");
            assertEquals(-10.0, ShowStore.load(file).values().get("ch/1/fader"));
            try (Stream<Path> s = Files.list(mnt)) {
                assertEquals(List.of("filler", "show.json"),
                        s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()), "no temp files left behind");
            }
            int tries = failures.size();
            clock.advance(Autosaver.RETRY_MS * 2);
            assertTrue(failures.size() > tries, "it keeps retrying while the disk is full");

            Files.delete(filler);
            clock.advance(Autosaver.RETRY_MS + 100);
            assertEquals(1, recoveries.size(), "saving resumes when space returns");
            assertFalse(saver.failing());
            assertEquals(-20.0, ShowStore.load(file).values().get("ch/1/fader"));
        } finally {
            run("umount", mnt.toString());
        }
    }
}
