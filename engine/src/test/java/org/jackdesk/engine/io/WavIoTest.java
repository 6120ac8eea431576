package org.jackdesk.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavIoTest {
    @TempDir
    Path dir;

    static float[][] noise(int channels, int frames, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[channels][frames];
        for (float[] c : x) for (int i = 0; i < frames; i++) c[i] = (float) (r.nextDouble() * 2 - 1) * 0.9f;
        return x;
    }

    static void write(Path p, float[][] x, int fs, WavWriter.Format f) throws WavException {
        try (WavWriter w = WavWriter.create(p, fs, x.length, f)) {
            // in uneven chunks, as a renderer would
            int n = x[0].length;
            for (int off = 0; off < n; off += 1000) w.write(x, off, Math.min(1000, n - off));
            w.commit();
        }
    }

    @Test
    void roundTripsEveryWritableFormatWithinItsResolution() throws Exception {
        float[][] x = noise(2, 10007, 1);
        for (WavWriter.Format f : WavWriter.Format.values()) {
            Path p = dir.resolve("rt-" + f + ".wav");
            write(p, x, 44100, f);
            try (WavReader r = WavReader.open(p)) {
                assertEquals(2, r.channels());
                assertEquals(44100, r.sampleRate());
                assertEquals(10007, r.frames());
                assertEquals(f.bits(), r.bitsPerSample());
            }
            float[][] y = WavFiles.readAll(p);
            double tol = f == WavWriter.Format.FLOAT_32 ? 0 : 0.5 / (1 << (f.bits() - 1)) + 1e-9;
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < x[c].length; i++) assertEquals(x[c][i], y[c][i], tol, f + " ch" + c + " frame " + i);
            }
        }
    }

    @Test
    void integerFormatsClipAndRound() throws Exception {
        float[][] x = {{1.5f, -1.5f, 1f, -1f, Float.NaN, 0.4f / 32768f, 0.6f / 32768f, -0.6f / 32768f}};
        Path p = dir.resolve("clip.wav");
        write(p, x, 48000, WavWriter.Format.PCM_16);
        float[][] y = WavFiles.readAll(p);
        float q = 1f / 32768f;
        assertArrayEquals(new float[] {32767 * q, -1f, 32767 * q, -1f, 0f, 0f, q, -q}, y[0]);
    }

    @Test
    void manyChannelsUseExtensibleHeaderAndReadBack() throws Exception {
        float[][] x = noise(6, 1000, 2);
        Path p = dir.resolve("six.wav");
        write(p, x, 48000, WavWriter.Format.PCM_24);
        byte[] b = Files.readAllBytes(p);
        assertEquals(0xFFFE, (b[20] & 0xFF) | (b[21] & 0xFF) << 8);
        float[][] y = WavFiles.readAll(p);
        assertEquals(6, y.length);
        assertEquals(x[5][999], y[5][999], 1e-6);
    }

    @Test
    void readsSoxFilesOfEveryFormat() throws Exception {
        // Files written by another implementation: sox (installed with the project's deps).
        String[][] formats = {{"-b", "16", "-e", "signed-integer"}, {"-b", "24", "-e", "signed-integer"},
            {"-b", "32", "-e", "signed-integer"}, {"-b", "32", "-e", "floating-point"}, {"-b", "64", "-e", "floating-point"}};
        for (String[] f : formats) {
            Path p = dir.resolve("sox" + f[1] + f[3] + ".wav");
            Process pr = new ProcessBuilder(Stream.of(new String[] {"sox", "-n", "-r", "48000", "-c", "3"}, f,
                    new String[] {p.toString(), "synth", "0.1", "sine", "1000", "vol", "0.5"})
                    .flatMap(Stream::of).toArray(String[]::new)).redirectErrorStream(true).start();
            assertEquals(0, pr.waitFor(), new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            float[][] y = WavFiles.readAll(p);
            assertEquals(3, y.length, String.join(" ", f));
            assertEquals(4800, y[0].length);
            float max = 0;
            for (float v : y[2]) max = Math.max(max, Math.abs(v));
            assertEquals(0.5, max, 0.01, String.join(" ", f));
        }
    }

    private static byte[] header(String riff, String wave, int tag, int channels, int rate, int bits, int dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(44 + Math.max(0, dataBytes)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(riff.getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes).put(wave.getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) tag).putShort((short) channels)
                .putInt(rate).putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        return b.array();
    }

    private String errorFor(byte[] content) throws IOException {
        Path p = dir.resolve("bad.wav");
        Files.write(p, content);
        WavException e = assertThrows(WavException.class, () -> WavReader.open(p).close());
        assertEquals(p, e.file());
        assertTrue(e.getMessage().startsWith(p.toString() + ": "), e.getMessage());
        return e.reason();
    }

    @Test
    void badInputsGetPreciseErrors() throws Exception {
        assertEquals("not a WAV file (no RIFF header)", errorFor("hello, this is text".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("not a WAV file (no RIFF header)", errorFor(new byte[0]));
        assertEquals("not a WAV file (RIFF type is 'AVI ', expected 'WAVE')", errorFor(header("RIFF", "AVI ", 1, 2, 48000, 16, 0)));
        assertEquals("unsupported WAV variant: big-endian RIFX", errorFor(header("RIFX", "WAVE", 1, 2, 48000, 16, 0)));
        assertEquals("unsupported sample format: 8-bit PCM", errorFor(header("RIFF", "WAVE", 1, 2, 48000, 8, 4)));
        assertEquals("unsupported sample format: 16-bit float", errorFor(header("RIFF", "WAVE", 3, 2, 48000, 16, 4)));
        assertEquals("unsupported sample format: mu-law (format tag 0x0007); only PCM and IEEE float are supported",
                errorFor(header("RIFF", "WAVE", 7, 1, 8000, 8, 4)));
        assertEquals("invalid fmt chunk: 0 channels", errorFor(header("RIFF", "WAVE", 1, 0, 48000, 16, 0)));
        assertEquals("truncated file: data chunk says 4000 bytes but only 8 are present",
                errorFor(java.util.Arrays.copyOf(header("RIFF", "WAVE", 1, 2, 48000, 16, 4000), 52)));
        byte[] noData = java.util.Arrays.copyOf(header("RIFF", "WAVE", 1, 2, 48000, 16, 0), 36);
        assertEquals("no data chunk (file ends after 36 bytes)", errorFor(noData));
        Path missing = dir.resolve("nope.wav");
        WavException e = assertThrows(WavException.class, () -> WavReader.open(missing));
        assertEquals("file not found", e.reason());
        assertEquals("is a directory, not a WAV file", assertThrows(WavException.class, () -> WavReader.open(dir)).reason());
    }

    @Test
    void skipsUnknownChunksIncludingOddSizedOnes() throws Exception {
        byte[] h = header("RIFF", "WAVE", 1, 1, 48000, 16, 4);
        ByteBuffer b = ByteBuffer.allocate(h.length + 8 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(h, 0, 36);
        b.put("LIST".getBytes(StandardCharsets.US_ASCII)).putInt(3).put(new byte[] {1, 2, 3, 0}); // padded
        b.put(h, 36, h.length - 36);
        b.putShort(56, (short) 16384).putShort(58, (short) -16384);
        Path p = dir.resolve("list.wav");
        Files.write(p, b.array());
        float[][] y = WavFiles.readAll(p);
        assertArrayEquals(new float[] {0.5f, -0.5f}, y[0]);
    }

    @Test
    void failedOrUncommittedWriteLeavesNoFile() throws Exception {
        Path p = dir.resolve("out.wav");
        try (WavWriter w = WavWriter.create(p, 48000, 2)) {
            w.write(noise(2, 100, 3), 0, 100);
            // caller fails before commit
        }
        assertFalse(Files.exists(p));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count(), "temporary file left behind");
        }
        WavException e = assertThrows(WavException.class,
                () -> WavWriter.create(dir.resolve("no/such/dir/x.wav"), 48000, 2));
        assertTrue(e.reason().startsWith("output folder does not exist"), e.reason());
    }

    @Test
    void commitReplacesExistingFileAtomically() throws Exception {
        Path p = dir.resolve("song.wav");
        write(p, noise(1, 10, 4), 48000, WavWriter.Format.PCM_24);
        try (WavWriter w = WavWriter.create(p, 48000, 1)) {
            w.write(noise(1, 20, 5), 0, 20);
            assertEquals(10, WavFiles.readAll(p)[0].length, "old file untouched until commit");
            w.commit();
        }
        assertEquals(20, WavFiles.readAll(p)[0].length);
    }
}
