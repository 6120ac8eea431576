package org.jackdesk.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.Engine;

/**
 * Where a full strip's time goes, by subtraction: the {@code bench peers} strip engine (32 full
 * mono strips, {@link StripBenchmark#fullStrips}) timed by the CPU time of this thread with all
 * processors on, then with one processor switched off at a time, then with all of them off (gains,
 * pan, sends, meters only); each on the vector-lane path and on the scalar path, interleaved in
 * rounds. The cost of a stage is the full strip's time minus the time without it. Not a test: run
 * by hand (docs/engine-notes.md gives the command), e.g. on Java 25 with the Vector API:
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp "bench/target/test-classes:bench/target/classes:bench/target/lib/*" \
 *       org.jackdesk.bench.StripStageProfile [audioSeconds] [rounds]
 * </pre>
 */
public final class StripStageProfile {
    private static final int STRIPS = 32, BLOCK = 64, RATE = 48000;
    private static final String[] VARIANTS = {"full", "hpf/on", "gate/on", "eq/on", "comp/on", "all"};

    private StripStageProfile() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf(Locale.ROOT, "Java %s, %d strips, block %d, %.0f s of audio per run, load average %.2f%n",
                System.getProperty("java.runtime.version"), STRIPS, BLOCK, seconds,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        boolean[] paths = {true, false};
        double[][][] nsPerStripSample = new double[2][VARIANTS.length][rounds];
        int lanes = 0;
        for (int r = 0; r < rounds; r++) {
            for (int p = 0; p < 2; p++) {
                for (int v = 0; v < VARIANTS.length; v++) {
                    Engine e = engine(paths[p], VARIANTS[v]);
                    if (paths[p]) lanes = e.simdLanes();
                    nsPerStripSample[p][v][r] = time(e, seconds);
                }
            }
        }
        System.out.printf(Locale.ROOT, "vector lanes: %d%n", lanes);
        System.out.println("| variant | lanes: ns per strip-sample | strips per core | scalar: ns per strip-sample | strips per core |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (int v = 0; v < VARIANTS.length; v++) {
            double a = PeersBench.median(nsPerStripSample[0][v]), b = PeersBench.median(nsPerStripSample[1][v]);
            String name = v == 0 ? "all processors on" : v == VARIANTS.length - 1 ? "all processors off" : VARIANTS[v].replace("/on", "") + " off";
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.0f | %.2f | %.0f |%n", name, a, 1e9 / (a * RATE), b, 1e9 / (b * RATE));
        }
    }

    private static Engine engine(boolean vectorLanes, String off) throws Exception {
        String old = System.getProperty("jackdesk.engine.simd");
        System.setProperty("jackdesk.engine.simd", Boolean.toString(vectorLanes));
        Engine e;
        try {
            e = StripBenchmark.fullStrips(STRIPS, 4);
        } finally {
            if (old == null) System.clearProperty("jackdesk.engine.simd");
            else System.setProperty("jackdesk.engine.simd", old);
        }
        ParamRegistry reg = e.registry();
        for (int c = 1; c <= STRIPS; c++) {
            for (String s : new String[] {"hpf/on", "gate/on", "eq/on", "comp/on"}) {
                if (off.equals(s) || off.equals("all")) e.setParam(reg.slot("ch/" + c + "/" + s), 0);
            }
        }
        return e;
    }

    /** Warms up (also past every bypass fade), then returns the CPU nanoseconds per strip and sample. */
    private static double time(Engine e, double seconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        float[][] in = new float[STRIPS][BLOCK];
        float[][] out = new float[e.outputPortNames().size()][BLOCK];
        SplittableRandom r = new SplittableRandom(42);
        float[] noise = new float[1 << 16];
        for (int i = 0; i < noise.length; i++) noise[i] = (float) ((r.nextDouble() * 2 - 1) * 0.25);
        int blocks = (int) (seconds * RATE / BLOCK);
        int pos = 0;
        for (int b = 0; b < 20_000 + blocks; b++) {
            if (b == 20_000) {
                long c0 = threads.getCurrentThreadCpuTime();
                for (int k = 0; k < blocks; k++) {
                    for (int c = 0; c < STRIPS; c++) System.arraycopy(noise, (pos + c * 997) & 0x7FFF, in[c], 0, BLOCK);
                    pos = (pos + BLOCK) & 0x7FFF;
                    e.process(in, out, BLOCK);
                }
                return (threads.getCurrentThreadCpuTime() - c0) / ((double) blocks * BLOCK * STRIPS);
            }
            for (int c = 0; c < STRIPS; c++) System.arraycopy(noise, (pos + c * 997) & 0x7FFF, in[c], 0, BLOCK);
            pos = (pos + BLOCK) & 0x7FFF;
            e.process(in, out, BLOCK);
        }
        throw new AssertionError();
    }
}
