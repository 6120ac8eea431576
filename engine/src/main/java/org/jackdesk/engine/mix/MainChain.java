package org.jackdesk.engine.mix;

import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.MeterBank;
import org.jackdesk.engine.dsp.BusCompressor;
import org.jackdesk.engine.dsp.LoudnessMeter;
import org.jackdesk.engine.dsp.MainEq;
import org.jackdesk.engine.dsp.MultibandCompressor;
import org.jackdesk.engine.dsp.StereoWidth;
import org.jackdesk.engine.dsp.TransientShaper;

/**
 * The main bus mastering chain after the main fader: 6-band EQ (bands on both channels, the mid or
 * the side) → multiband compressor → bus compressor → transient shaper → stereo width → true-peak
 * limiter (docs/mastering.md argues the order), with the BS.1770-4 / EBU R128 loudness meter and the correlation meter on
 * the final output. Addresses {@code main/eq/...}, {@code main/comp/...}, {@code main/width},
 * {@code main/multiband/...}, {@code main/transient/...}, {@code main/limiter/...}. With the
 * defaults (everything off, width 100 %) every stage passes the signal bit for bit: the EQ and
 * compressors are bypassed, the shaper is skipped, width 100 % is skipped, the limiter is not run.
 *
 * <p>Thread: audio, except the constructor, {@link #prepare} and {@link #pull} with {@code snap}.
 */
final class MainChain implements BusChain {
    /** The integrated loudness and LRA change every 100 ms at most; no need to scan the histograms more often. */
    private static final float GATED_UPDATE_S = 0.1f;

    private final int sEqOn, sLcOn, sLcFreq, sLcSlope, sHcOn, sHcFreq, sHcSlope;
    private final int[] sBandOn = new int[4], sBandFreq = new int[4], sBandGain = new int[4], sBandQ = new int[4];
    private final int sCompOn, sCompThr, sCompRatio, sCompKnee, sCompAtt, sCompRel, sCompAuto, sCompMakeup, sCompMix;
    private final int sCompScOn, sCompScFreq, sWidth, sLimOn, sLimCeiling, sLimRelease;
    private final int[] sBandMs = new int[4];
    private final int sMbOn, sMbBands, sMbMode;
    private final int[] sMbXover = new int[3];
    private final int[] sMbThr = new int[4], sMbRatio = new int[4], sMbAtt = new int[4], sMbRel = new int[4];
    private final int[] sMbGain = new int[4], sMbSolo = new int[4], sMbBypass = new int[4];
    private final int sTsOn, sTsAttack, sTsSustain;

    private final MainEq eq = new MainEq(2);
    private final BusCompressor comp = new BusCompressor(2);
    private final MultibandCompressor multiband = new MultibandCompressor();
    private final TransientShaper transient_ = new TransientShaper(2);
    private boolean mbRunning;
    private final StereoWidth width = new StereoWidth(2);
    private final SwitchedLimiter limiter = new SwitchedLimiter(2);
    private final LoudnessMeter loudness = new LoudnessMeter(2);
    private boolean compRunning;
    private int gatedUpdateFrames;
    private int framesSinceGated;
    private float integratedLufs = Float.NEGATIVE_INFINITY;
    private float rangeLu;

    MainChain(ParamRegistry reg) {
        sEqOn = reg.slot("main/eq/on");
        sLcOn = reg.slot("main/eq/1/on");
        sLcFreq = reg.slot("main/eq/1/freq");
        sLcSlope = reg.slot("main/eq/1/slope");
        for (int k = 0; k < 4; k++) {
            String p = "main/eq/" + (k + 2) + "/";
            sBandOn[k] = reg.slot(p + "on");
            sBandFreq[k] = reg.slot(p + "freq");
            sBandGain[k] = reg.slot(p + "gain");
            sBandQ[k] = reg.slot(p + "q");
            sBandMs[k] = reg.slot(p + "ms");
        }
        sMbOn = reg.slot("main/multiband/on");
        sMbBands = reg.slot("main/multiband/bands");
        sMbMode = reg.slot("main/multiband/mode");
        for (int k = 0; k < 3; k++) sMbXover[k] = reg.slot("main/multiband/xover/" + (k + 1));
        for (int b = 0; b < 4; b++) {
            String p = "main/multiband/" + (b + 1) + "/";
            sMbThr[b] = reg.slot(p + "threshold");
            sMbRatio[b] = reg.slot(p + "ratio");
            sMbAtt[b] = reg.slot(p + "attack");
            sMbRel[b] = reg.slot(p + "release");
            sMbGain[b] = reg.slot(p + "gain");
            sMbSolo[b] = reg.slot(p + "solo");
            sMbBypass[b] = reg.slot(p + "bypass");
        }
        sTsOn = reg.slot("main/transient/on");
        sTsAttack = reg.slot("main/transient/attack");
        sTsSustain = reg.slot("main/transient/sustain");
        sHcOn = reg.slot("main/eq/6/on");
        sHcFreq = reg.slot("main/eq/6/freq");
        sHcSlope = reg.slot("main/eq/6/slope");
        sCompOn = reg.slot("main/comp/on");
        sCompThr = reg.slot("main/comp/threshold");
        sCompRatio = reg.slot("main/comp/ratio");
        sCompKnee = reg.slot("main/comp/knee");
        sCompAtt = reg.slot("main/comp/attack");
        sCompRel = reg.slot("main/comp/release");
        sCompAuto = reg.slot("main/comp/autorelease");
        sCompMakeup = reg.slot("main/comp/makeup");
        sCompMix = reg.slot("main/comp/mix");
        sCompScOn = reg.slot("main/comp/schpf/on");
        sCompScFreq = reg.slot("main/comp/schpf/freq");
        sWidth = reg.slot("main/width");
        sLimOn = reg.slot("main/limiter/on");
        sLimCeiling = reg.slot("main/limiter/ceiling");
        sLimRelease = reg.slot("main/limiter/release");
    }

    private float sampleRate;
    private int maxFrames;

    @Override
    public void prepare(float sampleRate, int maxFrames) {
        this.sampleRate = sampleRate;
        this.maxFrames = maxFrames;
        eq.prepare(sampleRate, maxFrames);
        comp.prepare(sampleRate, maxFrames);
        multiband.prepare(sampleRate, maxFrames);
        transient_.prepare(sampleRate, maxFrames);
        width.prepare(sampleRate, maxFrames);
        limiter.prepare(sampleRate, maxFrames);
        loudness.prepare(sampleRate, maxFrames);
        gatedUpdateFrames = Math.round(GATED_UPDATE_S * sampleRate);
    }

    @Override
    public void pull(float[] t, boolean snap) {
        eq.setEnabled(t[sEqOn] > 0.5f);
        eq.setLowCut(t[sLcOn] > 0.5f, t[sLcFreq], t[sLcSlope] > 0.5f ? 24 : 12);
        for (int k = 0; k < 4; k++) {
            eq.setBand(MainEq.LOW_SHELF + k, t[sBandOn[k]] > 0.5f, t[sBandFreq[k]], t[sBandGain[k]], t[sBandQ[k]]);
            eq.setBandMode(MainEq.LOW_SHELF + k, Math.round(t[sBandMs[k]]));
        }
        multiband.setEnabled(t[sMbOn] > 0.5f);
        multiband.setBands(t[sMbBands] > 0.5f ? 4 : 3);
        multiband.setMidSide(t[sMbMode] > 0.5f);
        for (int k = 0; k < 3; k++) multiband.setCrossoverHz(k, t[sMbXover[k]]);
        for (int b = 0; b < 4; b++) {
            multiband.setThresholdDb(b, t[sMbThr[b]]);
            multiband.setRatio(b, t[sMbRatio[b]]);
            multiband.setAttackMs(b, t[sMbAtt[b]]);
            multiband.setReleaseMs(b, t[sMbRel[b]]);
            multiband.setGainDb(b, t[sMbGain[b]]);
            multiband.setSolo(b, t[sMbSolo[b]] > 0.5f);
            multiband.setBypass(b, t[sMbBypass[b]] > 0.5f);
        }
        transient_.setEnabled(t[sTsOn] > 0.5f);
        transient_.setAttackDb(t[sTsAttack]);
        transient_.setSustainDb(t[sTsSustain]);
        eq.setHighCut(t[sHcOn] > 0.5f, t[sHcFreq], t[sHcSlope] > 0.5f ? 24 : 12);
        comp.setEnabled(t[sCompOn] > 0.5f);
        comp.setThresholdDb(t[sCompThr]);
        comp.setRatio(t[sCompRatio]);
        comp.setKneeDb(t[sCompKnee]);
        comp.setAttackMs(t[sCompAtt]);
        comp.setReleaseMs(t[sCompRel]);
        comp.setAutoRelease(t[sCompAuto] > 0.5f);
        comp.setMakeupDb(t[sCompMakeup]);
        comp.setMixPercent(t[sCompMix]);
        comp.setSidechainHpfHz(t[sCompScOn] > 0.5f ? t[sCompScFreq] : 0f);
        width.setWidthPercent(t[sWidth]);
        limiter.set(t[sLimOn] > 0.5f, t[sLimCeiling], t[sLimRelease], snap);
        if (snap && sampleRate > 0) {
            // construction only: start at the settings instead of gliding/fading into them
            eq.prepare(sampleRate, maxFrames);
            comp.prepare(sampleRate, maxFrames);
            multiband.prepare(sampleRate, maxFrames);
            transient_.snapEnabled();
            width.prepare(sampleRate, maxFrames);
            compRunning = !comp.bypassed();
            mbRunning = !multiband.bypassed();
        }
    }

    @Override
    public void process(float[][] bufs, int m) {
        processWithoutLimiter(bufs, m);
        limiter.process(bufs, m);
        loudness.process(bufs, 0, m);
    }

    /** The multiband's bands in use (3 or 4). */
    int multibandBands() {
        return multiband.bands();
    }

    /**
     * The gain each stage before the limiter applied at the end of the last process call, dB:
     * {@code out[0..bands)} the multiband's bands, then the bus compressor, then the transient
     * shaper (0 for a stage that is off).
     */
    void stageGainsDb(double[] out) {
        int n = multiband.bands();
        for (int b = 0; b < n; b++) out[b] = bandGainDb(b);
        out[n] = compRunning ? comp.gainReductionDb() : 0;
        out[n + 1] = shaperGainDb();
    }

    /** Writes the live stages block ({@code MeterBank.STAGE_*}, dB) at {@code base}. Thread: audio. */
    void publishStages(float[] meters, int base) {
        for (int b = 0; b < MultibandCompressor.MAX_BANDS; b++) meters[base + MeterBank.STAGE_MB_1 + b] = bandGainDb(b);
        meters[base + MeterBank.STAGE_TRANSIENT] = shaperGainDb();
    }

    /** Multiband band {@code b}'s gain reduction now, dB; 0 while the multiband rests or the band is not in use. */
    private float bandGainDb(int b) {
        return mbRunning && b < multiband.bands() ? multiband.gainReductionDb(b) : 0f;
    }

    /** The transient shaper's gain now, dB; 0 while it is off. */
    private float shaperGainDb() {
        return transient_.bypassed() ? 0f : transient_.gainDb();
    }

    /** The stages before the limiter (offline mastering limits after its own gain: {@link OfflineMainChain}). */
    void processWithoutLimiter(float[][] bufs, int m) {
        eq.process(bufs, 0, m);
        if (!multiband.bypassed()) {
            if (!mbRunning) multiband.reset(); // back on after a rest: no stale filter or detector state
            mbRunning = true;
            multiband.process(bufs, 0, m);
        } else {
            mbRunning = false;
        }
        if (!comp.bypassed()) {
            if (!compRunning) comp.reset(); // back on after a rest: no stale detector state
            compRunning = true;
            comp.process(bufs, 0, m);
        } else {
            compRunning = false;
        }
        transient_.run(bufs, 0, m);
        width.process(bufs, 0, m);
    }

    @Override
    public void publish(float[] meters, int base, int frames) {
        meters[base + MeterBank.BUS_COMP_GR] = compRunning ? comp.gainReductionDb() : 0f;
        meters[base + MeterBank.BUS_LIMITER_GR] = limiter.gainReductionDb();
    }

    /** Writes the loudness block ({@link MeterBank#loudnessBase()}). */
    void publishLoudness(float[] meters, int base, int frames) {
        framesSinceGated += frames;
        if (framesSinceGated >= gatedUpdateFrames) {
            // the gated values scan 8000-bin histograms: 10 times a second is enough
            framesSinceGated = 0;
            integratedLufs = (float) loudness.integratedLufs();
            rangeLu = (float) loudness.loudnessRangeLu();
        }
        meters[base + MeterBank.LOUD_MOMENTARY] = (float) loudness.momentaryLufs();
        meters[base + MeterBank.LOUD_SHORT_TERM] = (float) loudness.shortTermLufs();
        meters[base + MeterBank.LOUD_INTEGRATED] = integratedLufs;
        meters[base + MeterBank.LOUD_RANGE] = rangeLu;
        meters[base + MeterBank.LOUD_TRUE_PEAK] = (float) loudness.truePeakDbtpLagged(); // <= 5 ms late, keeps 256-sample runs
        meters[base + MeterBank.LOUD_SAMPLE_PEAK] = (float) loudness.samplePeakDbfs();
        meters[base + MeterBank.LOUD_MAX_MOMENTARY] = (float) loudness.maxMomentaryLufs();
        meters[base + MeterBank.LOUD_MAX_SHORT_TERM] = (float) loudness.maxShortTermLufs();
        meters[base + MeterBank.LOUD_CORRELATION] = width.correlation();
    }

    /** Starts a new loudness measurement (integrated, LRA, maxima, peaks). */
    void resetLoudness() {
        loudness.reset();
        integratedLufs = Float.NEGATIVE_INFINITY;
        rangeLu = 0f;
        framesSinceGated = 0;
    }

    @Override
    public int latencyFrames() {
        return limiter.latencyFrames();
    }

    @Override
    public void reset() {
        eq.reset();
        comp.reset();
        multiband.reset();
        transient_.reset();
        width.reset();
        limiter.reset();
    }
}
