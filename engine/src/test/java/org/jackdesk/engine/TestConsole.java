package org.jackdesk.engine;

import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamException;
import org.jackdesk.config.ParamRegistry;

/** A console (state + engine wired as the server wires them) for engine tests. */
public final class TestConsole {
    public final ParamRegistry registry;
    public final ConsoleState state;
    public final Engine engine;
    public final float[][] in;
    public final float[][] out;
    public final int period;

    public TestConsole(Layout layout, int period) {
        this(layout, period, null);
    }

    /** {@code setup} runs before the engine is built (values then apply without ramps). */
    public TestConsole(Layout layout, int period, java.util.function.Consumer<ConsoleState> setup) {
        this.registry = ParamRegistry.forLayout(layout);
        this.state = new ConsoleState(registry);
        if (setup != null) setup.accept(state);
        this.engine = new Engine(registry, 48000f, state.copyValues());
        state.addListener((p, v, o) -> engine.setParam(p.slot(), v));
        this.period = period;
        this.in = new float[layout.inputCount()][period];
        this.out = new float[engine.outputPortNames().size()][period];
    }

    public void set(String path, Object value) {
        try {
            state.set(path, value, "test");
        } catch (ParamException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** Fills every input with a constant and runs {@code cycles} periods. */
    public void runDc(float level, int cycles) {
        for (float[] b : in) java.util.Arrays.fill(b, level);
        for (int i = 0; i < cycles; i++) engine.process(in, out, period);
    }

    public int output(String name) {
        int i = engine.outputPortNames().indexOf(name);
        if (i < 0) throw new AssertionError("no output " + name + " in " + engine.outputPortNames());
        return i;
    }

    /** Last sample of an output after the previous run. */
    public float last(String name) {
        return out[output(name)][period - 1];
    }
}
