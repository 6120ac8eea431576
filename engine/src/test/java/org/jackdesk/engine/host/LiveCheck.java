package org.jackdesk.engine.host;

import java.util.ArrayList;
import java.util.List;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamException;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.host.ThreadingPolicy;
import org.jackdesk.engine.jack.JackTestClient;

/**
 * Helpers for comparing what an {@link EngineHost} plays through a real JACK server with what a
 * fresh {@link Engine} computes offline from the same console values.
 */
final class LiveCheck {
    private LiveCheck() {
    }

    /** Programme material as a function of channel and frame counted from its start (deterministic, stateless). */
    interface Programme {
        float sample(int channel, long frame);
    }

    /**
     * Two partials per channel plus hashed noise, in bursts that alternate loud (well above any
     * compressor threshold used here) and quiet every 2 400 frames, so the compressor attacks and
     * releases and the filters see low and high content.
     */
    static Programme bursts(int sampleRate) {
        return (ch, k) -> {
            double t = k / (double) sampleRate;
            double env = (k / 2400) % 2 == 0 ? 0.8 : 0.12;
            int h = (int) (k * 0x9E3779B1L + ch * 0x85EBCA6BL);
            h ^= h >>> 15;
            h *= 0x2C1B3C6D;
            h ^= h >>> 12;
            double noise = (h >>> 8) / (double) (1 << 24) - 0.5;
            double s = 0.5 * Math.sin(2 * Math.PI * 110 * (ch + 1) * t)
                    + 0.3 * Math.sin(2 * Math.PI * 1375 * t + ch)
                    + 0.2 * noise;
            return (float) (env * s);
        };
    }

    /**
     * A probe signal that is silent until {@link #startAt} picks a start frame, then plays a
     * {@link Programme} from there (frame {@code start} is the programme's frame 0).
     */
    static final class StartingSignal implements JackTestClient.Signal {
        private final Programme programme;
        private volatile long start = Long.MAX_VALUE;

        StartingSignal(Programme programme) {
            this.programme = programme;
        }

        @Override
        public float sample(int channel, long frame) {
            long s = start;
            return frame < s ? 0f : programme.sample(channel, frame - s);
        }

        /**
         * Starts the programme {@code aheadFrames} (rounded up to whole periods) after the probe's
         * current play frame, which is a cycle boundary: the programme then begins on the first
         * sample of a JACK cycle, so the engine's 32-frame sub-blocks line up with an offline
         * engine that processes whole periods from the start.
         */
        long startAt(JackTestClient probe, int aheadFrames, int period) {
            long ahead = (aheadFrames + period - 1) / period * (long) period;
            start = probe.playFrame() + ahead;
            return start;
        }

        long start() {
            return start;
        }

        Programme programme() {
            return programme;
        }
    }

    /** main_L and main_R of a fresh engine with the console's current values, fed the programme in period-sized cycles. */
    static float[][] offlineMain(ConsoleState state, int sampleRate, int period, Programme programme, int frames) {
        // The strip groups EngineHost's live engine uses, without the worker: the same samples.
        Engine e = new Engine(state.registry(), sampleRate, state.copyValues(),
                ThreadingPolicy.fromSystemProperty(state.registry().layout()).offline());
        int inputs = e.inputPortNames().size();
        float[][] in = new float[inputs][period];
        float[][] out = new float[e.outputPortNames().size()][period];
        float[][] main = new float[2][frames];
        for (int done = 0; done < frames; done += period) {
            for (int c = 0; c < inputs; c++) {
                for (int i = 0; i < period; i++) in[c][i] = programme.sample(c, done + i);
            }
            e.process(in, out, period);
            int n = Math.min(period, frames - done);
            System.arraycopy(out[0], 0, main[0], done, n);
            System.arraycopy(out[1], 0, main[1], done, n);
        }
        return main;
    }

    /** How well a recording matches a reference at the best whole-period delay. */
    record Match(int delay, double maxDiff, int comparedSignalFrames, double referencePeak, String detail) {
    }

    /**
     * Finds the whole-period delay {@code d} for which {@code rec[i]} best equals
     * {@code ref[recStart + i - d - start]} (silence where that index is before the start), over
     * every recorded frame whose reference is known, for both channels at once.
     */
    static Match bestDelay(float[][] rec, long recStart, float[][] ref, long start, int period, int maxDelay) {
        Match best = null;
        List<String> tried = new ArrayList<>();
        for (int d = 0; d <= maxDelay; d += period) {
            double max = 0;
            int worstAt = -1;
            int signalFrames = 0;
            double peak = 0;
            for (int ch = 0; ch < rec.length; ch++) {
                float[] r = rec[ch];
                for (int i = 0; i < r.length; i++) {
                    long f = recStart + i - d - start;
                    if (f >= ref[ch].length) break;
                    float want = f < 0 ? 0f : ref[ch][(int) f];
                    if (f >= 0 && ch == 0) signalFrames++;
                    peak = Math.max(peak, Math.abs(want));
                    double diff = Math.abs(r[i] - want);
                    if (diff > max) {
                        max = diff;
                        worstAt = i;
                    }
                }
            }
            tried.add("delay " + d + ": max |diff| " + (float) max + " at recorded frame " + worstAt);
            if (best == null || max < best.maxDiff()) best = new Match(d, max, signalFrames, peak, null);
        }
        String detail = "recording starts at play frame " + recStart + ", programme at " + start + "; " + String.join("; ", tried);
        return new Match(best.delay(), best.maxDiff(), best.comparedSignalFrames(), best.referencePeak(), detail);
    }

    /**
     * The smallest whole-period delay {@code d} such that every recorded frame {@code i} in
     * {@code [from, to)} equals {@code gain × signal(srcCh, recStart + i - d)} within {@code tol},
     * or -1.
     */
    static int delayWithGain(float[] rec, long recStart, JackTestClient.Signal signal, int srcCh, float gain,
                             int from, int to, int period, int maxDelay, double tol) {
        for (int d = 0; d <= maxDelay; d += period) {
            boolean ok = true;
            for (int i = from; i < to && ok; i++) {
                long f = recStart + i - d;
                float want = f < 0 ? 0f : gain * signal.sample(srcCh, f);
                ok = Math.abs(rec[i] - want) <= tol;
            }
            if (ok) return d;
        }
        return -1;
    }

    static void set(ConsoleState s, String path, Object value) {
        try {
            s.set(path, value, "test");
        } catch (ParamException e) {
            throw new AssertionError(path + " = " + value + ": " + e.getMessage(), e);
        }
    }
}
