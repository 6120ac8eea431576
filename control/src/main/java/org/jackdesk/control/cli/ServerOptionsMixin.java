package org.jackdesk.control.cli;

import org.jackdesk.control.ServerOptions;
import picocli.CommandLine.Option;

/**
 * The control server's command-line options, for {@code start} and anything else that runs a
 * server: {@code @Mixin ServerOptionsMixin server;} then {@code server.toOptions()}.
 */
public final class ServerOptionsMixin {
    @Option(names = "--host", defaultValue = ServerOptions.DEFAULT_HOST,
            description = "Address to listen on for HTTP, WebSocket and OSC (default ${DEFAULT-VALUE}: every interface).")
    String host;

    @Option(names = "--port", defaultValue = "" + ServerOptions.DEFAULT_HTTP_PORT,
            description = "HTTP/WebSocket port of the web UI (default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--osc-port",
            description = "OSC UDP port; -1 turns OSC off (default " + ServerOptions.DEFAULT_OSC_PORT
                    + ", or --port + " + (ServerOptions.DEFAULT_OSC_PORT - ServerOptions.DEFAULT_HTTP_PORT)
                    + " when --port is given: --port 8081 listens for OSC on 9001).")
    Integer oscPort;

    @Option(names = "--max-clients", defaultValue = "" + ServerOptions.DEFAULT_MAX_CONNECTIONS,
            description = "WebSocket clients at once (default ${DEFAULT-VALUE}).")
    int maxClients;

    @Option(names = "--max-rate", defaultValue = "" + ServerOptions.DEFAULT_MAX_MESSAGES_PER_SECOND,
            description = "Messages per second a client may send (default ${DEFAULT-VALUE}).")
    int maxRate;

    /** The options; throws IllegalArgumentException with a precise message for a bad value. */
    public ServerOptions toOptions() {
        return ServerOptions.defaults().withHost(host).withPorts(httpPort, oscPort != null ? oscPort : oscPortFor(httpPort))
                .withMaxConnections(maxClients).withMaxMessagesPerSecond(maxRate);
    }

    /**
     * The OSC port that goes with an HTTP port when only {@code --port} is given: the same offset
     * as the defaults (8080 → 9000, 8081 → 9001), so a second console on the same machine
     * ({@code --port 8081}, e.g. the monitor console of docs/stagebox.md) does not collide with the
     * first one's OSC port. An ephemeral (0) or too high HTTP port keeps the default.
     */
    public static int oscPortFor(int httpPort) {
        int osc = httpPort + (ServerOptions.DEFAULT_OSC_PORT - ServerOptions.DEFAULT_HTTP_PORT);
        return httpPort == 0 || osc > 65535 ? ServerOptions.DEFAULT_OSC_PORT : osc;
    }
}
