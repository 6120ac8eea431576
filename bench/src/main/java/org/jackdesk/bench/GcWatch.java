package org.jackdesk.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Counts garbage collections while it is open, through the JDK's GC notifications (no JFR). A
 * collector whose bean reports concurrent work ("ZGC Major Cycles", "G1 Concurrent GC") counts as
 * a cycle; every other notification (G1 young/old, "ZGC Minor Pauses") is a stop-the-world pause,
 * which is what stalls the JACK thread: it is a Java thread and stops at the safepoint.
 *
 * <p>Durations come from {@code GcInfo}, which has 1 ms resolution: a sub-millisecond pause
 * shows as 0 ms. Thread: any; the listener runs on the JDK's notification thread.
 */
public final class GcWatch implements AutoCloseable {
    /** What happened between open and {@link #summary()}. */
    public record Summary(long pauses, long longestPauseMs, long cycles, long longestCycleMs) {}

    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final AtomicLong pauses = new AtomicLong();
    private final AtomicLong longestPauseMs = new AtomicLong();
    private final AtomicLong cycles = new AtomicLong();
    private final AtomicLong longestCycleMs = new AtomicLong();
    private final NotificationListener listener = this::onNotification;

    GcWatch() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(listener, null, null);
                emitters.add(e);
            }
        }
    }

    /** Names of the collectors' beans, e.g. "G1 Young Generation, G1 Old Generation". */
    static String collectorNames() {
        List<String> names = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) names.add(gc.getName());
        return String.join(", ", names);
    }

    /** "ZGC" or "G1" (or the bean names if neither), for a one-word report. */
    static String collectorFamily() {
        String names = collectorNames();
        if (names.contains("ZGC")) return "ZGC";
        if (names.contains("G1")) return "G1";
        if (names.contains("Shenandoah")) return "Shenandoah";
        if (names.contains("Copy") || names.contains("MarkSweepCompact")) return "Serial";
        if (names.contains("PS ")) return "Parallel";
        return names;
    }

    private void onNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        String name = info.getGcName();
        long ms = info.getGcInfo().getDuration();
        if (name.contains("Cycles") || name.contains("Concurrent")) {
            cycles.incrementAndGet();
            longestCycleMs.accumulateAndGet(ms, Math::max);
        } else {
            pauses.incrementAndGet();
            longestPauseMs.accumulateAndGet(ms, Math::max);
        }
    }

    Summary summary() {
        return new Summary(pauses.get(), longestPauseMs.get(), cycles.get(), longestCycleMs.get());
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}
