package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.jackdesk.config.ChannelLinks;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.ParamType;
import org.jackdesk.config.show.Scene;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.config.show.Sections;
import org.jackdesk.config.show.Show;
import org.jackdesk.config.show.ShowJson;
import org.jackdesk.control.security.Principal;
import org.jackdesk.control.security.Role;
import org.junit.jupiter.api.Test;

/**
 * Stereo link of two adjacent mono channels (issue 23) over a real console state, parameter
 * service and scene manager: linking copies the odd channel onto the even one and centres the
 * balance, a set on either side reaches the other (set, nudge, a paste onto it, an undo) as one
 * history entry, the input stage and automix stay per channel, unlinking keeps every value, a
 * monitor's mirrored send stays inside its role, a link where the layout has no mono pair is
 * refused with the reason, a scene neither holds nor changes a link and a recall keeps a linked
 * pair in step, and a show saved with a link loads linked.
 */
class StereoLinkTest {
    private final ConsoleConfig config = ConfigJson.builtinDefault();
    private final ConsoleState state = new ConsoleState(ParamRegistry.forLayout(config.toLayout()));
    private final ParameterService params = new ParameterService(state, null, ParameterService.Limits.perClientOnly(200));

    private Param p(String path) {
        return state.registry().find(path);
    }

    private double v(String path) {
        return state.get(p(path).slot());
    }

    private void set(String path, Object value) throws Exception {
        params.set(Principal.ANYONE, p(path), value, "s1");
    }

    /** Every parameter of channel {@code ch} whose section is one of {@code sections}, relative path → value. */
    private Map<String, Double> values(int ch, Set<String> sections) {
        Map<String, Double> out = new java.util.TreeMap<>();
        for (Param q : state.registry().all()) {
            if (q.path().startsWith("ch/" + ch + "/") && sections.contains(Sections.of(q)) && !q.path().endsWith("/pan")) {
                out.put(q.path().substring(("ch/" + ch + "/").length()), state.get(q.slot()));
            }
        }
        return out;
    }

    /** Channel 7 (OH L) shaped as an engineer would, every processing value off its default; channel 8 with its own trim. */
    private void shapeSeven() throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        for (Param q : state.registry().all()) {
            if (!q.path().startsWith("ch/7/") || !Set.of("hpf", "gate", "eq", "comp", "sends", "order").contains(Sections.of(q))) continue;
            double x = q.type() == ParamType.FLOAT ? q.min() + (q.max() - q.min()) * (0.1 + 0.8 * rnd.nextDouble())
                    : q.type() == ParamType.BOOL ? 1 - q.defaultValue() : (q.defaultValue() + 1) % (q.max() + 1);
            state.set(q, q.def().clamp(x), "test");
        }
        state.set("ch/7/fader", -4.0, "test");
        state.set("ch/7/mute", true, "test");
        state.set("ch/7/dca/1", true, "test");
        state.set("ch/7/pan", -0.4, "test");
        state.set("ch/7/trim", 6.0, "test");
        state.set("ch/8/trim", 3.5, "test");
        state.set("ch/8/automix/weight", 2.0, "test");
    }

    @Test
    void linkingFromEitherSideCopiesTheOddChannelOntoTheEvenOneAndCentresTheBalanceAsOneEntry() throws Exception {
        shapeSeven();
        params.history().attach();
        set("ch/8/link", true); // pressed on the even side: the odd side is still the source
        assertEquals(1.0, v("ch/7/link"));
        assertEquals(1.0, v("ch/8/link"));
        Set<String> mirrored = Set.of("hpf", "gate", "eq", "comp", "sends", "order", "fader", "mute", "solo", "routing", "groups");
        Map<String, Double> seven = values(7, mirrored), eight = values(8, mirrored);
        eight.keySet().removeIf(k -> k.startsWith("automix") || k.equals("link"));
        seven.keySet().removeIf(k -> k.startsWith("automix") || k.equals("link"));
        assertEquals(seven, eight, "ch/8 took ch/7's processing, sends, fader, mute and DCAs");
        assertEquals(-4.0, v("ch/8/fader"));
        assertEquals(1.0, v("ch/8/dca/1"));
        assertEquals(0.0, v("ch/7/pan"), "the balance is centred: the pair plays hard left and right");
        assertEquals(0.0, v("ch/8/pan"));
        assertEquals(0.0, v("ch/7/send/1/pan"));
        assertEquals(0.0, v("ch/8/send/1/pan"));
        assertEquals(6.0, v("ch/7/trim"), "the input stage stays per channel");
        assertEquals(3.5, v("ch/8/trim"));
        assertEquals(2.0, v("ch/8/automix/weight"));
        List<ChangeHistory.Entry> list = params.history(Principal.ANYONE);
        assertEquals(1, list.size(), list.stream().map(ChangeHistory.Entry::what).toList().toString());
        assertTrue(list.get(0).what().startsWith("stereo link ("), list.get(0).what());
        assertEquals("s1", list.get(0).who());
        // Its undo unlinks and puts ch/8 back.
        params.undo(Principal.ANYONE, list.get(0).id(), "s1");
        assertEquals(0.0, v("ch/7/link"));
        assertEquals(0.0, v("ch/8/link"));
        assertEquals(0.0, v("ch/8/fader"));
        assertEquals(-0.4, v("ch/7/pan"));
    }

    @Test
    void aSetOnEitherSideReachesThePartnerByEveryWayAndADragIsOneEntry() throws Exception {
        set("ch/7/link", true);
        params.history().attach();
        ParameterService.Client tablet = params.client("t1", () -> Principal.ANYONE, null, "");
        tablet.set(p("ch/8/fader"), -12.0);
        assertEquals(-12.0, v("ch/7/fader"));
        tablet.set(p("ch/8/fader"), -10.0);
        tablet.set(p("ch/8/fader"), -8.5);
        assertEquals(-8.5, v("ch/7/fader"));
        params.setValue(Principal.ANYONE, p("ch/7/eq/2/gain"), 4.5, "osc:10.0.0.7"); // OSC, MIDI, Mackie, X32 come this way
        assertEquals(4.5, v("ch/8/eq/2/gain"));
        params.nudge(Principal.ANYONE, p("ch/7/pan"), 0.25, "mackie");
        assertEquals(0.25, v("ch/8/pan"), 1e-12, "a V-pot on either side turns the pair's balance");
        tablet.set(p("ch/8/mute"), true);
        assertEquals(1.0, v("ch/7/mute"));
        // Per channel: the input stage and automix.
        tablet.set(p("ch/8/trim"), 5.0);
        tablet.set(p("ch/8/delay/time"), 12.0);
        tablet.set(p("ch/8/automix/weight"), -3.0);
        assertEquals(0.0, v("ch/7/trim"));
        assertEquals(0.0, v("ch/7/delay/time"));
        assertEquals(0.0, v("ch/7/automix/weight"));
        // A paste onto one side lands on both.
        state.set("ch/1/comp/threshold", -33.0, "test");
        params.paste(Principal.ANYONE, 1, List.of(8), List.of("comp"), "s1");
        assertEquals(-33.0, v("ch/7/comp/threshold"));

        List<ChangeHistory.Entry> list = params.history(Principal.ANYONE);
        ChangeHistory.Entry drag = list.stream().filter(e -> e.what().startsWith("ch/8/fader")).findFirst().orElseThrow();
        assertEquals("ch/8/fader + ch/7/fader", drag.what());
        assertEquals(2, drag.changes().size(), "one entry holds both faders");
        assertEquals(1, list.stream().filter(e -> e.what().contains("fader")).count(), "the drag is one entry: " + list.stream().map(ChangeHistory.Entry::what).toList());
        assertTrue(list.stream().anyMatch(e -> e.what().startsWith("paste (") && e.changes().stream().anyMatch(c -> c.param().path().equals("ch/7/comp/threshold"))),
                "the paste's entry holds the mirrored side too");
        params.undo(Principal.ANYONE, drag.id(), "t1");
        assertEquals(0.0, v("ch/7/fader"), "the undo puts both faders back");
        assertEquals(0.0, v("ch/8/fader"));
    }

    @Test
    void unlinkKeepsEveryValueAndEndsTheMirroring() throws Exception {
        set("ch/7/link", true);
        set("ch/7/fader", -6.0);
        set("ch/7/pan", 0.5);
        double[] before = state.copyValues();
        set("ch/8/link", false);
        assertEquals(0.0, v("ch/7/link"), "either side unlinks the pair");
        assertEquals(0.0, v("ch/8/link"));
        double[] after = state.copyValues();
        after[p("ch/7/link").slot()] = 1;
        after[p("ch/8/link").slot()] = 1;
        assertArrayEquals(before, after, "nothing but the flags changed");
        set("ch/7/fader", -20.0);
        assertEquals(-6.0, v("ch/8/fader"), "no longer mirrored");
    }

    @Test
    void aMonitorsMirroredSendStaysInsideItsMixAndItMayNotLink() throws Exception {
        set("ch/7/link", true);
        params.history().attach();
        Principal drums = new Principal("drums", Role.MONITOR, Set.of(1));
        params.set(drums, p("ch/8/send/1/level"), -3.0, "m1");
        assertEquals(-3.0, v("ch/7/send/1/level"), "bus 1 on ch/7 is the monitor's own mix too");
        assertEquals(1, params.history(drums).size(), "the monitor sees its own (mirrored) change in OOPS");
        double[] before = state.copyValues();
        assertEquals("forbidden", assertThrows(ProtocolError.class, () -> params.set(drums, p("ch/8/send/2/level"), -3.0, "m1")).code());
        assertEquals("forbidden", assertThrows(ProtocolError.class, () -> params.set(drums, p("ch/8/fader"), -3.0, "m1")).code());
        assertEquals("forbidden", assertThrows(ProtocolError.class, () -> params.set(drums, p("ch/7/link"), false, "m1")).code());
        assertEquals("forbidden", assertThrows(ProtocolError.class, () -> params.set(drums, p("ch/1/link"), true, "m1")).code());
        assertArrayEquals(before, state.copyValues(), "nothing changed");
    }

    @Test
    void aLinkWithoutTwoMonoChannelsIsRefusedWithTheReasonAndChangesNothing() throws Exception {
        double[] before = state.copyValues();
        ProtocolError e = assertThrows(ProtocolError.class, () -> set("ch/17/link", true));
        assertEquals(ParameterService.CANNOT_LINK, e.code());
        assertEquals("ch/17/link", e.path());
        assertTrue(e.getMessage().contains("channel 17 is a stereo channel"), e.getMessage());
        assertArrayEquals(before, state.copyValues());
        set("ch/17/link", false); // off is always fine: nothing to do

        ConsoleState five = new ConsoleState(ParamRegistry.forLayout(Layout.of(5, 0, 1, 0)));
        ParameterService s5 = new ParameterService(five, null, ParameterService.Limits.perClientOnly(200));
        e = assertThrows(ProtocolError.class, () -> s5.set(Principal.ANYONE, five.registry().find("ch/5/link"), true, "s1"));
        assertEquals(ParameterService.CANNOT_LINK, e.code());
        assertTrue(e.getMessage().contains("channel 5 is the last channel and has no partner"), e.getMessage());
        assertEquals(0.0, five.get("ch/5/link"));

        ConsoleState mixed = new ConsoleState(ParamRegistry.forLayout(Layout.of(3, 1, 1, 0)));
        ParameterService s3 = new ParameterService(mixed, null, ParameterService.Limits.perClientOnly(200));
        e = assertThrows(ProtocolError.class, () -> s3.set(Principal.ANYONE, mixed.registry().find("ch/3/link"), "on", "s1"));
        assertTrue(e.getMessage().contains("channel 3 pairs with channel 4, which is stereo"), e.getMessage());
        e = assertThrows(ProtocolError.class, () -> s3.nudge(Principal.ANYONE, mixed.registry().find("ch/3/link"), 1, "s1"));
        assertEquals(ParameterService.CANNOT_LINK, e.code(), "a nudge is refused the same way");
        assertEquals(0.0, mixed.get("ch/3/link"));
        assertEquals(0.0, mixed.get("ch/4/link"));
        s3.set(Principal.ANYONE, mixed.registry().find("ch/1/link"), true, "s1");
        assertEquals(1.0, mixed.get("ch/2/link"), "1-2 link on the same console");
    }

    @Test
    void aSceneNeitherHoldsNorChangesALinkAndARecallKeepsTheLinkedPairInStep() throws Exception {
        SceneManager scenes = new SceneManager(state, () -> 0, t -> {});
        state.set("ch/7/fader", -10.0, "test");
        state.set("ch/8/fader", -20.0, "test");
        state.set("ch/8/eq/3/gain", 6.0, "test");
        Scene before = scenes.save("verse", List.of(), 0); // saved while unlinked: two different faders
        set("ch/7/link", true);
        Scene linked = scenes.save("chorus", List.of(), 0);
        assertFalse(linked.values().containsKey("ch/7/link"), "a scene holds no link: console setup, as on an X32");
        assertFalse(before.values().containsKey("ch/8/link"));

        scenes.recall(before.id(), 0);
        assertEquals(1.0, v("ch/7/link"), "the recall did not unlink");
        assertEquals(-10.0, v("ch/7/fader"), "the odd side's value goes to both");
        assertEquals(-10.0, v("ch/8/fader"));
        assertEquals(0.0, v("ch/8/eq/3/gain"), "ch/7's EQ gain (0 in the scene) on both");
        assertEquals(v("ch/7/eq/3/gain"), v("ch/8/eq/3/gain"));

        set("ch/7/link", false);
        scenes.recall(linked.id(), 0);
        assertEquals(0.0, v("ch/7/link"), "nor did it link");

        // A safe keeps its side: the recall does not write it through the mirror either.
        set("ch/7/link", true);
        set("ch/7/fader", -3.0);
        scenes.setSafes(List.of("ch/8"));
        scenes.recall(before.id(), 0);
        assertEquals(-10.0, v("ch/7/fader"));
        assertEquals(-3.0, v("ch/8/fader"), "ch/8 is safe");
    }

    @Test
    void aShowSavedWithALinkLoadsLinkedAndMirrors() throws Exception {
        SceneManager scenes = new SceneManager(state, () -> 0, t -> {});
        set("ch/7/link", true);
        set("ch/7/hpf/freq", 140.0);
        String file = ShowJson.write(scenes.toShow(config));
        Show show = ShowJson.read("show.json", file);
        assertEquals(Boolean.TRUE, show.values().get("ch/8/link"), "the link is saved with the show");

        ConsoleState loaded = new ConsoleState(ParamRegistry.forLayout(config.toLayout()));
        new SceneManager(loaded, () -> 0, t -> {}).load(show);
        assertArrayEquals(state.copyValues(), loaded.copyValues(), "what the console writes, it reads back");
        assertTrue(ChannelLinks.linked(loaded, 7));
        ParameterService again = new ParameterService(loaded, null, ParameterService.Limits.perClientOnly(200));
        again.set(Principal.ANYONE, loaded.registry().find("ch/7/fader"), -7.0, "s1");
        assertEquals(-7.0, loaded.get("ch/8/fader"), "the loaded pair mirrors");
    }
}
