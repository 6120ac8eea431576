package org.jackdesk.engine.mix;

import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.MeterBank;
import org.jackdesk.engine.dsp.Compressor;
import org.jackdesk.engine.dsp.ParametricEq;
import org.jackdesk.engine.dsp.TransientShaper;

/**
 * An aux bus after its fader: 4-band EQ (the channel EQ) → compressor (the channel compressor) →
 * transient shaper (the main's) → true-peak safety limiter (in-ear monitors). Addresses
 * {@code bus/{n}/eq/...}, {@code bus/{n}/comp/...}, {@code bus/{n}/transient/...},
 * {@code bus/{n}/limiter/...}; all off by default, and off the shaper is skipped (bit for bit).
 *
 * <p>Thread: audio, except the constructor and {@link #prepare}.
 */
final class AuxChain implements BusChain {
    private final EqSlots eqSlots;
    private final CompSlots compSlots;
    private final int sLimOn, sLimCeiling, sLimRelease;
    private final int sTsOn, sTsAttack, sTsSustain;

    private final ParametricEq eq;
    private final Compressor comp;
    private final SwitchedLimiter limiter;
    private final TransientShaper shaper;

    /** @param bus0 the bus index, 0-based */
    AuxChain(ParamRegistry reg, int bus0, int channels) {
        String p = "bus/" + (bus0 + 1) + "/";
        eqSlots = new EqSlots(reg, p);
        compSlots = new CompSlots(reg, p);
        sLimOn = reg.slot(p + "limiter/on");
        sLimCeiling = reg.slot(p + "limiter/ceiling");
        sLimRelease = reg.slot(p + "limiter/release");
        sTsOn = reg.slot(p + "transient/on");
        sTsAttack = reg.slot(p + "transient/attack");
        sTsSustain = reg.slot(p + "transient/sustain");
        shaper = new TransientShaper(channels);
        eq = new ParametricEq(channels);
        comp = new Compressor(channels);
        limiter = new SwitchedLimiter(channels);
    }

    @Override
    public void prepare(float sampleRate, int maxFrames) {
        eq.prepare(sampleRate, maxFrames);
        comp.prepare(sampleRate, maxFrames);
        shaper.prepare(sampleRate, maxFrames);
        limiter.prepare(sampleRate, maxFrames);
    }

    @Override
    public void pull(float[] t, boolean snap) {
        eqSlots.apply(t, eq);
        compSlots.apply(t, comp);
        limiter.set(t[sLimOn] > 0.5f, t[sLimCeiling], t[sLimRelease], snap);
        shaper.setEnabled(t[sTsOn] > 0.5f);
        shaper.setAttackDb(t[sTsAttack]);
        shaper.setSustainDb(t[sTsSustain]);
        if (snap) {
            // a freshly built engine starts at its settings instead of fading into them
            eq.reset();
            comp.reset();
            shaper.snapEnabled();
        }
    }

    @Override
    public void process(float[][] bufs, int m) {
        eq.process(bufs, 0, m);
        comp.process(bufs, 0, m);
        shaper.run(bufs, 0, m);
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
        shaper.reset();
        limiter.reset();
    }
}
