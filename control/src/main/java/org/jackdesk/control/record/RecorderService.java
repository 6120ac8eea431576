package org.jackdesk.control.record;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jackdesk.config.record.TakeManifest;
import org.jackdesk.control.ProtocolError;
import org.jackdesk.control.scene.Notices;
import org.jackdesk.control.security.AccessPolicy;
import org.jackdesk.control.security.Principal;
import org.jackdesk.control.security.Role;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.io.BwfWriter;
import org.jackdesk.engine.record.Recorder;

/**
 * The recorder's operations for every protocol ({@code recorder.start}, {@code .stop},
 * {@code .status}; docs/recording.md): WebSocket, REST and OSC parse their wire format and call
 * {@link #run}, which authorizes (starting and stopping need an engineer, the status any logged-in
 * user) and does the disk work on a worker thread. A take that ends on a write error posts a
 * standing {@code recording_failed} notice to every tablet, with the reason and what was saved.
 *
 * <p>Thread: {@link #run} control (the event loop; the blocking part runs on a Vert.x worker);
 * {@link #status()} and {@link #metrics} any.
 */
public final class RecorderService {
    public static final List<String> OPS = List.of("recorder.start", "recorder.stop", "recorder.status", "recorder.takes");
    /** The newest takes {@code recorder.takes} lists. */
    public static final int MAX_LISTED = 100;
    public static final String KEY = "recorder";
    public static final String NO_RECORDER = "no_recorder";
    public static final String RECORDER_FAILED = "recorder_failed";

    private final Vertx vertx;
    private final Supplier<Engine> engine;
    private final Supplier<String> show;
    private final Supplier<String> scene;
    private final Notices notices;
    private final Recorder recorder;
    private volatile Path root;

    /**
     * @param engine the engine to record (null from the supplier: this console has none of its own)
     * @param root   where takes go ({@link #defaultRoot()} for the product)
     * @param show   the show's name at a take's start; {@code scene} the current cue's scene (null: none)
     */
    public RecorderService(Vertx vertx, Supplier<Engine> engine, Path root, Supplier<String> show, Supplier<String> scene,
                           Notices notices) {
        this.vertx = vertx;
        this.engine = engine;
        this.root = root;
        this.show = show;
        this.scene = scene;
        this.notices = notices;
        this.recorder = new Recorder(this::ended);
    }

    /** {@code $JACKDESK_HOME/recordings}, else {@code $XDG_DATA_HOME/jackdesk/recordings}, else {@code ~/.local/share/jackdesk/recordings}. */
    public static Path defaultRoot() {
        String home = System.getenv("JACKDESK_HOME");
        if (home != null && !home.isBlank()) return Path.of(home, "recordings");
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("jackdesk").resolve("recordings");
    }

    /** Where the next take goes. */
    public Path root() {
        return root;
    }

    /** Sets where the next take goes (the configuration, tests). */
    public void root(Path p) {
        root = p;
    }

    public Recorder recorder() {
        return recorder;
    }

    /**
     * Runs {@code op} for {@code who}: the role is checked here, before anything else (a refused
     * caller learns nothing), then the work runs on a worker. {@code args} of {@code recorder.start}:
     * optional {@code "format": "pcm24" | "float32"} and {@code "buses": true}.
     *
     * @throws ProtocolError {@code unknown_op}, {@code forbidden}, {@code unauthorized} or {@code bad_message} at once
     */
    public Future<JsonObject> run(Principal who, String op, JsonObject args) throws ProtocolError {
        JsonObject a = args == null ? new JsonObject() : args;
        switch (op) {
            case "recorder.status" -> {
                AccessPolicy.checkRead(who); // security: every logged-in role reads
                return vertx.executeBlocking(this::status).map(s -> reply(op, s)); // asks the disk for its free space
            }
            case "recorder.takes" -> {
                AccessPolicy.checkRead(who); // security: every logged-in role reads
                return vertx.executeBlocking(this::takes).map(t -> new JsonObject().put("op", op).put("takes", t));
            }
            case "recorder.start" -> {
                AccessPolicy.checkRole(who, Role.ENGINEER, "start the recorder"); // security: recording needs engineer
                BwfWriter.Format format = format(a.getValue("format"));
                Object buses = a.getValue("buses");
                if (buses != null && !(buses instanceof Boolean)) {
                    throw new ProtocolError(ProtocolError.BAD_MESSAGE, "'buses' is true or false, not " + buses);
                }
                boolean withBuses = Boolean.TRUE.equals(buses);
                return vertx.executeBlocking(() -> start(format, withBuses)).map(s -> reply(op, s));
            }
            case "recorder.stop" -> {
                AccessPolicy.checkRole(who, Role.ENGINEER, "stop the recorder"); // security: recording needs engineer
                return vertx.executeBlocking(() -> {
                    recorder.stop();
                    return status();
                }).map(s -> reply(op, s));
            }
            default -> throw new ProtocolError(ProtocolError.UNKNOWN_OP, "unknown op '" + op + "'; recorder ops: " + String.join(", ", OPS));
        }
    }

    private static JsonObject reply(String op, JsonObject status) {
        return new JsonObject().put("op", op).put("recorder", status);
    }

    private static BwfWriter.Format format(Object v) throws ProtocolError {
        if (v == null || "pcm24".equals(v)) return BwfWriter.Format.PCM_24;
        if ("float32".equals(v)) return BwfWriter.Format.FLOAT_32;
        throw new ProtocolError(ProtocolError.BAD_MESSAGE, "'format' is \"pcm24\" or \"float32\", not " + v);
    }

    private JsonObject start(BwfWriter.Format format, boolean buses) throws ProtocolError {
        Engine e = engine.get();
        if (e == null) throw new ProtocolError(NO_RECORDER, "this console has no audio engine of its own to record");
        try {
            java.nio.file.Files.createDirectories(root);
            recorder.start(e, new Recorder.Options(root).withFormat(format).withBuses(buses), show.get(), scene.get());
        } catch (IOException | RuntimeException ex) {
            throw new ProtocolError(RECORDER_FAILED, ex.getMessage() == null ? ex.toString() : ex.getMessage());
        }
        notices.resolve(KEY, null); // a new take: the last one's failure banner goes
        JsonObject s = status();
        notices.announce(Notices.status(Notices.LEVEL_OK, "recording_started", "recording " + s.getInteger("tracks")
                + " tracks into " + s.getString("folder")));
        return s;
    }

    /** On the take's disk thread: a failure stands on every tablet until the next take starts. */
    private void ended(Recorder.TakeEnd end) {
        TakeManifest m = end.manifest();
        String saved = "saved " + m.tracks().size() + " tracks, " + duration(m.frames(), m.sampleRate()) + " in " + end.folder();
        if (end.failed()) {
            notices.post(KEY, Notices.status(Notices.LEVEL_ERROR, "recording_failed",
                    "recording stopped: " + end.reason() + "; " + saved + " (every file valid up to its last complete block)")
                    .put("folder", end.folder().toString()).put("frames", m.frames()));
        } else {
            notices.announce(Notices.status(Notices.LEVEL_OK, "recording_stopped", "recording stopped; " + saved)
                    .put("folder", end.folder().toString()).put("frames", m.frames()));
        }
    }

    static String duration(long frames, int rate) {
        long s = rate <= 0 ? 0 : frames / rate;
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    /** The recorder's state as the tablets and REST see it. Thread: worker (asks the disk for its free space). */
    public JsonObject status() {
        Recorder.Status s = recorder.status();
        JsonObject o = new JsonObject().put("recording", s.recording()).put("tracks", s.tracks())
                .put("frames", s.frames()).put("sampleRate", s.sampleRate()).put("bytes", s.bytes())
                .put("droppedBlocks", s.droppedBlocks()).put("droppedFrames", s.droppedFrames());
        if (s.folder() != null) o.put("folder", s.folder().toString()).put("started", s.started());
        if (s.endReason() != null) o.put("endReason", s.endReason());
        long free = Recorder.freeBytes(s.recording() && s.folder() != null ? s.folder() : root);
        o.put("freeBytes", free);
        Engine e = engine.get();
        if (e != null) {
            // Disk space left as recording time at the current (or next take's) track count, 24-bit.
            int ports = s.recording() ? s.ports() : e.registry().layout().inputCount() + 2;
            double bytesPerSecond = ports * 3.0 * e.sampleRate();
            o.put("secondsLeft", free <= 0 ? 0 : (long) (free / bytesPerSecond));
        }
        return o;
    }

    /**
     * The takes in the recordings folder, newest first (at most {@link #MAX_LISTED}): folder name,
     * start, length, tracks, dropped blocks and how each ended; a take whose {@code take.json}
     * cannot be read is listed with the error. Thread: worker (reads the disk).
     */
    public io.vertx.core.json.JsonArray takes() {
        io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
        List<Path> dirs;
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(root)) {
            dirs = s.filter(p -> java.nio.file.Files.isRegularFile(p.resolve(TakeManifest.FILE)))
                    .sorted(java.util.Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
                    .limit(MAX_LISTED).toList();
        } catch (IOException e) {
            return out; // no folder yet: no takes
        }
        for (Path d : dirs) {
            JsonObject t = new JsonObject().put("take", d.getFileName().toString()).put("folder", d.toString());
            try {
                TakeManifest m = TakeManifest.read(d);
                t.put("started", m.started()).put("frames", m.frames()).put("sampleRate", m.sampleRate())
                        .put("seconds", m.sampleRate() > 0 ? m.frames() / m.sampleRate() : 0).put("tracks", m.tracks().size())
                        .put("droppedBlocks", m.droppedBlocks()).put("show", m.show()).put("scene", m.scene())
                        .put("endReason", m.endReason());
            } catch (IOException e) {
                t.put("error", e.getMessage());
            }
            out.add(t);
        }
        return out;
    }

    /** Prometheus lines for {@code /metrics}. Thread: any (never asks the disk). */
    public void metrics(StringBuilder b) {
        Recorder.Status s = recorder.status();
        b.append("# HELP jackdesk_recording 1 while a take is recording\n# TYPE jackdesk_recording gauge\n")
                .append("jackdesk_recording ").append(s.recording() ? 1 : 0).append('\n');
        b.append("# HELP jackdesk_recorder_dropped_blocks_total Engine cycles the current or last take lost because the disk fell behind\n")
                .append("# TYPE jackdesk_recorder_dropped_blocks_total counter\n")
                .append("jackdesk_recorder_dropped_blocks_total ").append(s.droppedBlocks()).append('\n');
        b.append("# HELP jackdesk_recorder_bytes Bytes of samples the current or last take wrote\n# TYPE jackdesk_recorder_bytes gauge\n")
                .append("jackdesk_recorder_bytes ").append(s.bytes()).append('\n');
    }

    /** Stops a running take (the console shuts down). Thread: worker. */
    public void close() {
        try {
            recorder.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
