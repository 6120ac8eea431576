package org.jackdesk.engine.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jackdesk.config.Layout;
import org.jackdesk.config.record.TakeManifest;
import org.jackdesk.engine.KernelThreads;
import org.jackdesk.engine.TestConsole;
import org.jackdesk.engine.io.BwfWriter;
import org.jackdesk.engine.io.WavException;
import org.jackdesk.engine.io.WavFiles;
import org.jackdesk.engine.io.WavReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder on a real engine driven cycle by cycle: every track equals what the engine's
 * inputs and outputs carried, in both formats, with a complete manifest; the rings drop whole
 * cycles instead of overwriting and count them.
 */
@Timeout(60)
class RecorderTest {
    static final int PERIOD = 64;

    @TempDir
    Path dir;

    /** A distinct value on the 24-bit grid per input and frame (so 24-bit PCM must give it back exactly). */
    static float signal(int input, long frame) {
        long k = ((frame * 37 + input * 1_000_003L) % 600_000) - 300_000 + input * 3_000;
        return k / 8388608f;
    }

    /** Runs {@code cycles} cycles with known inputs; returns the main L/R and every output as produced. */
    static float[][] run(TestConsole t, int cycles, long firstFrame) {
        float[][] outs = new float[t.out.length][cycles * PERIOD];
        for (int c = 0; c < cycles; c++) {
            long f0 = firstFrame + (long) c * PERIOD;
            for (int i = 0; i < t.in.length; i++) for (int n = 0; n < PERIOD; n++) t.in[i][n] = signal(i, f0 + n);
            t.engine.process(t.in, t.out, PERIOD);
            for (int o = 0; o < t.out.length; o++) System.arraycopy(t.out[o], 0, outs[o], c * PERIOD, PERIOD);
        }
        return outs;
    }

    static float quantize24(float v) {
        double q = Math.rint(v * 8388608.0);
        q = Math.max(-8388608.0, Math.min(8388607.0, q));
        return (float) (q / 8388608.0) + 0f; // a tiny negative value is written as 0, not -0
    }

    private static TestConsole console() {
        // two mono channels, a stereo one, a mono and a stereo bus; faders and sends so main and buses carry signal
        Layout layout = new Layout(List.of(new Layout.Channel("Kick", false), new Layout.Channel("Vox", false),
                new Layout.Channel("Keys", true)), List.of(new Layout.Bus("Wedge", false), new Layout.Bus("IEM", true)));
        return new TestConsole(layout, PERIOD, s -> {
            try {
                s.set("ch/1/fader", -3.0, "setup");
                s.set("ch/2/pan", 0.5, "setup");
                s.set("ch/1/send/1/level", -6.0, "setup");
                s.set("ch/3/send/2/level", 0.0, "setup");
            } catch (org.jackdesk.config.ParamException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void everyTrackEqualsWhatTheEngineCarriedInBothFormats() throws Exception {
        for (BwfWriter.Format f : BwfWriter.Format.values()) {
            TestConsole t = console();
            Path root = dir.resolve(f.name());
            List<Recorder.TakeEnd> ends = new CopyOnWriteArrayList<>();
            Recorder rec = new Recorder(ends::add);
            // a ring longer than the run: no cycle can drop however slow the disk thread is
            TakeManifest start = rec.start(t.engine, new Recorder.Options(root).withFormat(f).withBuses(true).withRingSeconds(10),
                    "Friday", "Song 2");
            assertTrue(rec.status().recording());
            assertThrows(IOException.class, () -> rec.start(t.engine, new Recorder.Options(root), null, null),
                    "one take at a time");
            int cycles = 3_000; // 4 s at 48 kHz
            float[][] outs = run(t, cycles, 0);
            TakeManifest m = rec.stop();
            assertFalse(rec.status().recording());
            assertFalse(t.engine.recordTap().busy(), "the rings are detached");
            run(t, 10, (long) cycles * PERIOD); // cycles after the stop are not recorded

            Path folder = root.resolve(Files.list(root).findFirst().orElseThrow().getFileName());
            assertEquals(m, TakeManifest.read(folder), "take.json reads back as the recorder wrote it");
            assertEquals(start.started(), m.started());
            assertEquals((long) cycles * PERIOD, m.frames());
            assertEquals(0, m.droppedBlocks());
            assertEquals("stopped", m.endReason());
            assertEquals("Friday", m.show());
            assertEquals("Song 2", m.scene());
            assertEquals(48_000, m.sampleRate());
            assertEquals(t.engine.registry().layout(), m.layout());
            assertEquals(List.of("ch01.wav", "ch02.wav", "ch03.wav", "main.wav", "bus01.wav", "bus02.wav"),
                    m.tracks().stream().map(TakeManifest.Track::file).toList());
            assertEquals(List.of("ch/1", "ch/2", "ch/3", "main", "bus/1", "bus/2"),
                    m.tracks().stream().map(TakeManifest.Track::source).toList());
            assertEquals("Keys", m.tracks().get(2).name());
            assertEquals(1, ends.size());
            assertFalse(ends.get(0).failed());

            int frames = cycles * PERIOD;
            int[][] inputsOf = {{0}, {1}, {2, 3}};
            for (int c = 0; c < 3; c++) {
                float[][] x = WavFiles.readAll(folder.resolve(m.tracks().get(c).file()));
                assertEquals(inputsOf[c].length, x.length);
                for (int k = 0; k < x.length; k++) {
                    float[] want = new float[frames];
                    for (int i = 0; i < frames; i++) want[i] = signal(inputsOf[c][k], i);
                    assertArrayEquals(want, x[k], f + " ch" + (c + 1) + " side " + k);
                }
            }
            int[][] outputsOf = {{0, 1}, {t.engine.ports().busOut(0)}, {t.engine.ports().busOut(1), t.engine.ports().busOut(1) + 1}};
            for (int k = 0; k < 3; k++) {
                float[][] x = WavFiles.readAll(folder.resolve(m.tracks().get(3 + k).file()));
                for (int side = 0; side < x.length; side++) {
                    float[] want = outs[outputsOf[k][side]].clone();
                    if (f == BwfWriter.Format.PCM_24) for (int i = 0; i < want.length; i++) want[i] = quantize24(want[i]);
                    assertTrue(peak(want) > 0.01, "the " + m.tracks().get(3 + k).source() + " track must carry signal");
                    assertArrayEquals(want, x[side], f + " " + m.tracks().get(3 + k).source() + " side " + side);
                }
            }
            try (WavReader r = WavReader.open(folder.resolve("ch03.wav"))) {
                assertEquals("ch/3 Keys", r.bext().description());
                assertEquals(f.bits(), r.bitsPerSample());
            }
            t.engine.close();
        }
    }

    /**
     * The disk thread schedules itself SCHED_FIFO 1 where the machine allows it (as root here, or
     * with an rtprio limit): the kernel's own view of the thread ({@code /proc/self/task/TID/stat},
     * policy and rt_priority) says so, not only the recorder. {@code -Djackdesk.disk.priority=0}
     * leaves it at normal priority.
     */
    @Test
    void theDiskThreadRunsOverEverythingButTheAudioThreads() throws Exception {
        String[] allowed = {null};
        Thread probe = new Thread(() -> allowed[0] = org.jackdesk.engine.RealtimeThreads.setFifo(1));
        probe.start();
        probe.join();
        for (String prop : new String[] {null, "0"}) {
            if (prop != null) System.setProperty(org.jackdesk.engine.RealtimeThreads.DISK_PRIORITY_PROPERTY, prop);
            TestConsole t = console();
            Recorder rec = new Recorder(null);
            try {
                assertTrue(org.jackdesk.engine.jack.JackTestServer.await(() -> !KernelThreads.running("jackdesk-record"), 10_000),
                        "an earlier take's disk thread still runs");
                rec.start(t.engine, new Recorder.Options(dir.resolve("p" + prop)).withRingSeconds(1), null, null);
                assertTrue(org.jackdesk.engine.jack.JackTestServer.await(() -> rec.diskScheduling() != null, 10_000));
                KernelThreads.assertDiskScheduling(rec.diskScheduling(), "jackdesk-record", prop == null && allowed[0] == null);
                rec.stop();
                assertTrue(org.jackdesk.engine.jack.JackTestServer.await(() -> !KernelThreads.running("jackdesk-record"), 10_000),
                        "the take's disk thread ended");
            } finally {
                System.clearProperty(org.jackdesk.engine.RealtimeThreads.DISK_PRIORITY_PROPERTY);
                t.engine.close();
            }
        }
    }

    @Test
    void aTakeEndsWithValidFilesWhenItsEngineIsRebuilt() throws Exception {
        TestConsole t = console();
        List<Recorder.TakeEnd> ends = new CopyOnWriteArrayList<>();
        Recorder rec = new Recorder(ends::add);
        rec.start(t.engine, new Recorder.Options(dir).withRingSeconds(10), null, null);
        run(t, 500, 0);
        t.engine.close(); // what EngineHost does to the old engine after a format change
        assertTrue(org.jackdesk.engine.jack.JackTestServer.await(() -> !ends.isEmpty(), 20_000), "the take did not end");
        Recorder.TakeEnd end = ends.get(0);
        assertTrue(end.failed());
        assertTrue(end.reason().contains("audio engine was rebuilt"), end.reason());
        assertEquals(500L * PERIOD, end.manifest().frames(), "everything captured before is kept");
        assertEquals(end.manifest(), TakeManifest.read(end.folder()));
        assertEquals(500 * PERIOD, WavFiles.readAll(end.folder().resolve("ch01.wav"))[0].length);
        assertFalse(t.engine.recordTap().busy());
        assertFalse(rec.status().recording());
    }

    @Test
    void aStopReturnsWhileTheAudioThreadOutrunsTheDisk() throws Exception {
        // The tap fed 65536-frame cycles as fast as it copies (hundreds of times real time): the
        // disk thread never catches up, so a stop that waited for an empty ring before detaching
        // never returned (seen on a loaded machine with 64 tracks at 192 kHz).
        TestConsole t = console();
        Recorder rec = new Recorder(null);
        // a ring longer than the disk thread's largest write, so a write never empties it
        rec.start(t.engine, new Recorder.Options(dir).withRingSeconds(2), null, null);
        java.util.concurrent.atomic.AtomicBoolean run = new java.util.concurrent.atomic.AtomicBoolean(true);
        float[][] in = new float[t.in.length][65536], out = new float[t.out.length][65536];
        Thread audio = new Thread(() -> {
            while (run.get()) t.engine.recordTap().capture(in, out, 65536);
        }, "audio");
        audio.start();
        try {
            Thread.sleep(500);
            TakeManifest m = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), rec::stop,
                    "stop() must return while the audio thread keeps producing");
            assertEquals("stopped", m.endReason());
            assertTrue(m.frames() > 0 && m.frames() % 65536 == 0, "whole cycles: " + m.frames());
            assertTrue(m.droppedBlocks() > 0, "the disk could not keep up: " + m);
            for (TakeManifest.Track tr : m.tracks()) {
                try (WavReader r = WavReader.open(rec.status().folder().resolve(tr.file()))) {
                    assertEquals(m.frames(), r.frames(), tr.file());
                }
            }
            assertFalse(t.engine.recordTap().busy());
        } finally {
            run.set(false);
            audio.join();
            t.engine.close();
        }
    }

    @Test
    void aFullRingDropsWholeCyclesAndCountsThem() {
        RecordRings r = new RecordRings(new int[] {0, -1}, new int[] {-1, 0}, 1024);
        float[][] in = {new float[PERIOD]}, out = {new float[PERIOD]};
        for (int c = 0; c < 20; c++) {
            java.util.Arrays.fill(in[0], c);
            java.util.Arrays.fill(out[0], -c);
            r.capture(in, out, PERIOD);
        }
        assertEquals(1024, r.written.get(), "16 cycles fit");
        assertEquals(4, r.droppedBlocks.get());
        assertEquals(4 * PERIOD, r.droppedFrames.get());
        assertEquals(15f, r.ring[0][1023], "what is in the ring stays");
        assertEquals(-15f, r.ring[1][1023]);
        assertEquals(0f, r.ring[0][0], "nothing was overwritten");
        r.consumed.lazySet(PERIOD); // the disk thread released one cycle
        java.util.Arrays.fill(in[0], 99);
        r.capture(in, out, PERIOD);
        assertEquals(1024 + PERIOD, r.written.get());
        assertEquals(99f, r.ring[0][0], "the freed cycle's space takes the next one");
        r.closed = true;
        r.capture(in, out, PERIOD);
        assertEquals(1024 + PERIOD, r.written.get(), "a closed ring copies nothing");
        assertEquals(4, r.droppedBlocks.get(), "and counts nothing");
    }

    @Test
    void aTakeThatCannotStartSaysWhereAndAttachesNothing() throws Exception {
        TestConsole t = console();
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        Recorder rec = new Recorder(null);
        IOException e = assertThrows(IOException.class, () -> rec.start(t.engine, new Recorder.Options(file), null, null));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertFalse(t.engine.recordTap().busy());
        assertNull(rec.stop());
        assertNotNull(rec.status());
        t.engine.close();
    }

    @Test
    void aFullDiskEndsTheTakeWithValidFilesWhileTheMixPlaysOn() throws Exception {
        Path mnt = Files.createDirectory(dir.resolve("small-disk"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0,
                "SKIPPED: cannot mount a 1 MiB tmpfs to fill (needs root and mount rights): " + out.trim());
        boolean passed = false;
        try {
            TestConsole t = console();
            List<Recorder.TakeEnd> ends = new CopyOnWriteArrayList<>();
            Recorder rec = new Recorder(ends::add);
            rec.start(t.engine, new Recorder.Options(mnt).withRingSeconds(10), "Friday", null);
            // 6 channels of 24-bit at 48 kHz fill 1 MiB in about 1.2 s of audio; play 4 s
            int cycles = 3_000;
            float[][] outs = run(t, cycles, 0);
            assertTrue(org.jackdesk.engine.jack.JackTestServer.await(() -> !ends.isEmpty(), 20_000), "the take did not end");
            Recorder.TakeEnd end = ends.get(0);
            assertTrue(end.failed());
            assertTrue(end.reason().startsWith("disk full"), end.reason());
            assertFalse(t.engine.recordTap().busy(), "the failed take is detached from the engine");
            assertFalse(rec.status().recording());
            // the mix plays on: the engine keeps producing the main after the failure
            float[][] after = run(t, 100, (long) cycles * PERIOD);
            assertTrue(peak(after[0]) > 0.01 && peak(outs[0]) > 0.01);

            TakeManifest m = TakeManifest.read(end.folder());
            assertEquals(end.manifest(), m, "take.json says how the take ended");
            assertTrue(m.frames() > 48_000 / 2 && m.frames() < (long) cycles * PERIOD, "frames saved: " + m.frames());
            for (int c = 0; c < m.tracks().size(); c++) {
                float[][] x = WavFiles.readAll(end.folder().resolve(m.tracks().get(c).file()));
                assertEquals(m.frames(), x[0].length, m.tracks().get(c).file() + " holds the frames every track holds");
                if (c < 2) {
                    for (int i = 0; i < x[0].length; i++) assertEquals(signal(c, i), x[0][i], "ch" + (c + 1) + " frame " + i);
                }
            }
            assertNull(rec.stop(), "nothing left to stop");
            t.engine.close();
            passed = true;
        } finally {
            unmount(mnt, passed);
        }
    }

    /**
     * Unmounts the test's tmpfs, retrying for 5 s while it is busy (a fresh-clone run once found it
     * busy right after the take ended, and the temporary folder could then not be deleted). Still
     * busy after that: this JVM's files open in it are named, it is unmounted lazily so nothing is
     * left behind, and the test fails ({@code report}: unless it failed already) — a take whose files
     * stay open after it ended is a leak.
     */
    private static void unmount(Path mnt, boolean report) throws Exception {
        for (int i = 0; i < 50; i++) {
            if (new ProcessBuilder("umount", mnt.toString()).start().waitFor() == 0) return;
            Thread.sleep(100);
        }
        List<String> open = new java.util.ArrayList<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(mnt)) open.add(fd.getFileName() + " -> " + target);
                } catch (java.io.IOException gone) {
                    // closed meanwhile
                }
            }
        }
        new ProcessBuilder("umount", "-l", mnt.toString()).start().waitFor();
        if (report) throw new AssertionError("the 1 MiB tmpfs stayed busy 5 s after the take ended; this JVM's files open in it: " + open);
    }

    static float peak(float[] x) {
        float p = 0;
        for (float v : x) p = Math.max(p, Math.abs(v));
        return p;
    }
}
