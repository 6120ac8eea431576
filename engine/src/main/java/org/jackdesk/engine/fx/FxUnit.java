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

    /** Clears the signal state (delay lines, filters); keeps the settings. */
    void reset();
}
