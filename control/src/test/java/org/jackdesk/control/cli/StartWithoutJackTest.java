package org.jackdesk.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A first run on a machine without JACK: {@code jackdesk start} in a child JVM in which JNA cannot
 * find libjack (its search paths point at an empty folder, as on a fresh Debian with only a JDK)
 * falls back to the internal clock with one line saying why and how to get real audio, and no
 * stack trace reaches the terminal. Run on this JVM (the JNA audio path) and on the newest JDK
 * installed when it is 22 or newer (the launcher's choice, the FFM audio path).
 */
class StartWithoutJackTest {
    @TempDir
    Path dir;

    static Stream<Path> jdks() {
        List<Path> homes = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"))));
        Path newest = ChildConsole.newestJdk(22);
        if (newest != null && ChildConsole.feature(newest) != Runtime.version().feature()) homes.add(newest);
        return homes.stream();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    @Timeout(120)
    void withoutLibjackStartRunsOnTheInternalClockWithOneLineAndNoStackTrace(Path javaHome) throws Exception {
        // dlopen("libjack.so") would still find the development symlink, which JNA's paths cannot hide.
        for (String d : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib", "/usr/local/lib", "/lib")) {
            Assumptions.assumeFalse(Files.exists(Path.of(d, "libjack.so")),
                    "SKIPPED: " + d + "/libjack.so (a JACK development package) lets the system find libjack");
        }
        Path empty = Files.createDirectories(dir.resolve("no-libs"));
        int feature = ChildConsole.feature(javaHome);
        try (ChildConsole c = ChildConsole.start(ChildConsole.javaCommand(javaHome, feature),
                List.of("-Djna.library.path=" + empty, "-Djna.platform.library.path=" + empty),
                null, "start", "--host", "127.0.0.1", "--port", "0", "--osc-port", "-1", "--show", dir.resolve("show.json").toString())) {
            c.awaitReady(60);
            String out = c.output();
            List<String> fallback = out.lines().filter(l -> l.contains("internal clock") && l.contains("libjack")).toList();
            assertEquals(1, fallback.size(), "one line says why the internal clock is used:\n" + out);
            String line = fallback.get(0);
            assertTrue(line.contains("running on the internal clock"), line);
            assertTrue(line.contains("apt-get install jackd2") && line.contains("pw-jack"), "says how to get real audio: " + line);
            for (String l : out.lines().toList()) {
                assertFalse(l.startsWith("\tat ") || l.startsWith("Exception") || l.contains("Error:") || l.contains("Exception:"),
                        "no stack trace reaches the terminal (Java " + feature + "):\n" + out);
            }
            assertHealthyOnInternalClock(c);
        }
    }

    /**
     * A mistyped {@code -Djackdesk.cpuIdle} (the CPU idle hold's switch, docs/engine-notes.md) stops the
     * start before anything runs, with the property, the value and the choices in one line and exit 2.
     */
    @Test
    @Timeout(60)
    void aMistypedCpuIdleModeStopsTheStartWithTheReason() throws Exception {
        try (ChildConsole c = ChildConsole.start(ChildConsole.javaCommand(Path.of(System.getProperty("java.home")),
                        Runtime.version().feature()), List.of("-Djackdesk.cpuIdle=polling"), null,
                "start", "--host", "127.0.0.1", "--port", "0", "--osc-port", "-1", "--show", dir.resolve("show.json").toString())) {
            assertTrue(c.process.waitFor(45, java.util.concurrent.TimeUnit.SECONDS), "start did not stop:\n" + c.output());
            String out = c.output();
            assertEquals(2, c.process.exitValue(), out);
            assertTrue(out.contains("jackdesk start: -Djackdesk.cpuIdle must be poll or os, got 'polling'"), out);
            assertFalse(out.contains("console ready") || out.contains("\tat "), out);
            assertFalse(Files.exists(dir.resolve("show.json")), "nothing was written: " + out);
        }
    }

    /**
     * A JVM that may not load native code at all ({@code --illegal-native-access=deny}, Java 24+):
     * the binding fails inside JNA's own initialisation; the start still falls back and names the cause.
     */
    @Test
    @Timeout(120)
    void aJvmDenyingNativeAccessRunsOnTheInternalClockAndSaysWhy() throws Exception {
        Path jdk = ChildConsole.newestJdk(24);
        Assumptions.assumeTrue(jdk != null, "SKIPPED: no Java 24+ under /usr/lib/jvm");
        List<String> java = new ArrayList<>(List.of(jdk.resolve("bin").resolve("java").toString(),
                "--illegal-native-access=deny", "--sun-misc-unsafe-memory-access=allow"));
        try (ChildConsole c = ChildConsole.start(java, List.of(), null, "start", "--host", "127.0.0.1", "--port", "0",
                "--osc-port", "-1", "--show", dir.resolve("show.json").toString())) {
            c.awaitReady(60);
            String out = c.output();
            String line = out.lines().filter(l -> l.contains("running on the internal clock")).findFirst().orElseThrow(() -> new AssertionError(out));
            assertTrue(line.contains("IllegalCallerException") || line.contains("native access"), "names the cause, not just an initializer error: " + line);
            assertTrue(line.contains("apt-get install jackd2"), line);
            for (String l : out.lines().toList()) {
                assertFalse(l.startsWith("\tat ") || l.startsWith("Exception") || l.contains("Exception in thread"), "no stack trace:\n" + out);
            }
            assertHealthyOnInternalClock(c);
        }
    }

    private static void assertHealthyOnInternalClock(ChildConsole c) throws Exception {
        HttpResponse<String> health = c.get("/api/health");
        assertEquals(200, health.statusCode(), health.body());
        JsonObject h = new JsonObject(health.body());
        assertEquals("internal clock", h.getString("backend"), h.encode());
        assertEquals("ok", h.getString("status"), "the internal clock is a working console: " + h.encode());
    }
}
