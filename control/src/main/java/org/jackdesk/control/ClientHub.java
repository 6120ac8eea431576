package org.jackdesk.control;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Param;

/**
 * Every connected client of one server, and the console-state listener that tells them about
 * changes. Changes made on the server's event loop are delivered at once; changes made on another
 * thread (a scene recalled by a worker, the command line) are handed to the event loop in the order
 * they were applied.
 *
 * <p>Thread: {@link #changed} any; everything else control (the server's event loop).
 */
public final class ClientHub implements ConsoleState.Listener {
    private final Context context;
    private final Thread loopThread;
    private final ServerMetrics metrics;
    private final List<ChangeSink> sinks = new ArrayList<>();
    private int webSockets;

    /** Must be constructed on the event loop of {@code context}. */
    public ClientHub(Context context, ServerMetrics metrics) {
        this.context = context;
        this.loopThread = Thread.currentThread();
        this.metrics = metrics;
    }

    @Override
    public void changed(Param param, double value, Object origin) {
        if (Thread.currentThread() == loopThread) {
            deliver(param, value, origin);
        } else {
            context.runOnContext(v -> deliver(param, value, origin));
        }
    }

    // The text of the last `changed` per parameter: one change goes to many clients, encode it once.
    private String[] changedText = new String[0];
    private double[] changedValue = new double[0];
    private Object[] changedOrigin = new Object[0];

    /**
     * {@code {"op":"changed","path":…,"value":…,"by":…}} for this change, encoded once for all
     * the clients it goes to. Thread: control.
     */
    public String changedText(Param p, double value, Object origin) {
        int s = p.slot();
        if (s >= changedText.length) {
            int n = Math.max(s + 1, changedText.length * 2);
            changedText = java.util.Arrays.copyOf(changedText, n);
            changedValue = java.util.Arrays.copyOf(changedValue, n);
            changedOrigin = java.util.Arrays.copyOf(changedOrigin, n);
        }
        String t = changedText[s];
        if (t != null && Double.doubleToRawLongBits(changedValue[s]) == Double.doubleToRawLongBits(value)
                && java.util.Objects.equals(changedOrigin[s], origin)) {
            return t;
        }
        t = new io.vertx.core.json.JsonObject().put("op", "changed").put("path", p.path()).put("value", p.toExternal(value))
                .put("by", String.valueOf(origin)).encode();
        changedText[s] = t;
        changedValue[s] = value;
        changedOrigin[s] = origin;
        return t;
    }

    private void deliver(Param param, double value, Object origin) {
        for (int i = 0; i < sinks.size(); i++) sinks.get(i).changed(param, value, origin);
    }

    public void add(ChangeSink sink, boolean webSocket) {
        sinks.add(sink);
        if (webSocket) metrics.wsClients(++webSockets);
    }

    public void remove(ChangeSink sink, boolean webSocket) {
        if (sinks.remove(sink) && webSocket) metrics.wsClients(--webSockets);
    }

    /** WebSocket clients connected now. */
    public int webSocketCount() {
        return webSockets;
    }

    /**
     * Sends {@code m} to every client. Thread: any; from another thread it is handed to the event
     * loop (after the changes already handed over).
     */
    public void broadcast(io.vertx.core.json.JsonObject m) {
        if (Thread.currentThread() == loopThread) {
            deliverMessage(m);
        } else {
            context.runOnContext(v -> deliverMessage(m));
        }
    }

    private void deliverMessage(io.vertx.core.json.JsonObject m) {
        for (int i = 0; i < sinks.size(); i++) sinks.get(i).message(m);
    }

    /** Tells every sink but {@code from} that {@code by} touched a control. */
    public void touched(ChangeSink from, String path, boolean on, String by) {
        for (int i = 0; i < sinks.size(); i++) {
            ChangeSink s = sinks.get(i);
            if (s != from) s.touched(path, on, by);
        }
    }
}
