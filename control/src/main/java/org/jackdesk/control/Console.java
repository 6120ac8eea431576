package org.jackdesk.control;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamException;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.StripLabels;
import org.jackdesk.config.show.SceneException;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.config.store.Autosaver;
import org.jackdesk.config.store.ShowStore;
import org.jackdesk.control.scene.LiveShow;
import org.jackdesk.control.scene.Notices;
import org.jackdesk.control.security.SecurityOptions;
import org.jackdesk.engine.EngineControl;
import org.jackdesk.engine.host.AudioStatus;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.host.ThreadingPolicy;
import org.jackdesk.engine.jack.StageBoxStatus;

/**
 * The console's composition root: the one place that wires a whole console, in this order —
 * configuration → {@link ConsoleState} (the configuration's values, then the show's) → scenes and
 * notices → autosave → {@link EngineHost} (audio) → {@link ControlServer} (WebSocket, REST, OSC) —
 * and closes it as one ({@link #close}: control server, then the last save, then audio).
 * {@code jackdesk start}, the console of {@code bench soak} and the tests that need a whole console
 * use it; nothing else wires one.
 *
 * <p>Reading and repairing the show file, choosing the configuration and checking TLS files are
 * the caller's (they decide the command's messages and exit codes); the root takes their results.
 * The threading policy (strip worker on/off) is decided here from {@link Options#workers}, not read
 * by the engine.
 *
 * <p>Thread: {@link #start} and {@link #close} on a plain thread (never a Vert.x event loop: they
 * wait for the server and for disk); the accessors from any thread.
 */
public final class Console implements AutoCloseable {
    /**
     * What to start.
     *
     * @param config the configuration: layout, server and JACK settings, starting values
     * @param show the show to load over the configuration's values, or null (a new show)
     * @param showWarnings what was repaired or recovered while reading the show: logged, and posted
     *     to every tablet as a standing warning
     * @param showFile where the show is autosaved; null for no autosave (a test's throwaway console)
     * @param saveNow whether to write the show at once (first start, restored from the backup, repaired)
     * @param engine how to start audio (its threading is replaced by the decision from {@code workers});
     *     null when {@code given} is
     * @param workers whether the strips get a worker thread
     * @param server ports, bind address and limits of the control server
     * @param security accounts, TLS and connection limits
     * @param log one line per event for a person (the caller adds its prefix): show, audio, autosave
     * @param given an engine the caller built and runs (a test's recording engine, a benchmark's
     *     engine on its own clock) instead of one started from {@code engine}: the console wires
     *     the same one route to it (state → engine) and reads its meters and status; null for the
     *     real audio
     * @param vertx a Vert.x the caller owns and closes (tests that run clients on it), or null:
     *     the console makes its own and closes it
     */
    public record Options(ConsoleConfig config, ShowStore.Loaded show, List<String> showWarnings, Path showFile,
                          boolean saveNow, EngineHost.Options engine, ThreadingPolicy.Workers workers, ServerOptions server,
                          SecurityOptions security, Consumer<String> log, EngineControl given, Vertx vertx) {
        public Options {
            if (config == null || (engine == null) == (given == null) || workers == null || server == null || security == null
                    || log == null) {
                throw new IllegalArgumentException("config, one of engine and given, workers, server, security and log are required");
            }
            showWarnings = showWarnings == null ? List.of() : List.copyOf(showWarnings);
        }

        public Options(ConsoleConfig config, ShowStore.Loaded show, List<String> showWarnings, Path showFile, boolean saveNow,
                       EngineHost.Options engine, ThreadingPolicy.Workers workers, ServerOptions server, SecurityOptions security,
                       Consumer<String> log) {
            this(config, show, showWarnings, showFile, saveNow, engine, workers, server, security, log, null, null);
        }

        /**
         * A console for a test or a tool: {@code config}'s values, no show file, the demo programme
         * off, threading from the system property, loopback on an ephemeral port, no accounts.
         */
        public static Options of(ConsoleConfig config, EngineHost.Options engine) {
            return new Options(config, null, List.of(), null, false, engine, ThreadingPolicy.Workers.fromSystemProperty(),
                    ServerOptions.loopbackEphemeral().withPorts(0, ServerOptions.NO_OSC), SecurityOptions.open(), line -> { });
        }

        /**
         * A console around an engine the caller runs (see {@code given}), on {@code vertx} (null:
         * its own): {@code config}'s values, no show file, loopback on an ephemeral port with OSC
         * off, no accounts.
         */
        public static Options of(ConsoleConfig config, EngineControl given, Vertx vertx) {
            return new Options(config, null, List.of(), null, false, null, ThreadingPolicy.Workers.fromSystemProperty(),
                    ServerOptions.loopbackEphemeral().withPorts(0, ServerOptions.NO_OSC), SecurityOptions.open(), line -> { },
                    given, vertx);
        }

        public Options withServer(ServerOptions s) {
            return new Options(config, show, showWarnings, showFile, saveNow, engine, workers, s, security, log, given, vertx);
        }

        public Options withSecurity(SecurityOptions s) {
            return new Options(config, show, showWarnings, showFile, saveNow, engine, workers, server, s, log, given, vertx);
        }

        public Options withShowFile(Path file) {
            return new Options(config, show, showWarnings, file, saveNow, engine, workers, server, security, log, given, vertx);
        }

        public Options withWorkers(ThreadingPolicy.Workers w) {
            return new Options(config, show, showWarnings, showFile, saveNow, engine, w, server, security, log, given, vertx);
        }

        public Options withLog(Consumer<String> l) {
            return new Options(config, show, showWarnings, showFile, saveNow, engine, workers, server, security, l, given, vertx);
        }
    }

    /**
     * The running console at a glance, as values (never text parsed back).
     *
     * @param audio where the audio is (its {@link AudioStatus#text()} is for a person)
     * @param mode where the audio runs, null while it does not
     * @param demo whether the demo programme plays
     * @param sampleRate frames per second of the current engine
     * @param periodFrames frames per JACK period (or internal clock tick)
     * @param httpPort the HTTP/WebSocket port
     * @param oscPort the OSC port, -1 when OSC is off
     * @param saveFailures autosaves that failed since start
     */
    public record Status(AudioStatus audio, EngineHost.Mode mode, boolean demo, int sampleRate, int periodFrames,
                         int httpPort, int oscPort, long saveFailures) {}

    /** The control server could not be deployed (e.g. its port is taken); the message says why. */
    public static final class DeployFailed extends Exception {
        DeployFailed(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final Options options;
    private final Vertx vertx;
    private org.jackdesk.control.record.RecorderService recorder;
    private org.jackdesk.control.feedback.FeedbackService feedback;
    private org.jackdesk.control.record.PlayerService player;
    private final ConsoleState state;
    private final SceneManager scenes;
    /** The strips' names and colours, saved with the show. */
    private final StripLabels labels;
    /** The custom fader layers, saved with the show. */
    private final org.jackdesk.config.show.FaderLayers layers;
    private final Notices notices;
    private final ExecutorService saveWorker;
    private final Autosaver saver;
    private final AtomicLong saveFailures = new AtomicLong();
    private EngineHost host;
    /** The engine the console runs: {@link #host}, or the caller's ({@link Options#given}). */
    private EngineControl engine;
    /** The one route state → engine for a given engine (an {@link EngineHost} follows the state itself). */
    private EngineBridge route;
    private ControlServer.Bound bound;
    private boolean closed;
    /** The MIDI mappings as learned since start (docs/midi.md), null while the configuration's are in force. */
    private volatile org.jackdesk.config.midi.MidiConfig midi;

    private Console(Options options) {
        this.options = options;
        ConsoleConfig cfg = options.config();
        // The strips' names and colours: the configuration's, then the show's (what the tablets renamed last time).
        labels = new StripLabels(cfg.layout());
        if (options.show() != null) labels.load(options.show().show().config().layout());
        state = new ConsoleState(ParamRegistry.forLayout(labels.applyTo(cfg).toLayout()));
        layers = new org.jackdesk.config.show.FaderLayers(state.registry().layout());
        if (options.show() != null) layers.load(options.show().show().layers());
        for (Map.Entry<String, Object> v : cfg.values().entrySet()) {
            try {
                state.set(v.getKey(), v.getValue(), "config");
            } catch (ParamException e) {
                // ConfigJson already checked every value against this registry.
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        vertx = options.vertx() != null ? options.vertx() : Vertx.vertx();
        scenes = new SceneManager(state, System::currentTimeMillis, LiveShow.ticker(vertx));
        notices = new Notices();
        saveWorker = options.showFile() == null ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jackdesk-autosave");
            t.setDaemon(true);
            return t;
        });
        // The show carries the MIDI mappings in force (learned ones too), not only the configuration's.
        saver = options.showFile() == null ? null : new Autosaver(options.showFile(), () -> scenes.toShow(labels.applyTo(withMidi(cfg))).withLayers(layers.list()), saveWorker,
                (ms, task) -> vertx.setTimer(ms, id -> task.run()), System::currentTimeMillis, new Autosaver.Status() {
                    @Override
                    public void saveFailed(Path file, IOException cause, String message) {
                        saveFailures.incrementAndGet();
                        options.log().accept(message);
                        notices.post(Notices.KEY_AUTOSAVE, Notices.status(Notices.LEVEL_ERROR, "save_failed", message).put("file", file.toString()));
                    }

                    @Override
                    public void saveRecovered(Path file) {
                        String message = "Autosave works again: every change is saved in " + file + ".";
                        options.log().accept(message);
                        notices.resolve(Notices.KEY_AUTOSAVE, Notices.status(Notices.LEVEL_OK, "save_recovered", message).put("file", file.toString()));
                    }
                });
    }

    /**
     * Starts the whole console; on failure everything started so far is closed again.
     *
     * @throws SceneException the show's scenes do not fit (message names what)
     * @throws IOException audio could not start
     * @throws DeployFailed the control server could not listen (message says why)
     * @throws TimeoutException the control server did not come up within 30 s
     */
    public static Console start(Options options) throws SceneException, IOException, DeployFailed, TimeoutException, InterruptedException {
        // Decided before anything starts: a bad -Djackdesk.engine.workers fails here, with nothing to undo.
        ConsoleConfig cfg = options.config();
        EngineHost.Options engine = options.engine() == null ? null
                : options.engine().withThreading(options.workers().threading(cfg.toLayout()));
        // The MIDI pairs besides the first come from the configuration (midi.ports, docs/midi.md), like the adapters behind them.
        if (engine != null && engine.midi() && engine.midiPairs().isEmpty()) engine = engine.withMidiPairs(cfg.midi().portNames());
        Console c = new Console(options);
        try {
            c.startAll(engine);
        } catch (SceneException | IOException | DeployFailed | TimeoutException | InterruptedException | RuntimeException | Error e) {
            c.abort();
            throw e;
        }
        return c;
    }

    private void startAll(EngineHost.Options engine) throws SceneException, IOException, DeployFailed, TimeoutException, InterruptedException {
        Consumer<String> log = options.log();
        // The show's values go into the state before the engine is built, so audio starts at them.
        if (options.show() != null) scenes.load(options.show().show());
        for (String w : options.showWarnings()) log.accept("warning: " + w);
        if (!options.showWarnings().isEmpty()) {
            notices.post(Notices.KEY_SHOW, Notices.status(Notices.LEVEL_WARNING, "show_recovered", String.join("; ", options.showWarnings())));
        }
        if (saver != null) {
            // Autosaver.changed never blocks and never calls back into the state or the scenes.
            state.addListener((p, v, o) -> saver.changed());
            scenes.addChangeListener(saver::changed);
            scenes.library().addListener(saver::changed); // a channel preset saved, renamed or deleted
            labels.addListener(saver::changed); // a strip renamed or recoloured on a tablet
            layers.addListener(saver::changed); // a fader layer defined, changed or deleted
            if (options.saveNow()) saver.changed();
            ShowStore.Loaded loaded = options.show();
            Path file = options.showFile();
            log.accept("show " + file + (loaded == null ? " (new)" : loaded.from().equals(file) ? "" : " (restored from its backup)")
                    + ", autosaved within a second of every change");
        }

        if (engine == null) {
            // The caller's engine: the one route, state → engine, from now on.
            this.engine = options.given();
            route = new EngineBridge(this.engine);
            state.addListener(route);
        } else {
            host = EngineHost.start(state, engine, log); // follows the state itself, from before its engine is built
            this.engine = host;
            if (host.status().running()) {
                log.accept("audio on " + host.backendStatus() + ", " + host.sampleRate() + " Hz, "
                        + host.periodFrames() + " frames" + (host.demo() ? ", demo programme playing" : ""));
            } else {
                log.accept("no audio yet (" + host.backendStatus() + "); the console is ready meanwhile");
            }
            wireAudioStatus(host, notices);
            wireStageBoxes(host, notices);
        }

        try {
            bound = ControlServer.deploy(vertx, state, this.engine, options.server(), new LiveShow(scenes, options.config(), notices, labels),
                    options.security()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new DeployFailed(e.getCause());
        }
        recorder = new org.jackdesk.control.record.RecorderService(vertx, () -> host == null ? null : host.engine(),
                options.config().recording().isDefault() ? org.jackdesk.control.record.RecorderService.defaultRoot()
                        : java.nio.file.Path.of(options.config().recording().folder()), () -> options.config().name(),
                this::currentScene, notices);
        bound.server().params().recorder(recorder);
        bound.server().params().layers(layers); // the show's fader layers, shared by every device
        // The feedback suppressor (docs/assistants.md): its own thread reads the engine's feedback tap
        // and writes notches through the parameter service; its messages go to every tablet.
        feedback = new org.jackdesk.control.feedback.FeedbackService(vertx, bound.server().params(), this.engine, notices::announce,
                System::currentTimeMillis).start();
        bound.server().params().feedback(feedback);
        org.jackdesk.control.record.RecorderService rs = recorder;
        player = new org.jackdesk.control.record.PlayerService(vertx, () -> host == null ? null : host.engine(), rs::root, notices);
        bound.server().params().player(player);
        if (bound.server().midi() != null) {
            bound.server().midi().onMappingsChanged(m -> {
                midi = m;
                if (saver != null) saver.changed();
            });
        }
    }

    /** The scene of the current cue, for a take's manifest (null before the first cue or without cues). Thread: any. */
    private String currentScene() {
        int i = scenes.cueIndex();
        List<org.jackdesk.config.show.Cue> cues = scenes.cues();
        if (i < 0 || i >= cues.size()) return null;
        try {
            return scenes.scene(cues.get(i).sceneId()).name();
        } catch (SceneException e) {
            return null; // the cue's scene was deleted meanwhile
        }
    }

    /** {@code cfg} with the MIDI mappings in force. Thread: any. */
    private ConsoleConfig withMidi(ConsoleConfig cfg) {
        org.jackdesk.config.midi.MidiConfig m = midi;
        return m == null ? cfg : cfg.withMidi(m);
    }

    /** Undoes a failed start: Vert.x's threads would keep the JVM alive after the failure. */
    private void abort() {
        closed = true;
        if (feedback != null) feedback.close();
        if (saver != null) saver.close();
        if (saveWorker != null) saveWorker.shutdown();
        if (route != null) state.removeListener(route);
        if (host != null) host.close();
        closeVertx();
    }

    /** Closes what this console made on Vert.x: its own instance, or its deployment on the caller's. */
    private void closeVertx() {
        try {
            io.vertx.core.Future<Void> f = options.vertx() == null ? vertx.close()
                    : bound == null ? io.vertx.core.Future.succeededFuture() : vertx.undeploy(bound.deploymentId());
            f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // shutting down either way
        }
    }

    /**
     * What every tablet is told when the audio changes state: "JACK server gone" and "waiting for
     * JACK server 'NAME'" stand (error banners) until audio runs again, which resolves them.
     */
    static JsonObject audioNotice(AudioStatus status) {
        return switch (status.state()) {
            case SERVER_GONE -> Notices.status(Notices.LEVEL_ERROR, "jack_gone",
                    "JACK server gone: the console keeps every setting and reconnects when it returns");
            case WAITING_FOR_SERVER -> Notices.status(Notices.LEVEL_ERROR, "jack_waiting",
                    status.text().substring(0, 1).toUpperCase(Locale.ROOT) + status.text().substring(1)
                            + ": it is not running yet; jackdesk retries every second and joins it when it starts,"
                            + " keeping every setting");
            default -> Notices.status(Notices.LEVEL_OK, "jack_back", "audio running again (" + status.text() + ")");
        };
    }

    /**
     * Every audio state change reaches the tablets; "JACK server gone" and "waiting for the named
     * server" stand until resolved. The state at wiring time is posted too (a host may already be
     * waiting when the server starts). Public for the chaos benchmark, which wires a bare host.
     */
    public static void wireAudioStatus(EngineHost host, Notices notices) {
        Consumer<AudioStatus> tell = s -> {
            JsonObject m = audioNotice(s);
            if (Notices.LEVEL_ERROR.equals(m.getString("level"))) notices.post(Notices.KEY_AUDIO, m);
            else notices.resolve(Notices.KEY_AUDIO, m);
        };
        host.onStatus(tell);
        AudioStatus now = host.status();
        if (!now.running()) tell.accept(now);
    }

    /** The standing-notice key of a stage box (also its {@code /api/health} check). */
    public static String stageBoxKey(String name) {
        return "stagebox:" + name;
    }

    /**
     * What every tablet is told about a stage box: "stage box 'stage1' connected: 32 in / 8 out"
     * (resolves the box's notice), "stage box 'stage1' lost at 21:43:07" (a standing error until it
     * is back), or, at start, that it is not there yet (a standing warning).
     */
    public static JsonObject stageBoxNotice(StageBoxStatus box) {
        String text = box.text();
        String message = switch (box.state()) {
            case CONNECTED -> text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
            case LOST -> text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1)
                    + ": its channels are silent; jackdesk reconnects them when it returns";
            case MISSING -> text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1)
                    + " yet; jackdesk connects it when it appears";
        };
        String level = switch (box.state()) {
            case CONNECTED -> Notices.LEVEL_OK;
            case LOST -> Notices.LEVEL_ERROR;
            case MISSING -> Notices.LEVEL_WARNING;
        };
        String code = switch (box.state()) {
            case CONNECTED -> "stagebox_connected";
            case LOST -> "stagebox_lost";
            case MISSING -> "stagebox_missing";
        };
        return Notices.status(level, code, message).put("stageBox", box.name()).put("inputs", box.inputs())
                .put("outputs", box.outputs()).put("since", box.sinceMillis()).put("losses", box.losses());
    }

    /**
     * Every stage box change reaches the tablets; a lost or missing box stands until it connects.
     * The boxes already seen when wiring are posted too.
     */
    static void wireStageBoxes(EngineHost host, Notices notices) {
        Consumer<StageBoxStatus> tell = b -> {
            JsonObject m = stageBoxNotice(b);
            if (b.connected()) notices.resolve(stageBoxKey(b.name()), m);
            else notices.post(stageBoxKey(b.name()), m);
        };
        host.onStageBox(tell);
        for (StageBoxStatus b : host.stageBoxes()) if (!b.connected()) tell.accept(b);
    }

    /** The console at a glance. */
    public Status status() {
        if (host == null) {
            // A given engine runs on its owner's clock.
            return new Status(new AudioStatus(AudioStatus.State.INTERNAL_CLOCK, engine.backendStatus()), null, false,
                    engine.sampleRate(), engine.periodFrames(), bound.httpPort(), bound.oscPort(), saveFailures.get());
        }
        return new Status(host.status(), host.status().running() ? host.mode() : null, host.demo(), host.sampleRate(),
                host.periodFrames(), bound.httpPort(), bound.oscPort(), saveFailures.get());
    }

    public int httpPort() {
        return bound.httpPort();
    }

    /** The OSC port, -1 when OSC is off. */
    public int oscPort() {
        return bound.oscPort();
    }

    /** Where the control server listens (ports, tablet URLs, the server for its metrics). */
    public ControlServer.Bound bound() {
        return bound;
    }

    public ConsoleState state() {
        return state;
    }

    public SceneManager scenes() {
        return scenes;
    }

    /** The strips' names and colours as they are now (saved with the show). */
    public StripLabels labels() {
        return labels;
    }

    /** The custom fader layers as they are now (saved with the show). */
    public org.jackdesk.config.show.FaderLayers layers() {
        return layers;
    }

    /** The take player's operations (docs/recording.md#playback). */
    public org.jackdesk.control.record.PlayerService player() {
        return player;
    }

    /** The recorder's operations (docs/recording.md). */
    public org.jackdesk.control.record.RecorderService recorder() {
        return recorder;
    }

    public Notices notices() {
        return notices;
    }

    /** The feedback suppressor's service (docs/assistants.md). */
    public org.jackdesk.control.feedback.FeedbackService feedback() {
        return feedback;
    }

    /** The audio host, or null when the console runs a given engine ({@link Options#given}). */
    public EngineHost host() {
        return host;
    }

    /** The engine the console runs: the host's, or the given one. */
    public EngineControl engine() {
        return engine;
    }

    /** The control server (its metrics, its security, its OSC socket). */
    public ControlServer server() {
        return bound.server();
    }

    public Vertx vertx() {
        return vertx;
    }

    /**
     * Stops the console: the control server (no more changes), then the last changes saved on
     * this thread, then audio. Idempotent.
     *
     * @return false when the last changes could not be saved (already logged)
     */
    public synchronized boolean stop() {
        if (closed) return true;
        closed = true;
        if (feedback != null) feedback.close(); // no more notch writes from here on
        closeVertx();
        if (recorder != null) recorder.close(); // the take's files finished before the audio stops
        if (player != null) player.close();
        boolean saved = true;
        if (saver != null) {
            // The last changes: saved on this (non-event-loop) thread before the audio stops.
            saved = saver.close();
            if (!saved) options.log().accept("the last changes could not be saved in " + options.showFile());
            saveWorker.shutdown();
        }
        if (route != null) state.removeListener(route);
        if (host != null) host.close();
        return saved;
    }

    @Override
    public void close() {
        stop();
    }

    /** For diagnostics: what the console was started with. */
    public Options options() {
        return options;
    }
}
