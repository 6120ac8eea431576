package org.jackdesk.engine.host;

import org.jackdesk.config.Layout;
import org.jackdesk.engine.Engine;

/**
 * The one place that decides how the engine spreads its strips over threads ({@link
 * Engine.Threading}) from the system property {@value #PROPERTY}; the engine itself only takes the
 * decision as a constructor argument. Whoever builds an engine (the host, the offline renderer,
 * the benchmarks) asks here.
 *
 * <p>Thread: any (reads a system property; no state).
 */
public final class ThreadingPolicy {
    private ThreadingPolicy() {}

    /** The system property: {@code 0} (one group, no worker), {@code 1} (a worker) or {@code auto} (the default). */
    public static final String PROPERTY = "jackdesk.engine.workers";
    /** Fewest channels for which {@code auto} uses a worker. */
    public static final int MIN_CHANNELS = 16;

    /**
     * The live default for {@code layout}: a worker when the machine has at least 2 cores and
     * the layout at least {@link #MIN_CHANNELS} channels, unless {@code -Djackdesk.engine.workers}
     * says {@code 0} (never) or {@code 1} (always).
     *
     * @throws IllegalArgumentException naming the bad property value
     */
    public static Engine.Threading fromSystemProperty(Layout layout) {
        String v = System.getProperty(PROPERTY, "auto").trim();
        int cpus = Runtime.getRuntime().availableProcessors();
        switch (v) {
            case "0":
                return Engine.Threading.SINGLE;
            case "1":
                // Two SCHED_FIFO threads waiting on each other on one CPU would starve each other.
                if (cpus < 2) {
                    throw new IllegalArgumentException("-D" + PROPERTY + "=1 needs at least 2 CPUs; this machine"
                            + " offers the JVM " + cpus);
                }
                return Engine.Threading.WORKER;
            case "auto":
            case "":
                return cpus >= 2 && layout.channels().size() >= MIN_CHANNELS ? Engine.Threading.WORKER : Engine.Threading.SINGLE;
            default:
                throw new IllegalArgumentException("-D" + PROPERTY + " must be 0 (no worker thread), 1 (one worker"
                        + " thread) or auto, got '" + v + "'");
        }
    }
}
