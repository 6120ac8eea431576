package org.jackdesk.control.ws;

import io.netty.channel.Channel;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.impl.WebSocketImplBase;
import java.lang.reflect.Field;

/**
 * Makes sure a WebSocket the server closed is also gone at the TCP level, soon. Vert.x starts its
 * closing-handshake timeout ({@code HttpServerOptions#setWebSocketClosingTimeout}) only once the
 * close frame has been written to the socket; a client that stopped reading has a full receive
 * window, so its close frame never goes out and the connection (its kernel buffers, the queue
 * behind the frame, a file descriptor) stays until the peer's side dies — while its slot in the
 * connection limits is already free. A client that opened connections and stopped reading could
 * pile them up. So after the handshake's time the channel is reset (SO_LINGER 0) if it is still
 * open; Netty's WebSocket handlers are bypassed (they hold a close back until their close frame is
 * written). {@code ClientFaultTest} reads the end of such a connection within seconds.
 *
 * <p>Reaching the channel: the router hands out vertx-web's wrapper around the core WebSocket; its
 * {@code delegate} is read once by reflection. If a Vert.x upgrade changes that, nothing breaks:
 * the hang-up is skipped (and {@code ClientFaultTest} fails, which says so).
 *
 * <p>Thread: control (the server's event loop).
 */
final class HangUp {
    private HangUp() {}

    private static final Field DELEGATE = delegateField();

    private static Field delegateField() {
        try {
            Field f = Class.forName("io.vertx.ext.web.impl.ServerWebSocketWrapper").getDeclaredField("delegate");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Closes the TCP connection of {@code ws} after {@code afterMs} if the closing handshake has not. */
    static void after(Vertx vertx, ServerWebSocket ws, long afterMs) {
        Channel ch = channel(ws);
        if (ch == null) return;
        vertx.setTimer(afterMs, t -> {
            if (!ch.isActive()) return;
            // From the first handler's context: the WebSocket handlers after it would hold the close
            // back until their close frame is written, which is what never happens here.
            // SO_LINGER 0: a reset, not a FIN behind the queued bytes — the kernel would trickle those to
            // a zero window for minutes (TCP persist probes), keeping its buffers.
            ch.config().setOption(io.netty.channel.ChannelOption.SO_LINGER, 0);
            io.netty.channel.ChannelHandlerContext first = ch.pipeline().firstContext();
            if (first != null) first.close();
            else ch.close();
        });
    }

    private static Channel channel(ServerWebSocket ws) {
        Object w = ws;
        try {
            if (DELEGATE != null && DELEGATE.getDeclaringClass().isInstance(w)) w = DELEGATE.get(w);
        } catch (IllegalAccessException e) {
            return null;
        }
        return w instanceof WebSocketImplBase<?> b && b.channelHandlerContext() != null ? b.channelHandlerContext().channel() : null;
    }
}
