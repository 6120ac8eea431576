package org.jackdesk.engine.mix;

import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.dsp.Compressor;

/**
 * The compressor's parameter slots under one prefix ({@code ch/3/} or {@code bus/2/}), resolved
 * once, and how their values set a {@link Compressor}: one wiring for channels and aux buses.
 *
 * <p>Thread: constructor on control/worker; {@link #apply} on the audio thread.
 */
final class CompSlots {
    private final int on, threshold, ratio, knee, attack, release, makeup, autoMakeup, detect, scOn, scFreq;

    CompSlots(ParamRegistry reg, String prefix) {
        String c = prefix + "comp/";
        on = reg.slot(c + "on");
        threshold = reg.slot(c + "threshold");
        ratio = reg.slot(c + "ratio");
        knee = reg.slot(c + "knee");
        attack = reg.slot(c + "attack");
        release = reg.slot(c + "release");
        makeup = reg.slot(c + "makeup");
        autoMakeup = reg.slot(c + "automakeup");
        detect = reg.slot(c + "detect");
        scOn = reg.slot(c + "schpf/on");
        scFreq = reg.slot(c + "schpf/freq");
    }

    boolean enabled(float[] t) {
        return t[on] > 0.5f;
    }

    void apply(float[] t, Compressor comp) {
        comp.setEnabled(t[on] > 0.5f);
        comp.setThresholdDb(t[threshold]);
        comp.setRatio(t[ratio]);
        comp.setKneeDb(t[knee]);
        comp.setAttackMs(t[attack]);
        comp.setReleaseMs(t[release]);
        comp.setMakeupDb(t[makeup]);
        comp.setAutoMakeup(t[autoMakeup] > 0.5f);
        comp.setRms(t[detect] > 0.5f);
        comp.setSidechainHpf(t[scOn] > 0.5f, t[scFreq]);
    }
}
