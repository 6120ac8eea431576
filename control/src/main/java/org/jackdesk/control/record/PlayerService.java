package org.jackdesk.control.record;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.jackdesk.control.ProtocolError;
import org.jackdesk.control.scene.Notices;
import org.jackdesk.control.security.AccessPolicy;
import org.jackdesk.control.security.Principal;
import org.jackdesk.control.security.Role;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.play.Player;

/**
 * The take player's operations for every protocol (docs/recording.md#playback): {@code player.load}
 * (a take of the recordings folder, by its folder name), {@code .unload}, {@code .play},
 * {@code .stop}, {@code .locate} (a frame or seconds), {@code .loop} (a region in seconds or frames,
 * or off) and {@code .status}. WebSocket, REST and OSC parse their wire format and call {@link #run},
 * which authorizes (the transport and loading need an engineer, the status any logged-in user)
 * and does the disk work (loading) on a worker. Which channels play the take is not an op: it is
 * the parameters {@code ch/N/source} and {@code playback/soundcheck}, set like any other.
 * Every change of the transport is announced to every tablet ({@code player_changed}), so all of
 * them show the same transport.
 *
 * <p>Thread: {@link #run} control (the event loop; loading on a Vert.x worker); {@link #status()}
 * and {@link #metrics} any.
 */
public final class PlayerService {
    public static final List<String> OPS = List.of("player.load", "player.unload", "player.play", "player.stop", "player.locate",
            "player.loop", "player.status");
    public static final String NO_PLAYER = "no_player";
    public static final String PLAYER_FAILED = "player_failed";

    private final Vertx vertx;
    private final Supplier<Engine> engine;
    private final Supplier<Path> root;
    private final Notices notices;
    private final Player player = new Player();
    private volatile String loadedTake;

    /**
     * @param engine the engine to play into (null from the supplier: this console has none of its own)
     * @param root   the recordings folder whose takes load by name (the recorder's)
     */
    public PlayerService(Vertx vertx, Supplier<Engine> engine, Supplier<Path> root, Notices notices) {
        this.vertx = vertx;
        this.engine = engine;
        this.root = root;
        this.notices = notices;
    }

    public Player player() {
        return player;
    }

    /**
     * Runs {@code op} for {@code who}: the role is checked here, before anything else (a refused
     * caller learns nothing). Arguments: {@code player.load {"take": "2026-12-07_21-43-05"}},
     * {@code player.locate {"frame": 480000}} or {@code {"seconds": 10.0}}, {@code player.loop
     * {"on": true, "from": 12.5, "to": 30}} (seconds) or {@code {"on": true, "fromFrame": …, "toFrame": …}},
     * {@code {"on": false}}.
     *
     * @throws ProtocolError {@code unknown_op}, {@code forbidden}, {@code unauthorized} or {@code bad_message} at once
     */
    public Future<JsonObject> run(Principal who, String op, JsonObject args) throws ProtocolError {
        JsonObject a = args == null ? new JsonObject() : args;
        if (op.equals("player.status")) {
            AccessPolicy.checkRead(who); // security: every logged-in role reads
            return Future.succeededFuture(reply(op));
        }
        if (!OPS.contains(op)) {
            throw new ProtocolError(ProtocolError.UNKNOWN_OP, "unknown op '" + op + "'; player ops: " + String.join(", ", OPS));
        }
        AccessPolicy.checkRole(who, Role.ENGINEER, "use the player"); // security: loading and the transport need engineer
        switch (op) {
            case "player.load" -> {
                String take = takeName(a.getValue("take"));
                return vertx.executeBlocking(() -> {
                    load(take);
                    return reply(op);
                });
            }
            case "player.unload" -> {
                return vertx.executeBlocking(() -> {
                    player.unload();
                    loadedTake = null;
                    changed("unloaded");
                    return reply(op);
                });
            }
            default -> {
                try {
                    switch (op) {
                        case "player.play" -> player.play();
                        case "player.stop" -> player.stop();
                        case "player.locate" -> player.locate(frame(a, "frame", "seconds", true));
                        default -> loop(a); // player.loop
                    }
                } catch (IOException | IllegalArgumentException e) {
                    throw new ProtocolError(PLAYER_FAILED, e.getMessage());
                }
                changed(op.substring("player.".length()));
                return Future.succeededFuture(reply(op));
            }
        }
    }

    /** A take's folder name: a plain name inside the recordings folder, never a path out of it. */
    static String takeName(Object v) throws ProtocolError {
        if (!(v instanceof String s) || s.isBlank()) {
            throw new ProtocolError(ProtocolError.BAD_MESSAGE, "'take' is a take's folder name (recorder.takes lists them), not " + v);
        }
        if (s.contains("/") || s.contains("\\") || s.equals(".") || s.equals("..") || s.length() > 200) {
            throw new ProtocolError(ProtocolError.BAD_MESSAGE, "'take' is a folder name in the recordings folder, not a path: " + s);
        }
        return s;
    }

    private void load(String take) throws ProtocolError {
        Engine e = engine.get();
        if (e == null) throw new ProtocolError(NO_PLAYER, "this console has no audio engine of its own to play into");
        Path folder = root.get().resolve(take);
        try {
            player.load(e, folder, Player.Options.DEFAULT);
        } catch (IOException | RuntimeException ex) {
            loadedTake = null;
            throw new ProtocolError(PLAYER_FAILED, ex.getMessage() == null ? ex.toString() : ex.getMessage());
        }
        loadedTake = take;
        changed("loaded");
    }

    private void loop(JsonObject a) throws IOException, ProtocolError {
        Object on = a.getValue("on");
        if (!(on instanceof Boolean)) throw new ProtocolError(ProtocolError.BAD_MESSAGE, "'on' is true or false, not " + on);
        if (!(Boolean) on) {
            player.loop(false, 0, 0);
            return;
        }
        player.loop(true, frame(a, "fromFrame", "from", true), frame(a, "toFrame", "to", true));
    }

    /** A frame given as {@code frameKey} (frames) or {@code secondsKey} (seconds, at the take's rate). */
    private long frame(JsonObject a, String frameKey, String secondsKey, boolean required) throws ProtocolError {
        Object f = a.getValue(frameKey), s = a.getValue(secondsKey);
        if (f != null && s != null) {
            throw new ProtocolError(ProtocolError.BAD_MESSAGE, "give '" + frameKey + "' or '" + secondsKey + "', not both");
        }
        if (f != null) {
            if (!(f instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 0) {
                throw new ProtocolError(ProtocolError.BAD_MESSAGE, "'" + frameKey + "' is a whole number of frames ≥ 0, not " + f);
            }
            return n.longValue();
        }
        if (s != null) {
            if (!(s instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0) {
                throw new ProtocolError(ProtocolError.BAD_MESSAGE, "'" + secondsKey + "' is a number of seconds ≥ 0, not " + s);
            }
            int rate = player.status().sampleRate();
            if (rate <= 0) throw new ProtocolError(PLAYER_FAILED, "no take is loaded; load one first");
            return Math.round(n.doubleValue() * rate);
        }
        throw new ProtocolError(ProtocolError.BAD_MESSAGE, "'" + frameKey + "' (frames) or '" + secondsKey + "' (seconds) is missing");
    }

    private JsonObject reply(String op) {
        return new JsonObject().put("op", op).put("player", status());
    }

    /** Every tablet hears that the transport changed and asks for the status. */
    private void changed(String what) {
        notices.announce(Notices.status(Notices.LEVEL_OK, "player_changed", "player: " + what));
    }

    /** The player's state as the tablets and REST see it. Thread: any (never blocks). */
    public JsonObject status() {
        Player.Status s = player.status();
        JsonObject o = new JsonObject().put("loaded", s.loaded()).put("playing", s.playing()).put("ready", s.ready())
                .put("atEnd", s.atEnd()).put("underruns", s.underruns()).put("underrunFrames", s.underrunFrames());
        if (s.loaded()) {
            o.put("take", loadedTake).put("folder", s.folder().toString()).put("sampleRate", s.sampleRate())
                    .put("frames", s.frames()).put("seconds", s.frames() / (double) s.sampleRate())
                    .put("position", s.position()).put("positionSeconds", s.position() / (double) s.sampleRate())
                    .put("loop", new JsonObject().put("on", s.looping()).put("fromFrame", s.loopStart()).put("toFrame", s.loopEnd())
                            .put("from", s.loopStart() / (double) s.sampleRate()).put("to", s.loopEnd() / (double) s.sampleRate()))
                    .put("channels", new JsonArray(s.channels())).put("bufferedFrames", s.bufferedFrames());
        }
        if (s.error() != null) o.put("error", s.error());
        return o;
    }

    /** Prometheus lines for {@code /metrics}. Thread: any. */
    public void metrics(StringBuilder b) {
        Player.Status s = player.status();
        b.append("# HELP jackdesk_player_loaded 1 while a take is loaded for playback\n# TYPE jackdesk_player_loaded gauge\n")
                .append("jackdesk_player_loaded ").append(s.loaded() ? 1 : 0).append('\n');
        b.append("# HELP jackdesk_player_playing 1 while the player's transport runs\n# TYPE jackdesk_player_playing gauge\n")
                .append("jackdesk_player_playing ").append(s.playing() ? 1 : 0).append('\n');
        b.append("# HELP jackdesk_player_position_seconds The loaded take's position\n# TYPE jackdesk_player_position_seconds gauge\n")
                .append("jackdesk_player_position_seconds ").append(s.sampleRate() > 0 ? s.position() / (double) s.sampleRate() : 0).append('\n');
        b.append("# HELP jackdesk_player_underruns_total Cycles the player's read-ahead could not fill (played as silence), this take\n")
                .append("# TYPE jackdesk_player_underruns_total counter\n")
                .append("jackdesk_player_underruns_total ").append(s.underruns()).append('\n');
    }

    /** Unloads (the console shuts down). Thread: worker. */
    public void close() {
        player.unload();
    }
}
