package org.jackdesk.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The console as a child process ({@link SoakConsoleCommand}), driven through its stdin and stdout. */
final class SoakChildConsole implements SoakConsoleProbe {
    final Process process;
    final Path log;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final Writer stdin;
    int port = -1;

    private SoakChildConsole(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) lines.add(l);
            } catch (IOException ignored) {
                // the process ended
            }
        }, "soak-console-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static SoakChildConsole start(String jackServer, Path dir, int maxClients, int perClientRate, int totalRate, boolean internalClock)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-XX:") || a.startsWith("-Xm") || a.startsWith("-Xs") || a.startsWith("--enable-native-access")
                    || a.startsWith("--sun-misc-unsafe") || a.startsWith("-Djava.awt.headless")) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchMain.class.getName(),
                "soak-console", "--jack-server", jackServer, "--show", dir.resolve("show.json").toString(),
                "--max-clients", Integer.toString(maxClients), "--max-rate", Integer.toString(perClientRate),
                "--max-per-address", Integer.toString(maxClients), "--max-total-rate", Integer.toString(totalRate)));
        if (internalClock) cmd.add("--internal-clock");
        Path log = dir.resolve("console.log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        SoakChildConsole c = new SoakChildConsole(p, log);
        String line = c.lines.poll(90, TimeUnit.SECONDS);
        if (line != null && line.startsWith("READY port=")) {
            c.port = Integer.parseInt(line.substring("READY port=".length()).trim());
        } else {
            System.out.println("the console did not start: " + (line == null ? "no answer within 90 s" : line));
            System.out.println("its log: " + c.logTail());
        }
        return c;
    }

    private String command(String cmd) throws IOException, InterruptedException {
        stdin.write(cmd + "\n");
        stdin.flush();
        String line = lines.poll(60, TimeUnit.SECONDS);
        if (line == null) throw new IOException("the console did not answer '" + cmd + "' within 60 s; its log: " + logTail());
        return line;
    }

    @Override
    public void reset() throws Exception {
        String r = command("reset");
        if (!r.equals("OK")) throw new IOException("the console answered '" + r + "' to reset");
    }

    @Override
    public SoakConsoleStats stats() throws Exception {
        return ResultJson.read(command("stats"), SoakConsoleStats.class);
    }

    @Override
    public boolean alive() {
        return process.isAlive();
    }

    String logTail() {
        try {
            List<String> l = Files.readAllLines(log);
            return String.join(" | ", l.subList(Math.max(0, l.size() - 6), l.size()));
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                stdin.write("stop\n");
                stdin.flush();
                stdin.close();
            }
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
