package org.jackdesk.engine.midi;

/**
 * The console's MIDI port pair between the JACK thread and the control plane: what arrives on
 * {@code midi_in} is split into messages and queued in one {@link MidiRing}; what the control
 * plane queues in another is written to {@code midi_out} at the next cycle. It outlives JACK
 * sessions and engines (one per host).
 *
 * <p>Input, on the audio thread ({@link #acceptEvent}): channel messages with running status (a
 * status byte carries over to data bytes that follow it, within an event and into the next),
 * SysEx of at most {@link MidiRing#SLOT_BYTES} bytes from F0 to F7. Everything else is dropped
 * and counted, never thrown: a SysEx that is longer ({@link Counters#sysexTooLong}) or lacks its
 * F7 ({@link Counters#truncated}), a channel message cut short, data bytes without a status
 * ({@link Counters#stray}), real-time and system-common messages and undefined statuses
 * ({@link Counters#ignored}), and messages that find the ring full ({@link Counters#ringFull}).
 *
 * <p>Thread: {@link #acceptEvent}, {@link #eventTooLong} and {@link #output} audio; {@link #poll}
 * one control-plane consumer; {@link #send} one control-plane producer (the MIDI adapter's
 * thread); {@link #counters} any.
 */
public final class MidiTransport {
    /** JACK port names of the first pair (named {@link #PRIMARY}). */
    public static final String IN_PORT = org.jackdesk.config.AutoConnect.MIDI_IN;
    public static final String OUT_PORT = org.jackdesk.config.AutoConnect.MIDI_OUT;
    /** The first pair's name: its ports are {@code midi_in} and {@code midi_out}. */
    public static final String PRIMARY = "midi";
    /** Messages buffered each way: 20 ms of a 10 000 messages/s burst at a 1024-frame period fits twice over. */
    public static final int SLOTS = 1024;

    /** Counts since start; each has a single writer (the audio thread, except {@link #outDropped}). */
    public static final class Counters {
        volatile long received;
        volatile long ringFull;
        volatile long sysexTooLong;
        volatile long truncated;
        volatile long stray;
        volatile long ignored;
        volatile long sent;
        volatile long outDropped;
        volatile long outDeferred;

        /** Messages queued for the control plane. */
        public long received() {
            return received;
        }

        /** Messages lost because the control plane had not drained the input ring. */
        public long ringFull() {
            return ringFull;
        }

        /** SysEx messages longer than a slot (or events longer than the scratch buffer), dropped. */
        public long sysexTooLong() {
            return sysexTooLong;
        }

        /** SysEx without its F7, channel messages with too few data bytes: dropped. */
        public long truncated() {
            return truncated;
        }

        /** Data bytes with no status to apply them to. */
        public long stray() {
            return stray;
        }

        /** Real-time, system-common and undefined messages: not used by the console. */
        public long ignored() {
            return ignored;
        }

        /** Messages written to midi_out. */
        public long sent() {
            return sent;
        }

        /** Outgoing messages refused because the output ring was full (the sender's loss). */
        public long outDropped() {
            return outDropped;
        }

        /** Times JACK's output buffer was full and the rest waited for the next cycle. */
        public long outDeferred() {
            return outDeferred;
        }

        /** Everything the input dropped. */
        public long inputDropped() {
            return ringFull + sysexTooLong + truncated + stray + ignored;
        }
    }

    /** The pair's name; its JACK ports are {@code name_in} and {@code name_out}. */
    private final String name;
    private final MidiRing in = new MidiRing(SLOTS);
    private final MidiRing out = new MidiRing(SLOTS);
    private final Counters counters = new Counters();
    /** The running status of midi_in (0: none). Thread: audio. */
    private int running;

    /** The first pair, {@code midi_in}/{@code midi_out}. */
    public MidiTransport() {
        this(PRIMARY);
    }

    /**
     * A pair named {@code name} (docs/midi.md, "More port pairs"): ports {@code name_in} and
     * {@code name_out}.
     */
    public MidiTransport(String name) {
        if (name == null || name.isBlank() || name.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a MIDI pair's name must be non-empty and without ':', got '" + name + "'");
        }
        this.name = name;
    }

    /** The pair's name ({@link #PRIMARY} for the first). */
    public String name() {
        return name;
    }

    /** Its JACK input port's short name. */
    public String inPort() {
        return org.jackdesk.config.AutoConnect.midiIn(name);
    }

    /** Its JACK output port's short name. */
    public String outPort() {
        return org.jackdesk.config.AutoConnect.midiOut(name);
    }

    public Counters counters() {
        return counters;
    }

    /**
     * One JACK MIDI event of {@code len} bytes in {@code buf[0..len)}, at frame {@code frame} of
     * the cycle. Thread: audio; allocates nothing, never throws.
     */
    public void acceptEvent(byte[] buf, int len, int frame) {
        Counters c = counters;
        if (len <= 0) return;
        int first = buf[0] & 0xff;
        if (first == 0xF0) {
            running = 0; // system messages cancel running status
            if ((buf[len - 1] & 0xff) != 0xF7) c.truncated = c.truncated + 1;
            else if (len > MidiRing.SLOT_BYTES) c.sysexTooLong = c.sysexTooLong + 1;
            else queue(buf, 0, len, frame);
            return;
        }
        int i = 0;
        while (i < len) {
            int b = buf[i] & 0xff;
            if (b >= 0xF8) { // real-time: single byte, leaves running status alone
                c.ignored = c.ignored + 1;
                i++;
                continue;
            }
            int status;
            int start;
            if (b >= 0xF0) {
                running = 0;
                int skip = systemLength(b);
                if (b == 0xF0) { // a SysEx inside a multi-message event: drop to its end
                    int end = i + 1;
                    while (end < len && (buf[end] & 0xff) != 0xF7) end++;
                    if (end == len) c.truncated = c.truncated + 1;
                    else c.ignored = c.ignored + 1;
                    i = end + 1;
                    continue;
                }
                c.ignored = c.ignored + 1;
                i++;
                while (skip > 0 && i < len && (buf[i] & 0xff) < 0x80) {
                    i++;
                    skip--;
                }
                continue;
            }
            if (b >= 0x80) {
                status = b;
                running = b;
                start = i + 1;
            } else {
                status = running;
                if (status == 0) {
                    c.stray = c.stray + 1;
                    i++;
                    continue;
                }
                start = i;
            }
            int need = dataLength(status);
            int n = 0;
            int d1 = 0, d2 = 0;
            int j = start;
            while (n < need && j < len) {
                int x = buf[j] & 0xff;
                if (x >= 0xF8) { // real-time bytes may fall between a message's bytes
                    c.ignored = c.ignored + 1;
                    j++;
                    continue;
                }
                if (x >= 0x80) break;
                if (n == 0) d1 = x;
                else d2 = x;
                n++;
                j++;
            }
            i = j;
            if (n < need) {
                c.truncated = c.truncated + 1;
                continue;
            }
            // Branch-free when the ring is full (see MidiRing#claimOrSpare): counted, never a trap.
            int slot = in.claimOrSpare();
            byte[] d = in.data();
            int o = MidiRing.offset(slot);
            d[o] = (byte) status;
            d[o + 1] = (byte) d1;
            d[o + 2] = (byte) d2;
            int published = in.publishUnlessSpare(slot, 1 + need, frame);
            c.received = c.received + published;
            c.ringFull = c.ringFull + 1 - published;
        }
    }

    /**
     * Runs every path of the input side (channel messages, running status, real-time bytes, SysEx
     * kept, too long and cut, stray and undefined bytes, a full ring) on a throw-away transport, so
     * that the JIT's profile of this code has seen them all before the JACK thread's callback is
     * compiled: a path first taken on the audio thread would otherwise be a deoptimisation there.
     * Thread: any but audio, before audio starts.
     */
    public static void warmUp() {
        MidiTransport t = new MidiTransport();
        byte[] scratch = new byte[MidiRing.SLOT_BYTES];
        byte[][] events = {
                {(byte) 0xB0, 7, 100, 8, 50}, {9, 16}, {(byte) 0xC2, 5, 6}, {(byte) 0x90, 60, (byte) 0xF8, 127}, {(byte) 0xFE},
                {(byte) 0xF0, 0x7E, 0x7F, 0x06, 0x01, (byte) 0xF7}, {(byte) 0xF0, 0, 0, 0x66}, {0x12, 0x34}, {(byte) 0xB1, 7},
                {(byte) 0xF4, (byte) 0xF5, (byte) 0xFD, (byte) 0xF2, 1, 2, (byte) 0xE0, 0, 64}, {(byte) 0xF7},
                {(byte) 0xB0, 1, (byte) 0xF0, 1, 2, (byte) 0xF7, (byte) 0xB0, 2, 3}, {(byte) 0xB0, 1, (byte) 0xF0, 1}};
        byte[] big = new byte[MidiRing.SLOT_BYTES + 1];
        big[0] = (byte) 0xF0;
        big[big.length - 1] = (byte) 0xF7;
        for (int round = 0; round < 3000; round++) {
            for (byte[] e : events) t.acceptEvent(e, e.length, round & 63);
            t.acceptEvent(big, big.length, 0);
            t.eventTooLong(round % 2 == 0);
            if (round % 50 == 0) { // a full ring: the spare slot takes what does not fit
                for (int k = 0; k <= SLOTS; k++) t.acceptEvent(events[0], 3, 0);
            }
            while (t.poll(scratch) >= 0) {
                // drained, as the control plane does
            }
            t.send(events[0], 0, 3);
            MidiRing out = t.output();
            for (int s; (s = out.peek()) >= 0; ) out.release();
            t.sentOne();
            t.deferred();
        }
    }

    /** An event too long to copy (longer than the caller's scratch buffer): dropped. Thread: audio. */
    public void eventTooLong(boolean sysex) {
        Counters c = counters;
        if (sysex) running = 0;
        c.sysexTooLong = c.sysexTooLong + 1;
    }

    private void queue(byte[] buf, int off, int len, int frame) {
        Counters c = counters;
        int slot = in.claimOrSpare();
        System.arraycopy(buf, off, in.data(), MidiRing.offset(slot), len);
        int published = in.publishUnlessSpare(slot, len, frame);
        c.received = c.received + published;
        c.ringFull = c.ringFull + 1 - published;
    }

    /** Data bytes after a channel status. */
    static int dataLength(int status) {
        int hi = status & 0xF0;
        return hi == 0xC0 || hi == 0xD0 ? 1 : 2;
    }

    /** Data bytes after a system-common status (F1 MTC quarter frame, F2 song position, F3 song select). */
    private static int systemLength(int status) {
        return switch (status) {
            case 0xF1, 0xF3 -> 1;
            case 0xF2 -> 2;
            default -> 0;
        };
    }

    /**
     * The next received message copied into {@code dst} (at least {@link MidiRing#SLOT_BYTES}
     * long); its length, or -1 when none is waiting. Thread: the one control-plane consumer.
     */
    public int poll(byte[] dst) {
        int slot = in.peek();
        if (slot < 0) return -1;
        int n = in.length(slot);
        System.arraycopy(in.data(), MidiRing.offset(slot), dst, 0, n);
        in.release();
        return n;
    }

    /**
     * Queues {@code msg[off..off+len)} (one complete message, at most {@link MidiRing#SLOT_BYTES})
     * for midi_out; false (and counted) when the output ring is full. Thread: the one control-plane
     * producer.
     */
    public boolean send(byte[] msg, int off, int len) {
        Thread me = Thread.currentThread();
        if (producer == null) producer = me;
        else if (producer != me) otherProducers++; // diagnostic: the output ring has one producer
        if (len <= 0 || len > MidiRing.SLOT_BYTES) throw new IllegalArgumentException("a MIDI message is 1.." + MidiRing.SLOT_BYTES + " bytes, not " + len);
        int slot = out.claim();
        if (slot < 0) {
            counters.outDropped = counters.outDropped + 1;
            return false;
        }
        System.arraycopy(msg, off, out.data(), MidiRing.offset(slot), len);
        out.publish(slot, len, 0);
        return true;
    }

    /** The output ring, drained by the JACK thread ({@link #sentOne}, {@link #deferred}). */
    public MidiRing output() {
        return out;
    }

    /** Thread: audio. */
    public void sentOne() {
        counters.sent = counters.sent + 1;
    }

    /** Thread: audio. JACK's buffer is full this cycle; the rest waits. */
    public void deferred() {
        counters.outDeferred = counters.outDeferred + 1;
    }

    private volatile Thread producer;
    private volatile long otherProducers;

    /** Sends made by a thread other than the first sender (must stay 0: the output ring has one producer). */
    public long otherProducers() {
        return otherProducers;
    }

    /** Messages waiting for the control plane. Thread: any. */
    public int pending() {
        return in.size();
    }
}
