package org.jackdesk.engine;

/**
 * Whether the strip worker reads its own clocks for the slow-callback attribution. Set by the JACK
 * backend once its attribution runs (its native binding is then loaded): the worker's clocks go
 * through the same native path, and loading it earlier, in a JVM that denies native access, would
 * leave the JACK binding only "Could not initialize class com.sun.jna.Native" to report instead of
 * the cause (StartWithoutJackTest). Thread: any.
 */
public final class WorkerClocks {
    private static volatile boolean on;

    private WorkerClocks() {
    }

    /** The JACK backend's attribution runs: the worker may read its clocks from now on. */
    public static void enable() {
        on = true;
    }

    static boolean enabled() {
        return on;
    }
}
