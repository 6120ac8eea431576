package org.jackdesk.engine.mix;

/**
 * The processing a {@link BusStrip} runs after its fader: {@link AuxChain} on aux buses,
 * {@link MainChain} on the main bus.
 *
 * <p>Thread: audio, except construction and {@link #prepare}.
 */
interface BusChain {
    void prepare(float sampleRate, int maxFrames);

    /** Reads the targets (registry slots resolved at construction); {@code snap} only while building. */
    void pull(float[] t, boolean snap);

    /** Processes the bus sums {@code bufs[c][0..m)} in place. */
    void process(float[][] bufs, int m);

    /** Writes the chain's meters (gain reductions) into the bus's meter fields at {@code base}. */
    void publish(float[] meters, int base, int frames);

    /** Latency the chain adds now, in frames. */
    int latencyFrames();

    /** Clears all signal state (filters, detectors, delay lines). */
    void reset();
}
