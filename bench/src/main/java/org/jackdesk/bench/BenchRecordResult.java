package org.jackdesk.bench;

import java.util.List;
import org.jackdesk.engine.jack.CallbackTimes;

/**
 * What {@code jackdesk bench record} measured: segments of equal length, alternately without and
 * with a take running, on one engine in one JACK run. {@code jitter} is null when the probe was
 * skipped; {@code segments} is empty and {@code failure} says why when nothing was measured.
 */
public record BenchRecordResult(Setup setup, JitterProbe.Result jitter, String server, List<Segment> segments,
                                double loadAtEnd, String failure) {
    public BenchRecordResult {
        segments = List.copyOf(segments);
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
     */
    public record Segment(int index, boolean recording, double seconds, CallbackTimes callback, long xruns,
                          long droppedBlocks, long bytes, double diskCpuSeconds, String endReason) {
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
