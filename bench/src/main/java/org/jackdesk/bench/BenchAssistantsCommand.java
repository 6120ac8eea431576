package org.jackdesk.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamException;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.dsp.Biquad;
import org.jackdesk.engine.dsp.Rbj;
import org.jackdesk.engine.jack.DemoSignal;
import org.jackdesk.engine.rta.FeedbackDetector;
import org.jackdesk.engine.rta.FeedbackSuppressor;
import org.jackdesk.engine.rta.RtaTap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jackdesk bench assistants} (issue 22): the feedback suppressor's detection time and false
 * notches over generated scenarios, and the callback cost of the assistants.
 *
 * <p>Scenarios: the engine's own render of one channel sent at 0 dB to a mono aux bus whose output
 * (after its notches, through the PA's limit, a soft clip at full scale) returns to the channel's
 * input through a delay of a whole number of the howl's periods (≈ 10 ms, so the loop's phase is 0
 * at the howl) and a room with a +12 dB resonance (RBJ peaking, Q 8) at the howl's frequency: the
 * loop's gain there is the scenario's, {@code loopGainDb} − 12 dB elsewhere. Programmes: room noise
 * at −60 dBFS, speech-like bursts (noise through two formant band-passes, 120–250 ms syllables,
 * 50–150 ms gaps, −20 dBFS), the demo programme (kick, bass, keys, voice, hats, summed). The
 * suppressor (auto) reads the engine's feedback tap every 1024 samples and its notches go to the
 * engine as the bus's notch parameters, as the console's feedback service writes them. The same
 * programmes without a loop count the false notches.
 *
 * <p>Cost: two engines of 16 mono channels and 8 mono buses (every channel sent to every bus),
 * one with both automix groups' first 16 channels sharing gain, 12 notches cutting on the main and
 * on every bus and the feedback tap copying the main and every bus, one with the assistants off;
 * the same input, rounds alternating which goes first, CPU time of the measuring thread.
 */
@Command(name = "assistants", mixinStandardHelpOptions = true,
        description = "The automixer and the feedback suppressor: detection time and false notches over generated loops, callback cost.")
public final class BenchAssistantsCommand implements Callable<Integer> {
    static final float FS = 48000f;
    static final int BLOCK = 64, HOP = 1024;
    static final String[] PROGRAMMES = {"noise", "speech", "demo"};

    @Option(names = "--seconds", defaultValue = "5", description = "Seconds of each loop render (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--false-seconds", defaultValue = "60", description = "Seconds of each programme without a loop (default ${DEFAULT-VALUE}).")
    double falseSeconds;

    @Option(names = "--gains", split = ",", defaultValue = "1,3,6", description = "Loop gains at the howl, dB (default ${DEFAULT-VALUE}).")
    double[] gains;

    @Option(names = "--freqs", split = ",", defaultValue = "250,1000,3150", description = "Howl frequencies, Hz (default ${DEFAULT-VALUE}).")
    double[] freqs;

    @Option(names = "--rounds", defaultValue = "20", description = "Interleaved rounds of the cost measurement (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--per-round", defaultValue = "500", description = "Callbacks of each engine per round (default ${DEFAULT-VALUE}).")
    int perRound;

    @Mixin
    MachineOptions machine = new MachineOptions();

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || perRound < 1 || seconds <= 0 || falseSeconds < 0) {
            throw new IllegalArgumentException("--rounds and --per-round must be at least 1, --seconds above 0, --false-seconds 0 or more");
        }
        String refusal = machine.refusal();
        if (refusal != null) {
            System.err.println("jackdesk bench assistants: " + refusal);
            return 3;
        }
        BenchAssistantsResult r = measure();
        machine.print(r, BenchAssistantsReport::table);
        return r.exitCode();
    }

    BenchAssistantsResult measure() throws InterruptedException, ParamException {
        double load = ProcessCpu.loadAverage();
        JitterProbe.Result jitter = machine.jitter();
        List<BenchAssistantsResult.Scenario> scenarios = new ArrayList<>();
        for (String p : PROGRAMMES) {
            for (double g : gains) for (double f : freqs) scenarios.add(loop(p, g, f, seconds));
        }
        if (falseSeconds > 0) for (String p : PROGRAMMES) scenarios.add(loop(p, BenchAssistantsResult.Scenario.NO_LOOP, 1000, falseSeconds));
        double[] cost = cost();
        return new BenchAssistantsResult(Runtime.getRuntime().availableProcessors(), load,
                jitter == null ? -1 : jitter.longestMicros(), jitter == null ? "not run" : jitter.scheduling(),
                List.copyOf(scenarios), 16, 8, BLOCK, rounds, perRound, cost[0], cost[1], detectorMicros());
    }

    /** A programme's next sample, per kind. */
    static final class Programme {
        final String kind;
        final SplittableRandom noise = new SplittableRandom(11);
        final DemoSignal demo;
        final float[][] demoBufs = new float[5][BLOCK];
        final Biquad f1 = new Biquad(), f2 = new Biquad();
        int left, pos;
        boolean talking;

        Programme(String kind) {
            this.kind = kind;
            demo = kind.equals("demo") ? DemoSignal.forMix(FS, 5) : null;
            double[] c = new double[5];
            bandPass(FS, 500, 2, c);
            f1.setCoefficients(c);
            bandPass(FS, 1500, 2, c);
            f2.setCoefficients(c);
            left = 0;
        }

        /** RBJ band-pass (constant 0 dB peak gain): b0 = α, b1 = 0, b2 = −α, normalised by a0 = 1 + α. */
        private static void bandPass(double fs, double f0, double q, double[] out) {
            double w = 2 * Math.PI * f0 / fs, alpha = Math.sin(w) / (2 * q), a0 = 1 + alpha;
            out[0] = alpha / a0;
            out[1] = 0;
            out[2] = -alpha / a0;
            out[3] = -2 * Math.cos(w) / a0;
            out[4] = (1 - alpha) / a0;
        }

        /** Adds a block of the programme into {@code buf}. */
        void add(float[] buf) {
            if (demo != null) {
                demo.generate(demoBufs, BLOCK);
                for (int i = 0; i < BLOCK; i++) buf[i] += demoBufs[0][i] + demoBufs[1][i] + demoBufs[2][i] + demoBufs[3][i] + demoBufs[4][i];
                return;
            }
            for (int i = 0; i < BLOCK; i++) {
                double room = (noise.nextDouble() * 2 - 1) * 0.001 * Math.sqrt(3); // −60 dBFS RMS
                double x = room;
                if (kind.equals("speech")) {
                    if (left-- <= 0) {
                        talking = !talking;
                        left = (int) ((talking ? 120 + noise.nextInt(131) : 50 + noise.nextInt(101)) * FS / 1000);
                        pos = 0;
                    }
                    pos++;
                    if (talking) {
                        double edge = Math.min(1, Math.min(pos, left) / (0.01 * FS)); // 10 ms edges
                        double n = (noise.nextDouble() * 2 - 1) * Math.sqrt(3);
                        x += edge * 0.1 * 2.2 * (f1.tick(n) + 0.5 * f2.tick(n)); // ≈ −20 dBFS RMS while talking
                    }
                }
                buf[i] += (float) x;
            }
            f1.sanitize();
            f2.sanitize();
        }
    }

    /** One render of {@code programme} with a loop of {@code gainDb} at {@code f} ({@link BenchAssistantsResult.Scenario#NO_LOOP}: none). */
    static BenchAssistantsResult.Scenario loop(String programme, double gainDb, double f, double seconds) throws ParamException {
        boolean loop = gainDb != BenchAssistantsResult.Scenario.NO_LOOP;
        ParamRegistry registry = ParamRegistry.forLayout(Layout.of(1, 0, 1, 0));
        ConsoleState state = new ConsoleState(registry);
        state.set("ch/1/send/1/level", 0.0, "bench");
        state.set("bus/1/fbs/mode", "auto", "bench");
        int[] freqSlot = new int[12], depthSlot = new int[12];
        for (int k = 0; k < 12; k++) {
            freqSlot[k] = registry.slot("bus/1/fbs/notch/" + (k + 1) + "/freq");
            depthSlot[k] = registry.slot("bus/1/fbs/notch/" + (k + 1) + "/depth");
        }
        try (Engine engine = new Engine(registry, FS, state.copyValues())) {
            RtaTap tap = engine.feedbackTap();
            tap.setSource(1, RtaTap.bus(0));
            int busOut = engine.ports().busOut(0);
            FeedbackSuppressor fbs = new FeedbackSuppressor(FS);
            fbs.mode(FeedbackSuppressor.Mode.AUTO);
            double[] hz = new double[12], depth = new double[12];
            float[][] in = new float[engine.inputPortNames().size()][BLOCK], out = new float[engine.outputPortNames().size()][BLOCK];
            float[] frame = new float[FeedbackDetector.FFT_SIZE];
            float[] ring = new float[1 << 14];
            Biquad room = new Biquad();
            double[] c = new double[5];
            Rbj.peaking(FS, f, 12, 8, c);
            room.setCoefficients(c);
            double g0 = loop ? Math.pow(10, (gainDb - 12) / 20) : 0;
            int delay = (int) Math.round(FS / f * Math.ceil(0.01 * f));
            Programme prog = new Programme(programme);
            long total = (long) (seconds * FS);
            double detect = -1, lastSq = 0;
            for (long t = 0; t < total; t += BLOCK) {
                Arrays.fill(in[0], 0f);
                prog.add(in[0]);
                for (int i = 0; i < BLOCK; i++) in[0][i] += (float) (g0 * room.tick(ring[(int) ((t + i - delay) & (ring.length - 1))]));
                room.sanitize();
                engine.process(in, out, BLOCK);
                for (int i = 0; i < BLOCK; i++) {
                    float y = (float) Math.tanh(out[busOut][i]); // the PA's limit
                    ring[(int) ((t + i) & (ring.length - 1))] = y;
                    if (t + i >= total - (long) FS) lastSq += y * y;
                }
                if ((t + BLOCK) % HOP == 0 && tap.read(1, frame, frame.length)) {
                    double now = (t + BLOCK) / (double) FS;
                    fbs.frame(frame, now);
                    for (int k = 0; k < 12; k++) { // what the console's feedback service writes as parameters
                        if (fbs.notchDepthDb(k) != depth[k] || fbs.notchHz(k) != hz[k]) {
                            hz[k] = fbs.notchHz(k);
                            depth[k] = fbs.notchDepthDb(k);
                            if (depth[k] > 0) engine.setParam(freqSlot[k], Math.max(20, Math.min(20000, hz[k])));
                            engine.setParam(depthSlot[k], depth[k]);
                        }
                        if (loop && detect < 0 && depth[k] > 0 && near(hz[k], f)) detect = now;
                    }
                }
            }
            int placed = 0, wrong = 0;
            for (FeedbackSuppressor.LogEntry e : fbs.log()) {
                if (!e.what().equals("notched")) continue;
                placed++;
                if (!loop || !near(e.freqHz(), f)) wrong++;
            }
            return new BenchAssistantsResult.Scenario(programme, gainDb, loop ? f : 0, seconds, detect, placed, wrong,
                    10 * Math.log10(lastSq / FS + 1e-30));
        }
    }

    private static boolean near(double a, double b) {
        return Math.abs(Math.log(a / b) / Math.log(2)) < 1.0 / 12;
    }

    /** The CPU time per callback of the console with the assistants off and on, µs (medians). */
    double[] cost() throws ParamException {
        try (Engine off = costEngine(false); Engine on = costEngine(true)) {
            int inputs = off.inputPortNames().size();
            float[][] in = new float[inputs][BLOCK], outOff = new float[off.outputPortNames().size()][BLOCK],
                    outOn = new float[on.outputPortNames().size()][BLOCK];
            SplittableRandom noise = new SplittableRandom(5);
            for (float[] b : in) for (int i = 0; i < BLOCK; i++) b[i] = (float) ((noise.nextDouble() - 0.5) * 0.1);
            for (int i = 0; i < 5000; i++) { // warm-up: both compiled before anything is timed
                off.process(in, outOff, BLOCK);
                on.process(in, outOn, BLOCK);
            }
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            double[] offUs = new double[rounds], onUs = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                for (int pass = 0; pass < 2; pass++) {
                    boolean isOn = (pass == 0) == (r % 2 == 0);
                    Engine e = isOn ? on : off;
                    float[][] out = isOn ? outOn : outOff;
                    long t0 = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < perRound; i++) e.process(in, out, BLOCK);
                    double us = (mx.getCurrentThreadCpuTime() - t0) / 1000.0 / perRound;
                    if (isOn) onUs[r] = us;
                    else offUs[r] = us;
                }
            }
            return new double[] {RealtimeRig.median(offUs), RealtimeRig.median(onUs)};
        }
    }

    private static Engine costEngine(boolean assistants) throws ParamException {
        ParamRegistry registry = ParamRegistry.forLayout(Layout.of(16, 0, 8, 0));
        ConsoleState s = new ConsoleState(registry);
        for (int c = 1; c <= 16; c++) {
            for (int b = 1; b <= 8; b++) s.set("ch/" + c + "/send/" + b + "/level", -10.0, "bench");
            if (assistants) s.set("ch/" + c + "/automix/group", "x", "bench");
        }
        if (assistants) {
            s.set("automix/x/on", true, "bench");
            for (int k = 1; k <= 12; k++) {
                s.set("main/fbs/notch/" + k + "/freq", 150.0 * k, "bench");
                s.set("main/fbs/notch/" + k + "/depth", 12.0, "bench");
                for (int b = 1; b <= 8; b++) {
                    s.set("bus/" + b + "/fbs/notch/" + k + "/freq", 170.0 * k, "bench");
                    s.set("bus/" + b + "/fbs/notch/" + k + "/depth", 9.0, "bench");
                }
            }
        }
        Engine e = new Engine(registry, FS, s.copyValues());
        if (assistants) {
            e.feedbackTap().setSource(0, RtaTap.main());
            for (int b = 0; b < 8; b++) e.feedbackTap().setSource(1 + b, RtaTap.bus(b));
        }
        return e;
    }

    /** The detector's CPU time per frame, µs (median of 20 rounds of 100 frames of noise). */
    static double detectorMicros() {
        FeedbackDetector d = new FeedbackDetector(FS);
        float[] frame = new float[FeedbackDetector.FFT_SIZE];
        SplittableRandom noise = new SplittableRandom(9);
        for (int i = 0; i < frame.length; i++) frame[i] = (float) ((noise.nextDouble() - 0.5) * 0.1);
        for (int i = 0; i < 500; i++) d.analyse(frame);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] us = new double[20];
        for (int r = 0; r < us.length; r++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < 100; i++) d.analyse(frame);
            us[r] = (mx.getCurrentThreadCpuTime() - t0) / 1000.0 / 100;
        }
        return RealtimeRig.median(us);
    }
}
