package org.jackdesk.engine;

import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.dsp.Oscillator;
import org.jackdesk.engine.dsp.Ramp;

/**
 * The engineer's tools on the mix graph (docs/tools.md): the oscillator, added at the input of the
 * main bus and of the aux buses it is routed to, before their faders and processing (so a bus
 * limiter still protects an in-ear mix). Each destination leg has its own 20 ms gain ramp, so
 * routing changes never click; a destination at rest at 0 costs nothing.
 *
 * <p>Thread: the constructor control or worker; everything else audio (the bus mixer's pull and
 * sub-blocks).
 */
final class SignalTools {
    private final Oscillator osc = new Oscillator();
    private final int sOn, sType, sFreq, sLevel, sMain;
    private final int[] sBus;
    private final Ramp[] toMain = {new Ramp(20f, 0f), new Ramp(20f, 0f)};
    /** [bus][leg]: one ramp per leg of each aux bus. */
    private final Ramp[][] toBus;

    SignalTools(ParamRegistry registry, float sampleRate, float[][][] busSums, int subBlock) {
        sOn = registry.slot("osc/on");
        sType = registry.slot("osc/type");
        sFreq = registry.slot("osc/freq");
        sLevel = registry.slot("osc/level");
        sMain = registry.slot("osc/main");
        sBus = new int[busSums.length];
        toBus = new Ramp[busSums.length][];
        for (int b = 0; b < busSums.length; b++) {
            sBus[b] = registry.slot("osc/bus/" + (b + 1));
            toBus[b] = new Ramp[busSums[b].length];
            for (int l = 0; l < toBus[b].length; l++) {
                toBus[b][l] = new Ramp(20f, 0f);
                toBus[b][l].prepare(sampleRate);
            }
        }
        for (Ramp r : toMain) r.prepare(sampleRate);
        osc.prepare(sampleRate, subBlock);
    }

    /** Reads the tools' targets ({@code snap}: jump to them, at construction). */
    void pull(float[] t, boolean snap) {
        osc.setOn(t[sOn] > 0.5f);
        osc.setType((int) t[sType]);
        osc.setFreqHz(t[sFreq]);
        osc.setLevelDb(t[sLevel]);
        float main = t[sMain] > 0.5f ? 1f : 0f;
        for (Ramp r : toMain) set(r, main, snap);
        for (int b = 0; b < sBus.length; b++) {
            float on = t[sBus[b]] > 0.5f ? 1f : 0f;
            for (Ramp r : toBus[b]) set(r, on, snap);
        }
        if (snap) osc.reset();
    }

    private static void set(Ramp r, float v, boolean snap) {
        if (snap) r.snap(v);
        else r.setTarget(v);
    }

    /** Adds the tools' signals into the bus and main sums of a sub-block of {@code m} frames. */
    void inject(float[][][] busSums, float[][] mainSums, int m) {
        if (!osc.render(m)) return;
        float[] sig = osc.buffer();
        toMain[0].accumulate(sig, mainSums[0], m);
        toMain[1].accumulate(sig, mainSums[1], m);
        for (int b = 0; b < toBus.length; b++) {
            Ramp[] legs = toBus[b];
            for (int l = 0; l < legs.length; l++) legs[l].accumulate(sig, busSums[b][l], m);
        }
    }

    /** Silences the signal state (the oscillator restarts at its current settings). */
    void reset() {
        osc.reset();
    }
}
