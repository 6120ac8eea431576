package org.jackdesk.control;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.jackdesk.config.show.FaderLayers;
import org.jackdesk.control.security.AccessPolicy;
import org.jackdesk.control.security.Principal;

/**
 * Custom fader layers over the wire (docs/protocol.md, "Fader layers"): the WebSocket ops
 * {@code layer.list}, {@code layer.save}, {@code layer.delete}, {@code layer.move} and their REST
 * twins under {@code /api/layers}. JSON in and out; the work (role, validation) is
 * {@link ParameterService}'s. Thread: control.
 */
public final class LayerApi {
    public static final List<String> OPS = List.of("layer.list", "layer.save", "layer.delete", "layer.move");

    private LayerApi() {}

    /**
     * Runs one op for {@code who}: {@code layers} for a list, else {@code layer.ack} with the layer
     * concerned. The layer is named by {@code "layer"} (its id; {@code "id"} is the request's, as for
     * every op); {@code layer.save} without it creates one.
     */
    public static JsonObject run(ParameterService params, Principal who, String op, JsonObject args) throws ProtocolError {
        return switch (op) {
            case "layer.list" -> {
                AccessPolicy.checkRead(who);
                yield listing(params.layers());
            }
            case "layer.save" -> ack("saved", params.saveLayer(who, args.getValue("layer") != null ? id(args.getValue("layer")) : null,
                    name(args), strips(args)));
            case "layer.delete" -> ack("deleted", params.deleteLayer(who, id(args.getValue("layer"))));
            case "layer.move" -> ack("moved", params.moveLayer(who, id(args.getValue("layer")), position(args.getValue("to"))));
            default -> throw new ProtocolError(ProtocolError.UNKNOWN_OP, "unknown op '" + op + "'; layer ops: " + String.join(", ", OPS));
        };
    }

    /** Every layer: {@code {"op":"layers","layers":[{"id":1,"name":"Vocals","strips":["ch/12","bus/2"]}, …]}}. */
    public static JsonObject listing(FaderLayers layers) {
        JsonArray a = new JsonArray();
        for (FaderLayers.Layer l : layers.list()) a.add(json(l));
        return new JsonObject().put("op", "layers").put("layers", a);
    }

    public static JsonObject json(FaderLayers.Layer l) {
        return new JsonObject().put("id", l.id()).put("name", l.name()).put("strips", new JsonArray(l.strips()));
    }

    private static JsonObject ack(String what, FaderLayers.Layer l) {
        return new JsonObject().put("op", "layer.ack").put(what, true).put("layer", json(l));
    }

    /** A layer id (the {@code "layer"} of a message, the {@code {id}} of a REST path): a whole number. */
    public static int id(Object v) throws ProtocolError {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < Integer.MAX_VALUE) return n.intValue();
        if (v instanceof String s && s.matches("[0-9]{1,9}")) return Integer.parseInt(s);
        throw new ProtocolError(FaderLayers.BAD_LAYER, "\"layer\" is the layer's id, e.g. 1 (layer.list names them)"
                + (v == null ? "" : ", not " + Json.encode(v)));
    }

    private static int position(Object v) throws ProtocolError {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 100_000) return n.intValue();
        throw new ProtocolError(FaderLayers.BAD_LAYER, "\"to\" is the layer's new position, 0 for the first button"
                + (v == null ? "" : ", not " + Json.encode(v)));
    }

    private static String name(JsonObject args) throws ProtocolError {
        Object v = args.getValue("name");
        if (v == null || v instanceof String) return (String) v;
        throw new ProtocolError(FaderLayers.BAD_NAME, "\"name\" is text, e.g. \"Vocals\", not " + Json.encode(v));
    }

    private static List<String> strips(JsonObject args) throws ProtocolError {
        Object v = args.getValue("strips");
        if (v == null) return null;
        if (!(v instanceof JsonArray a)) {
            throw new ProtocolError(FaderLayers.BAD_STRIP, "\"strips\" is a list such as [\"ch/12\", \"bus/2\", \"dca/1\", \"fxret/1\"], not "
                    + Json.encode(v));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            Object o = a.getValue(i);
            if (!(o instanceof String s)) {
                throw new ProtocolError(FaderLayers.BAD_STRIP, "strip " + (i + 1) + " of the layer is text such as \"ch/12\", not " + Json.encode(o));
            }
            out.add(s);
        }
        return out;
    }
}
