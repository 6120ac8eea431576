package org.jackdesk.config.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jackdesk.config.ConfigException;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConfigProblem;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.ParamType;
import org.jackdesk.config.show.Cue;
import org.jackdesk.config.show.Scene;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.config.show.Show;
import org.jackdesk.config.show.ShowJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShowStoreTest {
    @TempDir
    Path dir;

    private final ConsoleConfig config = ConfigJson.builtinDefault();
    private final ParamRegistry registry = ParamRegistry.forLayout(config.toLayout());

    private SceneManager manager() {
        return new SceneManager(new ConsoleState(registry), () -> 0, t -> {});
    }

    /** A value unlike the default for every parameter, spread over the range (generated from the registry). */
    static double unusual(Param p) {
        switch (p.type()) {
            case BOOL:
                return 1 - p.defaultValue();
            case ENUM:
                return (p.defaultValue() + 1) % p.def().enumValues().size();
            case FLOAT:
            default:
                double pos = 0.1 + 0.8 * ((p.slot() * 0.6180339887) % 1.0);
                double v = p.def().taper().fromNormalized(pos, p.min(), p.max());
                return v == p.defaultValue() ? p.def().clamp(v + (p.max() - p.min()) / 7) : v;
        }
    }

    @Test
    void everyRegistryParameterSurvivesSaveAndLoad() throws Exception {
        SceneManager m = manager();
        for (Param p : registry.all()) m.state().set(p, unusual(p), "test");
        double[] expected = m.state().copyValues();
        for (Param p : registry.all()) {
            if (p.type() != ParamType.FLOAT || p.def().enumValues().isEmpty()) {
                assertFalse(expected[p.slot()] == p.defaultValue(), p.path() + " should differ from its default in this test");
            }
        }
        m.save("Everything", List.of(), 1500);
        // Live switches (the oscillator's on) are never saved: a loaded show has them at their default (off).
        for (Param p : registry.all()) if (p.def().live()) expected[p.slot()] = p.defaultValue();
        Path file = dir.resolve("show.json");
        ShowStore.save(file, m.toShow(config));

        SceneManager fresh = manager();
        fresh.load(ShowStore.load(file));
        assertArrayEquals(expected, fresh.state().copyValues());
        // The scene holds every value too: recalling it onto defaults gives them all back.
        SceneManager third = manager();
        third.load(ShowStore.load(file));
        third.state().applyAll(new ConsoleState(registry).copyValues(), "reset");
        third.recall(third.scenes().get(0).id(), 0);
        // ...except the console's setup (the stereo links): a scene never holds it, so the reset's stays.
        double[] recalled = expected.clone();
        for (Param p : registry.all()) if (p.def().setup()) recalled[p.slot()] = p.defaultValue();
        assertArrayEquals(recalled, third.state().copyValues());
    }

    @Test
    void showRoundTripKeepsScenesCuesSafesAndPosition() throws Exception {
        SceneManager m = manager();
        m.state().set("ch/4/fader", -12.5, "t");
        Scene a = m.save("Act 1", List.of("ch/1..8", "main"), 0);
        Scene b = m.save("Act 2 EQ", List.of("eq"), 2000);
        m.setCues(List.of(new Cue(a.id(), -1, "top"), new Cue(b.id(), 500, "")));
        m.setSafes(List.of("ch/20", "gate"));
        m.library().save(new org.jackdesk.config.show.Preset("Vox", List.of("eq", "comp"),
                java.util.Map.of("eq/2/gain", -3.5, "eq/4/type", "peak", "comp/ratio", 6.0)), false);
        m.go();
        Show before = m.toShow(config);
        Path file = dir.resolve("s.json");
        ShowStore.save(file, before);
        Show after = ShowStore.load(file);
        assertEquals(before, after);
    }

    @Test
    void secondSaveKeepsThePreviousAsBackupAndLeavesNoTempFiles() throws Exception {
        SceneManager m = manager();
        Path file = dir.resolve("show.json");
        ShowStore.save(file, m.toShow(config));
        String first = Files.readString(file);
        m.state().set("main/fader", -4.0, "t");
        ShowStore.save(file, m.toShow(config));
        assertEquals(first, Files.readString(AtomicFile.backupOf(file)));
        assertEquals(-4.0, ShowStore.load(file).values().get("main/fader"));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("show.json", "show.json.bak"), s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()));
        }
    }

    @Test
    void truncatedShowIsReportedWithPositionAndTheBackupIsLoaded() throws Exception {
        SceneManager m = manager();
        Path file = dir.resolve("show.json");
        m.state().set("ch/1/fader", -1.0, "t");
        ShowStore.save(file, m.toShow(config));
        m.state().set("ch/1/fader", -2.0, "t");
        ShowStore.save(file, m.toShow(config));
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2)); // a crash mid-write by some other tool

        ConfigException e = assertThrows(ConfigException.class, () -> ShowStore.load(file));
        ConfigProblem p = e.first();
        assertEquals(file.toString(), p.file());
        assertTrue(p.line() > 10, p.toString());
        assertTrue(p.message().contains("truncated"), p.toString());

        ShowStore.Loaded loaded = ShowStore.loadOrBackup(file);
        assertEquals(AtomicFile.backupOf(file), loaded.from());
        assertEquals(-1.0, loaded.show().values().get("ch/1/fader"));
        String warnings = String.join("\n", loaded.warnings());
        assertTrue(warnings.contains("the show file is damaged: " + file + ":" + p.line() + ":" + p.column()), warnings);
        assertTrue(warnings.contains("loaded the backup"), warnings);
        // The damaged file is kept aside, so the next save cannot replace the good backup with it.
        try (Stream<Path> s = Files.list(dir)) {
            Path aside = s.filter(f -> f.getFileName().toString().startsWith("show.json.broken-")).findFirst().orElseThrow();
            assertArrayEquals(java.util.Arrays.copyOf(whole, whole.length / 2), Files.readAllBytes(aside));
        }
    }

    @Test
    void corruptShowWithoutAGoodBackupRefusesToStart() throws Exception {
        Path file = dir.resolve("show.json");
        Files.writeString(file, "{\"format\": \"jackdesk-show\", \"version\": 1, \"config\": }");
        ConfigException e = assertThrows(ConfigException.class, () -> ShowStore.loadOrBackup(file));
        assertTrue(e.getMessage().contains("no backup"), e.getMessage());
        assertTrue(e.getMessage().contains(":1:"), e.getMessage());
        Files.writeString(AtomicFile.backupOf(file), "\u0000\u0001garbage");
        e = assertThrows(ConfigException.class, () -> ShowStore.loadOrBackup(file));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(Files.exists(file), "nothing is moved or reset when there is nothing good to load");
        assertNull(ShowStore.loadOrBackup(dir.resolve("first-start.json")));
    }

    @Test
    void showFilesRefuseUnknownKeysWrongTypesAndBadReferences() throws Exception {
        SceneManager m = manager();
        Scene a = m.save("A", List.of("ch/1"), 0);
        m.setCues(List.of(new Cue(a.id(), -1, "x")));
        String good = ShowJson.write(m.toShow(config));
        String bad = good.replace("\"currentCue\"", "\"curentCue\"")
                .replaceFirst("\"ch/1/fader\" : 0.0", "\"ch/1/fader\" : \"loud\"")
                .replace("\"scene\" : " + a.id(), "\"scene\" : 99");
        ConfigException e = assertThrows(ConfigException.class, () -> ShowJson.read("bad.json", bad));
        String msg = e.getMessage();
        assertTrue(msg.contains("curentCue: unknown key 'curentCue' (did you mean 'currentCue'?)"), msg);
        assertTrue(msg.contains("values[\"ch/1/fader\"]: ch/1/fader takes a number in dB, not \"loud\""), msg);
        assertTrue(msg.contains("cues[0].scene: there is no scene 99 in this show"), msg);
        for (ConfigProblem p : e.problems()) assertTrue(p.line() > 0, p.toString());
    }

    @Test
    void exportedSceneImportsIntoAnotherConsoleAndIsCheckedThere() throws Exception {
        SceneManager m = manager();
        m.state().set("ch/18/pan", 0.5, "t");
        Scene s = m.save("Keys wide", List.of("ch/17..20"), 800);
        String json = ShowJson.writeScene(s);
        SceneManager other = manager();
        Scene imported = other.add(ShowJson.readScene("keys.json", json, registry));
        other.recall(imported.id(), 0);
        assertEquals(0.5, other.state().get("ch/18/pan"));
        assertEquals(800, imported.fadeMs());
        ParamRegistry small = ParamRegistry.forLayout(org.jackdesk.config.Layout.of(8, 0, 0, 0));
        ConfigException e = assertThrows(ConfigException.class, () -> ShowJson.readScene("keys.json", json, small));
        assertTrue(e.getMessage().contains("scene.scope[0]: 'ch/17..20': this console has 8 ch strips"), e.getMessage());
    }

    @Test
    void autosaveIsDebouncedButNeverLaterThanASecond() throws Exception {
        ManualScheduler clock = new ManualScheduler();
        SceneManager m = manager();
        Path file = dir.resolve("auto.json");
        List<Long> savedAt = new ArrayList<>();
        Autosaver saver = new Autosaver(file, () -> m.toShow(config), Runnable::run, clock, clock::now, new Autosaver.Status() {
            @Override public void saveFailed(Path f, java.io.IOException cause, String message) { throw new AssertionError(message); }
            @Override public void saveRecovered(Path f) {}
            @Override public void saved(Path f, long n) { savedAt.add(clock.now()); }
        });
        m.state().addListener((p, v, o) -> saver.changed());
        long start = clock.now();
        // A fader moving every 50 ms for 3 s: saves keep coming, each within the bound.
        for (int i = 0; i < 60; i++) {
            m.state().set("ch/1/fader", -60.0 + i, "t");
            clock.advance(50);
        }
        assertTrue(savedAt.size() >= 3 && savedAt.size() <= 6, savedAt.toString());
        assertTrue(savedAt.get(0) - start <= 1000, savedAt.toString());
        clock.advance(1000);
        assertEquals(-1.0, ShowStore.load(file).values().get("ch/1/fader"));
        int n = savedAt.size();
        clock.advance(5000);
        assertEquals(n, savedAt.size(), "no saves without changes");
        m.state().set("ch/2/fader", -3.0, "t");
        clock.advance(Autosaver.QUIET_MS);
        assertEquals(n + 1, savedAt.size(), "a single change is saved after the quiet time");
    }
}
