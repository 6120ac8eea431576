package org.jackdesk.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jackdesk.config.ParamException;
import org.jackdesk.engine.Engine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One engine cycle of full mono strips, the work BENCH-NOTES.md compares with x42 fil4 + LSP gate +
 * x42 darc: HPF 80 Hz, gate engaged (−40 dB), 4-band EQ with every band active
 * (−3/+2/+1.5/−2 dB), compressor engaged (−30 dB, 4:1), pan, fader and 4 post sends, on white
 * noise at −12 dBFS peak. Meters and ramps run as they do live.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StripBenchmark {
    @Param({"32"})
    public int channels;

    @Param({"64"})
    public int period;

    private Engine engine;
    private float[][] in;
    private float[][] out;

    @Setup(Level.Trial)
    public void setup() throws ParamException {
        engine = fullStrips(channels, 4);
        in = new float[channels][period];
        SplittableRandom r = new SplittableRandom(42);
        for (float[] b : in) for (int i = 0; i < period; i++) b[i] = (float) ((r.nextDouble() * 2 - 1) * 0.25);
        out = new float[engine.outputPortNames().size()][period];
    }

    /** An engine of {@code channels} full mono strips sending post-fader to {@code buses} mono buses. */
    public static Engine fullStrips(int channels, int buses) throws ParamException {
        return RealtimeRig.console(channels, buses, 0, 48000, false);
    }

    @Benchmark
    public float[][] cycle() {
        engine.process(in, out, period);
        return out;
    }
}
