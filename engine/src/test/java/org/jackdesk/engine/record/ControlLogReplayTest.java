package org.jackdesk.engine.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Param;
import org.jackdesk.config.record.ControlLog;
import org.jackdesk.config.record.TakeManifest;
import org.jackdesk.engine.EngineCommand;
import org.jackdesk.engine.TestConsole;
import org.jackdesk.engine.io.BwfWriter;
import org.jackdesk.engine.io.WavFiles;
import org.jackdesk.engine.render.RenderException;
import org.jackdesk.engine.render.Replay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control log on a real engine driven cycle by cycle, and its replay: every value the engine
 * applied during a take is in {@code moves.jsonl} at the frame of the cycle that applied it, after a
 * starting state holding every value; {@link Replay} of the take equals its {@code main.wav} sample
 * for sample, in both formats; {@code --set} pins exactly one parameter; {@code --from/--to} write
 * the frames asked for; a broken take or log is refused with the file and the line.
 */
@Timeout(120)
class ControlLogReplayTest {
    private static final int PERIOD = RecorderTest.PERIOD;

    @TempDir
    Path dir;

    /** Channel 1 hard left (it never reaches main R), EQ on; channel 2 right of centre; channel 3 stereo. */
    private static TestConsole console() {
        Layout layout = new Layout(List.of(new Layout.Channel("Kick", false), new Layout.Channel("Vox", false),
                new Layout.Channel("Keys", true)), List.of(new Layout.Bus("Wedge", false)));
        return new TestConsole(layout, PERIOD, s -> {
            try {
                s.set("ch/1/fader", -3.0, "setup");
                s.set("ch/1/pan", -1.0, "setup");
                s.set("ch/1/eq/on", true, "setup");
                s.set("ch/1/eq/2/gain", -4.0, "setup");
                s.set("ch/2/pan", 0.5, "setup");
                s.set("ch/2/comp/on", true, "setup");
                s.set("main/fader", -6.0, "setup");
            } catch (org.jackdesk.config.ParamException e) {
                throw new AssertionError(e);
            }
        });
    }

    /** What the test moved, cycle by cycle (the cycle's frame is its index × PERIOD in the take). */
    private record Take(Path folder, TakeManifest manifest, Map<Integer, Map<String, Float>> movesAt) {
    }

    /**
     * Silence first (so no processor carries history into the take), then a take of 800 cycles of
     * known signals with fader, EQ, pan, −∞ and back, a scene-like batch of values and a signal
     * reset at known cycles.
     */
    private Take record(BwfWriter.Format format, String name) throws Exception {
        TestConsole t = console();
        for (float[] b : t.in) java.util.Arrays.fill(b, 0f);
        for (int c = 0; c < 50; c++) t.engine.process(t.in, t.out, PERIOD);
        Path root = dir.resolve(name);
        Recorder rec = new Recorder(null);
        rec.start(t.engine, new Recorder.Options(root).withFormat(format).withRingSeconds(10), "Friday", null);
        Map<Integer, Map<String, Float>> moves = new LinkedHashMap<>();
        for (int c = 0; c < 800; c++) {
            Map<String, Object> set = new LinkedHashMap<>();
            switch (c) {
                case 0 -> set.put("ch/2/fader", -2.0); // in the take's first cycle
                case 100 -> set.put("ch/1/fader", -10.0);
                case 150 -> set.put("ch/1/eq/2/gain", 6.0);
                case 200 -> {
                    set.put("ch/1/fader", -20.0);
                    set.put("ch/2/pan", -0.25);
                    set.put("ch/3/fader", -5.0);
                    set.put("main/fader", -3.0);
                }
                case 300 -> set.put("ch/3/fader", Double.NEGATIVE_INFINITY);
                case 400 -> set.put("ch/3/fader", 0.0);
                case 500 -> set.put("ch/1/fader", -1.5);
                default -> { }
            }
            Map<String, Float> logged = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : set.entrySet()) {
                t.set(e.getKey(), e.getValue());
                logged.put(e.getKey(), (float) t.state.get(e.getKey())); // the console's form of the value, as the engine gets it
            }
            if (c == 600) assertTrue(t.engine.command(EngineCommand.RESET_SIGNAL_STATE));
            if (!logged.isEmpty()) moves.put(c, logged);
            for (int i = 0; i < t.in.length; i++) for (int n = 0; n < PERIOD; n++) t.in[i][n] = RecorderTest.signal(i, (long) c * PERIOD + n);
            t.engine.process(t.in, t.out, PERIOD);
        }
        TakeManifest m = rec.stop();
        Path folder = Files.list(root).findFirst().orElseThrow();
        assertEquals(800L * PERIOD, m.frames());
        assertEquals(0, m.droppedBlocks());
        return new Take(folder, m, moves);
    }

    @Test
    void everyAppliedValueIsLoggedAtItsFrameAfterTheStartingState() throws Exception {
        Take take = record(BwfWriter.Format.PCM_24, "log");
        assertEquals(ControlLog.FILE, take.manifest().controlLog());
        assertEquals(take.manifest(), TakeManifest.read(take.folder()), "take.json lists the log and reads back");
        TestConsole fresh = console();
        try (ControlLog.Reader log = ControlLog.Reader.open(take.folder().resolve(ControlLog.FILE))) {
            assertEquals(new ControlLog.Header(48_000, PERIOD, 1), log.header());
            // every value, as it was when the take started (before the first cycle's own move)
            assertEquals(fresh.registry.size(), log.state().size());
            for (Param p : fresh.registry.all()) {
                assertEquals((float) fresh.state.get(p.slot()), log.state().get(p.path()), p.path());
            }
            Map<Integer, Map<String, Float>> got = new LinkedHashMap<>();
            List<Long> commands = new ArrayList<>();
            for (ControlLog.Entry e; (e = log.next()) != null; ) {
                if (e instanceof ControlLog.Command c) {
                    assertEquals("RESET_SIGNAL_STATE", c.name());
                    commands.add(c.frame());
                    continue;
                }
                ControlLog.Move mv = (ControlLog.Move) e;
                assertEquals(0, mv.frame() % PERIOD, "a move applies at a cycle's start: " + mv);
                got.computeIfAbsent((int) (mv.frame() / PERIOD), k -> new LinkedHashMap<>()).put(mv.path(), mv.value());
            }
            assertEquals(take.movesAt(), got, "every move at the frame of the cycle that applied it, nothing else");
            assertEquals(List.of(600L * PERIOD), commands);
            assertEquals(new ControlLog.End(800L * PERIOD, 10 + 1, 0), log.end(), "10 moves and a command, none lost");
        }
    }

    @Test
    void replayEqualsTheRecordedMainInBothFormats() throws Exception {
        for (BwfWriter.Format f : BwfWriter.Format.values()) {
            Take take = record(f, "replay-" + f);
            Path out = dir.resolve("replay-" + f + ".wav");
            Replay.Result r = Replay.replay(take.folder(), out, Replay.Options.defaults(), null);
            assertEquals(List.of(), r.warnings());
            assertEquals(10, r.movesApplied());
            assertEquals(1, r.commands());
            assertEquals(800L * PERIOD, r.main().frames());
            assertTrue(r.main().identical(), f + ": " + r.main());
            float[][] mine = WavFiles.readAll(out);
            float[][] main = WavFiles.readAll(take.folder().resolve("main.wav"));
            for (int side = 0; side < 2; side++) {
                assertEquals(main[side].length, mine[side].length);
                for (int i = 0; i < mine[side].length; i++) {
                    if (Float.compare(main[side][i] + 0f, mine[side][i] + 0f) != 0) {
                        throw new AssertionError(f + " side " + side + " frame " + i + ": replay " + mine[side][i] + ", main.wav " + main[side][i]);
                    }
                }
            }
            assertTrue(RecorderTest.peak(main[0]) > 0.01 && RecorderTest.peak(main[1]) > 0.01, "the main carried signal");
        }
    }

    @Test
    void setPinsOneParameterAndChangesOnlyWhatItFeeds() throws Exception {
        Take take = record(BwfWriter.Format.FLOAT_32, "pin");
        Path out = dir.resolve("pinned.wav");
        // ch/1's fader held at its starting −3 dB: its three logged moves are skipped
        Replay.Result r = Replay.replay(take.folder(), out, new Replay.Options(Map.of("ch/1/fader", "-3"), null, null, null), null);
        assertEquals(3, r.movesPinned());
        assertEquals(7, r.movesApplied());
        assertFalse(r.main().identical());
        assertEquals(100L * PERIOD, r.main().firstDifferentFrame(), "identical up to the first move of the pinned fader");
        float[][] mine = WavFiles.readAll(out);
        float[][] main = WavFiles.readAll(take.folder().resolve("main.wav"));
        // channel 1 is hard left: the right side never hears it and stays identical throughout
        for (int i = 0; i < main[1].length; i++) assertEquals(main[1][i], mine[1][i], "main R frame " + i);
        int differ = 0;
        for (int i = 100 * PERIOD; i < main[0].length; i++) if (main[0][i] != mine[0][i]) differ++;
        assertTrue(differ > main[0].length / 2, "main L follows the pinned fader from its first move: " + differ + " frames differ");

        // a parameter the log never moved, pinned to another value, changes the mix from the first frame
        Replay.Result eq = Replay.replay(take.folder(), dir.resolve("eq.wav"),
                new Replay.Options(Map.of("ch/1/eq/on", "false"), null, null, null), null);
        assertEquals(0, eq.movesPinned());
        assertEquals(0, eq.main().firstDifferentFrame());
    }

    @Test
    void fromAndToWriteTheChosenFramesOfTheSameMix() throws Exception {
        Take take = record(BwfWriter.Format.PCM_24, "range");
        Path out = dir.resolve("song.wav");
        // 0.2 s to frame 40 000: after the fader moves, across the batch at cycle 200 (frame 12 800)… and the reset
        Replay.Result r = Replay.replay(take.folder(), out, new Replay.Options(Map.of(), "0.2", "40000f", null), null);
        assertEquals(9_600, r.fromFrame());
        assertEquals(40_000, r.toFrame());
        assertTrue(r.main().identical(), r.main().toString());
        assertEquals(40_000 - 9_600, r.main().frames());
        float[][] mine = WavFiles.readAll(out);
        float[][] main = WavFiles.readAll(take.folder().resolve("main.wav"));
        assertEquals(40_000 - 9_600, mine[0].length);
        for (int i = 0; i < mine[0].length; i++) assertEquals(main[0][9_600 + i], mine[0][i], "frame " + (9_600 + i));
        assertEquals(12_000, Replay.frameOf("0:00.25", 48_000, "--from"));
        assertEquals(48_000 * 62, Replay.frameOf("1:02", 48_000, "--from"));
        assertEquals(48_000 * 3723 + 24_000, Replay.frameOf("1:02:03.5", 48_000, "--from"));
        assertEquals(4_320_000, Replay.frameOf("4320000f", 48_000, "--from"));
        assertEquals(4_320_000, Replay.frameOf("90s", 48_000, "--from"));
    }

    @Test
    void aBrokenTakeOrLogIsRefusedWithTheFileAndLine() throws Exception {
        Take take = record(BwfWriter.Format.PCM_24, "broken");
        Path folder = take.folder();
        Path out = dir.resolve("never.wav");
        Path log = folder.resolve(ControlLog.FILE);
        String text = Files.readString(log);

        assertRefused(dir.resolve("no-such-take"), out, Replay.Options.defaults(), "no such take folder");
        assertRefused(folder, out, new Replay.Options(Map.of(), "2", "1", null), "--from 2 is not before --to 1");
        assertRefused(folder, out, new Replay.Options(Map.of(), null, "99", null), "--to 99 is past the take's end");
        assertRefused(folder, out, new Replay.Options(Map.of(), "1:x", null, null), "--from 1:x: not a position");
        assertRefused(folder, out, new Replay.Options(Map.of("ch/1/fadr", "-3"), null, null, null), "--set ch/1/fadr=-3");
        assertRefused(folder, out, new Replay.Options(Map.of("ch/1/fader", "99"), null, null, null), "--set ch/1/fader=99");
        assertRefused(folder, folder.resolve("main.wav"), Replay.Options.defaults(), "would overwrite the take's main.wav");

        // a line that is not JSON, in the middle of the log
        List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        List<String> bad = new ArrayList<>(lines);
        bad.add(4, "{\"frame\": 9999999, \"set\": {\"ch/1/fader\": -3.0}");
        Files.writeString(log, String.join("\n", bad) + "\n");
        assertRefused(folder, out, Replay.Options.defaults(), log + ":5: not JSON");
        // an address the take's console does not have
        bad = new ArrayList<>(lines);
        bad.set(3, bad.get(3).replace("\"ch/", "\"ch/9"));
        Files.writeString(log, String.join("\n", bad) + "\n");
        assertRefused(folder, out, Replay.Options.defaults(), log + ":4: unknown parameter 'ch/9");
        // a value out of its range
        bad = new ArrayList<>(lines);
        bad.set(2, "{\"frame\":0,\"set\":{\"ch/2/pan\":7.5}}");
        Files.writeString(log, String.join("\n", bad) + "\n");
        assertRefused(folder, out, Replay.Options.defaults(), log + ":3: ");
        // frames going back
        bad = new ArrayList<>(lines);
        bad.add(4, "{\"frame\":0,\"set\":{\"ch/2/pan\":0.0}}");
        Files.writeString(log, String.join("\n", bad) + "\n");
        assertRefused(folder, out, Replay.Options.defaults(), log + ":5: frame 0 comes after frame");
        // the log missing, or take.json not naming one
        Files.delete(log);
        assertRefused(folder, out, Replay.Options.defaults(), log + ": the control log is missing");
        Path manifest = folder.resolve(TakeManifest.FILE);
        Files.writeString(manifest, Files.readString(manifest).replaceAll("\"controlLog\"\\s*:\\s*\"moves.jsonl\"", "\"controlLog\" : null"));
        assertRefused(folder, out, Replay.Options.defaults(), "the take has no control log");
        Files.writeString(manifest, "{ \"format\": \"jackdesk-take\", ");
        assertRefused(folder, out, Replay.Options.defaults(), manifest + ": cannot read the take manifest");
        assertFalse(Files.exists(out), "nothing written");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".never.wav")), "no partial output left");
        }
    }

    private static void assertRefused(Path take, Path out, Replay.Options o, String message) {
        RenderException e = assertThrows(RenderException.class, () -> Replay.replay(take, out, o, null));
        assertTrue(e.getMessage().contains(message), "expected '" + message + "' in: " + e.getMessage());
    }
}
