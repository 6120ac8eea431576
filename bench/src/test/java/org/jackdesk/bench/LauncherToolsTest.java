package org.jackdesk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code jackdesk} launcher still accepts the tooling's command lines now that the tooling
 * lives in this module: {@code chaos} and {@code bench ...} reach {@link BenchMain} with their
 * options and exit codes. As control's LauncherCwdTest, the script runs from a throw-away root
 * whose "build" is this test JVM's class path (so the launcher finds it up to date and does not
 * run Maven).
 */
class LauncherToolsTest {
    @TempDir
    Path tmp;

    Path root;

    @BeforeEach
    void fakeRootWithThisBuild() throws Exception {
        Path script = Path.of("").toAbsolutePath().getParent().resolve("jackdesk");
        assertTrue(Files.isExecutable(script), "the launcher is at " + script);
        root = Files.createDirectories(tmp.resolve("opt-jackdesk"));
        Files.copy(script, root.resolve("jackdesk"));
        root.resolve("jackdesk").toFile().setExecutable(true);
        Path lib = Files.createDirectories(root.resolve("control/target/lib"));
        Files.createDirectories(root.resolve("control/target/classes"));
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) jar(p, lib.resolve("dir" + n++ + ".jar"));
            else if (entry.endsWith(".jar") && Files.exists(p)) Files.createSymbolicLink(lib.resolve(n++ + "-" + p.getFileName()), p);
        }
        Files.writeString(Files.createDirectories(root.resolve(".jackdesk")).resolve("build.stamp"), "");
    }

    private static void jar(Path dir, Path jar) throws Exception {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
             Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                j.putNextEntry(new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
                try (InputStream in = Files.newInputStream(f)) {
                    in.transferTo(j);
                }
                j.closeEntry();
            }
        }
    }

    private record Run(int code, String out) {}

    private Run launcher(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("jackdesk").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not finish");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void chaosAndBenchCommandLinesReachTheBenchModuleWithTheirExitCodes() throws Exception {
        Run r = launcher("chaos", "--seconds", "0");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.out().contains("jackdesk chaos: the duration must be positive"), r.out());
        r = launcher("chaos", "--minutes", "1", "--seconds", "5");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.out().contains("give --minutes or --seconds, not both"), r.out());
        r = launcher("bench", "soak", "--clients", "1");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.out().contains("jackdesk bench soak: --clients must be 2–1000, got 1"), r.out());
        r = launcher("help", "chaos");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("Usage: jackdesk chaos"), r.out());
    }
}
