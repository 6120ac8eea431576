package org.jackdesk.config.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Autosave against SIGKILL: a real child JVM is killed with -9 and a new one finds every change. */
class AutosaveKillTest {
    @TempDir
    Path dir;

    private static final class Child implements AutoCloseable {
        final Process process;
        final BufferedReader out;
        final PrintWriter in;
        /** The most changes any save so far has held (saves are reported between other replies). */
        long savedChanges;

        Child(Path file) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    AutosaveChild.class.getName(), file.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            await("ready");
        }

        /** Reads lines until one starts with {@code prefix}; returns it. */
        String await(String prefix) throws Exception {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("saved ")) savedChanges = Math.max(savedChanges, Long.parseLong(line.substring(6)));
                if (line.startsWith(prefix)) return line;
                if (line.startsWith("failed") || line.startsWith("error")) throw new AssertionError(line);
            }
            throw new AssertionError("the child ended before '" + prefix + "'");
        }

        String command(String c, String reply) throws Exception {
            in.println(c);
            return await(reply);
        }

        @Override
        public void close() throws Exception {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(60)
    void changesSurviveSigkillOfTheConsoleProcess() throws Exception {
        Path file = dir.resolve("live.json");
        try (Child first = new Child(file)) {
            for (int i = 1; i <= 20; i++) first.command("set ch/" + i + "/fader " + (-i), "ok");
            first.command("set main/mute true", "ok");
            first.command("set ch/3/eq/2/gain 4.5", "ok");
            // Wait for the autosave that holds all 22 changes, then pull the plug (SIGKILL).
            while (first.savedChanges < 22) first.await("saved ");
            first.process.destroyForcibly();
            assertEquals(137, first.process.waitFor(), "killed by SIGKILL");
        }
        try (Child second = new Child(file)) {
            for (int i = 1; i <= 20; i++) {
                assertEquals("value " + (double) -i, second.command("get ch/" + i + "/fader", "value"));
            }
            assertEquals("value true", second.command("get main/mute", "value"));
            assertEquals("value 4.5", second.command("get ch/3/eq/2/gain", "value"));
            assertTrue(second.process.isAlive());
        }
    }
}
