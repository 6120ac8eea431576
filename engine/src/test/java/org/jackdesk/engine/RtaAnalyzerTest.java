package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.jackdesk.config.Layout;
import org.jackdesk.engine.rta.RtaAnalyzer;
import org.jackdesk.engine.rta.RtaTap;
import org.junit.jupiter.api.Test;

/** The real-time analyser on real signals: sines at band centres, the console's pink noise through its tap. */
class RtaAnalyzerTest {
    private static final int FS = 48000;
    private static final int N = RtaAnalyzer.FFT_SIZE;

    private static float[] sine(double hz, double amplitude) {
        float[] x = new float[N];
        for (int i = 0; i < N; i++) x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / FS + 0.3));
        return x;
    }

    private static int band(RtaAnalyzer a, double hz) {
        for (int b = 0; b < a.bands(); b++) if (Math.abs(a.centreHz(b) / hz - 1) < 0.01) return b;
        throw new AssertionError("no band at " + hz);
    }

    /**
     * What a band must read for {@code x}, computed independently: a naive DFT of the Hann-windowed
     * signal at every bin the band covers, edge bins by their overlap — the window's own leakage.
     */
    private static double expectedDb(float[] x, double f1, double f2) {
        double df = (double) FS / N, wss = 0;
        double[] w = new double[N];
        for (int i = 0; i < N; i++) {
            w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / N);
            wss += w[i] * w[i];
        }
        double p = 0;
        for (int k = (int) Math.floor(f1 / df - 0.5); k <= (int) Math.ceil(f2 / df + 0.5); k++) {
            double overlap = Math.max(0, Math.min((k + 0.5) * df, f2) - Math.max((k - 0.5) * df, f1)) / df;
            if (overlap <= 0) continue;
            double re = 0, im = 0;
            for (int i = 0; i < N; i++) {
                double v = x[i] * w[i], ang = -2 * Math.PI * k * i / N;
                re += v * Math.cos(ang);
                im += v * Math.sin(ang);
            }
            p += overlap * 2 * (re * re + im * im) / (N * wss);
        }
        return 10 * Math.log10(2 * p);
    }

    @Test
    void aSineAtABandCentreReadsItsLevelAndItsNeighboursTheWindowsLeakage() {
        for (int bpo : new int[] {3, 6, 12}) {
            RtaAnalyzer a = new RtaAnalyzer(FS, bpo);
            double ratio = Math.pow(10, 0.3 / bpo);
            for (double fc : new double[] {1000, 1000 * Math.pow(ratio, 2 * bpo / 3.0 * 3), 1000 * Math.pow(ratio, -bpo)}) {
                int b = band(a, fc);
                fc = a.centreHz(b);
                float[] x = sine(fc, Math.pow(10, -12 / 20.0));
                a.reset();
                a.analyse(x, 0.033);
                assertEquals(-12.0, a.levelsDb()[b], 0.5, "1/" + bpo + " octave, " + Math.round(fc) + " Hz band");
                for (int nb : new int[] {b - 1, b + 1}) {
                    double c = a.centreHz(nb), h = Math.sqrt(ratio);
                    double want = expectedDb(x, c / h, c * h);
                    float got = a.levelsDb()[nb];
                    assertTrue(got < -12 - 10, "1/" + bpo + ": the neighbour at " + Math.round(c) + " Hz is well below: " + got);
                    if (want > -110) assertEquals(want, got, 1.0, "1/" + bpo + ": leakage into " + Math.round(c) + " Hz");
                    else assertTrue(got < -100, "1/" + bpo + ": leakage into " + Math.round(c) + " Hz is below −100 dB: " + got);
                }
            }
        }
    }

    @Test
    void pinkNoiseFromTheConsolesTapReadsFlatInThirdOctavesFrom40HzTo16kHz() {
        TestConsole t = new TestConsole(Layout.of(1, 0, 0, 0), 64);
        t.set("osc/type", "pink");
        t.set("osc/level", -20.0);
        t.set("osc/on", true);
        RtaTap tap = t.engine.rta();
        tap.setSource(3, RtaTap.main());
        RtaAnalyzer a = new RtaAnalyzer(FS, 3);
        a.averaging(RtaAnalyzer.Averaging.LONG);
        int hop = 1600; // 30 frames/s
        for (int frame = 0; frame < 30 * 40; frame++) { // 40 s
            for (int c = 0; c < hop / 64; c++) t.engine.process(t.in, t.out, 64);
            a.frame(tap, 3, hop / (double) FS);
        }
        int lo = band(a, 40), hi = band(a, 16000);
        double mean = 0;
        for (int b = lo; b <= hi; b++) mean += a.levelsDb()[b] / (hi - lo + 1);
        for (int b = lo; b <= hi; b++) {
            assertEquals(mean, a.levelsDb()[b], 1.0, "band " + Math.round(a.centreHz(b)) + " Hz");
        }
        // Peak hold sits at or above the level.
        for (int b = lo; b <= hi; b++) assertTrue(a.peaksDb()[b] >= a.levelsDb()[b]);
    }

    @Test
    void aFrameAllocatesNothingInSteadyState() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        mx.setThreadAllocatedMemoryEnabled(true);
        TestConsole t = new TestConsole(Layout.of(2, 0, 1, 0), 256);
        t.set("osc/on", true);
        RtaTap tap = t.engine.rta();
        tap.setSource(0, RtaTap.main());
        RtaAnalyzer a = new RtaAnalyzer(FS, 12);
        for (int i = 0; i < 64; i++) t.engine.process(t.in, t.out, 256);
        RealtimeLiterals.prepare(); // as for the audio thread: literals resolved by the JIT are not counted
        RealtimeLiterals.pinClass(RtaAnalyzerTest.class);
        for (int i = 0; i < 3000; i++) {
            t.engine.process(t.in, t.out, 256);
            a.frame(tap, 0, 1 / 30.0); // warm-up, JIT
        }
        mx.getCurrentThreadAllocatedBytes();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1000; i++) {
            t.engine.process(t.in, t.out, 256);
            assertTrue(a.frame(tap, 0, 1 / 30.0));
        }
        assertEquals(0, mx.getCurrentThreadAllocatedBytes() - before, "bytes allocated by 1000 frames (and cycles)");
    }

    @Test
    void aReadTheWriterOvertookIsRefusedAndAnUnknownSourceTooWithItsName() {
        TestConsole t = new TestConsole(Layout.of(1, 1, 1, 1), 64);
        RtaTap tap = t.engine.rta();
        assertTrue(tap.valid(RtaTap.channel(1)) && tap.valid(RtaTap.bus(1)) && !tap.valid(RtaTap.bus(2)));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> tap.setSource(0, RtaTap.channel(5)));
        assertTrue(e.getMessage().contains("RTA source"), e.getMessage());
        tap.setSource(0, RtaTap.channel(0));
        float[] dst = new float[N];
        assertTrue(!tap.read(0, dst, N), "not enough samples yet");
        java.util.Arrays.fill(t.in[0], 0.25f);
        for (int i = 0; i < N / 64; i++) t.engine.process(t.in, t.out, 64);
        assertTrue(tap.read(0, dst, N));
        for (float v : dst) assertEquals(0.25f, v);
    }
}
