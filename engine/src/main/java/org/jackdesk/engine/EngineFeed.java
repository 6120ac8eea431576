package org.jackdesk.engine;

/**
 * An {@link AudioProcessor} that feeds an {@link Engine} (the backend's inputs, a demo programme,
 * a benchmark's noise) and passes everything else on to it unchanged: the cycle's early start
 * (which wakes the strip worker), the real-time priority for that worker, and the latencies.
 * Subclasses write only {@link #process}, so no wrapper can forget one of these.
 *
 * <p>Thread: as {@link AudioProcessor}.
 */
public abstract class EngineFeed implements AudioProcessor {
    protected final Engine engine;

    protected EngineFeed(Engine engine) {
        this.engine = engine;
    }

    /**
     * Declared here although {@link AudioProcessor} declares it: an abstract class that leaves an
     * interface method undeclared while the interface has default methods gets a JVM-made
     * "overpass" method whose error message is a string literal in this class's runtime constant
     * pool, and the first C2 compilation that the JACK thread requests for a method of this class
     * would allocate that string (112 bytes, seen in CI). See {@link RealtimeLiterals}.
     */
    @Override
    public abstract void process(float[][] inputs, float[][] outputs, int nframes);

    public final Engine engine() {
        return engine;
    }

    @Override
    public final void beginCycle() {
        engine.beginCycle();
    }

    @Override
    public final void realtimePriority(int priority) {
        engine.realtimePriority(priority);
    }

    @Override
    public final int latencyFrames() {
        return engine.latencyFrames();
    }

    @Override
    public final int latencyFrames(int output) {
        return engine.latencyFrames(output);
    }

    @Override
    public final long workerWaitNanos() {
        return engine.workerWaitNanos();
    }

    @Override
    public final long workerLateSubBlocks() {
        return engine.workerLateSubBlocks();
    }

    @Override
    public final void workerStalls(long[] into) {
        engine.workerStalls(into);
    }

    @Override
    public final void cycleStages(long[] into) {
        engine.cycleStages(into);
    }

    @Override
    public final long workerThreadId() {
        return engine.workerThreadId();
    }
}
