package org.jackdesk.control.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.control.ProtocolError;
import org.jackdesk.control.ServerMetrics;

/**
 * The security of one running server: logins and tokens, the role checks every protocol asks,
 * the WebSocket Origin check, per-address and total limits, the OSC allow-list, HTTP security
 * headers and TLS. docs/security.md describes the threat model.
 *
 * <p>Thread: control (the server's event loop), except where a method says otherwise. PBKDF2
 * runs on a worker thread.
 */
public final class Security {
    private static final System.Logger LOG = System.getLogger("jackdesk.security");
    /** A hash for unknown users, so a wrong name costs as long as a wrong PIN (no user enumeration by timing). */
    private static final String DUMMY_HASH = PasswordHasher.hash("not-a-pin".toCharArray(), 1000);
    private static final int MAX_LOGINS_IN_FLIGHT = 4;
    /** Largest body of {@code POST /api/login}. */
    public static final int LOGIN_BODY_LIMIT = 4096;
    private static final Pattern HOST_HEADER = Pattern.compile("[A-Za-z0-9.:\\[\\]-]{1,255}");

    private final Vertx vertx;
    private final SecurityOptions options;
    private final ServerMetrics metrics;
    private final Map<String, ConsoleConfig.UserConfig> users = new LinkedHashMap<>();
    private final SessionTokens tokens;
    private final LoginThrottle throttle = new LoginThrottle();
    /** Failed logins: one line a minute per address (a guesser must not fill the log). */
    private final LogLimiter loginLog = new LogLimiter();
    private final LogLimiter hostLog = new LogLimiter();
    private final LogLimiter urlLog = new LogLimiter();
    private final LogLimiter throttleLog = new LogLimiter();
    private final Set<String> loginsInFlight = new HashSet<>();
    private final OriginCheck origins;
    private final HostCheck hosts;
    private final OscAllowList oscAllow;
    private final TotalLimits limits;
    private final Map<String, Long> oscRefusalLoggedAt = new HashMap<>();
    /** The server's event loop: where a token's end reaches its connections. */
    private final io.vertx.core.Context context;
    /** The open WebSocket sessions of each live token, so that its end closes them at once (code 4001). */
    private final Map<String, Set<SessionAuth>> sessionsByToken = new HashMap<>();

    public Security(Vertx vertx, SecurityOptions options, ServerMetrics metrics) {
        this.vertx = vertx;
        this.options = options;
        this.metrics = metrics;
        for (ConsoleConfig.UserConfig u : options.users()) users.put(u.name(), u);
        this.tokens = new SessionTokens(options.tokenTtlMillis());
        this.context = vertx.getOrCreateContext();
        tokens.onEnded(this::tokenEnded);
        loadThrottle();
        this.origins = new OriginCheck(options.origins());
        this.hosts = new HostCheck(options.origins());
        vertx.executeBlocking(() -> {
            hosts.learnLocalNames(); // may wait for DNS: not on the event loop
            return null;
        }, false);
        this.oscAllow = new OscAllowList(options.oscAllow());
        this.limits = new TotalLimits(options.maxConnectionsPerAddress(), options.maxTotalMessagesPerSecond());
    }

    public SecurityOptions options() {
        return options;
    }

    public boolean authRequired() {
        return options.authRequired();
    }

    /** Thread: any. */
    public SessionTokens tokens() {
        return tokens;
    }

    public TotalLimits limits() {
        return limits;
    }

    /** The principal of a request: from its token when users are configured, else {@link Principal#ANYONE}. Null: not logged in. */
    public Principal principal(String token) {
        if (!authRequired()) return Principal.ANYONE;
        return tokens.principal(token);
    }

    static Principal principalOf(ConsoleConfig.UserConfig u) {
        return new Principal(u.name(), Role.of(u.role()), new HashSet<>(u.buses()), u.talkback());
    }

    /** Reads the failed logins kept by the last run (a worker reads; the event loop merges). */
    private void loadThrottle() {
        java.nio.file.Path f = options.throttleFile();
        if (f == null || !authRequired()) return;
        vertx.executeBlocking(() -> java.nio.file.Files.isRegularFile(f) ? java.nio.file.Files.readString(f) : "", false)
                .onComplete(ar -> context.runOnContext(v -> {
                    if (ar.succeeded()) {
                        throttle.restore(ar.result());
                    } else {
                        LOG.log(Level.WARNING, "cannot read the failed logins kept in {0}: {1}; starting with none", f, ar.cause().toString());
                    }
                }));
    }

    private boolean throttleSavePending;

    /**
     * Keeps the failed logins on disk so a lock survives a restart: at most once a second, written
     * on a worker to a temporary file and moved over the old one. Thread: control.
     */
    private void saveThrottleSoon() {
        java.nio.file.Path f = options.throttleFile();
        if (f == null || throttleSavePending) return;
        throttleSavePending = true;
        vertx.setTimer(THROTTLE_SAVE_MS, t -> {
            throttleSavePending = false;
            String text = throttle.save();
            vertx.executeBlocking(() -> {
                java.nio.file.Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
                java.nio.file.Files.writeString(tmp, text);
                java.nio.file.Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                return null;
            }, false).onFailure(e -> {
                if (throttleLog.admit("save") >= 0) {
                    LOG.log(Level.WARNING, "cannot keep the failed logins in {0}: {1}; the lock holds until a restart", f, e.toString());
                }
            });
        });
    }

    /** How soon after a login attempt the throttle is written down. */
    static final long THROTTLE_SAVE_MS = 200;

    /** A session uses {@code token} from now on. Thread: control. */
    void bind(String token, SessionAuth session) {
        sessionsByToken.computeIfAbsent(token, k -> new java.util.LinkedHashSet<>()).add(session);
    }

    /** A session no longer uses {@code token} (closed, or logged in again). Thread: control. */
    void unbind(String token, SessionAuth session) {
        Set<SessionAuth> s = sessionsByToken.get(token);
        if (s != null && s.remove(session) && s.isEmpty()) sessionsByToken.remove(token);
    }

    /**
     * A token ended (logout, revocation, expiry): every WebSocket using it closes now, not at its
     * next keepalive tick. Thread: any; on the event loop at once (so a REST logout's answer goes
     * out after the sockets closed), from elsewhere handed to it.
     */
    private void tokenEnded(String token) {
        if (io.vertx.core.Context.isOnEventLoopThread() && io.vertx.core.Vertx.currentContext() == context) {
            Set<SessionAuth> s = sessionsByToken.remove(token);
            if (s != null) for (SessionAuth a : List.copyOf(s)) a.ended();
        } else {
            context.runOnContext(v -> tokenEnded(token));
        }
    }

    // ---- login ----

    /**
     * Checks a user's PIN on a worker thread and issues a token. Fails with {@link ProtocolError}
     * {@code unauthorized} (wrong name or PIN — the same message for both),
     * {@code too_many_attempts} (throttled) or {@code bad_message}. The PIN is never logged.
     */
    public Future<SessionTokens.Token> login(String user, String pin, String address) {
        if (!authRequired()) {
            return Future.failedFuture(new ProtocolError(ProtocolError.BAD_MESSAGE,
                    "this console has no users, so there is nothing to log in to (anyone may control it)"));
        }
        if (user == null || pin == null || user.length() > 64 || pin.length() > 128) {
            return Future.failedFuture(new ProtocolError(ProtocolError.BAD_MESSAGE, "a login needs \"user\" and \"pin\" (strings)"));
        }
        ConsoleConfig.UserConfig u = users.get(user);
        String known = u == null ? null : user; // an unknown name counts against its address only
        long wait = throttle.waitMillis(address, known);
        if (wait > 0 || loginsInFlight.contains(address) || loginsInFlight.size() >= MAX_LOGINS_IN_FLIGHT) {
            metrics.error(AccessPolicy.TOO_MANY_ATTEMPTS);
            // The same words whether the address or the user is locked: no hint which names exist.
            return Future.failedFuture(new ProtocolError(AccessPolicy.TOO_MANY_ATTEMPTS, wait > 0
                    ? "too many failed logins from " + address + " or for this user; try again in " + ((wait + 999) / 1000) + " s"
                    : "one login at a time; wait for the answer to the previous one"));
        }
        String hash = u == null ? DUMMY_HASH : u.hash();
        loginsInFlight.add(address);
        return vertx.executeBlocking(() -> {
            char[] secret = pin.toCharArray();
            try {
                return PasswordHasher.verify(secret, hash);
            } finally {
                PasswordHasher.wipe(secret);
            }
        }, false).transform(ar -> {
            loginsInFlight.remove(address);
            if (ar.succeeded() && ar.result() && u != null) {
                throttle.succeeded(address, user);
                saveThrottleSoon();
                return Future.succeededFuture(tokens.issue(principalOf(u)));
            }
            throttle.failed(address, known);
            saveThrottleSoon();
            metrics.error(AccessPolicy.UNAUTHORIZED);
            int unlogged = loginLog.admit(address);
            if (unlogged >= 0) {
                LOG.log(Level.WARNING, "failed login for user ''{0}'' from {1} ({2} failures from it counted){3}", safe(user), address,
                        throttle.failures(address), unlogged > 0 ? "; " + unlogged + " more since the last line were not logged" : "");
            }
            return Future.failedFuture(new ProtocolError(AccessPolicy.UNAUTHORIZED, "wrong user name or PIN"));
        });
    }

    /** The JSON answer to a successful login (WebSocket {@code authenticated} and REST {@code /api/login}). */
    public JsonObject describe(SessionTokens.Token t) {
        return describe(t.principal()).put("token", t.value())
                .put("expiresInSeconds", Math.max(0, (t.expiresAtMillis() - System.currentTimeMillis()) / 1000));
    }

    public static JsonObject describe(Principal p) {
        JsonArray buses = new JsonArray();
        p.buses().stream().sorted().forEach(buses::add);
        return new JsonObject().put("user", p.user()).put("role", p.role().id()).put("buses", buses)
                .put("talkback", AccessPolicy.mayWrite(p, "talkback/talk"));
    }

    /** The {@code auth} object of the WebSocket hello: whether a login is needed, and who this connection is. */
    public JsonObject helloInfo(Principal p) {
        JsonObject o = new JsonObject().put("required", authRequired());
        if (p != null) o.put("principal", describe(p));
        return o;
    }

    // ---- WebSocket ----

    /** The auth state of a new WebSocket connection ({@code ?token=} in its URL logs it in at once). */
    public SessionAuth session(ServerWebSocket ws) {
        return new SessionAuth(this, ws.query() == null ? null : queryParam(ws.query(), "token"), addressOf(ws.remoteAddress()));
    }

    /**
     * Before a WebSocket upgrade: refuses a foreign browser Origin with 403. Returns false when it
     * answered the request itself. (The per-address connection limit is taken by {@link SessionAuth}.)
     */
    public boolean admitUpgrade(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        if (!hostAllowed(rc)) return false;
        String origin = req.getHeader("Origin");
        if (!origins.allows(origin, req.getHeader("Host"))) {
            metrics.error("bad_origin");
            LOG.log(Level.WARNING, "refused a WebSocket from origin {0} (serving {1}); add it to server.origins if it is yours",
                    safe(origin), safe(req.getHeader("Host")));
            refuse(rc, 403, "bad_origin", "WebSocket from origin " + safe(origin) + " refused: only pages served by this console"
                    + " (or listed in server.origins) may connect");
            return false;
        }
        return true;
    }

    /** The DNS-rebinding check ({@link HostCheck}); false when it answered 403 {@code bad_host} itself. */
    private boolean hostAllowed(RoutingContext rc) {
        String host = rc.request().getHeader("Host");
        if (hosts.allows(host)) return true;
        int unlogged = hostLog.admit("host");
        if (unlogged >= 0) {
            LOG.log(Level.WARNING, "refused a request for host {0} from {1}: not a name of this console (DNS rebinding?); add it to"
                    + " server.origins if the console is reached by it{2}", safe(host), addressOf(rc.request().remoteAddress()),
                    unlogged > 0 ? " (" + unlogged + " more refused since the last line)" : "");
        }
        refuse(rc, 403, BAD_HOST, "requests for host " + safe(host) + " are refused: it is not an address or name of this console;"
                + " open the console by its IP address, or add the name to server.origins");
        return false;
    }

    /** The error code for a request whose Host is no name of the console. */
    public static final String BAD_HOST = "bad_host";

    void refuseConnection(ServerWebSocket ws, String address) {
        metrics.error(ProtocolError.TOO_MANY_CONNECTIONS);
        ws.writeTextMessage(new JsonObject().put("op", "error").put("code", ProtocolError.TOO_MANY_CONNECTIONS)
                .put("message", address + " already has " + limits.maxPerAddress() + " connections (the limit for one address);"
                        + " close one and reconnect").encode());
        ws.close((short) 1013, "too many connections from one address");
    }

    /**
     * Takes a slot for a WebSocket that has not logged in; when its address or the server has
     * no slot left, sends {@code too_many_connections}, closes with 1013 and returns false.
     */
    boolean admitWithoutLogin(ServerWebSocket ws, String address) {
        if (limits.connectWithoutLogin(address, options.maxWithoutLoginPerAddress(), options.maxWithoutLoginTotal())) {
            metrics.wsWithoutLogin(limits.withoutLogin());
            return true;
        }
        metrics.error(ProtocolError.TOO_MANY_CONNECTIONS);
        ws.writeTextMessage(new JsonObject().put("op", "error").put("code", ProtocolError.TOO_MANY_CONNECTIONS)
                .put("message", "too many connections without a login (at most " + options.maxWithoutLoginPerAddress() + " from "
                        + address + ", " + options.maxWithoutLoginTotal() + " in all); log in on an open one, or connect with ?token=")
                .encode());
        ws.close((short) 1013, "too many connections without a login");
        return false;
    }

    /** A WebSocket without a login logged in or closed. */
    void releaseWithoutLogin(String address) {
        limits.releaseWithoutLogin(address);
        metrics.wsWithoutLogin(limits.withoutLogin());
    }

    /** Counts one message against the server-wide budget (WebSocket and REST). */
    public boolean admitMessage() {
        return limits.admitMessage();
    }

    // ---- REST ----

    /**
     * Mounts {@code /api/login}, {@code /api/logout}, {@code /api/whoami} and the gate in front of
     * every other {@code /api} route: the server-wide rate, the browser Origin for writes, the
     * token, and the role (writes of parameters by {@link AccessPolicy}; other writes such as
     * scenes need engineer; {@code /api/config} and {@code /api/users} need admin). Mount it
     * before the API routes.
     */
    public void mountRest(Router router) {
        router.route("/api/*").handler(Security::jsonBodies);
        router.route("/api/*").handler(this::gate);
        router.post("/api/login").handler(BodyHandler.create(false).setBodyLimit(LOGIN_BODY_LIMIT));
        router.post("/api/login").handler(this::restLogin);
        router.post("/api/logout").handler(rc -> {
            String token = tokenOf(rc.request());
            boolean revoked = tokens.revoke(token);
            json(rc, 200, new JsonObject().put("loggedOut", revoked));
        });
        router.get("/api/whoami").handler(rc -> {
            Principal p = rc.get("jackdesk.principal");
            json(rc, 200, new JsonObject().put("auth", helloInfo(p)));
        });
    }

    /**
     * Every {@code /api} body is JSON, whatever {@code Content-Type} says: {@code curl --data-binary}
     * sends {@code application/x-www-form-urlencoded}, and the body handlers would then parse the
     * file as a form (and fail with an opaque 400 past 8 KiB). The type is dropped so the body is
     * read as the bytes it is, and answered as JSON or a precise {@code bad_json}.
     */
    private static void jsonBodies(RoutingContext rc) {
        String type = rc.request().getHeader("Content-Type");
        if (type != null) {
            String t = type.toLowerCase(java.util.Locale.ROOT);
            if (t.startsWith("application/x-www-form-urlencoded") || t.startsWith("multipart/")) {
                rc.request().headers().remove("Content-Type");
            }
        }
        rc.next();
    }

    private void gate(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        String path = rc.normalizedPath();
        boolean read = req.method().name().equals("GET") || req.method().name().equals("HEAD");
        if (!limits.admitMessage()) {
            refuse(rc, 429, ProtocolError.RATE_LIMITED, "the console is receiving more than " + limits.maxTotalPerSecond()
                    + " messages a second in total; try again in a moment");
            return;
        }
        if (!hostAllowed(rc)) return;
        if (!read && !origins.allows(req.getHeader("Origin"), req.getHeader("Host"))) {
            refuse(rc, 403, "bad_origin", "a " + req.method() + " from origin " + safe(req.getHeader("Origin"))
                    + " refused: only pages served by this console (or listed in server.origins) may change it");
            return;
        }
        if (path.equals("/api/health") || path.equals("/api/login")) {
            rc.next();
            return;
        }
        Principal p = principal(tokenOf(req));
        if (p == null && !path.equals("/api/whoami") && !path.equals("/api/logout")) {
            ProtocolError e = AccessPolicy.notLoggedIn();
            refuse(rc, 401, e.code(), e.getMessage());
            return;
        }
        rc.put("jackdesk.principal", p);
        try {
            if (read || path.equals("/api/logout") || path.startsWith("/api/meters/") || path.startsWith("/api/params/")
                    || path.startsWith("/api/history/") || path.startsWith("/api/recorder/") || path.startsWith("/api/feedback/")) {
                // every logged-in role reads; a meter reset's role is checked by the API (AccessPolicy.checkMeterReset),
                // a parameter write's (and a history undo's) by the parameter service, the recorder's and the feedback
                // suppressor's by their services, like every other protocol's
            } else if (path.startsWith("/api/config") || path.startsWith("/api/users")) {
                AccessPolicy.checkRole(p, Role.ADMIN, "change the configuration or users");
            } else if (path.startsWith("/api/midi/")) {
                AccessPolicy.checkRole(p, Role.ENGINEER, "learn or clear MIDI mappings"); // docs/midi.md
            } else {
                AccessPolicy.checkRole(p, Role.ENGINEER, "change scenes or shows");
            }
        } catch (ProtocolError e) {
            refuse(rc, AccessPolicy.UNAUTHORIZED.equals(e.code()) ? 401 : 403, e.code(), e.getMessage(), e.path());
            return;
        }
        rc.next();
    }

    private void restLogin(RoutingContext rc) {
        JsonObject body;
        try {
            String text = rc.body().asString();
            body = text == null ? null : new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            body = null;
        }
        if (body == null || !(body.getValue("user") instanceof String user) || !(body.getValue("pin") instanceof String pin)) {
            refuse(rc, 400, ProtocolError.BAD_MESSAGE, "POST /api/login takes {\"user\": \"name\", \"pin\": \"1234\"}");
            return;
        }
        login(user, pin, addressOf(rc.request().remoteAddress())).onComplete(ar -> {
            if (ar.succeeded()) {
                json(rc, 200, describe(ar.result()));
            } else if (ar.cause() instanceof ProtocolError e) {
                int status = switch (e.code()) {
                    case AccessPolicy.UNAUTHORIZED -> 401;
                    case AccessPolicy.TOO_MANY_ATTEMPTS -> 429;
                    default -> 400;
                };
                refuse(rc, status, e.code(), e.getMessage());
            } else {
                refuse(rc, 500, "internal", "login failed");
            }
        });
    }

    /** The token of a request: {@code Authorization: Bearer T} or {@code ?token=T}. */
    public static String tokenOf(HttpServerRequest req) {
        String h = req.getHeader("Authorization");
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) return h.substring(7).trim();
        return req.getParam("token");
    }

    private void refuse(RoutingContext rc, int status, String code, String message) {
        refuse(rc, status, code, message, null);
    }

    private void refuse(RoutingContext rc, int status, String code, String message, String path) {
        metrics.error(code);
        JsonObject body = new JsonObject().put("code", code).put("message", message);
        if (path != null) body.put("path", path);
        json(rc, status, body);
    }

    private void json(RoutingContext rc, int status, JsonObject body) {
        if (rc.response().ended()) return;
        metrics.messageOut();
        rc.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8").end(body.encode());
    }

    // ---- OSC ----

    /**
     * Whether an OSC sender may talk to the console at all (loopback and {@code server.oscAllow}).
     * A refusal is counted by the caller's error and logged here at most once a minute per sender.
     */
    public boolean oscAllowed(SocketAddress from) {
        if (oscAllow.allows(from.hostAddress() != null ? from.hostAddress() : from.host())) return true;
        String host = from.host();
        long now = System.nanoTime();
        Long last = oscRefusalLoggedAt.get(host);
        if (last == null || now - last > 60_000_000_000L) {
            if (oscRefusalLoggedAt.size() > 4096) oscRefusalLoggedAt.clear();
            oscRefusalLoggedAt.put(host, now);
            LOG.log(Level.WARNING, "refused OSC from {0}: not in server.oscAllow (loopback is always allowed)", host);
        }
        return false;
    }

    /** The OSC refusal for a sender not on the allow-list. */
    public static ProtocolError oscRefused(SocketAddress from, String path) {
        return new ProtocolError(AccessPolicy.FORBIDDEN, "OSC from " + from.host() + " is not allowed; add it to server.oscAllow "
                + "in the configuration (docs/security.md)", path);
    }

    /** The principal OSC writes act as: the configured {@code oscUser}, else full mix access. */
    public Principal oscPrincipal() {
        if (options.oscUser() != null) return principalOf(users.get(options.oscUser()));
        return new Principal("osc", Role.ENGINEER, Set.of());
    }

    // ---- HTTP ----

    /** Security headers on every HTTP response (the UI, the API, metrics). */
    public void headers(RoutingContext rc) {
        String host = rc.request().getHeader("Host");
        String ws = host != null && HOST_HEADER.matcher(host).matches() ? " ws://" + host + " wss://" + host : "";
        rc.response().headers()
                .set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                        + "font-src 'self'; connect-src 'self'" + ws + "; object-src 'none'; base-uri 'none'; form-action 'self'; "
                        + "frame-ancestors 'none'")
                .set("X-Content-Type-Options", "nosniff")
                .set("X-Frame-Options", "DENY")
                .set("Referrer-Policy", "no-referrer")
                .set("Cross-Origin-Opener-Policy", "same-origin")
                .set("Cross-Origin-Resource-Policy", "same-origin")
                .set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        try {
            rc.normalizedPath(); // every route after this one matches on it
        } catch (IllegalArgumentException e) {
            unhandled(rc, e); // a broken %-escape: failing the context would match routes on it again
            return;
        }
        rc.next();
    }

    /**
     * The router's last resort for a failure no route handled. A request whose URL cannot even be
     * decoded (a broken {@code %}-escape such as {@code /%uff0e%uff0e/etc/passwd}, refused by
     * {@link #headers} before any route matches on it) is answered {@code 400}; anything else {@code 500}. Either is logged as one
     * WARNING line a minute (a scanner must not fill the log), a trace only for the unexpected.
     */
    public void unhandled(RoutingContext rc) {
        unhandled(rc, rc.failure());
    }

    private void unhandled(RoutingContext rc, Throwable e) {
        boolean badUrl = e instanceof IllegalArgumentException;
        int unlogged = urlLog.admit(badUrl ? "url" : "internal");
        if (unlogged >= 0) {
            String more = unlogged > 0 ? "; " + unlogged + " more since the last line were not logged" : "";
            if (badUrl) {
                LOG.log(Level.WARNING, "refused a request with a malformed URL from {0}: {1} ({2}){3}",
                        addressOf(rc.request().remoteAddress()), safe(rc.request().uri()), safe(e.getMessage()), more);
            } else {
                LOG.log(Level.WARNING, "request " + safe(rc.request().uri()) + " failed" + more, e);
            }
        }
        if (rc.response().ended()) return;
        if (badUrl) refuse(rc, 400, "bad_request", "the URL is malformed (" + safe(e.getMessage()) + "); nothing was done");
        else refuse(rc, 500, "internal", "the request failed inside the console; nothing was done");
    }

    /** Turns on TLS when a certificate and key are configured. */
    public void applyTls(HttpServerOptions http) {
        if (!options.tls()) return;
        http.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                .setCertPath(options.tlsCert().toString()).setKeyPath(options.tlsKey().toString()));
    }

    /** The start-up notice: loud when anyone on the network can control the console. Thread: any. */
    public static void printStartupNotice(SecurityOptions o, PrintStream out) {
        if (!o.authRequired()) {
            out.println("""
                    jackdesk: ************************************************************************
                    jackdesk: *  NO PASSWORD IS SET: ANYONE ON THIS NETWORK CAN CONTROL THE CONSOLE.  *
                    jackdesk: *  Set one with:  ./jackdesk passwd --config FILE                        *
                    jackdesk: *  (docs/security.md: users, PINs and roles)                             *
                    jackdesk: ************************************************************************""");
        } else {
            out.println("jackdesk: login required; " + o.users().size() + " user(s) configured");
        }
        if (!o.tls()) out.println("jackdesk: plain HTTP: PINs and tokens cross the network unencrypted (see --tls-cert)");
    }

    static String addressOf(SocketAddress a) {
        if (a == null) return "?";
        return a.hostAddress() != null ? a.hostAddress() : a.host();
    }

    static String queryParam(String query, String name) {
        for (String part : query.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals(name)) {
                try {
                    return java.net.URLDecoder.decode(part.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null; // a broken %-escape is no token
                }
            }
        }
        return null;
    }

    /** A client-supplied string fit for a log line: printable, short. */
    static String safe(String s) {
        if (s == null) return "(none)";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char ch = s.charAt(i);
            b.append(ch < 0x20 || ch == 0x7f ? '?' : ch);
        }
        return b.toString();
    }
}
