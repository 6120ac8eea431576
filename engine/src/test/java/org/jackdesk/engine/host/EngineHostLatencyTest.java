package org.jackdesk.engine.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.jack.ConnectRule;
import org.jackdesk.engine.jack.JackTestServer;
import org.jackdesk.engine.jack.PrivateJackServer;
import org.junit.jupiter.api.Test;

/**
 * Switching a limiter on adds its lookahead to the latency JACK reports for that limiter's outputs
 * only: main's limiter to main (and the monitor), a bus limiter to its bus; direct outputs never.
 */
class EngineHostLatencyTest {
    private static int captureMin(PrivateJackServer server, String port) throws Exception {
        Matcher m = Pattern.compile("port capture latency = \\[ *(\\d+) +(\\d+) *\\]")
                .matcher(server.runTool("jack_lsp", "-l", port));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    @Test
    void eachLimiterLookaheadIsReportedOnItsOwnOutputs() throws Exception {
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults())) {
            Layout layout = new Layout(List.of(new Layout.Channel("Ch 1", false, Layout.DirectOut.PRE)),
                    List.of(new Layout.Bus("Bus 1", false)));
            ConsoleState state = new ConsoleState(ParamRegistry.forLayout(layout));
            EngineHost.Options o = new EngineHost.Options("jdlat", server.name(), false, false, false, 48000, 64,
                    List.of(new ConnectRule("ch1", "system:capture_1", true)));
            try (EngineHost host = EngineHost.start(state, o, line -> { })) {
                int in = captureMin(server, "system:capture_1");
                int before = captureMin(server, "jdlat:main_L");
                assertTrue(in >= 0 && before == in, "no limiter: main_L as late as its input (" + in + ", " + before + ")");
                state.set("main/limiter/on", true, "test");
                int lookahead = host.engine().latencyFrames();
                assertTrue(lookahead > 0, "the limiter declares its lookahead");
                awaitLatency(server, "jdlat:main_L", in + lookahead, "main_L, main limiter on");
                awaitLatency(server, "jdlat:mon_R", in + lookahead, "mon_R follows main");
                assertEquals(in, captureMin(server, "jdlat:ch1_direct"), "the direct output has no limiter");
                assertEquals(in, captureMin(server, "jdlat:bus1"), "bus 1's limiter is off");
                state.set("bus/1/limiter/on", true, "test");
                awaitLatency(server, "jdlat:bus1", in + lookahead, "bus1, its limiter on");
                assertEquals(in, captureMin(server, "jdlat:ch1_direct"), "the direct output has no limiter");
            }
        }
    }

    private static void awaitLatency(PrivateJackServer server, String port, int frames, String what) throws InterruptedException {
        assertTrue(JackTestServer.await(() -> {
            try {
                return captureMin(server, port) == frames;
            } catch (Exception e) {
                return false;
            }
        }, 5000), what + ": capture latency did not become " + frames + " frames");
    }
}
