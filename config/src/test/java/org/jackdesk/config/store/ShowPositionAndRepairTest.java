package org.jackdesk.config.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jackdesk.config.ConfigException;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.show.Cue;
import org.jackdesk.config.show.Scene;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.config.show.Show;
import org.jackdesk.config.show.ShowJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14.1: GO without a cue list walks the scene list, and the position it leaves must be saved
 * and read back; a show with a value out of its range is repaired with a warning, not refused.
 */
class ShowPositionAndRepairTest {
    @TempDir
    Path dir;

    private final ConsoleConfig config = ConfigJson.builtinDefault();
    private final ParamRegistry registry = ParamRegistry.forLayout(config.toLayout());

    private SceneManager manager() {
        return new SceneManager(new ConsoleState(registry), () -> 0, t -> {});
    }

    /** The steps: save "Verse", save "Chorus", GO, GO, BACK; stop (two autosaves), start again. */
    @Test
    void goWithoutACueListIsSavedAndTheRestartContinuesThere() throws Exception {
        SceneManager m = manager();
        m.state().set("ch/1/fader", -10.0, "t");
        m.save("Verse", List.of(), 0);
        m.state().set("ch/1/fader", -3.0, "t");
        Scene chorus = m.save("Chorus", List.of(), 0);
        m.go();
        m.go();
        m.back();
        assertEquals(0, m.cueIndex());
        Path file = dir.resolve("show.json");
        ShowStore.save(file, m.toShow(config));
        ShowStore.save(file, m.toShow(config)); // the .bak is the same show

        ShowStore.Loaded loaded = ShowStore.loadOrBackup(file);
        assertEquals(file, loaded.from(), "the file the console wrote must be the one it loads, not its backup");
        assertEquals(List.of(), loaded.warnings());
        assertEquals(0, loaded.show().currentCue());
        SceneManager restarted = manager();
        restarted.load(loaded.show());
        assertEquals(0, restarted.cueIndex(), "the cue position survives the restart");
        assertEquals(chorus.id(), restarted.go().scene().id(), "GO after the restart runs the scene after the current one");
        assertEquals(m.toShow(config).scenes(), restarted.toShow(config).scenes());
    }

    @Test
    void deletingOrMovingScenesWithoutACueListKeepsThePositionOnTheSceneThatRan() throws Exception {
        SceneManager m = manager();
        Scene a = m.save("A", List.of(), 0);
        Scene b = m.save("B", List.of(), 0);
        Scene c = m.save("C", List.of(), 0);
        m.go();
        m.go();
        m.go(); // C ran: position 2 of 3
        m.delete(b.id());
        assertEquals(1, m.cueIndex(), "C is now the second scene");
        assertEquals(m.toShow(config), ShowJson.read("s.json", ShowJson.write(m.toShow(config))));
        m.move(c.id(), 0);
        assertEquals(0, m.cueIndex(), "the position follows C to the top");
        assertEquals(a.id(), m.go().scene().id());
        m.delete(a.id());
        m.delete(c.id());
        assertEquals(-1, m.cueIndex());
        Show empty = ShowJson.read("s.json", ShowJson.write(m.toShow(config)));
        assertEquals(-1, empty.currentCue());
    }

    @Test
    void aValueOutOfItsRangeIsRepairedWithAWarningNamingTheField() throws Exception {
        SceneManager m = manager();
        Scene a = m.save("A", List.of("ch/1"), 0);
        m.save("B", List.of(), 0);
        m.setCues(List.of(new Cue(a.id(), 100, "one")));
        String good = ShowJson.write(m.toShow(config));
        String edited = good.replaceFirst("\"ch/1/fader\" : 0.0", "\"ch/1/fader\" : 99.0")
                .replace("\"currentCue\" : -1", "\"currentCue\" : 7")
                .replace("\"fadeMs\" : 100", "\"fadeMs\" : 9000000")
                .replaceFirst("\"ch/2/fader\" : 0.0", "\"ch/2/fader\" : 0.0, \"ch/2/old/knob\" : 3");
        Path file = dir.resolve("show.json");
        Files.writeString(file, edited);

        // An import stays strict: the client is told and nothing changes.
        ConfigException strict = assertThrows(ConfigException.class, () -> ShowJson.read("show file", edited));
        assertTrue(strict.getMessage().contains("currentCue: must be between -1 and 0 (got 7"), strict.getMessage());

        ShowStore.Loaded loaded = ShowStore.loadOrBackup(file);
        assertEquals(file, loaded.from(), "repaired in place, not replaced by a backup");
        String w = String.join("\n", loaded.warnings());
        assertTrue(w.contains(file + ":"), w);
        assertTrue(w.matches("(?s).*" + java.util.regex.Pattern.quote(file.toString())
                + ":\\d+:\\d+: values\\[\"ch/1/fader\"\\]: ch/1/fader must be between .*\\(got 99\\); repaired: set to 10\\.0.*"), w);
        assertTrue(w.contains("currentCue: must be between -1 and 0 (got 7; the cue list has 1 cues); repaired: set to 0"), w);
        assertTrue(w.contains("cues[0].fadeMs: must be between 0 and 600000 (got 9000000); repaired: set to 600000"), w);
        assertTrue(w.contains("values[\"ch/2/old/knob\"]"), w);
        assertTrue(w.contains("repaired: left out"), w);
        Show s = loaded.show();
        assertEquals(10.0, s.values().get("ch/1/fader"));
        assertEquals(0, s.currentCue());
        assertEquals(Scene.MAX_FADE_MS, s.cues().get(0).fadeMs());
        assertEquals(m.toShow(config).scenes(), s.scenes(), "the rest of the show is intact");
        manager().load(s);
        // The file as it was is kept: the next saves replace the file and then its .bak.
        try (Stream<Path> list = Files.list(dir)) {
            List<Path> aside = list.filter(p -> p.getFileName().toString().startsWith("show.json.repaired-")).collect(Collectors.toList());
            assertEquals(1, aside.size());
            assertEquals(edited, Files.readString(aside.get(0)));
        }
    }

    @Test
    void aCueNamingAMissingSceneIsLeftOutAndThePositionFollows() throws Exception {
        SceneManager m = manager();
        Scene a = m.save("A", List.of(), 0);
        Scene b = m.save("B", List.of(), 0);
        m.setCues(List.of(new Cue(a.id(), -1, "1"), new Cue(b.id(), -1, "2"), new Cue(a.id(), -1, "3")));
        m.go();
        m.go(); // cue "2" ran
        String text = ShowJson.write(m.toShow(config)).replace("\"scene\" : " + a.id() + ",", "\"scene\" : 77,");
        ShowJson.Read r = ShowJson.readRepairing("show.json", text);
        assertEquals(List.of(new Cue(b.id(), -1, "2")), r.show().cues());
        assertEquals(0, r.show().currentCue(), "still on cue \"2\"");
        assertEquals(2, r.repairs().size(), r.repairs().toString());
        assertTrue(r.repairs().get(0).toString().contains("cues[0].scene: there is no scene 77 in this show; repaired: the cue was left out"),
                r.repairs().toString());
    }

    @Test
    void aSceneValueOutsideItsScopeIsLeftOutOfTheScene() throws Exception {
        SceneManager m = manager();
        m.save("Kick", List.of("ch/1"), 0);
        String text = ShowJson.write(m.toShow(config));
        int scenes = text.indexOf("\"scenes\"");
        String edited = text.substring(0, scenes)
                + text.substring(scenes).replaceFirst("\"ch/1/fader\" : 0.0", "\"ch/1/fader\" : 0.0, \"ch/9/fader\" : -5.0");
        assertThrows(ConfigException.class, () -> ShowJson.read("show.json", edited));
        ShowJson.Read r = ShowJson.readRepairing("show.json", edited);
        assertEquals(m.toShow(config).scenes(), r.show().scenes());
        assertEquals(1, r.repairs().size(), r.repairs().toString());
        assertTrue(r.repairs().get(0).toString().contains("scenes[0].values[\"ch/9/fader\"]: ch/9/fader is outside the scene's scope [ch/1]; "
                + "repaired: left out of the scene"), r.repairs().toString());
    }

    @Test
    void aStartUpValueOfTheShowsConfigurationOutOfRangeIsRepairedToo() throws Exception {
        ConsoleConfig withValues = ConfigJson.read("c.json", "{\"version\": 2, \"layout\": {\"channels\": [{\"name\": \"Vox\"}]},"
                + " \"values\": {\"main/fader\": -5.0}}");
        SceneManager m = new SceneManager(new ConsoleState(ParamRegistry.forLayout(withValues.toLayout())), () -> 0, t -> {});
        String text = ShowJson.write(m.toShow(withValues)).replace("\"main/fader\" : -5.0", "\"main/fader\" : 50.0");
        ShowJson.Read r = ShowJson.readRepairing("show.json", text);
        assertEquals(10.0, r.show().config().values().get("main/fader"));
        assertEquals(1, r.repairs().size(), r.repairs().toString());
        assertTrue(r.repairs().get(0).toString().matches("show\\.json:\\d+:\\d+: config\\.values\\[\"main/fader\"\\]: .*repaired: set to 10\\.0"),
                r.repairs().toString());
        assertThrows(ConfigException.class, () -> ShowJson.read("show.json", text));
        assertEquals(withValues, ShowJson.read("show.json", ShowJson.write(m.toShow(withValues))).config(), "an intact one reads as before");
    }

    @Test
    void aFileThatIsNotAShowStillRefusesWithoutABackup() throws Exception {
        Path file = dir.resolve("show.json");
        Files.writeString(file, "{\"format\": \"jackdesk-show\", \"version\": 1, \"values\": {\"ch/1/fader\": 99}}");
        ConfigException e = assertThrows(ConfigException.class, () -> ShowStore.loadOrBackup(file));
        assertTrue(e.getMessage().contains("config"), e.getMessage());
    }
}
