package org.jackdesk.control.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The MCU's seven-segment characters and the EQ values that fit a scribble-strip cell. */
class MackieTextTest {
    @Test
    void sevenSegmentCharactersFollowLogicControlsSet() {
        assertEquals(0x10, MackieSurface.sevenSegment('P'));
        assertEquals(0x05, MackieSurface.sevenSegment('e'));
        assertEquals(0x31, MackieSurface.sevenSegment('1'));
        assertEquals(0x20, MackieSurface.sevenSegment(' '));
        assertEquals(0x20, MackieSurface.sevenSegment('~'));
    }

    @Test
    void eqValuesFitACell() {
        assertEquals("-12.5", MackieSurface.value(false, -12.5));
        assertEquals("+3.0", MackieSurface.value(false, 3));
        assertEquals("132", MackieSurface.value(true, 131.8));
        assertEquals("1.20k", MackieSurface.value(true, 1200));
        assertEquals("12.0k", MackieSurface.value(true, 12000));
    }

    @Test
    void theTimecodeDisplayShowsATakesLengthInHoursMinutesSecondsAndFrames() {
        MackieSurface surface = new MackieSurface(org.jackdesk.config.ParamRegistry.forLayout(org.jackdesk.config.Layout.of(2, 0, 1, 0)),
                new MackieSurface.Host() {
                    public double value(org.jackdesk.config.Param p) {
                        return 0;
                    }

                    public boolean set(org.jackdesk.config.Param p, double v) {
                        return true;
                    }

                    public void touch(org.jackdesk.config.Param p, boolean on) {
                    }

                    public boolean send(byte[] m, int len) {
                        return true;
                    }
                });
        assertEquals("          ", surface.timecodeText(), "blank before the first take");
        surface.recorder(true, (3723L * 48000) + 48000 * 12 / 25, 48000); // 1 h 2 min 3 s and 12 frames
        assertEquals("  10203012", surface.timecodeText(), "HHH MM SS FFF: 1 h, 02 min, 03 s, frame 012");
        surface.recorder(false, 48000L * 59 + 47999, 48000);
        assertEquals("  00059024", surface.timecodeText(), "the last take's length stays after the stop: 59 s, frame 24");
    }
}
