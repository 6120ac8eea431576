package org.jackdesk.engine.jack;

/**
 * Told when a backend changes {@link BackendStatus}, with a one-line human-readable detail
 * ("JACK server gone", "JACK server back; 18 of 18 connections made").
 *
 * <p>Thread: called on the backend's worker thread, never the audio thread; must not block long.
 */
@FunctionalInterface
public interface StatusListener {
    void onStatus(BackendStatus status, String detail);
}
