package org.jackdesk.control.security;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import org.jackdesk.config.Param;
import org.jackdesk.control.ProtocolError;

/**
 * Who one WebSocket connection is: {@link Principal#ANYONE} on a console without users, else
 * nobody until it logs in ({@code ?token=} in the URL, or {@code {"op":"login","user":..,"pin":..}}).
 * Handles the {@code login} and {@code logout} ops itself; the session asks {@link #checkRead},
 * {@link #checkWrite} and {@link #checkRole} before acting, and closes the connection when
 * {@link #valid()} turns false (token expired or revoked, logout).
 *
 * <p>Thread: control (the server's event loop).
 */
public final class SessionAuth {
    /** Close code when the login ended (logout, expiry, revocation). */
    public static final short CLOSE_LOGGED_OUT = 4001;
    /** Close code when a connection did not log in within {@link SecurityOptions#loginGraceMillis()}. */
    public static final short CLOSE_NO_LOGIN = 4003;

    private final Security security;
    private final String address;
    private String token;
    private Principal principal;
    private boolean loggedOut;
    private boolean holdsSlot;
    private Runnable onEnded = () -> { };
    private boolean connectionClosed;
    /** Holds one of the slots for connections without a login (released at the first login or the close). */
    private boolean holdsSlotWithoutLogin;

    SessionAuth(Security security, String queryToken, String address) {
        this.security = security;
        this.address = address;
        this.principal = security.principal(queryToken);
        if (security.authRequired() && principal != null) {
            token = queryToken;
            security.bind(token, this);
        }
    }

    /** What to do when this session's login ends by revocation, logout elsewhere or expiry: close it. Thread: control. */
    public void onEnded(Runnable r) {
        onEnded = r;
    }

    /** The token was revoked or expired (called by {@link Security}). */
    void ended() {
        loggedOut = true;
        onEnded.run();
    }

    /**
     * Takes this connection's slot of its address's limit. When the address already has its
     * maximum, sends {@code too_many_connections}, closes with 1013 and returns false.
     */
    public boolean admit(ServerWebSocket ws) {
        if (!security.limits().connect(address)) {
            security.refuseConnection(ws, address);
            return false;
        }
        holdsSlot = true;
        if (principal == null) {
            if (!security.admitWithoutLogin(ws, address)) {
                closed();
                return false;
            }
            holdsSlotWithoutLogin = true;
        }
        return true;
    }

    /** How long this connection may stay open without logging in; -1: it needs no login or has one. */
    public long loginGraceMillis() {
        return principal == null ? security.options().loginGraceMillis() : -1;
    }

    private void releaseSlotWithoutLogin() {
        if (holdsSlotWithoutLogin) security.releaseWithoutLogin(address);
        holdsSlotWithoutLogin = false;
    }

    /** The connection closed: frees its slot. */
    public void closed() {
        if (holdsSlot) security.limits().disconnect(address);
        holdsSlot = false;
        releaseSlotWithoutLogin();
        connectionClosed = true;
        if (token != null) security.unbind(token, this);
    }

    /** Logged in (or no login needed): the session may be sent the snapshot and changes. */
    public boolean ready() {
        return principal != null;
    }

    public Principal principal() {
        return principal;
    }

    /** False once a logged-in session's token expired, was revoked or logged out: close the connection. */
    public boolean valid() {
        if (loggedOut) return false;
        if (!security.authRequired() || token == null) return true;
        return security.tokens().principal(token) != null;
    }

    public JsonObject helloInfo() {
        return security.helloInfo(principal);
    }

    /**
     * Handles {@code login} / {@code logout}; returns false for every other message (it is then
     * the session's). {@code onReady} runs once the first login succeeded (send the snapshot).
     */
    public boolean intercept(String text, Consumer<JsonObject> send, Runnable onReady) {
        if (!text.contains("\"login\"") && !text.contains("\"logout\"")) return false;
        JsonObject m;
        try {
            if (!(Json.decodeValue(text) instanceof JsonObject o)) return false;
            m = o;
        } catch (DecodeException e) {
            return false;
        }
        Object op = m.getValue("op");
        Object id = m.getValue("id");
        if (id != null && !(id instanceof Number) && !(id instanceof String)) return false; // the parser reports it
        if ("logout".equals(op)) {
            JsonObject r = new JsonObject().put("op", "logged_out");
            if (id != null) r.put("id", id);
            send.accept(r); // first: once the token is revoked, nothing more goes out on this connection
            loggedOut = security.authRequired();
            if (token != null) security.tokens().revoke(token); // closes every connection using it, this one included
            return true;
        }
        if (!"login".equals(op)) return false;
        Object user = m.getValue("user");
        Object pin = m.getValue("pin");
        security.login(user instanceof String u ? u : null, pin instanceof String p ? p : null, address).onComplete(ar -> {
            if (ar.succeeded()) {
                boolean first = principal == null;
                if (token != null) security.unbind(token, this);
                token = ar.result().value();
                if (!connectionClosed) security.bind(token, this);
                releaseSlotWithoutLogin();
                principal = ar.result().principal();
                JsonObject r = security.describe(ar.result()).put("op", "authenticated");
                if (id != null) r.put("id", id);
                send.accept(r);
                if (first) onReady.run();
            } else {
                ProtocolError e = ar.cause() instanceof ProtocolError pe ? pe : new ProtocolError("internal", "login failed");
                JsonObject r = new JsonObject().put("op", "error");
                if (id != null) r.put("id", id);
                send.accept(r.put("code", e.code()).put("message", e.getMessage()));
            }
        });
        return true;
    }

    public void checkRead() throws ProtocolError {
        AccessPolicy.checkRead(principal);
    }

    public void checkWrite(Param p) throws ProtocolError {
        AccessPolicy.checkWrite(principal, p);
    }

    public void checkRole(Role role, String what) throws ProtocolError {
        AccessPolicy.checkRole(principal, role, what);
    }

    /** A meter reset: engineer, or a monitor for its own buses (see {@link AccessPolicy#checkMeterReset}). */
    public void checkMeterReset(String what, String scope) throws ProtocolError {
        AccessPolicy.checkMeterReset(principal, what, scope);
    }

    /** Counts one message against the server-wide budget. */
    public boolean admitMessage() {
        return security.admitMessage();
    }
}
