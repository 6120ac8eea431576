package org.jackdesk.control.ws;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.jackdesk.control.ProtocolError;
import org.jackdesk.control.scene.SceneApi;

/**
 * A message from a WebSocket client, typed and structurally checked (values are checked later by
 * the parameter registry). docs/protocol.md describes each op.
 */
public sealed interface ClientMessage {
    /** The client's request id, echoed in the reply (a number or string), or null. */
    Object id();

    record Set(Object id, String path, Object value) implements ClientMessage {}

    record Nudge(Object id, String path, double delta) implements ClientMessage {}

    record Get(Object id, String path) implements ClientMessage {}

    record Touch(Object id, String path, boolean on) implements ClientMessage {}

    /** {@code sections} empty means "stop the meter stream". */
    record Subscribe(Object id, List<MeterFrame.Section> sections, int fps) implements ClientMessage {}

    /**
     * Resets a meter: {@code what} is one of {@link MeterReset#NAMES}; {@code target} null (the whole
     * console) or, for clips, one strip ({@code ch/3}, {@code bus/2}, {@code main}, {@code monitor}).
     */
    record Reset(Object id, String what, org.jackdesk.engine.EngineCommand command, String target) implements ClientMessage {}

    record Ping(Object id) implements ClientMessage {}

    /**
     * Starts (or, with {@code source} null, stops) this client's RTA stream: {@code sourceText} as
     * sent ({@code main}, {@code monitor}, {@code bus/2}, {@code ch/3}, {@code ch/3/pre-eq},
     * {@code ch/3/post-eq}), {@code source} its tap code.
     */
    record Rta(Object id, String sourceText, Integer source, int bands, org.jackdesk.engine.rta.RtaAnalyzer.Averaging averaging, int fps)
            implements ClientMessage {}

    /** A scene operation ({@code scene.save}, {@code scene.recall}, …); {@code args} is the whole message, checked by SceneApi. */
    record SceneOp(Object id, String op, JsonObject args) implements ClientMessage {}

    /** A MIDI operation ({@code midi.learn}, {@code midi.clear}, …; docs/midi.md); {@code args} is the whole message, checked by MidiServer. */
    record MidiOp(Object id, String op, JsonObject args) implements ClientMessage {}

    /** A history operation ({@code history.list}, {@code history.undo} with {@code entry}); docs/protocol.md. */
    record HistoryOp(Object id, String op, Object entry) implements ClientMessage {}
    /** {@code recorder.start}, {@code recorder.stop}, {@code recorder.status} (docs/recording.md). */
    record RecorderOp(Object id, String op, JsonObject args) implements ClientMessage {}
    /** {@code player.load}, {@code .play}, {@code .stop}, {@code .locate}, {@code .loop}, {@code .status} (docs/recording.md#playback). */
    record PlayerOp(Object id, String op, JsonObject args) implements ClientMessage {}

    /** {@code feedback.status}, {@code feedback.take}, {@code feedback.clear} (docs/assistants.md). */
    record FeedbackOp(Object id, String op, JsonObject args) implements ClientMessage {}
    /** {@code label}: renames and/or recolours a strip ({@code target}, {@code name}, {@code colour}); checked by LabelApi. */
    record LabelOp(Object id, String op, JsonObject args) implements ClientMessage {}

    /** {@code paste}: a channel's sections onto other channels ({@code from}, {@code to}, {@code sections}); checked by PasteApi. */
    record PasteOp(Object id, String op, JsonObject args) implements ClientMessage {}

    /** {@code library.*}: the channel library (list, get, save, load, rename, delete); checked by LibraryApi. */
    record LibraryOp(Object id, String op, JsonObject args) implements ClientMessage {}
    /** {@code layer.list}, {@code layer.save}, {@code layer.delete}, {@code layer.move}: custom fader layers; checked by LayerApi. */
    record LayerOp(Object id, String op, JsonObject args) implements ClientMessage {}

    /** The answer to a server {@code ping}: only proves the client is alive. */
    record Pong(Object id) implements ClientMessage {}

    int MIN_FPS = 1;
    int MAX_FPS = 60;
    List<String> OPS = List.of("set", "nudge", "get", "touch", "subscribe", "reset", "ping", "pong", "rta");

    /**
     * Parses one text frame. Thread: control. Throws {@link ProtocolError} with {@code bad_json},
     * {@code bad_message}, {@code unknown_op}, {@code wrong_type} or {@code out_of_range}.
     */
    static ClientMessage parse(String text) throws ProtocolError {
        Object decoded;
        try {
            decoded = Json.decodeValue(text);
        } catch (DecodeException e) {
            throw new ProtocolError(ProtocolError.BAD_JSON, "not valid JSON: " + org.jackdesk.control.JsonProblem.describe(e, text));
        }
        if (!(decoded instanceof JsonObject m)) {
            throw new ProtocolError(ProtocolError.BAD_JSON, "a message is a JSON object such as {\"op\":\"ping\"}");
        }
        Object id = m.getValue("id");
        if (id != null && !(id instanceof Number) && !(id instanceof String)) {
            throw new ProtocolError(ProtocolError.BAD_MESSAGE, "\"id\" must be a number or a string");
        }
        try {
            return parseObject(m, id);
        } catch (ProtocolError e) {
            throw e.withRequestId(id);
        }
    }

    private static ClientMessage parseObject(JsonObject m, Object id) throws ProtocolError {
        Object op = m.getValue("op");
        if (!(op instanceof String opName)) {
            throw new ProtocolError(ProtocolError.BAD_MESSAGE, "a message needs \"op\": one of " + String.join(", ", OPS));
        }
        switch (opName) {
            case "set":
                if (!m.containsKey("value")) {
                    throw new ProtocolError(ProtocolError.WRONG_TYPE, "set needs \"value\"", pathOf(m));
                }
                Object v = m.getValue("value");
                if (v instanceof JsonObject || v instanceof JsonArray) {
                    String p = pathOf(m);
                    throw new ProtocolError(ProtocolError.WRONG_TYPE, p + " takes a single value, not " + Json.encode(v), p);
                }
                return new Set(id, pathOf(m), v);
            case "nudge": {
                String p = pathOf(m);
                Object d = m.getValue("delta");
                if (!(d instanceof Number n)) {
                    throw new ProtocolError(ProtocolError.WRONG_TYPE, "nudge needs a number \"delta\" (engineering units), not "
                            + (d == null ? "nothing" : Json.encode(d)), p);
                }
                return new Nudge(id, p, n.doubleValue());
            }
            case "get": {
                Object p = m.getValue("path");
                if (p == null) return new Get(id, "");
                if (!(p instanceof String s)) throw new ProtocolError(ProtocolError.BAD_MESSAGE, "\"path\" must be a string");
                return new Get(id, s);
            }
            case "touch": {
                String p = pathOf(m);
                Object on = m.getValue("on");
                if (!(on instanceof Boolean b)) {
                    throw new ProtocolError(ProtocolError.WRONG_TYPE, "touch needs \"on\": true or false", p);
                }
                return new Touch(id, p, b);
            }
            case "subscribe":
                return parseSubscribe(id, m);
            case "reset": {
                Object what = m.getValue("meters");
                org.jackdesk.engine.EngineCommand c = MeterReset.command(what);
                return new Reset(id, (String) what, c, MeterReset.target((String) what, m.getValue("target")));
            }
            case "ping":
                return new Ping(id);
            case "pong":
                return new Pong(id);
            case "rta":
                return parseRta(id, m);
            default:
                if (SceneApi.OPS.contains(opName)) return new SceneOp(id, opName, m);
                if (org.jackdesk.control.midi.MidiServer.OPS.contains(opName)) return new MidiOp(id, opName, m);
                if (org.jackdesk.control.HistoryApi.OPS.contains(opName)) {
                    if (opName.equals("history.undo")) org.jackdesk.control.HistoryApi.id(m.getValue("entry"));
                    return new HistoryOp(id, opName, m.getValue("entry"));
                }
                if (org.jackdesk.control.record.RecorderService.OPS.contains(opName)) return new RecorderOp(id, opName, m);
                if (org.jackdesk.control.feedback.FeedbackService.OPS.contains(opName)) return new FeedbackOp(id, opName, m);
                if (org.jackdesk.control.LabelApi.OPS.contains(opName)) return new LabelOp(id, opName, m);
                if (org.jackdesk.control.PasteApi.OPS.contains(opName)) return new PasteOp(id, opName, m);
                if (org.jackdesk.control.LibraryApi.OPS.contains(opName)) return new LibraryOp(id, opName, m);
                if (org.jackdesk.control.record.PlayerService.OPS.contains(opName)) return new PlayerOp(id, opName, m);
                if (org.jackdesk.control.LayerApi.OPS.contains(opName)) return new LayerOp(id, opName, m);
                if (opName.startsWith("scene.")) {
                    throw new ProtocolError(ProtocolError.UNKNOWN_OP,
                            "unknown op '" + opName + "'; scene ops: " + String.join(", ", SceneApi.OPS));
                }
                throw new ProtocolError(ProtocolError.UNKNOWN_OP,
                        "unknown op '" + opName + "'; known: " + String.join(", ", OPS) + " and scene.* (scene.list, …)");
        }
    }

    private static Subscribe parseSubscribe(Object id, JsonObject m) throws ProtocolError {
        Object meters = m.getValue("meters");
        if (!(meters instanceof JsonArray arr)) {
            throw new ProtocolError(ProtocolError.BAD_MESSAGE,
                    "subscribe needs \"meters\": a list of sections (" + MeterFrame.Section.names() + "), [] to stop");
        }
        List<MeterFrame.Section> sections = new ArrayList<>();
        for (Object o : arr) {
            MeterFrame.Section s = o instanceof String str ? MeterFrame.Section.byName(str) : null;
            if (s == null) {
                throw new ProtocolError(ProtocolError.BAD_MESSAGE, "unknown meter section " + Json.encode(o)
                        + "; known: " + MeterFrame.Section.names());
            }
            if (!sections.contains(s)) sections.add(s);
        }
        Object fpsValue = m.getValue("fps", 30);
        if (!(fpsValue instanceof Number f) || f.doubleValue() != Math.rint(f.doubleValue())) {
            throw new ProtocolError(ProtocolError.WRONG_TYPE, "fps takes a whole number between " + MIN_FPS + " and " + MAX_FPS);
        }
        int fps = f.intValue();
        if (fps < MIN_FPS || fps > MAX_FPS) {
            throw new ProtocolError(ProtocolError.OUT_OF_RANGE,
                    "fps must be between " + MIN_FPS + " and " + MAX_FPS + " (got " + f + ")");
        }
        return new Subscribe(id, List.copyOf(sections), fps);
    }

    private static Rta parseRta(Object id, JsonObject m) throws ProtocolError {
        Object src = m.getValue("source");
        if (src == null) return new Rta(id, null, null, 3, org.jackdesk.engine.rta.RtaAnalyzer.Averaging.FAST, 0);
        String hint = "\"source\" is main, monitor, bus/N, ch/N (the channel's input), ch/N/pre-eq or ch/N/post-eq"
                + " (what enters or leaves its EQ), fxret/N (an FX return after its EQ), or null to stop";
        if (!(src instanceof String s)) throw new ProtocolError(ProtocolError.BAD_MESSAGE, hint);
        Integer code = null;
        java.util.regex.Matcher mt = java.util.regex.Pattern.compile("(bus|ch|fxret)/([0-9]{1,3})(/pre-eq|/post-eq)?").matcher(s);
        if (s.equals("main")) code = org.jackdesk.engine.rta.RtaTap.main();
        else if (s.equals("monitor")) code = org.jackdesk.engine.rta.RtaTap.monitor();
        else if (mt.matches() && Integer.parseInt(mt.group(2)) >= 1) {
            int n = Integer.parseInt(mt.group(2)) - 1;
            String stage = mt.group(3);
            if (mt.group(1).equals("bus")) code = stage == null ? org.jackdesk.engine.rta.RtaTap.bus(n) : null;
            else if (mt.group(1).equals("fxret")) code = stage == null ? org.jackdesk.engine.rta.RtaTap.fxReturn(n) : null;
            else if (stage == null) code = org.jackdesk.engine.rta.RtaTap.channel(n);
            else code = stage.equals("/pre-eq") ? org.jackdesk.engine.rta.RtaTap.channelPreEq(n) : org.jackdesk.engine.rta.RtaTap.channelPostEq(n);
        }
        if (code == null) throw new ProtocolError(ProtocolError.BAD_MESSAGE, hint + " (got " + Json.encode(src) + ")");
        Object bands = m.getValue("bands", 3);
        if (!(bands instanceof Number b) || (b.doubleValue() != 3 && b.doubleValue() != 6 && b.doubleValue() != 12)) {
            throw new ProtocolError(ProtocolError.OUT_OF_RANGE, "\"bands\" (per octave) is 3, 6 or 12 (got " + Json.encode(bands) + ")");
        }
        Object avg = m.getValue("averaging", "fast");
        org.jackdesk.engine.rta.RtaAnalyzer.Averaging a = null;
        for (var v : org.jackdesk.engine.rta.RtaAnalyzer.Averaging.values()) {
            if (v.name().toLowerCase(java.util.Locale.ROOT).equals(avg)) a = v;
        }
        if (a == null) throw new ProtocolError(ProtocolError.BAD_MESSAGE, "\"averaging\" is fast, slow or long (got " + Json.encode(avg) + ")");
        Object fpsValue = m.getValue("fps", 30);
        if (!(fpsValue instanceof Number f) || f.doubleValue() != Math.rint(f.doubleValue())
                || f.intValue() < 1 || f.intValue() > RtaStreamer.MAX_FPS) {
            throw new ProtocolError(ProtocolError.OUT_OF_RANGE, "RTA fps is a whole number between 1 and " + RtaStreamer.MAX_FPS
                    + " (got " + Json.encode(fpsValue) + ")");
        }
        return new Rta(id, s, code, b.intValue(), a, f.intValue());
    }

    private static String pathOf(JsonObject m) throws ProtocolError {
        Object p = m.getValue("path");
        if (!(p instanceof String s) || s.isBlank()) {
            throw new ProtocolError(ProtocolError.BAD_MESSAGE, "a \"" + m.getValue("op") + "\" needs \"path\", e.g. \"ch/1/fader\"");
        }
        return s;
    }
}
