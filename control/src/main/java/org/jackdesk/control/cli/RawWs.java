package org.jackdesk.control.cli;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket, for {@code jackdesk chaos} and control's fault tests (ClientFaultTest, SecurityReviewTest): it can stop
 * reading, stop writing, or vanish without a close frame (FIN or RST), none of which a
 * well-behaved client library does. Writes masked frames as RFC 6455 requires of clients; reads
 * the server's unmasked frames.
 *
 * <p>Thread: one thread at a time (blocking socket I/O; never on an event loop).
 */
public final class RawWs implements AutoCloseable {
    /** One frame from the server. */
    public record Frame(int opcode, byte[] payload) {
        public boolean isText() {
            return opcode == 1;
        }

        public boolean isClose() {
            return opcode == 8;
        }

        public JsonObject json() {
            return new JsonObject(new String(payload, StandardCharsets.UTF_8));
        }

        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawWs(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /**
     * Connects and completes the upgrade, reading exactly the HTTP response head and nothing more.
     *
     * @param receiveBufferBytes the socket's receive buffer (set before connecting, so the TCP
     *                           window is small from the start); 0 keeps the system default
     */
    public static RawWs connect(int port, int receiveBufferBytes) throws IOException {
        Socket s = new Socket();
        if (receiveBufferBytes > 0) s.setReceiveBufferSize(receiveBufferBytes);
        s.connect(new InetSocketAddress("127.0.0.1", port), 3000);
        s.setSoTimeout(5000);
        RawWs w = new RawWs(s);
        w.out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        w.out.flush();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = w.in.read();
            if (b < 0) throw new EOFException("server closed during the handshake: " + head.toString(StandardCharsets.ISO_8859_1));
            head.write(b);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        if (!h.startsWith("HTTP/1.1 101")) throw new IOException("upgrade refused: " + h);
        return w;
    }

    public void sendText(String text) throws IOException {
        sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** One final frame of {@code opcode} (1 text, 2 binary, 9 ping …), masked, of any length. */
    public void sendFrame(int opcode, byte[] payload) throws IOException {
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        out.write(encode(0x80 | (opcode & 0x0f), payload, mask));
        out.flush();
    }

    /**
     * A client frame as bytes: {@code b0} is FIN, RSV1-3 and the opcode (so tests can also write
     * frames a client must not send), the payload masked with {@code mask} (4 bytes).
     */
    public static byte[] encode(int b0, byte[] payload, byte[] mask) {
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
        f.write(b0);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            f.write(0x80 | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length & 0xff);
        } else {
            f.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) f.write((int) ((long) payload.length >>> shift) & 0xff);
        }
        f.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) f.write(payload[i] ^ mask[i & 3]);
        return f.toByteArray();
    }

    /** Bytes straight onto the socket, outside any frame (garbage for the server's frame decoder). */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void send(JsonObject m) throws IOException {
        sendText(m.encode());
    }

    /**
     * The next message: a frame, or a fragmented message (a first frame without FIN and its
     * continuation frames, RFC 6455 5.4: the console fragments long messages such as a large
     * snapshot) joined into one; control frames between fragments are returned as they come.
     * Throws {@link SocketTimeoutException} after the socket timeout, {@link EOFException} at the end.
     */
    public Frame read() throws IOException {
        Frame first = readFrame();
        if (finalFrame || first.opcode() >= 8) return first;
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        joined.write(first.payload());
        while (true) {
            Frame next = readFrame();
            if (next.opcode() >= 8) continue; // a ping between fragments: not part of the message
            joined.write(next.payload());
            if (finalFrame) return new Frame(first.opcode(), joined.toByteArray());
        }
    }

    /** FIN of the last frame {@link #readFrame} read. */
    private boolean finalFrame;

    private Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        finalFrame = (b0 & 0x80) != 0;
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) len = in.readUnsignedShort();
        else if (len == 127) len = in.readLong();
        if ((b1 & 0x80) != 0) throw new IOException("the server masked a frame");
        if (len > (16 << 20)) throw new IOException("frame of " + len + " bytes");
        byte[] p = new byte[(int) len];
        in.readFully(p);
        return new Frame(b0 & 0x0f, p);
    }

    /** Reads until a text message with {@code op} (skipping everything else). */
    public JsonObject await(String op) throws IOException {
        while (true) {
            Frame f = read();
            if (f.isText()) {
                JsonObject m = f.json();
                if (op.equals(m.getString("op"))) return m;
            }
        }
    }

    /**
     * Reads and discards until the server closes the TCP connection; true if it did within
     * {@code timeoutMs}, false if the socket was still open then.
     */
    public boolean drainUntilEof(long timeoutMs) throws IOException {
        long end = System.currentTimeMillis() + timeoutMs;
        InputStream raw = socket.getInputStream();
        byte[] buf = new byte[65536];
        socket.setSoTimeout(100);
        while (System.currentTimeMillis() < end) {
            try {
                if (raw.read(buf) < 0) return true;
            } catch (SocketTimeoutException e) {
                // keep waiting
            } catch (IOException e) {
                return true; // reset by the server: closed as well
            }
        }
        return false;
    }

    /** Vanishes with a TCP reset (SO_LINGER 0): no close frame, no FIN, as when a tablet's Wi-Fi driver dies. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** Vanishes with a plain TCP close (FIN) and no WebSocket close frame, as when a browser tab is killed. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
