package org.jackdesk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.jack.JackBackend;
import org.jackdesk.engine.jack.PrivateJackServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The live rig the JACK benchmarks share, on a real private dummy {@code jackd}: a console as a
 * client at the asked format (and the line saying when a server runs otherwise), the idle
 * baseline, a {@code jack_metro} tone as a peer, and the refusal of a busy machine.
 */
@Timeout(120)
class LiveRigTest {
    @Test
    void aConsoleJoinsThePrivateServerBesideAnIdleBaselineAndATone() throws Exception {
        Assumptions.assumeTrue(PrivateJackServer.jackdAvailable(), "SKIPPED: jackd not installed (apt-get install -y jackd2)");
        LiveRig started = LiveRig.start(LiveRig.serverOptions("jdrigtest", 48000, 256), "rig test");
        assertNotNull(started, "the private jackd came up");
        try (LiveRig rig = started; Engine engine = RealtimeRig.console(2, 0, 1, 48000, true)) {
            String name = rig.server().name();
            assertTrue(rig.describe(true).startsWith("private jackd '" + name + "' (dummy backend, "), rig.describe(true));
            assertTrue(rig.describe(true).endsWith(PrivateJackServer.isRoot() ? "real-time scheduling)" : "expect xruns)"), rig.describe(true));
            assertTrue(rig.describe(false).endsWith(PrivateJackServer.isRoot() ? ", -R -P 70)" : ", no real-time scheduling)"), rig.describe(false));

            BenchRealtimeResult.Phase idle = rig.idleBaseline("jdrigidle", 1);
            assertTrue(idle.xruns() >= 0 && idle.dspLoadMax() >= idle.dspLoadMean() && idle.dspLoadMean() >= 0, idle.toString());

            try (JackBackend jack = rig.client(engine, "jdrigconsole")) {
                assertNull(LiveRig.formatMismatch(jack, 48000, 256), "the client runs as the server was asked to");
                assertEquals("server runs at 48000 Hz, 256 frames, not as asked", LiveRig.formatMismatch(jack, 44100, 256));
                jack.start(RealtimeRig.noiseFed(engine, 256));
                assertTrue(rig.server().runTool("jack_lsp").contains("jdrigconsole:main_L"), "the console's ports are on the server");
                double[] load = LiveRig.sampleLoad(jack, 1);
                assertTrue(load[1] >= load[0] && load[0] >= 0, load[0] + " / " + load[1]);
                assertTrue(jack.cycleCount() > 0, "the console ran on the server");
            }

            Assumptions.assumeTrue(LiveRig.onPath("jack_metro") != null && LiveRig.onPath("setsid") != null,
                    "SKIPPED (the tone): jack_metro or setsid not installed (apt-get install -y jack-tools util-linux)");
            Process tone = rig.startTone("jdrigtone", "jack_metro", "");
            assertNotNull(tone, "the tone came up");
            assertTrue(rig.server().runTool("jack_lsp").contains(LiveRig.tonePort("jdrigtone")), "its port is on the server");
            assertTrue(LiveRig.stop(tone, "jack_metro"), "the tone ended on SIGTERM");
            assertFalse(tone.isAlive());
            assertFalse(LiveRig.stop(tone, "jack_metro"), "a process that has ended is not stopped again");
        }
    }

    @Test
    void aBusyMachineIsRefusedWithExitCode3AndTheReason() {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Integer code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = LiveRig.refusal("bench test", -1.0); // any load average is above -1
        } finally {
            System.setErr(old);
        }
        Assumptions.assumeTrue(ProcessCpu.loadAverage() >= 0, "SKIPPED: no load average on this machine");
        assertEquals(3, code);
        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.startsWith("jackdesk bench test: refusing to start: the load average is "), said);
        assertTrue(said.contains("above --max-load -1.00"), said);
        assertNull(LiveRig.loadRefusal(1e9), "a limit above any load refuses nothing");
    }
}
