package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamType;
import org.junit.jupiter.api.Test;

/**
 * The processing thread allocates nothing: 64 channels with every processor on, 8 buses with EQ,
 * compressor, transient shaper and limiter on, the main mastering chain and loudness meter on, the oscillator on
 * into the main, every bus and its own port, talkback on into the main and every bus, the RTA tap copying all 8 slots,
 * 8 FX slots running (every channel sending to every slot, every return into the main and the buses) whose types keep
 * switching, both automix groups of 16 channels sharing gain, 12 feedback notches on the main and on every bus,
 * the recorder taking every channel's input, the main and every bus (its disk thread draining, or
 * the rings full and cycles dropped), the player playing a 64-track take in a loop into every channel
 * (the soundcheck switch on, sources flipping through their crossfades, locates throwing the read-ahead
 * away, underruns when the cycles outrun the disk), while a control thread keeps changing parameters
 * and sending commands.
 */
class EngineAllocationTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path recordings;

    @Test
    void processingAllocatesZeroBytesWhileParametersChange() throws Exception {
        // Talkback from channel 1's input and the oscillator's own port: the tools' whole audio path.
        TestConsole t = new TestConsole(Layout.of(56, 8, 4, 4).withTools(new Layout.Tools(1, false, true)).withFx(Layout.MAX_FX), 64, s -> {
            try {
                for (int c = 1; c <= 64; c++) {
                    for (String sw : new String[] {"delay/on", "hpf/on", "gate/on", "eq/on", "comp/on", "solo"}) {
                        s.set("ch/" + c + "/" + sw, true, "setup");
                    }
                    s.set("ch/" + c + "/delay/time", 3.0, "setup");
                    s.set("ch/" + c + "/comp/detect", "rms", "setup");
                    s.set("ch/" + c + "/comp/schpf/on", true, "setup");
                    for (int b = 1; b <= 8; b++) s.set("ch/" + c + "/send/" + b + "/level", -10.0, "setup");
                    for (int k = 1; k <= Layout.MAX_FX; k++) s.set("ch/" + c + "/fx/" + k + "/level", -20.0, "setup");
                    // the automixer: channels 1–16 in group X, 17–32 in Y (their weights move with the rest)
                    if (c <= 32) s.set("ch/" + c + "/automix/group", c <= 16 ? "x" : "y", "setup");
                }
                s.set("automix/x/on", true, "setup");
                s.set("automix/y/on", true, "setup");
                // every feedback notch of the main and of every bus cutting (their frequencies and depths move with the rest)
                for (int k = 1; k <= Layout.FBS_NOTCHES; k++) {
                    s.set("main/fbs/notch/" + k + "/freq", 150.0 * k, "setup");
                    s.set("main/fbs/notch/" + k + "/depth", 12.0, "setup");
                    for (int b = 1; b <= 8; b++) {
                        s.set("bus/" + b + "/fbs/notch/" + k + "/freq", 170.0 * k, "setup");
                        s.set("bus/" + b + "/fbs/notch/" + k + "/depth", 9.0, "setup");
                    }
                }
                // every FX slot running, its return into the main and every aux bus, with its EQ
                for (int k = 1; k <= Layout.MAX_FX; k++) {
                    s.set("fx/" + k + "/type", org.jackdesk.config.Params.FX_TYPES.get(1 + (k - 1) % 5), "setup");
                    s.set("fxret/" + k + "/eq/on", true, "setup");
                    for (int b = 1; b <= 8; b++) s.set("fxret/" + k + "/aux/" + b + "/level", -10.0, "setup");
                }
                // the main mastering chain and every aux bus chain on
                for (String sw : new String[] {"eq/on", "eq/1/on", "eq/6/on", "comp/on", "comp/autorelease", "comp/schpf/on", "limiter/on"}) {
                    s.set("main/" + sw, true, "setup");
                }
                s.set("main/eq/1/slope", "24", "setup");
                // the master chain's later stages: a mid/side EQ band, 4-band mid/side multiband, the transient shaper
                s.set("main/eq/3/ms", "side", "setup");
                s.set("main/eq/4/ms", "mid", "setup");
                s.set("main/multiband/on", true, "setup");
                s.set("main/multiband/bands", "4", "setup");
                s.set("main/multiband/mode", "midside", "setup");
                s.set("main/transient/on", true, "setup");
                // the engineer's tools: pink noise into the main and every bus (osc/freq and osc/level move with the rest)
                s.set("osc/on", true, "setup");
                s.set("osc/type", "pink", "setup");
                for (int b = 1; b <= 8; b++) s.set("osc/bus/" + b, true, "setup");
                s.set("talkback/talk", true, "setup"); // into every bus (the default), main and monitor dimmed
                s.set("talkback/main", true, "setup");
                s.set("main/width", 140.0, "setup");
                for (int b = 1; b <= 8; b++) {
                    for (String sw : new String[] {"eq/on", "comp/on", "comp/schpf/on", "transient/on", "limiter/on"}) {
                        s.set("bus/" + b + "/" + sw, true, "setup");
                    }
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        // The RTA tap copying every slot: the main, the monitor, buses (mono and stereo), channels'
        // inputs (mono and stereo), and the strips handing over their EQ's input (stereo) and output (mono).
        int[] rta = {org.jackdesk.engine.rta.RtaTap.main(), org.jackdesk.engine.rta.RtaTap.monitor(), org.jackdesk.engine.rta.RtaTap.bus(0),
                org.jackdesk.engine.rta.RtaTap.bus(7), org.jackdesk.engine.rta.RtaTap.channel(0), org.jackdesk.engine.rta.RtaTap.channel(63),
                org.jackdesk.engine.rta.RtaTap.channelPostEq(10), org.jackdesk.engine.rta.RtaTap.channelPreEq(63)};
        for (int k = 0; k < rta.length; k++) t.engine.rta().setSource(k, rta[k]);
        // The feedback suppressor's tap copying the main and every aux bus (every bus's fbs/mode on).
        org.jackdesk.engine.rta.RtaTap fbs = t.engine.feedbackTap();
        fbs.setSource(0, org.jackdesk.engine.rta.RtaTap.main());
        for (int b = 0; b < 8; b++) fbs.setSource(1 + b, org.jackdesk.engine.rta.RtaTap.bus(b));
        org.jackdesk.engine.record.Recorder rec = new org.jackdesk.engine.record.Recorder(null);
        rec.start(t.engine, new org.jackdesk.engine.record.Recorder.Options(recordings).withBuses(true).withRingSeconds(1), null, null);
        // the player: a take with a track for each of the 64 channels, looping, every channel on
        // playback by the soundcheck switch but channel 2 (safe), channel 1 also by its own source
        java.nio.file.Path takeDir = org.jackdesk.engine.play.TestTakes.writeShared(recordings, "playback", t.registry.layout(), 48000, 24_000);
        org.jackdesk.engine.play.Player player = new org.jackdesk.engine.play.Player();
        player.load(t.engine, takeDir, new org.jackdesk.engine.play.Player.Options(0.5, 4096));
        assertEquals(64, player.status().channels().size());
        player.loop(true, 0, 24_000);
        t.set("playback/soundcheck", true);
        t.set("ch/1/source", "playback");
        t.set("ch/2/soundcheck/safe", true);
        player.play();
        int[] sources = new int[64];
        for (int c = 0; c < 64; c++) sources[c] = t.registry.slot("ch/" + (c + 1) + "/source");
        AtomicBoolean flipping = new AtomicBoolean(true);
        Thread transport = new Thread(() -> {
            SplittableRandom r = new SplittableRandom(11);
            try {
                while (flipping.get()) {
                    t.engine.setParam(sources[r.nextInt(64)], r.nextInt(2)); // a crossfade starts (or turns back)
                    if (r.nextInt(20) == 0) player.locate(r.nextInt(24_000)); // the audio thread answers a flush
                    Thread.sleep(1);
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "transport");
        transport.start();
        try {
            assertAllocatesNothing(t, path -> true);
        } finally {
            flipping.set(false);
            transport.join();
        }
        org.jackdesk.engine.play.Player.Status played = player.status();
        assertTrue(played.loaded() && played.playing(), "the player played all along: " + played);
        player.unload();
        org.jackdesk.config.record.TakeManifest take = rec.stop();
        assertEquals(64 + 8 + 1, take.tracks().size());
        assertEquals(30_000L * t.period, take.frames() + take.droppedFrames(), "every cycle was recorded or dropped whole: " + take);
    }

    @Test
    void bypassedStripsAllocateZeroBytesOnTheirQuietPathWhileFadersMove() throws Exception {
        // Every processor off and nothing soloed: strips sleep and take the fused mix path; the
        // faders, pans and send levels keep moving (they do not wake the processors).
        TestConsole t = new TestConsole(Layout.of(56, 8, 4, 4), 64, s -> { });
        assertAllocatesNothing(t, path -> path.endsWith("/fader") || path.endsWith("/pan")
                || path.endsWith("/level") || path.endsWith("/trim"));
    }

    @Test
    void sleepingStripsHandingTheirEqSignalToTheRtaAllocateZeroBytes() throws Exception {
        // Processors off: an analysed strip leaves its quiet path for the general one and hands its
        // (unprocessed) signal over as both the EQ's input and output.
        TestConsole t = new TestConsole(Layout.of(56, 8, 4, 4), 64, s -> { });
        t.engine.rta().setSource(0, org.jackdesk.engine.rta.RtaTap.channelPreEq(3));
        t.engine.rta().setSource(1, org.jackdesk.engine.rta.RtaTap.channelPostEq(3));
        t.engine.rta().setSource(2, org.jackdesk.engine.rta.RtaTap.channelPostEq(60));
        assertAllocatesNothing(t, path -> path.endsWith("/fader") || path.endsWith("/pan"));
    }

    private static void assertAllocatesNothing(TestConsole t, java.util.function.Predicate<String> movingFilter) throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported());
        mx.setThreadAllocatedMemoryEnabled(true);

        // Float parameters that move continuously, chosen once (no work for the audio side here).
        Param[] moving = t.registry.all().stream()
                .filter(p -> p.type() == ParamType.FLOAT && !p.path().matches("ch/\\d+/delay/time") && movingFilter.test(p.path()))
                .toArray(Param[]::new);
        // FX choices that switch units or modes: a type change crossfades to another prepared unit.
        Param[] switching = t.registry.all().stream()
                .filter(p -> p.path().matches("fx/\\d+/(type|delay/mode|delay/sync)"))
                .toArray(Param[]::new);
        AtomicBoolean run = new AtomicBoolean(true);
        Thread control = new Thread(() -> {
            SplittableRandom r = new SplittableRandom(7);
            while (run.get()) {
                Param p = moving[r.nextInt(moving.length)];
                t.engine.setParam(p.slot(), p.min() + r.nextDouble() * (p.max() - p.min()));
                if (switching.length > 0 && r.nextInt(30) == 0) {
                    Param s = switching[r.nextInt(switching.length)];
                    t.engine.setParam(s.slot(), r.nextInt(s.def().enumValues().size()));
                }
                if (r.nextInt(50) == 0) t.engine.command(EngineCommand.RESET_PEAK_HOLDS);
                if (r.nextInt(200) == 0) t.engine.command(EngineCommand.RESET_LOUDNESS);
                if (r.nextInt(100) == 0) t.engine.command(EngineCommand.RESET_CLIPS);
                // one strip's clip or over latch (a tap on a tablet's clip light)
                if (r.nextInt(20) == 0) t.engine.meters().requestClipReset(r.nextInt(t.engine.meters().clipTargets()));
                Thread.onSpinWait();
            }
        }, "control");

        SplittableRandom noise = new SplittableRandom(1);
        for (float[] b : t.in) for (int i = 0; i < b.length; i++) b[i] = (float) (noise.nextDouble() - 0.5) * 0.8f;
        control.start();
        RealtimeLiterals.prepare(); // as the backends do before their thread starts (see there)
        RealtimeLiterals.pinClass(EngineAllocationTest.class); // this test's own loop runs on the measured thread too
        // Process on a thread of its own, as a backend does: its counter holds only engine work.
        long[] result = new long[3];
        Thread audio = new Thread(() -> {
            for (int c = 0; c < 20_000; c++) t.engine.process(t.in, t.out, t.period); // warm-up and JIT (C2 settles every path)
            mx.getCurrentThreadAllocatedBytes(); // the first reading may allocate on some JDKs
            for (int c = 0; c < 10_000; c++) {
                long before = mx.getCurrentThreadAllocatedBytes();
                t.engine.process(t.in, t.out, t.period);
                long bytes = mx.getCurrentThreadAllocatedBytes() - before;
                if (bytes != 0) {
                    result[0]++;
                    result[1] += bytes;
                }
            }
            result[2] = 1;
        }, "audio");
        try {
            audio.start();
            audio.join();
        } finally {
            run.set(false);
            control.join();
        }
        assertEquals(1L, result[2], "the processing thread did not finish");
        // Every cycle must allocate 0 bytes (parameters moving, C2 still recompiling now and then).
        assertEquals(0, result[1], result[0] + " of 10 000 cycles allocated, " + result[1] + " bytes in all");
        for (float[] o : t.out) for (float v : o) assertTrue(Float.isFinite(v));
    }
}
