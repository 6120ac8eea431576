package org.jackdesk.control.rest;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.jackdesk.config.ConfigException;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.Layout;
import org.jackdesk.config.show.Scene;
import org.jackdesk.config.show.SceneException;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.config.show.Show;
import org.jackdesk.config.show.ShowJson;
import org.jackdesk.control.ControlContext;
import org.jackdesk.control.ProtocolError;
import org.jackdesk.control.scene.LiveShow;
import org.jackdesk.control.scene.SceneApi;
import org.jackdesk.control.security.AccessPolicy;

/**
 * Scenes over REST ({@code /api/scenes...}) and show/scene files ({@code /api/show},
 * {@code /api/scenes/{id}/export}, {@code /api/scenes/import}). The operations are
 * {@link SceneApi}'s, with the same codes and messages as over WebSocket.
 *
 * <p>Thread: control; parsing and writing whole show files runs on a worker.
 */
final class SceneRest {
    /** Largest scene file or scene request body. */
    static final int SCENE_BODY_LIMIT = 4 << 20;
    /** Largest show file accepted by {@code PUT /api/show}. */
    static final int SHOW_BODY_LIMIT = 32 << 20;
    static final String LAYOUT_MISMATCH = LiveShow.LAYOUT_MISMATCH;
    static final String BAD_FILE = "bad_file";

    private final ControlContext ctx;
    private final RestApi rest;
    private final SceneApi api;
    private final SceneManager manager;

    SceneRest(ControlContext ctx, RestApi rest) {
        this.ctx = ctx;
        this.rest = rest;
        this.api = ctx.scenes();
        this.manager = api.manager();
    }

    void mount(Router router) {
        router.route("/api/scenes*").handler(BodyHandler.create(false).setBodyLimit(SCENE_BODY_LIMIT));
        router.route("/api/show").handler(BodyHandler.create(false).setBodyLimit(SHOW_BODY_LIMIT));
        router.get("/api/scenes").handler(rc -> op(rc, "scene.list", new JsonObject(), 200));
        router.post("/api/scenes").handler(rc -> op(rc, "scene.save", body(rc), 201));
        router.post("/api/scenes/undo").handler(rc -> op(rc, "scene.undo", new JsonObject(), 200));
        router.post("/api/scenes/go").handler(rc -> op(rc, "scene.go", new JsonObject(), 200));
        router.post("/api/scenes/back").handler(rc -> op(rc, "scene.back", new JsonObject(), 200));
        router.post("/api/scenes/goto").handler(rc -> op(rc, "scene.goto", body(rc), 200));
        router.get("/api/scenes/safes").handler(rc -> done(rc, 200, new JsonObject().put("safes", new JsonArray(manager.safes()))));
        router.put("/api/scenes/safes").handler(rc -> op(rc, "scene.safes", bodyOrList(rc, "safes"), 200));
        router.get("/api/scenes/cues").handler(rc -> {
            JsonObject l = api.listing();
            done(rc, 200, new JsonObject().put("cues", l.getJsonArray("cues")).put("currentCue", l.getInteger("currentCue")));
        });
        router.put("/api/scenes/cues").handler(rc -> op(rc, "scene.cues", bodyOrList(rc, "cues"), 200));
        router.post("/api/scenes/import").handler(this::importScene);
        router.get("/api/scenes/:id").handler(rc -> op(rc, "scene.get", withId(rc, new JsonObject()), 200));
        router.get("/api/scenes/:id/export").handler(this::exportScene);
        router.delete("/api/scenes/:id").handler(rc -> op(rc, "scene.delete", withId(rc, new JsonObject()), 200));
        router.post("/api/scenes/:id/recall").handler(rc -> op(rc, "scene.recall", withId(rc, body(rc)), 200));
        router.post("/api/scenes/:id/update").handler(rc -> op(rc, "scene.update", withId(rc, new JsonObject()), 200));
        router.put("/api/scenes/:id/name").handler(rc -> op(rc, "scene.rename", withId(rc, body(rc)), 200));
        router.put("/api/scenes/:id/position").handler(rc -> op(rc, "scene.move", withId(rc, body(rc)), 200));
        router.get("/api/show").handler(this::exportShow);
        router.put("/api/show").handler(this::importShow);
    }

    /** Runs a {@link SceneApi} op; {@code args} is null when the body was already refused. */
    private void op(RoutingContext rc, String op, JsonObject args, int okStatus) {
        if (args == null) return;
        ctx.metrics().messageIn();
        try {
            JsonObject r = api.run(op, args);
            r.remove("op");
            done(rc, okStatus, r);
        } catch (ProtocolError e) {
            refuse(rc, e);
        }
    }

    private void done(RoutingContext rc, int status, JsonObject body) {
        rest.json(rc, status, body);
    }

    static int status(String code) {
        return switch (code) {
            case SceneException.UNKNOWN_SCENE, ProtocolError.UNKNOWN_PATH -> 404;
            case SceneException.NOTHING_TO_UNDO, SceneException.END_OF_CUES, LAYOUT_MISMATCH -> 409;
            case ProtocolError.TOO_LARGE -> 413;
            default -> 400;
        };
    }

    private void refuse(RoutingContext rc, ProtocolError e) {
        rest.fail(rc, status(e.code()), e);
    }

    /** The scene id of the URL, into {@code args} under "scene"; null (and the answer sent) when it is not an id. */
    private JsonObject withId(RoutingContext rc, JsonObject args) {
        if (args == null) return null;
        String text = rc.pathParam("id");
        try {
            int id = Integer.parseInt(text);
            if (id >= 1) return args.put("scene", id);
        } catch (NumberFormatException ignored) {
            // answered below
        }
        refuse(rc, new ProtocolError(SceneException.UNKNOWN_SCENE, "'" + text + "' is not a scene id; scene ids are whole numbers from 1 (GET /api/scenes lists them)"));
        return null;
    }

    /** The body as a JSON object ({} when empty); null (and the answer sent) when it is not one. */
    private JsonObject body(RoutingContext rc) {
        Object v = decode(rc);
        if (v == NOT_JSON) return null;
        if (v == null) return new JsonObject();
        if (v instanceof JsonObject o) return o;
        refuse(rc, new ProtocolError(ProtocolError.BAD_MESSAGE, "the body is a JSON object such as {\"name\": \"Act 1\"}, not " + Json.encode(v)));
        return null;
    }

    /** A body that is {@code {"key": [...]}} or the bare list. */
    private JsonObject bodyOrList(RoutingContext rc, String key) {
        Object v = decode(rc);
        if (v == NOT_JSON) return null;
        if (v instanceof JsonArray a) return new JsonObject().put(key, a);
        if (v instanceof JsonObject o) return o;
        refuse(rc, new ProtocolError(ProtocolError.BAD_MESSAGE, "the body is {\"" + key + "\": [...]} or the list itself"));
        return null;
    }

    private static final Object NOT_JSON = new Object();

    private Object decode(RoutingContext rc) {
        String text = rc.body() == null ? null : rc.body().asString();
        if (text == null || text.isBlank()) return null;
        try {
            return Json.decodeValue(text);
        } catch (DecodeException e) {
            refuse(rc, new ProtocolError(ProtocolError.BAD_JSON, "the body is not valid JSON: " + org.jackdesk.control.JsonProblem.describe(e, text)));
            return NOT_JSON;
        }
    }

    private void exportScene(RoutingContext rc) {
        JsonObject args = withId(rc, new JsonObject());
        if (args == null) return;
        ctx.metrics().messageIn();
        try {
            Scene s = manager.scene(args.getInteger("scene"));
            file(rc, ShowJson.writeScene(s), "scene-" + s.id() + ".json");
        } catch (SceneException e) {
            refuse(rc, new ProtocolError(e.code(), e.getMessage()));
        }
    }

    private void importScene(RoutingContext rc) {
        ctx.metrics().messageIn();
        String text = rc.body() == null ? "" : rc.body().asString();
        try {
            Scene s = ShowJson.readScene("scene file", text == null ? "" : text, ctx.state().registry());
            Scene added = manager.add(s);
            done(rc, 201, new JsonObject().put("request", "scene.import").put("scene", SceneApi.summary(added)));
        } catch (ConfigException e) {
            refuse(rc, new ProtocolError(BAD_FILE, e.getMessage()));
        } catch (SceneException e) {
            refuse(rc, new ProtocolError(e.code(), e.getMessage()));
        }
    }

    /**
     * {@code GET /api/show}: the show without the users (their names, roles and password hashes)
     * unless an admin asks for a full backup with {@code ?credentials=1}; the header
     * {@value #EXPORT_HEADER} says which one it is. A show without users imports the same way: the
     * running console's users never change with an import.
     */
    private void exportShow(RoutingContext rc) {
        ctx.metrics().messageIn();
        boolean full;
        try {
            String asked = rc.request().getParam("credentials");
            full = AccessPolicy.exportWithCredentials(rc.get("jackdesk.principal"), "1".equals(asked) || "true".equals(asked));
        } catch (ProtocolError e) {
            rest.fail(rc, AccessPolicy.UNAUTHORIZED.equals(e.code()) ? 401 : 403, e);
            return;
        }
        // The MIDI mappings in force (learned and cleared ones too, as the autosaved show has them), not the start's.
        ConsoleConfig live = ctx.midi() == null ? ctx.show().config() : ctx.show().config().withMidi(ctx.midi().config());
        ConsoleConfig config = full ? live : withoutCredentials(live);
        ctx.vertx().executeBlocking(() -> ShowJson.write(manager.toShow(config).withLayers(ctx.params().layers().list())), false)
                .onSuccess(text -> {
                    rc.response().putHeader(EXPORT_HEADER, full ? "full; includes the users' password hashes" : "without credentials");
                    file(rc, text, "show.json");
                })
                .onFailure(e -> rest.fail(rc, 500, new ProtocolError("internal", "could not write the show: " + e)));
    }

    /** Says whether an exported show carries the users' password hashes. */
    static final String EXPORT_HEADER = "X-Jackdesk-Export";

    /** {@code config} without its users (and without {@code oscUser}, which must name one of them). */
    static ConsoleConfig withoutCredentials(ConsoleConfig c) {
        ConsoleConfig.ServerConfig s = c.server();
        ConsoleConfig.NetworkSecurity ns = s.security();
        ConsoleConfig.NetworkSecurity open = new ConsoleConfig.NetworkSecurity(ns.origins(), ns.oscAllow(), null, ns.tlsCert(), ns.tlsKey());
        return new ConsoleConfig(c.version(), c.name(), c.layout(), new ConsoleConfig.ServerConfig(s.httpPort(), s.oscPort(), s.bind(), open, s.x32Port()),
                c.jack(), java.util.List.of(), c.values())
                .withMidi(c.midi().withoutUsers())
                .withRecording(c.recording());
    }

    /**
     * Replaces scenes, cues, safes and every value with a show file's. The running layout stays
     * (it cannot change while the console runs): a show for a console of another shape is refused.
     */
    private void importShow(RoutingContext rc) {
        ctx.metrics().messageIn();
        String text = rc.body() == null ? "" : rc.body().asString();
        Layout running = ctx.state().registry().layout();
        ctx.vertx().<Show>executeBlocking(() -> LiveShow.importShow(manager, running, text == null ? "" : text), false).onComplete(ar -> {
            if (ar.succeeded()) {
                Show s = ar.result();
                ctx.show().labels().load(s.config().layout()); // the show's strip names and colours come with it
                ctx.params().layers().load(s.layers()); // and its fader layers
                done(rc, 200, new JsonObject().put("request", "show.import").put("scenes", s.scenes().size())
                        .put("cues", s.cues().size()).put("values", s.values().size()));
            } else if (ar.cause() instanceof ConfigException e) {
                refuse(rc, new ProtocolError(BAD_FILE, e.getMessage()));
            } else if (ar.cause() instanceof SceneException e) {
                refuse(rc, new ProtocolError(e.code(), e.getMessage()));
            } else if (ar.cause() instanceof ProtocolError e) {
                refuse(rc, e);
            } else {
                rest.fail(rc, 500, new ProtocolError("internal", "could not import the show: " + ar.cause()));
            }
        });
    }

    private void file(RoutingContext rc, String text, String name) {
        if (rc.response().ended()) return;
        ctx.metrics().messageOut();
        rc.response().setStatusCode(200).putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("content-disposition", "attachment; filename=\"" + name + "\"").end(text);
    }
}
