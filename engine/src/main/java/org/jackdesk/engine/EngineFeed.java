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
}
