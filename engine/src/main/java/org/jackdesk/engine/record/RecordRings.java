package org.jackdesk.engine.record;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The rings of one take: one preallocated float ring per recorded port (a channel's input, main
 * L/R, a bus's output), all advancing together so every track holds the same frames.
 *
 * <p>Concurrency: single producer (the audio thread, {@link #capture}) and single consumer (the
 * take's disk thread). The producer copies a whole cycle into every ring, then publishes
 * {@link #written} with release semantics ({@code lazySet}); the consumer reads up to it, writes
 * the frames to disk and publishes {@link #consumed} the same way. A cycle that would overrun the
 * frames the consumer has not released yet is dropped whole, from every ring, and counted: the
 * producer never waits, never allocates and never overwrites unwritten frames. The producer keeps
 * its own plain copies of its counters so a cycle costs one volatile read ({@link #consumed}).
 * {@link AtomicLong}, not the array atomics (see ArchitectureTest): their VarHandle call sites link
 * on the first calling thread.
 *
 * <p>The control log's ring is the same protocol for moves: per entry the cycle's frame and one
 * long holding the slot (or {@code -1 - ordinal} for a command) and the value's float bits. A move
 * that would overrun the entries not yet written to disk is lost and counted ({@link #movesLost}).
 * The starting state is one array the audio thread fills on the take's first cycle and publishes
 * through {@link #startCycleFrames}.
 *
 * <p>Thread: {@link #capture}, {@link #beginCycle}, {@link #logMove} audio; the rest the take's disk
 * thread and control (reads).
 */
final class RecordRings {
    /** Per ring: the engine input it copies, or -1 when it copies an output. */
    private final int[] srcInput;
    /** Per ring: the engine output it copies (when {@link #srcInput} is -1). */
    private final int[] srcOutput;
    final float[][] ring;
    final int capacity;
    private final int mask;
    final AtomicLong written = new AtomicLong();
    final AtomicLong consumed = new AtomicLong();
    final AtomicLong droppedBlocks = new AtomicLong();
    final AtomicLong droppedFrames = new AtomicLong();
    /** Set by the disk thread when the take ends: the audio thread copies nothing more. */
    volatile boolean closed;
    /** Set when the engine that fed these rings closed (a rebuild): the take ends after what was captured. */
    volatile boolean engineGone;
    private long ownWritten, ownDroppedBlocks, ownDroppedFrames;

    /** Every applied value at the take's first cycle, by slot; valid once {@link #startCycleFrames} is non-zero. */
    final float[] startState;
    /** The first cycle's length in frames, published after {@link #startState} is filled (0 until then). */
    volatile int startCycleFrames;
    private boolean startTaken;
    final long[] moveFrame;
    final long[] moveEntry;
    final int moveCapacity;
    private final int moveMask;
    final AtomicLong movesWritten = new AtomicLong();
    final AtomicLong movesConsumed = new AtomicLong();
    final AtomicLong movesLost = new AtomicLong();
    private long ownMoves, ownMovesLost, cycleFrame;

    /** Thread: control or worker (allocates the rings). {@code capacityFrames} is rounded up to a power of two. */
    RecordRings(int[] srcInput, int[] srcOutput, int capacityFrames) {
        this(srcInput, srcOutput, capacityFrames, 0, 1024);
    }

    /**
     * With a control log of {@code slots} values and room for {@code moveCapacity} moves (rounded
     * up to a power of two). Thread: control or worker.
     */
    RecordRings(int[] srcInput, int[] srcOutput, int capacityFrames, int slots, int moveCapacity) {
        this.startState = new float[slots];
        int mc = Integer.highestOneBit(Math.max(moveCapacity, 1024) - 1) << 1;
        this.moveCapacity = mc;
        this.moveMask = mc - 1;
        this.moveFrame = new long[mc];
        this.moveEntry = new long[mc];
        this.srcInput = srcInput.clone();
        this.srcOutput = srcOutput.clone();
        int cap = Integer.highestOneBit(Math.max(capacityFrames, 1024) - 1) << 1;
        this.capacity = cap;
        this.mask = cap - 1;
        this.ring = new float[srcInput.length][cap];
    }

    /**
     * A cycle starts: its moves get the take-relative frame of its first sample; the take's first
     * cycle copies {@code applied} as the starting state. Thread: audio.
     */
    void beginCycle(float[] applied, int nframes) {
        if (!startTaken) {
            System.arraycopy(applied, 0, startState, 0, Math.min(applied.length, startState.length));
            startTaken = true;
            startCycleFrames = Math.max(1, nframes);
        }
        cycleFrame = ownWritten;
    }

    /** Appends one move ({@code key}: a slot, or {@code -1 - ordinal} of a command), or counts it lost. Thread: audio. */
    void logMove(int key, int valueBits) {
        long n = ownMoves;
        if (n - movesConsumed.get() >= moveCapacity) {
            ownMovesLost++;
            movesLost.lazySet(ownMovesLost);
            return;
        }
        int i = (int) (n & moveMask);
        moveFrame[i] = cycleFrame;
        moveEntry[i] = ((long) key << 32) | (valueBits & 0xFFFFFFFFL);
        ownMoves = n + 1;
        movesWritten.lazySet(ownMoves);
    }

    /** Copies one cycle into every ring, or drops it whole and counts it. Thread: audio. */
    void capture(float[][] inputs, float[][] outputs, int nframes) {
        if (closed) return;
        long w = ownWritten;
        if (w + nframes - consumed.get() > capacity) {
            ownDroppedBlocks++;
            ownDroppedFrames += nframes;
            droppedBlocks.lazySet(ownDroppedBlocks);
            droppedFrames.lazySet(ownDroppedFrames);
            return;
        }
        int at = (int) (w & mask);
        int first = Math.min(nframes, capacity - at);
        for (int r = 0; r < ring.length; r++) {
            int in = srcInput[r];
            float[] src = in >= 0 ? (in < inputs.length ? inputs[in] : null)
                    : (srcOutput[r] < outputs.length ? outputs[srcOutput[r]] : null);
            float[] dst = ring[r];
            if (src == null) {
                java.util.Arrays.fill(dst, at, at + first, 0f);
                java.util.Arrays.fill(dst, 0, nframes - first, 0f);
            } else {
                System.arraycopy(src, 0, dst, at, first);
                System.arraycopy(src, first, dst, 0, nframes - first);
            }
        }
        ownWritten = w + nframes;
        written.lazySet(ownWritten);
    }
}
