package org.jackdesk.control.scene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jackdesk.config.Layout;
import org.jackdesk.config.show.Scene;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.engine.TestConsole;
import org.jackdesk.engine.mix.Gains;
import org.junit.jupiter.api.Test;

/**
 * A crossfaded fader recall measured in the real engine's output: the SceneManager glides the
 * console state in 20 ms ticks (as {@link LiveShow#ticker} does on a Vert.x timer), the engine
 * ramps between the written targets, and the rendered audio of a DC input is checked sample by
 * sample. Audio time drives the clock, so the result does not depend on the machine's speed.
 */
class SceneGlideAudioTest {
    private static final int RATE = 48000;
    private static final int PERIOD = 64;
    private static final int TICK_FRAMES = (int) (LiveShow.TICK_MS * RATE / 1000); // 960
    private static final int RAMP_FRAMES = 960; // the engine's 20 ms gain ramp at 48 kHz

    @Test
    void faderRecallOver500msHasNoStepLargerThanTheRampAllowsAndLandsOnTime() throws Exception {
        TestConsole t = new TestConsole(Layout.of(1, 0, 0, 0), PERIOD, s -> {
            try {
                s.set("ch/1/pan", -1.0, "setup"); // all of the mono channel on main_L (cos 0 = 1)
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        long[] nowMs = {0};
        List<BooleanSupplier> ticks = new ArrayList<>();
        SceneManager m = new SceneManager(t.state, () -> nowMs[0], ticks::add);
        t.set("ch/1/fader", 0.0);
        Scene up = m.save("Up", List.of("ch/1/fader"), 0);
        t.set("ch/1/fader", -90.0);
        t.runDc(1f, 40); // settle at silence
        int outL = t.output("main_L");
        assertEquals(0f, t.out[outL][PERIOD - 1], 0f);

        List<Double> targets = new ArrayList<>();
        targets.add(-90.0);
        t.state.addListener((p, v, o) -> {
            if (p.path().equals("ch/1/fader")) targets.add(v);
        });
        m.recall(up.id(), 500);
        assertEquals(1, ticks.size(), "a timed recall starts one ticker");
        BooleanSupplier tick = ticks.get(0);

        int totalFrames = 600 * RATE / 1000;
        float[] rendered = new float[totalFrames];
        boolean ticking = true;
        for (int done = 0; done < totalFrames; ) {
            for (int f = 0; f < TICK_FRAMES && done < totalFrames; f += PERIOD) {
                java.util.Arrays.fill(t.in[0], 1f);
                t.engine.process(t.in, t.out, PERIOD);
                System.arraycopy(t.out[outL], 0, rendered, done, PERIOD);
                done += PERIOD;
            }
            nowMs[0] += LiveShow.TICK_MS;
            if (ticking) ticking = tick.getAsBoolean();
        }
        assertFalse(m.fading(), "the glide has ended");

        // The largest jump between two consecutive written targets, spread over one ramp, bounds every sample step
        // (plus a few float roundings of the output sample: the ramp itself accumulates in double).
        double maxTargetStep = 0;
        for (int i = 1; i < targets.size(); i++) {
            maxTargetStep = Math.max(maxTargetStep, Math.abs(Gains.dbToGain(targets.get(i)) - Gains.dbToGain(targets.get(i - 1))));
        }
        double allowed = maxTargetStep / RAMP_FRAMES + 4 * Math.ulp(1f);
        float prev = 0f, maxStep = 0f;
        for (int i = 0; i < rendered.length; i++) {
            float v = rendered[i];
            assertTrue(v >= prev - 1e-6f, "the level only rises during the glide (sample " + i + ": " + prev + " → " + v + ")");
            maxStep = Math.max(maxStep, Math.abs(v - prev));
            prev = v;
        }
        assertTrue(targets.size() >= 20, "the glide wrote about one target per 20 ms tick: " + targets.size());
        assertTrue(maxStep <= allowed, "largest sample step " + maxStep + " > what the ramp allows " + allowed);
        assertTrue(maxStep < 1f / RAMP_FRAMES / 4, "much smoother than an instant recall (one 20 ms ramp): " + maxStep);

        int at = RATE / 1000;
        assertEquals(1f, rendered[520 * at], 1e-6f, "at the target 500 ms + one 20 ms ramp after the recall");
        assertEquals(1f, rendered[rendered.length - 1], 1e-6f);
        assertTrue(rendered[400 * at] < 0.99f, "not there early (400 ms: " + rendered[400 * at] + ")");
        assertTrue(rendered[250 * at] > 0.01f && rendered[250 * at] < 0.9f, "half-way it is on the way: " + rendered[250 * at]);
        assertEquals(0.0, t.state.get("ch/1/fader"), "the state lands exactly on the scene's value");
    }
}
