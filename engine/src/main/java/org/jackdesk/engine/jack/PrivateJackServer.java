package org.jackdesk.engine.jack;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code jackd} with the dummy backend under a unique private server name, owned by this
 * process: for {@code ./jackdesk start} when no server runs, and for tests. It never touches the
 * default or a user's server. Real-time scheduling ({@code -R -P 70}) is used when running as
 * root; without it an idle dummy server reports xruns by itself.
 *
 * <p>Thread: worker (starting and stopping block for up to a few seconds).
 */
public final class PrivateJackServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PrivateJackServer.class.getName());
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final int WAIT_SECONDS = 10;

    /**
     * How to run the server. The dummy driver runs in real time for its sample rate, so a test
     * that needs many cycles quickly uses a high rate (384 kHz at 64 frames is 6000 cycles/s).
     * (The dummy driver's own {@code -w} option is not offered: it silently overrides the period.)
     */
    public record Options(String namePrefix, int sampleRate, int periodFrames, int captureChannels, int playbackChannels) {
        public Options {
            if (namePrefix == null || !namePrefix.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("server name prefix must be letters, digits, '-' or '_', got '" + namePrefix + "'");
            }
            if (sampleRate < 8000 || sampleRate > 384000) throw new IllegalArgumentException("sample rate out of range: " + sampleRate);
            if (periodFrames < 16 || periodFrames > 8192 || Integer.bitCount(periodFrames) != 1) {
                throw new IllegalArgumentException("period must be a power of two in 16..8192, got " + periodFrames);
            }
            if (captureChannels < 0 || playbackChannels < 0) throw new IllegalArgumentException("channel counts must be >= 0");
        }

        public static Options defaults() {
            return new Options("jackdesk", 48000, 64, 2, 2);
        }

        public Options withSampleRate(int rate) {
            return new Options(namePrefix, rate, periodFrames, captureChannels, playbackChannels);
        }

        public Options withPeriod(int frames) {
            return new Options(namePrefix, sampleRate, frames, captureChannels, playbackChannels);
        }

        public Options withChannels(int capture, int playback) {
            return new Options(namePrefix, sampleRate, periodFrames, capture, playback);
        }

        public Options withNamePrefix(String prefix) {
            return new Options(prefix, sampleRate, periodFrames, captureChannels, playbackChannels);
        }
    }

    private Options options; // guarded by this; only the name prefix is fixed
    private final String name;
    private final Path log;
    private Process process; // guarded by this

    /** Servers of this JVM that are not closed yet; a shutdown hook stops them so none outlives us. */
    private static final java.util.Set<PrivateJackServer> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Shutdown hooks run at the same time: give an owner that closes in order (the start
            // command closes its JACK client, then its server) a moment, so the console does not
            // see its server vanish under it and report "JACK server gone" while stopping.
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (!LIVE.isEmpty() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    break;
                }
            }
            for (PrivateJackServer s : LIVE) s.stop();
        }, "jackdesk-private-jackd-reaper"));
    }

    private PrivateJackServer(Options options) throws IOException {
        LIVE.add(this);
        this.options = options;
        this.name = options.namePrefix() + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        this.log = Files.createTempFile("jackd-" + name + "-", ".log");
    }

    /** True when both {@code jackd} and {@code jack_wait} are on the PATH. */
    public static boolean jackdAvailable() {
        return onPath("jackd") != null && onPath("jack_wait") != null;
    }

    /**
     * Starts a server and waits until it accepts clients.
     *
     * @throws IOException if jackd is missing or does not come up (the message quotes its log)
     */
    public static PrivateJackServer start(Options options) throws IOException {
        stopOrphans(options.namePrefix());
        reclaimStaleSlots(options.namePrefix());
        PrivateJackServer s = new PrivateJackServer(options);
        s.launch();
        return s;
    }

    /**
     * Stops the private servers with this name prefix whose owning JVM is gone. A JVM killed
     * without running its shutdown hooks (SIGKILL, a test fork killed by its build) leaves its
     * {@code jackd -R} behind, waking 3 000 times a second at real-time priority until reboot and
     * disturbing every later real-time measurement (an hour-old one caused xruns in a test run
     * here). Only a {@code jackd} named {@code <prefix>-<pid>-<n>}, this class's own scheme, whose
     * {@code <pid>} is no longer a live process, is stopped; a user's server never matches.
     *
     * @return how many orphans were told to stop
     */
    static int stopOrphans(String namePrefix) {
        Pattern own = Pattern.compile(Pattern.quote(namePrefix) + "-(\\d+)-\\d+");
        int stopped = 0;
        for (ProcessHandle p : (Iterable<ProcessHandle>) ProcessHandle.allProcesses()::iterator) {
            ProcessHandle.Info info = p.info();
            String cmd = info.command().orElse("");
            String[] args = info.arguments().orElse(null);
            if (args == null || !(cmd.endsWith("/jackd") || cmd.equals("jackd"))) continue;
            for (int i = 0; i + 1 < args.length; i++) {
                if (!args[i].equals("-n") && !args[i].equals("--name")) continue;
                Matcher m = own.matcher(args[i + 1]);
                if (!m.matches()) continue;
                long owner;
                try {
                    owner = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (owner == ProcessHandle.current().pid() || ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) continue;
                LOG.log(System.Logger.Level.WARNING, "stopping jackd ''{0}'' (pid {1}): a private server left by process {2}, which is gone",
                        args[i + 1], p.pid(), owner);
                p.destroy();
                stopped++;
            }
        }
        return stopped;
    }

    /** JACK's server registry (jack2's {@code shm.c}): a header, then {@link #REGISTRY_SLOTS} of {pid, name}. */
    static final Path REGISTRY = Path.of("/dev/shm/jack-shm-registry");
    static final int REGISTRY_SLOTS = 8;
    private static final int REGISTRY_HEADER = 24, REGISTRY_SLOT = 264;
    private static final Pattern REGISTERED_NAME = Pattern.compile("jack-\\d+:(.*):");

    /** One used slot of JACK's server registry: the registering jackd's pid and its server name. */
    record RegisteredServer(long pid, String name) {
        boolean alive() {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    /**
     * The used slots of JACK's server registry ({@code /dev/shm/jack-shm-registry}; empty when it
     * is absent, unreadable or not jack2's layout). jack2 keeps 8; a jackd killed with SIGKILL keeps
     * its slot, and only a server of the same name reclaims it (docs/engine-notes.md).
     */
    static List<RegisteredServer> registeredServers() {
        byte[] d;
        try {
            d = Files.readAllBytes(REGISTRY);
        } catch (IOException e) {
            return List.of();
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(d).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (d.length < REGISTRY_HEADER + REGISTRY_SLOTS * REGISTRY_SLOT || b.getInt(0) != 0x4A41434B
                || b.getInt(16) != REGISTRY_HEADER + REGISTRY_SLOTS * REGISTRY_SLOT) return List.of();
        List<RegisteredServer> used = new ArrayList<>();
        for (int i = 0; i < REGISTRY_SLOTS; i++) {
            int at = REGISTRY_HEADER + i * REGISTRY_SLOT;
            int pid = b.getInt(at);
            if (pid == 0) continue;
            int end = at + 4;
            while (end < at + REGISTRY_SLOT && d[end] != 0) end++;
            String raw = new String(d, at + 4, end - at - 4, StandardCharsets.ISO_8859_1);
            Matcher m = REGISTERED_NAME.matcher(raw);
            used.add(new RegisteredServer(pid, m.matches() ? m.group(1) : raw));
        }
        return used;
    }

    /**
     * Frees the registry slots that servers of this class's own naming ({@code <prefix>-<pid>-<n>})
     * kept when they were killed: a slot is reclaimed the way jack2 allows, by starting a server of
     * that name (which takes over the dead owner's slot) and stopping it with SIGTERM. Without this,
     * eight crashed private servers leave no slot and every later {@code jackd} on the machine exits
     * at once. A user's server and a live one are never touched.
     *
     * @return how many slots were reclaimed
     */
    static int reclaimStaleSlots(String namePrefix) {
        Pattern own = Pattern.compile(Pattern.quote(namePrefix) + "-\\d+-\\d+");
        String jackd = onPath("jackd"), jackWait = onPath("jack_wait");
        if (jackd == null || jackWait == null) return 0;
        int reclaimed = 0;
        for (RegisteredServer s : registeredServers()) {
            if (s.alive() || !own.matcher(s.name()).matches()) continue;
            LOG.log(System.Logger.Level.WARNING, "freeing JACK registry slot of ''{0}'' (pid {1} is gone): a private server that was killed",
                    s.name(), s.pid());
            Process p = null;
            try {
                // in a session of its own (setsid execs it): a server this JVM stops must not signal its group
                List<String> cmd = new ArrayList<>();
                if (onPath("setsid") != null) cmd.add(onPath("setsid"));
                cmd.addAll(List.of(jackd, "-n", s.name(), "-d", "dummy", "-r", "48000", "-p", "1024"));
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
                pb.environment().remove("JACK_DEFAULT_SERVER");
                p = pb.start();
                Process w = new ProcessBuilder(jackWait, "-w", "-s", s.name(), "-t", "5").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!w.waitFor(7, TimeUnit.SECONDS)) w.destroyForcibly();
                p.destroy(); // SIGTERM: jackd unregisters and frees the slot
                if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
                reclaimed++;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "could not free the slot of ''{0}'': {1}", s.name(), e.getMessage());
            } catch (InterruptedException e) {
                if (p != null) p.destroyForcibly();
                Thread.currentThread().interrupt();
                break;
            }
        }
        return reclaimed;
    }

    /** What the registry says when a server does not come up: "" unless it is full. */
    static String registryDiagnosis() {
        List<RegisteredServer> used = registeredServers();
        if (used.size() < REGISTRY_SLOTS) return "";
        StringBuilder b = new StringBuilder("; JACK's server registry (" + REGISTRY + ") is full, no jackd can start: ");
        for (int i = 0; i < used.size(); i++) {
            RegisteredServer s = used.get(i);
            if (i > 0) b.append(", ");
            b.append('\'').append(s.name()).append("' (pid ").append(s.pid()).append(s.alive() ? ")" : ", gone)");
        }
        return b.append(". A slot of a server that is gone is freed by starting a jackd of that name and stopping it"
                + " (jackd -n NAME -d dummy, then Ctrl-C), or by deleting the registry file while no JACK server runs").toString();
    }

    /** The private server name: pass it as {@link JackBackend.Config#serverName()} or {@code JACK_DEFAULT_SERVER}. */
    public String name() {
        return name;
    }

    public synchronized Options options() {
        return options;
    }

    /** jackd's combined stdout and stderr (appended across restarts). */
    public Path logFile() {
        return log;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Pid of the running jackd, or -1. */
    public synchronized long pid() {
        return isRunning() ? process.pid() : -1;
    }

    /** Simulates a crash: SIGKILL, then waits until the process is gone (and reaped). */
    public synchronized void kill() throws InterruptedException {
        if (process == null) return;
        process.destroyForcibly();
        process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
        process = null;
    }

    /** Starts jackd again under the same name (after {@link #kill} or {@link #stop}). */
    public synchronized void restart() throws IOException {
        restart(options);
    }

    /**
     * Starts jackd again under the same name with other settings (sample rate, period,
     * channels), as when a user restarts their server differently.
     */
    public synchronized void restart(Options newOptions) throws IOException {
        if (isRunning()) throw new IllegalStateException("jackd '" + name + "' is still running");
        this.options = newOptions;
        launch();
    }

    /** SIGTERM, then SIGKILL if jackd has not exited within three seconds. Idempotent. */
    public synchronized void stop() {
        if (process == null) return;
        Process p = process;
        process = null;
        p.destroy();
        try {
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops jackd and deletes its log. */
    @Override
    public void close() {
        LIVE.remove(this);
        stop();
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a leftover temp file is harmless
        }
    }

    /** Runs a JACK command-line tool against this server (JACK_DEFAULT_SERVER set) and returns its output. */
    public String runTool(String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("JACK_DEFAULT_SERVER", name);
        pb.environment().put("JACK_NO_START_SERVER", "1");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within " + WAIT_SECONDS + " s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + text.strip());
        }
        return text;
    }

    private synchronized void launch() throws IOException {
        String jackd = onPath("jackd");
        String jackWait = onPath("jack_wait");
        if (jackd == null || jackWait == null) {
            throw new IOException("jackd and jack_wait are needed (Debian: apt-get install -y jackd2)");
        }
        List<String> cmd = new ArrayList<>(List.of(jackd));
        if (isRoot()) cmd.addAll(List.of("-R", "-P", "70"));
        cmd.addAll(List.of("-n", name, "-d", "dummy", "-r", Integer.toString(options.sampleRate()),
                "-p", Integer.toString(options.periodFrames()),
                "-C", Integer.toString(options.captureChannels()), "-P", Integer.toString(options.playbackChannels())));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().remove("JACK_DEFAULT_SERVER");
        process = pb.start();
        try {
            Process w = new ProcessBuilder(jackWait, "-w", "-s", name, "-t", Integer.toString(WAIT_SECONDS))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean done = w.waitFor(WAIT_SECONDS + 2, TimeUnit.SECONDS);
            if (!done) w.destroyForcibly();
            if (!done || w.exitValue() != 0 || !process.isAlive()) {
                stop();
                throw new IOException("jackd '" + name + "' did not come up within " + WAIT_SECONDS + " s; its log ("
                        + log + ") ends: " + tail() + registryDiagnosis());
            }
        } catch (InterruptedException e) {
            stop();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for jackd '" + name + "'", e);
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 6), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Whether this process runs as root: then a private server runs with real-time scheduling ({@code -R -P 70}). Thread: any. */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[1].equals("0");
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    private static String onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) path = "/usr/bin:/bin";
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, exe);
            if (f.isFile() && f.canExecute()) return f.getAbsolutePath();
        }
        return null;
    }
}
