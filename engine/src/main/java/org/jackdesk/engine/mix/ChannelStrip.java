package org.jackdesk.engine.mix;

import org.jackdesk.config.ChannelLinks;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.dsp.BiquadBank;
import org.jackdesk.engine.dsp.Dsp;
import org.jackdesk.engine.dsp.Ramp;
import org.jackdesk.engine.rta.RtaTap;

/**
 * One input channel, mono or stereo-linked: trim → polarity → delay → HPF → gate → EQ ⇄
 * compressor → automix gain ({@link AutomixStage}) → (pre-fader taps: PFL, pre sends) → fader/mute/DCA → (post sends) → pan → main,
 * AFL, meters. Every gain is a ramp, so no change clicks.
 *
 * <p>This class owns the strip's gains and its two mixing paths, general and at rest (see
 * {@link #beginCycle}); the processors are {@link StripProcessors}, the aux sends
 * {@link StripSends}, the level meters {@link StripMeters}.
 *
 * <p>Thread: audio only, except the constructor (control, while building an engine).
 */
public final class ChannelStrip {
    static final float GAIN_RAMP_MS = 20f;

    private final int nch;
    private final int inputBase;
    /** Where the direct output taps the strip (OFF: it has none). */
    private final Layout.DirectOut direct;
    /** This cycle's output buffers and the index of this strip's first direct output in them. */
    private float[][] directOut;
    private int directBase;

    // Parameter slots, resolved once from the registry (no string work on the audio thread).
    private final int sTrim, sPol, sPan, sFader, sMute, sSolo, sMain;
    private final int[] sDca = new int[Layout.DCA_COUNT], sMg = new int[Layout.MUTE_GROUP_COUNT];
    /**
     * This channel's side in the stereo-link pair its layout allows ({@link ChannelLinks}): −1 the
     * odd channel (left), +1 the even one (right), 0 none (stereo, or no mono partner); and the
     * slots of its own and its partner's link flags (both on: linked).
     */
    private final int linkSide;
    private final int sLink, sPartnerLink;

    private final StripProcessors processors;
    private final StripSends sends;
    /** The FX sends, into the FX send buses that follow the aux buses in the sums. */
    private final StripSends fxSends;

    private final Ramp[] inGain;
    private final Ramp[] fader;
    private final Ramp panL = new Ramp(GAIN_RAMP_MS, 0f), panR = new Ramp(GAIN_RAMP_MS, 0f);
    private final Ramp mainL = new Ramp(GAIN_RAMP_MS, 0f), mainR = new Ramp(GAIN_RAMP_MS, 0f);
    private final Ramp pflL = new Ramp(GAIN_RAMP_MS, 0f), pflR = new Ramp(GAIN_RAMP_MS, 0f);
    private final Ramp aflL = new Ramp(GAIN_RAMP_MS, 0f), aflR = new Ramp(GAIN_RAMP_MS, 0f);

    private final float[][] buf;
    private final float[] outL, outR;
    private final StripMeters meters = new StripMeters();
    /** The automixer's gain stage, after the processors and before the pre-fader taps ({@link Automixer}). */
    private final AutomixStage automix;

    /** True while no processor runs or fades: the pre-fader signal is the input, metered once. */
    private boolean preSameAsIn;
    /**
     * Samples until every gain ramp of this strip is at rest: all ramps share {@link #GAIN_RAMP_MS},
     * so one counter restarted at each {@link #pull} covers them without touching each ramp.
     */
    private int settleLeft;
    private int settleSamples = 1;
    /** Mono and not soloed: once its gain ramps are settled, the at-rest path applies. */
    private boolean quietEligible;
    // Gains of the settled strip (the ramps' targets, which their current values equal once at rest).
    private float qTrim, qFader, qPanL, qPanR, qMainL, qMainR;

    /**
     * This cycle's mode, decided once at its start by {@link #beginCycle}: true for the at-rest
     * path (every gain ramp at its target, mono, not soloed), false for the general path.
     */
    private boolean atRest;
    /** The sub-block {@link #startSub} began: its inputs, offset, length, and whether the processors run. */
    private float[][] subInputs;
    private int subOff, subFrames;
    private boolean subRunning;
    /** The analyser's tap and this strip's channel (0-based) in it; the EQ stages it taps this cycle. */
    private RtaTap rta;
    private final int ch0;
    private int rtaStages;
    private boolean soloed;
    private int nonFinite;

    public ChannelStrip(ParamRegistry reg, int ch0, int inputBase, int maxFrames) {
        Layout layout = reg.layout();
        this.nch = layout.channels().get(ch0).stereo() ? 2 : 1;
        this.direct = layout.channels().get(ch0).directOut();
        this.inputBase = inputBase;
        this.ch0 = ch0;
        String p = "ch/" + (ch0 + 1) + "/";
        sTrim = reg.slot(p + "trim");
        sPol = reg.slot(p + "polarity");
        sPan = reg.slot(p + "pan");
        sFader = reg.slot(p + "fader");
        sMute = reg.slot(p + "mute");
        sSolo = reg.slot(p + "solo");
        sMain = reg.slot(p + "main");
        for (int d = 0; d < Layout.DCA_COUNT; d++) sDca[d] = reg.slot(p + "dca/" + (d + 1));
        for (int g = 0; g < Layout.MUTE_GROUP_COUNT; g++) sMg[g] = reg.slot(p + "mutegroup/" + (g + 1));
        int partner = ChannelLinks.partner(layout, ch0 + 1);
        linkSide = partner == 0 ? 0 : partner > ch0 + 1 ? -1 : 1;
        sLink = reg.slot(p + "link");
        sPartnerLink = partner == 0 ? sLink : reg.slot("ch/" + partner + "/link");
        processors = new StripProcessors(reg, p, nch);
        sends = StripSends.aux(reg, p, nch);
        fxSends = StripSends.fx(reg, p, nch);
        inGain = new Ramp[nch];
        fader = new Ramp[nch];
        buf = new float[nch][maxFrames];
        for (int c = 0; c < nch; c++) {
            inGain[c] = new Ramp(GAIN_RAMP_MS, 1f);
            fader[c] = new Ramp(GAIN_RAMP_MS, 1f);
        }
        outL = new float[maxFrames];
        outR = new float[maxFrames];
        automix = new AutomixStage(nch);
    }

    public int channelCount() {
        return nch;
    }

    /** True if this strip has direct output ports ({@link #directOutputs}). */
    public boolean hasDirectOut() {
        return direct != Layout.DirectOut.OFF;
    }

    /**
     * This cycle's output buffers: the strip writes its direct output(s) to {@code outputs[base]}
     * (and {@code [base + 1]} when stereo). Thread: audio, at a cycle start.
     */
    public void directOutputs(float[][] outputs, int base) {
        directOut = outputs;
        directBase = base;
    }

    private void writeDirect(int c, float[] src, int off, int m) {
        float[][] o = directOut;
        int k = directBase + c;
        if (o != null && k < o.length && o[k] != null) System.arraycopy(src, 0, o[k], off, m);
    }

    /** The analyser's tap this strip hands its EQ's input and output to when asked. Thread: control, while building an engine. */
    public void rtaTap(RtaTap tap) {
        rta = tap;
    }

    /** Thread: control or worker, while building or rebuilding an engine. */
    public void prepare(float sampleRate, int maxFrames) {
        processors.prepare(sampleRate, maxFrames);
        for (int c = 0; c < nch; c++) {
            inGain[c].prepare(sampleRate);
            fader[c].prepare(sampleRate);
        }
        for (Ramp r : new Ramp[] {panL, panR, mainL, mainR, pflL, pflR, aflL, aflR}) r.prepare(sampleRate);
        sends.prepare(sampleRate);
        fxSends.prepare(sampleRate);
        automix.prepare(sampleRate);
        settleSamples = fader[0].rampSamples();
        meters.prepare(sampleRate);
    }

    /** True when this channel's solo is on (read after {@link #pull}). */
    public boolean soloed() {
        return soloed;
    }

    /**
     * Reads this channel's targets. Thread: audio, at a cycle start, only when some parameter
     * changed. {@code snap} jumps every ramp (a freshly built engine starts at its values).
     */
    public void pull(float[] t, float[] dcaGain, boolean[] dcaMute, boolean[] mgOn, boolean afl, boolean snap) {
        float trim = Gains.dbToGain(t[sTrim]) * (t[sPol] > 0.5f ? -1f : 1f);
        processors.pull(t);
        preSameAsIn = processors.asleep();

        boolean muted = Gains.mutedWithGroups(t, t[sMute] > 0.5f, sDca, dcaMute, sMg, mgOn);
        float fad = muted ? 0f : Gains.dbToGain(t[sFader]) * Gains.dcaGain(t, sDca, dcaGain);
        for (int c = 0; c < nch; c++) {
            inGain[c].moveTo(trim, snap);
            fader[c].moveTo(fad, snap);
        }
        float pan = t[sPan];
        // A linked pair is one stereo channel: this side hard to its own, the pan (mirrored on
        // both) the pair's balance on the stereo channels' law.
        int side = linkSide != 0 && t[sLink] > 0.5f && t[sPartnerLink] > 0.5f ? linkSide : 0;
        if (side != 0) {
            panL.moveTo(side < 0 ? Gains.balanceLeft(pan) : 0f, snap);
            panR.moveTo(side > 0 ? Gains.balanceRight(pan) : 0f, snap);
        } else {
            panL.moveTo(nch == 1 ? Gains.panLeft(pan) : Gains.balanceLeft(pan), snap);
            panR.moveTo(nch == 1 ? Gains.panRight(pan) : Gains.balanceRight(pan), snap);
        }
        float toMain = t[sMain] > 0.5f ? 1f : 0f;
        mainL.moveTo(toMain, snap);
        mainR.moveTo(toMain, snap);
        soloed = t[sSolo] > 0.5f;
        pflL.moveTo(soloed && !afl ? 1f : 0f, snap);
        pflR.moveTo(soloed && !afl ? 1f : 0f, snap);
        aflL.moveTo(soloed && afl ? 1f : 0f, snap);
        aflR.moveTo(soloed && afl ? 1f : 0f, snap);
        sends.pull(t, snap, side);
        fxSends.pull(t, snap, side);
        settleLeft = snap ? 0 : settleSamples;
        quietEligible = nch == 1 && !soloed;
        if (quietEligible) settleQuiet(fad, trim, toMain);
    }

    /** The gains {@link #processQuiet} uses: where this pull's ramps will rest. */
    private void settleQuiet(float fad, float trim, float toMain) {
        qTrim = trim;
        qFader = fad;
        qPanL = panL.target();
        qPanR = panR.target();
        qMainL = toMain;
        qMainR = toMain;
        sends.settle();
        fxSends.settle();
    }

    /**
     * Decides this cycle's mode, once: the at-rest path (every gain a constant, the ramps' targets:
     * with the processors asleep one fused loop reads, meters and mixes the input,
     * {@link #processQuiet}; with them running, the input is processed as on the general path and
     * mixed with constant gains, {@link #mixSettled}; both with the general path's float operations
     * in its order) when every gain
     * ramp of this mono, unsoloed strip rests at its target and either its processors sleep or its
     * pre-fader meter is already its own (not mirrored from the input's); otherwise the general
     * path. Nothing that decides it changes within a cycle (parameters are pulled and meters
     * published between cycles); a strip whose ramps come to rest mid-cycle finishes that cycle on
     * the general path, which mixes the same samples. Thread: the strip's group thread, at the start
     * of each cycle after the parameter pull (a strip never told stays on the general path).
     */
    public void beginCycle() {
        // The analyser changes no path: each hands the EQ's signal over where it has it (a path
        // change would reorder the main bus's float sums, and the output would change in its last bit).
        rtaStages = rta == null ? 0 : rta.stages(ch0);
        atRest = quietEligible && settleLeft <= 0 && (processors.asleep() || !preSameAsIn) && automix.resting();
    }

    /**
     * Processes one sub-block of {@code m} frames from {@code inputs[..][off..off+m)} and adds the
     * results into the sums (all sums are sub-block scratch indexed from 0), on the path
     * {@link #beginCycle} chose. Thread: audio.
     */
    public void process(float[][] inputs, int off, int m, float[][][] busSums,
                        float[] mainSumL, float[] mainSumR, float[] soloL, float[] soloR) {
        if (startSub(inputs, off, m, null)) middleSub(null);
        finishSub(busSums, mainSumL, mainSumR, soloL, soloR);
    }

    /*
     * One sub-block in three parts, so that a strip group can run the settled biquad cascades of
     * all its strips together in vector lanes (BiquadBank): startSub on every strip, the bank (the
     * high-passes), middleSub on every strip that asked for it, the bank (the EQs), finishSub on
     * every strip in order (the sums are added in strip order, as process does). Without a bank
     * the parts are process itself, and every strip's own state is touched only by its own parts,
     * so the samples are the same either way.
     */

    /**
     * Reads sub-block {@code m} frames from {@code inputs[..][off..)} and starts the processors (their
     * high-pass cascade queued in {@code bank}, or run here without one). Returns true when
     * {@link #middleSub} must follow. Thread: the strip's group thread.
     */
    public boolean startSub(float[][] inputs, int off, int m, BiquadBank bank) {
        subInputs = inputs;
        subOff = off;
        subFrames = m;
        if (atRest && processors.asleep()) return subRunning = false; // processQuiet, in finishSub
        if (!atRest && settleLeft > 0) settleLeft -= m;
        readInput(inputs, off, m);
        return subRunning = processors.head(buf, m, bank, rta, ch0, rtaStages, off);
    }

    /** The processors between the bank's two runs (the EQ's cascade queued in {@code bank}). Thread: the strip's group thread. */
    public void middleSub(BiquadBank bank) {
        processors.middle(buf, subFrames, bank, rta, ch0, rtaStages, subOff);
    }

    /**
     * Ends the sub-block {@link #startSub} began and adds the results into the sums (all sums are
     * sub-block scratch indexed from 0), on the path {@link #beginCycle} chose. Thread: the strip's
     * group thread.
     */
    public void finishSub(float[][][] busSums, float[] mainSumL, float[] mainSumR, float[] soloL, float[] soloR) {
        int off = subOff, m = subFrames;
        if (atRest && processors.asleep()) {
            processQuiet(subInputs, off, m, busSums, mainSumL, mainSumR);
            return;
        }
        if (subRunning) processors.tail(buf, m, rta, ch0, rtaStages, off);
        if (atRest) {
            mixSettled(busSums, mainSumL, mainSumR, off, m);
            return;
        }
        if (direct == Layout.DirectOut.PRE) {
            for (int c = 0; c < nch; c++) writeDirect(c, buf[c], off, m);
        }
        float[] src0 = buf[0];
        float[] src1 = buf[nch - 1];
        if (!preSameAsIn) {
            meters.pre.accumulate(src0, m);
            if (nch == 2) meters.pre.accumulate(src1, m);
        }
        automix.process(buf, nch, m);
        pflL.accumulate(src0, soloL, m);
        pflR.accumulate(src1, soloR, m);
        sends.mixPre(src0, src1, busSums, m);
        fxSends.mixPre(src0, src1, busSums, m);
        for (int c = 0; c < nch; c++) fader[c].applyGain(buf[c], 0, m);
        if (direct == Layout.DirectOut.POST) {
            for (int c = 0; c < nch; c++) writeDirect(c, buf[c], off, m);
        }
        sends.mixPost(src0, src1, busSums, m);
        fxSends.mixPost(src0, src1, busSums, m);
        panL.applyTo(src0, outL, m);
        panR.applyTo(src1, outR, m);
        mainL.accumulate(outL, mainSumL, m);
        mainR.accumulate(outR, mainSumR, m);
        aflL.accumulate(outL, soloL, m);
        aflR.accumulate(outR, soloR, m);
        meters.postL.accumulate(outL, m);
        meters.postR.accumulate(outR, m);
    }

    /** Reads the strip's inputs into {@code buf}, applies trim and polarity, meters the input. */
    private void readInput(float[][] inputs, int off, int m) {
        for (int c = 0; c < nch; c++) {
            float[] b = buf[c];
            int idx = inputBase + c;
            if (idx < inputs.length && inputs[idx] != null) {
                float[] in = inputs[idx];
                int bad = 0;
                for (int i = 0; i < m; i++) {
                    float v = in[off + i];
                    // NaN fails every comparison: non-finite or absurd input (≥ +120 dBFS) becomes
                    // silence, counted. Processors can then pass audio untouched while bypassed.
                    if (!(Math.abs(v) < Dsp.FAULT_LEVEL)) {
                        v = 0f;
                        bad++;
                    }
                    b[i] = v;
                }
                nonFinite += bad;
            } else {
                for (int i = 0; i < m; i++) b[i] = 0f;
            }
            inGain[c].applyGain(b, 0, m);
            meters.in.accumulate(b, m);
        }
    }

    /**
     * Mixes a whole cycle of {@code n} frames into {@code sumL/R[0..n)} (main bus) if this strip is
     * quiet (see {@link #processQuiet}) and feeds no aux bus; returns false, doing nothing, otherwise
     * (then {@link #process} runs per sub-block). The state that decides it changes only between
     * cycles. Thread: audio, at the start of a cycle.
     */
    public boolean mixQuietCycle(float[][] inputs, int n, float[] sumL, float[] sumR) {
        if (!atRest || !processors.asleep() || !sends.noneSettled() || !fxSends.noneSettled() || direct != Layout.DirectOut.OFF) return false;
        processQuiet(inputs, 0, n, null, sumL, sumR);
        return true;
    }

    /**
     * A settled mono strip with its processors asleep and no solo: every ramp rests at its target,
     * so one fused loop reads the input, meters it and mixes it into main, with the same float
     * operations in the same order as {@link #process}'s general path (the output is identical).
     * The post-fader meters follow from the input's: a constant gain c gives peak·|c| exactly
     * (rounding is monotonic) and a sum of squares c²·Σx² (equal up to rounding).
     */
    private void processQuiet(float[][] inputs, int off, int m, float[][][] busSums, float[] mainSumL, float[] mainSumR) {
        float[] b = buf[0];
        float[] x = outL; // post-fader signal, for post sends
        int idx = inputBase;
        float[] in = idx < inputs.length ? inputs[idx] : null;
        float trim = qTrim, fad = qFader, pl = qPanL, pr = qPanR, ml = qMainL, mr = qMainR;
        // The strip's scratch buffers are written only when sends read them: untouched memory is
        // what makes this path cheap when the thread wakes to cold caches.
        boolean keep = !sends.noneSettled() || !fxSends.noneSettled() || direct != Layout.DirectOut.OFF;
        boolean toMain = ml != 0f || mr != 0f;
        float peak = 0f;
        float s0 = 0f, s1 = 0f;
        int bad = 0;
        if (in == null) {
            if (keep) {
                java.util.Arrays.fill(b, 0, m, 0f);
                java.util.Arrays.fill(x, 0, m, 0f);
            }
        } else {
            for (int i = 0; i < m; i++) {
                float v = in[off + i];
                if (!(Math.abs(v) < Dsp.FAULT_LEVEL)) {
                    v = 0f;
                    bad++;
                }
                if (trim != 1f) v *= trim;
                float a = Math.abs(v);
                peak = a > peak ? a : peak;
                if ((i & 1) == 0) s0 += v * v;
                else s1 += v * v;
                float y = v * fad;
                if (keep) {
                    b[i] = v;
                    x[i] = y;
                }
                if (toMain) {
                    mainSumL[i] += (y * pl) * ml;
                    mainSumR[i] += (y * pr) * mr;
                }
            }
        }
        if (bad != 0) nonFinite += bad;
        // Asleep, the EQ passes its input: the trimmed input is both what enters and what leaves it.
        if (rtaStages != 0) rta.stripInput(ch0, rtaStages, in, off, trim, m);
        meters.addQuiet(peak, (double) s0 + s1, m);
        if (direct != Layout.DirectOut.OFF) writeDirect(0, direct == Layout.DirectOut.PRE ? b : x, off, m);
        sends.mixSettled(busSums, b, x, m);
        fxSends.mixSettled(busSums, b, x, m);
    }

    /**
     * The fader-to-bus end of {@link #process} for a settled mono strip whose processors run: every
     * gain ramp rests at its target, so fader, pan, main and the post-fader meters are one loop over
     * the processed signal in {@code buf[0]}, and only the sends that are on are visited. Same float
     * operations as the general path; the post-fader meters follow from the pre-fader ones as in
     * {@link #processQuiet}.
     */
    private void mixSettled(float[][][] busSums, float[] mainSumL, float[] mainSumR, int off, int m) {
        float[] b = buf[0];
        float[] x = outL; // post-fader signal, for post sends
        float fad = qFader, pl = qPanL, pr = qPanR, ml = qMainL, mr = qMainR;
        for (int i = 0; i < m; i++) x[i] = b[i] * fad;
        if (ml != 0f || mr != 0f) {
            for (int i = 0; i < m; i++) {
                float y = x[i];
                mainSumL[i] += (y * pl) * ml;
                mainSumR[i] += (y * pr) * mr;
            }
        }
        meters.pre.accumulate(b, m);
        meters.postFromPre(meters.pre.lastPeak(), meters.pre.lastSumSq(), m, qFader, qPanL, qPanR);
        if (direct != Layout.DirectOut.OFF) writeDirect(0, direct == Layout.DirectOut.PRE ? b : x, off, m);
        sends.mixSettled(busSums, b, x, m);
        fxSends.mixSettled(busSums, b, x, m);
    }

    /** Folds this cycle into the meters and writes them at {@code base}. Thread: audio. */
    public void publish(float[] meters, int base, int frames) {
        this.meters.endCycle(frames, preSameAsIn, qFader, qPanL, qPanR);
        processors.endCycle(frames);
        preSameAsIn = processors.asleep();
        this.meters.write(meters, base);
        processors.write(meters, base);
    }

    /** This strip's automix stage (the {@link Automixer} sets its gain between cycles). */
    AutomixStage automix() {
        return automix;
    }

    /** The automixer's gain on this strip now, in dB (0 when it is not automixed). Thread: audio, between cycles. */
    public float automixGainDb() {
        return automix.gainDb();
    }

    public void resetClip() {
        meters.resetClip();
    }

    public void resetHolds() {
        meters.resetHolds();
    }

    /** Count of non-finite input samples replaced by silence since start. */
    public int nonFiniteInputs() {
        return nonFinite;
    }

    /** Clears signal state (filters, delay, detectors, meters); keeps parameters. */
    public void reset() {
        processors.reset();
        meters.reset();
        automix.reset();
    }
}
