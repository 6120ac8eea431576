package org.jackdesk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleStateTest {
    private final ConsoleState state = new ConsoleState(ParamRegistry.forLayout(Layout.of(2, 0, 1, 0)));

    @Test
    void startsAtDefaultsAndNotifiesChanges() throws Exception {
        assertEquals(0.0, state.get("ch/1/fader"));
        assertEquals(true, state.snapshot().get("ch/1/main"));
        List<String> seen = new ArrayList<>();
        state.addListener((p, v, o) -> seen.add(p.path() + "=" + v + "@" + o));
        assertEquals(-6.0, state.set("ch/1/fader", -6.0, "a"));
        state.set("ch/1/fader", -6.0, "b"); // unchanged: no notification
        assertEquals(List.of("ch/1/fader=-6.0@a"), seen);
    }

    @Test
    void rejectedValueLeavesStateUntouched() throws Exception {
        double[] before = state.copyValues();
        assertThrows(ParamException.class, () -> state.set("ch/1/fader", 11, "x"));
        assertThrows(ParamException.class, () -> state.set("ch/1/fadr", 1, "x"));
        assertThrows(ParamException.class, () -> state.set("ch/1/mute", "nope", "x"));
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(state.copyValues()));
    }

    @Test
    void nudgeClampsToRange() throws Exception {
        Param fader = state.registry().require("ch/2/fader");
        assertEquals(10.0, state.nudge(fader, 50, "x"));
        assertEquals(-90.0, state.nudge(fader, -500, "x"));
    }
}
