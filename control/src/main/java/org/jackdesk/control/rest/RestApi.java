package org.jackdesk.control.rest;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamException;
import org.jackdesk.control.ControlContext;
import org.jackdesk.control.ParameterService;
import org.jackdesk.control.ProtocolError;
import org.jackdesk.control.security.Principal;
import org.jackdesk.control.ServerMetrics;
import org.jackdesk.control.cli.ParamsCommand;
import org.jackdesk.control.scene.Notices;
import org.jackdesk.control.ws.MeterReset;
import org.jackdesk.engine.EngineCommand;
import org.jackdesk.engine.EngineControl;
import org.jackdesk.engine.jack.StageBoxStatus;

/**
 * The JSON API under {@code /api} and the Prometheus {@code /metrics}. Same registry, same
 * validation and same error codes and messages as the WebSocket protocol; REST changes reach the
 * other clients with {@code "by":"rest"}.
 *
 * <p>Thread: control (the server's event loop).
 */
public final class RestApi {
    /** Health checks always reported, "ok" unless a standing notice under that key says otherwise. */
    private static final java.util.List<String> HEALTH_CHECKS = java.util.List.of(Notices.KEY_AUDIO, Notices.KEY_AUTOSAVE, Notices.KEY_SHOW);
    /** The origin of changes made through REST. */
    public static final String ORIGIN = "rest";

    private final ControlContext ctx;
    private final ConsoleState state;
    private final long startedAtNanos = System.nanoTime();

    public RestApi(ControlContext ctx) {
        this.ctx = ctx;
        this.state = ctx.state();
    }

    public void mount(Router router) {
        router.get("/api/health").handler(this::health);
        router.get("/api/state").handler(this::state);
        router.get("/api/schema").handler(this::schema);
        router.get("/api/params/*").handler(this::getParam);
        router.put("/api/params/*").handler(BodyHandler.create(false).setBodyLimit(ctx.options().maxFrameBytes()));
        router.put("/api/params/*").handler(this::putParam);
        router.post("/api/meters/:what/reset").handler(this::resetMeter);
        router.get("/api/labels").handler(this::labels);
        router.put("/api/labels/*").handler(BodyHandler.create(false).setBodyLimit(ctx.options().maxFrameBytes()));
        router.put("/api/labels/*").handler(this::putLabel);
        router.post("/api/paste").handler(BodyHandler.create(false).setBodyLimit(ctx.options().maxFrameBytes()));
        router.post("/api/paste").handler(this::paste);
        router.get("/api/history").handler(this::history);
        router.post("/api/history/:entry/undo").handler(this::undo);
        new LayerRest(ctx, this).mount(router); // custom fader layers (docs/protocol.md)
        if (ctx.scenes() != null) new SceneRest(ctx, this).mount(router);
        if (ctx.show() != null) new LibraryRest(ctx, this).mount(router); // the channel library, kept with the show
        if (ctx.midi() != null) {
            router.get("/api/midi").handler(rc -> midiOp(rc, "midi.list"));
            router.post("/api/midi/*").handler(BodyHandler.create(false).setBodyLimit(ctx.options().maxFrameBytes()));
            router.post("/api/midi/learn").handler(rc -> midiOp(rc, "midi.learn"));
            router.post("/api/midi/cancel").handler(rc -> midiOp(rc, "midi.cancel"));
            router.post("/api/midi/clear").handler(rc -> midiOp(rc, "midi.clear"));
        }
        router.get("/api/recorder").handler(rc -> recorderOp(rc, "recorder.status"));
        router.get("/api/recorder/takes").handler(rc -> recorderOp(rc, "recorder.takes"));
        router.post("/api/recorder/*").handler(BodyHandler.create(false).setBodyLimit(ctx.options().maxFrameBytes()));
        router.post("/api/recorder/start").handler(rc -> recorderOp(rc, "recorder.start"));
        router.post("/api/recorder/stop").handler(rc -> recorderOp(rc, "recorder.stop"));
        router.get("/api/feedback").handler(rc -> feedbackOp(rc, "feedback.status"));
        router.post("/api/feedback/*").handler(BodyHandler.create(false).setBodyLimit(ctx.options().maxFrameBytes()));
        router.post("/api/feedback/take").handler(rc -> feedbackOp(rc, "feedback.take"));
        router.post("/api/feedback/clear").handler(rc -> feedbackOp(rc, "feedback.clear"));
        router.get("/api/player").handler(rc -> playerOp(rc, "player.status"));
        router.post("/api/player/*").handler(BodyHandler.create(false).setBodyLimit(ctx.options().maxFrameBytes()));
        for (String op : org.jackdesk.control.record.PlayerService.OPS) {
            if (!op.equals("player.status")) router.post("/api/player/" + op.substring("player.".length())).handler(rc -> playerOp(rc, op));
        }
        router.route("/api/*").handler(rc -> fail(rc, 404, new ProtocolError("not_found",
                "no API endpoint " + rc.request().method() + " " + rc.normalizedPath()
                        + "; see /api/health, /api/state, /api/schema, /api/params/{path}, /api/meters/{loudness,clips,peaks}/reset, /api/history"
                        + (ctx.scenes() != null ? ", /api/scenes, /api/show" : ""))));
        router.route("/api/*").failureHandler(this::failure);
        router.get("/metrics").handler(this::metrics);
    }

    /**
     * The standing notices every tablet shows (JACK gone or awaited, autosave failing, show loaded
     * from its backup) become health checks: a monitoring script sees what the tablets see. The
     * overall status is the worst check's level: "ok", "warning" or "error" (docs/protocol.md).
     */
    private void health(RoutingContext rc) {
        EngineControl e = ctx.engine();
        ctx.metrics().messageIn();
        JsonObject checks = new JsonObject();
        for (String key : HEALTH_CHECKS) checks.put(key, new JsonObject().put("status", Notices.LEVEL_OK));
        String overall = Notices.LEVEL_OK;
        if (ctx.show() != null) {
            for (Map.Entry<String, JsonObject> n : ctx.show().notices().standingByKey().entrySet()) {
                String level = n.getValue().getString("level", Notices.LEVEL_OK);
                checks.put(n.getKey(), new JsonObject().put("status", level).put("code", n.getValue().getString("code"))
                        .put("message", n.getValue().getString("message")));
                if (Notices.LEVEL_ERROR.equals(level)) overall = level;
                else if (Notices.LEVEL_WARNING.equals(level) && Notices.LEVEL_OK.equals(overall)) overall = level;
            }
        }
        json(rc, 200, new JsonObject()
                .put("status", overall)
                .put("checks", checks)
                .put("server", ctx.serverVersion())
                .put("backend", e.backendStatus())
                .put("sampleRate", e.sampleRate())
                .put("periodFrames", e.periodFrames())
                .put("clients", ctx.hub().webSocketCount())
                .put("clientsWithoutLogin", ctx.security().limits().withoutLogin())
                .put("uptimeSeconds", (System.nanoTime() - startedAtNanos) / 1_000_000_000L));
    }

    private void state(RoutingContext rc) {
        ctx.metrics().messageIn();
        json(rc, 200, new JsonObject().put("values", new JsonObject(state.snapshot())));
    }

    private void schema(RoutingContext rc) {
        ctx.metrics().messageIn();
        Layout layout = state.registry().layout();
        JsonArray channels = new JsonArray();
        for (Layout.Channel c : layout.channels()) channels.add(new JsonObject().put("name", c.name()).put("stereo", c.stereo()).put("directOut", c.directOut().word()));
        JsonArray buses = new JsonArray();
        for (Layout.Bus b : layout.buses()) buses.add(new JsonObject().put("name", b.name()).put("stereo", b.stereo()));
        JsonArray params = new JsonArray();
        for (Param p : state.registry().all()) params.add(new JsonObject(ParamsCommand.Schema.describe(p)));
        json(rc, 200, new JsonObject()
                .put("layout", new JsonObject().put("channels", channels).put("buses", buses))
                .put("params", params));
    }

    private static String pathOf(RoutingContext rc) {
        String p = rc.normalizedPath();
        String prefix = "/api/params/";
        return p.length() > prefix.length() ? p.substring(prefix.length()) : "";
    }

    private void getParam(RoutingContext rc) {
        ctx.metrics().messageIn();
        String path = pathOf(rc);
        try {
            ParameterService.Reading read = ctx.params().get(rc.get("jackdesk.principal"), path); // the gate let only a logged-in principal here
            if (read instanceof ParameterService.Value v) {
                json(rc, 200, new JsonObject().put("path", v.param().path()).put("value", v.value()));
            } else {
                ParameterService.Values vs = (ParameterService.Values) read;
                json(rc, 200, new JsonObject().put("path", vs.prefix()).put("values", new JsonObject(vs.values())));
            }
        } catch (ParamException e) {
            fail(rc, ProtocolError.of(e));
        } catch (ProtocolError e) {
            fail(rc, e);
        }
    }

    /**
     * {@code POST /api/meters/loudness/reset} (or clips, peaks): queues the engine command;
     * {@code /api/meters/clips/reset?target=ch/3} clears one strip's clip or over latch.
     */
    private void resetMeter(RoutingContext rc) {
        ctx.metrics().messageIn();
        String what = rc.pathParam("what");
        EngineCommand c;
        try {
            c = MeterReset.command(what);
        } catch (ProtocolError e) {
            fail(rc, 404, e);
            return;
        }
        String target;
        try {
            target = MeterReset.target(what, rc.queryParams().get("target"));
        } catch (ProtocolError e) {
            fail(rc, 400, e);
            return;
        }
        try {
            org.jackdesk.control.security.AccessPolicy.checkMeterReset(rc.get("jackdesk.principal"), what, target); // security: engineer, a monitor its own buses
        } catch (ProtocolError e) {
            fail(rc, org.jackdesk.control.security.AccessPolicy.UNAUTHORIZED.equals(e.code()) ? 401 : 403, e);
            return;
        }
        try {
            if (!MeterReset.apply(ctx.engine(), c, target)) {
                fail(rc, 503, MeterReset.busy());
                return;
            }
            JsonObject done = new JsonObject().put("reset", what);
            if (target != null) done.put("target", target);
            json(rc, 200, done);
        } catch (ProtocolError e) {
            fail(rc, 400, e);
        }
    }

    private void putParam(RoutingContext rc) {
        ctx.metrics().messageIn();
        String path = pathOf(rc);
        try {
            Param p = ctx.params().param(path);
            Principal who = rc.get("jackdesk.principal"); // the gate let only a logged-in principal here
            ctx.params().checkWrite(who, p); // before the body is read: a refused writer learns nothing more
            double v = ctx.params().set(who, p, bodyValue(rc, p.path()), ORIGIN);
            json(rc, 200, new JsonObject().put("path", p.path()).put("value", p.toExternal(v)));
        } catch (ParamException e) {
            fail(rc, ProtocolError.of(e));
        } catch (ProtocolError e) {
            fail(rc, e);
        }
    }

    /** The body is {@code {"value": x}} or a bare JSON value ({@code -6}, {@code true}, {@code "pre"}). */
    private static Object bodyValue(RoutingContext rc, String path) throws ProtocolError {
        String text = rc.body().asString();
        if (text == null || text.isBlank()) {
            throw new ProtocolError(ProtocolError.WRONG_TYPE, "PUT needs a body: {\"value\": ...}", path);
        }
        Object decoded;
        try {
            decoded = Json.decodeValue(text);
        } catch (DecodeException e) {
            throw new ProtocolError(ProtocolError.BAD_JSON, "the body is not valid JSON (" + org.jackdesk.control.JsonProblem.describe(e, text)
                    + "); send {\"value\": ...}", path);
        }
        if (decoded instanceof JsonObject o) {
            if (!o.containsKey("value")) throw new ProtocolError(ProtocolError.WRONG_TYPE, "the body needs \"value\"", path);
            decoded = o.getValue("value");
        }
        if (decoded instanceof JsonObject || decoded instanceof JsonArray) {
            throw new ProtocolError(ProtocolError.WRONG_TYPE, path + " takes a single value, not " + Json.encode(decoded), path);
        }
        return decoded;
    }

    private void failure(RoutingContext rc) {
        int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
        if (status == 413) {
            fail(rc, 413, new ProtocolError(ProtocolError.TOO_LARGE,
                    "the body is over the limit of " + bodyLimit(rc.normalizedPath()) + " bytes for " + rc.normalizedPath()
                            + "; nothing was applied"));
        } else {
            // Never an opaque "request failed": say what was refused (issue 15).
            String uri = rc.request().uri();
            uri = uri == null ? "" : uri.length() > 80 ? uri.substring(0, 80) + "…" : uri;
            String msg = rc.failure() != null && rc.failure().getMessage() != null ? rc.failure().getMessage()
                    : status == 400 ? "the request " + rc.request().method() + " " + uri + " is malformed (a path starts with /api/)"
                    : "the request " + rc.request().method() + " " + uri + " was refused (HTTP " + status + ")";
            fail(rc, status, new ProtocolError(status >= 500 ? "internal" : "bad_request", msg));
        }
    }

    /** The body limit of the route a request went to (the one its body handler enforced). */
    private int bodyLimit(String path) {
        if (path.startsWith("/api/show")) return SceneRest.SHOW_BODY_LIMIT;
        if (path.startsWith("/api/scenes")) return SceneRest.SCENE_BODY_LIMIT;
        if (path.startsWith("/api/library")) return LibraryRest.BODY_LIMIT;
        if (path.startsWith("/api/login")) return org.jackdesk.control.security.Security.LOGIN_BODY_LIMIT;
        return ctx.options().maxFrameBytes();
    }

    private void fail(RoutingContext rc, ProtocolError e) {
        int status = switch (e.code()) {
            case ProtocolError.UNKNOWN_PATH, org.jackdesk.control.ParameterService.NOT_IN_HISTORY -> 404;
            case org.jackdesk.control.ParameterService.ALREADY_UNDONE -> 409;
            case org.jackdesk.control.security.AccessPolicy.UNAUTHORIZED -> 401; // as the gate answers
            case org.jackdesk.control.security.AccessPolicy.FORBIDDEN -> 403;
            default -> 400;
        };
        fail(rc, status, e);
    }

    void fail(RoutingContext rc, int status, ProtocolError e) {
        ctx.metrics().error(e.code());
        JsonObject body = new JsonObject().put("code", e.code()).put("message", e.getMessage());
        if (e.path() != null) body.put("path", e.path());
        json(rc, status, body);
    }

    void json(RoutingContext rc, int status, JsonObject body) {
        if (rc.response().ended()) return;
        ctx.metrics().messageOut();
        rc.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8").end(body.encode());
    }

    /** {@code GET /api/labels}: every strip's name and colour, as the {@code labels} message has them. */
    private void labels(RoutingContext rc) {
        ctx.metrics().messageIn();
        try {
            org.jackdesk.control.security.AccessPolicy.checkRead(rc.get("jackdesk.principal"));
            json(rc, 200, new JsonObject().put("layout",
                    org.jackdesk.control.ws.HelloLayout.of(state.registry().layout(), ctx.params().labels(), true)));
        } catch (ProtocolError e) {
            fail(rc, e);
        }
    }

    /** {@code PUT /api/labels/ch/3} with {@code {"name":"Kick In","colour":"red"}} (either may be left out): an engineer's. */
    private void putLabel(RoutingContext rc) {
        ctx.metrics().messageIn();
        String target = rc.normalizedPath().substring("/api/labels/".length());
        try {
            Principal who = rc.get("jackdesk.principal");
            // security: the role first, before the body is read (a refused writer learns nothing more)
            org.jackdesk.control.security.AccessPolicy.checkRole(who, org.jackdesk.control.security.Role.ENGINEER, "rename or recolour strips");
            String text = rc.body() == null ? null : rc.body().asString();
            Object body;
            try {
                body = text == null || text.isBlank() ? null : Json.decodeValue(text);
            } catch (DecodeException e) {
                throw new ProtocolError(ProtocolError.BAD_JSON, "the body is not valid JSON (" + org.jackdesk.control.JsonProblem.describe(e, text)
                        + "); send {\"name\": ..., \"colour\": ...}");
            }
            if (!(body instanceof JsonObject args)) {
                throw new ProtocolError(org.jackdesk.config.StripLabels.BAD_NAME, "PUT /api/labels/" + target
                        + " needs a body {\"name\": \"Kick In\", \"colour\": \"red\"} (either may be left out)");
            }
            JsonObject done = org.jackdesk.control.LabelApi.label(ctx.params(), who, target, args, ORIGIN);
            done.remove("op");
            json(rc, 200, done);
        } catch (ProtocolError e) {
            fail(rc, e);
        }
    }

    /** {@code POST /api/paste} with {@code {"from":1,"to":[2,3],"sections":["eq"]}}: a channel's sections onto others. */
    private void paste(RoutingContext rc) {
        ctx.metrics().messageIn();
        try {
            String text = rc.body() == null ? null : rc.body().asString();
            Object body;
            try {
                body = text == null || text.isBlank() ? null : Json.decodeValue(text);
            } catch (DecodeException e) {
                throw new ProtocolError(ProtocolError.BAD_JSON, "the body is not valid JSON (" + org.jackdesk.control.JsonProblem.describe(e, text) + ")");
            }
            if (!(body instanceof JsonObject args)) {
                throw new ProtocolError(ProtocolError.BAD_MESSAGE, "POST /api/paste needs a body {\"from\": 1, \"to\": [2, 3], \"sections\": [\"eq\"]}");
            }
            JsonObject done = org.jackdesk.control.PasteApi.paste(ctx.params(), rc.get("jackdesk.principal"), args, ORIGIN);
            done.remove("op");
            json(rc, 200, done);
        } catch (ProtocolError e) {
            fail(rc, e);
        }
    }

    /** {@code GET /api/history}: the last changes the principal may see, newest first (docs/protocol.md). */
    private void history(RoutingContext rc) {
        ctx.metrics().messageIn();
        try {
            json(rc, 200, org.jackdesk.control.HistoryApi.list(ctx.params(), rc.get("jackdesk.principal")));
        } catch (ProtocolError e) {
            fail(rc, e);
        }
    }

    /** {@code POST /api/history/{entry}/undo}: puts that entry's values back, with the principal's role. */
    private void undo(RoutingContext rc) {
        ctx.metrics().messageIn();
        org.jackdesk.control.security.Principal who = rc.get("jackdesk.principal");
        try {
            long entry = org.jackdesk.control.HistoryApi.id(rc.pathParam("entry"));
            json(rc, 200, org.jackdesk.control.HistoryApi.undo(ctx.params(), who, entry, "rest:" + (who == null ? "?" : who.user())));
        } catch (ProtocolError e) {
            fail(rc, e);
        }
    }

    /** One call of a service that checks the caller's role itself (recorder, player, feedback suppressor). */
    @FunctionalInterface
    private interface ServiceCall {
        io.vertx.core.Future<JsonObject> run(Principal who, JsonObject args) throws ProtocolError;
    }

    /**
     * A service's operation over REST: the body (may be empty) as its arguments, its result as the
     * reply; {@code call} null is a server without that service ({@code absent}, 404); a failure
     * that is not a {@link ProtocolError} becomes {@code failedCode}; {@code example} is a body the
     * bad-body error names.
     */
    private void serviceOp(RoutingContext rc, ServiceCall call, ProtocolError absent, String failedCode, String example) {
        ctx.metrics().messageIn();
        if (call == null) {
            fail(rc, 404, absent);
            return;
        }
        JsonObject args;
        try {
            String text = rc.body() == null ? null : rc.body().asString();
            args = text == null || text.isBlank() ? new JsonObject() : new JsonObject(text);
        } catch (RuntimeException e) {
            fail(rc, new ProtocolError(ProtocolError.BAD_MESSAGE, "the body is a JSON object such as " + example));
            return;
        }
        try {
            call.run(rc.get("jackdesk.principal"), args).onComplete(ar -> { // security: the service checks the role first
                if (ar.succeeded()) json(rc, 200, ar.result());
                else fail(rc, ar.cause() instanceof ProtocolError e ? e : new ProtocolError(failedCode, String.valueOf(ar.cause().getMessage())));
            });
        } catch (ProtocolError e) {
            fail(rc, e);
        }
    }

    /**
     * {@code GET /api/recorder}, {@code POST /api/recorder/start {"format": …, "buses": …}},
     * {@code POST /api/recorder/stop} (docs/recording.md); the recorder service checks the role.
     */
    private void recorderOp(RoutingContext rc, String op) {
        org.jackdesk.control.record.RecorderService svc = ctx.params().recorder();
        serviceOp(rc, svc == null ? null : (who, args) -> svc.run(who, op, args),
                new ProtocolError(org.jackdesk.control.record.RecorderService.NO_RECORDER, "this server has no recorder"),
                org.jackdesk.control.record.RecorderService.RECORDER_FAILED, "{\"format\": \"pcm24\"}");
    }

    /**
     * {@code GET /api/feedback}, {@code POST /api/feedback/take {"bus": "main", "freq": 1000}},
     * {@code POST /api/feedback/clear {"bus": "bus/2", "notch": 3}} (docs/assistants.md); the
     * feedback service checks the role.
     */
    private void feedbackOp(RoutingContext rc, String op) {
        org.jackdesk.control.feedback.FeedbackService svc = ctx.params().feedback();
        serviceOp(rc, svc == null ? null : (who, args) -> svc.run(who, op, args, "rest:" + (who == null ? "?" : who.user())),
                new ProtocolError(org.jackdesk.control.feedback.FeedbackService.NO_FEEDBACK, "this server has no feedback suppressor"),
                org.jackdesk.control.feedback.FeedbackService.NO_FEEDBACK, "{\"bus\": \"main\", \"freq\": 1000}");
    }

    /**
     * {@code GET /api/player}, {@code POST /api/player/load {"take": …}}, {@code …/play}, {@code …/stop},
     * {@code …/locate {"seconds": …}}, {@code …/loop {"on": …, "from": …, "to": …}}, {@code …/unload}
     * (docs/recording.md#playback); the player service checks the role.
     */
    private void playerOp(RoutingContext rc, String op) {
        org.jackdesk.control.record.PlayerService svc = ctx.params().player();
        serviceOp(rc, svc == null ? null : (who, args) -> svc.run(who, op, args),
                new ProtocolError(org.jackdesk.control.record.PlayerService.NO_PLAYER, "this server has no player"),
                org.jackdesk.control.record.PlayerService.PLAYER_FAILED, "{\"seconds\": 12.5}");
    }

    /** {@code GET /api/midi}, {@code POST /api/midi/learn|cancel|clear {"path": …}} (docs/midi.md); the gate checked the role. */
    private void midiOp(RoutingContext rc, String op) {
        ctx.metrics().messageIn();
        JsonObject args;
        try {
            String text = rc.body() == null ? null : rc.body().asString();
            args = text == null || text.isBlank() ? new JsonObject() : new JsonObject(text);
        } catch (RuntimeException e) {
            fail(rc, new ProtocolError(ProtocolError.BAD_MESSAGE, "the body is a JSON object such as {\"path\": \"ch/1/fader\"}"));
            return;
        }
        try {
            json(rc, 200, ctx.midi().run(op, args));
        } catch (ProtocolError e) {
            fail(rc, e);
        }
    }

    private void metrics(RoutingContext rc) {
        ServerMetrics m = ctx.metrics();
        EngineControl e = ctx.engine();
        StringBuilder b = new StringBuilder(2048);
        gauge(b, "jackdesk_dsp_load_percent", "DSP load of the audio backend in percent", e.dspLoadPercent());
        gauge(b, "jackdesk_callback_max_microseconds", "Longest audio callback since start", e.callbackMaxMicros());
        counter(b, "jackdesk_xruns_total", "Xruns since start", e.xruns());
        slowCallbacks(b, e.slowCallbacks());
        gauge(b, "jackdesk_sample_rate_hz", "Sample rate of the engine", e.sampleRate());
        gauge(b, "jackdesk_clients", "WebSocket clients connected", m.wsClients());
        gauge(b, "jackdesk_clients_without_login", "WebSocket connections open that have not logged in (yet)", m.wsWithoutLogin());
        gauge(b, "jackdesk_osc_subscribers", "OSC clients with a live /subscribe", m.oscSubscribers());
        gauge(b, "jackdesk_x32_clients", "X32 apps with a live /xremote or subscription", m.x32Clients());
        gauge(b, "jackdesk_messages_in_per_second", "Messages received (WebSocket, REST, OSC) over the last second", m.inPerSecond());
        gauge(b, "jackdesk_messages_out_per_second", "Messages sent (including meter frames) over the last second", m.outPerSecond());
        counter(b, "jackdesk_messages_in_total", "Messages received since start", m.messagesIn());
        counter(b, "jackdesk_messages_out_total", "Messages sent since start", m.messagesOut());
        counter(b, "jackdesk_meter_frames_total", "Binary meter frames sent since start", m.meterFramesOut());
        gauge(b, "jackdesk_client_queue_max_bytes", "Most bytes one WebSocket client had waiting to be sent, since start", m.maxQueuedBytes());
        counter(b, "jackdesk_held_back_total", "Meter frames skipped and changes held back for clients that do not read", m.heldBackCount());
        stageBoxes(b, e.stageBoxes());
        midi(b, e.midiPairs(), m);
        if (ctx.params().recorder() != null) ctx.params().recorder().metrics(b);
        if (ctx.params().player() != null) ctx.params().player().metrics(b);
        b.append("# HELP jackdesk_errors_total Requests refused, by error code\n# TYPE jackdesk_errors_total counter\n");
        for (Map.Entry<String, Long> en : m.errorsByCode().entrySet()) {
            b.append("jackdesk_errors_total{code=\"").append(en.getKey()).append("\"} ").append(en.getValue()).append('\n');
        }
        rc.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(b.toString());
    }

    /**
     * Callbacks longer than half the period by cause (docs/engine-notes.md); every cause is listed,
     * at 0 when nothing is attributed (the internal clock), so dashboards find stable series.
     */
    private static void slowCallbacks(StringBuilder b, org.jackdesk.engine.jack.CallbackAttribution.Snapshot s) {
        b.append("# HELP jackdesk_slow_callbacks_total Audio callbacks longer than half the period since start, by cause\n")
                .append("# TYPE jackdesk_slow_callbacks_total counter\n");
        for (org.jackdesk.engine.jack.SlowCause c : org.jackdesk.engine.jack.SlowCause.values()) {
            b.append("jackdesk_slow_callbacks_total{cause=\"").append(c.label()).append("\"} ").append(s == null ? 0 : s.count(c))
                    .append('\n');
        }
        counter(b, "jackdesk_slow_callbacks_dropped_total", "Slow callbacks not attributed (the record ring was full)",
                s == null ? 0 : s.dropped());
    }

    /** One series per watched stage box (docs/stagebox.md), labelled with its JACK client name. */
    private static void stageBoxes(StringBuilder b, List<StageBoxStatus> boxes) {
        if (boxes.isEmpty()) return;
        b.append("# HELP jackdesk_stagebox_connected 1 while the stage box's ports are on the JACK server\n")
                .append("# TYPE jackdesk_stagebox_connected gauge\n");
        for (StageBoxStatus s : boxes) b.append("jackdesk_stagebox_connected{name=\"").append(label(s.name())).append("\"} ")
                .append(s.connected() ? 1 : 0).append('\n');
        b.append("# HELP jackdesk_stagebox_ports Audio ports of the stage box (in: feeding the console, out: back to the stage)\n")
                .append("# TYPE jackdesk_stagebox_ports gauge\n");
        for (StageBoxStatus s : boxes) {
            b.append("jackdesk_stagebox_ports{name=\"").append(label(s.name())).append("\",direction=\"in\"} ")
                    .append(s.connected() ? s.inputs() : 0).append('\n');
            b.append("jackdesk_stagebox_ports{name=\"").append(label(s.name())).append("\",direction=\"out\"} ")
                    .append(s.connected() ? s.outputs() : 0).append('\n');
        }
        b.append("# HELP jackdesk_stagebox_losses_total Times the stage box was lost since start\n")
                .append("# TYPE jackdesk_stagebox_losses_total counter\n");
        for (StageBoxStatus s : boxes) b.append("jackdesk_stagebox_losses_total{name=\"").append(label(s.name())).append("\"} ")
                .append(s.losses()).append('\n');
    }

    /** The JACK MIDI pair's traffic and what was dropped, by reason (docs/midi.md); nothing without MIDI ports. */
    private static void midi(StringBuilder b, List<org.jackdesk.engine.midi.MidiTransport> pairs, ServerMetrics m) {
        if (pairs.isEmpty()) return;
        // The unlabelled families are the totals over every pair (with one pair, that pair's); the
        // jackdesk_midi_pair_* families give each pair's own (docs/midi.md, "More port pairs").
        long[][] per = new long[pairs.size()][];
        long[] sum = new long[10];
        for (int p = 0; p < pairs.size(); p++) {
            org.jackdesk.engine.midi.MidiTransport.Counters c = pairs.get(p).counters();
            String name = pairs.get(p).name();
            per[p] = new long[] {c.received(), c.ringFull(), c.sysexTooLong(), c.truncated(), c.stray(), c.ignored(),
                    m.midiUnmappedCount(name), m.midiRefusedCount(name), c.sent(), c.outDropped()};
            for (int k = 0; k < sum.length; k++) sum[k] += per[p][k];
        }
        String[] reasons = {"ring_full", "sysex_too_long", "truncated", "stray_data", "ignored", "unmapped", "refused"};
        counter(b, "jackdesk_midi_in_total", "MIDI messages received on every MIDI input and queued for the console", sum[0]);
        b.append("# HELP jackdesk_midi_in_dropped_total MIDI input ignored or dropped, by reason\n")
                .append("# TYPE jackdesk_midi_in_dropped_total counter\n");
        long[] counts = {sum[1], sum[2], sum[3], sum[4], sum[5], m.midiUnmappedCount(), m.midiRefusedCount()};
        for (int i = 0; i < reasons.length; i++) {
            b.append("jackdesk_midi_in_dropped_total{reason=\"").append(reasons[i]).append("\"} ").append(counts[i]).append('\n');
        }
        counter(b, "jackdesk_midi_out_total", "MIDI messages written to every MIDI output (feedback)", sum[8]);
        counter(b, "jackdesk_midi_out_dropped_total", "MIDI feedback dropped because an output queue was full", sum[9]);
        b.append("# HELP jackdesk_midi_pair_in_total MIDI messages received on the pair's input and queued for the console\n")
                .append("# TYPE jackdesk_midi_pair_in_total counter\n");
        for (int p = 0; p < pairs.size(); p++) {
            b.append("jackdesk_midi_pair_in_total{pair=\"").append(label(pairs.get(p).name())).append("\"} ").append(per[p][0]).append('\n');
        }
        b.append("# HELP jackdesk_midi_pair_in_dropped_total MIDI input of the pair ignored or dropped, by reason\n")
                .append("# TYPE jackdesk_midi_pair_in_dropped_total counter\n");
        for (int p = 0; p < pairs.size(); p++) {
            for (int i = 0; i < reasons.length; i++) {
                b.append("jackdesk_midi_pair_in_dropped_total{pair=\"").append(label(pairs.get(p).name())).append("\",reason=\"")
                        .append(reasons[i]).append("\"} ").append(per[p][1 + i]).append('\n');
            }
        }
        b.append("# HELP jackdesk_midi_pair_out_total MIDI messages written to the pair's output\n")
                .append("# TYPE jackdesk_midi_pair_out_total counter\n");
        for (int p = 0; p < pairs.size(); p++) {
            b.append("jackdesk_midi_pair_out_total{pair=\"").append(label(pairs.get(p).name())).append("\"} ").append(per[p][8]).append('\n');
        }
        b.append("# HELP jackdesk_midi_pair_out_dropped_total MIDI feedback of the pair dropped because its output queue was full\n")
                .append("# TYPE jackdesk_midi_pair_out_dropped_total counter\n");
        for (int p = 0; p < pairs.size(); p++) {
            b.append("jackdesk_midi_pair_out_dropped_total{pair=\"").append(label(pairs.get(p).name())).append("\"} ").append(per[p][9])
                    .append('\n');
        }
    }



    /** A Prometheus label value: backslash, quote and newline escaped. */
    private static String label(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static void gauge(StringBuilder b, String name, String help, double v) {
        b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(number(v)).append('\n');
    }

    private static void counter(StringBuilder b, String name, String help, long v) {
        b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(v).append('\n');
    }

    private static String number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
