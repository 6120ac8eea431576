package org.jackdesk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.config.show.Sections;
import org.junit.jupiter.api.Test;

/** The configuration's FX slots and their parameters: read, checked, written and read back, recalled with scenes. */
class FxConfigTest {
    private static String config(String fx) {
        return "{\"version\":2,\"layout\":{\"channels\":[{\"name\":\"Vox\"},{\"name\":\"Keys\",\"stereo\":true}],"
                + "\"buses\":[{\"name\":\"Wedge\"},{\"name\":\"IEM\",\"stereo\":true}]" + fx + "}}";
    }

    @Test
    void fourSlotsByDefaultUpToEightAndBackAgain() throws Exception {
        for (String[] c : new String[][] {{"", "4"}, {",\"fx\":0", "0"}, {",\"fx\":8", "8"}}) {
            ConsoleConfig cfg = ConfigJson.read("band.json", config(c[0]));
            assertEquals(Integer.parseInt(c[1]), cfg.toLayout().fx(), c[0]);
            ConsoleConfig again = ConfigJson.read("again.json", ConfigJson.write(cfg));
            assertEquals(cfg.toLayout(), again.toLayout(), "what the console writes, it reads back: " + c[0]);
        }
    }

    @Test
    void aCountOutOfRangeOrNotANumberIsRefusedWithWhereAndWhy() {
        ConfigException nine = assertThrows(ConfigException.class, () -> ConfigJson.read("band.json", config(",\"fx\":9")));
        assertTrue(nine.getMessage().contains("layout.fx") && nine.getMessage().contains("between 0 and 8"), nine.getMessage());
        ConfigException word = assertThrows(ConfigException.class, () -> ConfigJson.read("band.json", config(",\"fx\":\"four\"")));
        assertTrue(word.getMessage().contains("layout.fx") && word.getMessage().contains("whole number"), word.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Layout.of(1, 0, 0, 0).withFx(9));
    }

    @Test
    void everySlotHasItsAddressesAndAFreshConsoleHasEveryEffectOff() throws Exception {
        ParamRegistry reg = ParamRegistry.forLayout(Layout.of(2, 0, 1, 1).withFx(2));
        for (String p : List.of("ch/2/fx/2/level", "ch/1/fx/1/tap", "fxsend/2/fader", "fxsend/1/on", "fx/2/type", "fx/1/reverb/decay",
                "fx/1/reverb/predelay", "fx/1/reverb/size", "fx/1/reverb/damping", "fx/1/reverb/width", "fx/2/delay/time",
                "fx/2/delay/feedback", "fx/2/delay/lowcut", "fx/2/delay/highcut", "fx/2/delay/mode", "fx/2/delay/sync", "fx/2/tap",
                "fx/2/tempo", "fx/1/chorus/rate", "fx/1/chorus/depth", "fx/1/chorus/mix", "fxret/2/fader", "fxret/2/on",
                "fxret/2/balance", "fxret/2/main", "fxret/2/aux/2/level", "fxret/1/aux/1/on", "fxret/1/dca/8", "fxret/1/mutegroup/6",
                "fxret/1/eq/4/gain")) {
            assertNotNull(reg.find(p), p);
        }
        assertNull(reg.find("fx/3/type"));
        assertNull(reg.find("ch/1/fx/3/level"));
        ConsoleState fresh = new ConsoleState(reg);
        assertEquals(Params.FX_TYPES.indexOf("off"), (int) fresh.get("fx/1/type"));
        assertEquals(ParamDef.FADER_OFF_DB, reg.find("ch/1/fx/1/level").defaultValue());
        assertEquals("post", reg.find("ch/1/fx/1/tap").def().enumValues().get((int) reg.find("ch/1/fx/1/tap").defaultValue()));
        assertTrue(reg.find("fx/1/tap").def().live(), "a tap is an event, never stored");
    }

    @Test
    void aSceneRecallsEveryFxParameterAndEachHasASection() throws Exception {
        ParamRegistry reg = ParamRegistry.forLayout(Layout.of(2, 0, 1, 0).withFx(2));
        SceneManager m = new SceneManager(new ConsoleState(reg), () -> 0L, t -> {});
        m.state().set("fx/1/type", "plate", "t");
        m.state().set("fx/2/delay/sync", "1/8d", "t");
        m.state().set("fxret/2/aux/1/level", -4.0, "t");
        m.state().set("ch/1/fx/2/level", -8.0, "t");
        m.state().set("fxsend/1/fader", -3.0, "t");
        var s = m.save("Song", List.of(), 0);
        var fxOnly = m.save("FX", List.of("fx"), 0);
        m.state().set("fx/1/type", "hall", "t");
        m.state().set("fx/2/delay/sync", "off", "t");
        m.state().set("fxret/2/aux/1/level", -90.0, "t");
        m.state().set("ch/1/fx/2/level", -90.0, "t");
        m.state().set("fxsend/1/fader", 0.0, "t");
        m.recall(fxOnly.id(), 0);
        assertEquals(Params.FX_TYPES.indexOf("plate"), (int) m.state().get("fx/1/type"));
        assertEquals(-3.0, m.state().get("fxsend/1/fader"), "the fx section holds the FX send buses too");
        assertEquals(-90.0, m.state().get("ch/1/fx/2/level"), "a channel's FX send is in the sends section, not recalled");
        assertEquals(-90.0, m.state().get("fxret/2/aux/1/level"), "nor the return's aux sends");
        m.recall(s.id(), 0);
        assertEquals(Params.DELAY_SYNC.indexOf("1/8d"), (int) m.state().get("fx/2/delay/sync"));
        assertEquals(-4.0, m.state().get("fxret/2/aux/1/level"));
        assertEquals(-8.0, m.state().get("ch/1/fx/2/level"));
        for (Param p : reg.all()) {
            if (!p.path().startsWith("fx") && !p.path().contains("/fx/")) continue;
            assertTrue(Sections.ALL.contains(Sections.of(p)), p.path() + " -> " + Sections.of(p));
        }
    }

    @Test
    void scopesAndSafesNameFxSlotsLikeStrips() {
        Layout layout = Layout.of(2, 0, 1, 0).withFx(4);
        ParamRegistry reg = ParamRegistry.forLayout(layout);
        org.jackdesk.config.show.Selector ret = org.jackdesk.config.show.Selector.parse("fxret/2..3", layout);
        assertTrue(ret.matches(reg.find("fxret/2/fader")));
        assertTrue(ret.matches(reg.find("fxret/3/aux/1/level")));
        assertTrue(!ret.matches(reg.find("fxret/1/fader")));
        assertTrue(!ret.matches(reg.find("fx/2/type")));
        org.jackdesk.config.show.Selector unit = org.jackdesk.config.show.Selector.parse("fx/4", layout);
        assertTrue(unit.matches(reg.find("fx/4/reverb/decay")));
        assertTrue(!unit.matches(reg.find("fxsend/4/fader")));
        assertTrue(org.jackdesk.config.show.Selector.parse("fxret/fader", layout).matches(reg.find("fxret/4/fader")));
        assertTrue(org.jackdesk.config.show.Selector.parse("fx", layout).matches(reg.find("fxsend/1/on")), "fx alone is the section");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> org.jackdesk.config.show.Selector.parse("fxret/5", layout));
        assertTrue(e.getMessage().contains("1..4"), e.getMessage());
    }
}
