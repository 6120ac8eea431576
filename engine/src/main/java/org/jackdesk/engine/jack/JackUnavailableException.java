package org.jackdesk.engine.jack;

/**
 * JACK could not be used: no server under that name, a port that could not be registered, a
 * client that could not be activated. The message is meant for the user as it is.
 */
public final class JackUnavailableException extends Exception {
    public JackUnavailableException(String message) {
        super(message);
    }

    public JackUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
