package org.jackdesk.engine.play;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jackdesk.config.Layout;
import org.jackdesk.config.record.TakeManifest;
import org.jackdesk.engine.io.BwfWriter;

/** Takes written directly (float files whose samples name their channel and frame), for the player's tests. */
public final class TestTakes {
    private TestTakes() {}

    /**
     * Channel {@code ch} (1-based), side {@code side}, frame {@code frame} (modulo 2^16): an integer
     * below 2^24 over 2^25, so exact in float32, distinct per channel, side and frame, never 0, below 0.5.
     */
    public static float value(int ch, int side, long frame) {
        return (float) ((ch * 2 + side) % 256 * 65536L + frame % 65536 + 1) / (1 << 25);
    }

    /** The frame (modulo 2^16) a {@link #value} of this channel and side names, -1 for silence. */
    public static long frameOf(int ch, int side, float v) {
        if (v == 0f) return -1;
        return Math.round(v * (double) (1 << 25)) - (ch * 2 + side) % 256 * 65536L - 1;
    }

    /** Writes a take of {@code frames} frames at {@code rate} with a track per channel of {@code layout} and a (silent) main. */
    public static Path write(Path root, String name, Layout layout, int rate, int frames) throws Exception {
        Path folder = root.resolve(name);
        Files.createDirectories(folder);
        List<TakeManifest.Track> tracks = new ArrayList<>();
        for (int c = 0; c < layout.channels().size(); c++) {
            Layout.Channel ch = layout.channels().get(c);
            int n = ch.stereo() ? 2 : 1;
            String file = String.format("ch%02d.wav", c + 1);
            try (BwfWriter w = BwfWriter.create(folder.resolve(file), rate, n, BwfWriter.Format.FLOAT_32,
                    new BwfWriter.Bext("ch/" + (c + 1), "test", "2026-12-07", "20:00:00", 0))) {
                float[][] buf = new float[n][4096];
                for (int f0 = 0; f0 < frames; f0 += 4096) {
                    int m = Math.min(4096, frames - f0);
                    for (int s = 0; s < n; s++) for (int k = 0; k < m; k++) buf[s][k] = value(c + 1, s, f0 + k);
                    w.write(buf, 0, m);
                }
            }
            tracks.add(new TakeManifest.Track(file, "ch/" + (c + 1), ch.name(), n));
        }
        try (BwfWriter w = BwfWriter.create(folder.resolve("main.wav"), rate, 2, BwfWriter.Format.FLOAT_32,
                new BwfWriter.Bext("main", "test", "2026-12-07", "20:00:00", 0))) {
            w.write(new float[2][frames], 0, frames);
        }
        tracks.add(new TakeManifest.Track("main.wav", "main", "Main", 2));
        new TakeManifest("2026-12-07T20:00:00Z", "2026-12-07T20:01:00Z", rate, "float32", "Test", null, layout, tracks,
                frames, 0, 0, "stopped", null).write(folder);
        return folder;
    }

    /**
     * A take whose channel tracks all play one shared file (one mono, one stereo: channel 1's
     * values), for the allocation tests: 64 tracks without writing and syncing 64 files on a busy
     * disk (a JACK test timed out writing them), and every track still read by a reader of its own.
     */
    public static Path writeShared(Path root, String name, Layout layout, int rate, int frames) throws Exception {
        Path folder = root.resolve(name);
        Files.createDirectories(folder);
        List<TakeManifest.Track> tracks = new ArrayList<>();
        boolean[] written = new boolean[3];
        for (int c = 0; c < layout.channels().size(); c++) {
            Layout.Channel ch = layout.channels().get(c);
            int n = ch.stereo() ? 2 : 1;
            String file = n == 2 ? "stereo.wav" : "mono.wav";
            if (!written[n]) {
                try (BwfWriter w = BwfWriter.create(folder.resolve(file), rate, n, BwfWriter.Format.FLOAT_32,
                        new BwfWriter.Bext("shared", "test", "2026-12-07", "20:00:00", 0))) {
                    float[][] buf = new float[n][4096];
                    for (int f0 = 0; f0 < frames; f0 += 4096) {
                        int m = Math.min(4096, frames - f0);
                        for (int side = 0; side < n; side++) for (int k = 0; k < m; k++) buf[side][k] = value(1, side, f0 + k);
                        w.write(buf, 0, m);
                    }
                }
                written[n] = true;
            }
            tracks.add(new TakeManifest.Track(file, "ch/" + (c + 1), ch.name(), n));
        }
        new TakeManifest("2026-12-07T20:00:00Z", "2026-12-07T20:01:00Z", rate, "float32", "Test", null, layout, tracks,
                frames, 0, 0, "stopped", null).write(folder);
        return folder;
    }

    /** Waits (up to 10 s) for {@code cond}. */
    public static boolean await(BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) return false;
            Thread.sleep(1);
        }
        return true;
    }
}
