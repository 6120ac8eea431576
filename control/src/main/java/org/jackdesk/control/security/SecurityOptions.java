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
 */
public record SecurityOptions(List<ConsoleConfig.UserConfig> users, List<String> origins, List<String> oscAllow, String oscUser,
                              Path tlsCert, Path tlsKey, int maxConnectionsPerAddress, int maxTotalMessagesPerSecond,
                              long tokenTtlMillis) {
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 16;
    public static final int DEFAULT_MAX_TOTAL_MESSAGES_PER_SECOND = 5000;
    /** Twelve hours: a long show day without logging in again. */
    public static final long DEFAULT_TOKEN_TTL_MILLIS = 12 * 3600_000L;

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
    }

    /** No users, no TLS, loopback-only OSC, default limits. */
    public static SecurityOptions open() {
        return new SecurityOptions(List.of(), List.of(), List.of(), null, null, null,
                DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, DEFAULT_MAX_TOTAL_MESSAGES_PER_SECOND, DEFAULT_TOKEN_TTL_MILLIS);
    }

    /** From a configuration; relative TLS paths are taken from {@code configDir} (null: the working directory). */
    public static SecurityOptions fromConfig(ConsoleConfig cfg, Path configDir) {
        ConsoleConfig.NetworkSecurity ns = cfg.server().security();
        SecurityOptions o = open().withUsers(cfg.userList(), ns.oscUser()).withOrigins(ns.origins()).withOscAllow(ns.oscAllow());
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
        return new SecurityOptions(u, origins, oscAllow, oscUserName, tlsCert, tlsKey, maxConnectionsPerAddress, maxTotalMessagesPerSecond, tokenTtlMillis);
    }

    public SecurityOptions withOrigins(List<String> o) {
        return new SecurityOptions(users, o, oscAllow, oscUser, tlsCert, tlsKey, maxConnectionsPerAddress, maxTotalMessagesPerSecond, tokenTtlMillis);
    }

    public SecurityOptions withOscAllow(List<String> a) {
        return new SecurityOptions(users, origins, a, oscUser, tlsCert, tlsKey, maxConnectionsPerAddress, maxTotalMessagesPerSecond, tokenTtlMillis);
    }

    public SecurityOptions withTls(Path cert, Path key) {
        return new SecurityOptions(users, origins, oscAllow, oscUser, cert, key, maxConnectionsPerAddress, maxTotalMessagesPerSecond, tokenTtlMillis);
    }

    public SecurityOptions withLimits(int perAddress, int totalPerSecond) {
        return new SecurityOptions(users, origins, oscAllow, oscUser, tlsCert, tlsKey, perAddress, totalPerSecond, tokenTtlMillis);
    }

    public SecurityOptions withTokenTtlMillis(long ms) {
        return new SecurityOptions(users, origins, oscAllow, oscUser, tlsCert, tlsKey, maxConnectionsPerAddress, maxTotalMessagesPerSecond, ms);
    }
}
