package org.jackdesk.engine.mix;

import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.MeterBank;
import org.jackdesk.engine.dsp.ParametricEq;
import org.jackdesk.engine.dsp.Ramp;
import org.jackdesk.engine.fx.FxProcessor;
import org.jackdesk.engine.fx.FxParams;
import org.jackdesk.engine.fx.StereoDelay;

/**
 * One FX slot on the mix graph (docs/fx.md): its stereo send bus (the channels' FX sends sum into
 * {@link #sendSums()}; fader and on), the effect ({@link FxProcessor}), and the stereo return:
 * 4-band EQ (the channel EQ), then the sends to the aux buses (after the EQ, before the return
 * fader; the return's on, mute groups and DCA mutes silence them too), then fader × on × DCAs ×
 * mute groups with balance into the main bus if assigned.
 *
 * <p>A slot whose effect is off or asleep ({@link FxProcessor#process} false) adds nothing
 * anywhere: a console with every FX send at −∞ mixes exactly what it mixed without FX.
 *
 * <p>Thread: the constructor and {@link #prepare} off the audio thread; the rest audio (the
 * engine's parameter pull and the bus mixer's sub-block).
 */
public final class FxStrip {
    /** The over latch: the return's output reached 0 dBFS, until cleared. */
    private boolean over;
    private final int sSendFader, sSendOn, sType;
    private final int sDecay, sPredelay, sSize, sDamping, sDampFreq, sBass, sCrossover, sWidth;
    private final int sTime, sMode, sSync, sFeedback, sLowcut, sHighcut, sTempo, sRate, sDepth, sMix;
    private final int sFader, sOn, sBalance, sMain, sSolo;
    private final int[] sAuxOn, sAuxLevel, sDca = new int[Layout.DCA_COUNT], sMg = new int[Layout.MUTE_GROUP_COUNT];
    /** Per aux bus: stereo (both the return's sends into it and its send into this slot follow it). */
    private final boolean[] busStereo;
    private final EqSlots eqSlots;

    private final float[][] send;
    /**
     * The aux buses' sends into this slot ({@code bus/B/fx/N/...}): the bus outputs exist only after
     * the FX returns went into the buses, so they reach the send bus one sub-block later through
     * this FIFO (a constant {@link #BUS_SEND_DELAY} frames at any period).
     */
    private final int[] sBusOn, sBusLevel;
    private final Ramp[] busL, busR;
    private final float[][] busFifo = new float[2][BUS_FIFO];
    private final float[] busTmpL, busTmpR;
    private int busWrite = org.jackdesk.engine.dsp.Dsp.SUB_BLOCK, busRead;
    /** Whether any bus sends here (else the FIFO is neither read nor written). */
    private boolean busSends;
    private static final int BUS_FIFO = 128;
    /** Frames the aux buses' sends arrive later than the channels'. */
    public static final int BUS_SEND_DELAY = org.jackdesk.engine.dsp.Dsp.SUB_BLOCK;
    private final Ramp sendL = new Ramp(ChannelStrip.GAIN_RAMP_MS, 0f), sendR = new Ramp(ChannelStrip.GAIN_RAMP_MS, 0f);
    private final FxProcessor fx = new FxProcessor();
    private final ParametricEq eq = new ParametricEq(2);
    /** The return after its fader, DCAs, mutes and balance; then into the main (assign) and the AFL. */
    private final Ramp postL = new Ramp(ChannelStrip.GAIN_RAMP_MS, 0f), postR = new Ramp(ChannelStrip.GAIN_RAMP_MS, 0f);
    private final Ramp mainL = new Ramp(ChannelStrip.GAIN_RAMP_MS, 0f), mainR = new Ramp(ChannelStrip.GAIN_RAMP_MS, 0f);
    private final Ramp pflL = new Ramp(ChannelStrip.GAIN_RAMP_MS, 0f), pflR = new Ramp(ChannelStrip.GAIN_RAMP_MS, 0f);
    private final Ramp aflL = new Ramp(ChannelStrip.GAIN_RAMP_MS, 0f), aflR = new Ramp(ChannelStrip.GAIN_RAMP_MS, 0f);
    private final float[] postBufL, postBufR;
    /** The return's level after its fader and balance (what it adds to the main when assigned). */
    private final LevelMeter meterL = new LevelMeter(), meterR = new LevelMeter();
    private final Ramp[] ramps = {postL, postR, mainL, mainR, pflL, pflR, aflL, aflR};
    private boolean soloed;
    private final Ramp[] auxA, auxB;

    /** FX slot {@code fx0} (0-based) of {@code reg}'s layout. */
    public FxStrip(ParamRegistry reg, int fx0, int maxFrames) {
        String n = Integer.toString(fx0 + 1);
        sSendFader = reg.slot("fxsend/" + n + "/fader");
        sSendOn = reg.slot("fxsend/" + n + "/on");
        String f = "fx/" + n + "/";
        sType = reg.slot(f + "type");
        sDecay = reg.slot(f + "reverb/decay");
        sPredelay = reg.slot(f + "reverb/predelay");
        sSize = reg.slot(f + "reverb/size");
        sDamping = reg.slot(f + "reverb/damping");
        sDampFreq = reg.slot(f + "reverb/dampfreq");
        sBass = reg.slot(f + "reverb/bass");
        sCrossover = reg.slot(f + "reverb/crossover");
        sWidth = reg.slot(f + "reverb/width");
        sTime = reg.slot(f + "delay/time");
        sMode = reg.slot(f + "delay/mode");
        sSync = reg.slot(f + "delay/sync");
        sFeedback = reg.slot(f + "delay/feedback");
        sLowcut = reg.slot(f + "delay/lowcut");
        sHighcut = reg.slot(f + "delay/highcut");
        sTempo = reg.slot(f + "tempo");
        sRate = reg.slot(f + "chorus/rate");
        sDepth = reg.slot(f + "chorus/depth");
        sMix = reg.slot(f + "chorus/mix");
        String r = "fxret/" + n + "/";
        sFader = reg.slot(r + "fader");
        sOn = reg.slot(r + "on");
        sBalance = reg.slot(r + "balance");
        sMain = reg.slot(r + "main");
        sSolo = reg.slot(r + "solo");
        eqSlots = new EqSlots(reg, r);
        for (int d = 0; d < Layout.DCA_COUNT; d++) sDca[d] = reg.slot(r + "dca/" + (d + 1));
        for (int g = 0; g < Layout.MUTE_GROUP_COUNT; g++) sMg[g] = reg.slot(r + "mutegroup/" + (g + 1));
        int buses = reg.layout().buses().size();
        sAuxOn = new int[buses];
        sAuxLevel = new int[buses];
        busStereo = new boolean[buses];
        auxA = new Ramp[buses];
        auxB = new Ramp[buses];
        for (int b = 0; b < buses; b++) {
            sAuxOn[b] = reg.slot(r + "aux/" + (b + 1) + "/on");
            sAuxLevel[b] = reg.slot(r + "aux/" + (b + 1) + "/level");
            busStereo[b] = reg.layout().buses().get(b).stereo();
            auxA[b] = new Ramp(ChannelStrip.GAIN_RAMP_MS, 0f);
            auxB[b] = new Ramp(ChannelStrip.GAIN_RAMP_MS, 0f);
        }
        send = new float[2][maxFrames];
        sBusOn = new int[buses];
        sBusLevel = new int[buses];
        busL = new Ramp[buses];
        busR = new Ramp[buses];
        for (int b = 0; b < buses; b++) {
            sBusOn[b] = reg.slot("bus/" + (b + 1) + "/fx/" + n + "/on");
            sBusLevel[b] = reg.slot("bus/" + (b + 1) + "/fx/" + n + "/level");
            busL[b] = new Ramp(ChannelStrip.GAIN_RAMP_MS, 0f);
            busR[b] = new Ramp(ChannelStrip.GAIN_RAMP_MS, 0f);
        }
        if (maxFrames > BUS_FIFO - BUS_SEND_DELAY) throw new IllegalArgumentException("sub-blocks of at most " + (BUS_FIFO - BUS_SEND_DELAY) + " frames");
        busTmpL = new float[maxFrames];
        busTmpR = new float[maxFrames];
        postBufL = new float[maxFrames];
        postBufR = new float[maxFrames];
    }

    /** Thread: control or worker, while building an engine. */
    public void prepare(float sampleRate, int maxFrames) {
        fx.prepare(sampleRate, maxFrames);
        eq.prepare(sampleRate, maxFrames);
        for (Ramp x : new Ramp[] {sendL, sendR, postL, postR, mainL, mainR, pflL, pflR, aflL, aflR}) x.prepare(sampleRate);
        for (int b = 0; b < auxA.length; b++) {
            auxA[b].prepare(sampleRate);
            auxB[b].prepare(sampleRate);
        }
        meterL.prepare(sampleRate);
        meterR.prepare(sampleRate);
        for (int b = 0; b < busL.length; b++) {
            busL[b].prepare(sampleRate);
            busR[b].prepare(sampleRate);
        }
    }

    /** The return after its EQ in the last {@link #process} (before its fader), or null when the unit slept (silence). */
    public float[][] lastOutput() {
        return lastOut;
    }

    private float[][] lastOut;

    /** The send bus's sums (left, right), where the channels' FX sends add. */
    public float[][] sendSums() {
        return send;
    }

    /** The effect (tests, diagnostics). */
    public FxProcessor processor() {
        return fx;
    }

    /** True when this return's solo is on (read after {@link #pull}). */
    public boolean soloed() {
        return soloed;
    }

    /**
     * Reads this slot's targets; DCAs and mute groups as the engine computed them, {@code afl} the
     * monitor's solo mode. Thread: audio.
     */
    public void pull(float[] t, float[] dcaGain, boolean[] dcaMute, boolean[] mgOn, boolean afl, boolean snap) {
        float sg = t[sSendOn] > 0.5f ? Gains.dbToGain(t[sSendFader]) : 0f;
        sendL.moveTo(sg, snap);
        sendR.moveTo(sg, snap);

        FxParams p = fx.params();
        p.decayS = t[sDecay];
        p.predelayMs = t[sPredelay];
        p.sizePct = t[sSize];
        p.dampingPct = t[sDamping];
        p.dampFreqHz = t[sDampFreq];
        p.bass = t[sBass];
        p.crossoverHz = t[sCrossover];
        p.widthPct = t[sWidth];
        p.delayMs = StereoDelay.timeMs(Math.round(t[sSync]), t[sTime], t[sTempo]);
        p.pingPong = t[sMode] > 0.5f;
        p.feedbackPct = t[sFeedback];
        p.lowcutHz = t[sLowcut];
        p.highcutHz = t[sHighcut];
        p.chorusRateHz = t[sRate];
        p.chorusDepthPct = t[sDepth];
        p.chorusMixPct = t[sMix];
        fx.apply();
        fx.setType(Math.round(t[sType]), snap);
        eqSlots.apply(t, eq);
        if (snap) eq.reset();

        boolean muted = Gains.mutedWithGroups(t, t[sOn] < 0.5f, sDca, dcaMute, sMg, mgOn);
        float post = muted ? 0f : Gains.dbToGain(t[sFader]) * Gains.dcaGain(t, sDca, dcaGain);
        float bal = t[sBalance];
        postL.moveTo(post * Gains.balanceLeft(bal), snap);
        postR.moveTo(post * Gains.balanceRight(bal), snap);
        float toMain = t[sMain] > 0.5f ? 1f : 0f;
        mainL.moveTo(toMain, snap);
        mainR.moveTo(toMain, snap);
        soloed = t[sSolo] > 0.5f;
        pflL.moveTo(soloed && !afl ? 1f : 0f, snap);
        pflR.moveTo(soloed && !afl ? 1f : 0f, snap);
        aflL.moveTo(soloed && afl ? 1f : 0f, snap);
        aflR.moveTo(soloed && afl ? 1f : 0f, snap);
        boolean anyBus = false;
        for (int b = 0; b < busL.length; b++) {
            float g = t[sBusOn[b]] > 0.5f ? Gains.dbToGain(t[sBusLevel[b]]) : 0f;
            // a stereo bus left into left, right into right; a mono bus into both sides, centred (constant power)
            float leg = busStereo[b] ? g : g * Gains.panLeft(0);
            busL[b].moveTo(leg, snap);
            busR[b].moveTo(leg, snap);
            anyBus |= leg != 0f || busL[b].isRamping();
        }
        busSends = anyBus || busSends && busStillRamping();
        for (int b = 0; b < auxA.length; b++) {
            float g = !muted && t[sAuxOn[b]] > 0.5f ? Gains.dbToGain(t[sAuxLevel[b]]) : 0f;
            // A stereo bus takes left into left and right into right; a mono bus both at half gain.
            float leg = busStereo[b] ? g : 0.5f * g;
            auxA[b].moveTo(leg, snap);
            auxB[b].moveTo(leg, snap);
        }
    }

    private boolean busStillRamping() {
        for (int b = 0; b < busL.length; b++) if (busL[b].isRamping() || !busL[b].isSilent()) return true;
        return false;
    }

    /**
     * Feeds this sub-block's aux bus outputs ({@code busOut[b][leg]}, after the buses ran) into the
     * FIFO that reaches the send bus {@link #BUS_SEND_DELAY} frames later. Thread: audio.
     */
    public void feedFromBuses(float[][][] busOut, int m) {
        if (!busSends) {
            // keep the FIFO's delay: the cells ahead were cleared when they were read
            busWrite = (busWrite + m) & (BUS_FIFO - 1);
            return;
        }
        java.util.Arrays.fill(busTmpL, 0, m, 0f);
        java.util.Arrays.fill(busTmpR, 0, m, 0f);
        for (int b = 0; b < busL.length; b++) {
            float[][] o = busOut[b];
            busL[b].accumulate(o[0], busTmpL, m);
            busR[b].accumulate(o[o.length - 1], busTmpR, m);
        }
        float[] fl = busFifo[0], fr = busFifo[1];
        int w = busWrite;
        for (int i = 0; i < m; i++) {
            fl[w] = busTmpL[i];
            fr[w] = busTmpR[i];
            w = (w + 1) & (BUS_FIFO - 1);
        }
        busWrite = w;
        if (!busStillRamping()) busSends = false; // every bus send rests at 0: what is in the FIFO is still read out
    }

    /** Adds what the buses sent {@link #BUS_SEND_DELAY} frames ago to the send sums. */
    private void takeFromBuses(int m) {
        float[] fl = busFifo[0], fr = busFifo[1];
        int r = busRead;
        float[] sl = send[0], sr = send[1];
        for (int i = 0; i < m; i++) {
            sl[i] += fl[r];
            sr[i] += fr[r];
            fl[r] = 0f;
            fr[r] = 0f;
            r = (r + 1) & (BUS_FIFO - 1);
        }
        busRead = r;
    }

    /** Clears the send sums for a sub-block of {@code m} frames. */
    public void clear(int m) {
        java.util.Arrays.fill(send[0], 0, m, 0f);
        java.util.Arrays.fill(send[1], 0, m, 0f);
    }

    /**
     * Runs the send bus, the effect and the return for {@code m} frames, adding the return into
     * {@code auxSums} (the aux buses, before they run), {@code mainSum} and, soloed, the solo sums.
     * Thread: audio.
     */
    public void process(float[][][] auxSums, float[][] mainSum, float[] soloL, float[] soloR, int m) {
        takeFromBuses(m);
        float[][] in = fx.input();
        sendL.applyTo(send[0], in[0], m);
        sendR.applyTo(send[1], in[1], m);
        if (!fx.process(m)) {
            skip(m);
            lastOut = null;
            return;
        }
        float[][] out = fx.output();
        eq.process(out, 0, m);
        lastOut = out;
        for (int b = 0; b < auxA.length; b++) {
            float[][] sum = auxSums[b];
            auxA[b].accumulate(out[0], sum[0], m);
            auxB[b].accumulate(out[1], sum[sum.length - 1], m);
        }
        pflL.accumulate(out[0], soloL, m);
        pflR.accumulate(out[1], soloR, m);
        postL.applyTo(out[0], postBufL, m);
        postR.applyTo(out[1], postBufR, m);
        mainL.accumulate(postBufL, mainSum[0], m);
        mainR.accumulate(postBufR, mainSum[1], m);
        aflL.accumulate(postBufL, soloL, m);
        aflR.accumulate(postBufR, soloR, m);
        meterL.accumulate(postBufL, m);
        meterR.accumulate(postBufR, m);
    }

    /** Writes the return's meters at {@code base} (laid out as a bus, {@code MeterBank.BUS_*}). Thread: audio. */
    public void publish(float[] meters, int base, int frames) {
        meterL.endCycle(frames);
        meterR.endCycle(frames);
        meters[base + MeterBank.BUS_PEAK_L] = meterL.peak();
        meters[base + MeterBank.BUS_PEAK_R] = meterR.peak();
        meters[base + MeterBank.BUS_RMS_L] = meterL.rms();
        meters[base + MeterBank.BUS_RMS_R] = meterR.rms();
        meters[base + MeterBank.BUS_HOLD_L] = meterL.hold();
        meters[base + MeterBank.BUS_HOLD_R] = meterR.hold();
        if (meterL.cyclePeak() >= 1f || meterR.cyclePeak() >= 1f) over = true; // this cycle's samples, as a bus
        meters[base + MeterBank.BUS_OVER] = over ? 1f : 0f;
    }

    /** Clears the over latch. Thread: audio. */
    public void resetOver() {
        over = false;
    }

    public void resetHolds() {
        meterL.resetHold();
        meterR.resetHold();
    }

    private void skip(int m) {
        for (Ramp x : ramps) x.skip(m);
        meterL.add(0f, 0, m); // silence: the meters fall as they would on zeros
        meterR.add(0f, 0, m);
        for (int b = 0; b < auxA.length; b++) {
            auxA[b].skip(m);
            auxB[b].skip(m);
        }
    }

    /** Clears the signal state (effect, EQ). */
    public void reset() {
        fx.reset();
        eq.reset();
        meterL.reset();
        meterR.reset();
    }
}
