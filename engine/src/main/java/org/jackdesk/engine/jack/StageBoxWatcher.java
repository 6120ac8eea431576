package org.jackdesk.engine.jack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Follows the JACK graph for {@link JackBackend}: notices when the ports of a stage box (a JACK
 * client named in the configuration, e.g. a netjack2 slave {@code stage1}) appear or vanish, and
 * re-applies the auto-connect rules whenever a peer port they name has appeared.
 *
 * <p>Concurrency protocol:
 * <ul>
 * <li>{@link #graphChanged()} — JACK's notification thread (port and client registration
 *     callbacks). One atomic increment: that thread is never blocked, never takes a lock, never
 *     waits for the control side (JACK delivers every other notification, xruns among them, on
 *     it).</li>
 * <li>{@link #tick()} and {@link #scanNow()} — the backend's single worker thread only, so the
 *     watcher's own state needs no lock. A tick scans once the change counter has been still for
 *     one tick: netjack2 registers a box's ports one by one, and the box is reported once, with
 *     all of them.</li>
 * <li>{@link #statuses()} — any thread (an immutable list published through a volatile field).</li>
 * </ul>
 * The audio thread is not involved at all.
 */
final class StageBoxWatcher {
    /** What the watcher asks the JACK graph; every method is called on the worker thread. */
    interface Graph {
        /**
         * The client's audio ports as {@code {outputs, inputs}} (outputs feed the console), or
         * null when there is no server to ask (gone, or not joined yet).
         */
        int[] countPorts(String client);

        /** How many distinct peer ports named by the connect rules exist now, or -1 without a server. */
        int presentPeerPorts();

        /** Makes every connection of the rules (after a peer port appeared). */
        ConnectionReport reapply();
    }

    private static final System.Logger LOG = System.getLogger(StageBoxWatcher.class.getName());

    private final Graph graph;
    private final LongSupplier clockMillis;
    private final AtomicLong changes = new AtomicLong();
    private volatile List<String> names = List.of();
    private volatile StageBoxListener listener;
    private volatile List<StageBoxStatus> published = List.of();
    // Worker thread only:
    private final Map<String, StageBoxStatus> boxes = new LinkedHashMap<>();
    private long previousTick;
    private long scanned;
    private int lastPresentPeers = -1;
    private boolean scanPending;

    StageBoxWatcher(Graph graph, LongSupplier clockMillis) {
        this.graph = graph;
        this.clockMillis = clockMillis;
    }

    /** The boxes to watch and who is told. Thread: any, before the backend starts. */
    void watch(List<String> boxNames, StageBoxListener l) {
        names = List.copyOf(boxNames);
        listener = l;
    }

    /** A port or client (un)registered. Thread: JACK's notification thread; lock-free, never blocks. */
    void graphChanged() {
        changes.incrementAndGet();
    }

    /** Asks for a full scan at the next tick (after start and after a reconnect). Thread: worker. */
    void scanNow() {
        scanPending = true;
        tick();
    }

    /** Thread: worker, every 100 ms. */
    void tick() {
        long c = changes.get();
        if (!scanPending) {
            if (c == scanned) return;
            if (c != previousTick) { // still changing: wait for a quiet tick
                previousTick = c;
                return;
            }
        }
        previousTick = c;
        if (scan()) {
            scanned = c;
            scanPending = false;
        }
    }

    /** False when there was no server to ask (nothing changed; try again at the next change). */
    private boolean scan() {
        int present = graph.presentPeerPorts();
        if (present < 0) return false;
        long now = clockMillis.getAsLong();
        List<StageBoxStatus> events = new ArrayList<>();
        for (String name : names) {
            int[] n = graph.countPorts(name);
            if (n == null) return false;
            boolean there = n[0] + n[1] > 0;
            StageBoxStatus before = boxes.get(name);
            StageBoxStatus next = null;
            if (there) {
                if (before == null || !before.connected() || before.inputs() != n[0] || before.outputs() != n[1]) {
                    long since = before != null && before.connected() ? before.sinceMillis() : now;
                    next = new StageBoxStatus(name, StageBoxStatus.State.CONNECTED, n[0], n[1], since,
                            before == null ? 0 : before.losses());
                }
            } else if (before == null) {
                next = new StageBoxStatus(name, StageBoxStatus.State.MISSING, 0, 0, now, 0);
            } else if (before.connected()) {
                next = new StageBoxStatus(name, StageBoxStatus.State.LOST, before.inputs(), before.outputs(), now,
                        before.losses() + 1);
            }
            if (next != null) {
                boxes.put(name, next);
                events.add(next);
            }
        }
        published = List.copyOf(boxes.values());
        // A peer port named by a rule appeared (a stage box came back, an interface was plugged in):
        // JACK dropped its connections when it vanished, so make them again.
        if (present > lastPresentPeers && lastPresentPeers >= 0) {
            ConnectionReport r = graph.reapply();
            LOG.log(System.Logger.Level.INFO, "connect rules re-applied after new ports appeared: {0} of {1} connections made",
                    r.made(), r.requested());
        }
        lastPresentPeers = present;
        StageBoxListener l = listener;
        for (StageBoxStatus e : events) {
            LOG.log(e.connected() ? System.Logger.Level.INFO : System.Logger.Level.WARNING, e.text());
            if (l == null) continue;
            try {
                l.onStageBox(e);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "stage box listener failed", ex);
            }
        }
        return true;
    }

    /** The watched boxes as last scanned, in configuration order. Thread: any. */
    List<StageBoxStatus> statuses() {
        return published;
    }

    /** Forgets the peer-port count, so that the first scan on a new session does not count as an arrival. Thread: worker. */
    void sessionChanged() {
        lastPresentPeers = -1;
    }
}
