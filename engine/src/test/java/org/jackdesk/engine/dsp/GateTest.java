package org.jackdesk.engine.dsp;

import static org.jackdesk.engine.dsp.Sig.FS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GateTest {
    private static final double F = 997;

    private static Gate gate(boolean expander, float thr, float range, float holdMs, float releaseMs) {
        Gate g = new Gate(1);
        g.setExpander(expander);
        g.setThresholdDb(thr);
        g.setRangeDb(range);
        g.setAttackMs(1);
        g.setHoldMs(holdMs);
        g.setReleaseMs(releaseMs);
        g.prepare(FS, 32);
        return g;
    }

    private static double steadyGainDb(Gate g, double levelDb) {
        float[] x = Sig.sine(F, Sig.dbfs(levelDb), 48000);
        g.reset();
        float[] y = Sig.run(g::process, x, 32);
        return Sig.gainDb(x, y, 36000, 48000, F);
    }

    @Test
    void closesToTheRangeBelowThresholdAndOpensAbove() {
        Gate g = gate(false, -40, -30, 20, 20);
        assertEquals(-30, steadyGainDb(g, -60), 0.1);
        assertEquals(-30, g.gainReductionDb(), 0.1);
        assertEquals(0, steadyGainDb(g, -30), 0.05);
        assertEquals(0, g.gainReductionDb(), 0.05);
        g.setRangeDb(-80);
        assertEquals(-80, steadyGainDb(g, -50), 0.25);
    }

    @Test
    void anOpenGateSettlesToAnExactIdentity() {
        Gate g = gate(false, -40, -60, 20, 20);
        float[] x = Sig.sine(F, Sig.dbfs(-20), 48000);
        float[] y = Sig.run(g::process, x, 32);
        // Fully open after the attack: the signal passes bit for bit (no ×0.9999999 residue).
        for (int i = 24000; i < 48000; i++) assertEquals(x[i], y[i], 0f, "sample " + i);
        assertEquals(0f, g.gainReductionDb(), 0f);
    }

    @Test
    void staysOpenDuringHoldThenReleasesToRange() {
        float holdMs = 100, releaseMs = 20;
        Gate g = gate(false, -40, -60, holdMs, releaseMs);
        int drop = 24000, n = drop + 48000;
        float[] x = Sig.sine(F, Sig.dbfs(-20), n);
        for (int i = drop; i < n; i++) x[i] *= (float) Sig.dbfs(-40); // −60 dBFS after the drop
        float[] y = x.clone();
        float[] meter = new float[n / 32];
        float[][] bufs = {y};
        for (int off = 0; off < n; off += 32) {
            g.process(bufs, off, 32);
            meter[off / 32] = g.gainReductionDb();
        }
        int hold = (int) (holdMs * FS / 1000), rel = (int) (releaseMs * FS / 1000);
        assertEquals(0, Sig.gainDb(x, y, drop - 4800, drop, F), 0.05, "open before the drop");
        assertEquals(0, Sig.gainDb(x, y, drop + 480, drop + hold - 480, F), 0.05, "held open");
        for (int k = (drop + 480) / 32; k < (drop + hold - 480) / 32; k++) assertEquals(0, meter[k], 0.05);
        // One release time constant after the hold: 63 % of the way to −60 dB (±15 % of the time).
        double at = meter[(drop + hold + rel) / 32];
        assertTrue(at < -60 * (1 - Math.exp(-1 / 0.85)) * 0.9 && at > -60 * (1 - Math.exp(-1.15)) * 1.1,
            "one release tau after hold: " + at);
        assertEquals(-60, Sig.gainDb(x, y, drop + hold + 10 * rel, n, F), 0.25, "closed to range");
    }

    @Test
    void hysteresisKeepsAnOpenGateOpenJustBelowThreshold() {
        Gate g = gate(false, -40, -60, 10, 10);
        int n = 48000;
        float[] x = Sig.sine(F, Sig.dbfs(-35), n);
        for (int i = 9600; i < n; i++) x[i] *= (float) Sig.dbfs(-6.5); // −41.5 dBFS: in the 3 dB band
        float[] y = Sig.run(g::process, x, 32);
        assertEquals(0, Sig.gainDb(x, y, 36000, n, F), 0.05, "stays open within hysteresis");
        // From closed, the same −41.5 dBFS does not open it.
        assertEquals(-60, steadyGainDb(g, -41.5), 0.25);
        // Below the hysteresis band it closes.
        for (int i = 9600; i < n; i++) x[i] *= (float) Sig.dbfs(-3);
        g.reset();
        y = Sig.run(g::process, x, 32);
        assertEquals(-60, Sig.gainDb(x, y, 36000, n, F), 0.25, "closes below threshold - 3 dB");
    }

    @Test
    void expanderHasSlopeTwoBelowThresholdDownToRange() {
        Gate g = gate(true, -30, -40, 10, 100);
        double g10 = steadyGainDb(g, -40);
        double g20 = steadyGainDb(g, -50);
        assertEquals(-10, g10, 0.3);
        assertEquals(-20, g20, 0.3);
        assertEquals(20, (-40 + g10) - (-50 + g20), 0.3, "output falls 20 dB per 10 dB of input");
        assertEquals(0, steadyGainDb(g, -20), 0.05, "unity above threshold");
        assertEquals(-40, steadyGainDb(g, -80), 0.3, "limited to the range");
    }

    @Test
    void opensWithTheAttackTimeConstant() {
        Gate g = gate(false, -40, -60, 50, 50);
        g.setAttackMs(5);
        float[] x = new float[24000];
        for (int i = 9600; i < x.length; i++) x[i] = (float) Sig.dbfs(-20); // DC step above threshold
        float[] y = Sig.run(g::process, x, 32);
        int t = -1;
        for (int i = 9600; i < x.length; i++) {
            if (20 * Math.log10(y[i] / x[i]) >= -60 * Math.exp(-1)) { t = i - 9600; break; }
        }
        assertEquals(240, t, 0.15 * 240);
    }
}
