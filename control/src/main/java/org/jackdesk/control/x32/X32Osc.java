package org.jackdesk.control.x32;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The OSC 1.0 subset the X32 speaks, big-endian: one message per packet (no bundles), arguments
 * {@code i f s b}, and — unlike strict OSC — a message whose type-tag string is missing (a bare
 * {@code /xinfo} padded to four bytes) is a message without arguments. Written here rather than
 * taken from JavaOSC so that a reply is byte for byte what the protocol description shows and a
 * truncated packet is told apart from a short one. Any thread; no state.
 */
public final class X32Osc {
    private X32Osc() {}

    /** One message: its address and its arguments ({@code Integer}, {@code Float}, {@code String}, {@code byte[]}). */
    public record Message(String address, List<Object> args) {
        public Message {
            args = List.copyOf(args);
        }

        public static Message of(String address, Object... args) {
            return new Message(address, List.of(args));
        }
    }

    /** A packet that is not an X32 OSC message, with what is wrong. */
    public static final class MalformedException extends Exception {
        public MalformedException(String message) {
            super(message);
        }
    }

    public static Message decode(byte[] packet) throws MalformedException {
        ByteBuffer b = ByteBuffer.wrap(packet).order(ByteOrder.BIG_ENDIAN);
        // The X32 answers /node as "node": an address need not start with '/', but a bundle ('#') is not one
        if (packet.length < 4 || packet[0] == 0 || packet[0] == '#') throw new MalformedException("not an OSC message");
        String address = string(b);
        List<Object> args = new ArrayList<>();
        if (!b.hasRemaining()) return new Message(address, args); // no type tags: no arguments
        String tags = string(b);
        if (!tags.startsWith(",")) throw new MalformedException("the type tags do not start with ','");
        for (int i = 1; i < tags.length(); i++) {
            char t = tags.charAt(i);
            switch (t) {
                case 'i' -> args.add(need(b, 4).getInt());
                case 'f' -> args.add(need(b, 4).getFloat());
                case 's' -> args.add(string(b));
                case 'b' -> {
                    int n = need(b, 4).getInt();
                    // the size is checked against what arrived before anything is allocated for it
                    if (n < 0 || n > b.remaining() || pad(n) > b.remaining()) throw new MalformedException("blob size beyond the packet");
                    byte[] blob = new byte[n];
                    b.get(blob);
                    b.position(b.position() + pad(n) - n);
                    args.add(blob);
                }
                default -> throw new MalformedException("type tag '" + t + "' is not one the X32 uses");
            }
        }
        if (b.hasRemaining()) throw new MalformedException("bytes after the last argument");
        return new Message(address, args);
    }

    private static ByteBuffer need(ByteBuffer b, int n) throws MalformedException {
        if (b.remaining() < n) throw new MalformedException("truncated");
        return b;
    }

    private static String string(ByteBuffer b) throws MalformedException {
        int start = b.position();
        int end = start;
        while (end < b.limit() && b.get(end) != 0) end++;
        if (end >= b.limit()) throw new MalformedException("unterminated string");
        int padded = pad(end - start + 1);
        if (start + padded > b.limit()) throw new MalformedException("truncated string padding");
        String s = new String(b.array(), start, end - start, StandardCharsets.UTF_8);
        b.position(start + padded);
        return s;
    }

    private static int pad(int n) {
        return (n + 3) & ~3;
    }

    public static byte[] encode(Message m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        StringBuilder tags = new StringBuilder(",");
        for (Object a : m.args()) {
            if (a instanceof Integer) tags.append('i');
            else if (a instanceof Float) tags.append('f');
            else if (a instanceof String) tags.append('s');
            else if (a instanceof byte[]) tags.append('b');
            else throw new IllegalArgumentException("no X32 OSC type for " + a.getClass().getSimpleName());
        }
        putString(out, m.address());
        putString(out, tags.toString());
        ByteBuffer four = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN);
        for (Object a : m.args()) {
            four.clear();
            if (a instanceof Integer i) out.write(four.putInt(i).array(), 0, 4);
            else if (a instanceof Float f) out.write(four.putFloat(f).array(), 0, 4);
            else if (a instanceof String s) putString(out, s);
            else if (a instanceof byte[] blob) {
                out.write(four.putInt(blob.length).array(), 0, 4);
                out.write(blob, 0, blob.length);
                for (int k = blob.length; k < pad(blob.length); k++) out.write(0);
            }
        }
        return out.toByteArray();
    }

    private static void putString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        for (int k = b.length; k < pad(b.length + 1); k++) out.write(0);
    }
}
