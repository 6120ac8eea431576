package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import org.jackdesk.control.x32.X32Osc;

/** A UDP client of the server's X32 port. */
final class X32Client implements AutoCloseable {
    final DatagramSocket socket;
    final int serverPort;

    X32Client(int serverPort) throws Exception {
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.socket.setSoTimeout(3000);
        this.serverPort = serverPort;
    }

    void send(String address, Object... args) throws Exception {
        sendRaw(X32Osc.encode(X32Osc.Message.of(address, args)));
    }

    void sendRaw(byte[] b) throws Exception {
        socket.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), serverPort));
    }

    byte[] receiveRaw() throws Exception {
        byte[] b = new byte[65536];
        DatagramPacket p = new DatagramPacket(b, b.length);
        socket.receive(p);
        return Arrays.copyOf(b, p.getLength());
    }

    X32Osc.Message receive() throws Exception {
        return X32Osc.decode(receiveRaw());
    }

    /** Asks for {@code address} and returns the answer's one argument. */
    Object get(String address) throws Exception {
        send(address);
        X32Osc.Message m = receive();
        assertEquals(address, m.address());
        assertEquals(1, m.args().size(), m.toString());
        return m.args().get(0);
    }

    void expectNothing(long ms) throws Exception {
        socket.setSoTimeout((int) ms);
        try {
            X32Osc.Message m = receive();
            throw new AssertionError("expected nothing, got " + m);
        } catch (SocketTimeoutException expected) {
            // quiet
        } finally {
            socket.setSoTimeout(3000);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
