package org.jackdesk.engine;

/**
 * The narrow facade through which the control plane reaches the audio engine, whichever backend
 * (JACK, internal clock) drives it: set a parameter, send a command, read meters and status.
 * The control plane never touches a sample buffer and never reads parameter values back from the
 * engine (the console state is the source of truth).
 *
 * <p>Thread: every method may be called from control (event-loop) or worker threads; none blocks.
 */
public interface EngineControl {
    /** Sets the parameter at registry {@code slot} to {@code value} (engineering units, already validated). */
    void setParam(int slot, double value);

    /** Queues a discrete command; false when the queue is full (report it to the client). */
    boolean command(EngineCommand command);

    /** The current engine's meters (a new engine after a sample-rate change brings new meters). */
    MeterBank meters();

    /** Sample rate in Hz of the running engine. */
    int sampleRate();

    /** Frames per period of the backend. */
    int periodFrames();

    /** Human-readable backend state, e.g. "jack:jackdesk@default", "internal clock", "JACK server gone". */
    String backendStatus();

    /** Xruns since start (0 on the internal clock). */
    long xruns();

    /** DSP load of the backend in percent (JACK's figure, or measured callback time / period). */
    float dspLoadPercent();

    /** Longest process-callback time since start, in microseconds. */
    double callbackMaxMicros();

    /**
     * Callbacks longer than half the period since start, by cause (docs/engine-notes.md,
     * "Attributing slow callbacks"), or null when the backend does not attribute them (the
     * internal clock).
     */
    default org.jackdesk.engine.jack.CallbackAttribution.Snapshot slowCallbacks() {
        return null;
    }

    /**
     * The running engine's real-time analyser tap (a new engine brings a new tap), or null when
     * this facade has no engine to tap (test doubles).
     */
    default org.jackdesk.engine.rta.RtaTap rta() {
        return null;
    }

    /**
     * The running engine's feedback-suppressor tap ({@code Engine#feedbackTap}: slot 0 the main,
     * {@code 1 + b} aux bus b; a new engine brings a new tap), or null without an engine to tap.
     */
    default org.jackdesk.engine.rta.RtaTap feedbackTap() {
        return null;
    }

    /**
     * The watched stage boxes (docs/stagebox.md) as last seen, in configuration order; empty when
     * none are configured or the engine does not run on JACK.
     */
    default java.util.List<org.jackdesk.engine.jack.StageBoxStatus> stageBoxes() {
        return java.util.List.of();
    }

    /**
     * The JACK MIDI pair's queues (docs/midi.md), or null when the console has no MIDI ports
     * (configuration, test doubles). Thread: any.
     */
    default org.jackdesk.engine.midi.MidiTransport midi() {
        return null;
    }

    /**
     * Every JACK MIDI pair's queues, the first ({@link #midi}) first (docs/midi.md, "More port
     * pairs"); empty without MIDI ports. Thread: any.
     */
    default java.util.List<org.jackdesk.engine.midi.MidiTransport> midiPairs() {
        org.jackdesk.engine.midi.MidiTransport first = midi();
        return first == null ? java.util.List.of() : java.util.List.of(first);
    }
}
