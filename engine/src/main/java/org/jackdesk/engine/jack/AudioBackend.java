package org.jackdesk.engine.jack;

import org.jackdesk.engine.AudioProcessor;

/**
 * Something that drives an {@link AudioProcessor} once per period: {@link JackBackend} (a real
 * JACK client) or {@link InternalClock} (a timed thread when no JACK server is available).
 *
 * <p>Thread: every method may be called from any thread except the audio thread.
 */
public interface AudioBackend extends AutoCloseable {
    /** Atomically replaces the processor; the next cycle uses the new one. Null outputs silence. */
    void setProcessor(AudioProcessor processor);

    AudioProcessor processor();

    int sampleRate();

    /** Frames per period (the largest {@code nframes} the processor is currently given). */
    int bufferSize();

    int inputCount();

    int outputCount();

    BackendStatus status();

    /** Completed audio cycles since open. */
    long cycleCount();

    /** Xruns (at most one per cycle) since open; for the internal clock, periods it fell behind. */
    long xrunCount();

    /** Cycles where the processor threw; those cycles output silence. */
    long processorFailures();

    /** Output channels silenced because the processor wrote NaN or infinity. */
    long nonFiniteOutputs();

    /** Callback durations since the last {@link #resetCallbackTimes()}. */
    CallbackTimes callbackTimes();

    void resetCallbackTimes();

    /** Callbacks longer than half the period and their causes, or null when this backend does not attribute them. */
    default CallbackAttribution.Snapshot slowCallbacks() {
        return null;
    }

    /** DSP load in percent: JACK's own figure, or callback time over period for the internal clock. */
    float dspLoadPercent();

    /** Stops processing and releases the client or thread; idempotent. */
    @Override
    void close();
}
