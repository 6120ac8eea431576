package org.jackdesk.engine.play;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The read-ahead of one loaded take: one preallocated float ring per played track channel, all
 * advancing together, plus the file frame each ring slot holds (so the position follows loops and
 * locates exactly), and the transport state the audio thread reads.
 *
 * <p>Concurrency: the recorder's discipline ({@code record.RecordRings}) the other way round. Single
 * producer, the player's disk thread: it reads the files into the rings, then publishes {@link #written}
 * with release semantics ({@code lazySet}). Single consumer, the audio thread ({@link #take}): it
 * reads up to {@code written} and, once the tap has copied the cycle's frames out ({@link #release}),
 * publishes {@link #consumed} the same way; the producer never overwrites frames the consumer has not
 * released. (Publishing at {@link #take}, before the copy, let a disk thread that found the ring's
 * last free chunk refill the very slots being copied: under CPU load a looped take jumped by one
 * ring's length, PlayerTest.) A cycle that finds fewer frames than it needs
 * while playing plays what there is, then silence, and counts an underrun: it never waits.
 *
 * <p>A locate (or a loop change that the read-ahead already passed) must throw the read-ahead
 * away, and only the consumer may move {@code consumed}: the disk thread clears {@link #primed},
 * bumps {@link #flushRequest} and waits for {@link #flushAck}; the audio thread, at its next cycle,
 * sets {@code consumed = written} and acknowledges. Until the disk thread has refilled the rings and
 * set {@link #primed} again the audio thread plays silence without counting it (a locate's gap is
 * not an underrun). Play and stop are one volatile flag ({@link #playing}) that the audio thread
 * reads once per cycle.
 *
 * <p>{@link AtomicLong} and {@link AtomicInteger}, not the array atomics or AtomicBoolean: their
 * VarHandle call sites link on the first calling thread (see ArchitectureTest).
 *
 * <p>Thread: {@link #take} and {@link #release} audio; the fields marked so the disk thread; the rest any (reads).
 */
final class PlayRings {
    final float[][] ring;
    /** Per slot: the file frame it holds (written by the disk thread with the samples). */
    final long[] framePos;
    final int capacity;
    final int mask;
    /** Per engine input: the ring it plays, -1 when the take has no track for its channel. */
    final int[] inputRing;
    /** Per channel (0-based): whether the take has a track for it (the soundcheck switch flips only those). */
    final boolean[] channelHasTrack;
    final AtomicLong written = new AtomicLong();
    final AtomicLong consumed = new AtomicLong();
    final AtomicLong underruns = new AtomicLong();
    final AtomicLong underrunFrames = new AtomicLong();
    final AtomicInteger flushRequest = new AtomicInteger();
    final AtomicInteger flushAck = new AtomicInteger();
    /** Play (true) or stop; written by control through the player. */
    volatile boolean playing;
    /** Disk thread: the rings hold the start of the current stream (after a load or a locate). */
    volatile boolean primed;
    /** Disk thread: {@link #written} reached the take's end (no loop): running dry there is the end, not an underrun. */
    volatile boolean endOfTake;
    /** Set by the audio thread when it played the last frame of the take. */
    volatile boolean atEnd;
    /** Set by the audio thread when it flushes: the file frame it was about to play (-1: unknown). */
    volatile long flushPosition = -1;
    /** Set when the engine that played these rings closed (a rebuild): the player unloads. */
    volatile boolean engineGone;
    private long ownConsumed, ownUnderruns, ownUnderrunFrames;
    private int seenFlush;
    /** The ring slot of this cycle's first frame and how many frames the cycle got ({@link #take}). */
    int cycleAt, cycleFrames;

    /** Thread: control or worker (allocates). {@code capacityFrames} is rounded up to a power of two. */
    PlayRings(int rings, int capacityFrames, int[] inputRing, boolean[] channelHasTrack) {
        int cap = Integer.highestOneBit(Math.max(capacityFrames, 1024) - 1) << 1;
        this.capacity = cap;
        this.mask = cap - 1;
        this.ring = new float[rings][cap];
        this.framePos = new long[cap];
        this.inputRing = inputRing.clone();
        this.channelHasTrack = channelHasTrack.clone();
    }

    /**
     * Takes this cycle's frames: sets {@link #cycleAt} and {@link #cycleFrames} (0 … nframes; the
     * rest of the cycle is silence). Answers a pending flush first. Thread: audio.
     */
    void take(int nframes) {
        int req = flushRequest.get();
        if (req != seenFlush) {
            long w = written.get();
            flushPosition = ownConsumed < w ? framePos[(int) (ownConsumed & mask)] : w > 0 ? framePos[(int) ((w - 1) & mask)] + 1 : -1;
            ownConsumed = w;
            consumed.lazySet(ownConsumed);
            seenFlush = req;
            flushAck.lazySet(req);
        }
        cycleAt = (int) (ownConsumed & mask);
        cycleFrames = 0;
        if (!playing || !primed) return;
        boolean end = endOfTake; // read before written: once it is true, written holds the take's last frame
        long avail = written.get() - ownConsumed;
        int got = (int) Math.min(avail, nframes);
        if (got < nframes && !end) {
            ownUnderruns++;
            ownUnderrunFrames += nframes - got;
            underruns.lazySet(ownUnderruns);
            underrunFrames.lazySet(ownUnderrunFrames);
        }
        if (end && got == avail) atEnd = true;
        cycleFrames = got;
        ownConsumed += got;
    }

    /**
     * Releases the frames {@link #take} handed out, once they are copied out of the rings: only now
     * may the disk thread write over them. Thread: audio, after every {@link #take}.
     */
    void release() {
        consumed.lazySet(ownConsumed);
    }
}
