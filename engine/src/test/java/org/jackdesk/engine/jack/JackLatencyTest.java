package org.jackdesk.engine.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jackdesk.engine.AudioProcessor;
import org.junit.jupiter.api.Test;

/** A processor's declared lookahead reaches JACK's port latencies, and follows changes. */
class JackLatencyTest {
    /** Passes input to output and declares a settable latency. */
    static final class Declared implements AudioProcessor {
        final int latency;

        Declared(int latency) {
            this.latency = latency;
        }

        @Override
        public void process(float[][] in, float[][] out, int n) {
            System.arraycopy(in[0], 0, out[0], 0, n);
        }

        @Override
        public int latencyFrames() {
            return latency;
        }
    }

    private static int[] captureLatency(PrivateJackServer server, String port) throws Exception {
        String lsp = server.runTool("jack_lsp", "-l", port);
        Matcher m = Pattern.compile("port capture latency = \\[ *(\\d+) +(\\d+) *\\]").matcher(lsp);
        assertTrue(m.find(), "no capture latency for " + port + " in:\n" + lsp);
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    @Test
    void declaredLookaheadIsAddedToOutputPortLatencyAndFollowsChanges() throws Exception {
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             JackBackend backend = JackBackend.open(JackBackend.Config.of(List.of("ch1"), List.of("main_L"))
                     .withServerName(server.name())
                     .withConnections(List.of(new ConnectRule("ch1", "system:capture_1", true))), null, null)) {
            backend.start(new Declared(0));
            String us = backend.clientName();
            int[] in = captureLatency(server, "system:capture_1");
            int[] plain = captureLatency(server, us + ":main_L");
            assertEquals(in[0], plain[0], "no lookahead: the output is as late as its input");
            backend.setProcessor(new Declared(95));
            assertTrue(JackTestServer.await(() -> {
                try {
                    return captureLatency(server, us + ":main_L")[0] == in[0] + 95;
                } catch (Exception e) {
                    return false;
                }
            }, 5000), "output capture latency did not become input + 95 frames");
            assertEquals(in[1] + 95, captureLatency(server, us + ":main_L")[1]);
            backend.setProcessor(new Declared(0));
            assertTrue(JackTestServer.await(() -> {
                try {
                    return captureLatency(server, us + ":main_L")[0] == in[0];
                } catch (Exception e) {
                    return false;
                }
            }, 5000), "latency did not return when the lookahead went away");
        }
    }
}
