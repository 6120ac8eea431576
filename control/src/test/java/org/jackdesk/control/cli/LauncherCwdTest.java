package org.jackdesk.control.cli;

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
import org.jackdesk.engine.io.WavWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code jackdesk} launcher run from another folder, as {@code cd ~/songs &&
 * /opt/jackdesk/jackdesk meter song.wav}: relative paths mean the caller's folder, not the
 * repository's. The launcher under test is this repository's script, copied into a throw-away
 * root whose "build" is this test JVM's class path (so the launcher finds it up to date and does
 * not run Maven).
 */
class LauncherCwdTest {
    @TempDir
    Path tmp;

    Path root;
    Path songs;

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
        Path stamp = Files.createDirectories(root.resolve(".jackdesk")).resolve("build.stamp");
        Files.writeString(stamp, "");
        songs = Files.createDirectories(tmp.resolve("songs"));
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

    /** {@code <root>/jackdesk args...} with {@code songs} as the working directory. */
    private Run launcher(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("jackdesk").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(songs.toFile()).redirectErrorStream(true);
        pb.environment().remove("JACKDESK_HOME");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not finish");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private void sine(String name) throws Exception {
        int fs = 48000, frames = fs;
        float[][] x = new float[1][frames];
        for (int i = 0; i < frames; i++) x[0][i] = (float) (0.1 * Math.sin(2 * Math.PI * 1000 * i / fs));
        try (WavWriter w = WavWriter.create(songs.resolve(name), fs, 1)) {
            w.write(x, 0, frames);
            w.commit();
        }
    }

    @Test
    @Timeout(120)
    void meterRenderAndConfigCheckReadPathsRelativeToTheCallersFolder() throws Exception {
        sine("song.wav");
        Run meter = launcher("meter", "song.wav");
        assertEquals(0, meter.code(), meter.out());
        assertTrue(meter.out().contains("song.wav"), meter.out());

        Run render = launcher("render", "--out", "mix.wav", "song.wav");
        assertEquals(0, render.code(), render.out());
        assertTrue(Files.size(songs.resolve("mix.wav")) > 44, "the mix is written in the caller's folder: " + render.out());

        try (InputStream in = LauncherCwdTest.class.getResourceAsStream("/org/jackdesk/config/default.json")) {
            Files.write(songs.resolve("my.json"), in.readAllBytes());
        }
        Run check = launcher("config", "check", "my.json");
        assertEquals(0, check.code(), check.out());
    }

    @Test
    @Timeout(120)
    void startTakesConfigAndShowRelativeToTheCallersFolder() throws Exception {
        try (InputStream in = LauncherCwdTest.class.getResourceAsStream("/org/jackdesk/config/default.json")) {
            Files.write(songs.resolve("my.json"), in.readAllBytes());
        }
        List<String> cmd = List.of(root.resolve("jackdesk").toString(), "start", "--internal-clock", "--no-demo",
                "--host", "127.0.0.1", "--port", "0", "--osc-port", "-1", "--config", "my.json", "--show", "live.json");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(songs.toFile()).redirectErrorStream(true);
        pb.environment().remove("JACKDESK_HOME");
        Process p = pb.start();
        StringBuilder out = new StringBuilder();
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                out.append(l).append('\n');
                if (l.contains("console ready") || l.contains("jackdesk start:")) break;
            }
        } finally {
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) p.destroyForcibly();
        }
        assertTrue(out.toString().contains("console ready"), out.toString());
        assertTrue(out.toString().contains("show " + songs.resolve("live.json")), "the show is in the caller's folder: " + out);
        assertTrue(Files.exists(songs.resolve("live.json")), "saved on stop in the caller's folder: " + out);
    }
}
