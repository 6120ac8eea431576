package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jackdesk.config.Layout;
import org.junit.jupiter.api.Test;

/**
 * The compressor's live point on the tablet is (detector input, input + gain reduction): the
 * engine publishes the detector's input (CH_COMP_IN), and with it the point lies on the static
 * curve. The pre-fader level, which the tablet used to plot as the input, is the compressor's
 * output and sits several dB below the curve.
 */
class CompressorLiveDotTest {
    /** Static curve with a soft knee (Giannoulis, Massberg &amp; Reiss 2012, eq. 4), as dynamics.js draws it. */
    private static double curve(double x, double t, double r, double w) {
        if (2 * (x - t) < -w) return x;
        if (w > 0 && 2 * Math.abs(x - t) <= w) return x + (1 / r - 1) * Math.pow(x - t + w / 2, 2) / (2 * w);
        return t + (x - t) / r;
    }

    @Test
    void detectorInputPutsTheLivePointOnTheStaticCurve() throws Exception {
        TestConsole t = new TestConsole(Layout.of(1, 0, 0, 0), 256, s -> {
            try {
                s.set("ch/1/comp/on", true, "setup");
                s.set("ch/1/comp/threshold", -35.0, "setup");
                s.set("ch/1/comp/ratio", 6.0, "setup");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        double amp = Math.pow(10, -20 / 20.0); // a 1 kHz sine, peak -20 dBFS
        long n = 0;
        for (int cycle = 0; cycle < 400; cycle++) { // ~2 s: attack and release settle
            for (int i = 0; i < t.period; i++, n++) t.in[0][i] = (float) (amp * Math.sin(2 * Math.PI * 1000 * n / 48000.0));
            t.engine.process(t.in, t.out, t.period);
        }
        float[] v = new float[t.engine.meters().size()];
        t.engine.meters().read(v);
        int b = MeterBank.channelBase(0);
        double inDb = 20 * Math.log10(v[b + MeterBank.CH_COMP_IN]);
        double grDb = v[b + MeterBank.CH_COMP_GR];
        double preDb = 20 * Math.log10(v[b + MeterBank.CH_PRE_PEAK]);
        double knee = t.state.get("ch/1/comp/knee");
        double makeup = t.state.get("ch/1/comp/makeup");
        String what = String.format(java.util.Locale.ROOT, "detector %.2f dBFS, GR %.2f dB, pre-fader peak %.2f dBFS, knee %.1f, makeup %.1f",
                inDb, grDb, preDb, knee, makeup);
        assertEquals(-20.0, inDb, 0.5, "the detector sees the input level: " + what);
        assertEquals(curve(inDb, -35, 6, knee) - inDb, grDb, 1.0, "(detector, detector + GR) lies on the curve: " + what);
        // the old plot: x = pre-fader peak (the output) is far below where the curve has this GR
        assertTrue(Math.abs(curve(preDb, -35, 6, knee) - preDb - grDb) > 3.0, "the output is not the input: " + what);
    }
}
