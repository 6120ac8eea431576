package org.jackdesk.engine.mix;

import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.MeterBank;
import org.jackdesk.engine.dsp.Compressor;
import org.jackdesk.engine.dsp.ParametricEq;

/**
 * An aux bus after its fader: 4-band EQ (the channel EQ) → compressor (the channel compressor) →
 * true-peak safety limiter (in-ear monitors). Addresses {@code bus/{n}/eq/...},
 * {@code bus/{n}/comp/...}, {@code bus/{n}/limiter/...}; all off by default.
 *
 * <p>Thread: audio, except the constructor and {@link #prepare}.
 */
final class AuxChain implements BusChain {
    private final int sEqOn, sEqType1, sEqType4;
    private final int[] sEqFreq = new int[Layout.EQ_BANDS], sEqGain = new int[Layout.EQ_BANDS], sEqQ = new int[Layout.EQ_BANDS];
    private final int sCompOn, sCompThr, sCompRatio, sCompKnee, sCompAtt, sCompRel, sCompMakeup, sCompAuto, sCompDetect;
    private final int sCompScOn, sCompScFreq, sLimOn, sLimCeiling, sLimRelease;

    private final ParametricEq eq;
    private final Compressor comp;
    private final SwitchedLimiter limiter;

    /** @param bus0 the bus index, 0-based */
    AuxChain(ParamRegistry reg, int bus0, int channels) {
        String p = "bus/" + (bus0 + 1) + "/";
        sEqOn = reg.slot(p + "eq/on");
        sEqType1 = reg.slot(p + "eq/1/type");
        sEqType4 = reg.slot(p + "eq/4/type");
        for (int b = 0; b < Layout.EQ_BANDS; b++) {
            sEqFreq[b] = reg.slot(p + "eq/" + (b + 1) + "/freq");
            sEqGain[b] = reg.slot(p + "eq/" + (b + 1) + "/gain");
            sEqQ[b] = reg.slot(p + "eq/" + (b + 1) + "/q");
        }
        sCompOn = reg.slot(p + "comp/on");
        sCompThr = reg.slot(p + "comp/threshold");
        sCompRatio = reg.slot(p + "comp/ratio");
        sCompKnee = reg.slot(p + "comp/knee");
        sCompAtt = reg.slot(p + "comp/attack");
        sCompRel = reg.slot(p + "comp/release");
        sCompMakeup = reg.slot(p + "comp/makeup");
        sCompAuto = reg.slot(p + "comp/automakeup");
        sCompDetect = reg.slot(p + "comp/detect");
        sCompScOn = reg.slot(p + "comp/schpf/on");
        sCompScFreq = reg.slot(p + "comp/schpf/freq");
        sLimOn = reg.slot(p + "limiter/on");
        sLimCeiling = reg.slot(p + "limiter/ceiling");
        sLimRelease = reg.slot(p + "limiter/release");
        eq = new ParametricEq(channels);
        comp = new Compressor(channels);
        limiter = new SwitchedLimiter(channels);
    }

    @Override
    public void prepare(float sampleRate, int maxFrames) {
        eq.prepare(sampleRate, maxFrames);
        comp.prepare(sampleRate, maxFrames);
        limiter.prepare(sampleRate, maxFrames);
    }

    @Override
    public void pull(float[] t, boolean snap) {
        eq.setEnabled(t[sEqOn] > 0.5f);
        eq.setBandType(0, t[sEqType1] > 0.5f ? ParametricEq.PEAK : ParametricEq.LOW_SHELF);
        eq.setBandType(1, ParametricEq.PEAK);
        eq.setBandType(2, ParametricEq.PEAK);
        eq.setBandType(3, t[sEqType4] > 0.5f ? ParametricEq.PEAK : ParametricEq.HIGH_SHELF);
        for (int b = 0; b < Layout.EQ_BANDS; b++) {
            eq.setBandFreqHz(b, t[sEqFreq[b]]);
            eq.setBandGainDb(b, t[sEqGain[b]]);
            eq.setBandQ(b, t[sEqQ[b]]);
        }
        comp.setEnabled(t[sCompOn] > 0.5f);
        comp.setThresholdDb(t[sCompThr]);
        comp.setRatio(t[sCompRatio]);
        comp.setKneeDb(t[sCompKnee]);
        comp.setAttackMs(t[sCompAtt]);
        comp.setReleaseMs(t[sCompRel]);
        comp.setMakeupDb(t[sCompMakeup]);
        comp.setAutoMakeup(t[sCompAuto] > 0.5f);
        comp.setRms(t[sCompDetect] > 0.5f);
        comp.setSidechainHpf(t[sCompScOn] > 0.5f, t[sCompScFreq]);
        limiter.set(t[sLimOn] > 0.5f, t[sLimCeiling], t[sLimRelease], snap);
        if (snap) {
            // a freshly built engine starts at its settings instead of fading into them
            eq.reset();
            comp.reset();
        }
    }

    @Override
    public void process(float[][] bufs, int m) {
        eq.process(bufs, 0, m);
        comp.process(bufs, 0, m);
        limiter.process(bufs, m);
    }

    @Override
    public void publish(float[] meters, int base, int frames) {
        meters[base + MeterBank.BUS_COMP_GR] = comp.gainReductionDb();
        meters[base + MeterBank.BUS_LIMITER_GR] = limiter.gainReductionDb();
    }

    @Override
    public int latencyFrames() {
        return limiter.latencyFrames();
    }

    @Override
    public void reset() {
        eq.reset();
        comp.reset();
        limiter.reset();
    }
}
