package org.jackdesk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParamRegistryTest {
    private final ParamRegistry reg = ParamRegistry.forLayout(Layout.of(4, 2, 2, 2));

    @Test
    void expandsEveryAddressOnceWithDenseSlots() {
        Set<String> seen = new HashSet<>();
        for (int s = 0; s < reg.size(); s++) {
            Param p = reg.get(s);
            assertEquals(s, p.slot());
            assertTrue(seen.add(p.path()), "duplicate " + p.path());
            assertTrue(!p.path().contains("{"), "unexpanded " + p.path());
        }
        assertNotNull(reg.find("ch/3/eq/2/gain"));
        assertNotNull(reg.find("ch/6/send/4/level"));
        assertNotNull(reg.find("/bus/2/fader"));
        assertNotNull(reg.find("main/fader"));
        assertNotNull(reg.find("dca/8/fader"));
        assertNotNull(reg.find("mutegroup/6/on"));
        assertNotNull(reg.find("ch/1/eq/1/type"));
        assertNull(reg.find("ch/1/eq/2/type"), "bands 2 and 3 are always peaking");
        assertNull(reg.find("ch/7/fader"), "only 6 channels");
        assertNull(reg.find("ch/1/send/5/level"), "only 4 buses");
    }

    @Test
    void surroundingSpacesAndSlashesAreIgnoredButControlCharactersAreNot() throws Exception {
        assertEquals(reg.require("ch/1/fader"), reg.require(" /ch/1/fader/ "));
        assertEquals(reg.all().size(), reg.subtree(" ").size(), "blank is the whole console");
        assertThrows(ParamException.class, () -> reg.subtree("\u0000"));
        assertThrows(ParamException.class, () -> reg.require("ch/1/fader\u0007"));
    }

    @Test
    void unknownPathSuggestsNearest() {
        ParamException e = assertThrows(ParamException.class, () -> reg.require("ch/3/fadr"));
        assertEquals(ParamException.UNKNOWN_PATH, e.code());
        assertTrue(e.getMessage().contains("did you mean 'ch/3/fader'"), e.getMessage());
    }

    @Test
    void outOfRangeIsRefusedWithTheRange() throws Exception {
        Param fader = reg.require("ch/1/fader");
        ParamException e = assertThrows(ParamException.class, () -> fader.parse(12.0));
        assertEquals(ParamException.OUT_OF_RANGE, e.code());
        assertEquals("ch/1/fader must be between -inf (-90) and 10 dB (got 12)", e.getMessage());
        assertEquals(-90.0, fader.parse("-inf"));
        assertEquals(-90.0, fader.parse(Double.NEGATIVE_INFINITY));
        Param hpf = reg.require("ch/1/hpf/freq");
        assertTrue(assertThrows(ParamException.class, () -> hpf.parse(10)).getMessage().contains("between 20 and 400 Hz"));
        assertEquals(100.0, reg.require("ch/1/comp/ratio").parse("inf"));
    }

    @Test
    void wrongTypesAreRefusedClearly() throws Exception {
        ParamException e = assertThrows(ParamException.class, () -> reg.require("ch/1/mute").parse("maybe"));
        assertEquals(ParamException.WRONG_TYPE, e.code());
        assertTrue(e.getMessage().contains("true or false"));
        e = assertThrows(ParamException.class, () -> reg.require("ch/1/hpf/slope").parse("36"));
        assertTrue(e.getMessage().contains("one of: 12, 24"), e.getMessage());
        assertEquals(1.0, reg.require("ch/1/hpf/slope").parse(24));
        assertEquals(1.0, reg.require("ch/1/hpf/slope").parse("24"));
        assertThrows(ParamException.class, () -> reg.require("ch/1/pan").parse("left"));
        assertThrows(ParamException.class, () -> reg.require("ch/1/pan").parse(Double.NaN));
        assertThrows(ParamException.class, () -> reg.require("ch/1/pan").parse(Double.POSITIVE_INFINITY));
    }

    @Test
    void faderLawMatchesX32Points() {
        double[][] points = {{1.0, 10}, {0.75, 0}, {0.5, -10}, {0.25, -30}, {0.0625, -60}, {0, -90}};
        for (double[] pt : points) {
            assertEquals(pt[1], Taper.faderDb(pt[0]), 1e-9);
            assertEquals(pt[0], Taper.faderPosition(pt[1]), 1e-9);
        }
        // piecewise linear in dB between the points
        assertEquals(-5.0, Taper.faderDb(0.625), 1e-9);
        for (double p = 0; p <= 1.0; p += 0.01) {
            assertEquals(p, Taper.faderPosition(Taper.faderDb(p)), 1e-9);
        }
    }

    @Test
    void subtreeListsAChannel() throws Exception {
        assertTrue(reg.subtree("ch/1").stream().allMatch(p -> p.path().startsWith("ch/1/")));
        assertEquals(1, reg.subtree("ch/1/fader").size());
        assertThrows(ParamException.class, () -> reg.subtree("ch/99"));
    }

    @Test
    void parameterDocsAreCurrent() throws Exception {
        Path doc = Path.of(System.getProperty("user.dir")).resolve("../docs/parameters.md").normalize();
        String expected = ParameterDocs.markdown();
        String actual = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        assertEquals(expected, actual, "docs/parameters.md is stale: run ./jackdesk params --markdown > docs/parameters.md");
    }
}
