package org.jackdesk.engine.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jackdesk.engine.AudioProcessor;
import org.jackdesk.engine.dsp.Biquad;
import org.jackdesk.engine.dsp.Rbj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** JackBackend against a real private jackd with the dummy driver. */
@Timeout(60)
class JackBackendTest {
    /** Exactly representable values in [-0.98, 0.98], distinct per channel, period 2001 frames. */
    static final JackTestClient.Signal PATTERN = (ch, frame) -> (((frame * 31 + ch * 577) % 2001) - 1000) / 1024f;

    /** Multiplies input i into output i (gain 0.5 is exact in float, so the path is sample-exact). */
    static final class Gain implements AudioProcessor {
        final float gain;

        Gain(float gain) {
            this.gain = gain;
        }

        @Override
        public void process(float[][] in, float[][] out, int nframes) {
            for (int c = 0; c < out.length; c++) {
                float[] src = in[c % in.length];
                float[] dst = out[c];
                for (int i = 0; i < nframes; i++) dst[i] = src[i] * gain;
            }
        }
    }

    /**
     * Records until one recording spans no xrun (an xrun on this shared machine can drop a
     * period anywhere in the graph, which says nothing about the backend's signal path); gives up
     * after five tries and returns anyway, so a machine that is always late still fails loudly.
     */
    static void recordWithoutXrun(JackTestClient probe, AudioBackend backend) throws InterruptedException {
        for (int attempt = 0; attempt < 5; attempt++) {
            long x0 = backend.xrunCount();
            probe.record(10_000);
            Thread.sleep(20); // xrun notifications arrive on another thread
            if (backend.xrunCount() == x0) return;
        }
    }

    private static String[] names(String prefix, int n) {
        String[] s = new String[n];
        for (int i = 0; i < n; i++) s[i] = prefix + (i + 1);
        return s;
    }

    @Test
    void theAudioPathIsFfmOnJava22AndJnaBefore() {
        // The launcher runs the console on the newest JDK: there the callback must be the FFM upcall.
        boolean ffmExpected = Runtime.version().feature() >= 22 && !"false".equals(System.getProperty("jackdesk.jack.ffm"));
        if (Boolean.getBoolean("jackdesk.test.expectFfm")) assertTrue(ffmExpected, "the newest-JDK run is on Java 22+");
        assertEquals(ffmExpected, JackBackend.audioPath().equals("FFM"), JackBackend.audioPath());
    }

    @Test
    void gainProcessorOutputMatchesPlayedSignalSampleExactly() throws Exception {
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             JackBackend backend = JackBackend.open(JackBackend.Config.of(List.of("ch1", "ch2"), List.of("main_L", "main_R"))
                     .withServerName(server.name()), null, null);
             JackTestClient probe = JackTestClient.open(server.name(), "probe", 2, 2, PATTERN, 8192)) {
            backend.start(new Gain(0.5f));
            String us = backend.clientName();
            probe.connect(probe.name() + ":out_1", us + ":ch1");
            probe.connect(probe.name() + ":out_2", us + ":ch2");
            probe.connect(us + ":main_L", probe.name() + ":in_1");
            probe.connect(us + ":main_R", probe.name() + ":in_2");
            Thread.sleep(100);
            recordWithoutXrun(probe, backend);
            int d1 = probe.findDelay(0, 0, 0.5f, 0, 4 * 64);
            int d2 = probe.findDelay(1, 1, 0.5f, 0, 4 * 64);
            assertTrue(d1 >= 0, "main_L is not 0.5 × the signal on ch1 at any delay up to 4 periods");
            assertEquals(d1, d2, "both channels must have the same delay");
            assertEquals(0, d1 % 64, "delay must be whole periods");
            assertEquals(0, backend.processorFailures());
        }
    }

    /** 64 inputs, 18 outputs, a low-shelf and a peaking biquad per input, summed into the outputs. */
    static final class BiquadMix implements AudioProcessor {
        final Biquad[] shelf = new Biquad[64];
        final Biquad[] peak = new Biquad[64];
        final float[] scratch = new float[8192];
        long phase;
        int seed = 1;

        BiquadMix(float sampleRate) {
            for (int i = 0; i < 64; i++) {
                shelf[i] = new Biquad();
                peak[i] = new Biquad();
                double[] c = new double[5];
                Rbj.lowShelf(sampleRate, 120 + i, 3, 0.7, c);
                shelf[i].setCoefficients(c);
                Rbj.peaking(sampleRate, 1000 + 40 * i, -4, 1.0, c);
                peak[i].setCoefficients(c);
            }
        }

        @Override
        public void process(float[][] in, float[][] out, int nframes) {
            for (float[] o : out) java.util.Arrays.fill(o, 0, nframes, 0f);
            for (int c = 0; c < in.length; c++) {
                float[] x = in[c];
                int r = seed;
                for (int i = 0; i < nframes; i++) {
                    r = r * 1664525 + 1013904223; // LCG noise: real signal through the filters, cheap to make
                    scratch[i] = x[i] + r * 2.3e-11f;
                }
                seed = r;
                shelf[c].process(scratch, 0, nframes);
                peak[c].process(scratch, 0, nframes);
                float[] o = out[c % out.length];
                for (int i = 0; i < nframes; i++) o[i] += scratch[i] * 0.125f;
            }
            phase += nframes;
        }
    }

    @Test
    void processCallbackAllocatesNothing() throws Exception {
        List<String> ins = List.of(names("ch", 64));
        List<String> outs = new ArrayList<>(List.of(names("bus", 16)));
        outs.add("main_L");
        outs.add("main_R");
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults()
                .withChannels(8, 2).withSampleRate(384_000));
             JackBackend backend = JackBackend.open(JackBackend.Config.of(ins, outs).withServerName(server.name())
                     .withConnections(ConnectSpec.parse("ch1..8 <- system:capture_1..8; main_L,main_R -> system:playback_1..2")),
                     null, null)) {
            backend.start(new BiquadMix(backend.sampleRate()));
            assertTrue(JackTestServer.await(() -> backend.cycleCount() > 5000, 20_000), "no warm-up cycles");
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long tid = backend.audioThreadId();
            long before = mx.getThreadAllocatedBytes(tid);
            long c0 = backend.cycleCount();
            assertTrue(before >= 0, "allocation of the JACK thread is not measurable (id " + tid + ")");
            assertTrue(JackTestServer.await(() -> backend.cycleCount() >= c0 + 10_000, 30_000), "cycles stalled");
            long after = mx.getThreadAllocatedBytes(tid);
            long cycles = backend.cycleCount() - c0;
            assertEquals(tid, backend.audioThreadId(), "the audio thread changed during the measurement");
            assertEquals(0, after - before, "bytes allocated by the JACK thread over " + cycles + " cycles");
            assertEquals(0, backend.processorFailures());
            CallbackTimes t = backend.callbackTimes();
            assertTrue(t.cycles() >= cycles && t.maxMicros() > 0, t.toString());
        }
    }

    @Test
    void throwingProcessorGivesSilenceAndIsCounted() throws Exception {
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             JackBackend backend = JackBackend.open(JackBackend.Config.of(List.of("ch1"), List.of("main_L"))
                     .withServerName(server.name()), null, null);
             JackTestClient probe = JackTestClient.open(server.name(), "probe", 1, 1, PATTERN, 4096)) {
            backend.start((in, out, n) -> {
                throw new IllegalStateException("boom");
            });
            String us = backend.clientName();
            probe.connect(probe.name() + ":out_1", us + ":ch1");
            probe.connect(us + ":main_L", probe.name() + ":in_1");
            Thread.sleep(50);
            recordWithoutXrun(probe, backend);
            for (float v : probe.recorded(0)) assertEquals(0f, v);
            assertTrue(backend.processorFailures() > 10, "failures counted: " + backend.processorFailures());
            assertEquals(BackendStatus.RUNNING, backend.status());
            backend.setProcessor(new Gain(0.5f));
            // Cycles, not wall time: a stalled server would otherwise still carry the old processor's silence.
            long c0 = backend.cycleCount();
            assertTrue(JackTestServer.await(() -> backend.cycleCount() >= c0 + 20, 10_000), "cycles stalled after the swap");
            long x0 = backend.xrunCount();
            recordWithoutXrun(probe, backend);
            assertTrue(probe.findDelay(0, 0, 0.5f, 0, 256) >= 0, () -> "audio did not recover after swapping the processor ("
                    + (backend.xrunCount() - x0) + " xruns while recording, failures " + backend.processorFailures() + "): "
                    + probe.describeMismatch(0, 0, 0.5f, backend.bufferSize(), 256));
        }
    }

    @Test
    void nanFromProcessorNeverReachesOutput() throws Exception {
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             JackBackend backend = JackBackend.open(JackBackend.Config.of(List.of("ch1"), List.of("main_L", "main_R"))
                     .withServerName(server.name()), null, null);
             JackTestClient probe = JackTestClient.open(server.name(), "probe", 0, 2, PATTERN, 2048)) {
            backend.start((in, out, n) -> {
                for (int i = 0; i < n; i++) {
                    out[0][i] = i == 7 ? Float.NaN : 0.25f;
                    out[1][i] = 0.25f;
                }
            });
            String us = backend.clientName();
            probe.connect(us + ":main_L", probe.name() + ":in_1");
            probe.connect(us + ":main_R", probe.name() + ":in_2");
            Thread.sleep(50);
            recordWithoutXrun(probe, backend);
            for (float v : probe.recorded(0)) assertEquals(0f, v, "channel with a NaN must be silenced");
            for (float v : probe.recorded(1)) assertEquals(0.25f, v, "healthy channel must pass");
            assertTrue(backend.nonFiniteOutputs() > 0);
        }
    }

    @Test
    void autoConnectMakesRulesAndWarnsAboutMissingPeers() throws Exception {
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults().withChannels(4, 2));
             JackBackend backend = JackBackend.open(JackBackend.Config.of(List.of(names("ch", 6)), List.of("main_L", "main_R"))
                     .withServerName(server.name())
                     .withConnections(ConnectSpec.parse("ch1..6 <- system:capture_1..6\nmain_L,main_R -> system:playback_1..2")),
                     null, null)) {
            assertTrue(JackBackend.isServerRunning(server.name()));
            ConnectionReport r = backend.start(new Gain(1f));
            assertEquals(8, r.requested());
            assertEquals(6, r.made());
            assertEquals(2, r.warnings().size(), r.warnings().toString());
            assertTrue(r.warnings().get(0).contains("system:capture_5"), r.warnings().get(0));
            String lsp = server.runTool("jack_lsp", "-c");
            String us = backend.clientName();
            assertTrue(lsp.contains(us + ":ch4\n   system:capture_4"), lsp);
            assertTrue(lsp.contains(us + ":main_R\n   system:playback_2"), lsp);
            assertEquals(BackendStatus.RUNNING, backend.status());
        }
    }

    @Test
    void reconnectsAfterServerIsKilledAndRestarted() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             JackBackend backend = JackBackend.open(JackBackend.Config.of(List.of("ch1", "ch2"), List.of("main_L", "main_R"))
                     .withServerName(server.name())
                     .withConnections(ConnectSpec.parse("ch1..2 <- system:capture_1..2; main_L,main_R -> system:playback_1..2")),
                     null, (status, detail) -> events.add(status + ": " + detail))) {
            Gain gain = new Gain(0.5f);
            backend.start(gain);
            assertTrue(JackTestServer.await(() -> backend.cycleCount() > 100, 5000));
            server.kill();
            assertTrue(JackTestServer.await(() -> backend.status() == BackendStatus.SERVER_GONE, 5000),
                    "status after kill -9: " + backend.status() + " " + events);
            assertTrue(JackTestServer.await(() -> events.contains("SERVER_GONE: JACK server gone"), 2000), events.toString());
            long stalled = backend.cycleCount();
            server.restart();
            assertTrue(JackTestServer.await(() -> backend.status() == BackendStatus.RUNNING, 10_000),
                    "no reconnect: " + backend.status() + " " + events);
            assertTrue(JackTestServer.await(() -> backend.cycleCount() > stalled + 100, 5000), "audio does not flow after reconnect");
            assertSame(gain, backend.processor(), "the processor (and its parameters) must survive");
            String lsp = server.runTool("jack_lsp", "-c");
            String us = backend.clientName();
            assertTrue(lsp.contains(us + ":ch2\n   system:capture_2"), lsp);
            assertTrue(lsp.contains(us + ":main_L\n   system:playback_1"), lsp);
            assertTrue(JackTestServer.await(() -> events.get(events.size() - 1).startsWith("RUNNING: JACK server back; 4 of 4"), 2000),
                    events.toString());

            try (JackTestClient probe = JackTestClient.open(server.name(), "probe", 2, 2, PATTERN, 4096)) {
                probe.connect(probe.name() + ":out_2", us + ":ch2");
                probe.connect(us + ":main_R", probe.name() + ":in_2");
                Thread.sleep(50);
                recordWithoutXrun(probe, backend);
                assertTrue(probe.findDelay(1, 1, 0.5f, 0, 256) >= 0, "signal path broken after reconnect: "
                        + probe.describeMismatch(1, 1, 0.5f, 64, 256) + " xruns " + backend.xrunCount());
            }
        }
    }

    @Test
    void bufferSizeChangeCallsListenerAndKeepsAudioCorrect() throws Exception {
        List<int[]> formats = new CopyOnWriteArrayList<>();
        JackBackend[] holder = new JackBackend[1];
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             JackBackend backend = JackBackend.open(JackBackend.Config.of(List.of("ch1"), List.of("main_L"))
                     .withServerName(server.name()), (rate, size) -> {
                         formats.add(new int[] {rate, size});
                         holder[0].setProcessor(new Gain(0.5f)); // the owner re-prepares and swaps
                     }, null);
             JackTestClient probe = JackTestClient.open(server.name(), "probe", 1, 1, PATTERN, 8192)) {
            holder[0] = backend;
            assertEquals(64, backend.bufferSize());
            Gain first = new Gain(0.5f);
            backend.start(first);
            String us = backend.clientName();
            probe.connect(probe.name() + ":out_1", us + ":ch1");
            probe.connect(us + ":main_L", probe.name() + ":in_1");
            server.runTool("jack_bufsize", "256");
            assertTrue(JackTestServer.await(() -> backend.bufferSize() == 256, 5000), "buffer size not seen");
            assertEquals(1, formats.size());
            assertEquals(48000, formats.get(0)[0]);
            assertEquals(256, formats.get(0)[1]);
            assertNotEquals(first, backend.processor(), "listener's processor must be in place");
            Thread.sleep(100);
            recordWithoutXrun(probe, backend);
            int d = probe.findDelay(0, 0, 0.5f, 0, 4 * 256);
            assertTrue(d >= 0, "signal wrong after the buffer-size change");
            assertEquals(0, d % 256);
            assertEquals(0, backend.processorFailures());
        }
    }

    @Test
    void reconnectToServerWithOtherFormatReprepares() throws Exception {
        List<String> formats = new CopyOnWriteArrayList<>();
        JackBackend[] holder = new JackBackend[1];
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             JackBackend backend = JackBackend.open(JackBackend.Config.of(List.of("ch1"), List.of("main_L"))
                     .withServerName(server.name()), (rate, size) -> {
                         formats.add(rate + "/" + size);
                         holder[0].setProcessor(new Gain(0.5f));
                     }, null)) {
            holder[0] = backend;
            Gain first = new Gain(0.5f);
            backend.start(first);
            server.kill();
            assertTrue(JackTestServer.await(() -> backend.status() == BackendStatus.SERVER_GONE, 5000));
            server.restart(server.options().withSampleRate(96000).withPeriod(128));
            assertTrue(JackTestServer.await(() -> backend.status() == BackendStatus.RUNNING, 10_000), "no reconnect");
            assertEquals(List.of("96000/128"), formats);
            assertEquals(96000, backend.sampleRate());
            assertEquals(128, backend.bufferSize());
            assertNotEquals(first, backend.processor());
            try (JackTestClient probe = JackTestClient.open(server.name(), "probe", 1, 1, PATTERN, 4096)) {
                String us = backend.clientName();
                probe.connect(probe.name() + ":out_1", us + ":ch1");
                probe.connect(us + ":main_L", probe.name() + ":in_1");
                Thread.sleep(50);
                recordWithoutXrun(probe, backend);
                int d = probe.findDelay(0, 0, 0.5f, 0, 4 * 128);
                assertTrue(d >= 0 && d % 128 == 0, "signal wrong after reconnecting at 96 kHz / 128: delay " + d + " "
                        + probe.describeMismatch(0, 0, 0.5f, 128, 512) + " xruns " + backend.xrunCount());
            }
        }
    }

    @Test
    void waitForJoinsANamedServerWhenItStartsAndCarriesTheSignal() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        List<String> formats = new CopyOnWriteArrayList<>();
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults().withPeriod(128))) {
            server.stop(); // the server starts only after the backend waits for it
            try (JackBackend backend = JackBackend.waitFor(JackBackend.Config.of(List.of("ch1"), List.of("main_L"))
                    .withServerName(server.name()).withConnections(ConnectSpec.parse("main_L -> system:playback_1")),
                    48000, 64, (rate, size) -> formats.add(rate + "/" + size), (status, detail) -> events.add(status + ": " + detail))) {
                assertEquals(BackendStatus.WAITING, backend.status());
                assertEquals(64, backend.bufferSize(), "the guess until the server tells");
                Gain gain = new Gain(0.5f);
                ConnectionReport waiting = backend.start(gain);
                assertEquals(0, waiting.made());
                assertTrue(waiting.warnings().get(0).contains("waiting for JACK server '" + server.name() + "'"), waiting.toString());
                Thread.sleep(1500); // retries meanwhile: still waiting, no cycle, nothing thrown
                assertEquals(BackendStatus.WAITING, backend.status());
                assertEquals(0, backend.cycleCount());

                server.restart();
                assertTrue(JackTestServer.await(() -> backend.status() == BackendStatus.RUNNING, 10_000),
                        "not joined: " + backend.status() + " " + events);
                assertEquals(List.of("48000/128"), formats, "the server's format reaches the owner before audio runs");
                assertEquals(128, backend.bufferSize());
                assertTrue(JackTestServer.await(() -> backend.cycleCount() > 100, 5000), "no audio after joining");
                assertSame(gain, backend.processor());
                assertTrue(JackTestServer.await(() -> events.stream().anyMatch(e -> e.startsWith("RUNNING: joined JACK server '"
                        + server.name() + "'") && e.endsWith("1 of 1 connections made")), 2000), events.toString());
                String us = backend.clientName();
                assertTrue(server.runTool("jack_lsp", "-c").contains(us + ":main_L\n   system:playback_1"));
                try (JackTestClient probe = JackTestClient.open(server.name(), "probe", 1, 1, PATTERN, 4096)) {
                    probe.connect(probe.name() + ":out_1", us + ":ch1");
                    probe.connect(us + ":main_L", probe.name() + ":in_1");
                    Thread.sleep(50);
                    recordWithoutXrun(probe, backend);
                    int d = probe.findDelay(0, 0, 0.5f, 0, 4 * 128);
                    assertTrue(d >= 0, "signal wrong after joining: " + probe.describeMismatch(0, 0, 0.5f, 128, 512));
                }
            }
        }
    }

    @Test
    void openWithoutServerFailsWithClearMessage() {
        String name = "jackdesk-absent-" + ProcessHandle.current().pid();
        try (JackBackend b = JackBackend.open(JackBackend.Config.of(List.of("ch1"), List.of("main_L")).withServerName(name),
                null, null)) {
            fail("opened a client on a server that does not exist: " + b.clientName());
        } catch (JackUnavailableException e) {
            assertTrue(e.getMessage().startsWith("no JACK server named '" + name + "' is running"), e.getMessage());
            assertFalse(e.getMessage().contains("Exception"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        assertFalse(JackBackend.isServerRunning(name));
    }

    @Test
    void configRejectsRuleForUnknownPort() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> JackBackend.Config.of(List.of("ch1"), List.of("main_L"))
                        .withConnections(ConnectSpec.parse("ch2 <- system:capture_2")));
        assertEquals("connect rule 'ch2 <- system:capture_2': we have no input port named 'ch2'", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> JackBackend.Config.of(List.of("ch1", "ch1"), List.of("main_L")));
        assertEquals("port name 'ch1' is used twice", e.getMessage());
    }
}
