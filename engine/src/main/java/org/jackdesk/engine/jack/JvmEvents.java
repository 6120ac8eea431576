package org.jackdesk.engine.jack;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;

/**
 * The JVM's own stop-the-world events, streamed by JFR in this process, kept for a minute so that
 * slow audio callbacks can be matched against them by time ({@link CallbackAttribution}):
 * safepoints ({@code jdk.SafepointBegin} … {@code jdk.SafepointEnd}), VM operations including
 * handshakes of all threads ({@code jdk.ExecuteVMOperation}), GC pauses ({@code jdk.GCPhasePause})
 * and deoptimizations ({@code jdk.Deoptimization}), all without thresholds or stack traces.
 *
 * <p>Why JFR and not unified logging ({@code -Xlog:safepoint}): it is switched on from inside the
 * process (no launcher flag to forget), its events carry start and duration in epoch time
 * (matched with the callbacks' times converted to the same clock), and it needs no log file
 * parsing. Its own cost on the tail (JFR's threads, its chunk rotations) is not measured yet:
 * compare with {@code -Djackdesk.jack.jvmEvents=false}, which turns it off (callbacks are then
 * classified without JVM events).
 *
 * <p>Thread: the JFR stream's own thread appends; {@link #overlapping} and {@link #flushedEpochNanos}
 * any thread.
 */
final class JvmEvents implements AutoCloseable {
    /**
     * One JVM event: its span in epoch ns, a short description, and the Java thread it concerns
     * (-1: every thread, e.g. a safepoint; a deoptimization stalls only its own thread).
     */
    record Span(long startEpochNanos, long endEpochNanos, String what, long threadId) {}

    private static final long KEEP_NANOS = 60_000_000_000L;
    private final RecordingStream stream;
    private final ArrayDeque<Span> spans = new ArrayDeque<>(); // guarded by itself
    private volatile long flushedEpochNanos;
    private volatile String problem;

    private JvmEvents(RecordingStream stream) {
        this.stream = stream;
    }

    /** Starts the stream, or returns null and logs nothing when JFR is off or unavailable ({@link #why}). */
    static JvmEvents start() {
        if (!Boolean.parseBoolean(System.getProperty("jackdesk.jack.jvmEvents", "true"))) return null;
        try {
            RecordingStream rs = new RecordingStream();
            JvmEvents ev = new JvmEvents(rs);
            for (String e : new String[] {"jdk.SafepointBegin", "jdk.SafepointEnd", "jdk.ExecuteVMOperation", "jdk.GCPhasePause"}) {
                rs.enable(e).withThreshold(Duration.ZERO).withoutStackTrace();
            }
            rs.enable("jdk.Deoptimization").withoutStackTrace();
            rs.setMaxAge(Duration.ofMinutes(2));
            rs.setReuse(true);
            rs.onEvent(e -> {
                try {
                    ev.add(e);
                } catch (RuntimeException ex) { // a field this JDK's event lacks: keep the stream, say why
                    ev.problem = e.getEventType().getName() + ": " + ex;
                }
            });
            rs.onFlush(() -> ev.flushedEpochNanos = epochNanos(Instant.now()));
            rs.onError(t -> ev.problem = t.toString());
            rs.startAsync();
            return ev;
        } catch (Throwable t) { // no jdk.jfr module, JFR disabled by flags, or refused
            lastProblem = t.toString();
            return null;
        }
    }

    private static volatile String lastProblem;

    /** Why the last {@link #start} returned null (null: it did not, or it was switched off). */
    static String why() {
        return lastProblem;
    }

    private void add(RecordedEvent e) {
        String name = e.getEventType().getName();
        String what;
        switch (name) {
            case "jdk.ExecuteVMOperation" -> what = "VM operation " + e.getString("operation")
                    + (e.getBoolean("safepoint") ? " (safepoint)" : "");
            case "jdk.GCPhasePause" -> what = "GC pause " + e.getString("name");
            case "jdk.SafepointBegin" -> what = "reaching a safepoint";
            case "jdk.SafepointEnd" -> what = "leaving a safepoint";
            case "jdk.Deoptimization" -> what = "deoptimization (" + e.getString("reason") + ")";
            default -> what = name;
        }
        long start = epochNanos(e.getStartTime()), end = epochNanos(e.getEndTime());
        long tid = -1;
        if (name.equals("jdk.Deoptimization")) {
            jdk.jfr.consumer.RecordedThread t = e.getThread();
            tid = t == null ? -1 : t.getJavaThreadId();
        }
        synchronized (spans) {
            spans.addLast(new Span(start, end, what, tid));
            while (!spans.isEmpty() && spans.peekFirst().endEpochNanos() < end - KEEP_NANOS) spans.pollFirst();
        }
    }

    static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** JFR has delivered every event that ended before this time (epoch ns), 0 before the first flush. */
    long flushedEpochNanos() {
        return flushedEpochNanos;
    }

    /** An error the stream reported, or null. */
    String problem() {
        return problem;
    }

    /** Events overlapping [{@code from − slack}, {@code to + slack}] (epoch ns) that concern thread {@code threadId}. */
    List<Span> overlapping(long from, long to, long slackNanos, long threadId) {
        List<Span> out = new ArrayList<>();
        synchronized (spans) {
            for (Span s : spans) {
                if (s.threadId() != -1 && s.threadId() != threadId) continue;
                if (s.endEpochNanos() >= from - slackNanos && s.startEpochNanos() <= to + slackNanos) out.add(s);
            }
        }
        return out;
    }

    @Override
    public void close() {
        stream.close();
    }
}
