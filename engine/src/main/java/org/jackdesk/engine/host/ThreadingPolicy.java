package org.jackdesk.engine.host;

import org.jackdesk.config.Layout;
import org.jackdesk.engine.Engine;

/**
 * The one place that turns a choice of worker threads ({@link Workers}: from the system property
 * {@value #PROPERTY} or given by the console's composition root) into how the engine spreads its
 * strips over threads ({@link Engine.Threading}); the engine itself only takes the decision as a
 * constructor argument, and the host as an option.
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
     * Whether the strips get a worker thread, as chosen by whoever composes the console (the
     * control module's {@code Console}, from {@code start}'s {@code -D}{@value #PROPERTY}); the
     * choice becomes an {@link Engine.Threading} for a layout through {@link #threading}.
     */
    public enum Workers {
        /** One group on the audio thread, no worker. */
        OFF,
        /** A worker thread (needs at least 2 CPUs). */
        ON,
        /** A worker when the machine has at least 2 cores and the layout at least {@link #MIN_CHANNELS} channels. */
        AUTO;

        /**
         * The choice the system property {@value #PROPERTY} makes ({@code 0}, {@code 1} or {@code auto}, the default).
         * Also checks {@link Engine.Threading#CHUNK_PROPERTY}, which the engines read when built.
         *
         * @throws IllegalArgumentException naming the bad property value
         */
        public static Workers fromSystemProperty() {
            Engine.Threading.chunkStrips(); // read by every engine's build: a bad value is told here, at the start
            String v = System.getProperty(PROPERTY, "auto").trim();
            return switch (v) {
                case "0" -> OFF;
                case "1" -> ON;
                case "auto", "" -> AUTO;
                default -> throw new IllegalArgumentException("-D" + PROPERTY + " must be 0 (no worker thread), 1 (one worker"
                        + " thread) or auto, got '" + v + "'");
            };
        }

        /**
         * The threading for {@code layout} on this machine.
         *
         * @throws IllegalArgumentException for {@link #ON} on a machine with fewer than 2 CPUs
         */
        public Engine.Threading threading(Layout layout) {
            int cpus = Runtime.getRuntime().availableProcessors();
            return switch (this) {
                case OFF -> Engine.Threading.SINGLE;
                case ON -> {
                    // Two SCHED_FIFO threads waiting on each other on one CPU would starve each other.
                    if (cpus < 2) {
                        throw new IllegalArgumentException("-D" + PROPERTY + "=1 needs at least 2 CPUs; this machine"
                                + " offers the JVM " + cpus);
                    }
                    yield Engine.Threading.WORKER;
                }
                case AUTO -> cpus >= 2 && layout.channels().size() >= MIN_CHANNELS ? Engine.Threading.WORKER : Engine.Threading.SINGLE;
            };
        }
    }

    /**
     * The live default for {@code layout}: a worker when the machine has at least 2 cores and
     * the layout at least {@link #MIN_CHANNELS} channels, unless {@code -Djackdesk.engine.workers}
     * says {@code 0} (never) or {@code 1} (always). For the offline renderer, the benchmarks and
     * engine tests; the live console decides once, in its composition root.
     *
     * @throws IllegalArgumentException naming the bad property value
     */
    public static Engine.Threading fromSystemProperty(Layout layout) {
        return Workers.fromSystemProperty().threading(layout);
    }
}
