package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jackdesk.config.Layout;
import org.junit.jupiter.api.Test;

/**
 * Clip latches on the channels and over latches on the buses: set at 0 dBFS by the audio thread,
 * kept through silence, cleared one strip at a time or all at once.
 */
class MeterLatchTest {
    private static float[] read(Engine e) {
        float[] v = new float[e.meters().size()];
        e.meters().read(v);
        return v;
    }

    @Test
    void mainAndBusOverLatchAtZeroDbfsAndClearPerStrip() {
        // 2 mono channels, 1 mono aux bus; both channels send to the bus at unity.
        TestConsole t = new TestConsole(Layout.of(2, 0, 1, 0), 64);
        t.set("ch/1/send/1/level", 0.0);
        t.set("ch/2/send/1/level", 0.0);
        t.runDc(0.2f, 200);
        MeterBank m = t.engine.meters();
        float[] v = read(t.engine);
        assertEquals(0f, v[m.mainBase() + MeterBank.BUS_OVER], "0.4 on the main is no over");
        assertEquals(0f, v[m.busBase(0) + MeterBank.BUS_OVER], "0.4 on the bus is no over");

        t.runDc(0.9f, 200); // two channels at 0.9: the main and the bus go above full scale
        t.runDc(0f, 400); // then silence: the latches stay
        v = read(t.engine);
        assertEquals(1f, v[m.mainBase() + MeterBank.BUS_OVER], "the main's over latch stays on after the over");
        assertEquals(1f, v[m.busBase(0) + MeterBank.BUS_OVER], "the bus's over latch stays on after the over");
        assertEquals(0f, v[MeterBank.channelBase(0) + MeterBank.CH_CLIP], "0.9 on a channel is no clip");

        m.requestClipReset(m.busTarget(1)); // the main (the one aux bus is target 0)
        t.runDc(0f, 1);
        v = read(t.engine);
        assertEquals(0f, v[m.mainBase() + MeterBank.BUS_OVER], "the main's latch cleared");
        assertEquals(1f, v[m.busBase(0) + MeterBank.BUS_OVER], "the bus's latch is not the main's");

        t.engine.command(EngineCommand.RESET_CLIPS);
        t.runDc(0f, 1);
        v = read(t.engine);
        assertEquals(0f, v[m.busBase(0) + MeterBank.BUS_OVER], "reset clips clears the buses' overs too");
    }

    @Test
    void aChannelsClipLatchClearsAloneOnItsOwnRequest() {
        TestConsole t = new TestConsole(Layout.of(2, 0, 0, 0), 64);
        t.runDc(1.0f, 10); // both channels at full scale
        t.runDc(0f, 100);
        MeterBank m = t.engine.meters();
        float[] v = read(t.engine);
        assertEquals(1f, v[MeterBank.channelBase(0) + MeterBank.CH_CLIP]);
        assertEquals(1f, v[MeterBank.channelBase(1) + MeterBank.CH_CLIP]);

        m.requestClipReset(MeterBank.channelTarget(1));
        m.requestClipReset(MeterBank.channelTarget(1)); // asked twice before the audio thread saw it: one clear
        t.runDc(0f, 1);
        v = read(t.engine);
        assertEquals(1f, v[MeterBank.channelBase(0) + MeterBank.CH_CLIP], "channel 1 keeps its latch");
        assertEquals(0f, v[MeterBank.channelBase(1) + MeterBank.CH_CLIP], "channel 2's latch cleared");

        t.runDc(1.0f, 2); // clips again: latches again
        v = read(t.engine);
        assertEquals(1f, v[MeterBank.channelBase(1) + MeterBank.CH_CLIP]);
    }

    @Test
    void aLatchClearedRightAfterAnOverStaysClearWhileThePeakMeterFalls() {
        TestConsole t = new TestConsole(Layout.of(1, 0, 0, 0), 64);
        t.runDc(2.0f, 5); // 6 dB over full scale on the channel and the main
        t.runDc(0f, 2); // the peak meters still read above 0 dBFS as they fall at 20 dB/s
        MeterBank m = t.engine.meters();
        m.requestClipReset(MeterBank.channelTarget(0));
        m.requestClipReset(m.busTarget(0)); // the main of a console without aux buses
        t.runDc(0f, 1);
        float[] v = read(t.engine);
        assertEquals(0f, v[MeterBank.channelBase(0) + MeterBank.CH_CLIP], "the channel's latch stays cleared in silence");
        assertEquals(0f, v[m.mainBase() + MeterBank.BUS_OVER], "the main's latch stays cleared in silence");
    }
}
