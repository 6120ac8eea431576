package org.jackdesk.control.rest;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.jackdesk.config.show.FaderLayers;
import org.jackdesk.control.ControlContext;
import org.jackdesk.control.LayerApi;
import org.jackdesk.control.ProtocolError;
import org.jackdesk.control.security.AccessPolicy;

/**
 * Custom fader layers over REST (docs/protocol.md, "Fader layers"): {@code GET /api/layers},
 * {@code POST /api/layers} (create), {@code PUT /api/layers/{id}} (replace name and strips),
 * {@code PUT /api/layers/{id}/position}, {@code DELETE /api/layers/{id}}. The operations are
 * {@link LayerApi}'s, with the same codes and messages as over WebSocket. Thread: control.
 */
final class LayerRest {
    private final ControlContext ctx;
    private final RestApi rest;

    LayerRest(ControlContext ctx, RestApi rest) {
        this.ctx = ctx;
        this.rest = rest;
    }

    void mount(Router router) {
        router.route("/api/layers*").handler(BodyHandler.create(false).setBodyLimit(ctx.options().maxFrameBytes()));
        router.get("/api/layers").handler(rc -> op(rc, "layer.list", new JsonObject(), null, 200));
        router.post("/api/layers").handler(rc -> op(rc, "layer.save", body(rc), null, 201));
        router.put("/api/layers/:id").handler(rc -> op(rc, "layer.save", body(rc), rc.pathParam("id"), 200));
        router.put("/api/layers/:id/position").handler(rc -> op(rc, "layer.move", body(rc), rc.pathParam("id"), 200));
        router.delete("/api/layers/:id").handler(rc -> op(rc, "layer.delete", new JsonObject(), rc.pathParam("id"), 200));
    }

    private void op(RoutingContext rc, String op, JsonObject args, String id, int okStatus) {
        ctx.metrics().messageIn();
        try {
            if (!op.equals("layer.list")) {
                // security: the role first, before the body is judged (a refused writer learns nothing more)
                AccessPolicy.checkRole(rc.get("jackdesk.principal"), org.jackdesk.control.security.Role.ENGINEER, "define fader layers");
            }
            if (args == null) throw badBody(rc);
            if (id != null) args.put("layer", LayerApi.id(id));
            else args.remove("layer"); // POST creates: the console gives the id
            JsonObject r = LayerApi.run(ctx.params(), rc.get("jackdesk.principal"), op, args);
            r.remove("op");
            rest.json(rc, okStatus, op.equals("layer.list") ? r : r.getJsonObject("layer"));
        } catch (ProtocolError e) {
            int status = switch (e.code()) {
                case FaderLayers.NO_LAYER -> 404;
                case AccessPolicy.UNAUTHORIZED -> 401;
                case AccessPolicy.FORBIDDEN -> 403;
                case FaderLayers.TOO_MANY -> 409;
                default -> 400;
            };
            rest.fail(rc, status, e);
        }
    }

    private static ProtocolError badBody(RoutingContext rc) {
        return new ProtocolError(ProtocolError.BAD_MESSAGE, rc.request().method() + " " + rc.normalizedPath()
                + " needs a body {\"name\": \"Vocals\", \"strips\": [\"ch/12\", \"bus/2\", \"dca/1\", \"fxret/1\"]}");
    }

    /** The body as a JSON object ({} when empty), or null when it is something else. */
    private static JsonObject body(RoutingContext rc) {
        String text = rc.body() == null ? null : rc.body().asString();
        if (text == null || text.isBlank()) return new JsonObject();
        try {
            Object v = Json.decodeValue(text);
            return v instanceof JsonObject o ? o : null;
        } catch (DecodeException e) {
            return null;
        }
    }
}
