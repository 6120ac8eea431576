package org.jackdesk.bench;

/**
 * What {@code bench soak} reads from the console side over the measured window: from the child
 * process it started ({@link SoakChildConsole}), or from {@code /metrics} with {@code --url}
 * ({@link SoakMetricsProbe}).
 */
interface SoakConsoleProbe extends AutoCloseable {
    /** Starts the measured window. */
    void reset() throws Exception;

    /** What the console measured since {@link #reset}. */
    SoakConsoleStats stats() throws Exception;

    boolean alive();

    @Override
    void close();
}
