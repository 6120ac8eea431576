package org.jackdesk.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.control.BackendEngineControl;
import org.jackdesk.control.Console;
import org.jackdesk.control.ControlServer;
import org.jackdesk.control.ServerOptions;
import org.jackdesk.control.security.SecurityOptions;
import org.jackdesk.control.x32.X32Osc;
import org.jackdesk.control.x32.X32Tree;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.jack.DemoSignal;
import org.jackdesk.engine.jack.InternalClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jackdesk bench x32}: the X32 endpoint under the apps of a show. A real console (the
 * composition root) on loopback over the mix engine on the internal clock (16 channels of the demo
 * programme, 8 buses). First {@code clients} apps register with {@code /xremote} and each walk the
 * whole X32 tree at once, as Mixing Station does on connect (at most 32 requests unanswered per app):
 * once on the console just started (the slowest app's time is reported as the cold sync), then
 * again, measured: the time to a full sync per app and the event loop's CPU. Then every app moves its own channel's fader at {@code hz}; every
 * other app's receipt of the push is timed from the move's send. The server event loop's CPU is
 * taken in both phases. Reported as a {@link BenchX32Result} that {@link BenchX32Report} prints
 * (or {@code --json}), the machine's state first: cores, load average, a jitter probe.
 */
@Command(name = "x32", mixinStandardHelpOptions = true,
        description = "X32 apps syncing the whole tree, then moving faders: sync time, echo latency, server CPU.")
public final class BenchX32Command implements Callable<Integer> {
    @Option(names = "--clients", defaultValue = "8", description = "X32 apps, 2–16 (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--hz", defaultValue = "50", description = "Fader moves per second per app, 1–100 (default ${DEFAULT-VALUE}).")
    int hz;

    @Option(names = "--seconds", defaultValue = "5", description = "Seconds of fader moves (default ${DEFAULT-VALUE}).")
    int seconds;

    @Mixin
    MachineOptions machine = new MachineOptions();

    /** Requests an app keeps in flight while it syncs. */
    static final int WINDOW = 32;
    /** Fader steps the moves use (1023 steps; away from −∞ so that every step is its own value). */
    private static final int FIRST_STEP = 100, STEPS = 900;

    @Override
    public Integer call() throws Exception {
        if (clients < 2 || clients > 16) throw new IllegalArgumentException("--clients must be 2–16, got " + clients);
        if (hz < 1 || hz > 100) throw new IllegalArgumentException("--hz must be 1–100, got " + hz);
        if (seconds < 1) throw new IllegalArgumentException("--seconds must be at least 1");
        String refusal = machine.refusal();
        if (refusal != null) {
            System.err.println("jackdesk bench x32: " + refusal);
            return 3;
        }
        BenchX32Result r = measure();
        machine.print(r, BenchX32Report::table);
        return r.exitCode();
    }

    /** Runs the benchmark with the options set on this command and returns what it measured. */
    BenchX32Result measure() throws Exception {
        double load = ProcessCpu.loadAverage();
        JitterProbe.Result jitter = machine.jitter();
        ParamRegistry registry = ParamRegistry.forLayout(Layout.of(16, 0, 8, 0));
        ConsoleState state = new ConsoleState(registry);
        Vertx serverVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Engine mix = new Engine(registry, 48000f, state.copyValues());
        int inputs = registry.layout().inputCount();
        DemoSignal demo = new DemoSignal(48000f, inputs);
        List<String> tree = X32Tree.addresses();
        ExecutorService pool = Executors.newFixedThreadPool(clients * 2);
        List<DatagramSocket> sockets = new ArrayList<>();
        try (InternalClock clock = InternalClock.start(48000, 256, inputs, mix.outputPortNames().size(), (in, out, n) -> {
            demo.generate(in, n);
            mix.process(in, out, n);
        })) {
            BackendEngineControl engine = new BackendEngineControl(mix, clock);
            Console console = Console.start(Console.Options.of(ConfigJson.builtinDefault().withLayout(registry.layout()), engine, serverVertx)
                    .withServer(ServerOptions.loopbackEphemeral().withX32Port(0))
                    .withSecurity(SecurityOptions.open()));
            ControlServer.Bound bound = console.bound();
            int port = bound.server().x32Port();
            for (int i = 0; i < clients; i++) {
                DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                s.setReceiveBufferSize(1 << 20);
                sockets.add(s);
                send(s, port, X32Osc.Message.of("/xremote"));
            }
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long loopId = bound.server().eventLoopThread().getId();

            // Phase 1: every app syncs the whole tree, all at once: first on a console just started
            // (its code not yet compiled by the JIT), then again, as apps reconnecting to a running show.
            double coldMs = syncAll(sockets, port, tree, pool, new long[1])[clients - 1];
            long[] unanswered = new long[1];
            long cpu0 = mx.getThreadCpuTime(loopId);
            double[] syncMs = syncAll(sockets, port, tree, pool, unanswered);
            double syncCpuMs = (mx.getThreadCpuTime(loopId) - cpu0) / 1e6;

            // Phase 2: faders. App i moves X32 channel i+1; the others time its pushes.
            AtomicLongArray sent = new AtomicLongArray(clients * 1024);
            AtomicBoolean moving = new AtomicBoolean(true);
            List<Future<long[]>> receivers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                DatagramSocket s = sockets.get(i);
                send(s, port, X32Osc.Message.of("/xremote")); // renewed for the second phase
                int self = i;
                receivers.add(pool.submit(() -> receive(s, self, sent, moving)));
            }
            Thread.sleep(200);
            long cpu1 = mx.getThreadCpuTime(loopId);
            long wall1 = System.nanoTime();
            long periodNanos = 1_000_000_000L / hz;
            int moves = hz * seconds;
            for (int k = 0; k < moves; k++) {
                long due = wall1 + k * periodNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                int step = FIRST_STEP + k % STEPS;
                for (int i = 0; i < clients; i++) {
                    sent.set(i * 1024 + step, System.nanoTime());
                    send(sockets.get(i), port, X32Osc.Message.of(String.format("/ch/%02d/mix/fader", i + 1), step / 1023f));
                }
            }
            long wall = System.nanoTime() - wall1;
            long cpu = mx.getThreadCpuTime(loopId) - cpu1;
            Thread.sleep(300); // the last pushes
            moving.set(false);
            List<Long> latencies = new ArrayList<>();
            for (Future<long[]> f : receivers) for (long l : f.get(10, TimeUnit.SECONDS)) latencies.add(l);
            long[] lat = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            double p50 = lat.length == 0 ? 0 : lat[lat.length / 2] / 1e6;
            double p99 = lat.length == 0 ? 0 : lat[Math.min(lat.length - 1, (int) Math.ceil(lat.length * 0.99) - 1)] / 1e6;
            return new BenchX32Result(Runtime.getRuntime().availableProcessors(), load,
                    jitter == null ? -1 : jitter.longestMicros(), jitter == null ? "not run" : jitter.scheduling(),
                    clients, tree.size(), coldMs, syncMs[clients - 1], syncMs[clients / 2], unanswered[0], syncCpuMs,
                    hz, seconds, (long) moves * clients, lat.length, (long) moves * clients * (clients - 1), p50, p99,
                    100.0 * cpu / wall);
        } finally {
            for (DatagramSocket s : sockets) s.close();
            pool.shutdownNow();
            serverVertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    /** Every app syncs at once; returns each app's time to its last answer in ms, sorted, and adds the unanswered to {@code missing[0]}. */
    private static double[] syncAll(List<DatagramSocket> sockets, int port, List<String> tree, ExecutorService pool, long[] missing)
            throws Exception {
        long start = System.nanoTime();
        List<Future<long[]>> syncs = new ArrayList<>();
        for (DatagramSocket s : sockets) syncs.add(pool.submit(() -> sync(s, port, tree, start)));
        double[] ms = new double[sockets.size()];
        for (int i = 0; i < ms.length; i++) {
            long[] r = syncs.get(i).get(120, TimeUnit.SECONDS);
            ms[i] = r[0] / 1e6;
            missing[0] += r[1];
        }
        Arrays.sort(ms);
        return ms;
    }

    private static void send(DatagramSocket s, int port, X32Osc.Message m) throws java.io.IOException {
        byte[] b = X32Osc.encode(m);
        s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
    }

    /**
     * One app's sync: every address asked, at most {@link #WINDOW} unanswered at a time (the next
     * is asked as an answer comes); after half a second without an answer, what is in flight is
     * asked again, at most twice (UDP may drop, an app retries). Returns {nanoseconds from
     * {@code start} to the last answer, addresses never answered}.
     */
    private static long[] sync(DatagramSocket s, int port, List<String> tree, long start) throws Exception {
        byte[] buf = new byte[2048];
        s.setSoTimeout(500);
        Set<String> inFlight = new HashSet<>();
        int next = 0, retries = 0;
        long missing = 0;
        while (next < tree.size() || !inFlight.isEmpty()) {
            while (inFlight.size() < WINDOW && next < tree.size()) {
                String a = tree.get(next++);
                inFlight.add(a);
                send(s, port, X32Osc.Message.of(a));
            }
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                inFlight.remove(X32Osc.decode(Arrays.copyOf(buf, p.getLength())).address());
            } catch (SocketTimeoutException e) {
                if (retries++ < 2) {
                    for (String a : inFlight) send(s, port, X32Osc.Message.of(a));
                } else {
                    missing += inFlight.size();
                    inFlight.clear();
                    retries = 0;
                }
            }
        }
        return new long[] {System.nanoTime() - start, missing};
    }

    /** One app's receipts of the other apps' fader pushes: their latencies in nanoseconds. */
    private static long[] receive(DatagramSocket s, int self, AtomicLongArray sent, AtomicBoolean moving) throws Exception {
        byte[] buf = new byte[2048];
        s.setSoTimeout(100);
        long[] out = new long[1 << 16];
        int n = 0;
        while (moving.get()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            }
            long now = System.nanoTime();
            X32Osc.Message m = X32Osc.decode(Arrays.copyOf(buf, p.getLength()));
            if (!m.address().startsWith("/ch/") || !m.address().endsWith("/mix/fader") || !(m.args().get(0) instanceof Float f)) continue;
            int from = Integer.parseInt(m.address().substring(4, 6)) - 1;
            int step = Math.round(f * 1023);
            if (from == self || from < 0 || step < FIRST_STEP || step >= FIRST_STEP + STEPS) continue;
            long t = sent.get(from * 1024 + step);
            if (t != 0 && n < out.length) out[n++] = now - t;
        }
        return Arrays.copyOf(out, n);
    }
}
