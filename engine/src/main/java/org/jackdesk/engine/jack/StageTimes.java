package org.jackdesk.engine.jack;

import org.jackdesk.engine.CycleStages;

/**
 * One cycle's time by stage ({@link CycleStages}), in nanoseconds: as a slow callback measured it,
 * or the usual cycle's (a 64-cycle exponential mean of the cycles under the threshold).
 */
public record StageTimes(long strips, long fx, long buses, long process) {
    public static final StageTimes NONE = new StageTimes(0, 0, 0, 0);

    /** True when the processor timed nothing (not the engine, or no cycle yet). */
    public boolean none() {
        return process == 0;
    }

    static StageTimes of(long[] r, int at) {
        return new StageTimes(r[at + CycleStages.STRIPS], r[at + CycleStages.FX], r[at + CycleStages.BUSES], r[at + CycleStages.PROCESS]);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "strips %.0f µs, fx %.0f µs, buses %.0f µs, process %.0f µs",
                strips / 1e3, fx / 1e3, buses / 1e3, process / 1e3);
    }
}
