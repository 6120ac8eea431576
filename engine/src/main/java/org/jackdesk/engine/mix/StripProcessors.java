package org.jackdesk.engine.mix;

import org.jackdesk.engine.rta.RtaTap;

import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.MeterBank;
import org.jackdesk.engine.dsp.BiquadBank;
import org.jackdesk.engine.dsp.Compressor;
import org.jackdesk.engine.dsp.DelayLine;
import org.jackdesk.engine.dsp.Gate;
import org.jackdesk.engine.dsp.HighPass;
import org.jackdesk.engine.dsp.ParametricEq;

/**
 * A channel strip's processing chain, delay → HPF → gate → EQ ⇄ compressor, with its parameter
 * slots and its sleep: processors that have all been off for longer than any of their fades are not
 * called at all (their smoothers stand still and the delay line is not written; see
 * {@link DelayLine}: it wakes from an empty line with a fade-in). Switching one on wakes them
 * through its bypass fade.
 *
 * <p>Thread: audio (the strip's group thread), except the constructor and {@link #prepare}.
 */
final class StripProcessors {
    private final int sDelayOn, sDelayTime, sHpfOn, sHpfFreq, sHpfSlope;
    private final int sGateOn, sGateMode, sGateThr, sGateRange, sGateAtt, sGateHold, sGateRel;
    private final int sOrder;
    private final EqSlots eqSlots;
    private final CompSlots compSlots;

    private final DelayLine delay;
    private final HighPass hpf;
    private final Gate gate;
    private final ParametricEq eq;
    private final Compressor comp;

    private boolean compFirst;
    /** Some processor is switched on. */
    private boolean processing;
    /** Samples the processors keep running after the last one was switched off (its fade). */
    private int processingTail;
    private int tailSamples;

    /** The chain of {@code nch} channels whose parameters live under {@code prefix} ({@code ch/3/}). */
    StripProcessors(ParamRegistry reg, String prefix, int nch) {
        sDelayOn = reg.slot(prefix + "delay/on");
        sDelayTime = reg.slot(prefix + "delay/time");
        sHpfOn = reg.slot(prefix + "hpf/on");
        sHpfFreq = reg.slot(prefix + "hpf/freq");
        sHpfSlope = reg.slot(prefix + "hpf/slope");
        sGateOn = reg.slot(prefix + "gate/on");
        sGateMode = reg.slot(prefix + "gate/mode");
        sGateThr = reg.slot(prefix + "gate/threshold");
        sGateRange = reg.slot(prefix + "gate/range");
        sGateAtt = reg.slot(prefix + "gate/attack");
        sGateHold = reg.slot(prefix + "gate/hold");
        sGateRel = reg.slot(prefix + "gate/release");
        eqSlots = new EqSlots(reg, prefix);
        compSlots = new CompSlots(reg, prefix);
        sOrder = reg.slot(prefix + "order");
        delay = new DelayLine(nch);
        hpf = new HighPass(nch);
        gate = new Gate(nch);
        eq = new ParametricEq(nch);
        comp = new Compressor(nch);
    }

    void prepare(float sampleRate, int maxFrames) {
        delay.prepare(sampleRate, maxFrames);
        hpf.prepare(sampleRate, maxFrames);
        gate.prepare(sampleRate, maxFrames);
        eq.prepare(sampleRate, maxFrames);
        comp.prepare(sampleRate, maxFrames);
        tailSamples = (int) (0.03f * sampleRate); // longer than any bypass or delay crossfade
    }

    /**
     * Hands the targets {@code t} to the processors' setters (the DSP setter contract: they only
     * store) and starts the tail when the last one is switched off. Thread: audio, from the strip's pull.
     */
    void pull(float[] t) {
        delay.setEnabled(t[sDelayOn] > 0.5f);
        delay.setDelayMs(t[sDelayTime]);
        hpf.setEnabled(t[sHpfOn] > 0.5f);
        hpf.setFreqHz(t[sHpfFreq]);
        hpf.setSlope24(t[sHpfSlope] > 0.5f);
        gate.setEnabled(t[sGateOn] > 0.5f);
        gate.setExpander(t[sGateMode] > 0.5f);
        gate.setThresholdDb(t[sGateThr]);
        gate.setRangeDb(t[sGateRange]);
        gate.setAttackMs(t[sGateAtt]);
        gate.setHoldMs(t[sGateHold]);
        gate.setReleaseMs(t[sGateRel]);
        eqSlots.apply(t, eq);
        compSlots.apply(t, comp);
        compFirst = t[sOrder] > 0.5f;
        boolean nowProcessing = t[sDelayOn] > 0.5f || t[sHpfOn] > 0.5f || t[sGateOn] > 0.5f
                || eqSlots.enabled(t) || compSlots.enabled(t);
        if (processing && !nowProcessing) processingTail = tailSamples;
        processing = nowProcessing;
    }

    /** Every processor has been off for longer than any of its fades: none is called. */
    boolean asleep() {
        return !processing && processingTail <= 0;
    }

    /** Runs the chain in place on {@code buf[..][0..m)}, unless it sleeps. */
    void process(float[][] buf, int m) {
        process(buf, m, null, 0, 0, 0);
    }

    /**
     * As {@link #process(float[][], int)}, handing the signal entering and leaving the EQ to the
     * analyser's {@code tap} for channel {@code ch0} where {@code stages} asks
     * ({@link RtaTap#PRE_EQ}, {@link RtaTap#POST_EQ}); {@code off} is the sub-block's place in the cycle.
     */
    void process(float[][] buf, int m, RtaTap tap, int ch0, int stages, int off) {
        if (head(buf, m, null, tap, ch0, stages, off)) {
            middle(buf, m, null, tap, ch0, stages, off);
            tail(buf, m, tap, ch0, stages, off);
        }
    }

    /*
     * The chain in three parts around the two places where a strip group's BiquadBank runs the
     * settled cascades of all its strips at once (the high-pass's, then the EQ's): head, bank,
     * middle, bank, tail. Without a bank each processor runs its cascade itself and the three parts
     * are simply the chain. m ≤ SUB_BLOCK (one sub-block of each processor).
     */

    /** Delay and the high-pass up to its cascade; false (nothing more to do) while the chain sleeps. */
    boolean head(float[][] buf, int m, BiquadBank bank, RtaTap tap, int ch0, int stages, int off) {
        if (asleep()) {
            if (stages != 0) tap.strip(ch0, stages, buf, buf.length, off, m); // the EQ passes its input
            return false;
        }
        delay.process(buf, 0, m);
        hpf.startSub(buf, 0, m, bank);
        return true;
    }

    /** The high-pass's end, the gate, a compressor placed before the EQ, the EQ up to its cascade. */
    void middle(float[][] buf, int m, BiquadBank bank, RtaTap tap, int ch0, int stages, int off) {
        hpf.finishSub(buf, 0, m);
        gate.process(buf, 0, m);
        if (compFirst) comp.process(buf, 0, m);
        if ((stages & RtaTap.PRE_EQ) != 0) tap.strip(ch0, RtaTap.PRE_EQ, buf, buf.length, off, m);
        eq.startSub(buf, 0, m, bank);
    }

    /** The EQ's end and a compressor placed after it. */
    void tail(float[][] buf, int m, RtaTap tap, int ch0, int stages, int off) {
        eq.finishSub(buf, 0, m);
        if ((stages & RtaTap.POST_EQ) != 0) tap.strip(ch0, RtaTap.POST_EQ, buf, buf.length, off, m);
        if (!compFirst) comp.process(buf, 0, m);
    }

    /** Counts a cycle of {@code frames} off the tail. */
    void endCycle(int frames) {
        if (processingTail > 0) processingTail -= frames;
    }

    /** Writes the gate's and compressor's reduction and the compressor's detector level at {@code base}. */
    void write(float[] meters, int base) {
        boolean asleep = asleep(); // sleeping processors reduce nothing
        meters[base + MeterBank.CH_GATE_GR] = asleep ? 0f : gate.gainReductionDb();
        meters[base + MeterBank.CH_COMP_GR] = asleep ? 0f : comp.gainReductionDb();
        float detector = comp.takeDetectorLevel();
        meters[base + MeterBank.CH_COMP_IN] = asleep ? 0f : detector;
    }

    /** Clears signal state (filters, delay, detectors); keeps parameters. */
    void reset() {
        delay.reset();
        hpf.reset();
        gate.reset();
        eq.reset();
        comp.reset();
    }
}
