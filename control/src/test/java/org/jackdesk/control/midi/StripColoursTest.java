package org.jackdesk.control.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The X-Touch's seven lit colours from configured ones, and the MCU's seven-segment characters. */
class StripColoursTest {
    @Test
    void wordsMapAsTheX32DoesAndUnlitColoursAreWhite() {
        assertEquals(StripColours.RED, StripColours.xtouch("red"));
        assertEquals(StripColours.YELLOW, StripColours.xtouch("orange"));
        assertEquals(StripColours.MAGENTA, StripColours.xtouch("pink"));
        assertEquals(StripColours.WHITE, StripColours.xtouch("grey"));
        assertEquals(StripColours.WHITE, StripColours.xtouch("off"));
        assertEquals(StripColours.WHITE, StripColours.xtouch(null));
    }

    @Test
    void hexColoursTakeTheNearestHueWhateverTheirBrightness() {
        assertEquals(StripColours.CYAN, StripColours.xtouch("#12a594"));
        assertEquals(StripColours.RED, StripColours.xtouch("#800000"));
        assertEquals(StripColours.RED, StripColours.xtouch("#ff2000"));
        assertEquals(StripColours.YELLOW, StripColours.xtouch("#ffa000"));
        assertEquals(StripColours.BLUE, StripColours.xtouch("#1020c0"));
        assertEquals(StripColours.WHITE, StripColours.xtouch("#404040"));
        assertEquals(StripColours.WHITE, StripColours.xtouch("#000000"));
        assertEquals(StripColours.WHITE, StripColours.xtouch("#zzzzzz"));
    }

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
