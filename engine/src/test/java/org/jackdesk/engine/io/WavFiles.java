package org.jackdesk.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

/** What the tests that write or play WAV files share: reading one back whole. */
public final class WavFiles {
    private WavFiles() {}

    /** Every sample of {@code p}, per channel, read in pieces of 777 frames (not a multiple of any block size); all frames are read. */
    public static float[][] readAll(Path p) throws WavException {
        try (WavReader r = WavReader.open(p)) {
            float[][] x = new float[r.channels()][(int) r.frames()];
            int off = 0;
            for (int n; (n = r.read(x, off, 777)) > 0; ) off += n;
            assertEquals(r.frames(), off);
            return x;
        }
    }
}
