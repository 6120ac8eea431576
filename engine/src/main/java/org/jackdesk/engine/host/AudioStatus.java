package org.jackdesk.engine.host;

/**
 * Where the console's audio is, as a value: what the terminal, the tablets and {@code /api/health}
 * are told, without anybody parsing {@link #text()} back.
 *
 * @param state what the audio is doing
 * @param text one line for a person ({@code jack:jackdesk@default}, {@code internal clock},
 *     {@code JACK server gone}, {@code waiting for JACK server 'studio'}); also
 *     {@link EngineHost#backendStatus()}
 */
public record AudioStatus(State state, String text) {
    public enum State {
        /** Not yet on a backend. */
        STARTING,
        /** Processing on a JACK server (the user's or a private one). */
        JACK,
        /** Processing on the internal clock: no audio interface, on purpose or for want of JACK. */
        INTERNAL_CLOCK,
        /** The JACK server the user named is not running yet; retried every second, joined when it appears. */
        WAITING_FOR_SERVER,
        /** The JACK server went away; retried every second, rejoined with the same ports and mix. */
        SERVER_GONE,
        /** Closed by its owner. */
        CLOSED
    }

    public AudioStatus {
        if (state == null || text == null) throw new IllegalArgumentException("state and text are required");
    }

    /** True while audio is processed (on JACK or the internal clock). */
    public boolean running() {
        return state == State.JACK || state == State.INTERNAL_CLOCK;
    }
}
