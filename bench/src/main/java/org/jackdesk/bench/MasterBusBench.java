package org.jackdesk.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jackdesk.engine.dsp.BusCompressor;
import org.jackdesk.engine.dsp.LoudnessMeter;
import org.jackdesk.engine.dsp.MainEq;
import org.jackdesk.engine.dsp.StereoWidth;
import org.jackdesk.engine.dsp.TruePeak;
import org.jackdesk.engine.dsp.TruePeakLimiter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Realtime factor of the main-bus processors: each benchmark op processes one second of stereo
 * 48 kHz programme in 32-frame blocks, so the score in ops/s IS the "x realtime" figure
 * (issue targets: limiter >= 964x as LSP, x42 dpl 2263x; loudness meter >= 866x).
 * The programme source is low-passed Gaussian noise, looped, so the meter's true peak soon skips
 * the chunks that cannot beat its running maximum; the {@code truePeak*} benchmarks use white
 * noise (as {@code bench peers}), where nothing can be skipped: the detector's worst case.
 *
 * <pre>java -cp "bench/target/classes:bench/target/lib/*" org.openjdk.jmh.Main MasterBusBench</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MasterBusBench {
    static final int FS = 48000, BLOCK = 32;
    float[][] source = new float[2][FS];
    float[][] buf = new float[2][BLOCK];
    TruePeakLimiter limiter = new TruePeakLimiter(2);
    LoudnessMeter meter = new LoudnessMeter(2);
    LoudnessMeter meterNoTp = new LoudnessMeter(2, false);
    float[][] noise = new float[2][FS];
    TruePeak[] tpLimiter = {new TruePeak(), new TruePeak()};
    TruePeak[] tpMeter = {new TruePeak(), new TruePeak()};
    float[] peaks = new float[BLOCK];
    float tpMax;
    MainEq eq = new MainEq(2);
    BusCompressor comp = new BusCompressor(2);
    StereoWidth width = new StereoWidth(2);

    @Setup
    public void setup() {
        Random r = new Random(1);
        double lp0 = 0, lp1 = 0;
        for (int i = 0; i < FS; i++) {
            lp0 = 0.9 * lp0 + 0.4 * r.nextGaussian();
            lp1 = 0.9 * lp1 + 0.4 * r.nextGaussian();
            source[0][i] = (float) Math.max(-1, Math.min(1, lp0));
            source[1][i] = (float) Math.max(-1, Math.min(1, lp1));
        }
        for (int c = 0; c < 2; c++) for (int i = 0; i < FS; i++) noise[c][i] = (float) ((r.nextDouble() * 2 - 1) * 0.708); // -3 dBFS peak
        meterNoTp.prepare(FS, BLOCK);
        limiter.setCeilingDbtp(-1);
        limiter.prepare(FS, BLOCK);
        meter.prepare(FS, BLOCK);
        for (int b : new int[] {MainEq.LOW_SHELF, MainEq.PEAK_1, MainEq.PEAK_2, MainEq.HIGH_SHELF}) {
            eq.setBand(b, true, 200 * (b + 1), 2, 1);
        }
        eq.setLowCut(true, 30, 24);
        eq.setHighCut(true, 18000, 12);
        eq.prepare(FS, BLOCK);
        comp.setThresholdDb(-20);
        comp.prepare(FS, BLOCK);
        width.setWidthPercent(120);
        width.prepare(FS, BLOCK);
    }

    private void load(int off) {
        System.arraycopy(source[0], off, buf[0], 0, BLOCK);
        System.arraycopy(source[1], off, buf[1], 0, BLOCK);
    }

    @Benchmark
    public float limiter() {
        for (int off = 0; off + BLOCK <= FS; off += BLOCK) {
            load(off);
            limiter.process(buf, 0, BLOCK);
        }
        return buf[0][0];
    }

    @Benchmark
    public double loudnessMeter() {
        for (int off = 0; off + BLOCK <= FS; off += BLOCK) meter.process(source, off, BLOCK);
        return meter.momentaryLufs();
    }

    @Benchmark
    public double loudnessMeterWithoutTruePeak() {
        for (int off = 0; off + BLOCK <= FS; off += BLOCK) meterNoTp.process(source, off, BLOCK);
        return meterNoTp.momentaryLufs();
    }

    /** The limiter's detection: per-sample peaks of 32-frame blocks, ceiling -6 dBTP, noise -3 dBFS. */
    @Benchmark
    public float truePeakLimiterDetection() {
        float s = 0;
        for (int off = 0; off + BLOCK <= FS; off += BLOCK) {
            for (int c = 0; c < 2; c++) {
                tpLimiter[c].process(noise[c], off, BLOCK, peaks, 0, 0.49f);
                s += peaks[BLOCK - 1];
            }
        }
        return s;
    }

    /** The meter's detection: the running maximum in runs of LoudnessMeter.TP_STAGE, noise -3 dBFS. */
    @Benchmark
    public float truePeakMeterDetection() {
        int run = LoudnessMeter.TP_STAGE;
        float max = tpMax;
        for (int off = 0; off < FS; off += run) {
            int n = Math.min(run, FS - off); // 187 runs of 256 and one of 128: exactly one second
            for (int c = 0; c < 2; c++) max = Math.max(max, tpMeter[c].processMax(noise[c], off, n, max));
        }
        tpMax = max;
        return max;
    }

    @Benchmark
    public float mainEq() {
        for (int off = 0; off + BLOCK <= FS; off += BLOCK) {
            load(off);
            eq.process(buf, 0, BLOCK);
        }
        return buf[0][0];
    }

    @Benchmark
    public float busCompressor() {
        for (int off = 0; off + BLOCK <= FS; off += BLOCK) {
            load(off);
            comp.process(buf, 0, BLOCK);
        }
        return buf[0][0];
    }

    @Benchmark
    public float stereoWidth() {
        for (int off = 0; off + BLOCK <= FS; off += BLOCK) {
            load(off);
            width.process(buf, 0, BLOCK);
        }
        return buf[0][0];
    }
}
