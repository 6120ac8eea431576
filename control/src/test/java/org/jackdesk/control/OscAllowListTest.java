package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.illposed.osc.BufferBytesReceiver;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCSerializer;
import com.illposed.osc.OSCSerializerAndParserBuilder;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.control.security.OscAllowList;
import org.jackdesk.control.security.PasswordHasher;
import org.jackdesk.control.security.SecurityOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** OSC writes from senders outside the allow-list are refused with a counted /error; loopback is allowed by default. */
@ExtendWith(VertxExtension.class)
class OscAllowListTest {
    private static final OSCSerializerAndParserBuilder OSC = new OSCSerializerAndParserBuilder();

    static byte[] encode(String address, Object... args) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        OSCSerializer ser = OSC.buildSerializer(new BufferBytesReceiver(buf));
        ser.write(new OSCMessage(address, List.of(args)));
        buf.flip();
        byte[] b = new byte[buf.remaining()];
        buf.get(b);
        return b;
    }

    /** Sends from {@code from} and returns the first answer (or null within 1 s). */
    static OSCMessage exchange(InetAddress from, InetAddress to, int port, byte[] packet) throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, from)) {
            s.setSoTimeout(1000);
            s.send(new DatagramPacket(packet, packet.length, to, port));
            byte[] b = new byte[65536];
            DatagramPacket p = new DatagramPacket(b, b.length);
            try {
                s.receive(p);
            } catch (java.net.SocketTimeoutException e) {
                return null;
            }
            return (OSCMessage) OSC.buildParser().convert(ByteBuffer.wrap(b, 0, p.getLength()));
        }
    }

    static InetAddress lanAddress() throws Exception {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) continue;
            for (InetAddress a : Collections.list(ni.getInetAddresses())) if (a instanceof Inet4Address) return a;
        }
        return null;
    }

    @Test
    void aSenderOutsideTheListIsRefusedCountedAndChangesNothingUntilListed(Vertx vertx) throws Exception {
        InetAddress lan = lanAddress();
        Assumptions.assumeTrue(lan != null, "needs a non-loopback IPv4 address to send from");
        ServerOptions wildcard = ServerOptions.loopbackEphemeral().withHost("0.0.0.0");
        SecureServer s = new SecureServer(vertx, wildcard, SecurityOptions.open());
        OSCMessage err = exchange(lan, lan, s.oscPort(), encode("/ch/1/fader", -6.0f));
        assertEquals("/error", err.getAddress());
        assertEquals("forbidden", err.getArguments().get(0));
        assertEquals("ch/1/fader", err.getArguments().get(1));
        assertTrue(((String) err.getArguments().get(2)).contains("server.oscAllow"), err.getArguments().toString());
        OSCMessage query = exchange(lan, lan, s.oscPort(), encode("/ch/1/fader"));
        assertEquals("/error", query.getAddress(), "queries from outside the list are refused too");
        assertEquals(0.0, s.state.get("ch/1/fader"));
        assertTrue(s.engine.sets.isEmpty(), "the engine saw nothing");
        assertEquals(2L, s.metrics().errorsByCode().get("forbidden"), "each refusal is counted");

        // Loopback is allowed without configuration.
        assertEquals(null, exchange(InetAddress.getLoopbackAddress(), InetAddress.getLoopbackAddress(), s.oscPort(), encode("/ch/1/fader", -6.0f)));
        waitFor(() -> s.state.get("ch/1/fader") == -6.0);

        // Listed by its network, the same sender may write.
        String net = lan.getHostAddress().substring(0, lan.getHostAddress().lastIndexOf('.')) + ".0/24";
        SecureServer listed = new SecureServer(vertx, wildcard, SecurityOptions.open().withOscAllow(List.of(net)));
        assertEquals(null, exchange(lan, lan, listed.oscPort(), encode("/ch/2/fader", -9.0f)));
        waitFor(() -> listed.state.get("ch/2/fader") == -9.0);
    }

    @Test
    void oscWritesGetTheRoleOfTheConfiguredOscUser(Vertx vertx) throws Exception {
        String hash = PasswordHasher.hash("2468".toCharArray(), 1000);
        SecurityOptions sec = SecurityOptions.open().withUsers(List.of(new ConsoleConfig.UserConfig("drums", "monitor", List.of(1), hash)), "drums");
        SecureServer s = new SecureServer(vertx, sec);
        InetAddress lo = InetAddress.getLoopbackAddress();
        OSCMessage err = exchange(lo, lo, s.oscPort(), encode("/main/fader", -20.0f));
        assertEquals("/error", err.getAddress());
        assertEquals("forbidden", err.getArguments().get(0));
        assertEquals(null, exchange(lo, lo, s.oscPort(), encode("/ch/2/send/1/level", -4.0f)));
        waitFor(() -> s.state.get("ch/2/send/1/level") == -4.0);
        assertEquals(0.0, s.state.get("main/fader"));
    }

    @Test
    void allowListMatchesAddressesAndNetworksOnly() {
        OscAllowList l = new OscAllowList(List.of("192.168.1.0/24", "10.0.0.7", "fd00::/8"));
        assertTrue(l.allows("127.0.0.1"));
        assertTrue(l.allows("::1"));
        assertTrue(l.allows("192.168.1.200"));
        assertTrue(l.allows("::ffff:192.168.1.9"));
        assertTrue(l.allows("10.0.0.7"));
        assertTrue(l.allows("fd00::2"));
        assertFalse(l.allows("192.168.2.1"));
        assertFalse(l.allows("10.0.0.8"));
        assertFalse(l.allows("fe80::1"));
        assertFalse(l.allows("mixer.local"), "names are never resolved");
        assertFalse(new OscAllowList(List.of()).allows("192.168.1.200"), "only loopback by default");
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Check c) throws Exception {
        long end = System.nanoTime() + 3_000_000_000L;
        while (!c.ok()) {
            if (System.nanoTime() > end) throw new AssertionError("condition not reached within 3 s");
            Thread.sleep(5);
        }
    }
}
