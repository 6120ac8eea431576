package org.jackdesk.control.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.midi.MidiMapping;
import org.junit.jupiter.api.Test;

/** The mapper's bookkeeping without I/O: budget hold-over and feedback rate limit. */
class MidiMapperTest {
    private final ConsoleState state = new ConsoleState(ParamRegistry.forLayout(Layout.of(2, 0, 0, 0)));
    private boolean budget = true;
    private final List<String> sent = new ArrayList<>();
    private final MidiMapper mapper = new MidiMapper(state.registry(), new MidiMapper.Target() {
        @Override
        public double value(Param p) {
            return state.get(p.slot());
        }

        @Override
        public boolean set(Param p, double value) {
            if (!budget) return false;
            try {
                state.set(p, value, MidiServer.ORIGIN);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return true;
        }

        @Override
        public void recallScene(int program) {
        }

        @Override
        public boolean send(byte[] msg, int len) {
            sent.add((msg[0] & 0xff) + " " + msg[1] + " " + msg[2]);
            return true;
        }
    });

    private void cc(int number, int value) {
        mapper.handle(new byte[] {(byte) 0xB0, (byte) number, (byte) value}, 3);
    }

    @Test
    void aMoveOverTheBudgetIsHeldOverAndTheLatestPositionApplied() {
        mapper.setMappings(List.of(MidiMapping.cc(1, 7, "ch/1/pan").withTakeover(MidiMapping.Takeover.JUMP)));
        budget = false;
        cc(7, 0);
        assertTrue(mapper.applyPending(), "held over");
        cc(7, 127);
        assertTrue(mapper.applyPending(), "still held, now the newer position");
        assertEquals(0.0, state.get(state.registry().find("ch/1/pan").slot()));
        budget = true;
        assertEquals(false, mapper.applyPending());
        assertEquals(1.0, state.get(state.registry().find("ch/1/pan").slot()), "the latest position, not the first");
    }

    @Test
    void feedbackIsRateLimitedPerControlAndKeepsTheLatestValue() throws Exception {
        mapper.setMappings(List.of(MidiMapping.cc(1, 8, "ch/2/pan")));
        long t = 1_000_000_000L;
        mapper.flushFeedback(t); // the start-up value
        assertEquals(List.of("176 8 64"), sent);
        Param pan = state.registry().find("ch/2/pan");
        mapper.changed(pan, -1, false);
        assertTrue(mapper.flushFeedback(t + MidiMapper.FEEDBACK_NANOS / 2), "too soon: waits");
        mapper.changed(pan, 1, false);
        mapper.flushFeedback(t + MidiMapper.FEEDBACK_NANOS);
        assertEquals(List.of("176 8 64", "176 8 127"), sent, "one message, the latest value");
        mapper.changed(pan, 1, false);
        mapper.flushFeedback(t + 3 * MidiMapper.FEEDBACK_NANOS);
        assertEquals(2, sent.size(), "the same message is not sent twice in a row");
    }
}
