package org.jackdesk.engine.midi;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A single-producer, single-consumer ring of MIDI messages in fixed slots over preallocated
 * arrays: {@link #SLOT_BYTES} bytes of message, its length and its frame offset in the JACK cycle
 * it came from. Nothing is allocated after construction, nothing locks, nothing waits: a full
 * ring refuses ({@link #claim} returns -1) and the caller counts the loss.
 *
 * <p>Protocol (Lamport's SPSC queue with release/acquire indices, as JCTools' {@code SpscArrayQueue}):
 * the producer writes a slot's bytes and fields, then publishes by a release-store of
 * {@code tail}; the consumer acquires {@code tail}, reads the slot and frees it by a release-store
 * of {@code head}. Thread: one producer thread calls {@link #claim}/{@link #publish}, one consumer
 * thread {@link #peek}/{@link #release}; which thread is which is the owner's choice
 * ({@link MidiTransport}: the audio thread produces the input ring and consumes the output ring).
 */
public final class MidiRing {
    /** The largest message a slot holds (a SysEx with its F0 and F7 included). */
    public static final int SLOT_BYTES = 256;

    private final int mask;
    private final byte[] data;
    private final int[] lengths;
    private final int[] frames;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();

    /** @param slots a power of two */
    public MidiRing(int slots) {
        if (slots < 2 || Integer.bitCount(slots) != 1) throw new IllegalArgumentException("slots must be a power of two >= 2, got " + slots);
        this.mask = slots - 1;
        // One spare slot past the ring: a full ring's message is written there and never published.
        this.data = new byte[(slots + 1) * SLOT_BYTES];
        this.lengths = new int[slots + 1];
        this.frames = new int[slots + 1];
    }

    public int capacity() {
        return mask + 1;
    }

    /** The slots' bytes: slot {@code s} starts at {@link #offset}{@code (s)}. */
    public byte[] data() {
        return data;
    }

    public static int offset(int slot) {
        return slot * SLOT_BYTES;
    }

    /** Thread: producer. The next free slot, or -1 when the ring is full. */
    public int claim() {
        long t = tail.getPlain();
        if (t - head.getAcquire() > mask) return -1;
        return (int) (t & mask);
    }

    /**
     * Thread: producer. The next free slot, or the spare slot {@link #capacity()} when the ring is
     * full, without a branch: the JIT has no rarely taken path to compile as a trap, so the first
     * full ring (a stalled consumer, the worst moment for it) costs the audio thread no
     * deoptimisation. Publish with {@link #publishUnlessSpare}.
     */
    public int claimOrSpare() {
        long t = tail.getPlain();
        long used = t - head.getAcquire();
        int full = (int) ((mask - used) >>> 63); // 1 when used > mask
        int slot = (int) (t & mask);
        return slot + full * (mask + 1 - slot);
    }

    /** Thread: producer. Publishes {@code slot} unless it is the spare one; returns 1 if published, 0 if not. */
    public int publishUnlessSpare(int slot, int length, int frame) {
        lengths[slot] = length;
        frames[slot] = frame;
        int published = (slot - mask - 1) >>> 31; // 1 below the capacity, 0 for the spare slot
        tail.setRelease(tail.getPlain() + published);
        return published;
    }

    /** Thread: producer. Publishes the slot {@link #claim} gave, holding {@code length} bytes. */
    public void publish(int slot, int length, int frame) {
        lengths[slot] = length;
        frames[slot] = frame;
        tail.setRelease(tail.getPlain() + 1);
    }

    /** Thread: consumer. The oldest published slot, or -1 when the ring is empty. */
    public int peek() {
        long h = head.getPlain();
        if (h == tail.getAcquire()) return -1;
        return (int) (h & mask);
    }

    public int length(int slot) {
        return lengths[slot];
    }

    public int frame(int slot) {
        return frames[slot];
    }

    /** Thread: consumer. Frees the slot {@link #peek} gave. */
    public void release() {
        head.setRelease(head.getPlain() + 1);
    }

    /** Messages waiting. Thread: any (a snapshot). */
    public int size() {
        return (int) (tail.get() - head.get());
    }
}
