package org.jackdesk.config.show;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jackdesk.config.ConfigException;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamRegistry;
import org.junit.jupiter.api.Test;

/**
 * The oscillator's switch is live: a show or a scene never stores it and never turns it on, so a
 * console is always silent after a show loads (docs/tools.md). Its settings are stored as usual.
 */
class LiveSwitchTest {
    private static final String CONFIG = """
            {"version":2,"layout":{"channels":[{"name":"Kick"}],"buses":[{"name":"Wedge"}]}}
            """;

    private static SceneManager console(ConsoleConfig cfg) {
        return new SceneManager(new ConsoleState(ParamRegistry.forLayout(cfg.toLayout())), () -> 0L, t -> {});
    }

    @Test
    void oscillatorIsOffAfterLoadingAShowSavedWhileItRan() throws Exception {
        ConsoleConfig cfg = ConfigJson.read("small.json", CONFIG);
        SceneManager live = console(cfg);
        live.state().set("osc/type", "pink", "test");
        live.state().set("osc/level", -12.0, "test");
        live.state().set("osc/bus/1", true, "test");
        live.state().set("osc/on", true, "test");
        live.state().set("talkback/talk", true, "test");
        String file = ShowJson.write(live.toShow(cfg));
        assertFalse(file.contains("osc/on"), "the saved show holds no oscillator switch:\n" + file);
        assertFalse(file.contains("talkback/talk"), "nor the talk switch");

        SceneManager loaded = console(cfg);
        loaded.state().set("osc/on", true, "test"); // running when the show loads
        loaded.state().set("talkback/talk", true, "test");
        loaded.load(ShowJson.read("show.json", file));
        assertEquals(0.0, loaded.state().get("osc/on"), "off after the load");
        assertEquals(0.0, loaded.state().get("talkback/talk"), "nobody talks after a load");
        assertEquals(1.0, loaded.state().get("osc/type"), "its settings come back: pink");
        assertEquals(-12.0, loaded.state().get("osc/level"));
        assertEquals(1.0, loaded.state().get("osc/bus/1"));
    }

    @Test
    void aShowFileThatSaysOnStillLoadsOff() throws Exception {
        ConsoleConfig cfg = ConfigJson.read("small.json", CONFIG);
        SceneManager m = console(cfg);
        String file = ShowJson.write(m.toShow(cfg)).replace("\"osc/level\"", "\"osc/on\" : true,\n    \"osc/level\"");
        assertTrue(file.contains("\"osc/on\" : true"), file);
        m.load(ShowJson.read("hand-edited.json", file));
        assertEquals(0.0, m.state().get("osc/on"));
    }

    @Test
    void scenesNeitherStoreNorRecallTheSwitch() throws Exception {
        ConsoleConfig cfg = ConfigJson.read("small.json", CONFIG);
        SceneManager m = console(cfg);
        m.state().set("osc/on", true, "test");
        Scene all = m.save("All", List.of(), 0);
        Scene tools = m.save("Tools", List.of("tools"), 0);
        assertFalse(all.values().containsKey("osc/on"));
        assertFalse(tools.values().containsKey("osc/on"));
        assertTrue(tools.values().containsKey("osc/freq"), "the tools section holds the oscillator's settings");
        // A scene from an older file that holds the switch, imported and recalled: it stays off.
        m.state().set("osc/on", false, "test");
        Map<String, Object> v = new LinkedHashMap<>(all.values());
        v.put("osc/on", true);
        Scene imported = m.add(new Scene(0, "Old", List.of(), 0, v));
        assertFalse(imported.values().containsKey("osc/on"));
        Show now = m.toShow(cfg);
        m.load(new Show(cfg, now.values(), List.of(new Scene(7, "Old 2", List.of(), 0, v)), List.of(), List.of(), -1));
        m.recall(7, 0);
        assertEquals(0.0, m.state().get("osc/on"), "a recalled scene never switches the oscillator on");
    }

    @Test
    void aConfigurationCannotStartTheOscillator() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigJson.read("band.json", """
                {"version":2,"layout":{"channels":[{"name":"Kick"}]},"values":{"osc/on":true}}
                """));
        assertTrue(e.getMessage().contains("values.osc/on") || e.getMessage().contains("osc/on"), e.getMessage());
        assertTrue(e.getMessage().contains("live switch"), e.getMessage());
    }
}
