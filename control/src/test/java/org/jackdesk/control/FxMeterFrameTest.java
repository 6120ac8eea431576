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

    @Test
    void theStagesSectionComesLastAndLeavesTheFxCountRight() {
        int channels = 2, buses = 1, fx = 2;
        MeterBank bank = new MeterBank(channels, buses, fx);
        float[] raw = new float[bank.size()];
        raw[bank.fxBase(1) + MeterBank.BUS_PEAK_L] = 0.25f;
        raw[bank.stagesBase() + MeterBank.STAGE_MB_1 + 2] = -4.5f; // band 3 reducing
        raw[bank.stagesBase() + MeterBank.STAGE_TRANSIENT] = 3.25f;
        raw[bank.stagesBase() + MeterBank.STAGE_MB_1] = Float.NaN; // whatever happened upstream, a number on the wire
        float[] wire = new float[bank.size()];
        MeterFrame.toWireUnits(raw, wire, channels, buses, fx);
        int mask = MeterFrame.Section.mask(java.util.List.of(MeterFrame.Section.FX, MeterFrame.Section.STAGES));
        // two masks one sample: the sampler keeps one encoded frame per mask (bit 64 included)
        MeterFrame.Decoded d = MeterFrame.decode(MeterFrame.encode(wire, channels, buses, fx, mask, 3));
        assertEquals(fx, d.fx(), "the stages after the FX returns do not count as a return");
        assertEquals(fx * MeterBank.BUS_FIELDS + MeterBank.STAGE_FIELDS, d.values().length);
        int st = fx * MeterBank.BUS_FIELDS;
        assertEquals(20 * Math.log10(0.25), d.values()[MeterBank.BUS_FIELDS + MeterBank.BUS_PEAK_L], 1e-4);
        assertEquals(0f, d.values()[st + MeterBank.STAGE_MB_1]);
        assertEquals(-4.5f, d.values()[st + MeterBank.STAGE_MB_1 + 2]);
        assertEquals(3.25f, d.values()[st + MeterBank.STAGE_TRANSIENT]);
        MeterFrame.Decoded alone = MeterFrame.decode(MeterFrame.encode(wire, channels, buses, fx,
                MeterFrame.Section.mask(java.util.List.of(MeterFrame.Section.STAGES)), 4));
        assertEquals(MeterBank.STAGE_FIELDS, alone.values().length);
        assertEquals(3.25f, alone.values()[MeterBank.STAGE_TRANSIENT]);
    }
    @Test
    void theAutomixSectionCarriesOneGainPerChannelLastAndLeavesTheFxCountRight() {
        int channels = 3, buses = 1, fx = 2;
        MeterBank bank = new MeterBank(channels, buses, fx);
        float[] raw = new float[bank.size()];
        raw[bank.fxBase(1) + MeterBank.BUS_PEAK_L] = 0.25f;
        raw[bank.automixBase() + 1] = -3.0f;
        raw[bank.automixBase() + 2] = Float.NaN; // a number on the wire whatever happened
        float[] wire = new float[bank.size()];
        MeterFrame.toWireUnits(raw, wire, channels, buses, fx);
        int mask = MeterFrame.Section.mask(java.util.List.of(MeterFrame.Section.FX, MeterFrame.Section.STAGES, MeterFrame.Section.AUTOMIX));
        MeterFrame.Decoded d = MeterFrame.decode(MeterFrame.encode(wire, channels, buses, fx, mask, 3));
        assertEquals(fx, d.fx(), "the automix block after the stages does not count as a return");
        int am = fx * MeterBank.BUS_FIELDS + MeterBank.STAGE_FIELDS;
        assertEquals(am + channels, d.values().length);
        assertEquals(20 * Math.log10(0.25), d.values()[MeterBank.BUS_FIELDS + MeterBank.BUS_PEAK_L], 1e-4);
        assertEquals(0f, d.values()[am]);
        assertEquals(-3f, d.values()[am + 1]);
        assertEquals(0f, d.values()[am + 2]);
        MeterFrame.Decoded alone = MeterFrame.decode(MeterFrame.encode(wire, channels, buses, fx,
                MeterFrame.Section.mask(java.util.List.of(MeterFrame.Section.AUTOMIX)), 4));
        assertEquals(channels, alone.values().length);
        assertEquals(-3f, alone.values()[1]);
    }
}
