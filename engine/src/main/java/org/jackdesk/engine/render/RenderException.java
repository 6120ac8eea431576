package org.jackdesk.engine.render;

/** The inputs do not fit the console (channel count, sample rates, mono/stereo). The message says how. */
public final class RenderException extends Exception {
    private static final long serialVersionUID = 1L;

    public RenderException(String message) {
        super(message);
    }
}
