package org.jackdesk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The configuration's talkback source and oscillator port: read, checked, written and read back. */
class ToolsConfigTest {
    private static String config(String tools) {
        return "{\"version\":2,\"layout\":{\"channels\":[{\"name\":\"Kick\"},{\"name\":\"Keys\",\"stereo\":true},{\"name\":\"TB mic\"}],"
                + "\"buses\":[{\"name\":\"Wedge\"}]" + tools + "}}";
    }

    @Test
    void aMonoChannelOrAPortOfItsOwnAndBackAgain() throws Exception {
        for (String[] c : new String[][] {{",\"talkback\":3", "3 false false"}, {",\"talkback\":\"port\",\"oscOutput\":true", "0 true true"},
                {"", "0 false false"}}) {
            ConsoleConfig cfg = ConfigJson.read("band.json", config(c[0]));
            Layout.Tools t = cfg.toLayout().tools();
            assertEquals(c[1], t.talkbackChannel() + " " + t.talkbackPort() + " " + t.oscPort(), c[0]);
            ConsoleConfig again = ConfigJson.read("again.json", ConfigJson.write(cfg));
            assertEquals(cfg.toLayout(), again.toLayout(), "what the console writes, it reads back: " + c[0]);
        }
    }

    @Test
    void aStereoOrMissingChannelOrAWordIsRefusedWithWhereAndWhy() {
        ConfigException stereo = assertThrows(ConfigException.class, () -> ConfigJson.read("band.json", config(",\"talkback\":2")));
        assertTrue(stereo.getMessage().contains("layout.talkback") && stereo.getMessage().contains("stereo"), stereo.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> ConfigJson.read("band.json", config(",\"talkback\":9")));
        assertTrue(missing.getMessage().contains("channels 1..3"), missing.getMessage());
        ConfigException word = assertThrows(ConfigException.class, () -> ConfigJson.read("band.json", config(",\"talkback\":\"mic\"")));
        assertTrue(word.getMessage().contains("\"port\""), word.getMessage());
    }

    private static String withUsers(String users) {
        String c = config("");
        return c.substring(0, c.length() - 1) + users + "}";
    }

    @Test
    void aMonitorUserMayBeAllowedToTalkAndOnlyAMonitorNeedsIt() throws Exception {
        String users = ",\"users\":[{\"name\":\"md\",\"role\":\"monitor\",\"buses\":[1],\"talkback\":true,\"hash\":\"" + SecurityJsonTest.HASH + "\"},"
                + "{\"name\":\"drums\",\"role\":\"monitor\",\"buses\":[1],\"hash\":\"" + SecurityJsonTest.HASH + "\"}]";
        ConsoleConfig cfg = ConfigJson.read("band.json", withUsers(users));
        assertEquals(java.util.List.of(true, false), cfg.userList().stream().map(ConsoleConfig.UserConfig::talkback).toList());
        ConsoleConfig again = ConfigJson.read("again.json", ConfigJson.write(cfg));
        assertEquals(cfg.userList(), again.userList(), "written and read back");
        String engineer = ",\"users\":[{\"name\":\"foh\",\"role\":\"engineer\",\"talkback\":true,\"hash\":\"" + SecurityJsonTest.HASH + "\"}]";
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigJson.read("band.json", withUsers(engineer)));
        assertTrue(e.getMessage().contains("users[0].talkback") && e.getMessage().contains("always may talk"), e.getMessage());
    }
}
