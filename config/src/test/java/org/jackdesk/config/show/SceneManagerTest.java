package org.jackdesk.config.show;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.Taper;
import org.junit.jupiter.api.Test;

class SceneManagerTest {
    private final ConsoleState state = new ConsoleState(ParamRegistry.forLayout(Layout.of(4, 1, 2, 0)));
    private final AtomicLong clock = new AtomicLong(1000);
    private final List<BooleanSupplier> tickers = new ArrayList<>();
    private final SceneManager m = new SceneManager(state, clock::get, tickers::add);

    private double v(String path) throws Exception {
        return state.get(path);
    }

    private void set(String path, Object value) throws Exception {
        state.set(path, value, "test");
    }

    @Test
    void recallRestoresEverythingSavedAndUndoBringsBackThePreviousState() throws Exception {
        set("ch/1/fader", -5.0);
        set("ch/2/eq/2/gain", 3.0);
        set("ch/3/mute", true);
        Scene a = m.save("Verse", List.of(), 0);
        set("ch/1/fader", -20.0);
        set("ch/2/eq/2/gain", -6.0);
        set("ch/3/mute", false);
        double[] before = state.copyValues();
        SceneManager.RecallResult r = m.recall(a.id(), 0);
        assertEquals(3, r.changed());
        assertEquals(-5.0, v("ch/1/fader"));
        assertEquals(3.0, v("ch/2/eq/2/gain"));
        assertEquals(1.0, v("ch/3/mute"));
        m.undo();
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(state.copyValues()));
        SceneException e = assertThrows(SceneException.class, m::undo);
        assertEquals(SceneException.NOTHING_TO_UNDO, e.code());
    }

    @Test
    void undoTellsTheChangeListenersThatThereIsNothingLeftToUndo() throws Exception {
        Scene a = m.save("Verse", List.of(), 0);
        set("ch/1/fader", -20.0);
        m.recall(a.id(), 0);
        List<Boolean> canUndoSeen = new ArrayList<>();
        m.addChangeListener(() -> canUndoSeen.add(m.canUndo()));
        m.undo();
        assertEquals(List.of(false), canUndoSeen, "one change notification, after which canUndo is false");
    }

    @Test
    void recallSafesAreNeverChangedByARecall() throws Exception {
        Scene a = m.save("All at defaults", List.of(), 0);
        set("ch/2/fader", -12.0);      // channel 2 is safe as a whole
        set("ch/1/eq/1/gain", 4.0);    // EQ is safe on every strip
        set("ch/1/fader", -30.0);      // not safe
        set("ch/5/gate/on", true);     // not safe
        m.setSafes(List.of("ch/2", "eq"));
        SceneManager.RecallResult r = m.recall(a.id(), 0);
        assertEquals(-12.0, v("ch/2/fader"));
        assertEquals(4.0, v("ch/1/eq/1/gain"));
        assertEquals(0.0, v("ch/1/fader"));
        assertEquals(0.0, v("ch/5/gate/on"));
        assertTrue(r.keptSafe() > 0);
        // With the safes cleared the same recall does change them.
        m.setSafes(List.of());
        m.recall(a.id(), 0);
        assertEquals(0.0, v("ch/2/fader"));
        assertEquals(0.0, v("ch/1/eq/1/gain"));
    }

    @Test
    void scopedSceneHoldsAndRecallsOnlyItsScope() throws Exception {
        set("ch/1/eq/3/gain", 6.0);
        set("ch/1/fader", -3.0);
        set("ch/3/eq/3/gain", -2.0);
        Scene eq = m.save("EQ ch1-2", List.of("ch/1..2/eq"), 0);
        assertTrue(eq.values().containsKey("ch/1/eq/3/gain"));
        assertFalse(eq.values().containsKey("ch/1/fader"));
        assertFalse(eq.values().containsKey("ch/3/eq/3/gain"));
        set("ch/1/eq/3/gain", 0.0);
        set("ch/1/fader", -40.0);
        set("ch/3/eq/3/gain", 5.0);
        m.recall(eq.id(), 0);
        assertEquals(6.0, v("ch/1/eq/3/gain"));
        assertEquals(-40.0, v("ch/1/fader"));
        assertEquals(5.0, v("ch/3/eq/3/gain"));
        SceneException bad = assertThrows(SceneException.class, () -> m.save("x", List.of("ch/9"), 0));
        assertTrue(bad.getMessage().contains("this console has 5 ch strips"), bad.getMessage());
        bad = assertThrows(SceneException.class, () -> m.save("x", List.of("ch/1/eqq"), 0));
        assertTrue(bad.getMessage().contains("did you mean 'ch/1/eq'"), bad.getMessage());
    }

    @Test
    void cueListGoesForwardAndBackAndStopsAtTheEnds() throws Exception {
        set("main/fader", -10.0);
        Scene s1 = m.save("Preshow", List.of("main"), 0);
        set("main/fader", -3.0);
        Scene s2 = m.save("Act 1", List.of("main"), 0);
        set("main/fader", 0.0);
        Scene s3 = m.save("Interval", List.of("main"), 0);
        m.setCues(List.of(new Cue(s1.id(), -1, "house open"), new Cue(s3.id(), -1, "skip"), new Cue(s2.id(), -1, "go")));
        assertEquals(0, m.go().cueIndex());
        assertEquals(-10.0, v("main/fader"));
        assertEquals(1, m.go().cueIndex());
        assertEquals(0.0, v("main/fader"));
        assertEquals(2, m.go().cueIndex());
        assertEquals(-3.0, v("main/fader"));
        assertEquals(SceneException.END_OF_CUES, assertThrows(SceneException.class, m::go).code());
        assertEquals(1, m.back().cueIndex());
        assertEquals(0.0, v("main/fader"));
        m.back();
        assertEquals(SceneException.END_OF_CUES, assertThrows(SceneException.class, m::back).code());
        // Deleting a scene removes its cues; the running order without cues is the scene list.
        m.delete(s3.id());
        assertEquals(2, m.cues().size());
        m.setCues(List.of());
        m.move(s2.id(), 0);
        assertEquals(List.of("Act 1", "Preshow"), m.scenes().stream().map(Scene::name).toList());
        m.go();
        assertEquals(-3.0, v("main/fader"));
    }

    @Test
    void updateRenameAndDeleteKeepIdentity() throws Exception {
        Scene a = m.save("Soundcheck", List.of("ch/1"), 250);
        set("ch/1/fader", -7.0);
        Scene u = m.update(a.id());
        assertEquals(-7.0, u.values().get("ch/1/fader"));
        Scene r = m.rename(a.id(), "Show");
        assertEquals(a.id(), r.id());
        assertEquals(-7.0, r.values().get("ch/1/fader"));
        assertEquals(SceneException.BAD_NAME, assertThrows(SceneException.class, () -> m.rename(a.id(), "  ")).code());
        m.delete(a.id());
        assertEquals(SceneException.UNKNOWN_SCENE, assertThrows(SceneException.class, () -> m.recall(a.id(), 0)).code());
    }

    @Test
    void crossfadeGlidesFadersSwitchesAtStartAndLandsOnTime() throws Exception {
        set("ch/1/fader", 0.0);
        set("ch/1/mute", true);
        set("ch/1/hpf/freq", 400.0);
        Scene target = m.save("Target", List.of(), 0);
        set("ch/1/fader", -90.0);
        set("ch/1/mute", false);
        set("ch/1/hpf/freq", 40.0);
        List<String> writes = new ArrayList<>();
        state.addListener((p, val, origin) -> {
            if (p.path().startsWith("ch/1/")) writes.add(clock.get() + " " + p.path() + "=" + val + " " + origin);
        });
        SceneManager.RecallResult r = m.recall(target.id(), 500);
        assertEquals(500, r.fadeMs());
        assertEquals(1, tickers.size());
        assertEquals(List.of("1000 ch/1/mute=1.0 scene"), writes, "the switch changes at the start, the faders not yet");
        BooleanSupplier tick = tickers.get(0);
        List<Double> faderPositions = new ArrayList<>();
        List<Double> hpf = new ArrayList<>();
        boolean running = true;
        while (running) {
            clock.addAndGet(20);
            running = tick.getAsBoolean();
            faderPositions.add(Taper.faderPosition(v("ch/1/fader")));
            hpf.add(v("ch/1/hpf/freq"));
        }
        assertEquals(25, faderPositions.size(), "the glide ends at the tick where 500 ms have passed");
        assertEquals(0.0, v("ch/1/fader"));
        assertEquals(400.0, v("ch/1/hpf/freq"));
        assertFalse(m.fading());
        // Even steps in fader position (0.75 over 25 ticks), and the frequency moves by equal ratios.
        for (int i = 0; i < faderPositions.size(); i++) {
            assertEquals(0.75 * (i + 1) / 25.0, faderPositions.get(i), 1e-9, "fader position at tick " + i);
        }
        for (int i = 1; i < hpf.size(); i++) {
            assertEquals(Math.pow(10, 1.0 / 25), hpf.get(i) / hpf.get(i - 1), 1e-9);
        }
        assertFalse(tick.getAsBoolean(), "a finished glide's ticker stops");
    }

    @Test
    void aHandOnAFaderTakesItOutOfTheGlideAndUndoStopsTheGlide() throws Exception {
        Scene zero = m.save("Zero", List.of("ch/1/fader", "ch/2/fader"), 0);
        set("ch/1/fader", -60.0);
        set("ch/2/fader", -60.0);
        m.recall(zero.id(), 1000);
        BooleanSupplier tick = tickers.get(0);
        clock.addAndGet(100);
        tick.getAsBoolean();
        set("ch/1/fader", -20.0); // the engineer grabs fader 1
        clock.addAndGet(1000);
        assertFalse(tick.getAsBoolean());
        assertEquals(-20.0, v("ch/1/fader"));
        assertEquals(0.0, v("ch/2/fader"));
        // Undo in the middle of a glide: the glide stops and the values before the recall return.
        set("ch/2/fader", -60.0);
        m.recall(zero.id(), 1000);
        clock.addAndGet(300);
        tickers.get(1).getAsBoolean();
        m.undo();
        assertFalse(tickers.get(1).getAsBoolean());
        assertEquals(-60.0, v("ch/2/fader"));
    }

    @Test
    void aNewRecallReplacesARunningGlide() throws Exception {
        Scene loud = m.save("Loud", List.of("main"), 0);
        set("main/fader", -50.0);
        Scene quiet = m.save("Quiet", List.of("main"), 0);
        m.recall(loud.id(), 1000);
        clock.addAndGet(200);
        tickers.get(0).getAsBoolean();
        m.recall(quiet.id(), 0);
        assertEquals(-50.0, v("main/fader"));
        clock.addAndGet(2000);
        assertFalse(tickers.get(0).getAsBoolean(), "the old glide no longer writes");
        assertEquals(-50.0, v("main/fader"));
    }
}
