package org.jackdesk.control.cli;

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
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jackdesk.control.Main;

/**
 * {@code jackdesk start} as a real child JVM, as the launcher runs it: every line it writes to the
 * terminal (stdout and stderr, merged) is kept, and its HTTP port is read from "console ready".
 */
final class ChildConsole implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("console ready on port (\\d+)");

    final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    int port = -1;

    private ChildConsole(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) lines.add(l);
            } catch (Exception ignored) {
                // the process ended
            }
        }, "child-console-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The java launcher of {@code javaHome}, with the flags {@code ./jackdesk} gives that version. */
    static List<String> javaCommand(Path javaHome, int feature) {
        List<String> cmd = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("java").toString()));
        if (feature >= 22) cmd.add("--enable-native-access=ALL-UNNAMED");
        if (feature >= 23) cmd.add("--sun-misc-unsafe-memory-access=allow");
        return cmd;
    }

    /** The newest JDK of at least {@code minFeature} under /usr/lib/jvm, or null. */
    static Path newestJdk(int minFeature) {
        Path best = null;
        int bestV = minFeature - 1;
        try (var dirs = Files.list(Path.of("/usr/lib/jvm"))) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                int v = feature(d);
                if (v > bestV && Files.isExecutable(d.resolve("bin").resolve("java"))) {
                    best = d;
                    bestV = v;
                }
            }
        } catch (Exception e) {
            return null;
        }
        return best;
    }

    /** The feature version in a JDK's {@code release} file ({@code JAVA_VERSION="25.0.1"}), or -1. */
    static int feature(Path javaHome) {
        try {
            for (String l : Files.readAllLines(javaHome.resolve("release"))) {
                Matcher m = Pattern.compile("^JAVA_VERSION=\"(\\d+)").matcher(l);
                if (m.find()) return Integer.parseInt(m.group(1));
            }
        } catch (Exception e) {
            // no release file
        }
        return -1;
    }

    /** Starts {@code java jvmArgs... Main args...} in {@code cwd} (null: this JVM's). */
    static ChildConsole start(List<String> java, List<String> jvmArgs, Path cwd, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(java);
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (cwd != null) pb.directory(cwd.toFile());
        pb.environment().remove("JACKDESK_HOME");
        pb.environment().remove("JACK_DEFAULT_SERVER");
        return new ChildConsole(pb.start());
    }

    /** Waits for a line matching {@code p}; fails with everything seen so far. */
    String await(Predicate<String> p, long timeoutSeconds, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (String l : seen) if (p.test(l)) return l;
        while (true) {
            long left = end - System.nanoTime();
            String l = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (l == null) {
                throw new AssertionError("no " + what + " within " + timeoutSeconds + " s; output:\n" + output()
                        + (process.isAlive() ? "" : "\n(exit " + process.exitValue() + ")"));
            }
            seen.add(l);
            if (p.test(l)) return l;
        }
    }

    /** Waits for "console ready on port N" and remembers N. */
    ChildConsole awaitReady(long timeoutSeconds) throws InterruptedException {
        Matcher m = READY.matcher(await(l -> READY.matcher(l).find(), timeoutSeconds, "\"console ready\""));
        if (!m.find()) throw new AssertionError("no port");
        port = Integer.parseInt(m.group(1));
        return this;
    }

    /** Everything written so far. */
    String output() {
        lines.drainTo(seen);
        return String.join("\n", seen);
    }

    HttpResponse<String> get(String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + uri))
                .timeout(java.time.Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> put(String uri, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + uri))
                .timeout(java.time.Duration.ofSeconds(5)).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
