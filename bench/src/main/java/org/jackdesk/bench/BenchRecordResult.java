package org.jackdesk.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jackdesk.engine.jack.CallbackTimes;
import org.jackdesk.engine.jack.SlowCause;

/**
 * What {@code jackdesk bench record} measured: segments of equal length, alternately without and
 * with a take running, on one engine in one JACK run. {@code jitter} is null when the probe was
 * skipped; {@code segments} is empty and {@code failure} says why when nothing was measured.
 * {@code pooled} holds the callback times of every callback of each kind of segment together (null
 * when nothing was measured); {@code kernelSources} names the disks and interrupt lines whose
 * counters each segment's {@link Segment#kernel} holds.
 */
public record BenchRecordResult(Setup setup, JitterProbe.Result jitter, String server, List<Segment> segments,
                                double loadAtEnd, String failure, Pooled pooled, String kernelSources) {
    public BenchRecordResult {
        segments = List.copyOf(segments);
    }

    /** A result without the pooled times and the kernel's counters. */
    public BenchRecordResult(Setup setup, JitterProbe.Result jitter, String server, List<Segment> segments, double loadAtEnd,
                             String failure) {
        this(setup, jitter, server, segments, loadAtEnd, failure, null, null);
    }

    /** Every callback of the segments without a take, and of those with, each kind as one distribution. */
    public record Pooled(CallbackTimes without, CallbackTimes with) {}

    /**
     * One interleaved pair: segment {@code 2k} without a take and {@code 2k + 1} with one, which
     * followed it under (nearly) the same machine; their p99.9 in µs.
     */
    public record Pair(int withoutIndex, int withIndex, double withoutP999Micros, double withP999Micros) {
        /** p99.9 with the take over p99.9 without, in this pair. */
        public double ratio() {
            return withP999Micros / withoutP999Micros;
        }

        public boolean recordingHigher() {
            return withP999Micros > withoutP999Micros;
        }
    }

    /** The run's shape and the machine it ran on; {@code folder} is where the takes went. */
    public record Setup(int tracks, int buses, String format, int rate, int period, double seconds, int segments,
                        int warmupSeconds, String runtime, int cores, double loadAtStart, String strips, String folder) {
        public double periodMicros() {
            return period * 1e6 / rate;
        }
    }

    /**
     * One segment: whether a take ran, its length, the callback times and xruns in it; with a take,
     * the blocks it dropped, the bytes it wrote and its disk thread's CPU time up to the stop.
     * {@code slow}: its callbacks longer than half the period by cause, as {@code bench realtime}
     * attributes them (null: not attributed); {@code kernel}: the machine's interrupts, soft
     * interrupts and disk writes from its start to its end (null: not read).
     */
    public record Segment(int index, boolean recording, double seconds, CallbackTimes callback, long xruns,
                          long droppedBlocks, long bytes, double diskCpuSeconds, String endReason,
                          BenchRealtimeResult.Attribution slow, KernelCounters.Delta kernel) {
        /** A segment without the attribution and the kernel's counters. */
        public Segment(int index, boolean recording, double seconds, CallbackTimes callback, long xruns, long droppedBlocks, long bytes,
                       double diskCpuSeconds, String endReason) {
            this(index, recording, seconds, callback, xruns, droppedBlocks, bytes, diskCpuSeconds, endReason, null, null);
        }
    }

    /** The median p99.9 callback time of the segments with ({@code recording}) or without a take, in µs. */
    public double medianP999Micros(boolean recording) {
        double[] v = segments.stream().filter(s -> s.recording() == recording && s.callback() != null)
                .mapToDouble(s -> s.callback().p999Micros()).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** p99.9 with recording over p99.9 without (medians of the segments); the target is at most 1.1. */
    public double p999Ratio() {
        return medianP999Micros(true) / medianP999Micros(false);
    }

    /**
     * The interleaved pairs (segment {@code 2k} without, {@code 2k + 1} with) in order: unlike the
     * medians, each pair compares two neighbouring minutes, so a machine that changes over the run
     * moves both sides of a pair, and one bad segment spoils one pair, not the statistic.
     */
    public List<Pair> pairs() {
        List<Pair> out = new ArrayList<>();
        for (int k = 0; k + 1 < segments.size(); k += 2) {
            Segment a = segments.get(k), b = segments.get(k + 1);
            if (a.recording() || !b.recording() || a.callback() == null || b.callback() == null) continue;
            out.add(new Pair(a.index(), b.index(), a.callback().p999Micros(), b.callback().p999Micros()));
        }
        return out;
    }

    /** In how many of the {@link #pairs()} the segment with the take had the higher p99.9. */
    public long pairsRecordingHigher() {
        return pairs().stream().filter(Pair::recordingHigher).count();
    }

    /** p99.9 of every callback with a take over that of every callback without ({@link #pooled}); NaN when not measured. */
    public double pooledP999Ratio() {
        return pooled == null ? Double.NaN : pooled.with().p999Micros() / pooled.without().p999Micros();
    }

    /**
     * The slow callbacks of the segments of one kind by cause label, every {@link SlowCause} in
     * order; null when none of them was attributed.
     */
    public Map<String, Long> slowByCause(boolean recording) {
        Map<String, Long> sum = new LinkedHashMap<>();
        for (SlowCause c : SlowCause.values()) sum.put(c.label(), 0L);
        boolean any = false;
        for (Segment s : segments) {
            if (s.recording() != recording || s.slow() == null) continue;
            any = true;
            s.slow().byCause().forEach((cause, n) -> sum.merge(cause, n, Long::sum));
        }
        return any ? sum : null;
    }

    /** Slow callbacks in the segments of one kind: all, the machine's, those left unattributed; {all, machine, unattributed}. */
    public long[] slowCounts(boolean recording) {
        long[] n = new long[3];
        for (Segment s : segments) {
            if (s.recording() != recording || s.slow() == null) continue;
            n[0] += s.slow().slow();
            n[1] += s.slow().machine();
            n[2] += s.slow().dropped();
        }
        return n;
    }

    /** The kernel's counts over the segments of one kind together; null when none was read. */
    public KernelCounters.Delta kernel(boolean recording) {
        KernelCounters.Delta sum = null;
        for (Segment s : segments) {
            if (s.recording() != recording || s.kernel() == null) continue;
            sum = sum == null ? s.kernel() : sum.plus(s.kernel());
        }
        return sum;
    }

    public long totalDroppedBlocks() {
        return segments.stream().mapToLong(Segment::droppedBlocks).sum();
    }

    public long totalXruns(boolean recording) {
        return segments.stream().filter(s -> s.recording() == recording).mapToLong(Segment::xruns).sum();
    }

    /** Seconds with a take running. */
    public double recordingSeconds() {
        return segments.stream().filter(Segment::recording).mapToDouble(Segment::seconds).sum();
    }

    /** Megabytes (10^6) per second the takes wrote. */
    public double diskMegabytesPerSecond() {
        double s = recordingSeconds();
        return s <= 0 ? 0 : segments.stream().mapToLong(Segment::bytes).sum() / 1e6 / s;
    }

    /** The disk threads' CPU time as a share of one core while recording, percent. */
    public double diskCpuPercent() {
        double s = recordingSeconds();
        return s <= 0 ? 0 : 100 * segments.stream().mapToDouble(Segment::diskCpuSeconds).sum() / s;
    }

    /** Targets of issue 18: no dropped block, p99.9 with recording at most 1.1 × without. */
    public boolean droppedTargetMet() {
        return !segments.isEmpty() && totalDroppedBlocks() == 0;
    }

    public boolean ratioTargetMet() {
        return p999Ratio() <= 1.1;
    }

    /** 0 when segments ran, 1 when nothing was measured. */
    public int exitCode() {
        return segments.isEmpty() ? 1 : 0;
    }
}
