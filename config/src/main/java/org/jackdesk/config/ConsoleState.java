package org.jackdesk.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The single source of truth for every parameter value of one console. The server holds one,
 * {@code render} holds its own. Values are in engineering units, indexed by registry slot.
 *
 * <p>Thread: control and worker threads. Writes are serialised and listeners are called in the
 * order of the writes (inside the lock), so every listener — the engine facade, the clients, the
 * autosave — sees the same last value. Listeners must not block.
 */
public final class ConsoleState {
    /** Notified of every change that altered a value. */
    @FunctionalInterface
    public interface Listener {
        /** @param origin who made the change (a session, "scene", "cli"), passed through untouched */
        void changed(Param param, double value, Object origin);
    }

    private final ParamRegistry registry;
    private final double[] values;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public ConsoleState(ParamRegistry registry) {
        this.registry = registry;
        this.values = new double[registry.size()];
        for (Param p : registry.all()) values[p.slot()] = p.defaultValue();
    }

    public ParamRegistry registry() {
        return registry;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    public synchronized double get(int slot) {
        return values[slot];
    }

    public double get(String path) throws ParamException {
        return get(registry.require(path).slot());
    }

    /** Sets a value already in engineering units; it is checked. Returns the value applied. */
    public double set(Param p, double value, Object origin) throws ParamException {
        double v = p.check(value);
        apply(p, v, origin);
        return v;
    }

    /** Sets from an external value (JSON/OSC/CLI): address and value checked. Returns the value applied. */
    public double set(String path, Object value, Object origin) throws ParamException {
        Param p = registry.require(path);
        double v = p.parse(value);
        apply(p, v, origin);
        return v;
    }

    /** Moves a value by {@code delta}, clamped to its range. Returns the value applied. */
    public synchronized double nudge(Param p, double delta, Object origin) {
        double v = p.def().clamp(values[p.slot()] + delta);
        apply(p, v, origin);
        return v;
    }

    private synchronized void apply(Param p, double v, Object origin) {
        int s = p.slot();
        if (values[s] == v) return;
        values[s] = v;
        for (Listener l : listeners) l.changed(p, v, origin);
    }

    /**
     * Applies many values at once (scene recall, show load). {@code newValues} is indexed by slot;
     * NaN entries are left unchanged. Every value must already be checked.
     */
    public synchronized void applyAll(double[] newValues, Object origin) {
        for (int s = 0; s < values.length && s < newValues.length; s++) {
            double v = newValues[s];
            if (Double.isNaN(v)) continue;
            apply(registry.get(s), v, origin);
        }
    }

    public synchronized double[] copyValues() {
        return values.clone();
    }

    /** Every value as path → external value (Boolean, String, Double), in registry order. */
    public synchronized Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Param p : registry.all()) m.put(p.path(), p.toExternal(values[p.slot()]));
        return m;
    }

    /** Values of one subtree ("ch/1", "main", or a single path) as path → external value. */
    public synchronized Map<String, Object> snapshot(String prefix) throws ParamException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Param p : registry.subtree(prefix)) m.put(p.path(), p.toExternal(values[p.slot()]));
        return m;
    }
}
