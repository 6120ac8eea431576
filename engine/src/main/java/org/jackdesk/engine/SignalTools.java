package org.jackdesk.engine;

import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.dsp.Dsp;
import org.jackdesk.engine.dsp.Oscillator;
import org.jackdesk.engine.dsp.Ramp;

/**
 * The engineer's tools on the mix graph (docs/tools.md).
 *
 * <ul>
 *   <li>The oscillator, added at the input of the main bus and of the aux buses it is routed to,
 *       before their faders and processing (so a bus limiter still protects an in-ear mix), and
 *       copied to its own {@code osc_out} port when the layout has one.</li>
 *   <li>Talkback: the source input (a mono channel's raw input or {@code talkback_in}) at the
 *       talkback level into the chosen buses' inputs and, only if chosen, the main's, while
 *       {@code talkback/talk} is on (20 ms fade in and out).</li>
 *   <li>The talkback dim: while talking, the main and/or monitor outputs are multiplied by the dim
 *       level, gliding over {@link #DIM_MS} both ways (the main not while talkback goes into it). It acts on the outputs (after the main chain
 *       and the meters), so a bus compressor or limiter never works against it.</li>
 * </ul>
 * Each destination leg has its own 20 ms gain ramp, so routing changes never click; a destination
 * at rest at 0 costs nothing, and so does everything while the oscillator is off and nobody talks.
 *
 * <p>Thread: the constructor control or worker; everything else audio (the bus mixer's pull and
 * sub-blocks).
 */
final class SignalTools {
    /** The dim's glide, both ways: short enough to follow the TALK button, long enough not to click. */
    static final float DIM_MS = 50f;
    private static final float OFF_DB = (float) org.jackdesk.config.ParamDef.FADER_OFF_DB;

    private final Oscillator osc = new Oscillator();
    private final int sOn, sType, sFreq, sLevel, sMain;
    private final int[] sBus;
    private final Ramp[] oscToMain = {new Ramp(20f, 0f), new Ramp(20f, 0f)};
    /** [bus][leg]: one ramp per leg of each aux bus. */
    private final Ramp[][] oscToBus;
    private final int oscOut;

    private final int talkIn;
    private final int sTalk, sTalkLevel, sTalkMain, sDimLevel, sDimMain, sDimMon;
    private final int[] sTalkBus;
    private final Ramp talkGain = new Ramp(20f, 0f);
    private final Ramp[] talkToMain = {new Ramp(20f, 0f), new Ramp(20f, 0f)};
    private final Ramp[][] talkToBus;
    private final float[] talk;
    private final float[][] talkBufs;
    private final Ramp[] dimMain = {new Ramp(DIM_MS, 1f), new Ramp(DIM_MS, 1f)};
    private final Ramp[] dimMon = {new Ramp(DIM_MS, 1f), new Ramp(DIM_MS, 1f)};
    private final int monitorOut;

    SignalTools(ParamRegistry registry, float sampleRate, EnginePorts ports, float[][][] busSums, int subBlock) {
        sOn = registry.slot("osc/on");
        sType = registry.slot("osc/type");
        sFreq = registry.slot("osc/freq");
        sLevel = registry.slot("osc/level");
        sMain = registry.slot("osc/main");
        sTalk = registry.slot("talkback/talk");
        sTalkLevel = registry.slot("talkback/level");
        sTalkMain = registry.slot("talkback/main");
        sDimLevel = registry.slot("talkback/dim/level");
        sDimMain = registry.slot("talkback/dim/main");
        sDimMon = registry.slot("talkback/dim/monitor");
        sBus = new int[busSums.length];
        sTalkBus = new int[busSums.length];
        oscToBus = new Ramp[busSums.length][];
        talkToBus = new Ramp[busSums.length][];
        for (int b = 0; b < busSums.length; b++) {
            sBus[b] = registry.slot("osc/bus/" + (b + 1));
            sTalkBus[b] = registry.slot("talkback/bus/" + (b + 1));
            oscToBus[b] = ramps(busSums[b].length, 20f, sampleRate);
            talkToBus[b] = ramps(busSums[b].length, 20f, sampleRate);
        }
        for (Ramp[] rs : new Ramp[][] {oscToMain, talkToMain, dimMain, dimMon}) for (Ramp r : rs) r.prepare(sampleRate);
        talkGain.prepare(sampleRate);
        osc.prepare(sampleRate, subBlock);
        oscOut = ports.oscOut();
        talkIn = ports.talkbackIn();
        monitorOut = ports.monitorOut();
        talk = new float[subBlock];
        talkBufs = new float[][] {talk};
    }

    private static Ramp[] ramps(int n, float ms, float sampleRate) {
        Ramp[] r = new Ramp[n];
        for (int i = 0; i < n; i++) {
            r[i] = new Ramp(ms, 0f);
            r[i].prepare(sampleRate);
        }
        return r;
    }

    /** Reads the tools' targets ({@code snap}: jump to them, at construction). */
    void pull(float[] t, boolean snap) {
        osc.setOn(t[sOn] > 0.5f);
        osc.setType((int) t[sType]);
        osc.setFreqHz(t[sFreq]);
        osc.setLevelDb(t[sLevel]);
        set(oscToMain, t[sMain] > 0.5f ? 1f : 0f, snap);
        boolean talking = t[sTalk] > 0.5f && talkIn >= 0;
        set(talkGain, talking && t[sTalkLevel] > OFF_DB ? (float) Dsp.dbToGain(t[sTalkLevel]) : 0f, snap);
        boolean talkToMainOn = t[sTalkMain] > 0.5f;
        set(talkToMain, talkToMainOn ? 1f : 0f, snap);
        for (int b = 0; b < sBus.length; b++) {
            set(oscToBus[b], t[sBus[b]] > 0.5f ? 1f : 0f, snap);
            set(talkToBus[b], t[sTalkBus[b]] > 0.5f ? 1f : 0f, snap);
        }
        float dim = (float) Dsp.dbToGain(t[sDimLevel]);
        // Talking into the main never dims it: that would dim the talker's own voice.
        set(dimMain, talking && t[sDimMain] > 0.5f && !talkToMainOn ? dim : 1f, snap);
        set(dimMon, talking && t[sDimMon] > 0.5f ? dim : 1f, snap);
        if (snap) osc.reset();
    }

    private static void set(Ramp[] rs, float v, boolean snap) {
        for (Ramp r : rs) set(r, v, snap);
    }

    private static void set(Ramp r, float v, boolean snap) {
        if (snap) r.snap(v);
        else r.setTarget(v);
    }

    /**
     * Adds the oscillator and talkback into the bus and main sums of a sub-block of {@code m}
     * frames at {@code off} of the cycle, and writes {@code osc_out}.
     */
    void inject(float[][] inputs, float[][] outputs, int off, float[][][] busSums, float[][] mainSums, int m) {
        boolean sounding = osc.render(m);
        if (sounding) {
            float[] sig = osc.buffer();
            add(sig, oscToMain, oscToBus, busSums, mainSums, m);
        }
        if (oscOut >= 0 && oscOut < outputs.length && outputs[oscOut] != null) {
            if (sounding) System.arraycopy(osc.buffer(), 0, outputs[oscOut], off, m);
            else java.util.Arrays.fill(outputs[oscOut], off, off + m, 0f);
        }
        if (talkGain.isSilent()) return;
        if (talkIn < inputs.length && inputs[talkIn] != null) {
            System.arraycopy(inputs[talkIn], off, talk, 0, m);
            Dsp.sanitize(talkBufs, 1, 0, m); // a broken input is silence, never NaN in a bus
        } else {
            java.util.Arrays.fill(talk, 0, m, 0f); // a backend without the port: silence, the ramps still advance
        }
        talkGain.applyGain(talk, 0, m);
        add(talk, talkToMain, talkToBus, busSums, mainSums, m);
    }

    private static void add(float[] sig, Ramp[] toMain, Ramp[][] toBus, float[][][] busSums, float[][] mainSums, int m) {
        toMain[0].accumulate(sig, mainSums[0], m);
        toMain[1].accumulate(sig, mainSums[1], m);
        for (int b = 0; b < toBus.length; b++) {
            Ramp[] legs = toBus[b];
            for (int l = 0; l < legs.length; l++) legs[l].accumulate(sig, busSums[b][l], m);
        }
    }

    /** Dims the main (outputs 0 and 1) and monitor outputs of the sub-block at {@code off} while talking. */
    void dim(float[][] outputs, int off, int m) {
        dim(dimMain, outputs, 0, off, m);
        dim(dimMon, outputs, monitorOut, off, m);
    }

    private static void dim(Ramp[] rs, float[][] outputs, int first, int off, int m) {
        for (int c = 0; c < 2; c++) {
            int o = first + c;
            if (o < outputs.length && outputs[o] != null) rs[c].applyGain(outputs[o], off, m);
            else rs[c].skip(m);
        }
    }

    /** Silences the signal state (the oscillator restarts at its current settings). */
    void reset() {
        osc.reset();
    }
}
