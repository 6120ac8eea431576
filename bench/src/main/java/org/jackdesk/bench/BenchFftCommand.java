package org.jackdesk.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.jackdesk.engine.rta.RtaAnalyzer;
import org.jtransforms.fft.DoubleFFT_1D;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jackdesk bench fft}: the RTA's FFT kernel against JTransforms, as issue 21 asks ("measure
 * both and keep the faster"). Both transform the same random input of the size the RTA uses
 * ({@link RtaAnalyzer#FFT_SIZE}/2 complex points: its real window packed two samples a point), on
 * this thread, JTransforms told to use one thread as the server's analysis does; rounds alternate
 * A and B so the machine's drift hits both; CPU time, not wall time. The results are compared
 * first: a faster transform that computes something else does not count. JTransforms measured
 * faster, so the analyser uses it ({@code realForward} of the whole real window); the own kernel
 * ({@link Fft}) stays here as the alternative to measure against.
 */
@Command(name = "fft", mixinStandardHelpOptions = true,
        description = "The RTA's FFT: the console's own kernel against JTransforms, CPU time per transform.")
public final class BenchFftCommand implements Callable<Integer> {
    @Option(names = "--rounds", defaultValue = "40", description = "Interleaved rounds (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--per-round", defaultValue = "200", description = "Transforms of each kind per round (default ${DEFAULT-VALUE}).")
    int perRound;

    @Mixin
    MachineOptions machine = new MachineOptions();

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || perRound < 1) throw new IllegalArgumentException("--rounds and --per-round must be at least 1");
        String refusal = machine.refusal();
        if (refusal != null) {
            System.err.println("jackdesk bench fft: " + refusal);
            return 3;
        }
        BenchFftResult r = measure();
        machine.print(r, BenchFftReport::table);
        return r.exitCode();
    }

    BenchFftResult measure() throws InterruptedException {
        double load = ProcessCpu.loadAverage();
        JitterProbe.Result jitter = machine.jitter();
        pl.edu.icm.jlargearrays.ConcurrencyUtils.setNumberOfThreads(1);
        int n = RtaAnalyzer.FFT_SIZE / 2;
        double[] inRe = new double[n], inIm = new double[n];
        SplittableRandom random = new SplittableRandom(21);
        for (int i = 0; i < n; i++) {
            inRe[i] = random.nextDouble() - 0.5;
            inIm[i] = random.nextDouble() - 0.5;
        }
        Fft own = new Fft(n);
        DoubleFFT_1D jt = new DoubleFFT_1D(n);
        double[] re = new double[n], im = new double[n], inter = new double[2 * n];

        // Same transform? (both forward, e^(−2πijk/n), unscaled)
        System.arraycopy(inRe, 0, re, 0, n);
        System.arraycopy(inIm, 0, im, 0, n);
        own.transform(re, im);
        for (int i = 0; i < n; i++) {
            inter[2 * i] = inRe[i];
            inter[2 * i + 1] = inIm[i];
        }
        jt.complexForward(inter);
        double maxMag = 0, maxDiff = 0;
        for (int k = 0; k < n; k++) {
            maxMag = Math.max(maxMag, Math.hypot(re[k], im[k]));
            maxDiff = Math.max(maxDiff, Math.hypot(re[k] - inter[2 * k], im[k] - inter[2 * k + 1]));
        }

        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 2000; i++) { // warm-up: both compiled before anything is timed
            runOwn(own, inRe, inIm, re, im);
            runJt(jt, inRe, inIm, inter);
        }
        double[] ownTimes = new double[rounds], jtTimes = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            boolean ownFirst = r % 2 == 0;
            for (int pass = 0; pass < 2; pass++) {
                boolean isOwn = (pass == 0) == ownFirst;
                long t0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < perRound; i++) {
                    if (isOwn) runOwn(own, inRe, inIm, re, im);
                    else runJt(jt, inRe, inIm, inter);
                }
                double us = (mx.getCurrentThreadCpuTime() - t0) / 1000.0 / perRound;
                if (isOwn) ownTimes[r] = us;
                else jtTimes[r] = us;
            }
        }
        return new BenchFftResult(Runtime.getRuntime().availableProcessors(), load,
                jitter == null ? -1 : jitter.longestMicros(), jitter == null ? "not run" : jitter.scheduling(),
                n, rounds, perRound, median(ownTimes), median(jtTimes), maxDiff / maxMag);
    }

    private static void runOwn(Fft own, double[] inRe, double[] inIm, double[] re, double[] im) {
        System.arraycopy(inRe, 0, re, 0, re.length);
        System.arraycopy(inIm, 0, im, 0, im.length);
        own.transform(re, im);
    }

    /** The interleaving is JTransforms' layout: part of its cost as the RTA would have to pay it. */
    private static void runJt(DoubleFFT_1D jt, double[] inRe, double[] inIm, double[] inter) {
        for (int i = 0; i < inRe.length; i++) {
            inter[2 * i] = inRe[i];
            inter[2 * i + 1] = inIm[i];
        }
        jt.complexForward(inter);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
