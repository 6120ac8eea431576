package org.jackdesk.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.control.ServerOptions;
import org.junit.jupiter.api.Test;

/**
 * {@code server.oscPort: 0} in a configuration turns OSC off, as docs/configuration.md says;
 * {@code start} used to pass the 0 on, which the server reads as "any free port".
 */
class ConfiguredOscPortTest {
    @Test
    void zeroTurnsOscOffAndAPortIsKept() {
        assertEquals(ServerOptions.NO_OSC, StartCommand.configuredOscPort(new ConsoleConfig.ServerConfig(8080, 0, "0.0.0.0")));
        assertEquals(9000, StartCommand.configuredOscPort(new ConsoleConfig.ServerConfig(8080, 9000, "0.0.0.0")));
    }
}
