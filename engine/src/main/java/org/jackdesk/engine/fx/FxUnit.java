package org.jackdesk.engine.fx;

/**
 * One effect algorithm of an FX slot. Every unit of a slot is built and prepared with all its
 * memory before the engine runs; a type change crossfades from one prepared unit to another
 * ({@link FxProcessor}), so nothing is allocated on the audio thread.
 *
 * <p>Thread: {@link #prepare} off the audio thread; everything else on the audio thread. {@link
 * #set} only stores (the package's DSP contract: derived values are recomputed at the next
 * {@link #process}).
 */
interface FxUnit {
    /** Allocates every buffer for {@code sampleRate}. Thread: not the audio thread. */
    void prepare(float sampleRate);

    /** Takes the slot's settings; recomputed at the next {@link #process}. Thread: audio. */
    void set(FxParams p);

    /**
     * Reads {@code m} frames of the stereo input and writes {@code m} frames of 100 % wet output
     * (the return carries only the effect). The output arrays are not the input arrays.
     */
    void process(float[] inL, float[] inR, float[] outL, float[] outR, int m);

    /** Samples after the last non-zero input until the output is below −120 dBFS for sure. */
    long tailSamples();

    /**
     * Clears the signal state apart from the delay lines (filters, positions, LFOs: a bounded,
     * small amount of work); keeps the settings. The lines are cleared by the caller ({@link
     * FxProcessor} spreads that over sub-blocks; {@link #reset} does it at once).
     */
    void resetState();

    /** Every delay line of the unit (the memory a clear must zero); the same objects for its life. */
    Line[] lines();

    /** Clears the whole signal state at once, lines included; keeps the settings. */
    default void reset() {
        for (Line l : lines()) l.clear();
        resetState();
    }
}
