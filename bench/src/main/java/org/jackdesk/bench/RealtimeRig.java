package org.jackdesk.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamException;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.AudioProcessor;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.host.ThreadingPolicy;
import org.jackdesk.engine.EngineFeed;

/**
 * What the real-time benchmarks share: the console under test (full mono strips as in
 * {@code bench strips}, stereo aux buses, main), its input feed, the warm-up and a description of
 * the JVM; {@link LiveRig} puts it on a private JACK server.
 *
 * <p>Thread: construction and {@link #warmUp} on the command's thread; the processor it returns
 * runs on the audio thread.
 */
public final class RealtimeRig {
    /** Noise table length (a power of two); each channel reads it from its own offset. */
    private static final int NOISE_LEN = 1 << 16;

    private RealtimeRig() {}

    /**
     * {@code channels} mono strips with HPF 80 Hz, gate (−40 dB), 4-band EQ (−3/+2/+1.5/−2 dB),
     * compressor (−30 dB, 4:1), pan, fader −3 dB and a post-fader send at −6 dB to each of
     * {@code stereoBuses} stereo aux buses; {@code bypass} leaves HPF, gate, EQ and compressor off
     * (pan, fader, sends and meters still run).
     */
    static Engine console(int channels, int stereoBuses, int sampleRate, boolean bypass) throws ParamException {
        return consoleWithFx(channels, stereoBuses, 0, sampleRate, bypass);
    }

    /**
     * As {@link #console(int, int, int, boolean)} with {@code fx} FX slots running (docs/fx.md):
     * hall, plate, delay, chorus in turn, every strip sending post-fader at −20 dB to each, every
     * return into the main and at −10 dB into every aux bus.
     */
    static Engine consoleWithFx(int channels, int stereoBuses, int fx, int sampleRate, boolean bypass) throws ParamException {
        ParamRegistry reg = ParamRegistry.forLayout(Layout.of(channels, 0, 0, stereoBuses).withFx(fx));
        return console(reg, channels, 0, stereoBuses, sampleRate, bypass, ThreadingPolicy.fromSystemProperty(reg.layout()));
    }

    /**
     * As {@link #console(int, int, int, boolean)} with mono buses before the stereo ones: the one
     * definition of the benchmark strip, shared with the JMH benchmarks of module bench.
     */
    public static Engine console(int channels, int monoBuses, int stereoBuses, int sampleRate, boolean bypass)
            throws ParamException {
        return console(channels, monoBuses, stereoBuses, sampleRate, bypass, Engine.Threading.SINGLE);
    }

    /**
     * As {@link #console(int, int, int, int, boolean)} with the strips spread as {@code threading}
     * says (the live benchmarks use {@link ThreadingPolicy#fromSystemProperty}, as {@code start} does); close
     * the engine when done.
     */
    public static Engine console(int channels, int monoBuses, int stereoBuses, int sampleRate, boolean bypass,
                                 Engine.Threading threading) throws ParamException {
        return console(ParamRegistry.forLayout(Layout.of(channels, 0, monoBuses, stereoBuses)), channels, monoBuses, stereoBuses,
                sampleRate, bypass, threading);
    }

    private static Engine console(ParamRegistry reg, int channels, int monoBuses, int stereoBuses, int sampleRate, boolean bypass,
                                  Engine.Threading threading) throws ParamException {
        ConsoleState s = new ConsoleState(reg);
        String[] types = {"hall", "plate", "delay", "chorus"};
        int fx = reg.layout().fx();
        for (int k = 1; k <= fx; k++) {
            s.set("fx/" + k + "/type", types[(k - 1) % types.length], "bench");
            for (int b = 1; b <= monoBuses + stereoBuses; b++) s.set("fxret/" + k + "/aux/" + b + "/level", -10.0, "bench");
            for (int c = 1; c <= channels; c++) s.set("ch/" + c + "/fx/" + k + "/level", -20.0, "bench");
        }
        double[] eqGain = {-3, 2, 1.5, -2};
        for (int c = 1; c <= channels; c++) {
            String p = "ch/" + c + "/";
            if (!bypass) {
                s.set(p + "hpf/on", true, "bench");
                s.set(p + "hpf/freq", 80.0, "bench");
                s.set(p + "gate/on", true, "bench");
                s.set(p + "gate/threshold", -40.0, "bench");
                s.set(p + "eq/on", true, "bench");
                for (int b = 1; b <= 4; b++) s.set(p + "eq/" + b + "/gain", eqGain[b - 1], "bench");
                s.set(p + "comp/on", true, "bench");
                s.set(p + "comp/threshold", -30.0, "bench");
                s.set(p + "comp/ratio", 4.0, "bench");
            }
            s.set(p + "pan", (c % 7 - 3) / 3.0, "bench");
            s.set(p + "fader", -3.0, "bench");
            for (int b = 1; b <= monoBuses + stereoBuses; b++) {
                s.set(p + "send/" + b + "/level", -6.0, "bench");
                s.set(p + "send/" + b + "/tap", "post", "bench");
                s.set(p + "send/" + b + "/pan", (c % 5 - 2) / 2.0, "bench");
            }
        }
        return new Engine(reg, sampleRate, s.copyValues(), threading);
    }

    /**
     * The engine fed white noise at −12 dBFS peak (the work {@code bench strips} and the native
     * references in BENCH-NOTES use) instead of the server's inputs, which the dummy backend
     * leaves silent. The noise is precomputed: the callback only copies it.
     */
    static AudioProcessor noiseFed(Engine engine, int maxFrames) {
        int inputs = engine.inputPortNames().size();
        float[] noise = new float[NOISE_LEN];
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < NOISE_LEN; i++) noise[i] = (float) ((r.nextDouble() * 2 - 1) * 0.25);
        float[][] feed = new float[inputs][maxFrames];
        return new EngineFeed(engine) {
            private int pos;

            @Override
            public void process(float[][] in, float[][] out, int nframes) {
                int n = Math.min(nframes, maxFrames);
                for (int c = 0; c < feed.length; c++) {
                    int start = (pos + c * 7919) & (NOISE_LEN - 1);
                    float[] dst = feed[c];
                    for (int i = 0; i < n; i++) dst[i] = noise[(start + i) & (NOISE_LEN - 1)];
                }
                pos = (pos + n) & (NOISE_LEN - 1);
                engine.process(feed, out, n);
            }
        };
    }

    /**
     * Runs {@code p} off line for {@code cycles} periods so the JIT has compiled the audio path
     * before the first deadline (xruns cluster at JIT warm-up).
     */
    static void warmUp(AudioProcessor p, int inputs, int outputs, int frames, int cycles) {
        float[][] in = new float[inputs][frames];
        float[][] out = new float[outputs][frames];
        for (int c = 0; c < cycles; c++) p.process(in, out, frames);
    }

    /** "Java 25 (Temurin 25+36-LTS), GC ZGC [ZGC Minor Cycles, ...], flags -XX:+UseZGC -Xms256m; JACK callback via FFM". */
    /**
     * {@link #runtime()} for a live benchmark, with the CPU idle hold it runs under ({@link
     * LiveRig#holdCpuIdle}, taken here if not yet: before the jitter probe and any baseline).
     */
    static String liveRuntime() {
        return runtime() + "; " + LiveRig.holdCpuIdle().describe();
    }

    static String runtime() {
        List<String> flags = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-XX:") || a.startsWith("-Xm") || a.startsWith("-Xs")) flags.add(a);
        }
        return String.format(Locale.ROOT, "Java %d (%s %s), GC %s [%s], flags %s; JACK callback via %s", Runtime.version().feature(),
                System.getProperty("java.vm.vendor", "?"), System.getProperty("java.vm.version", "?"),
                GcWatch.collectorFamily(), GcWatch.collectorNames(), flags.isEmpty() ? "(none)" : String.join(" ", flags),
                org.jackdesk.engine.jack.JackBackend.audioPath());
    }

    /** The median of {@code v} (the mean of the middle two for an even count), NaN for none. */
    static double median(double[] v) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
