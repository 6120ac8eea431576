package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.jack.DemoSignal;
import org.junit.jupiter.api.Test;

/**
 * The demo programme through the real engine with the shipped default configuration and every
 * fader at unity sits where a real gain structure puts a mix: around −18 dBFS RMS and −6 dBFS
 * peak on the main, no over.
 */
class DemoMixLevelTest {
    @Test
    void defaultConfigDemoMixSitsAroundMinus18RmsAndMinus6PeakOnTheMain() {
        ParamRegistry reg = ParamRegistry.forLayout(ConfigJson.builtinDefault().toLayout());
        ConsoleState state = new ConsoleState(reg);
        Engine engine = new Engine(reg, 48000f, state.copyValues());
        int inputs = engine.inputPortNames().size();
        DemoSignal demo = DemoSignal.forMix(48000f, inputs);
        int period = 256;
        float[][] in = new float[inputs][period];
        float[][] out = new float[engine.outputPortNames().size()][period];
        int mainL = engine.outputPortNames().indexOf("main_L"), mainR = engine.outputPortNames().indexOf("main_R");
        int loop = 48000 * 8; // the demo's four bars at 120 BPM
        double peak = 0, sumSq = 0;
        long n = 0;
        for (int at = 0; at < 2 * loop; at += period) {
            demo.generate(in, period);
            engine.process(in, out, period);
            if (at < loop) continue; // the first pass settles ramps and meters
            for (int i = 0; i < period; i++) {
                for (int o : new int[] {mainL, mainR}) {
                    float x = out[o][i];
                    peak = Math.max(peak, Math.abs(x));
                    sumSq += x * x;
                    n++;
                }
            }
        }
        double peakDb = 20 * Math.log10(peak), rmsDb = 10 * Math.log10(sumSq / n);
        String what = String.format(java.util.Locale.ROOT, "main peak %.1f dBFS, rms %.1f dBFS", peakDb, rmsDb);
        System.out.println("DemoMixLevelTest: " + what);
        assertEquals(-18.0, rmsDb, 2.0, what);
        assertEquals(-6.0, peakDb, 2.0, what);
        float[] v = new float[engine.meters().size()];
        engine.meters().read(v);
        assertEquals(0f, v[engine.meters().mainBase() + MeterBank.BUS_OVER], "no over on the main: " + what);
        assertTrue(peak < 1.0, what);
    }
}
