package org.jackdesk.engine.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectRuleTest {
    @Test
    void rangesExpandPairwise() {
        List<ConnectRule> r = ConnectSpec.parse("ch1..16 <- system:capture_1..16");
        assertEquals(16, r.size());
        assertEquals(new ConnectRule("ch1", "system:capture_1", true), r.get(0));
        assertEquals(new ConnectRule("ch16", "system:capture_16", true), r.get(15));
    }

    @Test
    void listsRangesSuffixesAndSeveralRules() {
        List<ConnectRule> r = ConnectSpec.parse("main_L,main_R -> system:playback_1..2; bus1..2_L -> hw:out_3..4\n# comment\n");
        assertEquals(List.of(new ConnectRule("main_L", "system:playback_1", false),
                new ConnectRule("main_R", "system:playback_2", false),
                new ConnectRule("bus1_L", "hw:out_3", false),
                new ConnectRule("bus2_L", "hw:out_4", false)), r);
    }

    @Test
    void onePortPairsWithEveryPortOfTheOtherSide() {
        assertEquals(List.of(new ConnectRule("mon_L", "a:in_1", false), new ConnectRule("mon_L", "b:in_1", false)),
                ConnectSpec.parse("mon_L -> a:in_1, b:in_1"));
    }

    @Test
    void mismatchedCountsAreRejectedWithTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConnectSpec.parse("ch1..3 <- system:capture_1..2"));
        assertEquals("connect rule 'ch1..3 <- system:capture_1..2': left side names 3 ports, right side 2; "
                + "they must match or one side must name one port", e.getMessage());
    }

    @Test
    void badNamesAndArrowsAreRejected() {
        assertEquals("connect rule 'ch1 <- capture_1': peer port must be a full JACK name client:port (like system:capture_1), "
                + "got 'capture_1'", assertThrows(IllegalArgumentException.class, () -> ConnectSpec.parse("ch1 <- capture_1")).getMessage());
        assertEquals("connect rule 'ch1 system:capture_1': needs exactly one arrow, 'ours <- peers' (inputs) or 'ours -> peers' (outputs)",
                assertThrows(IllegalArgumentException.class, () -> ConnectSpec.parse("ch1 system:capture_1")).getMessage());
        assertEquals("connect rule 'ch1, <- a:b': empty port name in 'ch1,'",
                assertThrows(IllegalArgumentException.class, () -> ConnectSpec.parse("ch1, <- a:b")).getMessage());
    }
}
