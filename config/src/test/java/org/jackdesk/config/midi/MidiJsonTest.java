package org.jackdesk.config.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jackdesk.config.ConfigException;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.show.Show;
import org.jackdesk.config.show.ShowJson;
import org.junit.jupiter.api.Test;

/** The {@code midi} section: read with precise errors, written back to the same value, carried by a show. */
class MidiJsonTest {
    private static final String LAYOUT = "{\"version\": 2, \"layout\": {\"channels\": [{\"name\": \"Kick\"}, {\"name\": \"Snare\"},"
            + " {\"name\": \"Keys\", \"stereo\": true}]}";

    private static ConsoleConfig read(String midi) throws ConfigException {
        return ConfigJson.read("t.json", LAYOUT + ", \"midi\": " + midi + "}");
    }

    private static String refused(String midi) {
        return assertThrows(ConfigException.class, () -> read(midi)).getMessage();
    }

    @Test
    void everyKindOfMappingRoundTripsThroughConfigAndShow() throws Exception {
        ConsoleConfig cfg = read("{\"mappings\": ["
                + "{\"type\": \"cc\", \"channel\": 1, \"number\": 7, \"path\": \"ch/1/fader\"},"
                + "{\"type\": \"cc\", \"number\": 10, \"path\": \"ch/2/pan\", \"takeover\": \"jump\", \"min\": -0.5, \"max\": 0.5},"
                + "{\"type\": \"cc\", \"channel\": 2, \"number\": 16, \"path\": \"ch/3/fader\", \"mode\": \"relative-sign\", \"step\": 0.02},"
                + "{\"type\": \"cc\", \"channel\": 2, \"number\": 17, \"path\": \"ch/3/pan\", \"mode\": \"relative-twos\"},"
                + "{\"type\": \"cc\", \"channel\": 2, \"number\": 18, \"path\": \"ch/2/fader\", \"mode\": \"relative-offset\"},"
                + "{\"type\": \"cc14\", \"channel\": 3, \"number\": 0, \"path\": \"main/fader\"},"
                + "{\"type\": \"nrpn\", \"channel\": 3, \"number\": 1000, \"path\": \"ch/1/eq/1/freq\"},"
                + "{\"type\": \"note\", \"channel\": 1, \"number\": 16, \"path\": \"ch/1/mute\", \"mode\": \"toggle\"},"
                + "{\"type\": \"note\", \"number\": 8, \"path\": \"ch/1/solo\"},"
                + "{\"type\": \"cc\", \"number\": 48, \"path\": \"ch/2/mute\", \"mode\": \"toggle\"},"
                + "{\"type\": \"program\", \"channel\": 16}"
                + "], \"profiles\": {\"desk\": [{\"type\": \"cc\", \"number\": 1, \"path\": \"ch/1/fader\"}]}}");
        MidiConfig m = cfg.midi();
        assertEquals(11, m.mappings().size());
        assertEquals(MidiMapping.Mode.MOMENTARY, m.mappings().get(8).mode(), "a note without a mode is momentary");
        assertEquals(MidiMapping.Takeover.PICKUP, m.mappings().get(0).takeover(), "pick-up unless told");
        assertEquals(0, m.mappings().get(8).channel(), "no channel: omni");
        assertEquals(cfg, ConfigJson.read("again", ConfigJson.write(cfg)));
        Show show = new Show(cfg, Map.of(), List.of(), List.of(), List.of(), -1);
        Show back = ShowJson.read("show.json", ShowJson.write(show));
        assertEquals(m, back.config().midi());
    }

    @Test
    void aProfileGivesTheMappingsAndAShippedOneMustFitTheLayout() throws Exception {
        ConsoleConfig own = read("{\"profile\": \"desk\", \"profiles\": {\"desk\": [{\"type\": \"cc\", \"number\": 1, \"path\": \"ch/1/fader\"}]}}");
        assertEquals(List.of(MidiMapping.cc(0, 1, "ch/1/fader")), own.midi().mappings());
        assertEquals(own, ConfigJson.read("again", ConfigJson.write(own)));
        ConsoleConfig eight = ConfigJson.read("t", ConfigJson.write(ConfigJson.read("t", LAYOUT + "}")
                .withLayout(org.jackdesk.config.Layout.of(8, 0, 0, 0))).replace("\"values\"", "\"midi\": {\"profile\": \"korg-nanokontrol2\"}, \"values\""));
        assertEquals(32, eight.midi().mappings().size());
        String m = refused("{\"profile\": \"korg-nanokontrol2\"}");
        assertTrue(m.contains("midi.profile: profile 'korg-nanokontrol2' maps cc 3 ch 1 to ch/4/fader, which this layout lacks"), m);
        m = refused("{\"profile\": \"korg-nanokontrol\"}");
        assertTrue(m.contains("midi.profile: no profile named 'korg-nanokontrol' (did you mean 'korg-nanokontrol2'?)"), m);
    }

    @Test
    void badMappingsAreRefusedSayingWhatAndWhere() {
        String m = refused("{\"mappings\": [{\"type\": \"cc\", \"number\": 7, \"path\": \"ch/9/fader\"}]}");
        assertTrue(m.contains("midi.mappings[0].path: unknown address 'ch/9/fader'"), m);
        m = refused("{\"mappings\": [{\"type\": \"cc\", \"number\": 128, \"path\": \"ch/1/fader\"}]}");
        assertTrue(m.contains("midi.mappings[0]: cc number is 0-127, not 128"), m);
        m = refused("{\"mappings\": [{\"type\": \"knob\", \"number\": 1, \"path\": \"ch/1/fader\"}]}");
        assertTrue(m.contains("midi.mappings[0].type: must be one of cc, cc14, nrpn, note, program, not \"knob\""), m);
        m = refused("{\"mappings\": [{\"type\": \"cc\", \"number\": 1, \"path\": \"ch/1/fader\"}, {\"type\": \"cc\", \"channel\": 4, \"number\": 1, \"path\": \"ch/2/fader\"}]}");
        assertTrue(m.contains("midi.mappings[1]: cc 1 ch 4 is mapped twice (also to ch/1/fader)"), m);
        m = refused("{\"mappings\": [{\"type\": \"cc\", \"number\": 1, \"path\": \"ch/1/fader\", \"max\": 20}]}");
        assertTrue(m.contains("midi.mappings[0].max: ch/1/fader ranges"), m);
        m = refused("{\"mappings\": [{\"type\": \"note\", \"number\": 1, \"path\": \"ch/1/mute\", \"mode\": \"relative-sign\"}]}");
        assertTrue(m.contains("midi.mappings[0]: a note is momentary or toggle, not relative-sign"), m);
        m = refused("{\"user\": \"nobody\"}");
        assertTrue(m.contains("midi.user: there is no user 'nobody'"), m);
        m = refused("{\"mapings\": []}");
        assertTrue(m.contains("midi.mapings: unknown key 'mapings' (did you mean 'mappings'?)"), m);
    }

    /** A configuration with {@code jack} and {@code midi} sections (and a user "mon", role viewer). */
    private static ConsoleConfig readWith(String jack, String midi) throws ConfigException {
        String hash = "pbkdf2-sha256$600000$c2FsdHNhbHRzYWx0c2FsdA$" + "A".repeat(43);
        return ConfigJson.read("t.json", LAYOUT + ", \"users\": [{\"name\": \"mon\", \"role\": \"viewer\", \"hash\": \"" + hash + "\"}], \"jack\": "
                + jack + ", \"midi\": " + midi + "}");
    }

    @Test
    void morePortPairsRoundTripWithTheirOwnControllerUserAndRules() throws Exception {
        ConsoleConfig cfg = readWith("{\"autoConnect\": [\"midi_in <- a2j:nano\", \"xtouch_in <- a2j:xt\", \"xtouch_out -> a2j:xt-in\","
                        + " \"xtouch_ext_in <- a2j:ext\"]}",
                "{\"mappings\": [{\"type\": \"cc\", \"number\": 7, \"path\": \"ch/1/fader\"}], \"ports\": ["
                        + "{\"name\": \"xtouch\", \"mackie\": true, \"user\": \"mon\"},"
                        + "{\"name\": \"xtouch_ext\", \"extends\": \"xtouch\"},"
                        + "{\"name\": \"pads\", \"profile\": \"desk\"}],"
                        + " \"profiles\": {\"desk\": [{\"type\": \"cc\", \"number\": 1, \"path\": \"ch/2/fader\"}]}}");
        MidiConfig m = cfg.midi();
        assertEquals(List.of("xtouch", "xtouch_ext", "pads"), m.portNames());
        assertEquals(new MidiPort("xtouch", "mon", null, List.of(), true, null, MidiPort.DEFAULT_OFFSET), m.ports().get(0));
        assertEquals(new MidiPort("xtouch_ext", null, null, List.of(), true, "xtouch", 8), m.ports().get(1), "an extender speaks Mackie");
        assertEquals(List.of(MidiMapping.cc(0, 1, "ch/2/fader")), m.ports().get(2).mappings(), "a pair's profile gives its mappings");
        assertEquals(List.of(new org.jackdesk.config.AutoConnect.Connection("xtouch_ext_in", "a2j:ext", true)),
                cfg.jack().autoConnect().get(3).connections(), "a rule names the pair's port");
        assertEquals(cfg, ConfigJson.read("again", ConfigJson.write(cfg)), "what the console writes, it reads back");
        Show back = ShowJson.read("show.json", ShowJson.write(new Show(cfg, Map.of(), List.of(), List.of(), List.of(), -1)));
        assertEquals(m, back.config().midi());
        assertTrue(ConfigJson.read("old", LAYOUT + ", \"midi\": {\"mackie\": true}}").midi().ports().isEmpty(), "an old configuration: one pair");
    }

    @Test
    void badPortPairsAreRefusedSayingWhatAndWhere() {
        String m = refused("{\"ports\": [{\"name\": \"midi\"}]}");
        assertTrue(m.contains("midi.ports[0].name: 'midi' is taken: midi_in and midi_out are the first pair's ports"), m);
        m = refused("{\"ports\": [{\"name\": \"talkback\"}]}");
        assertTrue(m.contains("midi.ports[0].name: 'talkback' is taken: the console's audio ports use talkback_in or talkback_out"), m);
        m = refused("{\"ports\": [{\"name\": \"X Touch\"}]}");
        assertTrue(m.contains("midi.ports[0].name: a port pair's name is a lower-case letter, then letters, digits or '_'"), m);
        m = refused("{\"ports\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}");
        assertTrue(m.contains("midi.ports[1].name: a second port pair named 'a'"), m);
        m = refused("{\"ports\": [{\"name\": \"ext\", \"extends\": \"xtouch\"}]}");
        assertTrue(m.contains("midi.ports[0].extends: no port pair named 'xtouch'; pairs: midi, ext"), m);
        m = refused("{\"ports\": [{\"name\": \"ext\", \"extends\": \"midi\"}]}");
        assertTrue(m.contains("midi.ports[0].extends: 'midi' does not speak Mackie Control"), m);
        m = refused("{\"mackie\": true, \"ports\": [{\"name\": \"ext\", \"extends\": \"midi\"}, {\"name\": \"ext2\", \"extends\": \"ext\"}]}");
        assertTrue(m.contains("midi.ports[1].extends: 'ext' is an extender itself: name the main unit's pair ('midi')"), m);
        m = refused("{\"ports\": [{\"name\": \"pads\", \"offset\": 8}]}");
        assertTrue(m.contains("midi.ports[0].offset: only an extender has an offset"), m);
        m = refused("{\"ports\": [{\"name\": \"pads\", \"mappings\": [{\"type\": \"cc\", \"number\": 7, \"path\": \"ch/9/fader\"}]}]}");
        assertTrue(m.contains("midi.ports[0].mappings[0].path: unknown address 'ch/9/fader'"), m);
        m = refused("{\"ports\": [{\"name\": \"pads\", \"user\": \"nobody\"}]}");
        assertTrue(m.contains("midi.ports[0].user: there is no user 'nobody'"), m);
        m = refused("{\"ports\": [{\"name\": \"pads\", \"colour\": 1}]}");
        assertTrue(m.contains("midi.ports[0]"), m);
        m = assertThrows(ConfigException.class, () -> readWith("{\"midi\": false}", "{\"ports\": [{\"name\": \"pads\"}]}")).getMessage();
        assertTrue(m.contains("midi.ports: the MIDI ports are off"), m);
        m = assertThrows(ConfigException.class, () -> readWith("{\"autoConnect\": [\"padz_in <- a2j:x\"]}", "{\"ports\": [{\"name\": \"pads\"}]}"))
                .getMessage();
        assertTrue(m.contains("jack.autoConnect[0]: 'padz_in' is not a console strip") && m.contains("pads"), m);
        m = assertThrows(ConfigException.class, () -> readWith("{\"autoConnect\": [\"pads_in -> a2j:x\"]}", "{\"ports\": [{\"name\": \"pads\"}]}"))
                .getMessage();
        assertTrue(m.contains("jack.autoConnect[0]: 'pads_in' is an input: write 'pads_in <- client:port'"), m);
    }
}
