package org.jackdesk.control.ui;

import java.util.Arrays;
import org.jackdesk.engine.EngineCommand;
import org.jackdesk.engine.EngineControl;
import org.jackdesk.engine.MeterBank;
import org.jackdesk.engine.UiMeterFeed;

/**
 * The engine facade for the browser tests: a real MeterBank fed with a deterministic programme
 * (each channel at its own level, a clip on one, gain reduction on others), so the screenshots
 * show meters moving the way a band would move them.
 */
final class UiTestEngine implements EngineControl {
    /** The integrated loudness the fake programme reports, LUFS. */
    static final float INTEGRATED_LUFS = -20.3f;
    /** Commands the browser caused (meter resets). */
    final java.util.List<EngineCommand> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final MeterBank meters;
    private final float[] values;
    private final int channels;
    private final int buses;
    /**
     * Clip (channels) and over (buses, main, monitor) latches, in MeterBank target order: channel 2
     * clipped and the main went over before the page opened; a reset clears them as the engine does.
     */
    private final boolean[] latched;
    /** The gain reduction (dB) aux bus 1's limiter reports. */
    static final float BUS1_LIMITER_GR = -2f;
    /** The compressor detector level (linear) channel 1 reports, distinct from its pre-fader level. */
    static final float CH1_COMP_IN = 0.25f;
    /** The automix gain channel 11 reports, dB. */
    static final float AUTOMIX_CH11_DB = -18f;

    UiTestEngine(int channels, int buses) {
        this.channels = channels;
        this.buses = buses;
        this.meters = new MeterBank(channels, buses);
        this.values = new float[meters.size()];
        this.latched = new boolean[meters.clipTargets()];
        latch();
    }

    /** Channel 2's clip and the main's over latched again (between tests). */
    void latch() {
        synchronized (latched) {
            java.util.Arrays.fill(latched, false);
            latched[MeterBank.channelTarget(1)] = true;
            latched[meters.busTarget(buses)] = true;
        }
    }

    boolean latched(int target) {
        synchronized (latched) {
            return latched[target];
        }
    }

    /** Writes one meter cycle at time t seconds. Thread: a test's timer. */
    void tick(double t) {
        Arrays.fill(values, 0f);
        synchronized (latched) {
            for (int i = 0; i < latched.length; i++) if (UiMeterFeed.takeClipReset(meters, i)) latched[i] = false;
        }
        for (int c = 0; c < channels; c++) {
            int b = MeterBank.channelBase(c);
            double env = 0.55 + 0.45 * Math.abs(Math.sin(t * (1.3 + 0.37 * c) + c));
            float peak = (float) (env * Math.pow(10, (-4 - 2.5 * (c % 8)) / 20.0));
            float rms = peak * 0.45f;
            values[b + MeterBank.CH_IN_PEAK] = peak;
            values[b + MeterBank.CH_IN_RMS] = rms;
            values[b + MeterBank.CH_IN_HOLD] = peak;
            values[b + MeterBank.CH_CLIP] = latched(MeterBank.channelTarget(c)) ? 1f : 0f;
            values[b + MeterBank.CH_PRE_PEAK] = peak;
            values[b + MeterBank.CH_PRE_RMS] = rms;
            values[b + MeterBank.CH_POST_PEAK_L] = peak * 0.7f;
            values[b + MeterBank.CH_POST_PEAK_R] = peak * 0.7f;
            values[b + MeterBank.CH_POST_RMS_L] = rms * 0.7f;
            values[b + MeterBank.CH_POST_RMS_R] = rms * 0.7f;
            values[b + MeterBank.CH_GATE_GR] = c % 3 == 0 ? (float) (-2 * env) : 0f;
            values[b + MeterBank.CH_COMP_GR] = c % 2 == 0 ? (float) (-6 * env) : 0f;
            values[b + MeterBank.CH_COMP_IN] = c == 0 ? CH1_COMP_IN : c % 2 == 0 ? peak : 0f;
        }
        for (int i = 0; i < buses + 2; i++) {
            int b = meters.busBase(i);
            double env = 0.6 + 0.3 * Math.abs(Math.sin(t * 0.9 + i));
            float l = (float) (env * 0.5), r = (float) (env * 0.45);
            values[b + MeterBank.BUS_PEAK_L] = l;
            values[b + MeterBank.BUS_PEAK_R] = r;
            values[b + MeterBank.BUS_RMS_L] = l * 0.5f;
            values[b + MeterBank.BUS_RMS_R] = r * 0.5f;
            values[b + MeterBank.BUS_HOLD_L] = l;
            values[b + MeterBank.BUS_HOLD_R] = r;
            values[b + MeterBank.BUS_OVER] = latched(meters.busTarget(i)) ? 1f : 0f;
            // Aux bus 1's in-ear limiter and compressor at work (the bus detail shows them).
            if (i == 0 && buses > 0) {
                values[b + MeterBank.BUS_LIMITER_GR] = BUS1_LIMITER_GR;
                values[b + MeterBank.BUS_COMP_GR] = -3f;
            }
        }
        int main = meters.mainBase();
        values[main + MeterBank.BUS_COMP_GR] = (float) (-3 * Math.abs(Math.sin(t * 0.7)));
        values[main + MeterBank.BUS_LIMITER_GR] = (float) (-1 * Math.abs(Math.sin(t * 1.9)));
        // Main loudness: a programme around -18 LUFS with a fixed integrated value the tests can look for.
        int l = meters.loudnessBase();
        values[l + MeterBank.LOUD_MOMENTARY] = (float) (-18 + 4 * Math.sin(t * 1.1));
        values[l + MeterBank.LOUD_SHORT_TERM] = (float) (-19.5 + 1.5 * Math.sin(t * 0.3));
        values[l + MeterBank.LOUD_INTEGRATED] = INTEGRATED_LUFS;
        values[l + MeterBank.LOUD_RANGE] = 5.2f;
        values[l + MeterBank.LOUD_TRUE_PEAK] = -1.4f;
        values[l + MeterBank.LOUD_SAMPLE_PEAK] = -1.6f;
        values[l + MeterBank.LOUD_MAX_MOMENTARY] = -13.9f;
        values[l + MeterBank.LOUD_MAX_SHORT_TERM] = -17.8f;
        values[l + MeterBank.LOUD_CORRELATION] = 0.62f;
        // The main chain's stages: band 2 reducing 6 dB, the transient shaper lifting 2.5 dB.
        values[meters.stagesBase() + MeterBank.STAGE_MB_1 + 1] = -6f;
        values[meters.stagesBase() + MeterBank.STAGE_TRANSIENT] = 2.5f;
        // The automixer: Vox 1 (channel 10) talking at unity, Vox 2 (11) 18 dB down, the Sax (12) at −3 dB.
        values[meters.automixBase() + 10] = AUTOMIX_CH11_DB;
        values[meters.automixBase() + 11] = -3f;
        UiMeterFeed.publish(meters, values);
    }

    @Override
    public void setParam(int slot, double value) {
        // The console state is the source of truth; the browser tests check it, not the engine.
    }

    @Override
    public boolean command(EngineCommand command) {
        commands.add(command);
        if (command == EngineCommand.RESET_CLIPS) {
            synchronized (latched) {
                Arrays.fill(latched, false);
            }
        }
        return true;
    }

    @Override
    public MeterBank meters() {
        return meters;
    }

    @Override
    public int sampleRate() {
        return 48000;
    }

    @Override
    public int periodFrames() {
        return 128;
    }

    @Override
    public String backendStatus() {
        return "browser test meters";
    }

    @Override
    public long xruns() {
        return 0;
    }

    @Override
    public float dspLoadPercent() {
        return 0;
    }

    @Override
    public double callbackMaxMicros() {
        return 0;
    }
}
