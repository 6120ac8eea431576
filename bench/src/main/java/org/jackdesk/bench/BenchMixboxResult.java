package org.jackdesk.bench;

import java.util.List;

/**
 * What {@code jackdesk bench mixbox} measured: per window, the CPU (percent of a core) of
 * jack_mix_box, of the whole jackdesk JVM and of its JACK thread, and the ratio; then jackdesk's
 * callback times and xruns. {@code failure} says why there is no result (jack_mix_box died).
 */
public record BenchMixboxResult(Setup setup, String server, List<Window> windows, Double callbackP50Micros,
        Double callbackMaxMicros, long xruns, double loadAtEnd, String failure) {

    /** The run's shape: {@code peerFeed} is {@code metro} or {@code jackdesk}. */
    public record Setup(int channels, int rate, int period, String peerFeed, int windows, int windowSeconds, int warmupSeconds,
            String runtime, int cores, double loadAtStart) {}

    /** One window: CPU in percent of a core; {@code jackdeskAudioPct} is null when the JVM could not tell. */
    public record Window(double peerPct, double jackdeskPct, Double jackdeskAudioPct) {
        public double ratio() {
            return jackdeskPct / peerPct;
        }
    }

    public double medianPeerPct() {
        return RealtimeRig.median(windows.stream().mapToDouble(Window::peerPct).toArray());
    }

    public double medianJackdeskPct() {
        return RealtimeRig.median(windows.stream().mapToDouble(Window::jackdeskPct).toArray());
    }

    /** NaN when a window's JACK-thread CPU was unknown. */
    public double medianAudioPct() {
        return RealtimeRig.median(windows.stream().mapToDouble(w -> w.jackdeskAudioPct() == null ? Double.NaN : w.jackdeskAudioPct()).toArray());
    }

    /** The result: the median over the windows of jackdesk / jack_mix_box (target at most 1.0). */
    public double medianRatio() {
        return RealtimeRig.median(windows.stream().mapToDouble(Window::ratio).toArray());
    }

    /** 0 with a result, 1 without. */
    public int exitCode() {
        return failure == null ? 0 : 1;
    }
}
