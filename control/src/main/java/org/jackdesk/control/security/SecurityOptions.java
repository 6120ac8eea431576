package org.jackdesk.control.security;

import java.nio.file.Path;
import java.util.List;
import org.jackdesk.config.ConsoleConfig;

/**
 * The security settings of one server (docs/security.md). With no users anyone on the network
 * has full control; with users every WebSocket, REST and OSC request needs a role that allows it.
 *
 * @param users                     users with roles and PBKDF2 hashes; empty: no login
 * @param origins                   browser origins allowed besides the serving host ({@code "*"}: any)
 * @param oscAllow                  OSC senders (IP or network) allowed besides loopback
 * @param oscUser                   the user whose role OSC requests get; null: full mix access
 * @param tlsCert                   PEM certificate (chain) file for HTTPS/WSS; null: plain HTTP
 * @param tlsKey                    PEM private key file (PKCS#8 or PKCS#1)
 * @param maxConnectionsPerAddress  WebSocket connections from one IP address
 * @param maxTotalMessagesPerSecond WebSocket + REST messages per second across all clients
 * @param tokenTtlMillis            how long a login token lives
 * @param maxWithoutLoginPerAddress WebSocket connections from one IP address that have not logged in (yet)
 * @param maxWithoutLoginTotal      WebSocket connections that have not logged in, all addresses together
 * @param loginGraceMillis          how long a WebSocket may stay open without logging in
 * @param throttleFile              where failed logins are kept across restarts; null: in memory only
 */
public record SecurityOptions(List<ConsoleConfig.UserConfig> users, List<String> origins, List<String> oscAllow, String oscUser,
                              Path tlsCert, Path tlsKey, int maxConnectionsPerAddress, int maxTotalMessagesPerSecond,
                              long tokenTtlMillis, int maxWithoutLoginPerAddress, int maxWithoutLoginTotal, long loginGraceMillis,
                              Path throttleFile) {
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 16;
    public static final int DEFAULT_MAX_TOTAL_MESSAGES_PER_SECOND = 5000;
    /** Twelve hours: a long show day without logging in again. */
    public static final long DEFAULT_TOKEN_TTL_MILLIS = 12 * 3600_000L;
    /** A login screen or two per device; a NAT'd group of tablets logs in within seconds. */
    public static final int DEFAULT_MAX_WITHOUT_LOGIN_PER_ADDRESS = 8;
    public static final int DEFAULT_MAX_WITHOUT_LOGIN_TOTAL = 64;
    public static final long DEFAULT_LOGIN_GRACE_MILLIS = 10_000;
    /** The file, next to the configuration, that keeps failed logins across restarts. */
    public static final String THROTTLE_FILE = ".jackdesk-failed-logins";

    public SecurityOptions {
        users = List.copyOf(users);
        origins = List.copyOf(origins);
        oscAllow = List.copyOf(oscAllow);
        if ((tlsCert == null) != (tlsKey == null)) throw new IllegalArgumentException("TLS needs both a certificate and a key file");
        if (oscUser != null && users.stream().noneMatch(u -> u.name().equals(oscUser))) {
            throw new IllegalArgumentException("OSC user '" + oscUser + "' is not one of the users");
        }
        new OscAllowList(oscAllow); // throws with a precise message for a bad entry
        new TotalLimits(maxConnectionsPerAddress, maxTotalMessagesPerSecond);
        if (tokenTtlMillis < 1000) throw new IllegalArgumentException("a token lives at least 1 s");
        if (maxWithoutLoginPerAddress < 1 || maxWithoutLoginTotal < maxWithoutLoginPerAddress) {
            throw new IllegalArgumentException("connections without a login: at least 1 per address and as many in total, not "
                    + maxWithoutLoginPerAddress + " and " + maxWithoutLoginTotal);
        }
        if (loginGraceMillis < 100) throw new IllegalArgumentException("the login grace is at least 100 ms, not " + loginGraceMillis);
    }

    /** No users, no TLS, loopback-only OSC, default limits. */
    public static SecurityOptions open() {
        return new SecurityOptions(List.of(), List.of(), List.of(), null, null, null,
                DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, DEFAULT_MAX_TOTAL_MESSAGES_PER_SECOND, DEFAULT_TOKEN_TTL_MILLIS,
                DEFAULT_MAX_WITHOUT_LOGIN_PER_ADDRESS, DEFAULT_MAX_WITHOUT_LOGIN_TOTAL, DEFAULT_LOGIN_GRACE_MILLIS, null);
    }

    /** From a configuration; relative TLS paths are taken from {@code configDir} (null: the working directory). */
    public static SecurityOptions fromConfig(ConsoleConfig cfg, Path configDir) {
        ConsoleConfig.NetworkSecurity ns = cfg.server().security();
        SecurityOptions o = open().withUsers(cfg.userList(), ns.oscUser()).withOrigins(ns.origins()).withOscAllow(ns.oscAllow());
        if (!cfg.userList().isEmpty() && configDir != null) {
            // Failed logins survive a restart, next to the configuration file (only a console with users has logins).
            o = o.withThrottleFile(configDir.resolve(THROTTLE_FILE));
        }
        if (ns.tlsCert() != null) {
            Path dir = configDir == null ? Path.of("") : configDir;
            o = o.withTls(dir.resolve(ns.tlsCert()), dir.resolve(ns.tlsKey()));
        }
        return o;
    }

    public boolean authRequired() {
        return !users.isEmpty();
    }

    public boolean tls() {
        return tlsCert != null;
    }

    public SecurityOptions withUsers(List<ConsoleConfig.UserConfig> u, String oscUserName) {
        return new SecurityOptions(u, origins, oscAllow, oscUserName, tlsCert, tlsKey, maxConnectionsPerAddress, maxTotalMessagesPerSecond, tokenTtlMillis, maxWithoutLoginPerAddress, maxWithoutLoginTotal, loginGraceMillis, throttleFile);
    }

    public SecurityOptions withOrigins(List<String> o) {
        return new SecurityOptions(users, o, oscAllow, oscUser, tlsCert, tlsKey, maxConnectionsPerAddress, maxTotalMessagesPerSecond, tokenTtlMillis, maxWithoutLoginPerAddress, maxWithoutLoginTotal, loginGraceMillis, throttleFile);
    }

    public SecurityOptions withOscAllow(List<String> a) {
        return new SecurityOptions(users, origins, a, oscUser, tlsCert, tlsKey, maxConnectionsPerAddress, maxTotalMessagesPerSecond, tokenTtlMillis, maxWithoutLoginPerAddress, maxWithoutLoginTotal, loginGraceMillis, throttleFile);
    }

    public SecurityOptions withTls(Path cert, Path key) {
        return new SecurityOptions(users, origins, oscAllow, oscUser, cert, key, maxConnectionsPerAddress, maxTotalMessagesPerSecond, tokenTtlMillis, maxWithoutLoginPerAddress, maxWithoutLoginTotal, loginGraceMillis, throttleFile);
    }

    public SecurityOptions withLimits(int perAddress, int totalPerSecond) {
        return new SecurityOptions(users, origins, oscAllow, oscUser, tlsCert, tlsKey, perAddress, totalPerSecond, tokenTtlMillis, maxWithoutLoginPerAddress, maxWithoutLoginTotal, loginGraceMillis, throttleFile);
    }

    public SecurityOptions withTokenTtlMillis(long ms) {
        return new SecurityOptions(users, origins, oscAllow, oscUser, tlsCert, tlsKey, maxConnectionsPerAddress, maxTotalMessagesPerSecond, ms, maxWithoutLoginPerAddress, maxWithoutLoginTotal, loginGraceMillis, throttleFile);
    }

    /** Connections without a login: per address, in total, and how long one may stay without logging in. */
    public SecurityOptions withoutLoginLimits(int perAddress, int total, long graceMillis) {
        return new SecurityOptions(users, origins, oscAllow, oscUser, tlsCert, tlsKey, maxConnectionsPerAddress, maxTotalMessagesPerSecond,
                tokenTtlMillis, perAddress, total, graceMillis, throttleFile);
    }

    /** Keeps failed logins in {@code file} so a lock survives a restart (null: in memory only). */
    public SecurityOptions withThrottleFile(Path file) {
        return new SecurityOptions(users, origins, oscAllow, oscUser, tlsCert, tlsKey, maxConnectionsPerAddress, maxTotalMessagesPerSecond,
                tokenTtlMillis, maxWithoutLoginPerAddress, maxWithoutLoginTotal, loginGraceMillis, file);
    }
}
