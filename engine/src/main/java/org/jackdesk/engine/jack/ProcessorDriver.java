package org.jackdesk.engine.jack;

import java.util.Arrays;
import org.jackdesk.engine.AudioProcessor;

/**
 * The part of a backend that the audio thread runs: the current processor, the Java-side sample
 * buffers, and the counters. Shared by {@link JackBackend} and {@link InternalClock}.
 *
 * <p>Thread: {@link #runProcessor}, {@link #cycleDone} audio only (single writer of the counters);
 * {@link #ensureCapacity} and the setters any non-audio thread.
 */
final class ProcessorDriver {
    /** Java-side buffers, replaced (never resized in place) when a larger period appears. */
    static final class Buffers {
        final float[][] in;
        final float[][] out;
        final int capacity;

        Buffers(int inputs, int outputs, int capacity) {
            this.in = new float[inputs][capacity];
            this.out = new float[outputs][capacity];
            this.capacity = capacity;
        }
    }

    final CallbackStats stats = new CallbackStats();
    /** The slow callbacks' own measurements (only {@link JackBackend} turns them on). */
    final SlowCallbacks slow = new SlowCallbacks();
    final int inputs;
    final int outputs;
    volatile Buffers buffers;
    volatile AudioProcessor processor;
    volatile long cycles;
    volatile long failures;
    volatile long nonFinite;
    volatile long audioThreadId;

    ProcessorDriver(int inputs, int outputs, int initialCapacity) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.buffers = new Buffers(inputs, outputs, Math.max(1, initialCapacity));
    }

    /** Thread: any but audio. Grows the buffers (allocating) so that {@code frames} fit in one piece. */
    synchronized void ensureCapacity(int frames) {
        if (frames > buffers.capacity) buffers = new Buffers(inputs, outputs, frames);
    }

    /**
     * Thread: audio. Runs the processor on {@code b} for {@code n} frames; a throwing or missing
     * processor yields silence, and an output channel holding NaN or infinity is silenced.
     */
    void runProcessor(Buffers b, int n) {
        float[][] out = b.out;
        AudioProcessor p = processor;
        if (p == null) {
            silence(out, n);
            return;
        }
        try {
            p.process(b.in, out, n);
        } catch (Throwable t) {
            // Never let anything reach native code; the exception object was the processor's allocation.
            failures = failures + 1;
            silence(out, n);
            return;
        }
        for (float[] ch : out) {
            float probe = 0f;
            for (int i = 0; i < n; i++) probe += ch[i] * 0f; // NaN iff some sample is NaN or infinite
            if (probe != probe) {
                Arrays.fill(ch, 0, n, 0f);
                nonFinite = nonFinite + 1;
            }
        }
    }

    /** Thread: audio. Records the thread (once per new thread) and the cycle's duration. */
    void cycleDone(long startNanos) {
        long id = Thread.currentThread().getId();
        if (id != audioThreadId) audioThreadId = id;
        cycles = cycles + 1;
        long nanos = System.nanoTime() - startNanos;
        stats.record(nanos);
        slow.end(startNanos, nanos);
    }

    private static void silence(float[][] out, int n) {
        for (float[] ch : out) Arrays.fill(ch, 0, n, 0f);
    }
}
