package org.jackdesk.engine.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.record.TakeManifest;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.io.WavReader;
import org.jackdesk.engine.jack.JackBackend;
import org.jackdesk.engine.jack.JackTestClient;
import org.jackdesk.engine.jack.JackTestServer;
import org.jackdesk.engine.jack.PrivateJackServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A take on a real private {@code jackd -d dummy}: a second client plays 16 distinct signals into
 * the console's 16 inputs and records its main outputs; every channel file holds exactly what
 * arrived (each sample decodes to its channel and to one play frame shared by all files), the main
 * file holds exactly what left the console (quantized to 24 bits), the manifest is complete, and
 * sox and ffmpeg read the files.
 */
@Timeout(120)
class RecorderJackTest {
    private static final int RATE = 48_000;
    private static final int PERIOD = 64;
    private static final int CHANNELS = 16;

    @TempDir
    Path dir;

    /** Channel {@code ch}'s sample at play frame {@code f}: the frame and the channel, encoded on the 24-bit grid. */
    static float signal(int ch, long f) {
        long k = (((f & 0x7FFF) << 6) | ch) - (1 << 20);
        return k / 8388608f;
    }

    /**
     * An xrun on this shared machine can shift what the probe heard against what the console sent;
     * a take spoiled that way is repeated (at most three times), a mismatch without xruns fails at once.
     */
    @Test
    void sixteenTracksAndMainEqualWhatJackCarried() throws Exception {
        List<String> spoiled = new ArrayList<>();
        for (int attempt = 0; ; attempt++) {
            Path take = Files.createDirectory(dir.resolve("attempt" + attempt));
            long[] xruns = new long[1];
            try {
                measure(take, xruns);
                return;
            } catch (AssertionError e) {
                if (xruns[0] == 0 || attempt == 2) {
                    throw new AssertionError(e.getMessage() + " (" + xruns[0] + " xruns; earlier attempts spoiled by xruns: " + spoiled + ")", e);
                }
                spoiled.add(xruns[0] + " xruns: " + e.getMessage());
            }
        }
    }

    private void measure(Path dir, long[] xrunsOut) throws Exception {
        Layout layout = Layout.of(CHANNELS, 0, 0, 0);
        ConsoleState state = new ConsoleState(ParamRegistry.forLayout(layout));
        // The 16 test signals are one ramp each, so they add up on the main: at 0 dB it passes full scale
        // and clips in the 24-bit file, and a clipped plateau of the probe's recording matched main.wav
        // at the wrong place (a fresh-clone run failed so: heard −1.25, file +1.0). 12 dB down it never clips.
        state.set("main/fader", -12.0, "test");
        List<String> log = new ArrayList<>();
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             EngineHost host = EngineHost.start(state, new EngineHost.Options("jackdesk", server.name(), false, false, false,
                     RATE, PERIOD, List.of()), log::add);
             JackTestClient probe = JackTestClient.open(server.name(), "probe", CHANNELS, 2, RecorderJackTest::signal, RATE)) {
            assertEquals(EngineHost.Mode.JACK, host.mode(), log.toString());
            JackBackend jack = (JackBackend) host.backend();
            String us = jack.clientName();
            for (int c = 1; c <= CHANNELS; c++) probe.connect(probe.name() + ":out_" + c, us + ":ch" + c);
            probe.connect(us + ":main_L", probe.name() + ":in_1");
            probe.connect(us + ":main_R", probe.name() + ":in_2");
            Thread.sleep(200); // the connections take effect
            // The take starts once the console has run a second on JACK without an xrun (at most 10 s):
            // its first seconds, while the JIT still compiles the engine's path (EngineHost warms only a
            // 4-channel engine off line; docs/engine-notes.md), are where the attempts of whole-suite
            // runs saw 16-54 xruns, each shifting what the probe heard against the take.
            long seenXruns = jack.xrunCount(), quietSince = System.nanoTime(), giveUp = quietSince + 10_000_000_000L;
            while (System.nanoTime() - quietSince < 1_000_000_000L && System.nanoTime() < giveUp) {
                Thread.sleep(50);
                long x = jack.xrunCount();
                if (x != seenXruns) {
                    seenXruns = x;
                    quietSince = System.nanoTime();
                }
            }
            long x0 = jack.xrunCount();
            Recorder rec = new Recorder(null);
            rec.start(host.engine(), new Recorder.Options(dir).withRingSeconds(5), "Soundcheck", null);
            Thread.sleep(500);
            probe.record(10_000); // one second of main_L/R as it left the console, inside the take
            Thread.sleep(2_500);
            TakeManifest m = rec.stop();
            long xruns = jack.xrunCount() - x0;
            xrunsOut[0] = xruns;

            Path folder = Files.list(dir).findFirst().orElseThrow();
            assertEquals(m, TakeManifest.read(folder));
            assertEquals(CHANNELS + 1, m.tracks().size());
            assertEquals(0, m.droppedBlocks(), "the disk thread kept up");
            assertEquals("stopped", m.endReason());
            assertEquals(RATE, m.sampleRate());
            assertTrue(m.frames() >= 3 * RATE, "only " + m.frames() + " frames in about 3.5 s");
            assertEquals(0, m.frames() % PERIOD, "whole cycles");

            float[][] ch = new float[CHANNELS][];
            for (int c = 0; c < CHANNELS; c++) {
                try (WavReader r = WavReader.open(folder.resolve(m.tracks().get(c).file()))) {
                    assertEquals(m.frames(), r.frames());
                    assertEquals("ch/" + (c + 1) + " Ch " + (c + 1), r.bext().description());
                    ch[c] = new float[(int) r.frames()];
                    r.read(new float[][] {ch[c]}, 0, ch[c].length);
                }
            }
            // Every sample is its own channel's signal, and all 16 files agree on the play frame. Under
            // an xrun JACK2 may run the console while the probe is still writing its ports (one port
            // then holds the previous period): tolerated only for as many periods as there were xruns.
            int jumps = 0, misaligned = 0;
            long prev = -1;
            for (int i = 0; i < ch[0].length; i++) {
                long f = -1;
                boolean aligned = true;
                for (int c = 0; c < CHANNELS; c++) {
                    long k = Math.round(ch[c][i] * 8388608.0) + (1 << 20);
                    assertEquals(c, k & 63, "frame " + i + " of ch" + (c + 1) + " holds another channel's sample: " + ch[c][i]);
                    if (c == 0) f = k >> 6;
                    else aligned &= f == k >> 6;
                }
                if (!aligned) misaligned++;
                if (prev >= 0 && f != ((prev + 1) & 0x7FFF)) jumps++;
                prev = f;
            }
            assertTrue(jumps <= xruns && misaligned <= xruns * PERIOD, jumps + " discontinuities and " + misaligned
                    + " frames whose channels disagree in the recorded inputs, with " + xruns + " xruns");
            float[][] main = new float[2][];
            try (WavReader r = WavReader.open(folder.resolve("main.wav"))) {
                main[0] = new float[(int) r.frames()];
                main[1] = new float[(int) r.frames()];
                r.read(main, 0, main[0].length);
            }
            float[] heard = probe.recorded(0);
            int at = find(main[0], heard);
            assertTrue(at >= 0, "the main_L the probe heard is not in main.wav");
            // What the probe heard equals main.wav period by period, in order. An xrun may spoil a period
            // (JACK2 may let the probe read a port the console has not written yet this cycle) or shift
            // everything after it by whole periods (a cycle the console missed is not in the take, or the
            // probe's own missed cycle): a CI run on a loaded machine saw every period after one xrun
            // heard two periods late. So each period is looked for at the running alignment, then up to
            // 8 periods either side; every shift and every period found nowhere must be paid for by an xrun.
            int shifts = 0, unmatched = 0;
            String first = null;
            for (int side = 0; side < 2; side++) {
                float[] h = probe.recorded(side);
                int d = at;
                for (int p0 = 0; p0 + PERIOD <= h.length; p0 += PERIOD) {
                    if (matches(h, p0, main[side], d + p0)) continue;
                    int found = Integer.MIN_VALUE;
                    for (int s = 1; s <= 8 && found == Integer.MIN_VALUE; s++) {
                        if (matches(h, p0, main[side], d + p0 + s * PERIOD)) found = s * PERIOD;
                        else if (matches(h, p0, main[side], d + p0 - s * PERIOD)) found = -s * PERIOD;
                    }
                    if (first == null) first = "main side " + side + " frame " + p0 + ": heard " + h[p0] + ", file "
                            + (d + p0 < main[side].length ? main[side][d + p0] : Float.NaN)
                            + (found == Integer.MIN_VALUE ? " (found nowhere near)" : " (found " + found + " frames away)");
                    if (found == Integer.MIN_VALUE) unmatched++;
                    else {
                        shifts++;
                        d += found;
                    }
                }
            }
            assertTrue(shifts + unmatched <= 2 * xruns, shifts + " shifts and " + unmatched + " periods of the main found"
                    + " nowhere in main.wav, with " + xruns + " xruns; the first: " + first);
            assertTrue(RecorderTest.peak(heard) > 0.01, "the main carried signal");
        }
    }

    /** Whether the period of {@code heard} at {@code h0} equals the file (quantized to 24 bits) from {@code f0}. */
    private static boolean matches(float[] heard, int h0, float[] file, int f0) {
        if (f0 < 0 || f0 + PERIOD > file.length) return false;
        for (int i = 0; i < PERIOD; i++) if (RecorderTest.quantize24(heard[h0 + i]) != file[f0 + i]) return false;
        return true;
    }

    private static int find(float[] file, float[] heard) {
        int skip = 64; // past any silence at the start of the probe's recording
        outer:
        for (int d = 0; d + heard.length <= file.length; d++) {
            for (int i = skip; i < skip + 256; i++) if (RecorderTest.quantize24(heard[i]) != file[d + i]) continue outer;
            return d;
        }
        return -1;
    }
}
