package org.jackdesk.engine.jack;

/**
 * Told when a stage box connects, is lost, or is found missing at start ({@link StageBoxStatus}).
 *
 * <p>Thread: called on the backend's worker thread, never the audio thread or JACK's
 * notification thread; must not block long.
 */
@FunctionalInterface
public interface StageBoxListener {
    void onStageBox(StageBoxStatus status);
}
