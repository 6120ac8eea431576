package org.jackdesk.bench;

import java.util.List;

/**
 * What {@code jackdesk bench fx-live} measured: per window, the CPU (percent of a core, i.e. CPU
 * milliseconds per 10 ms of audio) of zita-rev1's whole process and of its busiest thread (its JACK
 * thread), and of the JACK threads of two jackdesk consoles, one with its FX slot on hall and the
 * same one with the slot off; the hall slot's cost is their difference. {@code skipped} says why
 * nothing was measured (zita-rev1 or Xvfb missing: an informative row, not a failure);
 * {@code failure} why a started measurement has no result.
 */
public record BenchFxLiveResult(Setup setup, Double jitterLongestMicros, String jitterScheduling, String server, List<Window> windows,
        Double hallCallbackP50Micros, Double hallCallbackMaxMicros, long xruns, double loadAtEnd, String skipped, String failure) {

    /** The run's shape and the settings on both sides (docs/fx.md, "Cost"). */
    public record Setup(int rate, int period, int windows, int windowSeconds, int warmupSeconds, String runtime, int cores,
            double loadAtStart, String zitaSettings, String hallSettings) {}

    /**
     * One window, in percent of a core: zita-rev1's process and its busiest thread; jackdesk's JACK
     * thread with the hall on and the same console's with the slot off.
     */
    public record Window(double zitaPct, double zitaThreadPct, double hallConsolePct, double plainConsolePct) {
        /** What the hall slot costs: the console with it minus the console without. */
        public double hallPct() {
            return hallConsolePct - plainConsolePct;
        }

        /** zita-rev1's JACK thread over jackdesk's hall slot: above 1.0 jackdesk's hall costs less. */
        public double ratio() {
            return zitaThreadPct / hallPct();
        }
    }

    /** Nothing measured: {@code why} names what is missing. */
    static BenchFxLiveResult skipped(Setup setup, Double jitterLongestMicros, String jitterScheduling, String why) {
        return new BenchFxLiveResult(setup, jitterLongestMicros, jitterScheduling, null, List.of(), null, null, 0,
                ProcessCpu.loadAverage(), why, null);
    }

    public double medianZitaPct() {
        return RealtimeRig.median(windows.stream().mapToDouble(Window::zitaPct).toArray());
    }

    public double medianZitaThreadPct() {
        return RealtimeRig.median(windows.stream().mapToDouble(Window::zitaThreadPct).toArray());
    }

    public double medianHallPct() {
        return RealtimeRig.median(windows.stream().mapToDouble(Window::hallPct).toArray());
    }

    /** The result: the median over the windows of zita-rev1's JACK thread / jackdesk's hall slot (informative, no target). */
    public double medianRatio() {
        return RealtimeRig.median(windows.stream().mapToDouble(Window::ratio).toArray());
    }

    /** 0 with a result or skipped (an informative row), 1 when a started measurement failed. */
    public int exitCode() {
        return failure == null ? 0 : 1;
    }
}
