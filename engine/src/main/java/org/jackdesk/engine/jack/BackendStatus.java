package org.jackdesk.engine.jack;

/** Where an {@link AudioBackend} is in its life. */
public enum BackendStatus {
    /** Client open and ports registered, not yet processing. */
    OPEN,
    /**
     * The JACK server the user named is not running yet; the backend retries every second and
     * joins it when it appears ({@link JackBackend#waitFor}).
     */
    WAITING,
    /** Processing audio. */
    RUNNING,
    /** The JACK server went away; the backend keeps its state and retries every second. */
    SERVER_GONE,
    /** Closed by its owner; terminal. */
    CLOSED
}
