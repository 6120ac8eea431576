package org.jackdesk.config.show;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jackdesk.config.ConfigException;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConfigProblem;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.store.ShowStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The channel library (issue 23) as the show keeps it: presets written into the show file come
 * back equal, a library file read back equals what was written, and a broken preset is refused
 * with where it is — or, loading a show at start-up, left out alone while everything else loads.
 */
class ChannelLibraryTest {
    @TempDir
    Path dir;

    private final ConsoleConfig config = ConfigJson.builtinDefault();
    private final ParamRegistry registry = ParamRegistry.forLayout(config.toLayout());

    private SceneManager manager() {
        return new SceneManager(new ConsoleState(registry), () -> 0, t -> {});
    }

    /** Channel {@code ch}'s values of {@code sections}, by address relative to the channel, as a preset holds them. */
    static Map<String, Object> capture(ConsoleState state, int ch, List<String> sections) {
        Map<String, Object> out = new LinkedHashMap<>();
        String prefix = "ch/" + ch + "/";
        for (Param p : state.registry().all()) {
            if (p.path().startsWith(prefix) && sections.contains(Sections.of(p))) out.put(p.path().substring(prefix.length()), p.toExternal(state.get(p.slot())));
        }
        return out;
    }

    private static void shape(ConsoleState s) throws Exception {
        s.set("ch/3/hpf/on", true, "t");
        s.set("ch/3/hpf/freq", 142.5, "t");
        s.set("ch/3/eq/on", true, "t");
        s.set("ch/3/eq/2/gain", -4.25, "t");
        s.set("ch/3/eq/4/type", "peak", "t");
        s.set("ch/3/comp/ratio", "inf", "t");
        s.set("ch/3/comp/threshold", -31.0, "t");
        s.set("ch/3/send/2/level", -7.5, "t");
        s.set("ch/3/send/2/tap", "post", "t");
    }

    @Test
    void presetsAreSavedWithTheShowAndComeBackEqual() throws Exception {
        SceneManager m = manager();
        shape(m.state());
        Preset vox = m.library().save(new Preset(" Lead vox ", List.of("comp", "eq", "hpf"), capture(m.state(), 3, List.of("hpf", "eq", "comp"))), false);
        assertEquals("Lead vox", vox.name(), "the name is stripped");
        assertEquals(List.of("hpf", "eq", "comp"), vox.sections(), "sections in signal order");
        m.library().save(new Preset("Wedge sends", List.of("sends"), capture(m.state(), 3, List.of("sends"))), false);
        m.save("A scene", List.of("ch/1"), 0);
        Show before = m.toShow(config);
        assertEquals(2, before.library().size());
        Path file = dir.resolve("show.json");
        ShowStore.save(file, before);
        Show after = ShowStore.load(file);
        assertEquals(before, after, "what the console writes it reads back");
        assertEquals(-4.25, after.library().get(0).values().get("eq/2/gain"));
        assertEquals("peak", after.library().get(0).values().get("eq/4/type"));

        SceneManager fresh = manager();
        fresh.load(after);
        assertEquals(before.library(), fresh.library().presets());
        assertEquals(before, fresh.toShow(config), "loaded and saved again: the same show");
        // A repairing load (start-up) of an intact file repairs nothing.
        assertTrue(ShowStore.loadRepairing(file).repairs().isEmpty());
    }

    @Test
    void aLibraryFileReadBackEqualsWhatWasWritten() throws Exception {
        SceneManager m = manager();
        shape(m.state());
        m.library().save(new Preset("All of ch 3", List.of("hpf", "gate", "eq", "comp", "sends"),
                capture(m.state(), 3, Sections.CHANNEL_PROCESSING)), false);
        m.library().save(new Preset("Kick EQ", List.of("eq"), capture(m.state(), 3, List.of("eq"))), false);
        String text = LibraryJson.write(m.library().presets());
        List<Preset> back = LibraryJson.read("library.json", text, registry);
        assertEquals(m.library().presets(), back);
        // Imported into another console's library: equal again.
        SceneManager other = manager();
        other.library().addAll(back, false);
        assertEquals(m.library().presets(), other.library().presets());
    }

    @Test
    void badLibraryFilesAreRefusedWithWhereAndWhat() {
        String head = "{\"format\":\"jackdesk-library\",\"version\":1,\"presets\":[\n";
        ConfigException e = assertThrows(ConfigException.class, () -> LibraryJson.read("lib.json", head
                + "{\"name\":\"A\",\"sections\":[\"eq\"],\"values\":{\"eq/2/gain\":3}},\n"
                + "{\"name\":\"B\",\"sections\":[\"eq\"],\"values\":{\"eq/9/gain\":3}}]}", registry));
        ConfigProblem p = e.first();
        assertEquals("presets[1].values[\"eq/9/gain\"]", p.path(), e.getMessage());
        assertEquals(3, p.line(), e.getMessage());
        assertTrue(p.message().contains("not a channel parameter") && p.message().contains("did you mean"), p.message());

        e = assertThrows(ConfigException.class, () -> LibraryJson.read("lib.json", head
                + "{\"name\":\"A\",\"sections\":[\"eq\"],\"values\":{\"eq/2/gain\":40}}]}", registry));
        assertTrue(e.getMessage().contains("presets[0].values[\"eq/2/gain\"]") && e.getMessage().contains("eq/2/gain must be between"), e.getMessage());
        assertTrue(!e.getMessage().contains("ch/1/"), "said of the preset's address, not channel 1's: " + e.getMessage());

        e = assertThrows(ConfigException.class, () -> LibraryJson.read("lib.json", head
                + "{\"name\":\"A\",\"sections\":[\"eq\"],\"values\":{\"comp/ratio\":4}}]}", registry));
        assertTrue(e.getMessage().contains("in section 'comp', which the preset does not hold"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> LibraryJson.read("lib.json", head
                + "{\"name\":\"A\",\"sections\":[\"fader\"],\"values\":{}}]}", registry));
        assertTrue(e.getMessage().contains("presets[0].sections[0]") && e.getMessage().contains("not a section a preset holds"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> LibraryJson.read("lib.json", head
                + "{\"name\":\"A\",\"sections\":[\"eq\"],\"values\":{}},{\"name\":\"A\",\"sections\":[\"eq\"],\"values\":{}}]}", registry));
        assertTrue(e.getMessage().contains("presets[1].name") && e.getMessage().contains("used twice"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> LibraryJson.read("lib.json", "{\"format\":\"jackdesk-scene\",\"version\":1,\"presets\":[]}", registry));
        assertTrue(e.getMessage().contains("not a 'jackdesk-library' file"), e.getMessage());
        assertThrows(ConfigException.class, () -> LibraryJson.read("lib.json", head, registry), "truncated");
    }

    @Test
    void aBrokenPresetInAShowFileIsNamedAndAtStartUpOnlyItIsLeftOut() throws Exception {
        SceneManager m = manager();
        shape(m.state());
        m.library().save(new Preset("Good", List.of("eq"), capture(m.state(), 3, List.of("eq"))), false);
        m.library().save(new Preset("Broken", List.of("comp"), capture(m.state(), 3, List.of("comp"))), false);
        m.save("Scene", List.of(), 0);
        Show show = m.toShow(config);
        String text = ShowJson.write(show).replace("\"comp/threshold\" : -31.0", "\"comp/thresold\" : -31.0");
        assertTrue(text.contains("comp/thresold"), "the test broke the second preset");
        Path file = dir.resolve("show.json");
        Files.writeString(file, text);

        // Strict (an import): refused, naming where.
        ConfigException e = assertThrows(ConfigException.class, () -> ShowStore.load(file));
        assertTrue(e.getMessage().contains("library[1].values[\"comp/thresold\"]") && e.getMessage().contains("did you mean 'comp/threshold'?"),
                e.getMessage());
        assertTrue(e.first().line() > 0, "with the line: " + e.first());

        // Start-up: the show loads; only the broken preset is left out, said where; the file as it was is kept.
        ShowStore.Loaded loaded = ShowStore.loadOrBackup(file);
        Show got = loaded.show();
        assertEquals(show.values(), got.values(), "every value");
        assertEquals(show.scenes(), got.scenes(), "every scene");
        assertEquals(List.of(show.library().get(0)), got.library(), "the good preset");
        assertTrue(loaded.warnings().stream().anyMatch(w -> w.contains("library[1].values[\"comp/thresold\"]") && w.contains("left out of the library")),
                loaded.warnings().toString());
        try (var files = Files.list(dir)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("show.json.repaired-")), "the file as it was is kept");
        }
        // A value out of range is clamped, the preset kept.
        String loud = ShowJson.write(show).replace("\"eq/2/gain\" : -4.25", "\"eq/2/gain\" : -40.0");
        ShowJson.Read r = ShowJson.readRepairing("show.json", loud);
        assertEquals(-15.0, r.show().library().get(0).values().get("eq/2/gain"));
        assertTrue(r.repairs().stream().anyMatch(q -> q.path().equals("library[0].values[\"eq/2/gain\"]")), r.repairs().toString());
    }

    @Test
    void libraryOperationsRefuseWhatTheyCannotDoAndChangeNothing() throws Exception {
        SceneManager m = manager();
        ChannelLibrary lib = m.library();
        int[] changes = {0};
        lib.addListener(() -> changes[0]++);
        Preset a = lib.save(new Preset("A", List.of("eq"), Map.of("eq/2/gain", 3.0)), false);
        assertEquals(1, changes[0]);
        SceneException e = assertThrows(SceneException.class, () -> lib.save(new Preset("A", List.of("eq"), Map.of("eq/2/gain", 1.0)), false));
        assertEquals(ChannelLibrary.PRESET_EXISTS, e.code());
        assertEquals(a, lib.get("A"), "not replaced");
        lib.save(new Preset("A", List.of("eq"), Map.of("eq/2/gain", 1.0)), true);
        assertEquals(1.0, lib.get("A").values().get("eq/2/gain"), "replaced when asked");
        lib.save(new Preset("B", List.of("comp"), Map.of("comp/ratio", 2.0)), false);
        assertEquals(ChannelLibrary.PRESET_EXISTS, assertThrows(SceneException.class, () -> lib.rename("B", "A")).code());
        lib.rename("B", "Bass comp");
        assertEquals(List.of("A", "Bass comp"), lib.presets().stream().map(Preset::name).toList());
        e = assertThrows(SceneException.class, () -> lib.get("Bas comp"));
        assertEquals(ChannelLibrary.UNKNOWN_PRESET, e.code());
        assertTrue(e.getMessage().contains("did you mean 'Bass comp'?"), e.getMessage());
        assertEquals(SceneException.BAD_NAME, assertThrows(SceneException.class, () -> lib.save(new Preset("  ", List.of("eq"), Map.of()), false)).code());
        assertEquals(SceneException.BAD_NAME, assertThrows(SceneException.class, () -> lib.save(new Preset("a\nb", List.of("eq"), Map.of()), false)).code());
        e = assertThrows(SceneException.class, () -> lib.save(new Preset("C", List.of("eq"), Map.of("fader", 0.0)), false));
        assertEquals(ChannelLibrary.BAD_PRESET, e.code());
        assertTrue(e.getMessage().startsWith("preset 'C': 'fader' is not a channel parameter a preset holds"), e.getMessage());
        // An import is all or nothing: one clash refuses the whole file.
        List<Preset> before = lib.presets();
        int changed = changes[0];
        e = assertThrows(SceneException.class, () -> lib.addAll(List.of(new Preset("New", List.of("eq"), Map.of()), new Preset("A", List.of("eq"), Map.of())), false));
        assertEquals(ChannelLibrary.PRESET_EXISTS, e.code());
        assertTrue(e.getMessage().contains("'A'"), e.getMessage());
        assertEquals(before, lib.presets(), "nothing added");
        assertEquals(changed, changes[0], "no change announced");
        lib.delete("A");
        assertEquals(List.of("Bass comp"), lib.presets().stream().map(Preset::name).toList());
        // A show whose library cannot go into this console is refused before anything changes.
        m.state().set("ch/2/fader", -3.0, "t");
        Show bad = new Show(config, Map.of("ch/2/fader", -20.0), List.of(), List.of(), List.of(), -1,
                List.of(new Preset("X", List.of("eq"), Map.of("eq/2/gain", 99.0))));
        assertEquals(ChannelLibrary.BAD_PRESET, assertThrows(SceneException.class, () -> m.load(bad)).code());
        assertEquals(-3.0, m.state().get("ch/2/fader"), "the values did not change either");
        assertEquals(List.of("Bass comp"), lib.presets().stream().map(Preset::name).toList());
    }
}
