package org.jackdesk.control;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The URLs a person types on a tablet: one per non-loopback address the server listens on.
 * Thread: worker (it asks the OS for the interfaces).
 */
public final class TabletUrls {
    private TabletUrls() {}

    public static List<String> list(String bindHost, int port) {
        List<String> urls = new ArrayList<>();
        if (!isWildcard(bindHost)) {
            urls.add(url(bindHost, port));
            return urls;
        }
        List<String> v6 = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) continue;
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a.isLoopbackAddress() || a.isLinkLocalAddress() && a instanceof Inet6Address) continue;
                    if (a instanceof Inet4Address) urls.add(url(a.getHostAddress(), port));
                    else if (bindHost.contains(":")) v6.add(url(stripScope(a.getHostAddress()), port));
                }
            }
        } catch (SocketException e) {
            // No interfaces to list: the caller prints the loopback URL only.
        }
        urls.addAll(v6);
        return urls;
    }

    /** The text printed at start-up. */
    public static String banner(String bindHost, int httpPort, int oscPort, List<String> urls) {
        StringBuilder b = new StringBuilder();
        if (urls.isEmpty()) {
            b.append("jackdesk: no network address found; on this machine open ")
                    .append(url(isWildcard(bindHost) ? "127.0.0.1" : bindHost, httpPort)).append('\n');
        } else {
            b.append("jackdesk: open the console on a tablet or phone:\n");
            for (String u : urls) b.append("  ").append(u).append('\n');
        }
        if (oscPort > 0) b.append("jackdesk: OSC on udp port ").append(oscPort).append(" (send /subscribe every few seconds to follow changes)\n");
        return b.toString();
    }

    static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    private static String url(String host, int port) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port + "/";
    }

    private static String stripScope(String v6) {
        int i = v6.indexOf('%');
        return i < 0 ? v6 : v6.substring(0, i);
    }
}
