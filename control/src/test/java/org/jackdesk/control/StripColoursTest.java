package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The X-Touch's (and the X32's) seven lit colours from configured ones. */
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
    void theX32TakesTheSameTableButNoColourIsOff() {
        assertEquals(StripColours.OFF, StripColours.x32("off"));
        assertEquals(StripColours.OFF, StripColours.x32(null));
        assertEquals(StripColours.YELLOW, StripColours.x32("orange"));
        assertEquals(StripColours.RED, StripColours.x32("#800000"), "a hex colour was OFF on the X32 endpoint");
    }
}
