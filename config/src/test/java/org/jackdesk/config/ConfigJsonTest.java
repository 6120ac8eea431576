package org.jackdesk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConfigJsonTest {
    private static final String MINIMAL = "{\n  \"version\": 2,\n  \"layout\": {\"channels\": [{\"name\": \"Kick\"}]}\n}\n";

    private static ConfigException refused(String text) {
        return assertThrows(ConfigException.class, () -> ConfigJson.read("t.json", text));
    }

    private static String edit(String from, String to) throws Exception {
        String base = Files.readString(Path.of("default.json"), StandardCharsets.UTF_8);
        assertTrue(base.contains(from), "default.json should contain " + from);
        return base.replace(from, to);
    }

    @Test
    void shippedDefaultHasSixteenMonoFourStereoSixBusesAndAutoConnect() throws Exception {
        ConsoleConfig cfg = ConfigJson.read(Path.of("default.json"));
        Layout l = cfg.toLayout();
        assertEquals(20, l.channels().size());
        assertEquals(16, l.channels().stream().filter(c -> !c.stereo()).count());
        assertEquals(4, l.channels().stream().filter(Layout.Channel::stereo).count());
        assertEquals(6, l.buses().size());
        List<String> conns = cfg.connections().stream().map(Object::toString).collect(Collectors.toList());
        assertTrue(conns.contains("system:capture_16 -> ch16"), conns.toString());
        assertTrue(conns.contains("main_R -> system:playback_2"), conns.toString());
        assertEquals(cfg, ConfigJson.builtinDefault(), "the jar's default.json is config/default.json");
    }

    @Test
    void shippedExamplesAreValidAndRoundTrip() throws Exception {
        for (String f : List.of("default.json", "examples/small-band.json", "examples/studio.json", "examples/stagebox-foh.json",
                "examples/stagebox-monitors.json")) {
            ConsoleConfig cfg = ConfigJson.read(Path.of(f));
            assertEquals(cfg, ConfigJson.read("again", ConfigJson.write(cfg)), f);
        }
        ConsoleConfig studio = ConfigJson.read(Path.of("examples/studio.json"));
        assertEquals("afl", studio.values().get("monitor/mode"));
        assertTrue(studio.connections().stream().anyMatch(c -> c.consolePort().equals("bus4_R") && c.jackPort().equals("system:playback_10")));
        // docs/stagebox.md: FOH and monitors read the same 32 stage box ports; the monitors send 8 buses back.
        ConsoleConfig foh = ConfigJson.read(Path.of("examples/stagebox-foh.json"));
        ConsoleConfig mon = ConfigJson.read(Path.of("examples/stagebox-monitors.json"));
        assertEquals(List.of("stage1"), foh.jack().stageBoxes());
        assertEquals("monitors", mon.jack().clientName());
        assertEquals(9001, mon.server().oscPort());
        assertEquals(10024, mon.server().x32Port(), "beside FOH's X32 endpoint on 10023");
        assertEquals(10023, foh.server().x32Port());
        for (ConsoleConfig c : List.of(foh, mon)) {
            assertTrue(c.connections().stream().anyMatch(x -> x.consolePort().equals("ch32") && x.jackPort().equals("stage1:from_slave_32")));
        }
        assertTrue(mon.connections().stream().anyMatch(x -> x.consolePort().equals("bus8") && x.jackPort().equals("stage1:to_slave_8")));
    }

    @Test
    void theRecordingsFolderIsAnAbsolutePathAndRoundTrips() throws Exception {
        ConsoleConfig cfg = ConfigJson.read("t.json", edit("\"version\": 2,", "\"version\": 2, \"recording\": {\"folder\": \"/srv/takes\"},"));
        assertEquals("/srv/takes", cfg.recording().folder());
        assertEquals(cfg, ConfigJson.read("again", ConfigJson.write(cfg)), "what the console writes it reads back");
        assertTrue(ConfigJson.read("t.json", MINIMAL).recording().isDefault());
        assertFalse(ConfigJson.write(ConfigJson.read("t.json", MINIMAL)).contains("recording"), "the default is not written");
        assertEquals(cfg.recording(), cfg.withMidi(cfg.midi()).recording(), "a copy with MIDI keeps the folder");
        ConfigException rel = refused(edit("\"version\": 2,", "\"version\": 2, \"recording\": {\"folder\": \"takes\"},"));
        assertTrue(rel.getMessage().contains("recording.folder: the recordings folder is an absolute path such as \"/srv/recordings\", not \"takes\""),
                rel.getMessage());
        ConfigException typo = refused(edit("\"version\": 2,", "\"version\": 2, \"recording\": {\"fodler\": \"/srv\"},"));
        assertTrue(typo.getMessage().contains("recording.fodler: unknown key 'fodler' (did you mean 'folder'?)"), typo.getMessage());
    }

    @Test
    void minimalFileGetsDefaults() throws Exception {
        ConsoleConfig cfg = ConfigJson.read("t.json", MINIMAL);
        assertEquals(8080, cfg.server().httpPort());
        assertEquals("jackdesk", cfg.jack().clientName());
        assertEquals(Layout.DCA_COUNT, cfg.layout().dcas().size());
        assertEquals("DCA 3", cfg.layout().dcas().get(2));
        assertEquals(0, cfg.layout().buses().size());
    }

    @Test
    void longChannelNameIsReportedWithLineColumnPathAndChannelNumber() throws Exception {
        String text = edit("{\"name\": \"Tom 1\"", "{\"name\": \"Tom 1 with a very long name indeed\"");
        ConfigProblem p = refused(text).first();
        assertEquals("layout.channels[3].name", p.path());
        assertEquals(9, p.line());
        assertEquals(8, p.column());
        assertTrue(p.message().startsWith("at most 24 characters"), p.message());
        assertTrue(p.toString().startsWith("t.json:9:8: layout.channels[3].name: at most 24 characters"), p.toString());
        assertTrue(p.message().contains("channel 4"), p.message());
    }

    @Test
    void unknownKeysAreRefusedWithTheNearestValidKey() throws Exception {
        ConfigException e = refused(edit("\"httpPort\"", "\"httpPrt\"").replace("{\"name\": \"Kick\"", "{\"nmae\": \"Kick\""));
        String all = e.getMessage();
        assertTrue(all.contains("server.httpPrt: unknown key 'httpPrt' (did you mean 'httpPort'?)"), all);
        assertTrue(all.contains("layout.channels[0].nmae: unknown key 'nmae' (did you mean 'name'?)"), all);
        assertTrue(all.contains("layout.channels[0]: missing key 'name'"), all);
    }

    @Test
    void wrongTypesSayWhatWasExpected() throws Exception {
        ConfigException e = refused(edit("\"httpPort\": 8080", "\"httpPort\": \"8080\"").replace("\"stereo\": true", "\"stereo\": \"yes\""));
        assertTrue(e.getMessage().contains("server.httpPort: must be a whole number, not a string (\"8080\")"), e.getMessage());
        assertTrue(e.getMessage().contains("layout.channels[16].stereo: must be true or false"), e.getMessage());
        ConfigException range = refused(edit("\"oscPort\": 9000", "\"oscPort\": 70000"));
        assertTrue(range.getMessage().contains("server.oscPort: must be between 0 and 65535 (got 70000)"), range.getMessage());
    }

    @Test
    void valuesAreCheckedAgainstTheRegistryOfTheFilesLayout() throws Exception {
        String bad = MINIMAL.replace("}]}\n", "}]},\n  \"values\": {\"ch/1/fader\": 12, \"ch/2/fader\": 0, \"ch/1/fadr\": 0, \"ch/1/hpf/slope\": \"36\"}\n");
        ConfigException e = refused(bad);
        String m = e.getMessage();
        assertTrue(m.contains("values[\"ch/1/fader\"]: ch/1/fader must be between -inf (-90) and 10 dB (got 12)"), m);
        assertTrue(m.contains("unknown parameter 'ch/2/fader'"), m);
        assertTrue(m.contains("unknown parameter 'ch/1/fadr' (did you mean 'ch/1/fader'?)"), m);
        assertTrue(m.contains("ch/1/hpf/slope takes one of: 12, 24"), m);
        assertEquals(4, e.problems().size());
        assertEquals(4, e.problems().get(0).line());
    }

    @Test
    void autoConnectRulesAreCheckedAgainstTheLayout() throws Exception {
        String m = refused(edit("ch1..16 <- system:capture_1..16", "ch1..16 <- system:capture_1..8")).getMessage();
        assertTrue(m.contains("jack.autoConnect[0]: 'ch1..16' has 16 ports (ch1, ch2, …, ch16) but the rule names 8 JACK ports"), m);
        m = refused(edit("ch1..16 <- system:capture_1..16", "ch1..24 <- system:capture_1..24")).getMessage();
        assertTrue(m.contains("this layout has 20 channels, numbered 1..20"), m);
        m = refused(edit("main -> system", "main <- system")).getMessage();
        assertTrue(m.contains("'main' is an output"), m);
        ConsoleConfig ok = ConfigJson.read("t", edit("ch1..16 <- system:capture_1..16", "ch17..18 <- system:capture_1..4"));
        assertEquals(List.of("ch17_L", "ch17_R", "ch18_L", "ch18_R"),
                ok.jack().autoConnect().get(0).connections().stream().map(AutoConnect.Connection::consolePort).collect(Collectors.toList()));
    }

    @Test
    void x32PortIsReadWrittenBackAndChecked() throws Exception {
        String bind = "\"bind\": \"0.0.0.0\"";
        ConsoleConfig off = ConfigJson.read("t", edit(bind, "\"x32Port\": -1, " + bind));
        assertEquals(-1, off.server().x32Port());
        assertEquals(off, ConfigJson.read("again", ConfigJson.write(off)));
        assertEquals(10023, ConfigJson.read(Path.of("default.json")).server().x32Port());
        assertFalse(ConfigJson.write(ConfigJson.read(Path.of("default.json"))).contains("x32Port"), "the default: nothing written");
        ConfigException e = refused(edit(bind, "\"x32Port\": 0, " + bind));
        assertTrue(e.getMessage().contains("server.x32Port") && e.getMessage().contains("-1 to turn the X32 endpoint off"), e.getMessage());
        e = refused(edit(bind, "\"x32Port\": 70000, " + bind));
        assertTrue(e.getMessage().contains("server.x32Port"), e.getMessage());
    }

    @Test
    void stageBoxesAreReadWrittenBackAndChecked() throws Exception {
        String rules = "\"autoConnect\": [\"ch1..16 <- system:capture_1..16\"";
        ConsoleConfig cfg = ConfigJson.read("t", edit(rules, "\"stageBoxes\": [\"stage1\", \"drums box\"], "
                + "\"autoConnect\": [\"ch1..16 <- stage1:from_slave_1..16\""));
        assertEquals(List.of("stage1", "drums box"), cfg.jack().stageBoxes());
        assertEquals(cfg, ConfigJson.read("again", ConfigJson.write(cfg)));
        assertEquals(List.of(), ConfigJson.read(Path.of("default.json")).jack().stageBoxes());
        assertFalse(ConfigJson.write(ConfigJson.read(Path.of("default.json"))).contains("stageBoxes"), "none: nothing written");
        String m = refused(edit(rules, "\"stageBoxes\": [\"stage1:from_slave_1\"], " + rules)).getMessage();
        assertTrue(m.contains("jack.stageBoxes[0]: a stage box is named by its JACK client name"), m);
        m = refused(edit(rules, "\"stageBoxes\": [\"stage1\", \"stage1\"], " + rules)).getMessage();
        assertTrue(m.contains("jack.stageBoxes[1]: stage box \"stage1\" is listed twice"), m);
    }

    @Test
    void midiPortsAreOnByDefaultConnectableAndCanBeTurnedOff() throws Exception {
        ConsoleConfig def = ConfigJson.read(Path.of("default.json"));
        assertTrue(def.jack().midi());
        assertFalse(ConfigJson.write(def).contains("\"midi\""), "the default: nothing written");
        String rules = "\"autoConnect\": [\"ch1..16 <- system:capture_1..16\"";
        String midiRules = "\"autoConnect\": [\"midi_in <- system:midi_capture_1\", \"midi_out -> system:midi_playback_1\"";
        ConsoleConfig cfg = ConfigJson.read("t", edit(rules, midiRules));
        assertTrue(cfg.connections().stream().anyMatch(c -> c.toString().equals("system:midi_capture_1 -> midi_in")), cfg.connections().toString());
        assertTrue(cfg.connections().stream().anyMatch(c -> c.toString().equals("midi_out -> system:midi_playback_1")), cfg.connections().toString());
        assertEquals(cfg, ConfigJson.read("again", ConfigJson.write(cfg)));
        ConsoleConfig off = ConfigJson.read("t", edit(rules, "\"midi\": false, " + rules));
        assertFalse(off.jack().midi());
        assertEquals(off, ConfigJson.read("again", ConfigJson.write(off)));
        String m = refused(edit(rules, "\"midi\": false, " + midiRules)).getMessage();
        assertTrue(m.contains("jack.autoConnect[0]: 'midi_in' is a MIDI port, and \"midi\" is false"), m);
        m = refused(edit(rules, "\"autoConnect\": [\"midi_in -> system:midi_playback_1\"")).getMessage();
        assertTrue(m.contains("'midi_in' is an input"), m);
        m = refused(edit(rules, "\"midi\": \"yes\", " + rules)).getMessage();
        assertTrue(m.contains("jack.midi"), m);
    }

    @Test
    void directOutputsAreReadConnectedAndChecked() throws Exception {
        ConsoleConfig studio = ConfigJson.read(Path.of("examples/studio.json"));
        assertEquals(Layout.DirectOut.PRE, studio.toLayout().channels().get(7).directOut());
        assertEquals(Layout.DirectOut.OFF, studio.toLayout().channels().get(8).directOut());
        assertTrue(studio.connections().stream().anyMatch(c -> c.consolePort().equals("ch8_direct") && c.jackPort().equals("ardour:in_8")));
        String two = "{\"version\": 2, \"layout\": {\"channels\": [{\"name\": \"Kick\", \"directOut\": \"post\", "
                + "\"directOutputs\": [\"rec:in_1\"]}, {\"name\": \"Keys\", \"stereo\": true, \"directOut\": \"pre\"}]}}";
        ConsoleConfig cfg = ConfigJson.read("t.json", two);
        assertEquals(cfg, ConfigJson.read("again", ConfigJson.write(cfg)));
        assertTrue(cfg.connections().stream().anyMatch(c -> c.toString().equals("ch1_direct -> rec:in_1")), cfg.connections().toString());
        String m = refused(two.replace("\"post\"", "\"postfader\"")).getMessage();
        assertTrue(m.contains("layout.channels[0].directOut: must be \"off\", \"pre\" (pre-fader) or \"post\" (post-fader), not \"postfader\""), m);
        m = refused(two.replace("\"directOut\": \"post\", ", "")).getMessage();
        assertTrue(m.contains("layout.channels[0].directOutputs: this channel has no direct output"), m);
        String rule = two.replace("]}}", "]}, \"jack\": {\"autoConnect\": [\"direct1..2 -> rec:in_1..3\"]}}");
        ConsoleConfig ruled = ConfigJson.read("t", rule);
        assertEquals(List.of("ch1_direct", "ch2_direct_L", "ch2_direct_R"),
                ruled.jack().autoConnect().get(0).connections().stream().map(AutoConnect.Connection::consolePort).collect(Collectors.toList()));
        m = refused(rule.replace("\"directOut\": \"post\", ", "").replace(", \"directOutputs\": [\"rec:in_1\"]", "")).getMessage();
        assertTrue(m.contains("'direct1..2': channel 1 (Kick) has no direct output"), m);
        m = refused(rule.replace("direct1..2 ->", "direct1..2 <-")).getMessage();
        assertTrue(m.contains("'direct1..2' is an output"), m);
        // Built in code, the record itself refuses what the file reader reports.
        assertThrows(IllegalArgumentException.class, () -> new ConsoleConfig.ChannelConfig("Kick", "off", false, List.of(),
                Layout.DirectOut.OFF, List.of("rec:in_1")));
        assertThrows(IllegalArgumentException.class, () -> new ConsoleConfig.ChannelConfig("Kick", "off", false, List.of(),
                Layout.DirectOut.PRE, List.of("rec:in_1", "rec:in_2")));
        assertThrows(IllegalArgumentException.class, () -> new ConsoleConfig.ChannelConfig("Kick", "off", false, List.of(),
                null, List.of()));
    }

    @Test
    void syntaxErrorsAndTruncationGivePosition() {
        ConfigProblem trunc = refused(MINIMAL.substring(0, 40)).first();
        assertTrue(trunc.message().startsWith("the file ends early (truncated?)"), trunc.toString());
        assertEquals(3, trunc.line());
        ConfigProblem comma = refused("{\n  \"version\": 2,\n  \"layout\": {\"channels\": [{\"name\": \"K\"},]}\n}").first();
        assertEquals(3, comma.line());
        assertTrue(comma.message().startsWith("not valid JSON"), comma.toString());
        ConfigProblem dup = refused("{\"version\": 2,\n\"version\": 2, \"layout\": {\"channels\": [{\"name\": \"K\"}]}}").first();
        assertEquals("duplicate key 'version' (first given at line 1)", dup.message());
        assertEquals("the file is empty", refused("  \n").first().message());
        ConfigProblem extra = refused(MINIMAL + "x").first();
        assertTrue(extra.message().contains("after the end"), extra.toString());
    }

    @Test
    void aDocumentCutAtAnyPointIsReportedAsTruncated() throws Exception {
        // Every prefix of a real configuration, cut anywhere (inside a string, a number, a literal,
        // between entries, after a comma or a colon): "ends early", never "not valid JSON".
        String whole = ConfigJson.write(ConfigJson.builtinDefault());
        for (int cut = 1; cut < whole.length() - 1; cut++) {
            String part = whole.substring(0, cut);
            if (part.isBlank()) continue;
            try {
                JsonDoc.parse("cut.json", part);
                throw new AssertionError("a prefix of " + cut + " characters parsed");
            } catch (ConfigException e) {
                assertTrue(e.first().message().startsWith("the file ends early (truncated?)"),
                        "cut after " + cut + " characters (…" + part.substring(Math.max(0, cut - 20)).replace("\n", "⏎") + "): " + e.first());
            }
        }
    }

    @Test
    void newerVersionIsRefusedAndMissingVersionIsNamed() {
        assertTrue(refused(MINIMAL.replace("\"version\": 2", "\"version\": 3")).getMessage()
                .contains("version: version 3 is newer than this jackdesk understands (2)"));
        assertTrue(refused("{\"layout\": {}}").getMessage().contains("missing key 'version'"));
    }

    @Test
    void versionOneSampleMigratesToTheCurrentFormat() throws Exception {
        ConsoleConfig cfg = ConfigJson.read(Path.of("src/test/resources/config/v1-sample.json"));
        assertEquals(ConsoleConfig.VERSION, cfg.version());
        Layout l = cfg.toLayout();
        assertEquals(10, l.channels().size());
        assertFalse(l.channels().get(7).stereo());
        assertTrue(l.channels().get(8).stereo());
        assertEquals("Playback", l.channels().get(8).name());
        assertEquals(4, l.buses().size());
        assertEquals(8181, cfg.server().httpPort());
        assertEquals("foh", cfg.jack().clientName());
        // Written back, it is a current file that reads the same.
        String v2 = ConfigJson.write(cfg);
        assertTrue(v2.contains("\"version\" : 2"), v2);
        assertEquals(cfg, ConfigJson.read("v2", v2));
    }

    @Test
    void versionOneProblemsPointAtWhatThePersonWrote() throws Exception {
        String v1 = Files.readString(Path.of("src/test/resources/config/v1-sample.json"))
                .replace("\"Vox 2\"", "\"Vox 2 (the one on the left)\"").replace("\"buses\"", "\"busses\"");
        ConfigException e = refused(v1);
        String m = e.getMessage();
        assertTrue(m.contains("t.json:5:3: busses: unknown key 'busses' (did you mean 'buses'?)"), m);
        e = refused(v1.replace("\"busses\"", "\"buses\""));
        ConfigProblem p = e.first();
        assertEquals("layout.channels[6].name", p.path());
        assertEquals(6, p.line(), "points at names[6] in the version-1 file");
    }
}
