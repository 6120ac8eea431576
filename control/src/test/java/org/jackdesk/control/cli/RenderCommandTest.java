package org.jackdesk.control.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.engine.io.WavReader;
import org.jackdesk.engine.io.WavWriter;
import org.jackdesk.engine.render.OfflineRenderer;
import org.jackdesk.engine.render.RenderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {
    @TempDir
    Path dir;

    private Path wav(String name, int rate, int channels, double freq, double amp, int frames) throws Exception {
        Path p = dir.resolve(name);
        try (WavWriter w = WavWriter.create(p, rate, channels, WavWriter.Format.FLOAT_32)) {
            float[][] b = new float[channels][frames];
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < frames; i++) b[c][i] = (float) (amp * Math.sin(2 * Math.PI * freq * (c + 1) * i / rate));
            }
            w.write(b, 0, frames);
            w.commit();
        }
        return p;
    }

    private static float[][] read(Path p) throws Exception {
        try (WavReader r = WavReader.open(p)) {
            float[][] b = new float[r.channels()][(int) r.frames()];
            int got = r.read(b, 0, (int) r.frames());
            assertEquals(r.frames(), got);
            return b;
        }
    }

    @Test
    void rendersTheMainBusWithSettingsAndIsByteIdentical() throws Exception {
        Path a = wav("vox.wav", 48000, 1, 440, 0.5, 48000);
        Path b = wav("keys.wav", 48000, 2, 220, 0.25, 24000);
        Path out1 = dir.resolve("mix1.wav"), out2 = dir.resolve("mix2.wav");
        String[] common = {"--set", "ch/1/pan=-1", "--set", "ch/2/fader=-90", "--set", "ch/1/eq/on=true",
                "--set", "ch/1/comp/on=true", "--format", "f32"};
        CliRunner.Result r1 = CliRunner.run(concat(new String[] {"render", "--out", out1.toString()}, common, new String[] {a.toString(), b.toString()}));
        assertEquals(0, r1.code(), r1.err());
        CliRunner.Result r2 = CliRunner.run(concat(new String[] {"render", "--out", out2.toString()}, common, new String[] {a.toString(), b.toString()}));
        assertEquals(0, r2.code(), r2.err());
        assertArrayEquals(Files.readAllBytes(out1), Files.readAllBytes(out2), "same inputs and settings give identical bytes");
        float[][] mix = read(out1);
        assertEquals(2, mix.length);
        assertEquals(48000, mix[0].length, "as long as the longest input");
        // channel 1 hard left at unity (EQ flat, compressor below threshold at −6 dBFS? no: −20 dB threshold)
        double peakR = 0;
        for (float v : mix[1]) peakR = Math.max(peakR, Math.abs(v));
        assertEquals(0.0, peakR, 1e-6, "channel 2 is off and channel 1 is hard left");
    }

    @Test
    void aRenderHasTheConsolesFxSlots() throws Exception {
        Path a = wav("a.wav", 48000, 1, 1000, 0.5, 4800);
        Path out = dir.resolve("mix.wav");
        // the dry channel off the main; a 25 ms echo of it through FX slot 4's delay, return at unity
        CliRunner.Result r = CliRunner.run("render", "--format", "f32", "--set", "ch/1/main=false", "--set", "ch/1/fx/4/level=0",
                "--set", "fx/4/type=delay", "--set", "fx/4/delay/time=25", "--set", "fx/4/delay/feedback=0",
                "--set", "fx/4/delay/lowcut=20", "--set", "fx/4/delay/highcut=20000", "--out", out.toString(), a.toString());
        assertEquals(0, r.code(), r.err());
        float[][] in = read(a), mix = read(out);
        for (int i = 0; i < mix[0].length; i++) {
            float expected = i < 1200 ? 0f : (float) (in[0][i - 1200] * Math.sqrt(0.5));
            assertEquals(expected, mix[0][i], 1e-6, "sample " + i);
        }
    }

    @Test
    void unityRenderOfOneMonoFileIsTheFileAtMinus3dBEachSide() throws Exception {
        Path a = wav("a.wav", 44100, 1, 1000, 0.5, 4410);
        Path out = dir.resolve("mix.wav");
        CliRunner.Result r = CliRunner.run("render", "--format", "f32", "--out", out.toString(), a.toString());
        assertEquals(0, r.code(), r.err());
        float[][] in = read(a), mix = read(out);
        for (int i = 0; i < in[0].length; i++) {
            assertEquals(in[0][i] * Math.sqrt(0.5), mix[0][i], 1e-6);
            assertEquals(mix[0][i], mix[1][i], 0f);
        }
    }

    @Test
    void jsonSummaryReportsDurationAndLevels() throws Exception {
        Path a = wav("a.wav", 48000, 1, 1000, 1.0, 48000);
        CliRunner.Result r = CliRunner.run("render", "--json", "--out", dir.resolve("m.wav").toString(), a.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"duration_s\":1.0"), r.out());
        assertTrue(r.out().contains("\"bus\":\"main\",\"peak_dbfs\":-3.01"), r.out());
    }

    @Test
    void badInputsGetClearErrorsAndNoOutputFile() throws Exception {
        Path good = wav("good.wav", 48000, 1, 440, 0.5, 4800);
        Path rate = wav("rate.wav", 44100, 1, 440, 0.5, 4410);
        Path text = dir.resolve("notes.wav");
        Files.writeString(text, "these are my notes, not audio");
        Path out = dir.resolve("out.wav");
        Path eightBit = dir.resolve("eight.wav");
        Files.write(eightBit, pcm8Wav(48000, 480));
        Object[][] cases = {
                {new String[] {"render", "--out", out.toString(), eightBit.toString()}, "unsupported sample format: 8-bit PCM"},
                {new String[] {"render", "--out", out.toString(), dir.resolve("missing.wav").toString()}, "missing.wav"},
                {new String[] {"render", "--out", out.toString(), text.toString()}, "not a WAV"},
                {new String[] {"render", "--out", out.toString(), good.toString(), rate.toString()}, "sample rate 44100 Hz differs"},
                {new String[] {"render", "--set", "ch/1/fadr=-6", "--out", out.toString(), good.toString()}, "did you mean 'ch/1/fader'"},
                {new String[] {"render", "--set", "ch/1/fader=20", "--out", out.toString(), good.toString()}, "between -inf (-90) and 10 dB"},
                {new String[] {"render", "--set", "ch/1/mute", "--out", out.toString(), good.toString()}, "PATH=VALUE"},
                {new String[] {"render", "--format", "mp3", "--out", out.toString(), good.toString()}, "unknown --format"},
                {new String[] {"render", "--out", dir.resolve("no/such/dir/out.wav").toString(), good.toString()}, "out.wav"},
        };
        for (Object[] c : cases) {
            CliRunner.Result r = CliRunner.run((String[]) c[0]);
            assertEquals(2, r.code(), "exit code for " + String.join(" ", (String[]) c[0]) + "\n" + r.err());
            assertTrue(r.err().contains((String) c[1]), "expected '" + c[1] + "' in: " + r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
            assertFalse(Files.exists(out), "no partial output");
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp") || p.getFileName().toString().startsWith(".out")),
                    "no temporary files left behind");
        }
    }

    @Test
    void aFileThatDoesNotMatchItsChannelIsRefused() throws Exception {
        Path stereo = wav("st.wav", 48000, 2, 440, 0.5, 480);
        ParamRegistry reg = ParamRegistry.forLayout(Layout.of(1, 0, 0, 0));
        RenderException e = org.junit.jupiter.api.Assertions.assertThrows(RenderException.class,
                () -> OfflineRenderer.render(reg, new ConsoleState(reg).copyValues(), List.of(stereo),
                        dir.resolve("x.wav"), WavWriter.Format.PCM_24, null));
        assertTrue(e.getMessage().contains("a stereo file, but channel 1 (Ch 1) is mono"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("x.wav")));
    }

    @Test
    void showFileGivesLayoutAndValuesAndSetStillApplies() throws Exception {
        Path show = dir.resolve("show.json");
        Files.writeString(show, "{\"version\": 2, \"name\": \"t\", \"layout\": {\"channels\": ["
                + "{\"name\": \"Vox\"}, {\"name\": \"Keys\", \"stereo\": true}], \"buses\": []},"
                + " \"values\": {\"ch/1/fader\": -6.0, \"ch/1/pan\": -1.0}}");
        Path vox = wav("vox.wav", 48000, 1, 500, 0.5, 4800);
        Path keys = wav("keys.wav", 48000, 2, 300, 0.5, 4800);
        Path out = dir.resolve("mix.wav");
        CliRunner.Result r = CliRunner.run("render", "--show", show.toString(), "--set", "ch/2/mute=true",
                "--format", "f32", "--out", out.toString(), vox.toString(), keys.toString());
        assertEquals(0, r.code(), r.err());
        float[][] in = read(vox), mix = read(out);
        double g = Math.pow(10, -6 / 20.0);
        for (int i = 0; i < in[0].length; i += 97) {
            assertEquals(in[0][i] * g, mix[0][i], 1e-5, "channel 1 at -6 dB hard left, channel 2 muted");
            assertEquals(0f, mix[1][i], 1e-6);
        }
        // the show's layout says channel 1 is mono: a stereo file there is refused
        CliRunner.Result bad = CliRunner.run("render", "--show", show.toString(), "--out", dir.resolve("x.wav").toString(),
                keys.toString(), keys.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("a stereo file, but channel 1 (Vox) is mono"), bad.err());
        assertFalse(Files.exists(dir.resolve("x.wav")));
    }

    @Test
    void aShowWithAValueOutOfRangeRendersRepairedAndSaysWhich() throws Exception {
        org.jackdesk.config.ConsoleConfig cfg = org.jackdesk.config.ConfigJson.read("c.json",
                "{\"version\": 2, \"layout\": {\"channels\": [{\"name\": \"Vox\"}], \"buses\": []}}");
        org.jackdesk.config.show.SceneManager m = new org.jackdesk.config.show.SceneManager(
                new ConsoleState(ParamRegistry.forLayout(cfg.toLayout())), () -> 0, t -> {});
        m.state().set("ch/1/pan", -1.0, "t");
        String text = org.jackdesk.config.show.ShowJson.write(m.toShow(cfg)).replace("\"ch/1/fader\" : 0.0", "\"ch/1/fader\" : 25.0");
        Path show = dir.resolve("old-show.json");
        Files.writeString(show, text);
        Path vox = wav("vox.wav", 48000, 1, 500, 0.25, 4800);
        Path out = dir.resolve("mix.wav");
        CliRunner.Result r = CliRunner.run("render", "--show", show.toString(), "--format", "f32", "--out", out.toString(), vox.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().matches("(?s).*warning: .*old-show\\.json:\\d+:\\d+: values\\[\"ch/1/fader\"\\]: .*\\(got 25\\); repaired: set to 10\\.0.*"), r.err());
        float[][] in = read(vox), mix = read(out);
        double g = Math.pow(10, 10 / 20.0);
        for (int i = 0; i < in[0].length; i += 97) assertEquals(in[0][i] * g, mix[0][i], 1e-4, "the fader at its top, +10 dB, hard left");
    }

    @Test
    void brokenShowFileIsReportedWithItsPosition() throws Exception {
        Path show = dir.resolve("broken.json");
        Files.writeString(show, "{\"version\": 2,\n  \"layout\": {\"channels\": [{\"name\": \"Vox\"}], \"buses\": []},\n  \"valuez\": {}\n}");
        Path vox = wav("vox.wav", 48000, 1, 500, 0.5, 480);
        CliRunner.Result r = CliRunner.run("render", "--show", show.toString(), "--out", dir.resolve("m.wav").toString(), vox.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("broken.json:3:"), r.err());
        assertTrue(r.err().contains("did you mean 'values'"), r.err());
        assertFalse(Files.exists(dir.resolve("m.wav")));
    }

    /** A valid RIFF/WAVE file in 8-bit PCM, a format jackdesk does not read. */
    private static byte[] pcm8Wav(int rate, int frames) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44 + frames).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + frames)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate).putShort((short) 1).putShort((short) 8)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(frames);
        for (int i = 0; i < frames; i++) b.put((byte) 128);
        return b.array();
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }
}
