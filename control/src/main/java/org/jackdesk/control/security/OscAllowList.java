package org.jackdesk.control.security;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.jackdesk.config.SecurityJson;

/**
 * Which OSC senders may talk to the console. OSC has no authentication and UDP source addresses
 * on a LAN are what we have, so this is an address allow-list: loopback always, plus the
 * configured addresses and networks ({@code 192.168.1.20}, {@code 192.168.1.0/24}, {@code fd00::/8}).
 *
 * <p>Thread: any (immutable).
 */
public final class OscAllowList {
    private record Net(byte[] address, int prefix) {}

    private final List<Net> nets = new ArrayList<>();
    private final List<String> entries;

    /** {@code entries} as validated by {@link SecurityJson#validAddress}; IllegalArgumentException otherwise. */
    public OscAllowList(List<String> entries) {
        this.entries = List.copyOf(entries);
        for (String e : entries) {
            if (!SecurityJson.validAddress(e)) throw new IllegalArgumentException("'" + e + "' is not an IP address or network such as 192.168.1.0/24");
            int slash = e.indexOf('/');
            byte[] a = SecurityJson.literal(slash < 0 ? e : e.substring(0, slash));
            nets.add(new Net(a, slash < 0 ? a.length * 8 : Integer.parseInt(e.substring(slash + 1))));
        }
    }

    /** True for loopback and listed senders; {@code host} is the sender's IP literal. */
    public boolean allows(String host) {
        byte[] a = host == null ? null : SecurityJson.literal(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        if (a == null) return false;
        try {
            if (InetAddress.getByAddress(a).isLoopbackAddress()) return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
        a = unmapped(a);
        for (Net n : nets) if (matches(unmapped(n.address()), n.address().length == 16 && a.length == 4 ? n.prefix() - 96 : n.prefix(), a)) return true;
        return false;
    }

    /** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) as its IPv4 bytes. */
    private static byte[] unmapped(byte[] a) {
        if (a.length != 16) return a;
        for (int i = 0; i < 10; i++) if (a[i] != 0) return a;
        if (a[10] != (byte) 0xff || a[11] != (byte) 0xff) return a;
        return new byte[] {a[12], a[13], a[14], a[15]};
    }

    private static boolean matches(byte[] net, int prefix, byte[] a) {
        if (net.length != a.length || prefix < 0) return false;
        int full = prefix / 8;
        for (int i = 0; i < full; i++) if (net[i] != a[i]) return false;
        int rest = prefix % 8;
        if (rest == 0) return true;
        int mask = (0xff << (8 - rest)) & 0xff;
        return (net[full] & mask) == (a[full] & mask);
    }

    public List<String> entries() {
        return entries;
    }
}
