package org.jackdesk.control.x32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class X32LawsTest {
    @Test
    void faderLawHitsTheX32BreakpointsBothWays() {
        double[] positions = {0.0, 0.0625, 0.25, 0.5, 0.75, 1.0};
        double[] db = {-90, -60, -30, -10, 0, 10};
        for (int i = 0; i < positions.length; i++) {
            assertEquals(db[i], X32Laws.faderToDb(positions[i]), 1e-9, "position " + positions[i]);
            // Like the X32, the wire keeps 1024 steps (k/1023): 0 dB reads 0.7498, step 767
            assertEquals(Math.round(positions[i] * 1023) / 1023f, X32Laws.dbToFader(db[i]), "dB " + db[i]);
        }
        assertEquals(767 / 1023f, X32Laws.dbToFader(0), "the X32's 0.7498 at unity");
        assertEquals(0f, X32Laws.dbToFader(Double.NEGATIVE_INFINITY));
        assertEquals(0f, X32Laws.dbToFader(Double.NaN));
    }

    @Test
    void faderLawKeepsOnly1024Steps() {
        float f = X32Laws.dbToFader(-6.0);
        assertEquals(Math.round(f * 1023) / 1023f, f, 0f, "on a step");
        assertEquals(f, X32Laws.dbToFader(X32Laws.faderToDb(f)), "a step round-trips");
        for (int k = 0; k <= 1023; k++) {
            float p = k / 1023f;
            assertEquals(X32Laws.quantize(p, 1024), X32Laws.dbToFader(X32Laws.faderToDb(p)), "step " + k);
        }
    }

    @Test
    void logAndLinearLawsAndTheirText() {
        assertEquals(20, X32Laws.logToValue(0, 20, 20000), 1e-9);
        assertEquals(20000, X32Laws.logToValue(1, 20, 20000), 1e-6);
        assertEquals(632.456, X32Laws.logToValue(0.5, 20, 20000), 1e-3);
        assertEquals(0.5f, X32Laws.valueToLog(632.456, 20, 20000, 201));
        assertEquals(10, X32Laws.logToValue(0, 10, 0.3), 1e-9, "the EQ's Q runs downwards");
        assertEquals(0f, X32Laws.valueToLin(-15, -15, 15, 121));
        assertEquals(0.5f, X32Laws.valueToLin(0, -15, 15, 121));
        assertEquals("1k97", X32Laws.hzText(1970));
        assertEquals("80.0", X32Laws.hzText(80));
        assertEquals(1970, X32Laws.parseNumber("1k97"), 1e-9);
        assertEquals("-oo", X32Laws.dbText(-90));
        assertEquals("-6.0", X32Laws.dbText(-6));
        assertEquals(Double.NEGATIVE_INFINITY, X32Laws.parseNumber("-oo"));
        assertThrows(NumberFormatException.class, () -> X32Laws.parseNumber("NaN"));
        assertThrows(NumberFormatException.class, () -> X32Laws.parseNumber("loud"));
    }

    @Test
    void switchesReadIntsAndNodeText() {
        assertEquals(1.0, X32Law.ON.fromWire("OFF"), "X32 OFF is a muted strip");
        assertEquals(0.0, X32Law.ON.fromWire(1));
        assertEquals(0, X32Law.ON.toWire(1));
        assertThrows(IllegalArgumentException.class, () -> X32Law.ON.fromWire("MAYBE"));
    }

    @Test
    void addressTableMapsBothWays() {
        assertEquals(new X32Map.Mapped("ch/3/eq/2/freq", ((X32Map.Mapped) X32Map.resolve("/ch/03/eq/2/f", 8, 4)).law(), 0f),
                X32Map.resolve("/ch/03/eq/2/f", 8, 4));
        assertEquals("/ch/03/mix/on", X32Map.toX32("ch/3/mute", 8, 4));
        assertEquals("/ch/03/mix/02/level", X32Map.toX32("ch/3/send/2/level", 8, 4));
        assertEquals("/config/mute/2", X32Map.toX32("mutegroup/2/on", 8, 4));
        assertEquals("/main/st/mix/fader", X32Map.toX32("main/fader", 8, 4));
        assertEquals(new X32Map.Stored(0f), X32Map.resolve("/ch/20/mix/fader", 8, 4), "an X32 strip beyond the layout is stored");
        assertNull(X32Map.resolve("/ch/33/mix/fader", 64, 4), "X32 has 32 channels");
        assertNull(X32Map.resolve("/ch/1/mix/fader", 8, 4), "two digits, as the X32");
        assertNull(X32Map.toX32("monitor/level", 8, 4));
        assertEquals("/ch/03/grp/dca", X32Map.toX32("ch/3/dca/2", 8, 4));
        assertEquals(new X32Map.Mask("ch/3/mutegroup/", 6), X32Map.resolve("/ch/03/grp/mute", 8, 4));
        assertEquals(List.of("/ch/01/config/name", "/ch/01/config/icon", "/ch/01/config/color", "/ch/01/config/source"),
                X32Map.nodeChildren("ch/01/config"));
    }

    @Test
    void stereoChannelsTakeAnOddEvenPairAndNothingGoesBeyond32() {
        X32Map.Strips s = X32Map.Strips.of(org.jackdesk.config.Layout.of(3, 2, 0, 0)); // ch 1-3 mono, 4 and 5 stereo
        assertEquals(List.of(0, 1, 2, 3, 0, 4, 4, 5, 5, 0), java.util.Arrays.stream(s.toJack()).boxed().toList().subList(0, 10));
        assertEquals("/ch/07/mix/fader", X32Map.toX32("ch/5/fader", s));
        assertEquals(new X32Map.Stored(1), X32Map.resolve("/config/chlink/7-8", s));
        assertEquals("ch/4/solo", ((X32Map.Mapped) X32Map.resolve("/-stat/solosw/06", s)).path(), "solo switches count X32 channels too");
        assertEquals("/-stat/solosw/05", X32Map.toX32("ch/4/solo", s));
        X32Map.Strips big = X32Map.Strips.of(org.jackdesk.config.Layout.of(40, 0, 0, 0));
        assertNull(X32Map.toX32("ch/33/fader", big), "the first 32");
        assertEquals("/ch/32/mix/fader", X32Map.toX32("ch/32/fader", big));
    }

    @Test
    void nodeTextSplitsAtSpacesAndKeepsQuotedNamesWhole() {
        assertEquals(List.of("/ch/01/config", "Kick drum", "1", "RD", "0"), X32Server.tokens("/ch/01/config \"Kick drum\" 1 RD  0\n"));
        assertEquals(List.of(), X32Server.tokens("  "));
    }

    @Test
    void codecReadsMessagesWithoutTypeTagsAndRefusesTruncatedOnes() throws Exception {
        assertEquals(X32Osc.Message.of("/xinfo"), X32Osc.decode("/xinfo\0\0".getBytes()));
        assertEquals(X32Osc.Message.of("/ch/01/mix/fader", 0.5f),
                X32Osc.decode(X32Osc.encode(X32Osc.Message.of("/ch/01/mix/fader", 0.5f))));
        assertThrows(X32Osc.MalformedException.class, () -> X32Osc.decode("/ch/01/mix/fader\0\0\0\0,f\0\0\0\0".getBytes()));
        assertThrows(X32Osc.MalformedException.class, () -> X32Osc.decode("/xinfo".getBytes()));
        assertThrows(X32Osc.MalformedException.class, () -> X32Osc.decode(new byte[] {1, 2, 3, 4}));
        // A blob claiming 256 MB in a 20-byte packet: refused before anything is allocated for it
        byte[] huge = "/a~~,b~~\u0010\u0000\u0000\u0000abcd".replace('~', '\0').getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        assertThrows(X32Osc.MalformedException.class, () -> X32Osc.decode(huge));
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1 << 20, "allocated " + allocated + " bytes for a 20-byte packet");
    }

    @Test
    void aStoredFadersTextOutsideTheLawIsRefusedNotAnException() {
        // "+20", "-95", "NaN" for a stored-only fader: no value (the set is ignored and counted), not an NPE
        for (String t : new String[] {"+20", "-95", "NaN", "abc"}) {
            org.junit.jupiter.api.Assertions.assertNull(X32Server.storedFromText("level", 0.75f, t), t);
        }
        org.junit.jupiter.api.Assertions.assertEquals(0f, X32Server.storedFromText("fader", 0.75f, "-oo"));
        org.junit.jupiter.api.Assertions.assertEquals(0.75f, (Float) X32Server.storedFromText("fader", 0.5f, "0.0"), 1e-3f);
    }
}
