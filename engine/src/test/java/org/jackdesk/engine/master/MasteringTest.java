package org.jackdesk.engine.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jackdesk.engine.io.WavException;
import org.jackdesk.engine.io.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasteringTest {
    @TempDir
    Path dir;

    private Path song(String name, double baseDb, long seed) throws WavException {
        Path p = dir.resolve(name);
        MasterTestFiles.write(p, MasterTestFiles.programme(2, 48000, 8, baseDb, seed), 48000, WavWriter.Format.PCM_24);
        return p;
    }

    private Path outDir() throws Exception {
        return Files.createDirectories(dir.resolve("out"));
    }

    @Test
    void mastersToTargetLoudnessUnderCeiling() throws Exception {
        Path in = song("quiet.wav", -24, 1);
        List<Mastering.SongResult> res = Mastering.master(List.of(in), outDir(),
                MasteringSettings.defaults(-14, -1), Mastering.Progress.NONE);
        LoudnessReport after = LoudnessAnalysis.analyze(res.get(0).output());
        assertEquals(-14.0, after.integratedLufs().getAsDouble(), 0.1);
        assertTrue(after.truePeakDbtp() <= -1.0 + 0.05, "true peak " + after.truePeakDbtp()); // 24-bit rounding
        assertEquals(after.integratedLufs().getAsDouble(), res.get(0).after().integratedLufs().getAsDouble(), 1e-9);
        assertTrue(res.get(0).gainDb() > 5, "gain " + res.get(0).gainDb());
        assertEquals(8.0, after.durationSeconds(), 1e-9, "same length: the limiter latency is compensated");
    }

    @Test
    void outputIsTimeAligned() throws Exception {
        Path in = dir.resolve("align.wav");
        float[][] x = new float[2][48000 * 4];
        for (int i = 0; i < x[0].length; i++) {
            double v = 0.2 * Math.sin(2 * Math.PI * 50 * i / 48000.0) + 0.1 * Math.sin(2 * Math.PI * 210 * i / 48000.0)
                    + 0.05 * Math.sin(2 * Math.PI * 730 * i / 48000.0);
            x[0][i] = (float) v;
            x[1][i] = (float) -v;
        }
        MasterTestFiles.write(in, x, 48000, WavWriter.Format.FLOAT_32);
        double lufs = LoudnessAnalysis.analyze(in).integratedLufs().getAsDouble();
        Path out = Mastering.master(List.of(in), outDir(), MasteringSettings.defaults(lufs, -0.1)
                .withFormat(WavWriter.Format.FLOAT_32), Mastering.Progress.NONE).get(0).output();
        float[][] a = read(in), b = read(out);
        assertEquals(a[0].length, b[0].length);
        // target = own loudness, peaks far below the ceiling: the output is the input, at lag 0
        int bestLag = 99;
        double best = Double.MAX_VALUE;
        for (int lag = -3; lag <= 3; lag++) {
            double err = 0, sig = 0;
            for (int i = 1000; i < a[0].length - 1000; i++) {
                err += Math.pow(a[0][i] - b[0][i + lag], 2);
                sig += Math.pow(a[0][i], 2);
            }
            double db = 10 * Math.log10(err / sig);
            if (db < best) {
                best = db;
                bestLag = lag;
            }
        }
        assertEquals(0, bestLag);
        assertTrue(best < -30, "residual " + best + " dB");
    }

    static float[][] read(Path p) throws WavException {
        try (org.jackdesk.engine.io.WavReader r = org.jackdesk.engine.io.WavReader.open(p)) {
            float[][] x = new float[r.channels()][(int) r.frames()];
            r.read(x, 0, x[0].length);
            return x;
        }
    }

    @Test
    void albumModeKeepsRelativeLevels() throws Exception {
        Path loud = song("loud.wav", -16, 3);
        Path soft = song("soft.wav", -26, 4);
        double diffBefore = LoudnessAnalysis.analyze(loud).integratedLufs().getAsDouble()
                - LoudnessAnalysis.analyze(soft).integratedLufs().getAsDouble();
        List<Mastering.SongResult> res = Mastering.master(List.of(loud, soft), outDir(),
                MasteringSettings.defaults(-18, -1).withAlbum(true), Mastering.Progress.NONE);
        assertEquals(res.get(0).gainDb(), res.get(1).gainDb(), 0.0);
        double diffAfter = res.get(0).after().integratedLufs().getAsDouble() - res.get(1).after().integratedLufs().getAsDouble();
        assertEquals(diffBefore, diffAfter, 0.5, "relative level (limiting takes a little off the loud song)");
        // per-song mode instead brings both to the target
        List<Mastering.SongResult> each = Mastering.master(List.of(loud, soft), Files.createDirectories(dir.resolve("each")),
                MasteringSettings.defaults(-18, -1), Mastering.Progress.NONE);
        for (Mastering.SongResult r : each) assertEquals(-18, r.after().integratedLufs().getAsDouble(), 0.1);
    }

    @Test
    void albumSpreadKeepsEachSongsDistanceFromTheAlbumUpToTheSpread() throws Exception {
        Path loud = song("loud.wav", -16, 3);
        Path mid = song("mid.wav", -17, 3);
        Path soft = song("soft.wav", -26, 4);
        List<Mastering.SongResult> res = Mastering.master(List.of(loud, mid, soft), outDir(),
                MasteringSettings.defaults(-18, -1).withAlbumSpread(2), Mastering.Progress.NONE);
        double l = res.get(0).after().integratedLufs().getAsDouble();
        double m = res.get(1).after().integratedLufs().getAsDouble();
        double so = res.get(2).after().integratedLufs().getAsDouble();
        for (Mastering.SongResult r : res) {
            assertEquals(r.targetLufs(), r.after().integratedLufs().getAsDouble(), 0.1, r.input() + " reaches its own target");
            assertTrue(Math.abs(r.targetLufs() + 18) <= 2 + 1e-9, r.input() + ": within the spread of the target: " + r.targetLufs());
        }
        assertEquals(1.0, l - m, 0.2, "a difference within the spread is kept");
        assertEquals(-20, so, 0.1, "the soft song, 9 LU under the album, is brought to the spread's edge");
        assertTrue(l > -18 && m < l, "the loud songs keep their order above and around the target: " + l + ", " + m);
        IllegalArgumentException both = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> MasteringSettings.defaults(-18, -1).withAlbum(true).withAlbumSpread(2).validate());
        assertTrue(both.getMessage().contains("choose one"), both.getMessage());
    }

    @Test
    void fullChainWithEqCompressorAndWidth() throws Exception {
        Path in = song("chain.wav", -20, 5);
        MasteringSettings s = MasteringSettings.defaults(-12, -1)
                .withEq(new MasteringSettings.Eq(30, 24, 18000, 12, 100, 2, 10000, 1.5, 300, -2, 1, 3000, 1, 1.5))
                .withCompressor(new MasteringSettings.Compressor(true, -24, 2.5, 6, 10, 150, true, 2, 80, 90))
                .withWidthPercent(120);
        Mastering.SongResult r = Mastering.master(List.of(in), outDir(), s, Mastering.Progress.NONE).get(0);
        assertEquals(-12, r.after().integratedLufs().getAsDouble(), 0.1);
        assertTrue(r.after().truePeakDbtp() <= -0.95);
    }

    @Test
    void badInputsWriteNothing() throws Exception {
        Path good = song("good.wav", -20, 6);
        Path text = dir.resolve("notes.wav");
        Files.writeString(text, "not audio");
        Path out = outDir();
        WavException e = assertThrows(WavException.class, () -> Mastering.master(List.of(good, text), out,
                MasteringSettings.defaults(-14, -1), Mastering.Progress.NONE));
        assertEquals("not a WAV file (no RIFF header)", e.reason());
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(0, s.count(), "no output, not even for the good song");
        }
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> Mastering.master(List.of(good), out,
                MasteringSettings.defaults(-45, -1), Mastering.Progress.NONE));
        assertEquals("target -45.00 LUFS is outside -40 .. 0 LUFS", t.getMessage());
        assertThrows(java.io.IOException.class, () -> Mastering.master(List.of(good), dir.resolve("missing"),
                MasteringSettings.defaults(-14, -1), Mastering.Progress.NONE));
        java.io.IOException same = assertThrows(java.io.IOException.class, () -> Mastering.master(List.of(good), dir,
                MasteringSettings.defaults(-14, -1), Mastering.Progress.NONE));
        assertTrue(same.getMessage().contains("overwrite the input"), same.getMessage());
        Path silent = dir.resolve("silent.wav");
        MasterTestFiles.write(silent, new float[2][48000], 48000, WavWriter.Format.PCM_16);
        WavException s = assertThrows(WavException.class, () -> Mastering.master(List.of(silent), out,
                MasteringSettings.defaults(-14, -1), Mastering.Progress.NONE));
        assertTrue(s.reason().startsWith("silent"), s.reason());
        assertFalse(Files.exists(out.resolve("silent.wav")));
    }
}
