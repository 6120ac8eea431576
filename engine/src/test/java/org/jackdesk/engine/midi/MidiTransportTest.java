package org.jackdesk.engine.midi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The input side's splitting and counting, and the rings' bounds, without JACK. */
class MidiTransportTest {
    private static byte[] b(int... v) {
        byte[] a = new byte[v.length];
        for (int i = 0; i < v.length; i++) a[i] = (byte) v[i];
        return a;
    }

    private static void accept(MidiTransport t, int... bytes) {
        byte[] a = b(bytes);
        t.acceptEvent(a, a.length, 0);
    }

    private static List<String> drain(MidiTransport t) {
        List<String> out = new ArrayList<>();
        byte[] dst = new byte[MidiRing.SLOT_BYTES];
        for (int n; (n = t.poll(dst)) >= 0; ) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < n; i++) s.append(i == 0 ? "" : " ").append(String.format("%02X", dst[i] & 0xff));
            out.add(s.toString());
        }
        return out;
    }

    @Test
    void runningStatusSplitsAnEventAndCarriesIntoTheNext() {
        MidiTransport t = new MidiTransport();
        accept(t, 0xB0, 7, 100, 8, 50);
        accept(t, 9, 16);
        accept(t, 0xC2, 5, 6); // program change takes one data byte: running status repeats it
        assertEquals(List.of("B0 07 64", "B0 08 32", "B0 09 10", "C2 05", "C2 06"), drain(t));
        assertEquals(5, t.counters().received());
        assertEquals(0, t.counters().inputDropped());
    }

    @Test
    void realTimeBytesAreIgnoredWithoutBreakingRunningStatus() {
        MidiTransport t = new MidiTransport();
        accept(t, 0x90, 60, 0xF8, 127);
        accept(t, 0xFE);
        accept(t, 61, 0);
        assertEquals(List.of("90 3C 7F", "90 3D 00"), drain(t));
        assertEquals(2, t.counters().ignored());
    }

    @Test
    void sysExIsKeptWholeUpToASlotAndDroppedBeyondOrWithoutItsEnd() {
        MidiTransport t = new MidiTransport();
        accept(t, 0xF0, 0x7E, 0x7F, 0x06, 0x01, 0xF7);
        accept(t, 0xF0, 0x00, 0x00, 0x66); // no F7
        byte[] big = new byte[MidiRing.SLOT_BYTES + 1];
        big[0] = (byte) 0xF0;
        big[big.length - 1] = (byte) 0xF7;
        t.acceptEvent(big, big.length, 0);
        byte[] fits = Arrays.copyOf(big, MidiRing.SLOT_BYTES);
        fits[fits.length - 1] = (byte) 0xF7;
        t.acceptEvent(fits, fits.length, 0);
        List<String> got = drain(t);
        assertEquals(2, got.size());
        assertEquals("F0 7E 7F 06 01 F7", got.get(0));
        assertEquals(1, t.counters().truncated());
        assertEquals(1, t.counters().sysexTooLong());
    }

    @Test
    void strayTruncatedAndUndefinedBytesAreCountedAndTheRestKept() {
        MidiTransport t = new MidiTransport();
        accept(t, 0x12, 0x34); // no status yet
        accept(t, 0xB1, 7); // cut short
        accept(t, 0xF4, 0xF5, 0xFD, 0xF2, 1, 2, 0xE0, 0, 64); // undefined, song position (ignored), pitch bend kept
        accept(t, 0xF7);
        assertEquals(List.of("E0 00 40"), drain(t));
        assertEquals(2, t.counters().stray());
        assertEquals(1, t.counters().truncated());
        assertEquals(5, t.counters().ignored());
    }

    @Test
    void aFullRingDropsAndCountsAndNeverBlocks() {
        MidiTransport t = new MidiTransport();
        for (int i = 0; i < MidiTransport.SLOTS + 10; i++) accept(t, 0xB0, 1, i & 0x7f);
        assertEquals(MidiTransport.SLOTS, t.counters().received());
        assertEquals(10, t.counters().ringFull());
        assertEquals(MidiTransport.SLOTS, drain(t).size());
        accept(t, 0xB0, 1, 2);
        assertEquals(List.of("B0 01 02"), drain(t));
    }

    @Test
    void outputRingRefusesWhenFullAndSaysWhyForBadLengths() {
        MidiTransport t = new MidiTransport();
        byte[] m = b(0xB0, 7, 1);
        for (int i = 0; i < MidiTransport.SLOTS; i++) assertTrue(t.send(m, 0, 3));
        assertFalse(t.send(m, 0, 3));
        assertEquals(1, t.counters().outDropped());
        MidiRing r = t.output();
        int s = r.peek();
        assertArrayEquals(m, Arrays.copyOfRange(r.data(), MidiRing.offset(s), MidiRing.offset(s) + r.length(s)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.send(new byte[300], 0, 300));
        assertTrue(e.getMessage().contains("1.." + MidiRing.SLOT_BYTES), e.getMessage());
    }
}
