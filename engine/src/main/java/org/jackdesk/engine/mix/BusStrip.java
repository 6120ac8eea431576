package org.jackdesk.engine.mix;

import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.MeterBank;
import org.jackdesk.engine.dsp.NotchBank;
import org.jackdesk.engine.dsp.Ramp;

/**
 * A summing bus (aux, main or monitor): channels add into {@link #sum}, then the bus applies its
 * fader/mute ramp, its feedback notches ({@link NotchBank}; aux and main), runs its processing chain (aux: EQ → compressor → limiter; main: the mastering
 * chain, see {@link MainChain}; monitor: none) and meters the result. Mono buses have one sum,
 * stereo buses two.
 *
 * <p>Thread: audio only, except the constructor.
 */
public final class BusStrip {
    private final int nch;
    private final int sFader;
    private final int sMute;
    final float[][] sum;
    private final Ramp[] gain;
    private final LevelMeter meterL = new LevelMeter(), meterR = new LevelMeter();
    private final BusChain chain;
    /** The feedback suppressor's notches (aux and main; none on the monitor), after the fader, before the chain. */
    private final NotchBank notches;
    private final int[] sNotchHz, sNotchDb;
    /** The over latch: set when an output sample reached 0 dBFS, until {@link #resetOver}. */
    private boolean over;

    /** A bus without processing (the monitor bus). @param sFader slot of the fader (dB), {@code sMute} of the mute (or −1 for none) */
    public BusStrip(int channels, int sFader, int sMute, int maxFrames) {
        this(channels, sFader, sMute, maxFrames, null, null, null);
    }

    /** Aux bus {@code bus0} (0-based) with its EQ, compressor and limiter. */
    public static BusStrip aux(ParamRegistry reg, int bus0, int maxFrames) {
        int ch = reg.layout().buses().get(bus0).stereo() ? 2 : 1;
        String p = "bus/" + (bus0 + 1) + "/";
        return new BusStrip(ch, reg.slot(p + "fader"), reg.slot(p + "mute"), maxFrames, new AuxChain(reg, bus0, ch), reg, p);
    }

    /** The main bus with its mastering chain and loudness meter. */
    public static BusStrip main(ParamRegistry reg, int maxFrames) {
        return new BusStrip(2, reg.slot("main/fader"), reg.slot("main/mute"), maxFrames, new MainChain(reg), reg, "main/");
    }

    private BusStrip(int channels, int sFader, int sMute, int maxFrames, BusChain chain, ParamRegistry reg, String prefix) {
        this.chain = chain;
        if (reg != null) {
            notches = new NotchBank(channels);
            sNotchHz = new int[NotchBank.MAX_NOTCHES];
            sNotchDb = new int[NotchBank.MAX_NOTCHES];
            for (int k = 0; k < NotchBank.MAX_NOTCHES; k++) {
                sNotchHz[k] = reg.slot(prefix + "fbs/notch/" + (k + 1) + "/freq");
                sNotchDb[k] = reg.slot(prefix + "fbs/notch/" + (k + 1) + "/depth");
            }
        } else {
            notches = null;
            sNotchHz = sNotchDb = null;
        }
        this.nch = channels;
        this.sFader = sFader;
        this.sMute = sMute;
        this.sum = new float[channels][maxFrames];
        this.gain = new Ramp[channels];
        for (int c = 0; c < channels; c++) gain[c] = new Ramp(ChannelStrip.GAIN_RAMP_MS, 1f);
    }

    public int channelCount() {
        return nch;
    }

    public float[][] sums() {
        return sum;
    }

    public void prepare(float sampleRate) {
        for (Ramp r : gain) r.prepare(sampleRate);
        meterL.prepare(sampleRate);
        meterR.prepare(sampleRate);
        if (chain != null) chain.prepare(sampleRate, sum[0].length);
        if (notches != null) notches.prepare(sampleRate, sum[0].length);
    }

    /** Latency of the bus's chain at its current settings, in frames. Thread: audio. */
    public int latencyFrames() {
        return chain == null ? 0 : chain.latencyFrames();
    }

    public void pull(float[] t, boolean snap) {
        boolean muted = sMute >= 0 && t[sMute] > 0.5f;
        float g = muted ? 0f : Gains.dbToGain(t[sFader]);
        for (Ramp r : gain) r.moveTo(g, snap);
        if (chain != null) chain.pull(t, snap);
        if (notches != null) {
            for (int k = 0; k < NotchBank.MAX_NOTCHES; k++) notches.setNotch(k, t[sNotchHz[k]], t[sNotchDb[k]]);
        }
    }

    public void clear(int m) {
        for (float[] s : sum) java.util.Arrays.fill(s, 0, m, 0f);
    }

    /** Applies the fader and meters; the result stays in {@link #sums()}. */
    public void finish(int m) {
        for (int c = 0; c < nch; c++) gain[c].applyGain(sum[c], 0, m);
        if (notches != null) notches.process(sum, 0, m);
        if (chain != null) chain.process(sum, m);
        meterL.accumulate(sum[0], m);
        meterR.accumulate(sum[nch - 1], m);
    }

    /** Copies the sub-block into the backend's outputs at {@code outIndex} (L, then R). */
    public void copyOut(float[][] outputs, int outIndex, int off, int m) {
        for (int c = 0; c < nch; c++) {
            int o = outIndex + c;
            if (o < outputs.length && outputs[o] != null) System.arraycopy(sum[c], 0, outputs[o], off, m);
        }
    }

    public void publish(float[] meters, int base, int frames) {
        meterL.endCycle(frames);
        meterR.endCycle(frames);
        meters[base + MeterBank.BUS_PEAK_L] = meterL.peak();
        meters[base + MeterBank.BUS_PEAK_R] = meterR.peak();
        meters[base + MeterBank.BUS_RMS_L] = meterL.rms();
        meters[base + MeterBank.BUS_RMS_R] = meterR.rms();
        meters[base + MeterBank.BUS_HOLD_L] = meterL.hold();
        meters[base + MeterBank.BUS_HOLD_R] = meterR.hold();
        if (meterL.cyclePeak() >= 1f || meterR.cyclePeak() >= 1f) over = true; // this cycle's samples, not the falling peak
        meters[base + MeterBank.BUS_OVER] = over ? 1f : 0f;
        if (chain != null) chain.publish(meters, base, frames);
    }

    /** Main bus only: writes the loudness block at {@code base}. */
    public void publishLoudness(float[] meters, int base, int frames) {
        if (chain instanceof MainChain mc) mc.publishLoudness(meters, base, frames);
    }

    /** Main bus only: writes the chain's stages block ({@code MeterBank.STAGE_*}) at {@code base}. */
    public void publishStages(float[] meters, int base) {
        if (chain instanceof MainChain mc) mc.publishStages(meters, base);
    }

    /** Main bus only: starts a new loudness measurement. */
    public void resetLoudness() {
        if (chain instanceof MainChain mc) mc.resetLoudness();
    }

    /** Clears the over latch. Thread: audio. */
    public void resetOver() {
        over = false;
    }

    public void resetHolds() {
        meterL.resetHold();
        meterR.resetHold();
    }

    public void reset() {
        meterL.reset();
        meterR.reset();
        if (chain != null) chain.reset();
        if (notches != null) notches.reset();
    }
}
