package org.jackdesk.control.security;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * DNS-rebinding defence: the {@code Host} a request was sent to must be one of the console's own
 * names. A page on {@code evil.example} whose name the attacker re-points at the console's address
 * is same-origin with itself, so its requests pass the {@link OriginCheck} ({@code Origin} equals
 * {@code Host}) — but they carry {@code Host: evil.example}, which is no name of the console.
 *
 * <p>Allowed: any IP literal (a browser that connects to an address needs no name, so nothing can
 * be rebound), {@code localhost}, the machine's host name (also with {@code .local}, for mDNS, and
 * its full name), and the hosts of the configured {@code server.origins} (a reverse proxy's public
 * name). {@code "*"} in the origins turns the check off with the Origin check. A request without
 * {@code Host} (HTTP/1.0 scripts) is allowed: only browsers are steered by DNS tricks, and they
 * always send it.
 *
 * <p>Thread: any.
 */
public final class HostCheck {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern PORT = Pattern.compile(":\\d{1,5}$");

    private final boolean any;
    private final Set<String> names = ConcurrentHashMap.newKeySet();

    public HostCheck(List<String> extraOrigins) {
        this.any = extraOrigins.contains("*");
        names.add("localhost");
        for (String o : extraOrigins) {
            try {
                String h = new URI(o.trim()).getHost();
                if (h != null) names.add(h.toLowerCase(Locale.ROOT));
            } catch (Exception e) {
                // not a URL: nothing to allow
            }
        }
    }

    /**
     * Adds the machine's own names. Thread: a worker (resolving the local host may wait for DNS).
     */
    public void learnLocalNames() {
        try {
            java.net.InetAddress local = java.net.InetAddress.getLocalHost();
            addName(local.getHostName());
            addName(local.getCanonicalHostName());
        } catch (Exception e) {
            // no name: IP addresses and localhost still work
        }
        String env = System.getenv("HOSTNAME");
        if (env != null) addName(env);
    }

    /** Allows {@code name} and, for a short name, {@code name.local}. */
    public void addName(String name) {
        if (name == null || name.isBlank()) return;
        String n = name.trim().toLowerCase(Locale.ROOT);
        names.add(n);
        int dot = n.indexOf('.');
        String shortName = dot < 0 ? n : n.substring(0, dot);
        names.add(shortName);
        names.add(shortName + ".local");
    }

    /** True when a request with this {@code Host} header (null: none) may proceed. */
    public boolean allows(String hostHeader) {
        if (any || hostHeader == null) return true;
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) return h.indexOf(']') > 1; // an IPv6 literal, with or without a port
        h = PORT.matcher(h).replaceFirst("");
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        if (IPV4.matcher(h).matches()) return true;
        return names.contains(h);
    }
}
