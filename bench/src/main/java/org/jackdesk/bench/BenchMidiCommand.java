package org.jackdesk.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.jackdesk.config.AutoConnect;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.control.Console;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.jack.CallbackTimes;
import org.jackdesk.engine.jack.ConnectRule;
import org.jackdesk.engine.jack.JackBackend;
import org.jackdesk.engine.jack.PrivateJackServer;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackHandles;
import org.jaudiolibs.jnajack.JackMidi;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jackdesk bench midi}: the MIDI control path's latency and its cost to the audio thread.
 * The product's console ({@link Console}, MIDI ports on) runs on a private dummy {@code jackd}
 * (real-time when run as root) beside a second JACK client that plays a controller: first
 * {@code seconds} without MIDI (jackdesk's callback times and xruns), then {@code controls}
 * controls each moved {@code rate} times a second. Each control is CC k on MIDI channel 1
 * (absolute, jump) and, for the way back, CC k on channel 2 (a relative mapping of the same
 * parameter, so the console's feedback for the controller's own move is sent, as it is for
 * encoders and buttons). A move's latency is from the controller's cycle that sent it to its cycle
 * that received the next feedback of that control (nothing else moves it): MIDI-in, the JACK thread's ring, the adapter's
 * poll, the parameter service, the state, the change feed, the feedback's rate limit, midi_out.
 */
@Command(name = "midi", mixinStandardHelpOptions = true,
        description = "MIDI-in to feedback-out latency with many moving controls, and the JACK callback without and with the traffic.")
public final class BenchMidiCommand implements Callable<Integer> {
    @Option(names = "--controls", defaultValue = "100", description = "Moving controls, 1–120 (default ${DEFAULT-VALUE}).")
    int controls;

    @Option(names = "--rate", defaultValue = "20", description = "Moves a second per control, 1–50 (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--period", defaultValue = "64", description = "JACK period in frames (default ${DEFAULT-VALUE}).")
    int period;

    @Option(names = "--seconds", defaultValue = "5", description = "Measured seconds of each phase (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "2", description = "Seconds before each phase is measured (default ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Mixin
    MachineOptions machine = new MachineOptions();

    private static final int SAMPLE_RATE = 48_000;
    private static final double FEEDBACK_LIMIT_MS = 10;

    @Override
    public Integer call() throws Exception {
        if (controls < 1 || controls > 120) throw new IllegalArgumentException("--controls must be 1–120, got " + controls);
        if (rate < 1 || rate > 50) throw new IllegalArgumentException("--rate must be 1–50, got " + rate);
        if (seconds < 1 || seconds > 3600) throw new IllegalArgumentException("--seconds must be 1–3600, got " + seconds);
        if (warmupSeconds < 0 || warmupSeconds > 600) throw new IllegalArgumentException("--warmup must be 0–600, got " + warmupSeconds);
        PrivateJackServer.Options serverOptions = PrivateJackServer.Options.defaults().withNamePrefix("jdbench")
                .withSampleRate(SAMPLE_RATE).withPeriod(period).withChannels(2, 2); // validates the period
        String refusal = machine.refusal();
        if (refusal != null) {
            System.err.println("jackdesk bench midi: " + refusal);
            return 3;
        }
        if (!PrivateJackServer.jackdAvailable()) {
            System.err.println("jackdesk bench midi: jackd and jack_wait are needed (Debian: apt-get install -y jackd2)");
            return 3;
        }
        BenchMidiResult r = measure(serverOptions);
        if (r == null) return 3;
        machine.print(r, BenchMidiReport::table);
        return r.exitCode();
    }

    /** The console's configuration: {@code controls} parameters (fader, pan of consecutive channels), two mappings each. */
    static ConsoleConfig config(int controls, String ctl) throws Exception {
        StringBuilder channels = new StringBuilder();
        int strips = (controls + 1) / 2;
        for (int i = 1; i <= strips; i++) channels.append(i == 1 ? "" : ", ").append("{\"name\": \"In ").append(i).append("\"}");
        StringBuilder maps = new StringBuilder();
        for (int k = 0; k < controls; k++) {
            String path = "ch/" + (k / 2 + 1) + "/" + (k % 2 == 0 ? "fader" : "pan");
            maps.append(k == 0 ? "" : ", ")
                    .append("{\"type\": \"cc\", \"channel\": 1, \"number\": ").append(k).append(", \"path\": \"").append(path)
                    .append("\", \"takeover\": \"jump\"}, ")
                    .append("{\"type\": \"cc\", \"channel\": 2, \"number\": ").append(k).append(", \"path\": \"").append(path)
                    .append("\", \"mode\": \"relative-twos\"}");
        }
        return ConfigJson.read("bench-midi.json", "{\"version\": 2, \"layout\": {\"channels\": [" + channels + "]},"
                + " \"jack\": {\"autoConnect\": [\"midi_in <- " + ctl + ":out\", \"midi_out -> " + ctl + ":in\"]},"
                + " \"midi\": {\"mappings\": [" + maps + "]}}");
    }

    private BenchMidiResult measure(PrivateJackServer.Options serverOptions) throws Exception {
        double load = ProcessCpu.loadAverage();
        System.err.printf(Locale.ROOT, "jackdesk bench midi: %s%d s + %d s without MIDI, %d s + %d s with %d controls...%n",
                machine.jitterSeconds > 0 ? machine.jitterSeconds + " s jitter probe, " : "", warmupSeconds, seconds, warmupSeconds, seconds, controls);
        JitterProbe.Result jitter = machine.jitter();
        PrivateJackServer started = LiveRig.startServer(serverOptions, "bench midi");
        if (started == null) return null;
        try (PrivateJackServer server = started; Controller ctl = Controller.open(server.name(), controls, rate)) {
            String serverLine = "a private jackd (dummy backend" + (PrivateJackServer.isRoot() ? ", -R -P 70 real-time)" : ", not root: no real-time scheduling)");
            ConsoleConfig cfg = config(controls, ctl.name());
            List<ConnectRule> rules = new ArrayList<>();
            for (AutoConnect.Connection c : cfg.connections()) rules.add(new ConnectRule(c.consolePort(), c.jackPort(), c.input()));
            EngineHost.Options engine = new EngineHost.Options("jdbenchmidi", server.name(), false, false, false, SAMPLE_RATE, period, rules)
                    .withMidi(true);
            try (Console console = Console.start(Console.Options.of(cfg, engine))) {
                if (!(console.host().backend() instanceof JackBackend jack)) {
                    return failed(load, jitter, serverLine, "the console did not join the private JACK server: " + console.host().backendStatus());
                }
                Thread.sleep(warmupSeconds * 1000L);
                long x0 = jack.xrunCount();
                jack.resetCallbackTimes();
                Thread.sleep(seconds * 1000L);
                CallbackTimes without = jack.callbackTimes();
                long xrunsWithout = jack.xrunCount() - x0;

                ctl.moving = true;
                Thread.sleep(warmupSeconds * 1000L);
                long dropped0 = console.engine().midi().counters().inputDropped();
                long refused0 = console.server().metrics().midiRefusedCount();
                long limited0 = console.server().metrics().errors("rate_limited");
                long out0 = console.engine().midi().counters().sent();
                long in0 = ctl.feedback.get();
                ctl.measuring = true;
                long x1 = jack.xrunCount();
                jack.resetCallbackTimes();
                Thread.sleep(seconds * 1000L);
                CallbackTimes with = jack.callbackTimes();
                long xrunsWith = jack.xrunCount() - x1;
                ctl.measuring = false;
                ctl.moving = false;
                long dropped = console.engine().midi().counters().inputDropped() - dropped0;
                long refused = console.server().metrics().midiRefusedCount() - refused0;
                long limited = console.server().metrics().errors("rate_limited") - limited0;
                long fbOut = console.engine().midi().counters().sent() - out0;
                long fbIn = ctl.feedback.get() - in0;
                double[] lat = ctl.latencies();
                double periodMs = 1000.0 * period / SAMPLE_RATE;
                return new BenchMidiResult(Runtime.getRuntime().availableProcessors(), load,
                        jitter == null ? -1 : jitter.longestMicros(), jitter == null ? "not run" : jitter.scheduling(), serverLine,
                        SAMPLE_RATE, period, controls, rate, seconds, ctl.sentMeasured.get(), lat.length,
                        pct(lat, 0.5), pct(lat, 0.99), lat.length == 0 ? 0 : lat[lat.length - 1], 2 * periodMs + FEEDBACK_LIMIT_MS,
                        without.p50Micros(), without.p999Micros(), xrunsWithout, with.p50Micros(), with.p999Micros(), xrunsWith,
                        dropped, refused, limited, fbOut, fbIn, null);
            }
        }
    }

    private BenchMidiResult failed(double load, JitterProbe.Result jitter, String server, String why) {
        return new BenchMidiResult(Runtime.getRuntime().availableProcessors(), load, jitter == null ? -1 : jitter.longestMicros(),
                jitter == null ? "not run" : jitter.scheduling(), server, SAMPLE_RATE, period, controls, rate, seconds,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, why);
    }

    private static double pct(double[] sorted, double q) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * q) - 1)];
    }

    /**
     * The controller: a JACK client whose cycle sends the moves that are due and matches the
     * feedback that came back. Its own allocation does not matter (it is not the client measured).
     */
    static final class Controller implements AutoCloseable {
        private final JackClient client;
        private final JackPort out;
        private final JackPort in;
        private final int controls;
        private final long intervalNanos;
        private final JackMidi.Event event = new JackMidi.Event();
        private final byte[] buf = new byte[1024];
        private final byte[] msg = new byte[3];
        private final long[] nextMove;
        private final int[] value;
        /** The value sent by the move that waits for its feedback, -1 when none waits. */
        private final int[] awaited;
        private final long[] sentAt;
        private final boolean[] counted;
        private final double[] latencies = new double[1 << 20];
        private int latencyCount;
        final AtomicLong sentMeasured = new AtomicLong();
        final AtomicLong feedback = new AtomicLong();
        volatile boolean moving;
        volatile boolean measuring;
        private volatile boolean closing;

        private Controller(JackClient client, JackPort out, JackPort in, int controls, int rate) {
            this.client = client;
            this.out = out;
            this.in = in;
            this.controls = controls;
            this.intervalNanos = 1_000_000_000L / rate;
            this.nextMove = new long[controls];
            this.value = new int[controls];
            this.awaited = new int[controls];
            this.sentAt = new long[controls];
            this.counted = new boolean[controls];
            Arrays.fill(awaited, -1);
            long now = System.nanoTime();
            for (int k = 0; k < controls; k++) nextMove[k] = now + intervalNanos * k / controls; // staggered
        }

        static Controller open(String server, int controls, int rate) throws JackException {
            JackHandles.OpenResult r = JackHandles.open("jdmidictl", server);
            if (r.client == null) throw new JackException("the controller client could not open, status 0x" + Integer.toHexString(r.status));
            JackPort o = r.client.registerPort("out", JackPortType.MIDI, JackPortFlags.JackPortIsOutput);
            JackPort i = r.client.registerPort("in", JackPortType.MIDI, JackPortFlags.JackPortIsInput);
            Controller c = new Controller(r.client, o, i, controls, rate);
            r.client.setProcessCallback((cl, nframes) -> c.process());
            r.client.activate();
            return c;
        }

        String name() {
            return client.getName();
        }

        private boolean process() {
            long now = System.nanoTime();
            try {
                JackMidi.clearBuffer(out);
                if (closing) return true;
                int n = JackMidi.getEventCount(in);
                for (int e = 0; e < n; e++) {
                    JackMidi.eventGet(event, in, e);
                    if (event.size() != 3) continue;
                    event.read(buf);
                    int k = buf[1] & 0x7f;
                    if ((buf[0] & 0xff) == 0xB1) feedback.incrementAndGet();
                    if ((buf[0] & 0xff) != 0xB1 || k >= controls || awaited[k] < 0) continue;
                    awaited[k] = -1;
                    if (counted[k] && latencyCount < latencies.length) latencies[latencyCount++] = (now - sentAt[k]) / 1e6;
                }
                if (!moving) return true;
                boolean measure = measuring;
                for (int k = 0; k < controls; k++) {
                    if (now - nextMove[k] < 0) continue;
                    nextMove[k] += intervalNanos;
                    if (now - nextMove[k] > 0) nextMove[k] = now + intervalNanos; // fell behind: no burst to catch up
                    int v = (value[k] + 37 + k) % 128;
                    if (v == value[k]) v = (v + 1) % 128;
                    value[k] = v;
                    msg[0] = (byte) 0xB0;
                    msg[1] = (byte) k;
                    msg[2] = (byte) v;
                    JackMidi.eventWrite(out, 0, msg, 3);
                    awaited[k] = v;
                    sentAt[k] = now;
                    counted[k] = measure;
                    if (measure) sentMeasured.incrementAndGet();
                }
            } catch (JackException e) {
                // a full buffer: the rest of this cycle's moves go in later cycles
            }
            return true;
        }

        /** The measured moves' latencies in ms, sorted; read after the measuring stopped. */
        synchronized double[] latencies() {
            double[] l = Arrays.copyOf(latencies, latencyCount);
            Arrays.sort(l);
            return l;
        }

        @Override
        public void close() {
            closing = true;
            try {
                Thread.sleep(20);
                client.deactivate();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // closing anyway
            }
            client.close();
        }
    }
}
