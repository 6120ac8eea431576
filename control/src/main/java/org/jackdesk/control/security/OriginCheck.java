package org.jackdesk.control.security;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Cross-site WebSocket hijacking defence: a browser always sends {@code Origin} with a WebSocket
 * handshake (and with a cross-site POST/PUT), so a page on some other site opened on the
 * engineer's tablet cannot drive the console. Allowed: the origin whose host:port is the
 * {@code Host} the request was sent to (the UI served by this console), and the configured
 * extra origins ({@code "*"} allows any).
 *
 * <p>A request <em>without</em> {@code Origin} is allowed: only browsers send it, and only
 * browsers need this check. A script, TouchOSC bridge or test client can write any header it
 * likes, so refusing it would protect nothing; such clients are held back by the login instead.
 *
 * <p>Thread: any (immutable).
 */
public final class OriginCheck {
    private final List<String> extra;
    private final boolean any;

    public OriginCheck(List<String> extraOrigins) {
        this.extra = extraOrigins.stream().map(OriginCheck::normalise).toList();
        this.any = extraOrigins.contains("*");
    }

    /** True when a request with {@code origin} (null: none) to {@code host} (the Host header) may proceed. */
    public boolean allows(String origin, String host) {
        if (origin == null) return true;
        if (any) return true;
        String o = normalise(origin);
        if (o.equals("null")) return false; // sandboxed frames and file:// pages
        if (extra.contains(o)) return true;
        if (host == null || host.isEmpty()) return false;
        String authority = authority(o);
        return authority != null && authority.equals(defaultPort(host.toLowerCase(Locale.ROOT), schemeOf(o)));
    }

    private static String normalise(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    private static String schemeOf(String origin) {
        int i = origin.indexOf("://");
        return i < 0 ? "" : origin.substring(0, i);
    }

    /** host:port of an origin, the default port written out; null when it is not http(s). */
    private static String authority(String origin) {
        try {
            URI u = new URI(origin);
            String scheme = u.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) return null;
            if (u.getRawAuthority() == null || u.getRawPath() != null && !u.getRawPath().isEmpty()) return null;
            return defaultPort(u.getRawAuthority(), scheme);
        } catch (Exception e) {
            return null;
        }
    }

    private static String defaultPort(String authority, String scheme) {
        int close = authority.lastIndexOf(']');
        int colon = authority.lastIndexOf(':');
        if (colon > close) return authority;
        return authority + ("https".equals(scheme) ? ":443" : ":80");
    }
}
