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
}
