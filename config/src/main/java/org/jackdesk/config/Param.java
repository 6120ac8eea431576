package org.jackdesk.config;

/**
 * One concrete address of a registry, e.g. {@code ch/3/eq/2/gain}: its definition, its slot
 * (dense index used by the engine and the console state) and the indices it was expanded with.
 */
public record Param(String path, ParamDef def, int slot, int index, int inner) {
    public ParamType type() {
        return def.type();
    }

    public Unit unit() {
        return def.unit();
    }

    public double min() {
        return def.min();
    }

    public double max() {
        return def.max();
    }

    public double defaultValue() {
        return def.defaultFor(inner);
    }

    /** Checked conversion of an external value (Boolean, Number, String) to engineering units. */
    public double parse(Object value) throws ParamException {
        return def.parse(path, value);
    }

    /** Checks a value in engineering units; returns its canonical form. */
    public double check(double value) throws ParamException {
        return def.check(path, value);
    }

    public Object toExternal(double value) {
        return def.toExternal(value);
    }
}
