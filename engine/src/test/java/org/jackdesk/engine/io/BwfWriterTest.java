package org.jackdesk.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder's Broadcast Wave writer read back by {@link WavReader}, sox and ffmpeg: samples,
 * {@code bext} fields, a header valid after every finish (a file cut off reads up to there), and the
 * RF64 switch forced at a small threshold.
 */
class BwfWriterTest {
    private static final BwfWriter.Bext BEXT = new BwfWriter.Bext("ch 3 Kick", "jackdesk", "2026-12-07", "21:43:05",
            48_000L * 78_185 + 17);

    @TempDir
    Path dir;

    /** Noise already on the 24-bit grid, so every format must give it back exactly. */
    static float[][] signal(int channels, int frames, long seed) {
        float[][] x = WavIoTest.noise(channels, frames, seed);
        for (float[] c : x) for (int i = 0; i < frames; i++) c[i] = Math.round(c[i] * 8388608.0) / 8388608f;
        return x;
    }

    static void writeChunks(BwfWriter w, float[][] x, int from, int to) throws WavException {
        for (int off = from; off < to; off += 1000) w.write(x, off, Math.min(1000, to - off));
    }

    static float[][] prefix(float[][] x, int frames) {
        float[][] y = new float[x.length][];
        for (int c = 0; c < x.length; c++) y[c] = java.util.Arrays.copyOf(x[c], frames);
        return y;
    }

    @Test
    void roundTripsSamplesAndBextInEveryFormatAndWidth() throws Exception {
        for (BwfWriter.Format f : BwfWriter.Format.values()) {
            for (int chans : new int[] {1, 2, 3}) {
                float[][] x = signal(chans, 10_007, chans);
                Path p = dir.resolve("rt-" + f + "-" + chans + ".wav");
                try (BwfWriter w = BwfWriter.create(p, 48_000, chans, f, BEXT)) {
                    writeChunks(w, x, 0, 10_007);
                }
                try (WavReader r = WavReader.open(p)) {
                    assertEquals(chans, r.channels());
                    assertEquals(48_000, r.sampleRate());
                    assertEquals(f.bits(), r.bitsPerSample());
                    assertEquals(f.isFloat(), r.isFloat());
                    assertEquals(BEXT, r.bext());
                    assertFalse(r.isRf64());
                }
                assertArrayEquals(x, WavFiles.readAll(p), f + " x" + chans);
            }
        }
    }

    @Test
    void aFileCutOffAfterAFinishReadsUpToThatFinish() throws Exception {
        float[][] x = signal(2, 30_000, 7);
        Path p = dir.resolve("cut.wav");
        try (BwfWriter w = BwfWriter.create(p, 48_000, 2, BwfWriter.Format.PCM_24, BEXT)) {
            writeChunks(w, x, 0, 12_000);
            w.finish();
            assertArrayEquals(prefix(x, 12_000), WavFiles.readAll(p), "after the first finish");
            writeChunks(w, x, 12_000, 20_000);
            w.finish(true);
            writeChunks(w, x, 20_000, 30_000);
            // the process dies here: copy the file as it is, plus half a frame of a write cut short
            Path crashed = dir.resolve("crashed.wav");
            Files.copy(p, crashed);
            try (FileChannel ch = FileChannel.open(crashed, StandardOpenOption.APPEND)) {
                ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            }
            assertArrayEquals(prefix(x, 20_000), WavFiles.readAll(crashed), "cut off after the second finish");
            assertEquals(20_000, soxFrames(crashed), "sox reads the cut-off file up to the finish");
        }
        assertArrayEquals(x, WavFiles.readAll(p));
    }

    @Test
    void aPartialWriteIsCutBackToTheLastWholeFrame() throws Exception {
        float[][] x = signal(1, 5_000, 3);
        Path p = dir.resolve("partial.wav");
        try (BwfWriter w = BwfWriter.create(p, 48_000, 1, BwfWriter.Format.PCM_24, BEXT)) {
            writeChunks(w, x, 0, 5_000);
            w.truncateToFrames(4_321);
            assertEquals(4_321, w.framesWritten());
        }
        assertEquals(BwfWriter.Format.PCM_24.bits() / 8 * 4_321 + 4_321 % 2, Files.size(p) - headerBytes(p),
                "the data ends at the kept frames (plus the RIFF pad byte)");
        assertArrayEquals(prefix(x, 4_321), WavFiles.readAll(p));
    }

    @Test
    void soxAndFfmpegReadTheSamplesAndFfprobeTheBext() throws Exception {
        float[][] x = signal(2, 9_600, 11);
        for (BwfWriter.Format f : BwfWriter.Format.values()) {
            Path p = dir.resolve("ext-" + f + ".wav");
            try (BwfWriter w = BwfWriter.create(p, 48_000, 2, f, BEXT)) {
                writeChunks(w, x, 0, 9_600);
            }
            assertArrayEquals(x, deinterleave(run(List.of("sox", p.toString(), "-t", "raw", "-e", "floating-point", "-b", "32", "-")), 2),
                    "sox " + f);
            assertArrayEquals(x, deinterleave(ffmpegF32(p), 2), "ffmpeg " + f);
            String tags = new String(run(List.of("ffprobe", "-v", "error", "-show_entries", "format_tags", "-of", "default=nw=1", p.toString())),
                    StandardCharsets.UTF_8);
            assertTrue(tags.contains("TAG:date=2026-12-07") || tags.contains("TAG:origination_date=2026-12-07"), tags);
            assertTrue(tags.contains("TAG:time_reference=" + BEXT.timeReference()), tags);
        }
    }

    @Test
    void switchesToRf64PastTheThresholdAndFfmpegReadsIt() throws Exception {
        float[][] x = signal(2, 40_000, 5);
        Path p = dir.resolve("big.wav");
        long threshold = 100_000; // bytes: 40 000 stereo float frames are 320 000
        try (BwfWriter w = BwfWriter.create(p, 48_000, 2, BwfWriter.Format.FLOAT_32, BEXT, threshold)) {
            writeChunks(w, x, 0, 10_000);
            w.finish();
            assertFalse(w.isRf64(), "80 000 bytes stay RIFF");
            writeChunks(w, x, 10_000, 40_000);
            w.finish();
            assertTrue(w.isRf64());
        }
        byte[] head = new byte[16];
        try (FileChannel ch = FileChannel.open(p)) {
            ch.read(ByteBuffer.wrap(head));
        }
        assertEquals("RF64", new String(head, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(-1, ByteBuffer.wrap(head, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt(), "the 32-bit size reads 0xFFFFFFFF");
        assertEquals("ds64", new String(head, 12, 4, StandardCharsets.US_ASCII));
        try (WavReader r = WavReader.open(p)) {
            assertTrue(r.isRf64());
            assertEquals(40_000, r.frames());
            assertEquals(BEXT, r.bext());
        }
        assertArrayEquals(x, WavFiles.readAll(p));
        String probe = new String(run(List.of("ffprobe", "-v", "error", "-count_packets", "-show_entries",
                "stream=codec_name,channels,sample_rate,duration_ts", "-of", "default=nw=1", p.toString())), StandardCharsets.UTF_8);
        assertTrue(probe.contains("codec_name=pcm_f32le") && probe.contains("duration_ts=40000"), probe);
        assertArrayEquals(x, deinterleave(ffmpegF32(p), 2), "ffmpeg decodes the RF64 file sample-exact");
    }

    private static long headerBytes(Path p) throws IOException {
        byte[] all = Files.readAllBytes(p);
        for (int i = 12; i + 8 <= all.length; i++) {
            if (all[i] == 'd' && all[i + 1] == 'a' && all[i + 2] == 't' && all[i + 3] == 'a') return i + 8;
        }
        throw new AssertionError("no data chunk");
    }

    private long soxFrames(Path p) throws Exception {
        return Long.parseLong(new String(run(List.of("soxi", "-s", p.toString())), StandardCharsets.UTF_8).trim());
    }

    private byte[] ffmpegF32(Path p) throws Exception {
        return run(List.of("ffmpeg", "-v", "error", "-i", p.toString(), "-f", "f32le", "-c:a", "pcm_f32le", "-"));
    }

    private static float[][] deinterleave(byte[] raw, int chans) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int frames = raw.length / 4 / chans;
        float[][] x = new float[chans][frames];
        for (int i = 0; i < frames; i++) for (int c = 0; c < chans; c++) x[c][i] = b.getFloat();
        return x;
    }

    /** Runs a tool (installed with the project's deps) and returns its stdout; skips when it is missing. */
    private byte[] run(List<String> cmd) throws Exception {
        Process pr;
        try {
            Path err = Files.createTempFile(dir, "err", ".txt");
            pr = new ProcessBuilder(new ArrayList<>(cmd)).redirectError(err.toFile()).start();
            byte[] out = pr.getInputStream().readAllBytes();
            assertTrue(pr.waitFor(60, TimeUnit.SECONDS), cmd + " timed out");
            assertEquals(0, pr.exitValue(), cmd + ": " + Files.readString(err));
            return out;
        } catch (IOException e) {
            Assumptions.abort("SKIPPED: " + cmd.get(0) + " not installed (./jackdesk test installs sox and ffmpeg): " + e.getMessage());
            throw e;
        }
    }
}
