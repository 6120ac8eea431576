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

    @Option(names = "--x32-port",
            description = "UDP port of the X32-compatible endpoint for X32 apps (docs/x32.md); -1 turns it off (default "
                    + ServerOptions.DEFAULT_X32_PORT + ", or --port + " + (ServerOptions.DEFAULT_X32_PORT - ServerOptions.DEFAULT_HTTP_PORT)
                    + " when --port is given: --port 8081 answers X32 apps on 10024, --port 0 on a free port).")
    Integer x32Port;

    @Option(names = "--max-clients", defaultValue = "" + ServerOptions.DEFAULT_MAX_CONNECTIONS,
            description = "WebSocket clients at once (default ${DEFAULT-VALUE}).")
    int maxClients;

    @Option(names = "--max-rate", defaultValue = "" + ServerOptions.DEFAULT_MAX_MESSAGES_PER_SECOND,
            description = "Messages per second a client may send (default ${DEFAULT-VALUE}).")
    int maxRate;

    /** The options; throws IllegalArgumentException with a precise message for a bad value. */
    public ServerOptions toOptions() {
        return ServerOptions.defaults().withHost(host).withPorts(httpPort, oscPort != null ? oscPort : oscPortFor(httpPort))
                .withMaxConnections(maxClients).withMaxMessagesPerSecond(maxRate)
                .withX32Port(x32Port != null ? x32Port : x32PortFor(httpPort));
    }

    /**
     * The X32 port that goes with an HTTP port when only {@code --port} is given: as
     * {@link #oscPortFor}, 8080 → 10023, 8081 → 10024; an ephemeral HTTP port (0) gets an
     * ephemeral X32 port (two consoles started with {@code --port 0} never collide); too high
     * keeps the default.
     */
    public static int x32PortFor(int httpPort) {
        if (httpPort == 0) return 0;
        int x32 = httpPort + (ServerOptions.DEFAULT_X32_PORT - ServerOptions.DEFAULT_HTTP_PORT);
        return x32 > 65535 ? ServerOptions.DEFAULT_X32_PORT : x32;
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
