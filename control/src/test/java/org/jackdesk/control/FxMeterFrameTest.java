package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import org.jackdesk.control.ws.MeterFrame;
import org.jackdesk.engine.MeterBank;
import org.junit.jupiter.api.Test;

/** The fx section of the meter frame: the FX returns after the loudness block, counted by what the frame carries. */
class FxMeterFrameTest {
    @Test
    void fxReturnsAreTheLastSectionAndDecodeWithTheirCount() {
        int channels = 2, buses = 1, fx = 3;
        MeterBank bank = new MeterBank(channels, buses, fx);
        float[] raw = new float[bank.size()];
        for (int k = 0; k < fx; k++) raw[bank.fxBase(k) + MeterBank.BUS_PEAK_L] = 0.5f / (k + 1); // −6, −12, −15.6 dBFS
        raw[bank.mainBase() + MeterBank.BUS_PEAK_L] = 1f;
        float[] wire = new float[bank.size()];
        MeterFrame.toWireUnits(raw, wire, channels, buses, fx);
        int mask = MeterFrame.Section.mask(java.util.List.of(MeterFrame.Section.MAIN, MeterFrame.Section.FX));
        Buffer b = MeterFrame.encode(wire, channels, buses, fx, mask, 7);
        MeterFrame.Decoded d = MeterFrame.decode(b);
        assertEquals(fx, d.fx());
        assertEquals(MeterBank.BUS_FIELDS * (1 + fx), d.values().length);
        assertEquals(0f, d.values()[MeterBank.BUS_PEAK_L], 1e-4f, "the main at 0 dBFS first");
        for (int k = 0; k < fx; k++) {
            assertEquals(20 * Math.log10(0.5 / (k + 1)), d.values()[MeterBank.BUS_FIELDS * (1 + k) + MeterBank.BUS_PEAK_L], 1e-4,
                    "return " + (k + 1));
        }
        // a frame without the section is what it always was
        int old = MeterFrame.Section.mask(java.util.List.of(MeterFrame.Section.CH, MeterFrame.Section.LOUDNESS));
        MeterFrame.Decoded o = MeterFrame.decode(MeterFrame.encode(wire, channels, buses, fx, old, 1));
        assertEquals(0, o.fx());
        assertEquals(channels * MeterBank.CH_FIELDS + MeterBank.LOUD_FIELDS, o.values().length);
    }
}
