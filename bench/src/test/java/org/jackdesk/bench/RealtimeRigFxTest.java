package org.jackdesk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jackdesk.engine.AudioProcessor;
import org.jackdesk.engine.Engine;
import org.junit.jupiter.api.Test;

/** bench realtime --fx: the rig's console really runs its FX slots, and the report says so. */
class RealtimeRigFxTest {
    private static double mainEnergy(Engine e) {
        AudioProcessor fed = RealtimeRig.noiseFed(e, 64);
        float[][] in = new float[e.inputPortNames().size()][64], out = new float[e.outputPortNames().size()][64];
        double sum = 0;
        for (int k = 0; k < 2000; k++) {
            fed.process(in, out, 64);
            for (float v : out[0]) sum += v * v;
        }
        return sum;
    }

    @Test
    void fourFxSlotsRunAndAddToTheMain() throws Exception {
        double plain, withFx;
        try (Engine e = RealtimeRig.consoleWithFx(4, 1, 0, 48000, false)) {
            assertEquals(0, e.registry().layout().fx());
            plain = mainEnergy(e);
        }
        try (Engine e = RealtimeRig.consoleWithFx(4, 1, 4, 48000, false)) {
            assertEquals(4, e.registry().layout().fx());
            withFx = mainEnergy(e);
        }
        assertTrue(withFx > plain * 1.001, "the FX returns add to the main: " + withFx + " vs " + plain);
    }

    @Test
    void theTableNamesTheFxSlots() {
        BenchRealtimeResult r = new BenchRealtimeResult(
                new BenchRealtimeResult.Setup(64, 8, 4, false, 48000, 64, 1, 1, "Java 21", 2, 0.5, "1 group on the audio thread"),
                null, "private jackd 'x' (dummy backend)", new BenchRealtimeResult.Phase(0, 1.0, 1.0), null, "no run");
        String t = BenchRealtimeReport.table(r);
        assertTrue(t.contains("8 stereo aux buses + main, 4 FX slots running (every strip sending to each),"), t);
    }
}
