package org.jackdesk.config.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code moves.jsonl} reads back exactly what was written, every float bit for bit; a broken log names its line. */
class ControlLogTest {
    @TempDir
    Path dir;

    /** Values at the edges of what a float can be: −∞, +∞, −0, the smallest subnormal, the largest, odd decimals. */
    private static final float[] EDGES = {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -0.0f, 0.0f, Float.MIN_VALUE,
            -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 0.1f, 1.0f / 3, -6.0206f, 1e-7f, 20000f,
            Math.nextUp(1.0f), Math.nextDown(-90.0f)};

    @Test
    void everyFloatReadsBackBitForBit() throws IOException {
        Path file = dir.resolve(ControlLog.FILE);
        String[] paths = new String[EDGES.length];
        for (int k = 0; k < paths.length; k++) paths[k] = "ch/" + (k + 1) + "/fader";
        SplittableRandom r = new SplittableRandom(18);
        List<Object> written = new ArrayList<>();
        try (ControlLog.Writer w = new ControlLog.Writer(file)) {
            w.header(new ControlLog.Header(96_000, 128, 2));
            w.state(0, paths, EDGES);
            long frame = 0;
            for (int line = 0; line < 2_000; line++) {
                frame += 128L * r.nextInt(3);
                if (r.nextInt(10) == 0) {
                    w.command(frame, "RESET_SIGNAL_STATE");
                    written.add(new ControlLog.Command(frame, 0, "RESET_SIGNAL_STATE"));
                    continue;
                }
                int n = 1 + r.nextInt(paths.length);
                String[] p = new String[n];
                float[] v = new float[n];
                for (int k = 0; k < n; k++) {
                    p[k] = paths[k];
                    // random bit patterns: every finite float, and the edges
                    float x = r.nextInt(4) == 0 ? EDGES[r.nextInt(EDGES.length)] : Float.intBitsToFloat(r.nextInt());
                    v[k] = Float.isNaN(x) ? 0.5f : x;
                    written.add(new ControlLog.Move(frame, 0, p[k], v[k]));
                }
                w.set(frame, p, v, n);
            }
            w.end(new ControlLog.End(frame + 128, written.size(), 3));
        }
        try (ControlLog.Reader in = ControlLog.Reader.open(file)) {
            assertEquals(new ControlLog.Header(96_000, 128, 2), in.header());
            assertEquals(EDGES.length, in.state().size());
            for (int k = 0; k < EDGES.length; k++) {
                assertEquals(Float.floatToRawIntBits(EDGES[k]), Float.floatToRawIntBits(in.state().get(paths[k])), paths[k] + " = " + EDGES[k]);
            }
            int i = 0;
            for (ControlLog.Entry e; (e = in.next()) != null; i++) {
                Object want = written.get(i);
                if (want instanceof ControlLog.Move m) {
                    ControlLog.Move got = (ControlLog.Move) e;
                    assertEquals(m.frame(), got.frame());
                    assertEquals(m.path(), got.path());
                    assertEquals(Float.floatToRawIntBits(m.value()), Float.floatToRawIntBits(got.value()), "entry " + i + ": " + m.value());
                } else {
                    assertEquals(((ControlLog.Command) want).name(), ((ControlLog.Command) e).name());
                    assertEquals(((ControlLog.Command) want).frame(), e.frame());
                }
                assertTrue(e.line() >= 3);
            }
            assertEquals(written.size(), i);
            assertEquals(written.size(), in.end().moves());
            assertEquals(3, in.end().lostMoves());
        }
    }

    @Test
    void aLogCutOffBeforeItsEndLineReadsUpToItsLastLine() throws IOException {
        Path file = dir.resolve(ControlLog.FILE);
        try (ControlLog.Writer w = new ControlLog.Writer(file)) {
            w.header(new ControlLog.Header(48_000, 64, 1));
            w.state(0, new String[] {"main/fader"}, new float[] {0f});
            w.set(640, new String[] {"main/fader"}, new float[] {-3f}, 1);
        }
        try (ControlLog.Reader in = ControlLog.Reader.open(file)) {
            assertEquals(new ControlLog.Move(640, 3, "main/fader", -3f), in.next());
            assertNull(in.next());
            assertNull(in.end(), "no end line: the take did not end cleanly");
        }
    }

    @Test
    void aBrokenLogNamesTheFileAndTheLine() throws IOException {
        String head = "{\"format\":\"jackdesk-moves\",\"version\":1,\"sampleRate\":48000,\"periodFrames\":64,\"stripGroups\":1}\n"
                + "{\"frame\":0,\"state\":{\"main/fader\":0.0}}\n";
        assertBroken("", ":0: the file is empty");
        assertBroken("{\"format\":\"jackdesk-take\"}\n", ":1: not a control log");
        assertBroken(head.replace("\"version\":1", "\"version\":9"), ":1: unsupported version 9");
        assertBroken(head.replace("\"periodFrames\":64", "\"periodFrames\":0"), ":1: 'periodFrames' is missing or not a positive");
        assertBroken(head.substring(0, head.indexOf('\n') + 1), "the starting state is missing");
        assertBroken(head.replace("\"main/fader\":0.0", "\"main/fader\":\"loud\""), ":2: main/fader: \"loud\" is not a value");
        assertBroken(head.replace("\"main/fader\":0.0", "\"main/fader\":1e39"), ":2: main/fader: 1e39 is not a value");
        assertBroken(head + "{\"frame\":64,\"set\":{\"main/fader\":-1.0}\n", ":3: not JSON");
        assertBroken(head + "{\"frame\":-64,\"set\":{\"main/fader\":-1.0}}\n", ":3: 'frame' is missing or not a whole number");
        assertBroken(head + "{\"frame\":64.5,\"set\":{\"main/fader\":-1.0}}\n", ":3: 'frame' is missing or not a whole number");
        assertBroken(head + "{\"frame\":128,\"set\":{\"main/fader\":-1.0}}\n{\"frame\":64,\"command\":\"RESET_CLIPS\"}\n",
                ":4: frame 64 comes after frame 128");
        assertBroken(head + "{\"frame\":128,\"mute\":true}\n", ":3: neither 'set' nor 'command'");
        assertBroken(head + "{\"end\":128,\"moves\":0,\"lostMoves\":0}\n{\"frame\":128,\"command\":\"RESET_CLIPS\"}\n",
                ":4: a line after the end line");
        IOException e = assertThrows(IOException.class, () -> ControlLog.Reader.open(dir.resolve("none.jsonl")));
        assertTrue(e.getMessage().contains("none.jsonl: the control log is missing"), e.getMessage());
    }

    private void assertBroken(String text, String message) throws IOException {
        Path file = dir.resolve("broken.jsonl");
        Files.writeString(file, text);
        IOException e = assertThrows(IOException.class, () -> {
            try (ControlLog.Reader in = ControlLog.Reader.open(file)) {
                while (in.next() != null) {
                    // read to the end: the problem may be on any line
                }
            }
        });
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains(message),
                "expected '" + message + "' in: " + e.getMessage());
    }
}
