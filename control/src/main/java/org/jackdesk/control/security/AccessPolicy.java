package org.jackdesk.control.security;

import org.jackdesk.config.Param;
import org.jackdesk.control.ProtocolError;

/**
 * The one place that decides who may write what; WebSocket, REST and OSC all ask it.
 * <ul>
 *   <li>admin and engineer: every parameter;</li>
 *   <li>monitor: {@code ch/N/send/B/*}, {@code fxret/N/aux/B/*} (the effects in its mix) and
 *       {@code bus/B/*} for its own buses B only, and
 *       {@code talkback/talk} if the user is allowed to talk ({@code "talkback": true});</li>
 *   <li>viewer: nothing.</li>
 * </ul>
 * Reads (state, schema, meters) are open to every logged-in role. Thread: any (pure).
 */
public final class AccessPolicy {
    private AccessPolicy() {}

    /** The error code for a request from someone not logged in (or with an expired token). */
    public static final String UNAUTHORIZED = "unauthorized";
    /** The error code for a request the role does not allow. */
    public static final String FORBIDDEN = "forbidden";
    /** Too many failed logins from one address. */
    public static final String TOO_MANY_ATTEMPTS = "too_many_attempts";

    public static boolean mayWrite(Principal who, Param p) {
        return who != null && mayWrite(who, p.path());
    }

    /** By canonical path ({@code ch/3/send/2/level}). */
    public static boolean mayWrite(Principal who, String path) {
        if (who == null) return false;
        return switch (who.role()) {
            case ADMIN, ENGINEER -> true;
            case VIEWER -> false;
            case MONITOR -> monitorMayWrite(who, path);
        };
    }

    private static boolean monitorMayWrite(Principal who, String path) {
        if (path.equals("talkback/talk")) return who.talkback();
        String[] s = path.split("/", -1);
        if (s.length >= 3 && s[0].equals("bus")) return ownBus(who, s[1]);
        if (s.length >= 5 && s[0].equals("ch") && s[2].equals("send")) return ownBus(who, s[3]);
        if (s.length >= 5 && s[0].equals("fxret") && s[2].equals("aux")) return ownBus(who, s[3]);
        return false;
    }

    private static boolean ownBus(Principal who, String number) {
        if (number.isEmpty() || number.length() > 3 || !number.chars().allMatch(Character::isDigit)) return false;
        return who.buses().contains(Integer.parseInt(number));
    }

    /** Throws {@code unauthorized} or {@code forbidden} unless {@code who} may write {@code p}. */
    public static void checkWrite(Principal who, Param p) throws ProtocolError {
        if (who == null) throw notLoggedIn();
        if (!mayWrite(who, p)) {
            throw new ProtocolError(FORBIDDEN, who.user() + " (" + who.role().id() + ") may not change " + p.path()
                    + (who.role() == Role.MONITOR ? "; a monitor changes only the sends into and the parameters of buses " + who.buses()
                    + (p.path().equals("talkback/talk") ? " and talks only if its user has \"talkback\": true" : "")
                    : who.role() == Role.VIEWER ? "; a viewer changes nothing" : ""), p.path());
        }
    }

    /** Throws unless {@code who} is logged in (every role may read). */
    public static void checkRead(Principal who) throws ProtocolError {
        if (who == null) throw notLoggedIn();
    }

    /** Throws unless {@code who} has at least {@code role} (scenes: engineer; configuration and users: admin). */
    public static void checkRole(Principal who, Role role, String what) throws ProtocolError {
        if (who == null) throw notLoggedIn();
        if (!who.role().atLeast(role)) {
            throw new ProtocolError(FORBIDDEN, who.user() + " (" + who.role().id() + ") may not " + what + "; that needs " + role.id());
        }
    }

    /**
     * Whether a show export for {@code who} carries the users' password hashes: only when an admin
     * asks for a full backup ({@code credentials}); anyone else asking for one is refused, and
     * every other export leaves the users out (a 4-digit PIN's hash falls to 10 000 offline guesses).
     */
    public static boolean exportWithCredentials(Principal who, boolean credentials) throws ProtocolError {
        if (who == null) throw notLoggedIn();
        if (!credentials) return false;
        checkRole(who, Role.ADMIN, "export the users' password hashes (a full backup)");
        return true;
    }

    /**
     * Meter resets (loudness, peak holds, clip latches) clear what every tablet shows, so they are
     * an engineer's action: admin and engineer reset anything; a monitor only the meters of its
     * own buses ({@code scope} {@code bus/B}); a viewer nothing. {@code scope} is what the reset
     * covers: null for the whole console, else a strip or bus path ({@code ch/3}, {@code bus/2},
     * {@code main}). Every protocol that resets meters asks here.
     */
    public static void checkMeterReset(Principal who, String what, String scope) throws ProtocolError {
        if (who == null) throw notLoggedIn();
        if (who.role().atLeast(Role.ENGINEER)) return;
        if (who.role() == Role.MONITOR && scope != null) {
            String[] s = scope.split("/", -1);
            if (s.length >= 2 && s[0].equals("bus") && ownBus(who, s[1])) return;
        }
        throw new ProtocolError(FORBIDDEN, who.user() + " (" + who.role().id() + ") may not reset the " + what + " meters"
                + (scope == null ? "" : " of " + scope) + (who.role() == Role.MONITOR
                ? "; a monitor resets only the meters of its own buses " + who.buses() : "; resetting meters needs engineer"));
    }

    public static ProtocolError notLoggedIn() {
        return new ProtocolError(UNAUTHORIZED, "this console needs a login: send {\"op\":\"login\",\"user\":...,\"pin\":...} "
                + "(WebSocket) or POST /api/login, then use the token");
    }
}
