package org.jackdesk.engine.mix;

import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.dsp.ParametricEq;

/**
 * The 4-band EQ's parameter slots under one prefix ({@code ch/3/} or {@code bus/2/}), resolved
 * once, and how their values set a {@link ParametricEq}: one wiring for channels and aux buses.
 *
 * <p>Thread: constructor on control/worker; {@link #apply} on the audio thread.
 */
final class EqSlots {
    private final int on, type1, type4;
    private final int[] freq = new int[Layout.EQ_BANDS], gain = new int[Layout.EQ_BANDS], q = new int[Layout.EQ_BANDS];

    EqSlots(ParamRegistry reg, String prefix) {
        on = reg.slot(prefix + "eq/on");
        type1 = reg.slot(prefix + "eq/1/type");
        type4 = reg.slot(prefix + "eq/4/type");
        for (int b = 0; b < Layout.EQ_BANDS; b++) {
            freq[b] = reg.slot(prefix + "eq/" + (b + 1) + "/freq");
            gain[b] = reg.slot(prefix + "eq/" + (b + 1) + "/gain");
            q[b] = reg.slot(prefix + "eq/" + (b + 1) + "/q");
        }
    }

    boolean enabled(float[] t) {
        return t[on] > 0.5f;
    }

    void apply(float[] t, ParametricEq eq) {
        eq.setEnabled(t[on] > 0.5f);
        eq.setBandType(0, t[type1] > 0.5f ? ParametricEq.PEAK : ParametricEq.LOW_SHELF);
        eq.setBandType(1, ParametricEq.PEAK);
        eq.setBandType(2, ParametricEq.PEAK);
        eq.setBandType(3, t[type4] > 0.5f ? ParametricEq.PEAK : ParametricEq.HIGH_SHELF);
        for (int b = 0; b < Layout.EQ_BANDS; b++) {
            eq.setBandFreqHz(b, t[freq[b]]);
            eq.setBandGainDb(b, t[gain[b]]);
            eq.setBandQ(b, t[q[b]]);
        }
    }
}
