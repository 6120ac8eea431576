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
    private final MeterBank meters;
    private final float[] values;
    private final int channels;
    private final int buses;

    UiTestEngine(int channels, int buses) {
        this.channels = channels;
        this.buses = buses;
        this.meters = new MeterBank(channels, buses);
        this.values = new float[meters.size()];
    }

    /** Writes one meter cycle at time t seconds. Thread: a test's timer. */
    void tick(double t) {
        Arrays.fill(values, 0f);
        for (int c = 0; c < channels; c++) {
            int b = MeterBank.channelBase(c);
            double env = 0.55 + 0.45 * Math.abs(Math.sin(t * (1.3 + 0.37 * c) + c));
            float peak = (float) (env * Math.pow(10, (-4 - 2.5 * (c % 8)) / 20.0));
            float rms = peak * 0.45f;
            values[b + MeterBank.CH_IN_PEAK] = peak;
            values[b + MeterBank.CH_IN_RMS] = rms;
            values[b + MeterBank.CH_IN_HOLD] = peak;
            values[b + MeterBank.CH_CLIP] = c == 1 ? 1f : 0f;
            values[b + MeterBank.CH_PRE_PEAK] = peak;
            values[b + MeterBank.CH_PRE_RMS] = rms;
            values[b + MeterBank.CH_POST_PEAK_L] = peak * 0.7f;
            values[b + MeterBank.CH_POST_PEAK_R] = peak * 0.7f;
            values[b + MeterBank.CH_POST_RMS_L] = rms * 0.7f;
            values[b + MeterBank.CH_POST_RMS_R] = rms * 0.7f;
            values[b + MeterBank.CH_GATE_GR] = c % 3 == 0 ? (float) (-2 * env) : 0f;
            values[b + MeterBank.CH_COMP_GR] = c % 2 == 0 ? (float) (-6 * env) : 0f;
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
        }
        UiMeterFeed.publish(meters, values);
    }

    @Override
    public void setParam(int slot, double value) {
        // The console state is the source of truth; the browser tests check it, not the engine.
    }

    @Override
    public boolean command(EngineCommand command) {
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
