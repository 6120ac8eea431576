package org.jackdesk.engine.host;

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

/** Switching the main limiter on adds its lookahead to the latency JACK reports for main_L. */
class EngineHostLatencyTest {
    private static int captureMin(PrivateJackServer server, String port) throws Exception {
        Matcher m = Pattern.compile("port capture latency = \\[ *(\\d+) +(\\d+) *\\]")
                .matcher(server.runTool("jack_lsp", "-l", port));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    @Test
    void mainLimiterLookaheadIsReportedToJack() throws Exception {
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults())) {
            ConsoleState state = new ConsoleState(ParamRegistry.forLayout(Layout.of(1, 0, 0, 0)));
            EngineHost.Options o = new EngineHost.Options("jdlat", server.name(), false, false, false, 48000, 64,
                    List.of(new ConnectRule("ch1", "system:capture_1", true)));
            try (EngineHost host = EngineHost.start(state, o, line -> { })) {
                int in = captureMin(server, "system:capture_1");
                int before = captureMin(server, "jdlat:main_L");
                assertTrue(in >= 0 && before == in, "no limiter: main_L as late as its input (" + in + ", " + before + ")");
                state.set("main/limiter/on", true, "test");
                int lookahead = host.engine().latencyFrames();
                assertTrue(lookahead > 0, "the limiter declares its lookahead");
                assertTrue(JackTestServer.await(() -> {
                    try {
                        return captureMin(server, "jdlat:main_L") == in + lookahead;
                    } catch (Exception e) {
                        return false;
                    }
                }, 5000), "main_L's capture latency did not grow by the limiter's " + lookahead + " frames");
            }
        }
    }
}
