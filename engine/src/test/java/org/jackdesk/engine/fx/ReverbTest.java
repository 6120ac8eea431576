package org.jackdesk.engine.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reverbs measured on their impulse responses, as an acoustician measures a room. */
class ReverbTest {
    private static FxUnit unit(FxUnit u, float decayS, float dampingPct, float dampFreqHz, float predelayMs) {
        return unit(u, decayS, dampingPct, dampFreqHz, predelayMs, 100f);
    }

    private static FxUnit unit(FxUnit u, float decayS, float dampingPct, float dampFreqHz, float predelayMs, float sizePct) {
        FxParams p = new FxParams();
        p.decayS = decayS;
        p.dampingPct = dampingPct;
        p.dampFreqHz = dampFreqHz;
        p.predelayMs = predelayMs;
        p.sizePct = sizePct;
        u.set(p);
        u.prepare(IrMeasure.FS);
        return u;
    }

    private static double[] bandT30(FxUnit u, double seconds) {
        float[][] ir = IrMeasure.impulseResponse(u, seconds);
        return new double[] {IrMeasure.t30(IrMeasure.octaveBand(ir[0], 500)), IrMeasure.t30(IrMeasure.octaveBand(ir[0], 4000))};
    }

    @ParameterizedTest
    @ValueSource(floats = {0.8f, 2f, 5f})
    void hallDecaysAtTheSetTimeIn500HzAnd4kHzOctaves(float decay) {
        double[] t = bandT30(unit(FdnReverb.hall(), decay, 0f, 5000f, 0f), decay * 1.6 + 0.3);
        System.out.printf("hall %.1f s: T30 500 Hz %.3f s, 4 kHz %.3f s%n", decay, t[0], t[1]);
        assertEquals(decay, t[0], 0.1 * decay, "500 Hz");
        assertEquals(decay, t[1], 0.1 * decay, "4 kHz");
    }

    @ParameterizedTest
    @ValueSource(floats = {0.8f, 2f, 5f})
    void roomDecaysAtTheSetTimeIn500HzAnd4kHzOctaves(float decay) {
        double[] t = bandT30(unit(FdnReverb.room(), decay, 0f, 5000f, 0f), decay * 1.6 + 0.3);
        System.out.printf("room %.1f s: T30 500 Hz %.3f s, 4 kHz %.3f s%n", decay, t[0], t[1]);
        assertEquals(decay, t[0], 0.1 * decay, "500 Hz");
        assertEquals(decay, t[1], 0.1 * decay, "4 kHz");
    }

    @ParameterizedTest
    @ValueSource(floats = {0.8f, 2f, 5f})
    void plateDecaysAtTheSetTimeAt500Hz(float decay) {
        double[] t = bandT30(unit(new PlateReverb(), decay, 0f, 5000f, 0f, 20f), decay * 1.6 + 0.3);
        System.out.printf("plate %.1f s: T30 500 Hz %.3f s, 4 kHz %.3f s%n", decay, t[0], t[1]);
        assertEquals(decay, t[0], 0.1 * decay, "500 Hz");
    }

    @Test
    void hallHighFrequencyDampingShortensThe4kHzDecayByTheSetRatio() {
        double[] t = bandT30(unit(FdnReverb.hall(), 2f, 50f, 2000f, 0f), 3.5);
        double ratio = t[1] / t[0];
        System.out.printf("hall damping 50 %% above 2 kHz: T30 500 Hz %.3f s, 4 kHz %.3f s, ratio %.3f%n", t[0], t[1], ratio);
        assertEquals(0.5, ratio, 0.5 * 0.15, "T30(4 kHz) / T30(500 Hz)");
        assertEquals(2.0, t[0], 0.2, "the mid band keeps the set decay");
    }

    @Test
    void hallEchoDensityReachesNoiseWithin100Ms() {
        float[][] ir = IrMeasure.impulseResponse(unit(FdnReverb.hall(), 2f, 0f, 5000f, 0f), 0.3);
        int reached = -1;
        for (int c = (int) (0.010 * IrMeasure.FS); c <= (int) (0.200 * IrMeasure.FS); c += 48) {
            if (IrMeasure.echoDensity(ir[0], c) >= 0.9) {
                reached = c;
                break;
            }
        }
        System.out.printf("hall echo density 0.9 at %.1f ms%n", reached * 1000.0 / IrMeasure.FS);
        assertTrue(reached > 0 && reached <= 0.100 * IrMeasure.FS, "echo density 0.9 reached at sample " + reached);
    }

    @ParameterizedTest
    @ValueSource(ints = {FxProcessor.HALL, FxProcessor.ROOM, FxProcessor.PLATE})
    void tailIsDecorrelatedAtFullWidth(int type) {
        FxUnit u = type == FxProcessor.HALL ? FdnReverb.hall() : type == FxProcessor.ROOM ? FdnReverb.room() : new PlateReverb();
        float[][] ir = IrMeasure.impulseResponse(unit(u, 2f, 0f, 5000f, 0f), 1.2);
        double iacc = IrMeasure.iacc(ir[0], ir[1], (int) (0.08 * IrMeasure.FS), (int) (1.0 * IrMeasure.FS));
        System.out.printf("type %d IACC of the tail %.3f%n", type, iacc);
        assertTrue(iacc < 0.3, "IACC " + iacc);
    }

    @Test
    void zeroWidthIsMono() {
        FxParams p = new FxParams();
        p.widthPct = 0f;
        FxUnit u = FdnReverb.hall();
        u.set(p);
        u.prepare(IrMeasure.FS);
        float[][] ir = IrMeasure.impulseResponse(u, 0.3);
        for (int i = 0; i < ir[0].length; i++) assertEquals(ir[0][i], ir[1][i], 0f);
    }

    @ParameterizedTest
    @ValueSource(ints = {FxProcessor.HALL, FxProcessor.ROOM, FxProcessor.PLATE})
    void sixtySecondTailHasNoDcNoDenormalsAndFallsBelowMinus120DbAfterThreeDecays(int type) {
        // The unit itself, without the slot's sleep: its own arithmetic must get the tail to silence.
        FxUnit u = type == FxProcessor.HALL ? FdnReverb.hall() : type == FxProcessor.ROOM ? FdnReverb.room() : new PlateReverb();
        unit(u, 2f, 30f, 5000f, 20f);
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        int noiseBlocks = (int) (IrMeasure.FS / 32);
        int blocks = noiseBlocks + (int) (60 * IrMeasure.FS / 32);
        float[] inL = new float[32], inR = new float[32], oL = new float[32], oR = new float[32];
        double peakAfter = 0, lateSum = 0;
        long denormals = 0, late = 0;
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < 32; i++) {
                float v = b < noiseBlocks ? (float) (r.nextDouble() * 2 - 1) : 0f;
                inL[i] = v;
                inR[i] = v;
            }
            u.process(inL, inR, oL, oR, 32);
            double t = (b - noiseBlocks) * 32 / (double) IrMeasure.FS;
            for (float[] o : new float[][] {oL, oR}) {
                for (float v : o) {
                    assertTrue(Float.isFinite(v));
                    if (v != 0f && Math.abs(v) < Float.MIN_NORMAL) denormals++;
                    if (t >= 6.0) peakAfter = Math.max(peakAfter, Math.abs(v));
                    if (t >= 10.0) {
                        lateSum += v;
                        late++;
                    }
                }
            }
        }
        System.out.printf("type %d: peak after 3 decays %.1f dBFS%n", type, 20 * Math.log10(peakAfter + 1e-30));
        assertEquals(0, denormals, "denormal output samples");
        assertTrue(peakAfter < 1e-6, "peak after 3 x decay " + 20 * Math.log10(peakAfter + 1e-30) + " dBFS");
        assertTrue(Math.abs(lateSum / late) < 1e-9, "no offset left in the last 50 s: mean " + lateSum / late);
    }

    @Test
    void aSlotSleepsAfterItsTailAndStartsAgainOnInput() {
        FxProcessor fx = new FxProcessor();
        fx.params().decayS = 1f;
        fx.prepare(IrMeasure.FS, 32);
        fx.apply();
        fx.setType(FxProcessor.HALL, true);
        assertTrue(fx.idle(), "a slot without input sleeps from the start");
        fx.input()[0][0] = 1f;
        assertTrue(fx.process(32));
        fx.input()[0][0] = 0f;
        int blocks = 0;
        while (fx.process(32)) blocks++;
        double slept = blocks * 32 / (double) IrMeasure.FS;
        assertTrue(slept > 2.5 && slept < 3.5, "asleep after " + slept + " s (2.5 decays + pre-delay)");
        assertTrue(fx.idle());
        fx.input()[1][5] = 0.5f;
        // its memory is cleared over sub-blocks after it fell asleep, FxProcessor.CLEAR_SAMPLES each
        long clearBlocks = (fx.memorySamples(FxProcessor.HALL) + FxProcessor.CLEAR_SAMPLES - 1) / FxProcessor.CLEAR_SAMPLES;
        boolean woke = false;
        for (long b = 0; b <= clearBlocks && !woke; b++) woke = fx.process(32);
        assertTrue(woke, "wakes on input (once its memory is clean, within " + clearBlocks + " sub-blocks)");
    }

    @Test
    void nanIntoTheFxBusIsContainedAndTheUnitRecovers() {
        for (int type = FxProcessor.HALL; type <= FxProcessor.CHORUS; type++) {
            FxProcessor fx = new FxProcessor();
            fx.params().delayMs = 50f; // echoes within the blocks measured after the fault
            fx.prepare(IrMeasure.FS, 32);
            fx.apply();
            fx.setType(type, true);
            java.util.SplittableRandom r = new java.util.SplittableRandom(5);
            double energyAfter = 0;
            for (int b = 0; b < 400; b++) {
                for (int i = 0; i < 32; i++) {
                    fx.input()[0][i] = (float) (r.nextDouble() - 0.5);
                    fx.input()[1][i] = (float) (r.nextDouble() - 0.5);
                }
                if (b == 100) fx.input()[0][7] = Float.NaN;
                if (b == 101) fx.input()[1][3] = Float.POSITIVE_INFINITY;
                assertTrue(fx.process(32));
                for (float[] o : fx.output()) {
                    for (int i = 0; i < 32; i++) {
                        assertTrue(Float.isFinite(o[i]), "type " + type + " block " + b);
                        if (b > 300) energyAfter += o[i] * o[i];
                    }
                }
            }
            assertTrue(fx.faults() >= 2, "the faulty blocks are counted");
            assertTrue(energyAfter > 1e-3, "type " + type + " plays again after the fault: " + energyAfter);
        }
    }

    @Test
    void aSizeSetBeforeTheHallFirstRunsAppliesAtOnce() {
        FxProcessor fx = new FxProcessor();
        fx.prepare(IrMeasure.FS, 32); // at the default size, 80 %
        fx.params().sizePct = 20f;
        fx.params().predelayMs = 0f;
        fx.apply();
        fx.setType(FxProcessor.HALL, false);
        int first = -1;
        for (int b = 0; b < 200 && first < 0; b++) {
            fx.input()[0][0] = b == 0 ? 1f : 0f;
            fx.input()[1][0] = b == 0 ? 1f : 0f;
            fx.process(32);
            for (int i = 0; i < 32 && first < 0; i++) if (fx.output()[0][i] != 0f) first = b * 32 + i;
        }
        // the shortest line at 20 %: 29.3 ms × 0.2 = 281 samples (at 80 % it would be 1125, gliding down slowly)
        assertTrue(first > 0 && first < 400, "first reflection at sample " + first);
    }

    /**
     * The figures of docs/fx.md: Schroeder decay curves per octave band of the units' own impulse
     * responses, written to engine/target/fx-plots/, or straight into docs/images with {@code
     * -Djackdesk.fxPlots=../docs/images} (the command is in docs/fx.md). The curves are the ones the
     * T30 tests above measure; this test checks that each file was written.
     */
    @Test
    void decayCurvesPerBandArePlotted() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("jackdesk.fxPlots", "target/fx-plots"));
        java.nio.file.Files.createDirectories(dir);
        String[] colours = {"#0072b2", "#d55e00", "#009e73", "#cc79a7"};
        Object[][] plots = {
                {"hall", FdnReverb.hall(), 2f, 0f, 5000f, "hall, decay 2 s, no damping"},
                {"hall-damped", FdnReverb.hall(), 2f, 50f, 2000f, "hall, decay 2 s, damping 50 % above 2 kHz"},
                {"room", FdnReverb.room(), 0.8f, 0f, 5000f, "room, decay 0.8 s"},
                {"plate", new PlateReverb(), 2f, 0f, 5000f, "plate (size 20 %), decay 2 s"},
        };
        for (Object[] p : plots) {
            FxUnit u = (FxUnit) p[1];
            unit(u, (float) p[2], (float) p[3], (float) p[4], 0f, p[0].equals("plate") ? 20f : 100f);
            float[][] ir = IrMeasure.impulseResponse(u, 3.5);
            double[][] curves = new double[4][];
            String[] labels = new String[4];
            double[] bands = {250, 500, 2000, 4000};
            for (int k = 0; k < 4; k++) {
                double[] band = IrMeasure.octaveBand(ir[0], bands[k]);
                curves[k] = IrMeasure.edcDb(band, 240);
                labels[k] = String.format(java.util.Locale.ROOT, "%s Hz octave: T30 %.2f s", (int) bands[k], IrMeasure.t30(band));
            }
            java.nio.file.Path out = dir.resolve("decay-" + p[0] + ".svg");
            java.nio.file.Files.writeString(out, IrMeasure.svg((String) p[5], 3.0, 240, labels, colours, curves));
            assertTrue(java.nio.file.Files.size(out) > 2000, out.toString());
        }
    }
}
