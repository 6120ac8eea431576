package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jackdesk.control.cli.ServerOptionsMixin;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ServerOptionsTest {
    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Mixin
        ServerOptionsMixin server;

        @Override
        public void run() {}
    }

    @Test
    void commandLineOptionsBecomeServerOptions() {
        Probe p = new Probe();
        new CommandLine(p).parseArgs("--host", "127.0.0.1", "--port", "8181", "--osc-port", "-1", "--max-clients", "5");
        ServerOptions o = p.server.toOptions();
        assertEquals("127.0.0.1", o.host());
        assertEquals(8181, o.httpPort());
        assertEquals(ServerOptions.NO_OSC, o.oscPort());
        assertEquals(5, o.maxConnections());
        assertEquals(ServerOptions.DEFAULT_MAX_FRAME_BYTES, o.maxFrameBytes());
        assertEquals(ServerOptions.DEFAULT_KEEPALIVE_MS, o.keepaliveMs());
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        Probe p = new Probe();
        new CommandLine(p).parseArgs();
        ServerOptions o = p.server.toOptions();
        assertEquals(ServerOptions.defaults(), o);
        assertEquals("0.0.0.0", o.host());
        assertEquals(8080, o.httpPort());
        assertEquals(9000, o.oscPort());
        assertEquals(10023, o.x32Port(), "where X32 apps look for the console");
    }

    @Test
    void theX32PortMovesAlongWithThePortAndTurnsOff() {
        Probe p = new Probe();
        new CommandLine(p).parseArgs("--port", "8081");
        assertEquals(10024, p.server.toOptions().x32Port(), "a second console does not take the first one's X32 port");
        p = new Probe();
        new CommandLine(p).parseArgs("--port", "0");
        assertEquals(0, p.server.toOptions().x32Port(), "an ephemeral console gets an ephemeral X32 port");
        p = new Probe();
        new CommandLine(p).parseArgs("--port", "8081", "--x32-port", "-1");
        assertEquals(ServerOptions.NO_OSC, p.server.toOptions().x32Port());
        assertEquals(ServerOptions.NO_OSC, ServerOptions.loopbackEphemeral().x32Port(), "tests turn it on when they need it");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerOptions.defaults().withX32Port(-2));
        assertTrue(e.getMessage().contains("X32 port must be 0–65535 (or -1 for off)"), e.getMessage());
    }

    @Test
    void aSecondConsolesPortMovesItsOscPortAlong() {
        // ./jackdesk start --client-name monitors --port 8081 --show monitors.json next to a FOH console on 8080/9000.
        Probe p = new Probe();
        new CommandLine(p).parseArgs("--port", "8081");
        assertEquals(8081, p.server.toOptions().httpPort());
        assertEquals(9001, p.server.toOptions().oscPort());
        p = new Probe();
        new CommandLine(p).parseArgs("--port", "8081", "--osc-port", "9100");
        assertEquals(9100, p.server.toOptions().oscPort(), "an explicit --osc-port wins");
        p = new Probe();
        new CommandLine(p).parseArgs("--port", "0");
        assertEquals(9000, p.server.toOptions().oscPort());
        p = new Probe();
        new CommandLine(p).parseArgs("--port", "65000");
        assertEquals(9000, p.server.toOptions().oscPort(), "no OSC port above 65535");
    }

    @Test
    void badValuesAreRefusedWithTheRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerOptions.defaults().withPorts(70000, 9000));
        assertTrue(e.getMessage().contains("HTTP port must be 0–65535"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ServerOptions.defaults().withMaxConnections(0));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
    }
}
