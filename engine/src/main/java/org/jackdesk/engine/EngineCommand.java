package org.jackdesk.engine;

/**
 * Discrete commands for the audio thread, sent through a bounded lock-free queue and applied at
 * the start of the next cycle. Enum constants are singletons, so sending one allocates nothing.
 */
public enum EngineCommand {
    /** Clears every channel clip latch and every bus over latch (aux, main, monitor). */
    RESET_CLIPS,
    /** Clears every peak hold. */
    RESET_PEAK_HOLDS,
    /**
     * Starts a new main-bus loudness measurement: integrated loudness, loudness range, maximum
     * momentary/short-term, true peak and sample peak start again from nothing.
     */
    RESET_LOUDNESS,
    /** Clears all signal state (filters, delays, detectors) of every strip and bus: a panic button. */
    RESET_SIGNAL_STATE
}
