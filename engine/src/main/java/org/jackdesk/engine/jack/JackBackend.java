package org.jackdesk.engine.jack;

import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Native;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jackdesk.engine.AudioProcessor;
import org.jackdesk.engine.RealtimeLiterals;
import org.jackdesk.engine.midi.MidiRing;
import org.jackdesk.engine.midi.MidiTransport;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackHandles;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;

/**
 * A JACK client that drives an {@link AudioProcessor}: named input and output ports, auto-connect
 * rules, xrun and callback-time statistics, and survival of a server that goes away (it keeps its
 * state, retries every second, and comes back with the same ports, connections and processor).
 *
 * <p>JNAJack opens the client and registers ports; the process callback itself is registered
 * through direct-mapped libjack calls so that a cycle allocates nothing (JNAJack's own wrapper
 * allocates per port per cycle).
 *
 * <p>Life: {@link #open} (ports registered, inactive) → {@link #start} (processing, connected) →
 * {@link #close}. Thread: every public method may be called from any thread except the audio
 * thread; listeners are called on JACK's notification thread or the backend's worker thread.
 */
public final class JackBackend implements AudioBackend {
    private static final System.Logger LOG = System.getLogger(JackBackend.class.getName());
    private static final int EEXIST = 17;
    private static final long RETRY_MILLIS = 1000;
    private static final long QUIET_WAIT_NANOS = 250_000_000L;
    /** How long a client close may take before we stop waiting for it (see closeSession). */
    private static final long CLOSE_WAIT_MS = 5_000;
    /** How often the worker looks whether the JACK graph changed (StageBoxWatcher). */
    private static final long GRAPH_TICK_MILLIS = 100;

    /**
     * What to open. {@code serverName} null targets the default server; {@code inputs} and
     * {@code outputs} are short port names as patchbays show them after {@code clientName:}.
     * Each of {@code midi} registers its MIDI pair ({@code midi_in}/{@code midi_out}, {@code
     * name_in}/{@code name_out}) and moves their events through it on the JACK thread (connect
     * rules may then name them); empty: no MIDI ports.
     */
    public record Config(String clientName, String serverName, List<String> inputs, List<String> outputs,
                         List<ConnectRule> connections, List<MidiTransport> midi) {
        public static final String DEFAULT_CLIENT_NAME = "jackdesk";

        /**
         * @throws IllegalArgumentException naming the bad port name or rule
         */
        public Config {
            if (clientName == null || clientName.isBlank() || clientName.indexOf(':') >= 0) {
                throw new IllegalArgumentException("client name must be non-empty and without ':', got '" + clientName + "'");
            }
            if (serverName != null && serverName.isBlank()) {
                throw new IllegalArgumentException("server name must be null (default server) or non-empty");
            }
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
            connections = List.copyOf(connections);
            midi = midi == null ? List.of() : List.copyOf(midi);
            Set<String> midiIns = new HashSet<>(), midiOuts = new HashSet<>();
            for (MidiTransport t : midi) {
                for (String n : List.of(t.inPort(), t.outPort())) {
                    if (inputs.contains(n) || outputs.contains(n) || midiIns.contains(n) || midiOuts.contains(n)) {
                        throw new IllegalArgumentException("port name '" + n + "' is the MIDI port's");
                    }
                }
                midiIns.add(t.inPort());
                midiOuts.add(t.outPort());
            }
            Set<String> seen = new HashSet<>();
            for (List<String> names : List.of(inputs, outputs)) {
                for (String n : names) {
                    if (n == null || n.isBlank() || n.indexOf(':') >= 0) {
                        throw new IllegalArgumentException("port name must be non-empty and without ':', got '" + n + "'");
                    }
                    if (!seen.add(n)) throw new IllegalArgumentException("port name '" + n + "' is used twice");
                }
            }
            for (ConnectRule r : connections) {
                List<String> side = r.input() ? inputs : outputs;
                Set<String> midiSide = r.input() ? midiIns : midiOuts;
                if (!side.contains(r.ourPort()) && !midiSide.contains(r.ourPort())) {
                    throw new IllegalArgumentException("connect rule '" + r + "': we have no " + (r.input() ? "input" : "output")
                            + " port named '" + r.ourPort() + "'");
                }
            }
        }

        /** Without MIDI ports. */
        public Config(String clientName, String serverName, List<String> inputs, List<String> outputs,
                      List<ConnectRule> connections) {
            this(clientName, serverName, inputs, outputs, connections, List.of());
        }

        /** Default client name, default server, no connections. */
        public static Config of(List<String> inputs, List<String> outputs) {
            return new Config(DEFAULT_CLIENT_NAME, null, inputs, outputs, List.of());
        }

        public Config withClientName(String name) {
            return new Config(name, serverName, inputs, outputs, connections, midi);
        }

        public Config withServerName(String name) {
            return new Config(clientName, name, inputs, outputs, connections, midi);
        }

        public Config withConnections(List<ConnectRule> rules) {
            return new Config(clientName, serverName, inputs, outputs, rules, midi);
        }

        /** This configuration with the MIDI pair moving events through {@code transport} (null: no MIDI ports). */
        public Config withMidi(MidiTransport transport) {
            return withMidi(transport == null ? List.of() : List.of(transport));
        }

        /** This configuration with one MIDI pair per transport (empty: no MIDI ports). */
        public Config withMidi(List<MidiTransport> pairs) {
            return new Config(clientName, serverName, inputs, outputs, connections, pairs);
        }
    }

    /** One native client and everything that must live exactly as long as it. */
    private static final class Session {
        final JackClient client;
        final long handle;
        final String name;
        final Cycle process;
        final JackNative.BufferSizeCallback bufferSize;
        final JackNative.SampleRateCallback sampleRate;
        final JackNative.XrunCallback xrun;
        JackNative.LatencyCallback latency;
        /** Kept referenced as long as the client lives: JACK holds the native stubs. */
        JackNative.PortRegistrationCallback portRegistration;
        JackNative.ClientRegistrationCallback clientRegistration;
        /** The FFM upcall stub of {@link #process}, or null when JNA dispatches it. */
        FfmJack.Stub processStub;

        Session(JackClient client, long handle, Cycle process, JackNative.BufferSizeCallback bufferSize,
                JackNative.SampleRateCallback sampleRate, JackNative.XrunCallback xrun) {
            this.client = client;
            this.handle = handle;
            this.name = client.getName();
            this.process = process;
            this.bufferSize = bufferSize;
            this.sampleRate = sampleRate;
            this.xrun = xrun;
        }
    }

    /** The audio callback: native buffers → Java buffers → processor → native buffers. */
    /** Silence for {@link Cycle#silence}; never written. */
    private static final float[] ZEROS = new float[1024];
    /** The longest incoming MIDI event copied (jack2's MIDI buffers hold at most 32 KiB). */
    static final int MIDI_SCRATCH = 1024;

    private static final class Cycle implements JackNative.ProcessCallback {
        private final ProcessorDriver driver;
        private final long[] inPorts;
        private final long[] outPorts;
        /** JNA views of the port buffers (rebuilt only when an address changes); null with FFM. */
        private final NativeFloats[] inPtrs;
        private final NativeFloats[] outPtrs;
        /** Ports and copies through {@link FfmJack} (registered as an FFM upcall), else through JNA. */
        private final boolean ffm;
        /** Set before deactivation: cycles only write silence (see {@link JackBackend#closeSession}). */
        volatile boolean quiet;
        /** The MIDI pairs (empty without MIDI) and their ports, index for index. */
        private final MidiTransport[] midi;
        private final long[] midiIn;
        private final long[] midiOut;
        /** A native {@code jack_midi_event_t} (time, size, buffer) that {@code jack_midi_event_get} fills. */
        private final long midiEvent;
        /** An incoming event's bytes; longer events are dropped and counted. */
        private final byte[] midiScratch = new byte[MIDI_SCRATCH];
        /** Quiet cycles completed (audio thread is the only writer). */
        volatile int quietCycles;

        Cycle(ProcessorDriver driver, long[] inPorts, long[] outPorts, boolean ffm, MidiTransport[] midi, long[] midiIn,
              long[] midiOut, long midiEvent) {
            this.driver = driver;
            this.midi = midi;
            this.midiIn = midiIn;
            this.midiOut = midiOut;
            this.midiEvent = midiEvent;
            this.ffm = ffm;
            this.inPorts = inPorts;
            this.outPorts = outPorts;
            this.inPtrs = ffm ? null : views(inPorts.length);
            this.outPtrs = ffm ? null : views(outPorts.length);
        }

        private static NativeFloats[] views(int n) {
            NativeFloats[] v = new NativeFloats[n];
            for (int i = 0; i < n; i++) v[i] = new NativeFloats();
            return v;
        }

        /** The port's buffer address this cycle (0 if JACK has none). Thread: audio. */
        private long portBuffer(long port, int nframes) throws Throwable {
            return ffm ? FfmJack.getBuffer(port, nframes) : JackNative.jack_port_get_buffer(port, nframes);
        }

        private void readPort(int i, long address, long byteOff, float[] dst, int n) throws Throwable {
            if (ffm) FfmJack.read(address + byteOff, dst, n);
            else inPtrs[i].at(address).read(byteOff, dst, 0, n);
        }

        private void writePort(int o, long address, long byteOff, float[] src, int n) throws Throwable {
            if (ffm) FfmJack.write(src, address + byteOff, n);
            else outPtrs[o].at(address).write(byteOff, src, 0, n);
        }

        /** Thread: audio. Allocates nothing, never throws into native code. */
        @Override
        public int callback(int nframes, long arg) {
            if (quiet) {
                silence(nframes);
                quietCycles = quietCycles + 1;
                return 0;
            }
            long t0 = System.nanoTime();
            try {
                // Wake the processor's helper threads first: they run while the ports are copied.
                AudioProcessor p = driver.processor;
                if (p != null) p.beginCycle();
                driver.slow.begin(p); // after the wake-up: the worker starts while the clocks are read
                for (int m = 0; m < midi.length; m++) midiCycle(m, nframes);
                ProcessorDriver.Buffers b = driver.buffers;
                int cap = b.capacity;
                // Normally one piece; if JACK ever hands more frames than the buffers hold (the
                // buffer-size callback grows them first), process in pieces rather than fail.
                for (int off = 0; off < nframes; off += cap) {
                    int n = Math.min(cap, nframes - off);
                    long byteOff = 4L * off;
                    for (int i = 0; i < inPorts.length; i++) {
                        long a = portBuffer(inPorts[i], nframes);
                        if (a == 0L) java.util.Arrays.fill(b.in[i], 0, n, 0f);
                        else readPort(i, a, byteOff, b.in[i], n);
                    }
                    driver.runProcessor(b, n);
                    for (int o = 0; o < outPorts.length; o++) {
                        long a = portBuffer(outPorts[o], nframes);
                        if (a != 0L) writePort(o, a, byteOff, b.out[o], n);
                    }
                }
            } catch (Throwable t) {
                driver.failures = driver.failures + 1;
            }
            driver.cycleDone(t0);
            return 0;
        }

        /**
         * Moves this cycle's MIDI of pair {@code m}: every event of its input port into its
         * transport's input ring (split and counted there), then as many queued outgoing messages
         * as JACK's output buffer takes (the rest wait for the next cycle). Thread: audio;
         * allocates nothing.
         */
        private void midiCycle(int m, int nframes) throws Throwable {
            MidiTransport midi = this.midi[m];
            long inBuf = portBuffer(midiIn[m], nframes);
            if (inBuf != 0L) {
                int events = JackNative.jack_midi_get_event_count(inBuf);
                byte[] scratch = midiScratch;
                for (int e = 0; e < events; e++) {
                    if (JackNative.jack_midi_event_get(midiEvent, inBuf, e) != 0) continue;
                    int time = NativeBytes.getInt(midiEvent);
                    long size = NativeBytes.getLong(midiEvent + 8);
                    long data = NativeBytes.getLong(midiEvent + 16);
                    if (size <= 0 || data == 0L) continue;
                    if (size > scratch.length) {
                        midi.eventTooLong((NativeBytes.getByte(data) & 0xff) == 0xF0);
                        continue;
                    }
                    NativeBytes.read(data, scratch, (int) size);
                    midi.acceptEvent(scratch, (int) size, time);
                }
            }
            writeMidiOut(m, nframes, true);
        }

        /** Clears pair {@code m}'s output (JACK wants it every cycle) and, when {@code send}, writes what is queued. Thread: audio. */
        private void writeMidiOut(int m, int nframes, boolean send) throws Throwable {
            long outBuf = portBuffer(midiOut[m], nframes);
            if (outBuf == 0L) return;
            JackNative.jack_midi_clear_buffer(outBuf);
            if (!send) return;
            MidiTransport midi = this.midi[m];
            MidiRing ring = midi.output();
            for (int k = 0; k < MidiTransport.SLOTS; k++) {
                int slot = ring.peek();
                if (slot < 0) break;
                int len = ring.length(slot);
                long at = JackNative.jack_midi_event_reserve(outBuf, 0, len);
                if (at == 0L) {
                    midi.deferred();
                    break;
                }
                NativeBytes.write(ring.data(), MidiRing.offset(slot), at, len);
                ring.release();
                midi.sentOne();
            }
        }

        private void silence(int nframes) {
            try {
                for (int m = 0; m < midi.length; m++) writeMidiOut(m, nframes, false);
                // Its own (never written) zeros, not the driver's output buffers: an abandoned
                // client's cycle (see closeSession) may run while a new session's engine fills them.
                float[] zero = ZEROS;
                for (int o = 0; o < outPorts.length; o++) {
                    long a = portBuffer(outPorts[o], nframes);
                    for (int off = 0; off < nframes && a != 0L; off += zero.length) {
                        writePort(o, a, 4L * off, zero, Math.min(zero.length, nframes - off));
                    }
                }
            } catch (Throwable t) {
                // nothing to do: the client is being closed
            }
        }
    }

    /** Attaches libjack's notification thread once, as a daemon (see {@link #openSession}). */
    private static final CallbackThreadInitializer NOTIFY_THREAD = new CallbackThreadInitializer(true, false, "jackdesk-jack-notify");

    private static final JackNative.MessageCallback JACK_ERRORS = msg ->
            LOG.log(System.Logger.Level.DEBUG, "libjack: {0}", msg == null ? "" : msg.getString(0));
    private static final JackNative.MessageCallback JACK_INFO = msg ->
            LOG.log(System.Logger.Level.TRACE, "libjack: {0}", msg == null ? "" : msg.getString(0));
    private static boolean messagesRouted;
    private static boolean libraryChecked; // guarded by JackBackend.class
    private static String libraryProblem; // guarded by JackBackend.class

    private final Config config;
    private final FormatListener formatListener;
    private final StatusListener statusListener;
    private final ProcessorDriver driver;
    private final ScheduledExecutorService worker;
    private final AtomicLong xruns = new AtomicLong();
    private final Object lock = new Object();
    private Session session; // guarded by lock; null while the server is gone
    private ScheduledFuture<?> reconnect; // guarded by lock
    private boolean started; // guarded by lock
    private boolean closed; // guarded by lock
    private volatile BackendStatus status = BackendStatus.OPEN;
    private volatile int sampleRate;
    private volatile int bufferSize;
    private volatile long lastXrunCycle = -1;
    /** SCHED_FIFO priority of the client's process thread (0: not real-time), shared with processors. */
    private volatile int rtPriority;
    private volatile List<ConnectRule> rules;
    /** True while a session is being set up: JACK may call the format callbacks early, we read the format after. */
    private volatile boolean opening;
    /** Slow callbacks and their causes; created at {@link #start} (it starts a JFR stream). */
    private volatile CallbackAttribution attribution;
    /** JACK's DSP load as last sampled on {@link #worker} (see {@link #dspLoadPercent}). */
    private volatile float dspLoad;
    /** A latency recompute is queued on {@link #worker} and has not run yet (several requests make one). */
    private final java.util.concurrent.atomic.AtomicBoolean latencyQueued = new java.util.concurrent.atomic.AtomicBoolean();
    /** Stage boxes and the re-application of connect rules when a port they name appears. */
    private final StageBoxWatcher watcher;
    /**
     * The native MIDI event struct of every session's cycle; allocated once and never freed while
     * this backend lives (an abandoned session's cycle may still run, see closeSession).
     */
    private com.sun.jna.Memory midiEventMemory;

    private JackBackend(Config config, FormatListener formatListener, StatusListener statusListener) {
        this.config = config;
        this.formatListener = formatListener;
        this.statusListener = statusListener;
        this.rules = config.connections();
        this.driver = new ProcessorDriver(config.inputs().size(), config.outputs().size(), 0);
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jackdesk-jack-worker");
            t.setDaemon(true);
            return t;
        });
        this.watcher = new StageBoxWatcher(new StageBoxWatcher.Graph() {
            @Override
            public int[] countPorts(String client) {
                return JackBackend.this.countPorts(client);
            }

            @Override
            public int presentPeerPorts() {
                return JackBackend.this.presentPeerPorts();
            }

            @Override
            public ConnectionReport reapply() {
                return applyConnections();
            }
        }, System::currentTimeMillis);
        worker.scheduleWithFixedDelay(this::graphTick, GRAPH_TICK_MILLIS, GRAPH_TICK_MILLIS, TimeUnit.MILLISECONDS);
        worker.scheduleWithFixedDelay(this::sampleDspLoad, 0, LOAD_SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        worker.scheduleWithFixedDelay(this::attributeSlowCallbacks, LOAD_SAMPLE_MILLIS, LOAD_SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Thread: worker. Classifies the slow callbacks recorded since the last tick (see {@link CallbackAttribution}). */
    private void attributeSlowCallbacks() {
        CallbackAttribution a = attribution;
        if (a == null) return;
        try {
            a.periodChanged(sampleRate, bufferSize);
            AudioProcessor p = driver.processor;
            a.poll(JvmEvents.epochNanos(java.time.Instant.now()), driver.audioThreadId, p == null ? 0 : p.workerThreadId());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "attributing slow callbacks failed", e);
        }
    }

    /** How often {@link #dspLoadPercent}'s figure is refreshed. */
    static final long LOAD_SAMPLE_MILLIS = 250;

    /** Thread: worker. The lock may be held for seconds by a close or a reconnect: only this thread waits for it. */
    private void sampleDspLoad() {
        synchronized (lock) {
            dspLoad = session == null ? 0f : JackNative.jack_cpu_load(session.handle);
        }
    }

    /** Thread: worker. A failure must not cancel the periodic task. */
    private void graphTick() {
        boolean running;
        synchronized (lock) {
            running = started && session != null && !closed;
        }
        if (!running) return;
        try {
            watcher.tick();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "following the JACK graph failed; trying again at the next change", e);
        }
    }

    /**
     * Which JACK clients are stage boxes (e.g. netjack2 slaves: the slave's {@code -n NAME}) and
     * who is told when one connects, is lost or is missing at start ({@link StageBoxStatus}; also
     * logged). Call before {@link #start}. Thread: worker.
     */
    public void watchStageBoxes(List<String> clientNames, StageBoxListener listener) {
        watcher.watch(clientNames, listener);
    }

    /** The watched stage boxes as last seen, in configuration order (empty before the first scan). Thread: any. */
    public List<StageBoxStatus> stageBoxes() {
        return watcher.statuses();
    }

    /** Thread: worker. {outputs, inputs} of {@code client}'s audio ports, null without a session. */
    private int[] countPorts(String client) {
        synchronized (lock) {
            if (session == null) return null;
            String re = "^" + posixQuote(client) + ":";
            try {
                Jack jack = Jack.getInstance();
                String[] outs = jack.getPorts(session.client, re, JackPortType.AUDIO, EnumSet.of(JackPortFlags.JackPortIsOutput));
                String[] ins = jack.getPorts(session.client, re, JackPortType.AUDIO, EnumSet.of(JackPortFlags.JackPortIsInput));
                return new int[] {outs == null ? 0 : outs.length, ins == null ? 0 : ins.length};
            } catch (JackException e) {
                return null;
            }
        }
    }

    /** A client name as a POSIX extended regular expression matching exactly it (JACK's port patterns). */
    static String posixQuote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\.[]{}()*+?^$|".indexOf(c) >= 0) b.append('\\');
            b.append(c);
        }
        return b.toString();
    }

    /** Thread: worker. Distinct peer ports of the rules that exist now; -1 without a session. */
    private int presentPeerPorts() {
        Set<String> peers = new HashSet<>();
        for (ConnectRule r : rules) peers.add(r.peerPort());
        synchronized (lock) {
            if (session == null) return -1;
            int n = 0;
            for (String p : peers) if (JackNative.jack_port_by_name(session.handle, p) != 0) n++;
            return n;
        }
    }

    /**
     * Opens the client and registers the ports, without processing yet: prepare a processor for
     * {@link #sampleRate()} and {@link #bufferSize()}, then call {@link #start}. The listeners
     * may be null.
     *
     * <p>Thread: worker (it talks to the server).
     *
     * @throws JackUnavailableException with a user-facing message, e.g. "no JACK server named
     *     'studio' is running"
     */
    public static JackBackend open(Config config, FormatListener formatListener, StatusListener statusListener)
            throws JackUnavailableException {
        requireLibrary();
        JackBackend b = new JackBackend(config, formatListener, statusListener);
        try {
            Session s = b.openSession();
            synchronized (b.lock) {
                b.session = s;
            }
            b.sampleRate = JackNative.jack_get_sample_rate(s.handle);
            b.bufferSize = JackNative.jack_get_buffer_size(s.handle);
            b.driver.ensureCapacity(b.bufferSize);
            return b;
        } catch (JackUnavailableException | RuntimeException | Error e) {
            b.worker.shutdownNow();
            throw e;
        }
    }

    /**
     * A backend for the named server {@code config.serverName()} that is not running yet: it is
     * {@link BackendStatus#WAITING}, retries every second and, when the server appears, opens the
     * client, reports the server's format to {@code formatListener}, activates (if
     * {@link #start} was called meanwhile), applies the connect rules and reports
     * {@link BackendStatus#RUNNING}. Until then {@link #sampleRate()} and {@link #bufferSize()}
     * are the given guesses and no cycle runs.
     *
     * <p>Thread: worker.
     *
     * @throws JackUnavailableException if libjack cannot be loaded (the server could never be joined)
     * @throws IllegalArgumentException if the configuration names no server
     */
    public static JackBackend waitFor(Config config, int sampleRateGuess, int bufferSizeGuess, FormatListener formatListener,
                                      StatusListener statusListener) throws JackUnavailableException {
        if (config.serverName() == null) throw new IllegalArgumentException("waitFor needs a server name; the default server is not waited for");
        requireLibrary();
        JackBackend b = new JackBackend(config, formatListener, statusListener);
        b.sampleRate = sampleRateGuess;
        b.bufferSize = bufferSizeGuess;
        b.driver.ensureCapacity(bufferSizeGuess);
        synchronized (b.lock) {
            b.status = BackendStatus.WAITING;
            b.reconnect = b.worker.scheduleWithFixedDelay(b::tryReconnect, 0, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
        return b;
    }

    /**
     * Why libjack cannot be used in this JVM (not installed, a broken file, a missing symbol), one
     * line for a person; null when it loads. The answer is computed once: a JVM that failed to
     * load a library never retries it. Thread: any but audio.
     */
    public static synchronized String libraryProblem() {
        if (!libraryChecked) {
            try {
                routeJackMessages();
            } catch (LinkageError | RuntimeException e) {
                // UnsatisfiedLinkError from JNA's Native.register in JackNative's initializer, or
                // ExceptionInInitializerError when JNA itself may not load (native access denied).
                libraryProblem = oneLine(e);
            }
            libraryChecked = true;
        }
        return libraryProblem;
    }

    /** Throws when libjack cannot be used in this JVM ({@link #libraryProblem}). Thread: any but audio. */
    private static void requireLibrary() throws JackUnavailableException {
        String noLibrary = libraryProblem();
        if (noLibrary != null) throw new JackUnavailableException("the JACK library (libjack) could not be loaded: " + noLibrary);
    }

    /**
     * JNA's "Unable to load library" message lists every place it tried over many lines, the
     * class path among them: keep the distinct reasons, on one line.
     */
    static String oneLine(Throwable e) {
        // An initializer's failure (ExceptionInInitializerError) has no message of its own: say the cause's.
        while (e.getMessage() == null && e.getCause() != null) e = e.getCause();
        String m = e.getMessage() == null ? e.toString()
                : e instanceof UnsatisfiedLinkError ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        java.util.LinkedHashSet<String> reasons = new java.util.LinkedHashSet<>();
        for (String line : m.split("\\R")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("Unable to load library") || line.contains("resource path")) continue;
            reasons.add(line);
        }
        String s = reasons.isEmpty() ? m.lines().findFirst().orElse(e.toString()).strip() : String.join("; ", reasons);
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /**
     * True if a JACK server under {@code serverName} (null: the default server) accepts clients
     * right now; never starts one. {@code ./jackdesk start} uses this to decide between the user's
     * server and a {@link PrivateJackServer}. Thread: worker.
     */
    public static boolean isServerRunning(String serverName) {
        if (libraryProblem() != null) return false;
        try {
            JackHandles.OpenResult r = JackHandles.open("jackdesk-probe", serverName);
            if (r.client == null) return false;
            r.client.close();
            return true;
        } catch (JackException | UnsatisfiedLinkError e) {
            return false;
        }
    }

    /**
     * Sets the processor, activates the client and applies the connect rules (missing peers are
     * logged as warnings and reported, never a failure). Warm the processor up (run it a few
     * hundred times on scratch buffers) before calling this: xruns cluster at JIT warm-up.
     *
     * <p>Thread: worker.
     *
     * @throws JackUnavailableException if the server refuses activation or has gone away
     * @throws IllegalStateException if already started or closed
     */
    public ConnectionReport start(AudioProcessor processor) throws JackUnavailableException {
        // Before the JACK thread runs: a C2 compile it requests must find every literal interned.
        RealtimeLiterals.prepare();
        synchronized (lock) {
            if (closed) throw new IllegalStateException("backend is closed");
            if (started) throw new IllegalStateException("backend already started");
            CallbackAttribution a = new CallbackAttribution(driver.slow, JvmEvents.start());
            a.periodChanged(sampleRate, bufferSize);
            attribution = a;
            if (session == null && status == BackendStatus.WAITING) {
                // The reconnect task activates and connects when the server appears.
                driver.processor = processor;
                started = true;
                return new ConnectionReport(rules.size(), 0, List.of("not connected yet: waiting for JACK server '"
                        + config.serverName() + "'"));
            }
            if (session == null) throw new JackUnavailableException(serverGoneMessage());
            driver.processor = processor;
            try {
                session.client.activate();
            } catch (JackException e) {
                throw new JackUnavailableException("JACK refused to activate client '" + session.name + "'", e);
            }
            started = true;
            status = BackendStatus.RUNNING;
            shareRealtimePriority(session, processor);
        }
        ConnectionReport report = applyConnections();
        scanGraphSoon();
        fireStatus(BackendStatus.RUNNING, "running as '" + clientName() + "' at " + sampleRate + " Hz, "
                + bufferSize + " frames; " + report.made() + " of " + report.requested() + " connections made");
        return report;
    }

    /** The stage boxes' first look, on the worker (the watcher's only thread). */
    private void scanGraphSoon() {
        try {
            worker.execute(() -> {
                watcher.sessionChanged();
                watcher.scanNow();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /**
     * Makes every connection of the current rules (existing ones are kept; nothing is
     * disconnected). Thread: worker.
     */
    public ConnectionReport applyConnections() {
        List<ConnectRule> current = rules;
        List<String> warnings = new ArrayList<>();
        int made = 0;
        synchronized (lock) {
            if (session == null) {
                return new ConnectionReport(current.size(), 0, List.of("not connected: " + serverGoneMessage()));
            }
            for (ConnectRule r : current) {
                String ours = session.name + ":" + r.ourPort();
                if (JackNative.jack_port_by_name(session.handle, r.peerPort()) == 0) {
                    warnings.add("connect rule '" + r + "': the server has no port '" + r.peerPort() + "'; skipped");
                    continue;
                }
                int rc = r.input() ? JackNative.jack_connect(session.handle, r.peerPort(), ours)
                        : JackNative.jack_connect(session.handle, ours, r.peerPort());
                if (rc == 0 || rc == EEXIST) {
                    made++;
                } else {
                    warnings.add("connect rule '" + r + "': JACK refused the connection (error " + rc + ")");
                }
            }
        }
        for (String w : warnings) LOG.log(System.Logger.Level.WARNING, w);
        return new ConnectionReport(current.size(), made, warnings);
    }

    /**
     * Replaces the connect rules (validated against our ports) and applies them if running;
     * they are also what a reconnect re-applies. Thread: worker.
     *
     * @throws IllegalArgumentException if a rule names a port we do not have
     */
    public ConnectionReport setConnections(List<ConnectRule> newRules) {
        Config checked = config.withConnections(newRules);
        rules = checked.connections();
        boolean running;
        synchronized (lock) {
            running = started && session != null;
        }
        return running ? applyConnections() : new ConnectionReport(rules.size(), 0, List.of());
    }

    public List<ConnectRule> connections() {
        return rules;
    }

    @Override
    public void setProcessor(AudioProcessor processor) {
        AudioProcessor old = driver.processor;
        if (processor != null) processor.realtimePriority(rtPriority);
        driver.processor = processor;
        int before = old == null ? 0 : old.latencyFrames();
        int after = processor == null ? 0 : processor.latencyFrames();
        if (before != after) latencyChanged();
    }

    @Override
    public AudioProcessor processor() {
        return driver.processor;
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    @Override
    public int bufferSize() {
        return bufferSize;
    }

    @Override
    public int inputCount() {
        return driver.inputs;
    }

    @Override
    public int outputCount() {
        return driver.outputs;
    }

    public List<String> inputNames() {
        return config.inputs();
    }

    public List<String> outputNames() {
        return config.outputs();
    }

    /** The name the server gave this client (the configured one, or e.g. "jackdesk-01" if that was taken). */
    public String clientName() {
        synchronized (lock) {
            return session != null ? session.name : config.clientName();
        }
    }

    /** The server name this backend targets, or null for the default server. */
    public String serverName() {
        return config.serverName();
    }

    @Override
    public BackendStatus status() {
        return status;
    }

    @Override
    public long cycleCount() {
        return driver.cycles;
    }

    @Override
    public long xrunCount() {
        return xruns.get();
    }

    @Override
    public long processorFailures() {
        return driver.failures;
    }

    @Override
    public long nonFiniteOutputs() {
        return driver.nonFinite;
    }

    @Override
    public CallbackTimes callbackTimes() {
        return driver.stats.snapshot();
    }

    @Override
    public void resetCallbackTimes() {
        driver.stats.reset();
    }

    /**
     * The callbacks since the last {@link #resetCallbackTimes()} per 1 µs bin (the last bin every
     * longer one): what {@link #callbackTimes()} summarises, for a benchmark that pools the
     * callbacks of several stretches ({@link CallbackTimes#fromHistogram}). Thread: any non-audio.
     */
    public long[] callbackHistogram() {
        return driver.stats.histogram();
    }

    /** Callbacks longer than half the period and their causes; null before {@link #start}. Thread: any non-audio. */
    @Override
    public CallbackAttribution.Snapshot slowCallbacks() {
        CallbackAttribution a = attribution;
        return a == null ? null : a.snapshot();
    }

    /** Forgets the slow callbacks counted so far (a benchmark's warm-up). Thread: any non-audio. */
    public void resetSlowCallbacks() {
        CallbackAttribution a = attribution;
        if (a != null) a.reset(JvmEvents.epochNanos(java.time.Instant.now()));
    }

    /**
     * JACK's DSP load (percent of the period the whole graph used), 0 while the server is gone; as
     * sampled every {@link #LOAD_SAMPLE_MILLIS} ms on the backend's worker. Thread: any; it never
     * waits (the control plane's {@code /metrics} and health read it on an event loop, while a
     * close or reconnect may hold the session lock for seconds).
     */
    @Override
    public float dspLoadPercent() {
        return dspLoad;
    }

    /**
     * How the process callback and its port copies reach native code in this JVM: "FFM" (Java 22+,
     * see {@link FfmJack}) or "JNA (why not FFM)". Thread: any.
     */
    public static String audioPath() {
        return FfmJack.AVAILABLE ? "FFM" : "JNA (" + FfmJack.UNAVAILABLE_REASON + ")";
    }

    /** Id of the thread that ran the last audio cycle (0 before the first), for allocation checks. */
    public long audioThreadId() {
        return driver.audioThreadId;
    }

    @Override
    public void close() {
        Session s;
        synchronized (lock) {
            if (closed) return;
            closed = true;
            status = BackendStatus.CLOSED;
            s = session;
            session = null;
            if (reconnect != null) reconnect.cancel(false);
        }
        if (s != null) closeSession(s);
        worker.shutdown();
        CallbackAttribution a = attribution;
        if (a != null) a.close();
        if (statusListener != null) {
            try {
                statusListener.onStatus(BackendStatus.CLOSED, "closed");
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "status listener failed", e);
            }
        }
    }

    private Session openSession() throws JackUnavailableException {
        opening = true;
        try {
            return openSessionInner();
        } finally {
            opening = false;
        }
    }

    private Session openSessionInner() throws JackUnavailableException {
        requireLibrary();
        JackHandles.OpenResult opened;
        try {
            opened = JackHandles.open(config.clientName(), config.serverName());
        } catch (JackException | LinkageError e) {
            throw new JackUnavailableException("the JACK library (libjack) could not be used: " + oneLine(e), e);
        }
        if (opened.client == null) {
            String who = config.serverName() == null ? "no JACK server is running (default server"
                    + (System.getenv("JACK_DEFAULT_SERVER") != null ? " '" + System.getenv("JACK_DEFAULT_SERVER") + "'" : "") + ")"
                    : "no JACK server named '" + config.serverName() + "' is running";
            throw new JackUnavailableException(who + "; start one (e.g. jackd -d alsa, or PipeWire's JACK) or use the internal clock"
                    + String.format(" [jack status 0x%x]", opened.status));
        }
        JackClient client = opened.client;
        long handle = JackHandles.clientHandle(client);
        FfmJack.Stub stub = null;
        try {
            long[] ins = register(client, config.inputs(), JackPortFlags.JackPortIsInput);
            long[] outs = register(client, config.outputs(), JackPortFlags.JackPortIsOutput);
            MidiTransport[] pairs = config.midi().toArray(new MidiTransport[0]);
            long[] midiIn = new long[pairs.length], midiOut = new long[pairs.length];
            long midiEvent = 0L;
            for (int m = 0; m < pairs.length; m++) {
                midiIn[m] = registerMidi(client, pairs[m].inPort(), JackPortFlags.JackPortIsInput);
                midiOut[m] = registerMidi(client, pairs[m].outPort(), JackPortFlags.JackPortIsOutput);
            }
            if (pairs.length > 0) {
                // jack_midi_event_t on 64-bit: uint32 time, size_t size at 8, pointer at 16. Once per backend, shared by the pairs
                // (the JACK thread reads them one after the other).
                if (midiEventMemory == null) midiEventMemory = new com.sun.jna.Memory(24);
                midiEvent = com.sun.jna.Pointer.nativeValue(midiEventMemory);
            }
            Cycle cycle = new Cycle(driver, ins, outs, FfmJack.AVAILABLE, pairs, midiIn, midiOut, midiEvent);
            JackNative.BufferSizeCallback bs = (nframes, arg) -> {
                driver.ensureCapacity(nframes);
                if (!opening) formatSeen(sampleRate, nframes);
                return 0;
            };
            JackNative.SampleRateCallback sr = (rate, arg) -> {
                if (!opening) formatSeen(rate, bufferSize);
                return 0;
            };
            JackNative.XrunCallback xr = arg -> {
                long c = driver.cycles;
                if (c != lastXrunCycle) { // several reports within one cycle are one xrun
                    lastXrunCycle = c;
                    xruns.incrementAndGet();
                }
                return 0;
            };
            if (cycle.ffm) {
                // The JVM attaches the JACK thread at its first upcall and keeps it attached until it exits.
                try {
                    stub = FfmJack.setProcessCallback(handle, FfmJack.callbackHandle(java.lang.invoke.MethodHandles.lookup(), cycle));
                } catch (ReflectiveOperationException e) {
                    throw new JackUnavailableException("could not bind the process callback: " + e, e);
                }
            } else {
                // Keep the JACK thread attached to the JVM between cycles: attaching allocates a Thread.
                Native.setCallbackThreadInitializer(cycle, new CallbackThreadInitializer(true, false, "jackdesk-jack-audio"));
                check(JackNative.jack_set_process_callback(handle, cycle, 0L), "process callback");
            }
            JackNative.LatencyCallback lat = (mode, arg) -> reportLatency(ins, outs, mode);
            // Notification thread: one atomic increment each, the worker does the rest (StageBoxWatcher).
            JackNative.PortRegistrationCallback preg = (port, register, arg) -> watcher.graphChanged();
            JackNative.ClientRegistrationCallback creg = (name, register, arg) -> watcher.graphChanged();
            // libjack's notification thread calls these: keep it attached to the JVM too. JNA's
            // default attaches and detaches it around every call, which costs a new Thread object
            // per call (the notification thread was 0.25 % of a core in bench mixbox, mostly xrun reports).
            for (com.sun.jna.Callback cb : new com.sun.jna.Callback[] {bs, sr, xr, lat, preg, creg}) {
                Native.setCallbackThreadInitializer(cb, NOTIFY_THREAD);
            }
            check(JackNative.jack_set_buffer_size_callback(handle, bs, 0L), "buffer-size callback");
            check(JackNative.jack_set_sample_rate_callback(handle, sr, 0L), "sample-rate callback");
            check(JackNative.jack_set_xrun_callback(handle, xr, 0L), "xrun callback");
            check(JackNative.jack_set_latency_callback(handle, lat, 0L), "latency callback");
            check(JackNative.jack_set_port_registration_callback(handle, preg, 0L), "port registration callback");
            check(JackNative.jack_set_client_registration_callback(handle, creg, 0L), "client registration callback");
            Session s = new Session(client, handle, cycle, bs, sr, xr);
            s.latency = lat;
            s.portRegistration = preg;
            s.clientRegistration = creg;
            s.processStub = stub;
            client.onShutdown(c -> serverShutdown(s));
            return s;
        } catch (JackUnavailableException | RuntimeException e) {
            client.close();
            if (stub != null) stub.close();
            throw e;
        } catch (JackException e) {
            client.close();
            if (stub != null) stub.close();
            throw new JackUnavailableException("could not set up JACK client '" + client.getName() + "': " + e.getMessage(), e);
        }
    }

    /**
     * Tells the processor the real-time priority of the active client's process thread (its
     * helper threads follow it). Thread: worker, after activation.
     */
    private void shareRealtimePriority(Session s, AudioProcessor processor) {
        int prio = JackNative.jack_client_real_time_priority(s.handle);
        rtPriority = Math.max(0, prio);
        if (processor != null) processor.realtimePriority(rtPriority);
    }

    /**
     * JACK's latency callback (notification thread): each output lags our inputs by the
     * processor's declared latency for that output, in both directions of the graph (the JACK
     * latency API's rule for a client that delays its signal).
     */
    private void reportLatency(long[] ins, long[] outs, int mode) {
        AudioProcessor p = driver.processor;
        com.sun.jna.Memory range = new com.sun.jna.Memory(8);
        int min = Integer.MAX_VALUE, max = 0;
        if (mode == JackNative.CAPTURE_LATENCY) {
            // Each output: the inputs' capture latency plus what the path to that output adds.
            for (long port : ins) {
                JackNative.jack_port_get_latency_range(port, mode, range);
                min = Math.min(min, range.getInt(0));
                max = Math.max(max, range.getInt(4));
            }
            if (min == Integer.MAX_VALUE) min = 0;
            for (int k = 0; k < outs.length; k++) {
                int extra = extra(p, k);
                range.setInt(0, min + extra);
                range.setInt(4, max + extra);
                JackNative.jack_port_set_latency_range(outs[k], mode, range);
            }
        } else {
            // The inputs: the span of every output's playback latency plus its path's delay.
            for (int k = 0; k < outs.length; k++) {
                JackNative.jack_port_get_latency_range(outs[k], mode, range);
                int extra = extra(p, k);
                min = Math.min(min, range.getInt(0) + extra);
                max = Math.max(max, range.getInt(4) + extra);
            }
            if (min == Integer.MAX_VALUE) min = 0;
            range.setInt(0, min);
            range.setInt(4, max);
            for (long port : ins) JackNative.jack_port_set_latency_range(port, mode, range);
        }
    }

    private static int extra(AudioProcessor p, int output) {
        return p == null ? 0 : Math.max(0, p.latencyFrames(output));
    }

    /**
     * Tells JACK to ask again for port latencies (after the processor's {@code latencyFrames()}
     * changed, e.g. a lookahead limiter was switched in). Thread: any; it never waits: the request
     * is queued on the backend's worker (the caller may be a console-state listener on an event
     * loop, inside the state's lock, while a close or reconnect holds the session lock for
     * seconds). Requests made before the worker runs it make one recompute.
     */
    public void latencyChanged() {
        if (!latencyQueued.compareAndSet(false, true)) return;
        try {
            worker.execute(() -> {
                latencyQueued.set(false);
                synchronized (lock) {
                    if (session != null) JackNative.jack_recompute_total_latencies(session.handle);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            latencyQueued.set(false); // closed: nothing to recompute
        }
    }

    private static long[] register(JackClient client, List<String> names, JackPortFlags flag) throws JackUnavailableException {
        long[] handles = new long[names.size()];
        for (int i = 0; i < handles.length; i++) {
            try {
                JackPort p = client.registerPort(names.get(i), JackPortType.AUDIO, flag);
                handles[i] = JackHandles.portHandle(p);
            } catch (JackException e) {
                throw new JackUnavailableException("JACK could not register port '" + client.getName() + ":" + names.get(i)
                        + "' (name too long, or the server's port limit reached; jackd -p raises it)", e);
            }
        }
        return handles;
    }

    private static long registerMidi(JackClient client, String name, JackPortFlags flag) throws JackUnavailableException {
        try {
            return JackHandles.portHandle(client.registerPort(name, JackPortType.MIDI, flag));
        } catch (JackException e) {
            throw new JackUnavailableException("JACK could not register MIDI port '" + client.getName() + ":" + name + "'", e);
        }
    }

    private static void check(int rc, String what) throws JackUnavailableException {
        if (rc != 0) throw new JackUnavailableException("JACK refused the " + what + " (error " + rc + ")");
    }

    /** Thread: JACK notification thread or worker. Fires the listener only on a real change. */
    private void formatSeen(int rate, int size) {
        boolean changed;
        synchronized (driver) {
            changed = rate != sampleRate || size != bufferSize;
            sampleRate = rate;
            bufferSize = size;
        }
        if (changed && formatListener != null) {
            try {
                formatListener.onFormatChanged(rate, size);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "format listener failed; the old processor keeps running", e);
            }
        }
    }

    /** Thread: JACK's (not the audio) thread. Closing a client inside its own shutdown callback is forbidden: hand off. */
    private void serverShutdown(Session s) {
        try {
            worker.execute(() -> serverGone(s));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void serverGone(Session s) {
        synchronized (lock) {
            if (closed || session != s) return;
            session = null;
            status = BackendStatus.SERVER_GONE;
        }
        LOG.log(System.Logger.Level.WARNING, "JACK server gone; retrying every second");
        fireStatus(BackendStatus.SERVER_GONE, "JACK server gone");
        if (!closeSession(s)) {
            // libjack holds its global open/close mutex in the stuck close: a new jack_client_open
            // would block forever on it, so reconnecting is pointless until the process restarts.
            String why = "JACK client close stuck inside libjack; restart jackdesk (and the JACK server) to reconnect";
            LOG.log(System.Logger.Level.ERROR, why);
            fireStatus(BackendStatus.SERVER_GONE, why);
            return;
        }
        synchronized (lock) {
            if (!closed) {
                reconnect = worker.scheduleWithFixedDelay(this::tryReconnect, RETRY_MILLIS, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void tryReconnect() {
        synchronized (lock) {
            if (closed || session != null) return;
        }
        Session s;
        try {
            s = openSession();
        } catch (JackUnavailableException e) {
            LOG.log(System.Logger.Level.DEBUG, "reconnect: {0}", e.getMessage());
            return;
        }
        int rate = JackNative.jack_get_sample_rate(s.handle);
        int size = JackNative.jack_get_buffer_size(s.handle);
        driver.ensureCapacity(size);
        formatSeen(rate, size);
        boolean run = false;
        boolean joined = false;
        Session discard = null;
        synchronized (lock) {
            joined = status == BackendStatus.WAITING;
            if (closed) {
                discard = s;
            } else {
                run = started;
                if (run) {
                    try {
                        s.client.activate();
                    } catch (JackException e) {
                        LOG.log(System.Logger.Level.WARNING, "reconnect: JACK refused activation; retrying", e);
                        discard = s;
                    }
                }
                if (discard == null) {
                    session = s;
                    status = run ? BackendStatus.RUNNING : BackendStatus.OPEN;
                    if (run) shareRealtimePriority(s, driver.processor);
                    if (reconnect != null) reconnect.cancel(false);
                    reconnect = null;
                }
            }
        }
        if (discard != null) {
            // Outside the lock: a close may take seconds, and the control plane takes the lock.
            if (!closeSession(discard)) {
                synchronized (lock) {
                    if (reconnect != null) reconnect.cancel(false); // libjack is stuck: see serverGone
                    reconnect = null;
                }
            }
            return;
        }
        String detail = joined ? "joined JACK server '" + config.serverName() + "' as '" + s.name + "' at " + rate + " Hz, "
                + size + " frames" : "JACK server back";
        if (run) {
            ConnectionReport r = applyConnections();
            detail += "; " + r.made() + " of " + r.requested() + " connections made";
            watcher.sessionChanged();
            watcher.scanNow();
        }
        LOG.log(System.Logger.Level.INFO, detail);
        fireStatus(status, detail);
    }

    /**
     * Deactivates and closes a session's client. libjack stops the client's real-time thread with
     * an asynchronous {@code pthread_cancel} right after the server has taken the client out of the
     * graph; if that thread is still inside our (Java) callback then — a late cycle under load —
     * the cancellation unwinds through the JVM and corrupts it (seen as "double free or
     * corruption" when the thread detaches). So first make the callback trivial and wait until a
     * couple of such quiet cycles have completed: the thread is then waiting inside libjack when
     * it is cancelled. Without a server there are no cycles; the wait then times out quickly.
     */
    private boolean closeSession(Session s) {
        Cycle c = s.process;
        c.quiet = true;
        long end = System.nanoTime() + QUIET_WAIT_NANOS;
        while (c.quietCycles < 2 && System.nanoTime() < end) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // jack2 stops the client's notification thread before asking the server to close it; if
        // the server meanwhile fills that client's notification socket (an xrun storm on an
        // overloaded machine sends one message per xrun), its request thread blocks writing and
        // the close never returns. So close on a thread of its own and give up waiting after
        // CLOSE_WAIT_MS: the client is then abandoned (its stub kept, JACK may still call it).
        Thread closer = new Thread(() -> {
            try {
                s.client.deactivate();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "JACK client deactivate failed", e);
            } finally {
                s.client.close();
                // JACK can no longer call the stub: free it.
                if (s.processStub != null) s.processStub.close();
            }
        }, "jackdesk-jack-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.log(System.Logger.Level.WARNING, "JACK did not confirm closing client '" + s.client.getName() + "' within "
                    + CLOSE_WAIT_MS / 1000 + " s (server overloaded or stuck); carrying on without waiting");
            return false;
        }
        return true;
    }

    private void fireStatus(BackendStatus st, String detail) {
        if (statusListener == null) return;
        try {
            statusListener.onStatus(st, detail);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "status listener failed", e);
        }
    }

    private String serverGoneMessage() {
        return config.serverName() == null ? "the JACK server is gone" : "JACK server '" + config.serverName() + "' is gone";
    }

    private static synchronized void routeJackMessages() {
        if (messagesRouted) return;
        // libjack prints every failed connection attempt to stderr; while we retry each second
        // that would flood the console, so route it to the logger (DEBUG) instead.
        JackNative.jack_set_error_function(JACK_ERRORS);
        JackNative.jack_set_info_function(JACK_INFO);
        messagesRouted = true;
    }
}
