package org.jackdesk.engine.dsp;

import static org.jackdesk.engine.dsp.Sig.FS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Non-finite and absurd input never reaches the output, and every processor recovers. */
class RobustnessTest {

    interface Strip {
        void process(float[][] bufs, int off, int n);
    }

    static Stream<Arguments> processors() {
        Supplier<Strip> hpf = () -> { HighPass p = new HighPass(2); p.setFreqHz(100); p.setSlope24(true); p.prepare(FS, 32); return p::process; };
        Supplier<Strip> eq = () -> {
            ParametricEq p = new ParametricEq(2);
            for (int b = 0; b < 4; b++) p.setBandGainDb(b, b % 2 == 0 ? 12 : -9);
            p.prepare(FS, 32);
            return p::process;
        };
        Supplier<Strip> gate = () -> { Gate p = new Gate(2); p.setThresholdDb(-40); p.prepare(FS, 32); return p::process; };
        Supplier<Strip> exp = () -> { Gate p = new Gate(2); p.setExpander(true); p.setThresholdDb(-10); p.prepare(FS, 32); return p::process; };
        Supplier<Strip> comp = () -> { Compressor p = new Compressor(2); p.setThresholdDb(-30); p.setRms(true); p.setSidechainHpf(true, 100); p.setMakeupDb(6); p.prepare(FS, 32); return p::process; };
        Supplier<Strip> delay = () -> { DelayLine p = new DelayLine(2); p.setDelayMs(5); p.prepare(FS, 32); return p::process; };
        Stream.Builder<Arguments> s = Stream.builder();
        String[] names = {"HighPass", "ParametricEq", "Gate", "Expander", "Compressor", "DelayLine"};
        @SuppressWarnings("unchecked")
        Supplier<Strip>[] all = new Supplier[] {hpf, eq, gate, exp, comp, delay};
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e30f, -3e38f};
        for (int i = 0; i < names.length; i++) {
            for (float b : bad) s.add(Arguments.of(names[i], all[i], b));
        }
        return s.build();
    }

    @ParameterizedTest(name = "{0} with {2}")
    @MethodSource("processors")
    void badInputGivesFiniteOutputAndRecovers(String name, Supplier<Strip> make, float bad) {
        Strip tested = make.get();
        Strip reference = make.get();
        int n = 48000 * 2;
        float[] l = Sig.sine(997, 0.3, n);
        float[] r = Sig.sine(311, 0.2, n);
        float[][] t = {l.clone(), r.clone()};
        float[][] ref = {l.clone(), r.clone()};
        for (int i = 24000; i < 24100; i += 7) t[0][i] = bad; // a burst on the left only
        t[1][24050] = bad;
        for (int off = 0; off < n; off += 32) {
            tested.process(t, off, 32);
            reference.process(ref, off, 32);
        }
        assertTrue(Sig.allFinite(t[0]) && Sig.allFinite(t[1]), "finite output");
        assertTrue(Sig.maxAbs(t[0], 0, n) < Dsp.FAULT_LEVEL);
        // One second later the output is what an undisturbed instance produces.
        for (int c = 0; c < 2; c++) {
            for (int i = n - 4800; i < n; i++) assertEquals(ref[c][i], t[c][i], 1e-4, name + " ch " + c + " at " + i);
        }
    }
}
