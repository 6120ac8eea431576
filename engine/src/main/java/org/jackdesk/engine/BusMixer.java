package org.jackdesk.engine;

import java.util.Arrays;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.dsp.Ramp;
import org.jackdesk.engine.dsp.TruePeakLimiter;
import org.jackdesk.engine.mix.BusStrip;
import org.jackdesk.engine.mix.FxStrip;

/**
 * The engine's summing side: the aux buses, the main bus and the monitor (solo) bus, their copies
 * into the backend's outputs, and their meters. The strips sum into {@link #busSums()}, {@link
 * #mainSums()} and the solo sums; {@link #processFx} and {@link #finishBuses} then run each bus's fader and processors
 * and fills the monitor: the solo sum while anything is soloed, otherwise the main mix, crossfaded
 * over 20 ms.
 *
 * <p>Thread: the constructor control or worker; everything else audio (the engine's process and
 * parameter pull).
 */
final class BusMixer {
    private final BusStrip[] buses;
    private final BusStrip main;
    private final BusStrip monitor;
    private final EnginePorts ports;
    /** The aux buses' sums ([bus][leg][frame]). */
    private final float[][][] busSums;
    /** What the strips send into: the aux buses' sums, then the FX send buses' ([bus][leg][frame]). */
    private final float[][][] stripSums;
    /** The FX slots (docs/fx.md): their returns add into the aux and main sums before those run. */
    private final FxStrip[] fx;
    private final float[] soloL, soloR;
    private final Ramp soloToMon = new Ramp(20f, 0f), mainToMonL = new Ramp(20f, 1f), mainToMonR = new Ramp(20f, 1f);
    private final Ramp soloToMonR = new Ramp(20f, 0f);
    private final int sMainLimiterOn;
    private final int[] sBusLimiterOn;
    private final int limiterLatency;
    /** The oscillator (and the other tools), added into the bus and main sums before the buses run. */
    private final SignalTools tools;
    /** The analyser's tap, handed each FX return's signal (after its EQ) when asked. */
    private org.jackdesk.engine.rta.RtaTap rta;

    /** Thread: control, while building the engine. */
    void rtaTap(org.jackdesk.engine.rta.RtaTap tap) {
        rta = tap;
    }

    /** Builds and prepares the buses of {@code registry}'s layout. Thread: control or worker. */
    BusMixer(ParamRegistry registry, float sampleRate, EnginePorts ports, int subBlock) {
        Layout layout = registry.layout();
        this.ports = ports;
        main = BusStrip.main(registry, subBlock);
        main.prepare(sampleRate);
        sMainLimiterOn = registry.slot("main/limiter/on");
        limiterLatency = TruePeakLimiter.latencyFramesAt(sampleRate);
        buses = new BusStrip[layout.buses().size()];
        busSums = new float[buses.length][][];
        sBusLimiterOn = new int[buses.length];
        for (int b = 0; b < buses.length; b++) {
            buses[b] = BusStrip.aux(registry, b, subBlock);
            buses[b].prepare(sampleRate);
            busSums[b] = buses[b].sums();
            sBusLimiterOn[b] = registry.slot("bus/" + (b + 1) + "/limiter/on");
        }
        tools = new SignalTools(registry, sampleRate, ports, busSums, subBlock);
        fx = new FxStrip[layout.fx()];
        stripSums = java.util.Arrays.copyOf(busSums, buses.length + fx.length);
        for (int k = 0; k < fx.length; k++) {
            fx[k] = new FxStrip(registry, k, subBlock);
            fx[k].prepare(sampleRate, subBlock);
            stripSums[buses.length + k] = fx[k].sendSums();
        }
        monitor = new BusStrip(2, registry.slot("monitor/level"), -1, subBlock);
        monitor.prepare(sampleRate);
        soloL = new float[subBlock];
        soloR = new float[subBlock];
        soloToMon.prepare(sampleRate);
        soloToMonR.prepare(sampleRate);
        mainToMonL.prepare(sampleRate);
        mainToMonR.prepare(sampleRate);
    }

    int busCount() {
        return buses.length;
    }

    /** The sums the strips send into: aux buses, then FX send buses. */
    float[][][] busSums() {
        return stripSums;
    }

    /** FX slot {@code k} (0-based). */
    FxStrip fx(int k) {
        return fx[k];
    }

    float[][] mainSums() {
        return main.sums();
    }

    float[] soloL() {
        return soloL;
    }

    float[] soloR() {
        return soloR;
    }

    /** The main limiter's switch slot: its look-ahead is the main and monitor outputs' latency. */
    int mainLimiterSlot() {
        return sMainLimiterOn;
    }

    /** Aux bus {@code bus0}'s limiter switch slot. */
    int busLimiterSlot(int bus0) {
        return sBusLimiterOn[bus0];
    }

    /** Frames of look-ahead a limiter adds while on. */
    int limiterLatency() {
        return limiterLatency;
    }

    /** Clears the aux bus and solo sums for a sub-block of {@code m} frames (the strip groups fill main's). */
    void clearSubBlock(int m) {
        for (BusStrip b : buses) b.clear(m);
        for (FxStrip f : fx) f.clear(m);
        Arrays.fill(soloL, 0, m, 0f);
        Arrays.fill(soloR, 0, m, 0f);
    }

    /**
     * Adds the tools' signals (oscillator, talkback from {@code inputs}), then runs the FX slots: each
     * returns into the bus and main sums. The first half of a sub-block's finish ({@link #finishBuses}
     * the second), apart so that the engine can time the FX slots on their own.
     */
    void processFx(float[][] inputs, float[][] outputs, int off, int m) {
        tools.inject(inputs, outputs, off, busSums, main.sums(), m);
        for (int k = 0; k < fx.length; k++) {
            fx[k].process(busSums, main.sums(), soloL, soloR, m);
            if (rta != null) rta.fxReturn(k, fx[k].lastOutput(), off, m);
        }
    }

    /**
     * Runs every bus on its sums (aux, main with its chain, monitor), copies the results into
     * {@code outputs} at {@code off} and applies the talkback dim. After {@link #processFx}.
     */
    void finishBuses(float[][] outputs, int off, int m) {
        for (int b = 0; b < buses.length; b++) {
            buses[b].finish(m);
            buses[b].copyOut(outputs, ports.busOut(b), off, m);
        }
        for (FxStrip f : fx) f.feedFromBuses(busSums, m); // the buses' FX sends, heard one sub-block later
        float[][] mainSum = main.sums();
        main.finish(m);
        main.copyOut(outputs, 0, off, m);
        // Monitor: the solo sum while anything is soloed, otherwise the main mix; crossfaded.
        monitor.clear(m);
        float[][] mon = monitor.sums();
        soloToMon.accumulate(soloL, mon[0], m);
        soloToMonR.accumulate(soloR, mon[1], m);
        mainToMonL.accumulate(mainSum[0], mon[0], m);
        mainToMonR.accumulate(mainSum[1], mon[1], m);
        monitor.finish(m);
        monitor.copyOut(outputs, ports.monitorOut(), off, m);
        tools.dim(outputs, off, m);
    }

    /**
     * Reads the buses' and FX slots' targets; {@code anySolo} (a channel's solo) or a soloed FX return
     * switches the monitor source; the DCA and mute-group states and the solo mode reach the FX returns.
     */
    void pull(float[] t, boolean anySolo, boolean snap, float[] dcaGain, boolean[] dcaMute, boolean[] mgOn, boolean afl) {
        for (BusStrip b : buses) b.pull(t, snap);
        for (FxStrip f : fx) {
            f.pull(t, dcaGain, dcaMute, mgOn, afl, snap);
            anySolo |= f.soloed();
        }
        main.pull(t, snap);
        monitor.pull(t, snap);
        tools.pull(t, snap);
        setRamp(soloToMon, anySolo ? 1f : 0f, snap);
        setRamp(soloToMonR, anySolo ? 1f : 0f, snap);
        setRamp(mainToMonL, anySolo ? 0f : 1f, snap);
        setRamp(mainToMonR, anySolo ? 0f : 1f, snap);
    }

    private static void setRamp(Ramp r, float v, boolean snap) {
        if (snap) r.snap(v);
        else r.setTarget(v);
    }

    /** Publishes the buses', main's, monitor's and the loudness meters of a cycle (inside a meter write). */
    void publish(MeterBank meters, float[] mv, int nframes) {
        for (int b = 0; b < buses.length; b++) {
            if (meters.takeClipReset(meters.busTarget(b))) buses[b].resetOver();
            buses[b].publish(mv, meters.busBase(b), nframes);
        }
        if (meters.takeClipReset(meters.busTarget(buses.length))) main.resetOver();
        main.publish(mv, meters.mainBase(), nframes);
        if (meters.takeClipReset(meters.busTarget(buses.length + 1))) monitor.resetOver();
        monitor.publish(mv, meters.monitorBase(), nframes);
        main.publishLoudness(mv, meters.loudnessBase(), nframes);
        for (int k = 0; k < fx.length; k++) {
            if (meters.takeClipReset(meters.fxTarget(k))) fx[k].resetOver();
            fx[k].publish(mv, meters.fxBase(k), nframes);
        }
        main.publishStages(mv, meters.stagesBase());
    }

    void resetOvers() {
        for (BusStrip b : buses) b.resetOver();
        main.resetOver();
        monitor.resetOver();
        for (FxStrip f : fx) f.resetOver();
    }

    void resetHolds() {
        for (BusStrip b : buses) b.resetHolds();
        for (FxStrip f : fx) f.resetHolds();
        main.resetHolds();
        monitor.resetHolds();
    }

    void resetLoudness() {
        main.resetLoudness();
    }

    /** Clears every bus's signal state. */
    void reset() {
        for (BusStrip b : buses) b.reset();
        main.reset();
        monitor.reset();
        tools.reset();
        for (FxStrip f : fx) f.reset();
    }
}
