package org.jackdesk.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.jackdesk.control.Main;
import org.jackdesk.engine.io.WavWriter;
import org.jackdesk.engine.master.LoudnessAnalysis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jackdesk meter} and {@code jackdesk master} through {@link Main#run}, output captured. */
class CliMasteringTest {
    @TempDir
    Path dir;

    static CliRunner.Result run(String... args) {
        return CliRunner.run(args);
    }

    /** A stereo 1 kHz sine at {@code peakDbfs}, optionally with noise bursts, {@code seconds} long. */
    Path wav(String name, double peakDbfs, double seconds, boolean noise) throws Exception {
        int fs = 48000, n = (int) (seconds * fs);
        float[][] x = new float[2][n];
        Random r = new Random(name.hashCode());
        double a = Math.pow(10, peakDbfs / 20);
        for (int i = 0; i < n; i++) {
            double v = a * Math.sin(2 * Math.PI * 1000 * i / fs);
            if (noise && (i / 12000) % 2 == 0) v += a * 0.5 * r.nextGaussian();
            x[0][i] = (float) v;
            x[1][i] = (float) v;
        }
        Path p = dir.resolve(name);
        try (WavWriter w = WavWriter.create(p, fs, 2)) {
            w.write(x, 0, n);
            w.commit();
        }
        return p;
    }

    @Test
    void meterPrintsTableWithLoudnessAndPeaks() throws Exception {
        Path p = wav("sine.wav", -23, 5, false);
        CliRunner.Result r = run("meter", p.toString());
        assertEquals(0, r.code(), r.err());
        String line = r.out().lines().filter(l -> l.startsWith(p.toString())).findFirst().orElseThrow();
        String[] cols = line.substring(p.toString().length()).trim().split("\\s+");
        assertEquals(-23.0, Double.parseDouble(cols[0]), 0.1, r.out()); // integrated
        assertEquals(-23.0, Double.parseDouble(cols[5]), 0.05, r.out()); // sample peak
    }

    @Test
    void meterJsonHasNullForSilenceNeverNaN() throws Exception {
        Path loud = wav("loud.wav", -10, 2, true);
        Path silent = dir.resolve("silent.wav");
        try (WavWriter w = WavWriter.create(silent, 48000, 2)) {
            w.write(new float[2][48000], 0, 48000);
            w.commit();
        }
        CliRunner.Result r = run("meter", "--json", loud.toString(), silent.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains("NaN"));
        JsonNode a = new ObjectMapper().readTree(r.out());
        assertEquals(2, a.size());
        assertEquals(LoudnessAnalysis.analyze(loud).integratedLufs().getAsDouble(), a.get(0).get("integrated_lufs").asDouble(), 0.01);
        assertTrue(a.get(1).get("integrated_lufs").isNull());
        assertTrue(a.get(1).get("true_peak_dbtp").isNull());
        assertEquals(MeterCommand.SILENT_NOTE, a.get(1).get("note").asText());
        assertNull(a.get(0).get("note"));
        // the table says it too
        CliRunner.Result t = run("meter", silent.toString());
        assertTrue(t.out().contains("note: " + silent + ": " + MeterCommand.SILENT_NOTE), t.out());
    }

    @Test
    void meterRejectsBadInputsWithPreciseMessages() throws Exception {
        Path text = dir.resolve("readme.wav");
        Files.writeString(text, "hello");
        Path shortFile = wav("short.wav", -10, 0.2, false);
        Path good = wav("good.wav", -10, 1, false);
        CliRunner.Result r = run("meter", good.toString(), text.toString(), shortFile.toString(), dir.resolve("missing.wav").toString());
        assertEquals(1, r.code());
        assertEquals("", r.out(), "no partial output");
        assertTrue(r.err().contains(text + ": not a WAV file (no RIFF header)"), r.err());
        assertTrue(r.err().contains(shortFile + ": too short to measure: 0.200 s"), r.err());
        assertTrue(r.err().contains("missing.wav: file not found"), r.err());
        assertEquals(2, run("meter").code(), "no files is a usage error");
    }

    @Test
    void masterBringsSongsToTargetAndPrintsBeforeAfter() throws Exception {
        Path a = wav("a.wav", -30, 6, true);
        Path b = wav("b.wav", -12, 6, true);
        Path out = Files.createDirectories(dir.resolve("mastered"));
        CliRunner.Result r = run("master", "--target", "-16", "--ceiling", "-1", "--out", out.toString(), a.toString(), b.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("100%] done"), r.err());
        for (String name : new String[] {"a.wav", "b.wav"}) {
            var rep = LoudnessAnalysis.analyze(out.resolve(name));
            assertEquals(-16, rep.integratedLufs().getAsDouble(), 0.1, name);
            assertTrue(rep.truePeakDbtp() <= -0.95, name + " " + rep.truePeakDbtp());
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(name) && l.contains("-16.0")), r.out());
        }
    }

    @Test
    void masterPresetsAndSetsRunTheConsolesMainChainToTheTarget() throws Exception {
        Path a = wav("song.wav", -12, 4, true);
        float[] plain = null;
        for (String preset : new String[] {"", "gentle", "punchy", "broadcast"}) {
            Path out = Files.createDirectories(dir.resolve("out-" + (preset.isEmpty() ? "none" : preset)));
            CliRunner.Result r = preset.isEmpty()
                    ? run("master", "--target", "-16", "--out", out.toString(), a.toString())
                    : run("master", "--preset", preset, "--target", "-16", "--out", out.toString(), a.toString());
            assertEquals(0, r.code(), preset + ": " + r.err());
            var rep = LoudnessAnalysis.analyze(out.resolve("song.wav"));
            assertEquals(-16, rep.integratedLufs().getAsDouble(), 0.5, preset);
            assertTrue(rep.truePeakDbtp() <= -0.95, preset + " true peak " + rep.truePeakDbtp());
            float[] y;
            try (org.jackdesk.engine.io.WavReader wr = org.jackdesk.engine.io.WavReader.open(out.resolve("song.wav"))) {
                float[][] all = new float[2][(int) wr.frames()];
                wr.read(all, 0, all[0].length);
                y = all[0];
            }
            if (plain == null) {
                plain = y;
            } else {
                double diff = 0;
                for (int i = 0; i < Math.min(plain.length, y.length); i++) diff = Math.max(diff, Math.abs(plain[i] - y[i]));
                assertTrue(diff > 1e-3, preset + " processes the song differently from no preset (largest difference " + diff + ")");
            }
        }
        // --set after the preset: the same addresses as the console's
        Path out = Files.createDirectories(dir.resolve("out-set"));
        CliRunner.Result r = run("master", "--preset", "punchy", "--set", "main/transient/attack=6", "--set", "main/eq/3/ms=side",
                "--target", "-16", "--out", out.toString(), a.toString());
        assertEquals(0, r.code(), r.err());
        for (String[] bad : new String[][] {
                {"main/comp/ratoi=2", "unknown parameter 'main/comp/ratoi' (did you mean 'main/comp/ratio'?)"},
                {"main/comp/ratio=50", "main/comp/ratio"},
                {"main/limiter/ceiling=-2", "--ceiling and --release"},
                {"ch/1/fader=0", "not a parameter of the main chain"},
                {"main/multiband/mode=wide", "stereo, midside"},
                {"main/width", "PATH=VALUE"}}) {
            Path o = Files.createDirectories(dir.resolve("bad-" + Math.abs(bad[0].hashCode())));
            CliRunner.Result e = run("master", "--set", bad[0], "--out", o.toString(), a.toString());
            assertEquals(2, e.code(), bad[0] + ": " + e.err());
            assertTrue(e.err().contains(bad[1]), bad[0] + ": " + e.err());
            try (Stream<Path> files = Files.list(o)) {
                assertEquals(0, files.count(), "nothing written for " + bad[0]);
            }
        }
        assertEquals(2, run("master", "--preset", "loud", "--out", out.toString(), a.toString()).code(), "an unknown preset");
    }

    @Test
    void theReportShowsWhatMeterSaysBeforeAndAfterTheSpectraAndEachStagesGain() throws Exception {
        Path a = wav("song.wav", -12, 4, true);
        Path out = Files.createDirectories(dir.resolve("mastered"));
        Path report = dir.resolve("report.html");
        // the song is at about −10 LUFS with its true peak at −1.7 dBTP: −8 LUFS needs the limiter
        CliRunner.Result r = run("master", "--preset", "punchy", "--target", "-8", "--report", report.toString(),
                "--out", out.toString(), a.toString());
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(report);
        assertTrue(html.contains("<svg") && html.contains("Spectrum") && html.contains("Gain of each stage"), "plots drawn");
        int from = html.indexOf("id=\"jackdesk-report\">") + "id=\"jackdesk-report\">".length();
        JsonNode song = new ObjectMapper().readTree(html.substring(from, html.indexOf("</script>", from))).get(0);
        JsonNode meter = new ObjectMapper().readTree(run("meter", "--json", a.toString(), out.resolve("song.wav").toString()).out());
        for (int k = 0; k < 2; k++) {
            JsonNode side = song.get(k == 0 ? "before" : "after"), m = meter.get(k);
            for (String f : new String[] {"integrated_lufs", "lra_lu", "true_peak_dbtp", "sample_peak_dbfs"}) {
                assertEquals(m.get(f).asDouble(), side.get(f).asDouble(), 0.01, (k == 0 ? "before " : "after ") + f + " as meter says");
            }
            assertEquals(side.get("true_peak_dbtp").asDouble() - side.get("integrated_lufs").asDouble(), side.get("plr_db").asDouble(), 1e-9);
            assertTrue(side.get("crest_db").asDouble() > 3, "a crest factor: " + side);
        }
        assertTrue(song.get("after").get("crest_db").asDouble() < song.get("before").get("crest_db").asDouble(),
                "limited louder, the crest factor falls: " + song);
        assertEquals(song.get("bands_hz").size(), song.get("spectrum_before_db").size());
        assertEquals(song.get("bands_hz").size(), song.get("spectrum_after_db").size());
        // The test song is a 1 kHz sine with noise: its band stands out in both spectra.
        int k1 = -1;
        for (int b = 0; b < song.get("bands_hz").size(); b++) if (song.get("bands_hz").get(b).asDouble() == 1000.0) k1 = b;
        assertTrue(k1 > 0);
        for (String sp : new String[] {"spectrum_before_db", "spectrum_after_db"}) {
            assertTrue(song.get(sp).get(k1).asDouble() > song.get(sp).get(k1 - 4).asDouble() + 6, sp + " has the 1 kHz tone");
        }
        JsonNode stages = song.get("stages_db");
        for (String st : new String[] {"multiband 1", "multiband 2", "multiband 3", "bus compressor", "transient shaper", "limiter"}) {
            assertTrue(stages.has(st), "stage " + st + " in " + stages);
        }
        assertTrue(stages.get("bus compressor").get("min").asDouble() < -0.5, "the bus compressor worked: " + stages);
        assertTrue(stages.get("limiter").get("min").asDouble() < -0.5, "the limiter worked: " + stages);
        assertTrue(stages.get("transient shaper").get("max").asDouble() > 0.5, "the shaper lifted the bursts' onsets: " + stages);
    }

    @Test
    void masterAlbumModeUsesOneGain() throws Exception {
        Path a = wav("a.wav", -20, 5, true);
        Path b = wav("b.wav", -26, 5, true);
        Path out = Files.createDirectories(dir.resolve("album"));
        CliRunner.Result r = run("master", "--album", "--target", "-20", "--out", out.toString(), a.toString(), b.toString());
        assertEquals(0, r.code(), r.err());
        double before = LoudnessAnalysis.analyze(a).integratedLufs().getAsDouble() - LoudnessAnalysis.analyze(b).integratedLufs().getAsDouble();
        double after = LoudnessAnalysis.analyze(out.resolve("a.wav")).integratedLufs().getAsDouble()
                - LoudnessAnalysis.analyze(out.resolve("b.wav")).integratedLufs().getAsDouble();
        assertEquals(before, after, 0.3);
    }

    @Test
    void masterAlbumSpreadKeepsDifferencesUpToTheSpreadAndTheReportTablesTheAlbum() throws Exception {
        Path a = wav("a.wav", -20, 5, true);
        Path b = wav("b.wav", -32, 5, true); // 12 LU under a
        Path out = Files.createDirectories(dir.resolve("spread"));
        Path report = dir.resolve("album.html");
        CliRunner.Result r = run("master", "--album-spread", "2", "--target", "-20", "--report", report.toString(),
                "--out", out.toString(), a.toString(), b.toString());
        assertEquals(0, r.code(), r.err());
        double la = LoudnessAnalysis.analyze(out.resolve("a.wav")).integratedLufs().getAsDouble();
        double lb = LoudnessAnalysis.analyze(out.resolve("b.wav")).integratedLufs().getAsDouble();
        assertTrue(la > lb, "the louder song stays louder: " + la + " vs " + lb);
        assertTrue(la - lb <= 4 + 0.2 && la - lb > 1, "a 12 LU difference kept within ±2 LU of the target: " + la + " vs " + lb);
        assertTrue(Math.abs(la + 20) <= 2.1 && Math.abs(lb + 20) <= 2.1, "both within the spread of −20: " + la + ", " + lb);
        String html = Files.readString(report);
        assertTrue(html.contains("<table class=\"album\">") && html.contains("<td>a.wav</td>") && html.contains("<td>b.wav</td>"),
                "the album table lists both songs");
        assertTrue(html.contains("album spread 2.0 LU"), "the settings line says so");
        CliRunner.Result both = run("master", "--album", "--album-spread", "2", "--out", out.toString(), a.toString());
        assertEquals(2, both.code());
        assertTrue(both.err().contains("choose one"), both.err());
        CliRunner.Result wide = run("master", "--album-spread", "20", "--out", out.toString(), a.toString());
        assertEquals(2, wide.code());
        assertTrue(wide.err().contains("album spread 20.00 LU is outside 0.5 .. 12 LU"), wide.err());
        // a report that cannot be written: the songs are, and the user is told which file was not
        Path again = Files.createDirectories(dir.resolve("spread-again"));
        Path nowhere = dir.resolve("no-such-folder").resolve("report.html");
        CliRunner.Result lost = run("master", "--report", nowhere.toString(), "--out", again.toString(), a.toString());
        assertEquals(1, lost.code(), lost.err());
        assertTrue(lost.err().contains("the songs were written, the report was not: " + nowhere), lost.err());
        assertTrue(Files.exists(again.resolve("a.wav")), "the mastered song is kept");
    }

    @Test
    void masterRejectsBadInputsAndWritesNothing() throws Exception {
        Path good = wav("good.wav", -20, 2, true);
        Path out = Files.createDirectories(dir.resolve("o"));
        CliRunner.Result t = run("master", "--target", "-45", "--out", out.toString(), good.toString());
        assertEquals(2, t.code());
        assertTrue(t.err().contains("target -45.00 LUFS is outside -40 .. 0 LUFS"), t.err());
        CliRunner.Result c = run("master", "--ceiling", "0.5", "--out", out.toString(), good.toString());
        assertEquals(2, c.code());
        assertTrue(c.err().contains("ceiling 0.50 dBTP is outside -6 .. -0.1 dBTP"), c.err());
        CliRunner.Result missing = run("master", "--out", dir.resolve("nope").toString(), good.toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("output folder does not exist"), missing.err());
        Path text = dir.resolve("x.wav");
        Files.writeString(text, "just some text");
        CliRunner.Result bad = run("master", "--out", out.toString(), good.toString(), text.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains(text + ": not a WAV file (no RIFF header)"), bad.err());
        Path shortFile = wav("short.wav", -10, 0.3, false);
        CliRunner.Result sh = run("master", "--out", out.toString(), shortFile.toString());
        assertEquals(1, sh.code());
        assertTrue(sh.err().contains("too short to measure"), sh.err());
        if (!"root".equals(System.getProperty("user.name"))) { // root can write anywhere
            Path ro = Files.createDirectories(dir.resolve("ro"));
            ro.toFile().setWritable(false);
            CliRunner.Result r = run("master", "--out", ro.toString(), good.toString());
            assertEquals(1, r.code());
            assertTrue(r.err().contains("not writable"), r.err());
        }
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(0, s.count());
        }
    }
}
