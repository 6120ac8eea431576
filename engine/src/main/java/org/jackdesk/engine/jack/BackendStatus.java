package org.jackdesk.engine.jack;

/** Where an {@link AudioBackend} is in its life. */
public enum BackendStatus {
    /** Client open and ports registered, not yet processing. */
    OPEN,
    /** Processing audio. */
    RUNNING,
    /** The JACK server went away; the backend keeps its state and retries every second. */
    SERVER_GONE,
    /** Closed by its owner; terminal. */
    CLOSED
}
