package org.jackdesk.control;

import com.illposed.osc.BufferBytesReceiver;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCSerializer;
import com.illposed.osc.OSCSerializerAndParserBuilder;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/** A UDP client of the console's OSC port for tests: sends a message, receives the next one with an address. */
final class OscTestClient implements AutoCloseable {
    private static final OSCSerializerAndParserBuilder OSC = new OSCSerializerAndParserBuilder();
    private final DatagramSocket socket;
    private final int serverPort;

    OscTestClient(int serverPort) throws Exception {
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.socket.setSoTimeout(3000);
        this.serverPort = serverPort;
    }

    void send(OSCMessage m) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        OSCSerializer ser = OSC.buildSerializer(new BufferBytesReceiver(buf));
        ser.write(m);
        buf.flip();
        byte[] b = new byte[buf.remaining()];
        buf.get(b);
        socket.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), serverPort));
    }

    /** The next message with {@code address} (others are skipped); times out after 3 s per datagram. */
    OSCMessage receive(String address) throws Exception {
        while (true) {
            byte[] b = new byte[65536];
            DatagramPacket p = new DatagramPacket(b, b.length);
            socket.receive(p);
            if (OSC.buildParser().convert(ByteBuffer.wrap(b, 0, p.getLength())) instanceof OSCMessage m && m.getAddress().equals(address)) {
                return m;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
