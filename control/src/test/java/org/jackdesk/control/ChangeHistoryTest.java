package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.StripLabels;
import org.jackdesk.config.show.Scene;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.control.security.AccessPolicy;
import org.jackdesk.control.security.Principal;
import org.jackdesk.control.security.Role;
import org.junit.jupiter.api.Test;

/**
 * The "oops" history over a real console state: what one entry is (a drag, a scene recall, an
 * undo, a rename), the last 100 kept, and undo through the parameter service with the undoer's role —
 * every value back where it was, or nothing at all.
 */
class ChangeHistoryTest {
    private final ConsoleState state = new ConsoleState(ParamRegistry.forLayout(ConfigJson.builtinDefault().toLayout()));
    private final AtomicLong nowMs = new AtomicLong(1_000_000);
    private final ChangeHistory history = new ChangeHistory(state, nowMs::get, String::valueOf);
    private static final Principal MONITOR_1 = new Principal("drums", Role.MONITOR, Set.of(1));

    private void set(String path, Object v, Object origin) throws Exception {
        state.set(path, v, origin);
    }

    @Test
    void aDragIsOneEntryFromWhereItStartedToWhereItStopped() throws Exception {
        history.attach();
        set("ch/1/fader", -3.0, "s1");
        nowMs.addAndGet(100);
        set("ch/1/fader", -8.0, "s1");
        nowMs.addAndGet(1000);
        set("ch/1/fader", -12.5, "s1");
        List<ChangeHistory.Entry> list = history.list();
        assertEquals(1, list.size(), "one move: " + list);
        ChangeHistory.Change c = list.get(0).changes().get(0);
        assertEquals("ch/1/fader", list.get(0).what());
        assertEquals(0.0, c.from());
        assertEquals(-12.5, c.to());
        assertEquals("s1", list.get(0).who());
    }

    @Test
    void anotherControlAnotherClientOrAPauseStartsANewEntryNewestFirst() throws Exception {
        history.attach();
        set("ch/1/fader", -3.0, "s1");
        set("ch/2/fader", -4.0, "s1");
        set("ch/2/fader", -5.0, "s2");
        nowMs.addAndGet(ChangeHistory.MERGE_MS + 1);
        set("ch/2/fader", -6.0, "s2");
        List<ChangeHistory.Entry> list = history.list();
        assertEquals(List.of("ch/2/fader", "ch/2/fader", "ch/2/fader", "ch/1/fader"), list.stream().map(ChangeHistory.Entry::what).toList());
        assertEquals(-5.0, list.get(0).changes().get(0).from(), "the later move starts where the earlier one stopped");
        assertEquals(-6.0, list.get(0).changes().get(0).to());
        assertTrue(list.get(0).id() > list.get(1).id());
    }

    @Test
    void keepsTheLastHundredAndNotTheLiveSwitches() throws Exception {
        history.attach();
        for (int i = 1; i <= 150; i++) set("ch/" + (1 + i % 20) + "/fader", -i * 0.5, "s" + i);
        set("osc/on", true, "s1");
        List<ChangeHistory.Entry> list = history.list();
        assertEquals(ChangeHistory.MAX_ENTRIES, list.size());
        assertEquals(150, list.get(0).id(), "the oscillator switch is not an entry");
        assertEquals(51, list.get(99).id(), "the oldest fifty went");
    }

    @Test
    void aSceneRecallIsOneEntryWithEveryValueItChanged() throws Exception {
        SceneManager scenes = new SceneManager(state, System::currentTimeMillis, tick -> { });
        set("ch/1/fader", -10.0, "s1");
        set("ch/2/mute", true, "s1");
        Scene verse = scenes.save("Verse", List.of(), 0);
        set("ch/1/fader", 0.0, "s1");
        set("ch/2/mute", false, "s1");
        history.attach();
        set("ch/3/fader", -2.0, "s1");
        scenes.recall(verse.id(), 0);
        List<ChangeHistory.Entry> list = history.list();
        assertEquals(2, list.size(), "the fader move and the recall: " + list);
        ChangeHistory.Entry recall = list.get(0);
        assertEquals("scene", recall.who());
        assertTrue(recall.what().startsWith("scene recall ("), recall.what());
        assertTrue(recall.changes().stream().anyMatch(c -> c.param().path().equals("ch/1/fader") && c.from() == 0.0 && c.to() == -10.0));
        assertTrue(recall.changes().stream().anyMatch(c -> c.param().path().equals("ch/2/mute") && c.from() == 0.0 && c.to() == 1.0));
    }

    @Test
    void undoingASceneRecallPutsBackEveryValueAndTheUndoCanBeUndone() throws Exception {
        ParameterService params = new ParameterService(state, null, ParameterService.Limits.perClientOnly(200));
        SceneManager scenes = new SceneManager(state, System::currentTimeMillis, tick -> { });
        set("ch/1/fader", -10.0, "s1");
        set("ch/5/pan", 0.5, "s1");
        Scene verse = scenes.save("Verse", List.of(), 0);
        set("ch/1/fader", -3.0, "s1");
        set("ch/5/pan", -0.25, "s1");
        params.history().attach();
        scenes.recall(verse.id(), 0);
        assertEquals(-10.0, state.get("ch/1/fader"));
        long recallId = params.history(Principal.ANYONE).get(0).id();
        ChangeHistory.Entry undone = params.undo(Principal.ANYONE, recallId, "s9");
        assertEquals(recallId, undone.id());
        assertEquals(-3.0, state.get("ch/1/fader"), "the recall's fader put back");
        assertEquals(-0.25, state.get("ch/5/pan"), "and its pan");
        List<ChangeHistory.Entry> list = params.history(Principal.ANYONE);
        assertTrue(list.get(1).undone(), "the recall is marked undone");
        assertEquals("s9 (undo)", list.get(0).who());
        assertEquals(ParameterService.ALREADY_UNDONE,
                assertThrows(ProtocolError.class, () -> params.undo(Principal.ANYONE, recallId, "s9")).code());
        params.undo(Principal.ANYONE, list.get(0).id(), "s9");
        assertEquals(-10.0, state.get("ch/1/fader"), "undoing the undo recalls again");
        assertEquals(ParameterService.NOT_IN_HISTORY,
                assertThrows(ProtocolError.class, () -> params.undo(Principal.ANYONE, 999, "s9")).code());
    }

    @Test
    void aMonitorSeesAndUndoesOnlyItsOwnMixAndAnEntryIsUndoneWhollyOrNotAtAll() throws Exception {
        ParameterService params = new ParameterService(state, null, ParameterService.Limits.perClientOnly(200));
        params.history().attach();
        params.set(Principal.ANYONE, params.param("ch/1/fader"), -6.0, "foh");
        params.set(MONITOR_1, params.param("ch/1/send/1/level"), -12.0, "wedge");
        List<ChangeHistory.Entry> mine = params.history(MONITOR_1);
        assertEquals(List.of("ch/1/send/1/level"), mine.stream().map(ChangeHistory.Entry::what).toList(), "its own mix only");
        long fohMove = params.history(Principal.ANYONE).get(1).id();
        ProtocolError refused = assertThrows(ProtocolError.class, () -> params.undo(MONITOR_1, fohMove, "wedge"));
        assertEquals(AccessPolicy.FORBIDDEN, refused.code());
        assertEquals(-6.0, state.get("ch/1/fader"), "nothing changed");
        params.undo(MONITOR_1, mine.get(0).id(), "wedge");
        assertEquals(-90.0, state.get("ch/1/send/1/level"), "its own send back at −∞");
    }
    /** A console whose strips have the shipped configuration's names and colours (as `./jackdesk start` has them). */
    private ParameterService labelled() {
        ParameterService params = new ParameterService(state, null, ParameterService.Limits.perClientOnly(200));
        params.labels(new StripLabels(ConfigJson.builtinDefault().layout()));
        params.history().attach();
        return params;
    }

    @Test
    void aRenameIsOneEntryFromTheOldNameToTheNewAndItsUndoPutsTheNameBack() throws Exception {
        ParameterService params = labelled();
        String before = params.labels().get("ch/3").name();
        assertNotEquals("Kick In", before);
        params.label(Principal.ANYONE, "ch/3", "Kick In", null, "s1");
        List<ChangeHistory.Entry> list = params.history(Principal.ANYONE);
        assertEquals(1, list.size(), "one rename, one entry: " + list);
        ChangeHistory.Entry rename = list.get(0);
        assertEquals("ch/3 name", rename.what());
        assertEquals("s1", rename.who());
        assertEquals(List.of(new ChangeHistory.LabelChange("ch/3", ChangeHistory.NAME, before, "Kick In")), rename.labels());
        assertEquals(1, rename.count());

        ChangeHistory.Entry undone = params.undo(Principal.ANYONE, rename.id(), "s2");
        assertEquals(rename.id(), undone.id());
        assertEquals(before, params.labels().get("ch/3").name(), "the old name is back");
        list = params.history(Principal.ANYONE);
        assertTrue(list.get(1).undone(), "the rename is marked undone");
        assertEquals("undo (1 value: ch/3 name)", list.get(0).what());
        assertEquals("s2 (undo)", list.get(0).who());
        assertEquals(List.of(new ChangeHistory.LabelChange("ch/3", ChangeHistory.NAME, "Kick In", before)), list.get(0).labels());
        assertEquals(ParameterService.ALREADY_UNDONE,
                assertThrows(ProtocolError.class, () -> params.undo(Principal.ANYONE, rename.id(), "s2")).code());
        params.undo(Principal.ANYONE, list.get(0).id(), "s2");
        assertEquals("Kick In", params.labels().get("ch/3").name(), "undoing the undo renames again");
    }

    @Test
    void aRenameAndRecolourInOneOperationIsOneEntryAndNothingChangedIsNoEntry() throws Exception {
        ParameterService params = labelled();
        StripLabels.Label before = params.labels().get("bus/1");
        String colour = "blue".equals(before.colour()) ? "red" : "blue";
        params.label(Principal.ANYONE, "bus/1", "Vox Wedge", colour, "s1");
        params.label(Principal.ANYONE, "bus/1", "Vox Wedge", colour, "s1"); // the same again: nothing changed
        params.label(Principal.ANYONE, "bus/1", " Vox Wedge ", null, "s1"); // trimmed, the same name
        assertThrows(ProtocolError.class, () -> params.label(Principal.ANYONE, "bus/1", "", null, "s1")); // refused: no entry
        List<ChangeHistory.Entry> list = params.history(Principal.ANYONE);
        assertEquals(1, list.size(), "one operation, one entry: " + list);
        assertEquals("bus/1 name, colour", list.get(0).what());
        assertEquals(List.of(new ChangeHistory.LabelChange("bus/1", ChangeHistory.NAME, before.name(), "Vox Wedge"),
                new ChangeHistory.LabelChange("bus/1", ChangeHistory.COLOUR, before.colour(), colour)), list.get(0).labels());
        params.undo(Principal.ANYONE, list.get(0).id(), "s1");
        assertEquals(before, params.labels().get("bus/1"), "name and colour back in one undo");
        assertEquals("undo (2 values)", params.history(Principal.ANYONE).get(0).what());
    }

    @Test
    void aRenameBetweenFaderMovesIsAnEntryOfItsOwn() throws Exception {
        ParameterService params = labelled();
        params.set(Principal.ANYONE, params.param("ch/1/fader"), -3.0, "s1");
        params.label(Principal.ANYONE, "dca/2", "Drums", null, "s1");
        params.set(Principal.ANYONE, params.param("ch/1/fader"), -6.0, "s1"); // within MERGE_MS, but after the rename
        assertEquals(List.of("ch/1/fader", "dca/2 name", "ch/1/fader"),
                params.history(Principal.ANYONE).stream().map(ChangeHistory.Entry::what).toList());
    }

    @Test
    void aMonitorNeitherSeesNorUndoesARenameAndARefusedUndoChangesNothing() throws Exception {
        ParameterService params = labelled();
        String before = params.labels().get("ch/1").name();
        params.label(Principal.ANYONE, "ch/1", "Kick Sub", "cyan", "foh");
        params.set(MONITOR_1, params.param("ch/1/send/1/level"), -12.0, "wedge");
        assertEquals(List.of("ch/1/send/1/level"), params.history(MONITOR_1).stream().map(ChangeHistory.Entry::what).toList(),
                "a monitor may not rename: the rename is not in its list");
        long rename = params.history(Principal.ANYONE).get(1).id();
        ProtocolError refused = assertThrows(ProtocolError.class, () -> params.undo(MONITOR_1, rename, "wedge"));
        assertEquals(AccessPolicy.FORBIDDEN, refused.code());
        assertEquals("Kick Sub", params.labels().get("ch/1").name(), "nothing changed");
        assertFalse(params.history(Principal.ANYONE).get(1).undone(), "and the rename can still be undone");
        params.undo(Principal.ANYONE, rename, "foh");
        assertEquals(before, params.labels().get("ch/1").name());
    }

    @Test
    void aColourGivenOnAConsoleWithoutColoursGoesBackToOff() throws Exception {
        ParameterService params = new ParameterService(state, null, ParameterService.Limits.perClientOnly(200));
        params.history().attach();
        assertNull(params.labels().get("ch/2").colour(), "a console without a configuration has no colours");
        params.label(Principal.ANYONE, "ch/2", null, "red", "s1");
        ChangeHistory.Entry e = params.history(Principal.ANYONE).get(0);
        assertEquals(List.of(new ChangeHistory.LabelChange("ch/2", ChangeHistory.COLOUR, null, "red")), e.labels());
        params.undo(Principal.ANYONE, e.id(), "s1");
        assertEquals("off", params.labels().get("ch/2").colour());
    }
}
