package org.jackdesk.engine.jack;

/**
 * One connection the backend makes (and re-makes after a reconnect) between one of its own ports
 * and a peer port. {@code ourPort} is our short port name ({@code ch1}, {@code main_L});
 * {@code peerPort} is a full JACK name ({@code system:capture_1}). {@code input} true means
 * peer → our input port; false means our output port → peer.
 *
 * <p>The configuration's rules ({@code jack.autoConnect}, written against the console's layout)
 * are parsed by {@code org.jackdesk.config.AutoConnect}, the one parser users meet; the start
 * command turns its connections into these.
 *
 * <p>Thread: immutable, any.
 */
public record ConnectRule(String ourPort, String peerPort, boolean input) {
    public ConnectRule {
        if (ourPort == null || ourPort.isBlank() || ourPort.indexOf(':') >= 0) {
            throw new IllegalArgumentException("our port must be a short name without ':' (like ch1), got '" + ourPort + "'");
        }
        if (peerPort == null || peerPort.indexOf(':') <= 0 || peerPort.endsWith(":")) {
            throw new IllegalArgumentException("peer port must be a full JACK name client:port (like system:capture_1), got '"
                    + peerPort + "'");
        }
    }

    @Override
    public String toString() {
        return input ? ourPort + " <- " + peerPort : ourPort + " -> " + peerPort;
    }
}
