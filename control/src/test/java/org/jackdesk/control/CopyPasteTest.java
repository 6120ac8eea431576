package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.ParamType;
import org.jackdesk.config.show.Sections;
import org.jackdesk.control.security.Principal;
import org.jackdesk.control.security.Role;
import org.junit.jupiter.api.Test;

/**
 * Copy and paste by section (issue 23, slice 2) over a real console state and parameter service:
 * the targets hold exactly the source's values in the sections pasted and nothing else moved, the
 * whole paste is one history entry whose undo puts every target back, a monitor may not paste onto
 * the main mix's processing, and a bad request says what is wrong and changes nothing.
 */
class CopyPasteTest {
    private final ConsoleState state = new ConsoleState(ParamRegistry.forLayout(ConfigJson.builtinDefault().toLayout()));
    private final ParameterService params = new ParameterService(state, null, ParameterService.Limits.perClientOnly(200));

    /** Every parameter of channel {@code ch} in a section of {@code sections}. */
    private List<Param> of(int ch, Set<String> sections) {
        return state.registry().all().stream()
                .filter(p -> p.path().startsWith("ch/" + ch + "/") && sections.contains(Sections.of(p))).toList();
    }

    /** Random values, different from the defaults, on every processing parameter of channel 1. */
    private void shapeChannelOne() throws Exception {
        SplittableRandom rnd = new SplittableRandom(23);
        for (Param p : of(1, Set.copyOf(ParameterService.PASTE_SECTIONS))) {
            double v = p.type() == ParamType.FLOAT ? p.min() + (p.max() - p.min()) * (0.1 + 0.8 * rnd.nextDouble())
                    : p.type() == ParamType.BOOL ? 1 - p.defaultValue() : (p.defaultValue() + 1) % (p.max() + 1);
            state.set(p, p.def().clamp(v), "test");
        }
    }

    private double[] values(int ch, Set<String> sections) {
        return of(ch, sections).stream().mapToDouble(p -> state.get(p.slot())).toArray();
    }

    @Test
    void theTargetsHoldExactlyTheSourcesValuesInThePastedSectionsAndNothingElseMoves() throws Exception {
        shapeChannelOne();
        Set<String> pasted = Set.of("eq", "comp");
        double[] gateBefore = values(2, Set.of("gate", "hpf", "sends"));
        double[] otherBefore = values(3, Set.copyOf(ParameterService.PASTE_SECTIONS));
        ParameterService.Pasted p = params.paste(Principal.ANYONE, 1, List.of(2, 20, 1), List.of("eq", "comp"), "s1");
        assertEquals(List.of(2, 20), p.to(), "the source is not its own target");
        assertEquals(List.of("eq", "comp"), p.sections());
        assertEquals(2 * of(1, pasted).size(), p.values());
        for (int t : List.of(2, 20)) assertArrayEquals(values(1, pasted), values(t, pasted), "ch/" + t + " holds ch/1's EQ and compressor");
        assertArrayEquals(gateBefore, values(2, Set.of("gate", "hpf", "sends")), "ch/2's other sections did not move");
        assertArrayEquals(otherBefore, values(3, Set.copyOf(ParameterService.PASTE_SECTIONS)), "ch/3 was not a target");

        params.paste(Principal.ANYONE, 1, List.of(5), List.of("all"), "s1");
        Set<String> all = Set.copyOf(ParameterService.PASTE_SECTIONS);
        assertArrayEquals(values(1, all), values(5, all), "all: HPF, gate, EQ, compressor and every send");
        assertTrue(of(5, Set.of("sends")).stream().anyMatch(q -> q.path().equals("ch/5/send/3/level")), "the sends are in it");
    }

    @Test
    void aPasteIsOneHistoryEntryAndItsUndoPutsEveryTargetBack() throws Exception {
        shapeChannelOne();
        Set<String> eq = Set.of("eq");
        double[] two = values(2, eq), three = values(3, eq);
        params.history().attach();
        params.paste(Principal.ANYONE, 1, List.of(2, 3), List.of("eq"), "s1");
        List<ChangeHistory.Entry> list = params.history(Principal.ANYONE);
        assertEquals(1, list.size(), "one entry: " + list.stream().map(ChangeHistory.Entry::what).toList());
        assertTrue(list.get(0).what().startsWith("paste ("), list.get(0).what());
        assertEquals("s1", list.get(0).who());
        params.undo(Principal.ANYONE, list.get(0).id(), "s1");
        assertArrayEquals(two, values(2, eq), "ch/2's EQ is back");
        assertArrayEquals(three, values(3, eq), "ch/3's EQ is back");
    }

    @Test
    void aMonitorMayNotPasteAndABadRequestChangesNothing() throws Exception {
        shapeChannelOne();
        double[] before = state.copyValues();
        Principal monitor = new Principal("drums", Role.MONITOR, Set.of(1));
        ProtocolError e = assertThrows(ProtocolError.class, () -> params.paste(monitor, 1, List.of(2), List.of("eq"), "s2"));
        assertEquals("forbidden", e.code());
        // A monitor's own sends are its to change: but a paste of "sends" writes every bus's, so it is refused whole.
        assertEquals("forbidden", assertThrows(ProtocolError.class, () -> params.paste(monitor, 1, List.of(2), List.of("sends"), "s2")).code());
        e = assertThrows(ProtocolError.class, () -> params.paste(Principal.ANYONE, 1, List.of(2), List.of("eqq"), "s1"));
        assertEquals(ParameterService.BAD_SECTION, e.code());
        assertTrue(e.getMessage().contains("did you mean 'eq'?"), e.getMessage());
        e = assertThrows(ProtocolError.class, () -> params.paste(Principal.ANYONE, 1, List.of(2, 21), List.of("eq"), "s1"));
        assertEquals(ParameterService.BAD_CHANNEL, e.code());
        assertTrue(e.getMessage().contains("channel 21") && e.getMessage().contains("1..20"), e.getMessage());
        assertEquals(ParameterService.BAD_CHANNEL, assertThrows(ProtocolError.class,
                () -> params.paste(Principal.ANYONE, 0, List.of(2), List.of("eq"), "s1")).code());
        assertEquals(ParameterService.BAD_CHANNEL, assertThrows(ProtocolError.class,
                () -> params.paste(Principal.ANYONE, 1, List.of(1), List.of("eq"), "s1")).code(), "only the source: nothing to paste onto");
        assertEquals(ParameterService.BAD_SECTION, assertThrows(ProtocolError.class,
                () -> params.paste(Principal.ANYONE, 1, List.of(2), List.of(), "s1")).code());
        assertArrayEquals(before, state.copyValues(), "nothing changed");
    }
}
