package org.jackdesk.control.rest;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import org.jackdesk.config.ConfigException;
import org.jackdesk.config.show.ChannelLibrary;
import org.jackdesk.config.show.LibraryJson;
import org.jackdesk.config.show.Preset;
import org.jackdesk.config.show.SceneException;
import org.jackdesk.control.ControlContext;
import org.jackdesk.control.LibraryApi;
import org.jackdesk.control.ProtocolError;
import org.jackdesk.control.security.AccessPolicy;
import org.jackdesk.control.security.Principal;
import org.jackdesk.control.security.Role;

/**
 * The channel library over REST (docs/protocol.md, "Channel library"): the library file
 * ({@code GET /api/library}, one preset {@code GET /api/library/{name}}, an import
 * {@code POST /api/library}) and the {@link LibraryApi} operations ({@code PUT /api/library/{name}}
 * saves from a channel, {@code POST /api/library/{name}/load}, {@code PUT /api/library/{name}/name},
 * {@code DELETE /api/library/{name}}), with the same codes and messages as over WebSocket.
 *
 * <p>Thread: control; a library file is parsed on a worker.
 */
final class LibraryRest {
    /** Largest library file or request body. */
    static final int BODY_LIMIT = 4 << 20;

    private final ControlContext ctx;
    private final RestApi rest;
    private final ChannelLibrary library;

    LibraryRest(ControlContext ctx, RestApi rest) {
        this.ctx = ctx;
        this.rest = rest;
        this.library = ctx.show().scenes().library();
    }

    void mount(Router router) {
        router.route("/api/library*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        router.get("/api/library").handler(rc -> exportFile(rc, null));
        router.post("/api/library").handler(this::importFile);
        router.get("/api/library/:name").handler(rc -> exportFile(rc, rc.pathParam("name")));
        router.put("/api/library/:name").handler(rc -> op(rc, "library.save", 201));
        router.delete("/api/library/:name").handler(rc -> op(rc, "library.delete", 200));
        router.post("/api/library/:name/load").handler(rc -> op(rc, "library.load", 200));
        router.put("/api/library/:name/name").handler(rc -> op(rc, "library.rename", 200));
    }

    static int status(String code) {
        return switch (code) {
            case ChannelLibrary.UNKNOWN_PRESET -> 404;
            case ChannelLibrary.PRESET_EXISTS, ChannelLibrary.LIBRARY_FULL -> 409;
            case AccessPolicy.UNAUTHORIZED -> 401;
            case AccessPolicy.FORBIDDEN -> 403;
            case ProtocolError.TOO_LARGE -> 413;
            default -> 400;
        };
    }

    private void refuse(RoutingContext rc, ProtocolError e) {
        rest.fail(rc, status(e.code()), e);
    }

    /** A {@link LibraryApi} op with the URL's name and the body's arguments ({@code "newName"} for a rename). */
    private void op(RoutingContext rc, String op, int okStatus) {
        ctx.metrics().messageIn();
        try {
            JsonObject args = body(rc);
            if (op.equals("library.rename") && args.getValue("name") != null) args.put("newName", args.getValue("name"));
            args.put("name", rc.pathParam("name"));
            // a save through PUT is the whole preset under that name: it replaces one the library holds, unless told not to
            if (op.equals("library.save") && args.getValue("replace") == null) args.put("replace", true);
            Principal who = rc.get("jackdesk.principal");
            JsonObject r = LibraryApi.run(ctx.params(), library, who, op, args, RestApi.ORIGIN);
            r.remove("op");
            rest.json(rc, okStatus, r);
        } catch (ProtocolError e) {
            refuse(rc, e);
        }
    }

    private static JsonObject body(RoutingContext rc) throws ProtocolError {
        String text = rc.body() == null ? null : rc.body().asString();
        if (text == null || text.isBlank()) return new JsonObject();
        Object v;
        try {
            v = Json.decodeValue(text);
        } catch (DecodeException e) {
            throw new ProtocolError(ProtocolError.BAD_JSON, "the body is not valid JSON: " + org.jackdesk.control.JsonProblem.describe(e, text));
        }
        if (v instanceof JsonObject o) return o;
        throw new ProtocolError(ProtocolError.BAD_MESSAGE, "the body is a JSON object such as {\"from\": 1, \"sections\": [\"eq\"]}, not " + Json.encode(v));
    }

    /** The library file: every preset ({@code name} null) or the one named. Every logged-in role reads. */
    private void exportFile(RoutingContext rc, String name) {
        ctx.metrics().messageIn();
        try {
            AccessPolicy.checkRead(rc.get("jackdesk.principal"));
            List<Preset> presets = name == null ? library.presets() : List.of(library.get(name));
            String file = name == null ? "library.json" : "preset-" + fileName(presets.get(0).name()) + ".json";
            if (rc.response().ended()) return;
            ctx.metrics().messageOut();
            rc.response().setStatusCode(200).putHeader("content-type", "application/json; charset=utf-8")
                    .putHeader("content-disposition", "attachment; filename=\"" + file + "\"").end(LibraryJson.write(presets));
        } catch (ProtocolError e) {
            refuse(rc, e);
        } catch (SceneException e) {
            refuse(rc, new ProtocolError(e.code(), e.getMessage()));
        }
    }

    /** A name safe in a Content-Disposition header: letters, digits, '-' and '_' only. */
    private static String fileName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_-]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "preset" : s;
    }

    /**
     * {@code POST /api/library[?replace=1]} with a library file: every preset checked against this
     * console (positions and JSON paths in the message), then all added or none.
     */
    private void importFile(RoutingContext rc) {
        ctx.metrics().messageIn();
        try {
            AccessPolicy.checkRole(rc.get("jackdesk.principal"), Role.ENGINEER, "import channel presets");
        } catch (ProtocolError e) {
            refuse(rc, e);
            return;
        }
        String asked = rc.request().getParam("replace");
        boolean replace = "1".equals(asked) || "true".equals(asked);
        String text = rc.body() == null ? "" : rc.body().asString();
        ctx.vertx().<List<Preset>>executeBlocking(() -> LibraryJson.read("library file", text == null ? "" : text, ctx.state().registry()), false)
                .onComplete(ar -> {
                    if (ar.failed()) {
                        if (ar.cause() instanceof ConfigException e) refuse(rc, new ProtocolError(SceneRest.BAD_FILE, e.getMessage()));
                        else rest.fail(rc, 500, new ProtocolError("internal", "could not read the library file: " + ar.cause()));
                        return;
                    }
                    try {
                        List<Preset> added = library.addAll(ar.result(), replace);
                        io.vertx.core.json.JsonArray names = new io.vertx.core.json.JsonArray();
                        for (Preset p : added) names.add(p.name());
                        rest.json(rc, 201, new JsonObject().put("request", "library.import").put("presets", names));
                    } catch (SceneException e) {
                        refuse(rc, new ProtocolError(e.code(), e.getMessage()));
                    }
                });
    }
}
