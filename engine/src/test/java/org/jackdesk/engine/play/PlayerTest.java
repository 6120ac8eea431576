package org.jackdesk.engine.play;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jackdesk.config.Layout;
import org.jackdesk.config.record.TakeManifest;
import org.jackdesk.engine.KernelThreads;
import org.jackdesk.engine.RealtimeThreads;
import org.jackdesk.engine.TestConsole;
import org.jackdesk.engine.io.WavException;
import org.jackdesk.engine.io.WavFiles;
import org.jackdesk.engine.io.WavReader;
import org.jackdesk.engine.record.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The player on a real engine driven cycle by cycle (the disk thread real, the test waiting for
 * its read-ahead where a test of exactness must not race it): playback into the inputs equals the
 * recorded input sample-exact, the source switch crossfades, an underrun plays silence and is
 * counted, a loop wraps sample-exact, a locate lands where it says.
 */
@Timeout(60)
class PlayerTest {
    static final int PERIOD = 64;
    static final Layout LAYOUT = new Layout(List.of(new Layout.Channel("Kick", false), new Layout.Channel("Vox", false),
            new Layout.Channel("Keys", true)), List.of(new Layout.Bus("Wedge", false)));

    @TempDir
    Path dir;

    private final Player player = new Player();

    @AfterEach
    void unload() {
        player.unload();
    }

    /** A distinct value on the 24-bit grid per input and frame (as RecorderTest's). */
    static float signal(int input, long frame) {
        long k = ((frame * 37 + input * 1_000_003L) % 600_000) - 300_000 + input * 3_000;
        return k / 8388608f;
    }

    /** Waits until the next cycle can be served whole from the read-ahead (or the take's end is in it). */
    private void awaitReadAhead() throws InterruptedException {
        assertTrue(TestTakes.await(() -> {
            Player.Status s = player.status();
            // the take's tail is enough only when it ends there; a loop plays on past it (into the wrap)
            return !s.playing() || s.ready() && (s.bufferedFrames() >= PERIOD
                    || !s.looping() && s.position() + s.bufferedFrames() >= s.frames());
        }), "the read-ahead never filled: " + player.status());
    }

    /** Runs {@code cycles} cycles with every live input at {@code live}; returns what each input carried after the source stage. */
    private float[][] run(TestConsole t, int cycles, float live, boolean paced) throws InterruptedException {
        float[][] seen = new float[t.in.length][cycles * PERIOD];
        for (int c = 0; c < cycles; c++) {
            if (paced) awaitReadAhead();
            for (float[] b : t.in) java.util.Arrays.fill(b, live);
            t.engine.process(t.in, t.out, PERIOD);
            for (int i = 0; i < t.in.length; i++) System.arraycopy(t.in[i], 0, seen[i], c * PERIOD, PERIOD);
        }
        return seen;
    }

    /** While stopped: runs cycles (they answer the disk thread's flush) until every locate and loop change is carried out. */
    private void settle(TestConsole t) throws InterruptedException {
        assertFalse(player.status().playing());
        for (int k = 0; k < 10_000 && !player.settled(); k++) {
            t.engine.process(t.in, t.out, PERIOD);
            Thread.sleep(1);
        }
        assertTrue(player.settled(), "the player never settled: " + player.status());
    }

    private static void setAll(TestConsole t, String what, Object value) {
        for (int c = 1; c <= t.registry.layout().channels().size(); c++) t.set("ch/" + c + "/" + what, value);
    }

    @Test
    void playbackIntoTheInputsEqualsTheRecordedInputSampleExact() throws Exception {
        TestConsole t = new TestConsole(LAYOUT, PERIOD);
        // take 1: known, distinct signals into every input (as JACK would give them)
        Recorder rec = new Recorder(null);
        rec.start(t.engine, new Recorder.Options(dir.resolve("takes")), "Test", null);
        int cycles = 600; // 38 400 frames, well inside the recorder's 2 s ring
        for (int c = 0; c < cycles; c++) {
            for (int i = 0; i < t.in.length; i++) for (int n = 0; n < PERIOD; n++) t.in[i][n] = signal(i, (long) c * PERIOD + n);
            t.engine.process(t.in, t.out, PERIOD);
        }
        TakeManifest first = rec.stop();
        Path take1 = rec.status().folder();
        assertEquals(0, first.droppedBlocks());

        // take 2 while take 1 plays back into every channel (the strips flat: the record tap sees the source stage's output)
        player.load(t.engine, take1, Player.Options.DEFAULT);
        setAll(t, "source", "playback");
        run(t, 20, 0.9f, false); // the crossfade to playback (20 ms) ends; the player is stopped: silence
        assertTrue(TestTakes.await(() -> player.status().ready()), "never ready: " + player.status());
        rec.start(t.engine, new Recorder.Options(dir.resolve("takes2")), "Test", null);
        run(t, 10, 0.9f, false);
        player.play();
        run(t, cycles + 20, 0.9f, true);
        TakeManifest second = rec.stop();
        Path take2 = rec.status().folder();
        assertEquals(0, second.droppedBlocks());
        assertTrue(TestTakes.await(() -> !player.status().playing()), "the take's end stops the transport: " + player.status());
        Player.Status s = player.status();
        assertEquals(0, s.underruns(), "paced: no underrun: " + s);
        assertTrue(s.atEnd(), "at the end: " + s);
        assertEquals(first.frames(), s.position());

        // every channel's track of take 2 holds take 1's track exactly, at one offset for all of them
        int offset = -1;
        for (int c = 1; c <= 3; c++) {
            String file = String.format("ch%02d.wav", c);
            float[][] a = WavFiles.readAll(take1.resolve(file)), b = WavFiles.readAll(take2.resolve(file));
            int lead = 0;
            while (lead < b[0].length && b[0][lead] == 0f) lead++;
            if (offset < 0) offset = lead;
            assertEquals(offset, lead, file + ": every track starts at the same frame");
            assertEquals(10 * PERIOD, offset, file + ": playback started in the cycle after play");
            for (int side = 0; side < a.length; side++) {
                for (int k = 0; k < a[side].length; k++) {
                    if (a[side][k] != b[side][offset + k]) {
                        throw new AssertionError(file + " side " + side + " frame " + k + ": recorded " + a[side][k] + ", played back " + b[side][offset + k]);
                    }
                }
                for (int k = offset + a[side].length; k < b[side].length; k++) assertEquals(0f, b[side][k], file + ": silence after the end");
            }
        }
    }

    @Test
    void flippingTheSourceCrossfadesWithoutAClick() throws Exception {
        TestConsole t = new TestConsole(LAYOUT, PERIOD);
        Path take = TestTakes.write(dir, "t", LAYOUT, 48000, 48000);
        player.load(t.engine, take, Player.Options.DEFAULT);
        player.play();
        float live = -0.5f;
        float[][] before = run(t, 10, live, true);
        assertEquals(live, before[0][before[0].length - 1], "live while ch/1/source is live");
        t.set("ch/1/source", "playback");
        float[][] on = run(t, 30, live, true);
        t.set("ch/1/source", "live");
        float[][] off = run(t, 30, live, true);
        int rampSamples = Math.round(PlaybackTap.FADE_MS * 0.001f * 48000);
        // the largest step of a linear crossfade between two signals each moving by less than 1e-6
        // per frame: the distance between them (at most ~1) over the ramp
        double bound = 1.0 / rampSamples + 1e-5;
        for (float[] x : new float[][] {on[0], off[0]}) {
            float prev = x == on[0] ? live : on[0][on[0].length - 1];
            double max = 0;
            for (float v : x) {
                max = Math.max(max, Math.abs(v - prev));
                prev = v;
            }
            assertTrue(max <= bound, "a step of " + max + " (a click) where a " + PlaybackTap.FADE_MS + " ms crossfade allows " + bound);
        }
        // and each switch arrives: the take's samples (frame-exact) after the fade, live after the fade back
        float[] x = on[0];
        long f = TestTakes.frameOf(1, 0, x[x.length - 1]);
        long f2 = TestTakes.frameOf(1, 0, x[x.length - 2]);
        assertEquals(f2 + 1, f, "playback arrived: consecutive frames of the take");
        assertEquals(live, off[0][off[0].length - 1], "live again");
        assertEquals(live, on[1][on[1].length - 1], "channel 2 stayed live");
    }

    @Test
    void anUnderrunPlaysSilenceIsCountedAndLosesNoFrame() throws Exception {
        TestConsole t = new TestConsole(LAYOUT, PERIOD);
        Path take = TestTakes.write(dir, "t", LAYOUT, 48000, 48000);
        player.load(t.engine, take, new Player.Options(0.1, 2048)); // a 8 192-frame ring
        t.set("ch/1/source", "playback");
        player.play();
        run(t, 40, 0f, true);
        player.holdDisk(true); // the disk stalls: the ring runs dry
        Thread.sleep(50); // a read under way when the hold came ends
        int buffered = (int) player.status().bufferedFrames();
        int dryCycles = 20;
        // floor(buffered / PERIOD) cycles get whole periods; each one after is (partly) dry
        float[][] dry = run(t, buffered / PERIOD + dryCycles, 0f, false);
        Player.Status s = player.status();
        int silent = dryCycles * PERIOD - buffered % PERIOD;
        assertEquals(dryCycles, s.underruns(), "one underrun per cycle the ring could not fill: " + s);
        assertEquals(silent, s.underrunFrames());
        int end = dry[0].length;
        for (int k = end - silent; k < end; k++) assertEquals(0f, dry[0][k], "silence in the underrun, frame " + k);
        long lastPlayed = TestTakes.frameOf(1, 0, dry[0][end - silent - 1]);
        player.holdDisk(false);
        float[][] after = run(t, 20, 0f, true);
        assertEquals(lastPlayed + 1, TestTakes.frameOf(1, 0, after[0][0]), "playback goes on with the next frame: an underrun skips nothing");
        for (int k = 1; k < after[0].length; k++) {
            assertEquals(TestTakes.frameOf(1, 0, after[0][k - 1]) + 1, TestTakes.frameOf(1, 0, after[0][k]), "frame " + k);
        }
        assertEquals(dryCycles, player.status().underruns(), "no underrun once the disk is back");
    }

    @Test
    void aLoopRegionWrapsSampleExactAndALocateLandsWhereItSays() throws Exception {
        TestConsole t = new TestConsole(LAYOUT, PERIOD);
        Path take = TestTakes.write(dir, "t", LAYOUT, 48000, 48000);
        player.load(t.engine, take, new Player.Options(0.25, 4096));
        setAll(t, "source", "playback");
        run(t, 20, 0f, false); // the crossfade ends while stopped
        long a = 10_000, b = 12_501; // 2 501 frames: not a multiple of the period, so wraps fall inside cycles
        player.loop(true, a, b);
        player.locate(9_000);
        settle(t);
        assertEquals(9_000, player.status().position(), "located");
        player.play();
        float[][] x = run(t, 200, 0f, true); // 12 800 frames: 1 001 before the loop's end, then 4.7 passes
        for (int side = 0; side < 2; side++) {
            float[] keys = x[2 + side]; // channel 3, stereo
            for (int k = 0; k < keys.length; k++) {
                long expect = 9_000 + k < b ? 9_000 + k : a + (9_000 + k - b) % (b - a);
                long got = TestTakes.frameOf(3, side, keys[k]);
                if (got != expect) throw new AssertionError("channel 3 side " + side + " sample " + k + ": frame " + got + ", expected " + expect);
            }
        }
        long exp = a + (9_000L + x[0].length - b) % (b - a);
        player.stop();
        run(t, 2, 0f, false);
        assertEquals(exp, player.status().position(), "the position reported is the frame that plays next");
        // the loop off again: from inside the loop on to the end of the take, no wrap left in the read-ahead
        player.loop(false, 0, 0);
        settle(t);
        assertEquals(exp, player.status().position(), "the loop's end relocates to where it stood");
        player.play();
        float[][] y = run(t, 100, 0f, true);
        for (int k = 0; k < y[0].length; k++) assertEquals(exp + k, TestTakes.frameOf(1, 0, y[0][k]), "after the loop, sample " + k);
        assertEquals(0, player.status().underruns());
    }

    @Test
    void aLoopSetRightAfterLoadingIsKept() throws Exception {
        TestConsole t = new TestConsole(LAYOUT, PERIOD);
        Path take = TestTakes.write(dir, "t", LAYOUT, 48000, 6_000);
        player.load(t.engine, take, Player.Options.DEFAULT);
        player.loop(true, 0, 6_000); // before the disk thread has run at all
        t.set("ch/1/source", "playback");
        run(t, 20, 0f, false);
        settle(t);
        player.play();
        float[][] x = run(t, 300, 0f, true); // 19 200 frames: three wraps
        for (int k = 0; k < x[0].length; k++) assertEquals(k % 6_000, TestTakes.frameOf(1, 0, x[0][k]), "sample " + k);
        assertTrue(player.status().playing(), "still playing: " + player.status());
    }

    @Test
    void aLoopSetWhenTheWholeTakeIsReadAheadStillLoops() throws Exception {
        TestConsole t = new TestConsole(LAYOUT, PERIOD);
        Path take = TestTakes.write(dir, "t", LAYOUT, 48000, 6_000); // all of it fits the read-ahead at once
        player.load(t.engine, take, new Player.Options(0.25, 2048));
        t.set("ch/1/source", "playback");
        run(t, 20, 0f, false);
        assertTrue(TestTakes.await(() -> player.status().bufferedFrames() == 6_000), "read to its end: " + player.status());
        player.loop(true, 0, 6_000);
        settle(t);
        // the disk stalls: running dry inside a loop is an underrun (not the take's end), and it plays on
        player.holdDisk(true);
        Thread.sleep(50);
        int buffered = (int) player.status().bufferedFrames();
        player.play();
        float[][] x = run(t, buffered / PERIOD + 5, 0f, false);
        assertEquals(5, player.status().underruns(), "underruns, not the end: " + player.status());
        assertTrue(player.status().playing(), "still playing: " + player.status());
        for (int k = 0; k < buffered; k++) assertEquals(k % 6_000, TestTakes.frameOf(1, 0, x[0][k]), "sample " + k);
        player.holdDisk(false);
        float[][] y = run(t, 300, 0f, true); // 19 200 frames: three more wraps
        for (int k = 0; k < y[0].length; k++) {
            long expected = (buffered + k) % 6_000;
            if (expected != TestTakes.frameOf(1, 0, y[0][k])) {
                // seen twice under CPU load (a jump of 4 384 frames both times), not reproduced in 28 runs: say where the stream jumped
                StringBuilder jumps = new StringBuilder();
                for (int j = 1, n = 0; j < y[0].length && n < 8; j++) {
                    long a = TestTakes.frameOf(1, 0, y[0][j - 1]), b = TestTakes.frameOf(1, 0, y[0][j]);
                    if (b != (a + 1) % 6_000) {
                        jumps.append(" at ").append(buffered + j).append(": ").append(a).append(" -> ").append(b).append(';');
                        n++;
                    }
                }
                assertEquals(expected, TestTakes.frameOf(1, 0, y[0][k]), "sample " + (buffered + k) + " (" + buffered
                        + " frames before the stall); the stream jumped" + jumps + " " + player.status());
            }
        }
        assertTrue(player.status().playing(), "still playing: " + player.status());
    }

    @Test
    void soundcheckFlipsEveryChannelWithATrackExceptSafeOnesAndBack() throws Exception {
        // the console has a fourth channel (talkback) the take has no track for
        Layout four = new Layout(List.of(new Layout.Channel("Kick", false), new Layout.Channel("Vox", false),
                new Layout.Channel("Keys", true), new Layout.Channel("Talk", false)), List.of(new Layout.Bus("Wedge", false)));
        TestConsole t = new TestConsole(four, PERIOD);
        Path take = TestTakes.write(dir, "t", LAYOUT, 48000, 48000);
        player.load(t.engine, take, Player.Options.DEFAULT);
        assertEquals(List.of(1, 2, 3), player.status().channels());
        t.set("ch/2/soundcheck/safe", true);
        player.play();
        float live = 0.25f;
        // inputs: ch1 = 0, ch2 = 1, ch3 = 2 and 3 (stereo), ch4 = 4
        java.util.function.BiFunction<float[][], Integer, Boolean> plays = (x, input) -> {
            float[] v = x[input];
            int ch = input < 2 ? input + 1 : input < 4 ? 3 : 4;
            int side = input == 3 ? 1 : 0;
            long f1 = TestTakes.frameOf(ch, side, v[v.length - 2]), f2 = TestTakes.frameOf(ch, side, v[v.length - 1]);
            if (v[v.length - 1] == live) return false;
            assertEquals(f1 + 1, f2, "input " + input + " plays consecutive frames of its own track");
            return true;
        };
        float[][] x = run(t, 30, live, true);
        for (int i = 0; i < 5; i++) assertFalse(plays.apply(x, i), "everything live before the soundcheck, input " + i);

        t.set("playback/soundcheck", true);
        x = run(t, 30, live, true);
        assertTrue(plays.apply(x, 0), "ch1 has a track: playback");
        assertFalse(plays.apply(x, 1), "ch2 is safe: live");
        assertTrue(plays.apply(x, 2) && plays.apply(x, 3), "ch3 (stereo) has a track: both sides play it");
        assertFalse(plays.apply(x, 4), "ch4 has no track: live");

        t.set("ch/2/source", "playback"); // an explicit source wins over the safe
        x = run(t, 30, live, true);
        assertTrue(plays.apply(x, 1), "ch2 on playback by its own source");

        t.set("playback/soundcheck", false);
        x = run(t, 30, live, true);
        assertFalse(plays.apply(x, 0), "ch1 back to live");
        assertTrue(plays.apply(x, 1), "ch2 keeps its own source");
        assertFalse(plays.apply(x, 2) || plays.apply(x, 3), "ch3 back to live");
        t.set("ch/2/source", "live");
        x = run(t, 30, live, true);
        for (int i = 0; i < 5; i++) assertFalse(plays.apply(x, i), "everything live after the soundcheck, input " + i);
    }

    /**
     * The read-ahead schedules itself SCHED_FIFO 1 where the machine allows it (as root here, or
     * with an rtprio limit), as the recorder's writer does (RecorderTest), and the player says how:
     * the kernel's own view of the thread ({@code /proc/self/task/TID/stat}, policy and rt_priority)
     * agrees with {@link Player#diskScheduling}. {@code -Djackdesk.disk.priority=0} leaves it at
     * normal priority.
     */
    @Test
    void theReadAheadRunsOverEverythingButTheAudioThreadsAndSaysSo() throws Exception {
        String[] allowed = {null};
        Thread probe = new Thread(() -> allowed[0] = RealtimeThreads.setFifo(1));
        probe.start();
        probe.join();
        TestConsole t = new TestConsole(LAYOUT, PERIOD);
        Path take = TestTakes.write(dir, "t", LAYOUT, 48000, 6_000);
        for (String prop : new String[] {null, "0"}) {
            if (prop != null) System.setProperty(RealtimeThreads.DISK_PRIORITY_PROPERTY, prop);
            try {
                assertTrue(TestTakes.await(() -> !KernelThreads.running("jackdesk-player")), "an earlier take's read-ahead still runs");
                assertEquals(null, player.diskScheduling(), "no take loaded");
                player.load(t.engine, take, Player.Options.DEFAULT);
                assertTrue(TestTakes.await(() -> player.diskScheduling() != null), "the read-ahead never said how it runs");
                KernelThreads.assertDiskScheduling(player.diskScheduling(), "jackdesk-player", prop == null && allowed[0] == null);
                player.unload();
                assertTrue(TestTakes.await(() -> !KernelThreads.running("jackdesk-player")), "the take's read-ahead ended");
            } finally {
                System.clearProperty(RealtimeThreads.DISK_PRIORITY_PROPERTY);
            }
        }
    }

    @Test
    void aTakeThatCannotPlayIsRefusedSayingWhy() throws Exception {
        TestConsole t = new TestConsole(LAYOUT, PERIOD);
        Path at44 = TestTakes.write(dir, "t44", LAYOUT, 44100, 1000);
        IOException e = assertThrows(IOException.class, () -> player.load(t.engine, at44, Player.Options.DEFAULT));
        assertTrue(e.getMessage().contains("44100 Hz") && e.getMessage().contains("48000 Hz") && e.getMessage().contains("take.json"), e.getMessage());
        Path gone = TestTakes.write(dir, "gone", LAYOUT, 48000, 1000);
        java.nio.file.Files.delete(gone.resolve("ch02.wav"));
        e = assertThrows(IOException.class, () -> player.load(t.engine, gone, Player.Options.DEFAULT));
        assertTrue(e.getMessage().contains("ch02.wav"), e.getMessage());
        assertFalse(t.engine.playbackTap().busy(), "nothing attached");
        e = assertThrows(IOException.class, player::play);
        assertTrue(e.getMessage().contains("no take is loaded"), e.getMessage());
        // the mix plays on: a channel switched to playback with no take plays silence, the others live
        t.set("ch/1/source", "playback");
        float[][] x = run(t, 30, 0.25f, false);
        assertEquals(0f, x[0][x[0].length - 1]);
        assertEquals(0.25f, x[1][x[1].length - 1]);
    }
}
