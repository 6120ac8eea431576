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

    @Option(names = "--osc-port", defaultValue = "" + ServerOptions.DEFAULT_OSC_PORT,
            description = "OSC UDP port; -1 turns OSC off (default ${DEFAULT-VALUE}).")
    int oscPort;

    @Option(names = "--max-clients", defaultValue = "" + ServerOptions.DEFAULT_MAX_CONNECTIONS,
            description = "WebSocket clients at once (default ${DEFAULT-VALUE}).")
    int maxClients;

    @Option(names = "--max-rate", defaultValue = "" + ServerOptions.DEFAULT_MAX_MESSAGES_PER_SECOND,
            description = "Messages per second a client may send (default ${DEFAULT-VALUE}).")
    int maxRate;

    /** The options; throws IllegalArgumentException with a precise message for a bad value. */
    public ServerOptions toOptions() {
        return ServerOptions.defaults().withHost(host).withPorts(httpPort, oscPort)
                .withMaxConnections(maxClients).withMaxMessagesPerSecond(maxRate);
    }
}
