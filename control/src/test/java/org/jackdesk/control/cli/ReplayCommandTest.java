package org.jackdesk.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.record.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jackdesk replay} on a real take: the summary says the replay equals main.wav, --set says it differs; errors exit 2. */
class ReplayCommandTest {
    @TempDir
    Path dir;

    /** A take of two channels with a fader move half-way, the engine driven cycle by cycle as a backend would. */
    private Path take() throws Exception {
        ParamRegistry reg = ParamRegistry.forLayout(new Layout(List.of(new Layout.Channel("A", false), new Layout.Channel("B", false)),
                List.of()));
        ConsoleState state = new ConsoleState(reg);
        state.set("ch/1/pan", -1.0, "test");
        Engine engine = new Engine(reg, 48_000f, state.copyValues());
        state.addListener((p, v, o) -> engine.setParam(p.slot(), v));
        float[][] in = new float[2][64], out = new float[engine.outputPortNames().size()][64];
        Recorder rec = new Recorder(null);
        rec.start(engine, new Recorder.Options(dir.resolve("takes")).withRingSeconds(10), null, null);
        for (int c = 0; c < 400; c++) {
            if (c == 200) state.set("ch/1/fader", -12.0, "test");
            for (int i = 0; i < 64; i++) {
                // on the 24-bit grid, so the pcm24 tracks hold exactly what the engine got (docs/recording.md, Replay)
                in[0][i] = (float) (Math.rint(Math.sin(0.01 * (c * 64 + i)) * 0.5 * 8388608) / 8388608);
                in[1][i] = (float) (Math.rint(Math.sin(0.013 * (c * 64 + i)) * 0.25 * 8388608) / 8388608);
            }
            engine.process(in, out, 64);
        }
        rec.stop();
        engine.close();
        try (var s = Files.list(dir.resolve("takes"))) {
            return s.findFirst().orElseThrow();
        }
    }

    @Test
    void replaySaysItEqualsTheRecordedMainOrByHowMuchItDiffers() throws Exception {
        Path take = take();
        Path out = dir.resolve("night.wav");
        CliRunner.Result r = CliRunner.run("replay", take.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1 moves applied"), r.out());
        assertTrue(r.out().contains("equals the take's main.wav sample for sample (25600 frames)"), r.out());
        assertTrue(Files.exists(out));

        CliRunner.Result pinned = CliRunner.run("replay", take.toString(), "--set", "ch/1/fader=0", "--from", "0.1",
                "--out", dir.resolve("pinned.wav").toString(), "--json");
        assertEquals(0, pinned.code(), pinned.err());
        JsonNode j = new ObjectMapper().readTree(pinned.out());
        assertEquals(4_800, j.path("from_frame").asLong());
        assertEquals(1, j.path("moves_pinned").asLong());
        assertFalse(j.path("main").path("identical").asBoolean(), pinned.out());
        long first = j.path("main").path("first_different_frame").asLong();
        assertTrue(first >= 200 * 64 && first < 201 * 64, "from the cycle of the pinned fader's move: " + pinned.out());
    }

    @Test
    void aBrokenTakeExitsTwoWithOneLine() throws Exception {
        Path take = take();
        Path out = dir.resolve("x.wav");
        CliRunner.Result none = CliRunner.run("replay", dir.resolve("nope").toString(), "--out", out.toString());
        assertEquals(2, none.code());
        assertEquals("jackdesk replay: " + dir.resolve("nope") + ": no such take folder", none.err().trim());
        Files.writeString(take.resolve("moves.jsonl"), "{\"format\":\"jackdesk-moves\"\n");
        CliRunner.Result broken = CliRunner.run("replay", take.toString(), "--out", out.toString());
        assertEquals(2, broken.code());
        assertTrue(broken.err().trim().startsWith("jackdesk replay: " + take.resolve("moves.jsonl") + ":1: not JSON"), broken.err());
        CliRunner.Result set = CliRunner.run("replay", take.toString(), "--set", "ch/1/fader", "--out", out.toString());
        assertEquals(2, set.code());
        assertTrue(set.err().contains("--set needs PATH=VALUE"), set.err());
        assertFalse(Files.exists(out));
    }
}
