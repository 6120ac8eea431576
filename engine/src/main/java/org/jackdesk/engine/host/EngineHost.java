package org.jackdesk.engine.host;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.EngineCommand;
import org.jackdesk.engine.EngineControl;
import org.jackdesk.engine.MeterBank;
import org.jackdesk.engine.jack.AudioBackend;
import org.jackdesk.engine.jack.BackendStatus;
import org.jackdesk.engine.jack.ConnectRule;
import org.jackdesk.engine.jack.InternalClock;
import org.jackdesk.engine.jack.JackBackend;
import org.jackdesk.engine.jack.JackUnavailableException;
import org.jackdesk.engine.jack.PrivateJackServer;
import org.jackdesk.engine.jack.StageBoxStatus;
import org.jackdesk.engine.midi.MidiTransport;

/**
 * Runs the console's engine on the best backend available: a running JACK server; else a private
 * dummy {@code jackd} it starts (and stops on close); else an internal clock with the same period
 * timing (also when libjack cannot be loaded at all). A server named in the options is the user's
 * explicit choice and is never replaced: when it is not running the host waits for it
 * ({@link AudioStatus.State#WAITING_FOR_SERVER}) and joins it when it starts. It rebuilds the engine off the audio thread when JACK changes sample rate or buffer
 * size, and is the {@link EngineControl} the control plane talks to.
 *
 * <p>Thread: public methods from control or worker threads.
 */
public final class EngineHost implements EngineControl, AutoCloseable {
    /**
     * How to start. {@code demo} null means "on when there is no real JACK server". {@code threading}
     * is how every engine of the host spreads its strips, decided by whoever composes the console
     * (the control module's {@code Console}); null, for engine tests and tools that build a bare
     * host, means {@link ThreadingPolicy#fromSystemProperty}.
     */
    public record Options(String clientName, String serverName, boolean allowPrivateServer, boolean forceInternalClock,
                          Boolean demo, int sampleRate, int periodFrames, List<ConnectRule> connections,
                          Engine.Threading threading, List<String> stageBoxes, boolean midi, List<String> midiPairs) {
        public Options {
            connections = connections == null ? List.of() : List.copyOf(connections);
            midiPairs = midiPairs == null ? List.of() : List.copyOf(midiPairs);
            stageBoxes = stageBoxes == null ? List.of() : List.copyOf(stageBoxes);
            if (clientName == null || clientName.isBlank()) clientName = JackBackend.Config.DEFAULT_CLIENT_NAME;
        }

        /** Options without MIDI ports ({@link #withMidi} adds them). */
        public Options(String clientName, String serverName, boolean allowPrivateServer, boolean forceInternalClock,
                       Boolean demo, int sampleRate, int periodFrames, List<ConnectRule> connections,
                       Engine.Threading threading, List<String> stageBoxes) {
            this(clientName, serverName, allowPrivateServer, forceInternalClock, demo, sampleRate, periodFrames, connections,
                    threading, stageBoxes, false, List.of());
        }

        /** These options with ({@code true}) or without the JACK MIDI pair {@code midi_in}/{@code midi_out} (docs/midi.md). */
        public Options withMidi(boolean on) {
            return new Options(clientName, serverName, allowPrivateServer, forceInternalClock, demo, sampleRate, periodFrames,
                    connections, threading, stageBoxes, on, midiPairs);
        }

        /**
         * These options with the MIDI pairs named {@code names} besides the first (ports
         * {@code name_in}/{@code name_out}, docs/midi.md "More port pairs"); only with {@link #withMidi} on.
         */
        public Options withMidiPairs(List<String> names) {
            return new Options(clientName, serverName, allowPrivateServer, forceInternalClock, demo, sampleRate, periodFrames,
                    connections, threading, stageBoxes, midi, names);
        }

        /** Options without stage boxes. */
        public Options(String clientName, String serverName, boolean allowPrivateServer, boolean forceInternalClock,
                       Boolean demo, int sampleRate, int periodFrames, List<ConnectRule> connections, Engine.Threading threading) {
            this(clientName, serverName, allowPrivateServer, forceInternalClock, demo, sampleRate, periodFrames, connections,
                    threading, List.of());
        }

        /** Options whose threading comes from {@link ThreadingPolicy#fromSystemProperty} when the host starts. */
        public Options(String clientName, String serverName, boolean allowPrivateServer, boolean forceInternalClock,
                       Boolean demo, int sampleRate, int periodFrames, List<ConnectRule> connections) {
            this(clientName, serverName, allowPrivateServer, forceInternalClock, demo, sampleRate, periodFrames, connections, null);
        }

        /** These options with the threading decided. */
        public Options withThreading(Engine.Threading decided) {
            return new Options(clientName, serverName, allowPrivateServer, forceInternalClock, demo, sampleRate, periodFrames,
                    connections, decided, stageBoxes, midi, midiPairs);
        }

        /** These options watching the named stage boxes (JACK client names, docs/stagebox.md). */
        public Options withStageBoxes(List<String> names) {
            return new Options(clientName, serverName, allowPrivateServer, forceInternalClock, demo, sampleRate, periodFrames,
                    connections, threading, names, midi, midiPairs);
        }

        public static Options defaults() {
            return new Options(JackBackend.Config.DEFAULT_CLIENT_NAME, null, true, false, null, 48000, 64, List.of());
        }
    }

    /** Where the audio runs. */
    public enum Mode { JACK, PRIVATE_JACK, INTERNAL_CLOCK }

    private final ConsoleState state;
    private final ParamRegistry registry;
    private final Consumer<String> log;
    private final Options options;
    private volatile HostProcessor current;
    private volatile AudioBackend backend;
    private volatile AudioStatus status = new AudioStatus(AudioStatus.State.STARTING, "starting");
    private volatile Consumer<AudioStatus> statusListener = s -> { };
    private volatile Consumer<StageBoxStatus> stageBoxListener = s -> { };
    private final ConsoleState.Listener stateListener = (p, v, o) -> {
        setParam(p.slot(), v);
        // The limiters' lookahead is the engine's only latency: tell JACK when it changes.
        if (p.path().endsWith("/limiter/on") && backend instanceof JackBackend j) j.latencyChanged();
    };
    private PrivateJackServer privateServer;
    /** The first MIDI pair's queues (one for the host's life, across JACK sessions and engines); null without MIDI. */
    private final MidiTransport midi;
    /** Every MIDI pair, the first first; empty without MIDI. */
    private final List<MidiTransport> midiPairs;
    private Mode mode;
    private boolean demo;
    /** How every engine of this host spreads its strips ({@link Options#threading}). */
    private Engine.Threading threading = Engine.Threading.SINGLE;

    private EngineHost(ConsoleState state, Options options, Consumer<String> log) {
        this.state = state;
        this.registry = state.registry();
        this.options = options;
        this.log = log;
        this.midi = options.midi() ? new MidiTransport() : null;
        List<MidiTransport> pairs = new java.util.ArrayList<>();
        if (midi != null) {
            pairs.add(midi);
            for (String n : options.midiPairs()) pairs.add(new MidiTransport(n));
        }
        this.midiPairs = List.copyOf(pairs);
    }

    /**
     * Starts audio. Never fails for want of JACK: it falls back as described above and says so
     * through {@code log} (one line per decision, for a person to read).
     */
    public static EngineHost start(ConsoleState state, Options options, Consumer<String> log) throws IOException {
        EngineHost h = new EngineHost(state, options, log);
        // Listen before the engine is built from the state's values, so that no value set
        // meanwhile is lost (setParam ignores writes until there is an engine).
        state.addListener(h.stateListener);
        try {
            h.open();
        } catch (RuntimeException | Error e) {
            state.removeListener(h.stateListener);
            h.close();
            throw e;
        }
        return h;
    }

    private void open() throws IOException {
        threading = options.threading() != null ? options.threading() : ThreadingPolicy.fromSystemProperty(registry.layout());
        warmUp(registry.layout());
        if (midi != null) MidiTransport.warmUp(); // every MIDI input path profiled before the JACK thread runs it
        Engine probe = new Engine(registry, options.sampleRate(), state.copyValues(), threading);
        if (threading.worker()) {
            log.accept("channel strips on two threads (strips 1-" + registry.layout().channels().size() / 2
                    + " on the audio thread, the rest on a worker; -D" + ThreadingPolicy.PROPERTY + "=0 turns it off)");
        }
        List<String> ins = probe.inputPortNames(), outs = probe.outputPortNames();
        // Without libjack nothing JACK can work (not even a private server): say why once, with the remedy.
        String noLibrary = options.forceInternalClock() ? null : JackBackend.libraryProblem();
        if (!options.forceInternalClock() && noLibrary == null) {
            String named = options.serverName();
            boolean namedIsDown = named != null && !JackBackend.isServerRunning(named);
            JackBackend jack = namedIsDown ? null : tryJack(named, ins, outs);
            if (jack != null) {
                mode = Mode.JACK;
            } else if (namedIsDown) {
                // The user named this server: wait for it rather than play a demo somewhere else.
                try {
                    jack = JackBackend.waitFor(jackConfig(named, ins, outs), options.sampleRate(), options.periodFrames(),
                            this::formatChanged, this::backendStatus);
                    mode = Mode.JACK;
                    log.accept("JACK server '" + named + "' is not running: waiting for it, retrying every second;"
                            + " jackdesk joins it when it starts (e.g. jackd -n " + named + " -d alsa)");
                } catch (JackUnavailableException e) {
                    log.accept(e.getMessage());
                }
            } else if (options.allowPrivateServer() && PrivateJackServer.jackdAvailable()) {
                try {
                    privateServer = PrivateJackServer.start(PrivateJackServer.Options.defaults()
                            .withSampleRate(options.sampleRate()).withPeriod(options.periodFrames())
                            .withChannels(ins.size(), outs.size()));
                    log.accept("started a private JACK server '" + privateServer.name() + "' (dummy backend, "
                            + options.sampleRate() + " Hz, " + options.periodFrames() + " frames); it stops when jackdesk stops");
                    jack = tryJack(privateServer.name(), ins, outs);
                    if (jack != null) mode = Mode.PRIVATE_JACK;
                } catch (IOException e) {
                    // jackd is there but did not come up: the internal clock still gives a console.
                    log.accept("could not start a private JACK server: " + e.getMessage());
                }
            }
            if (jack != null) {
                demo = options.demo() != null ? options.demo() : mode != Mode.JACK;
                HostProcessor fresh = new HostProcessor(rebuild(jack.sampleRate()), demo, jack.bufferSize());
                // A format change reported before 'backend' is set builds an engine no backend runs:
                // close it (its strip worker thread) instead of leaking it.
                HostProcessor raced = current;
                current = fresh;
                if (raced != null) raced.engine().close();
                probe.close();
                resync(current);
                backend = jack;
                jack.watchStageBoxes(options.stageBoxes(), b -> stageBoxListener.accept(b));
                try {
                    jack.start(current); // JackBackend reports missing peer ports itself
                    setStatus(jack.status() == BackendStatus.WAITING ? waiting(jack) : running(jack), false);
                    return;
                } catch (JackUnavailableException e) {
                    log.accept(e.getMessage());
                    backend = null;
                    jack.close();
                    current.engine().close();
                    current = null;
                    probe = new Engine(registry, options.sampleRate(), state.copyValues(), threading);
                }
            }
        }
        stopPrivateServer(); // started but unusable: do not leave it running behind the internal clock
        mode = Mode.INTERNAL_CLOCK;
        demo = options.demo() == null || options.demo();
        log.accept("running on the internal clock (" + options.sampleRate() + " Hz, " + options.periodFrames()
                + " frames): " + (noLibrary == null ? "no audio interface is used"
                : "JACK is not installed or cannot be loaded (libjack: " + noLibrary + "). For real audio install JACK"
                        + " (apt-get install jackd2) or run jackdesk under PipeWire's JACK (pw-jack ./jackdesk start)"));
        current = new HostProcessor(probe, demo, options.periodFrames());
        resync(current);
        backend = InternalClock.start(options.sampleRate(), options.periodFrames(), ins.size(), outs.size(), current);
        setStatus(new AudioStatus(AudioStatus.State.INTERNAL_CLOCK, "internal clock"), false);
    }

    private JackBackend.Config jackConfig(String server, List<String> ins, List<String> outs) {
        return JackBackend.Config.of(ins, outs).withClientName(options.clientName())
                .withServerName(server).withMidi(midiPairs).withConnections(options.connections()); // MIDI first: rules may name its ports
    }

    private static AudioStatus running(JackBackend j) {
        return new AudioStatus(AudioStatus.State.JACK, "jack:" + j.clientName() + "@" + (j.serverName() == null ? "default" : j.serverName()));
    }

    private static AudioStatus waiting(JackBackend j) {
        return new AudioStatus(AudioStatus.State.WAITING_FOR_SERVER, "waiting for JACK server '" + j.serverName() + "'");
    }

    private void setStatus(AudioStatus s, boolean tell) {
        status = s;
        if (tell) statusListener.accept(s);
    }

    private JackBackend tryJack(String server, List<String> ins, List<String> outs) {
        JackBackend.Config cfg = jackConfig(server, ins, outs); // a bad client name is the user's error: it propagates
        try {
            return JackBackend.open(cfg, this::formatChanged, this::backendStatus);
        } catch (JackUnavailableException e) {
            log.accept(e.getMessage());
            return null;
        } catch (RuntimeException | LinkageError e) {
            // Any other failure of the native binding (FFM linker, JNA) must not cost the console.
            log.accept("the JACK binding failed: " + e + "; not using JACK");
            return null;
        }
    }

    /**
     * Values written while {@code p}'s engine was being built went to the old engine (or nowhere,
     * while starting): write them all again now that {@code p} is current. Unchanged values are
     * no-ops for the engine (ramps keep their targets).
     */
    private void resync(HostProcessor p) {
        double[] v = state.copyValues();
        for (int s = 0; s < v.length; s++) p.engine().setParam(s, v[s]);
    }

    /** An engine at {@code rate} with the console's current values. Thread: control or worker. */
    private Engine rebuild(int rate) {
        return new Engine(registry, rate, state.copyValues(), threading);
    }

    private void formatChanged(int rate, int bufferSize) {
        AudioBackend b = backend;
        HostProcessor old = current;
        HostProcessor next = new HostProcessor(rebuild(rate), demo, bufferSize);
        current = next;
        if (b != null) b.setProcessor(next);
        resync(next);
        // A cycle of the old engine may still be running: without its worker it finishes alone.
        if (old != null) old.engine().close();
        log.accept("JACK format is now " + rate + " Hz, " + bufferSize + " frames: engine rebuilt");
    }

    private void backendStatus(BackendStatus s, String detail) {
        AudioBackend b = backend;
        AudioStatus next = switch (s) {
            case RUNNING -> b instanceof JackBackend j ? running(j) : new AudioStatus(AudioStatus.State.JACK, detail);
            case SERVER_GONE -> new AudioStatus(AudioStatus.State.SERVER_GONE, "JACK server gone");
            case WAITING -> b instanceof JackBackend j ? waiting(j) : new AudioStatus(AudioStatus.State.WAITING_FOR_SERVER, detail);
            case CLOSED -> new AudioStatus(AudioStatus.State.CLOSED, detail);
            case OPEN -> new AudioStatus(AudioStatus.State.STARTING, detail);
        };
        log.accept(detail);
        setStatus(next, true);
    }

    /**
     * Runs a throw-away engine with every processor on for a few thousand cycles, so the JIT has
     * compiled the audio path before the first real deadline (xruns cluster at JIT warm-up).
     */
    private void warmUp(Layout layout) {
        ParamRegistry reg = ParamRegistry.forLayout(layout.channels().size() > 4
                ? new Layout(layout.channels().subList(0, 4), layout.buses()) : layout);
        ConsoleState s = new ConsoleState(reg);
        for (var p : reg.all()) {
            String path = p.path();
            if (path.endsWith("/on") && !path.contains("/send/")) {
                try {
                    s.set(p, 1, "warmup");
                } catch (Exception ignored) {
                    // every "on" switch is a bool; nothing to report
                }
            }
        }
        // With the strip worker when the real engine has one, so that its hand-off is compiled too.
        try (Engine e = new Engine(reg, 48000f, s.copyValues(), threading)) {
            float[][] in = new float[layout.channels().size() * 2][64];
            for (float[] b : in) for (int i = 0; i < 64; i++) b[i] = (float) Math.sin(i * 0.3) * 0.3f;
            float[][] out = new float[e.outputPortNames().size()][64];
            for (int c = 0; c < 3000; c++) e.process(in, out, 64);
        }
    }

    /**
     * Called with the new status whenever the backend's state changes (server gone, back, joined);
     * the status at the time of the call is {@link #status()}. Thread: the listener runs on a
     * backend worker thread and must not block.
     */
    public void onStatus(Consumer<AudioStatus> listener) {
        this.statusListener = listener == null ? s -> { } : listener;
    }

    /**
     * Called whenever a watched stage box connects, is lost, or is missing at start
     * ({@link Options#stageBoxes}). Thread: the listener runs on the backend's worker thread and
     * must not block.
     */
    public void onStageBox(Consumer<StageBoxStatus> listener) {
        this.stageBoxListener = listener == null ? s -> { } : listener;
    }

    @Override
    public List<StageBoxStatus> stageBoxes() {
        return backend instanceof JackBackend j ? j.stageBoxes() : List.of();
    }

    /** Where the audio is now. Thread: any. */
    public AudioStatus status() {
        return status;
    }

    public Mode mode() {
        return mode;
    }

    public boolean demo() {
        return demo;
    }

    public AudioBackend backend() {
        return backend;
    }

    /** The engine currently running (changes when JACK changes format). */
    public Engine engine() {
        return current.engine();
    }

    @Override
    public void setParam(int slot, double value) {
        HostProcessor c = current;
        if (c != null) c.engine().setParam(slot, value); // null only while starting; the engine is then built from the state
    }

    @Override
    public boolean command(EngineCommand command) {
        return current.engine().command(command);
    }

    /**
     * The JACK MIDI pair's queues, or null when the options asked for none. On the internal clock
     * they exist but nothing arrives and nothing leaves (MIDI needs JACK).
     */
    @Override
    public MidiTransport midi() {
        return midi;
    }

    /** Every MIDI pair's queues, the first ({@link #midi}) first; empty without MIDI. */
    @Override
    public List<MidiTransport> midiPairs() {
        return midiPairs;
    }

    @Override
    public MeterBank meters() {
        return current.engine().meters();
    }

    @Override
    public org.jackdesk.engine.rta.RtaTap rta() {
        return current.engine().rta();
    }

    @Override
    public org.jackdesk.engine.rta.RtaTap feedbackTap() {
        return current.engine().feedbackTap();
    }

    @Override
    public int sampleRate() {
        return (int) current.engine().sampleRate();
    }

    @Override
    public int periodFrames() {
        AudioBackend b = backend;
        return b == null ? options.periodFrames() : b.bufferSize();
    }

    @Override
    public String backendStatus() {
        return status.text();
    }

    @Override
    public long xruns() {
        AudioBackend b = backend;
        return b == null ? 0 : b.xrunCount();
    }

    @Override
    public float dspLoadPercent() {
        AudioBackend b = backend;
        return b == null ? 0f : b.dspLoadPercent();
    }

    @Override
    public double callbackMaxMicros() {
        AudioBackend b = backend;
        return b == null ? 0 : b.callbackTimes().maxMicros();
    }

    @Override
    public org.jackdesk.engine.jack.CallbackAttribution.Snapshot slowCallbacks() {
        AudioBackend b = backend;
        return b == null ? null : b.slowCallbacks();
    }

    /** Stops audio and any private server. Idempotent. */
    @Override
    public void close() {
        state.removeListener(stateListener);
        AudioBackend b = backend;
        if (b != null) b.close();
        HostProcessor c = current;
        if (c != null) c.engine().close();
        stopPrivateServer();
    }

    private synchronized void stopPrivateServer() {
        if (privateServer != null) {
            privateServer.close();
            privateServer = null;
        }
    }
}
