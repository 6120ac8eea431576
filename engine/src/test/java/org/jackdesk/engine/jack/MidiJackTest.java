package org.jackdesk.engine.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jackdesk.engine.AudioProcessor;
import org.jackdesk.engine.midi.MidiRing;
import org.jackdesk.engine.midi.MidiTransport;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackMidi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JACK MIDI pair on a real private {@code jackd -d dummy}: a second JACK client plays the
 * controller (JNAJack's MIDI API). Messages arrive split and in order, the console's queued
 * messages leave on {@code midi_out}, and under a flood of bad input the JACK thread allocates
 * nothing and the counters say what was dropped.
 */
@Timeout(120)
class MidiJackTest {
    /** Copies input 1 to output 1: the audio path runs as usual beside the MIDI. */
    private static final class Copy implements AudioProcessor {
        @Override
        public void process(float[][] in, float[][] out, int nframes) {
            System.arraycopy(in[0], 0, out[0], 0, nframes);
        }
    }

    private static JackBackend open(PrivateJackServer server, MidiTransport midi, JackMidiController ctl) throws Exception {
        JackBackend b = JackBackend.open(JackBackend.Config.of(List.of("ch1"), List.of("main_L")).withServerName(server.name())
                .withMidi(midi).withConnections(ConnectSpec.parse("midi_in <- " + ctl.outPort() + "; midi_out -> " + ctl.inPort())),
                null, null);
        ConnectionReport r = b.start(new Copy());
        assertEquals(2, r.made(), r.toString());
        return b;
    }

    private static String hex(byte[] m, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) s.append(i == 0 ? "" : " ").append(String.format("%02X", m[i] & 0xff));
        return s.toString();
    }

    @Test
    void messagesArriveSplitInOrderAndQueuedOnesLeaveOnMidiOut() throws Exception {
        MidiTransport midi = new MidiTransport();
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             JackMidiController ctl = JackMidiController.open(server.name(), "ctl");
             JackBackend backend = open(server, midi, ctl)) {
            assertTrue(JackTestServer.await(() -> backend.cycleCount() > 50, 5000), "no cycles");
            // A cycle the controller client finishes late leaves its previous cycle's events in its
            // port buffer, and JACK hands them to jackdesk again (once seen on a loaded CI machine: a
            // message twice). Such a measurement is repeated; a wrong one without an xrun fails.
            List<String> spoiled = new ArrayList<>();
            for (int attempt = 0; ; attempt++) {
                long x0 = backend.xrunCount(), truncated0 = midi.counters().truncated();
                ctl.send(0xB0, 7, 100, 8, 50); // running status inside one event
                ctl.send(9, 16); // ... and into the next
                ctl.send(0xF0, 0x7E, 0x7F, 0x06, 0x01, 0xF7); // device inquiry
                ctl.send(0xF0, 0x00, 0x00, 0x66); // SysEx without its end
                List<String> got = new ArrayList<>();
                byte[] m = new byte[MidiRing.SLOT_BYTES];
                long end = System.nanoTime() + 5_000_000_000L;
                while (got.size() < 4 && System.nanoTime() < end) {
                    int n = midi.poll(m);
                    if (n < 0) Thread.sleep(1);
                    else got.add(hex(m, n));
                }
                Thread.sleep(100); // anything more (a message twice) arrives meanwhile
                for (int n; (n = midi.poll(m)) >= 0; ) got.add(hex(m, n));
                boolean truncatedOnce = JackTestServer.await(() -> midi.counters().truncated() == truncated0 + 1, 2000);
                List<String> want = List.of("B0 07 64", "B0 08 32", "B0 09 10", "F0 7E 7F 06 01 F7");
                if ((!got.equals(want) || !truncatedOnce) && backend.xrunCount() > x0 && attempt < 2) {
                    spoiled.add(got + " truncated +" + (midi.counters().truncated() - truncated0));
                    continue;
                }
                assertEquals(want, got, "earlier measurements spoiled by xruns: " + spoiled);
                assertTrue(truncatedOnce, "the cut SysEx is counted once");
                break;
            }

            assertTrue(midi.send(new byte[] {(byte) 0x90, 60, 127}, 0, 3));
            assertTrue(midi.send(new byte[] {(byte) 0xF0, 0, 0, 0x66, 0x14, 0x12, 0, 'A', 'B', (byte) 0xF7}, 0, 10));
            List<String> back = new ArrayList<>();
            assertTrue(JackTestServer.await(() -> {
                for (JackMidiController.Received r : ctl.drain()) back.add(hex(r.bytes(), r.bytes().length));
                return back.size() >= 2;
            }, 5000), "midi_out delivered " + back);
            assertEquals(List.of("90 3C 7F", "F0 00 00 66 14 12 00 41 42 F7"), back);
            assertEquals(2, midi.counters().sent());
        }
    }

    /**
     * A controller flooding about 10 000 channel messages a second (14 per 64-frame period) with,
     * every 50 cycles, a SysEx as long as JACK's buffer takes (64 KiB when it fits), a SysEx cut
     * short, undefined statuses and stray data bytes; meanwhile the control side drains the input
     * and queues feedback. The JACK thread allocates 0 bytes throughout, the console keeps every
     * well-formed message, and the rest is counted.
     */
    @Test
    void jackThreadAllocatesNothingUnderAFloodOfGoodAndBadMidi() throws Exception {
        MidiTransport midi = new MidiTransport();
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             JackMidiController ctl = JackMidiController.open(server.name(), "ctl");
             JackBackend backend = open(server, midi, ctl)) {
            ctl.burst(flood());
            Drainer control = Drainer.start(List.of(midi));
            try {
                Allocation m = assertJackThreadAllocatesNothing(backend, List.of(midi), "with MIDI traffic");
                long received = midi.counters().received() - m.receivedAtStart()[0];
                assertTrue(received >= m.cycles() * 10, received + " messages in " + m.cycles() + " cycles: the flood did not arrive");
            } finally {
                control.close();
            }
            stopFloods(backend, ctl);
            MidiTransport.Counters c = midi.counters();
            assertEquals(0, backend.processorFailures());
            assertTrue(c.sysexTooLong() > 0, "long SysEx counted");
            assertTrue(c.truncated() > 0, "cut SysEx counted");
            assertTrue(c.ignored() > 0 && c.stray() > 0, "undefined and stray bytes counted: " + c.ignored() + ", " + c.stray());
            assertTrue(c.sent() > 100, "feedback left on midi_out: " + c.sent());
            long fed = ctl.drain().size();
            assertTrue(fed > 100, "the controller received the feedback: " + fed);
            assertEquals(c.received(), control.drained(0) + midi.pending(), "every queued message reached the control side");
            assertTrue(c.ringFull() == 0 || c.received() > 0, "ring overflow only ever drops, counted: " + c.ringFull());
        }
    }

    /** Two pairs, each connected to its own controller: {@code midi_in/out} and {@code surf_in/out}. */
    private static JackBackend openTwo(PrivateJackServer server, MidiTransport first, MidiTransport second, JackMidiController a,
                                       JackMidiController b) throws Exception {
        JackBackend backend = JackBackend.open(JackBackend.Config.of(List.of("ch1"), List.of("main_L")).withServerName(server.name())
                .withMidi(List.of(first, second)).withConnections(ConnectSpec.parse("midi_in <- " + a.outPort() + "; midi_out -> " + a.inPort()
                        + "; surf_in <- " + b.outPort() + "; surf_out -> " + b.inPort())), null, null);
        ConnectionReport r = backend.start(new Copy());
        assertEquals(4, r.made(), r.toString());
        return backend;
    }

    private static List<String> pollAll(MidiTransport t, int want, long millis) throws InterruptedException {
        List<String> got = new ArrayList<>();
        byte[] m = new byte[MidiRing.SLOT_BYTES];
        long end = System.nanoTime() + millis * 1_000_000L;
        while (got.size() < want && System.nanoTime() < end) {
            int n = t.poll(m);
            if (n < 0) Thread.sleep(1);
            else got.add(hex(m, n));
        }
        Thread.sleep(100); // anything more (a message on the wrong pair) arrives meanwhile
        for (int n; (n = t.poll(m)) >= 0; ) got.add(hex(m, n));
        return got;
    }

    /**
     * A second pair ({@code surf_in}/{@code surf_out}) beside the first: what each controller
     * plays arrives on its own pair only, and what is queued on a pair leaves on that pair's
     * output only, each counted on its own pair.
     */
    @Test
    void twoPairsEachCarryTheirOwnControllersTraffic() throws Exception {
        MidiTransport first = new MidiTransport(), second = new MidiTransport("surf");
        assertEquals("surf_in", second.inPort());
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             JackMidiController a = JackMidiController.open(server.name(), "ctla");
             JackMidiController b = JackMidiController.open(server.name(), "ctlb");
             JackBackend backend = openTwo(server, first, second, a, b)) {
            assertTrue(JackTestServer.await(() -> backend.cycleCount() > 50, 5000), "no cycles");
            a.send(0xB0, 7, 100);
            b.send(0xE2, 0x10, 0x40);
            b.send(0xF0, 0, 0, 0x66, 0x15, 0x01, 0xF7);
            // A late cycle of a test client may hand JACK its events twice (see above): repeats are tolerated, strays are not.
            List<String> gotA = pollAll(first, 1, 3000), gotB = pollAll(second, 2, 3000);
            // Once in a whole-suite run on a quiet machine nothing of the second test client's arrived
            // on surf_in in 5 s (cause not attributed: the two test clients run in parallel in jack2);
            // a controller's next move is sent again, once; strays are still not tolerated.
            if (gotA.isEmpty()) {
                a.send(0xB0, 7, 100);
                gotA = pollAll(first, 1, 3000);
            }
            if (gotB.isEmpty()) {
                b.send(0xE2, 0x10, 0x40);
                b.send(0xF0, 0, 0, 0x66, 0x15, 0x01, 0xF7);
                gotB = pollAll(second, 2, 3000);
            }
            assertTrue(gotA.contains("B0 07 64") && gotA.stream().allMatch("B0 07 64"::equals),
                    "midi_in carries the first controller's CC only: " + gotA);
            assertTrue(gotB.containsAll(List.of("E2 10 40", "F0 00 00 66 15 01 F7"))
                    && gotB.stream().allMatch(List.of("E2 10 40", "F0 00 00 66 15 01 F7")::contains), "surf_in carries the second's only: " + gotB);
            assertEquals(gotA.size(), first.counters().received(), "counted on the first pair");
            assertEquals(gotB.size(), second.counters().received(), "counted on the second pair");

            assertTrue(first.send(new byte[] {(byte) 0xB0, 7, 99}, 0, 3));
            assertTrue(second.send(new byte[] {(byte) 0x90, 0x10, 127}, 0, 3));
            assertTrue(second.send(new byte[] {(byte) 0xE0, 0, 0x60}, 0, 3));
            List<String> backA = new ArrayList<>(), backB = new ArrayList<>();
            assertTrue(JackTestServer.await(() -> {
                for (JackMidiController.Received r : a.drain()) backA.add(hex(r.bytes(), r.bytes().length));
                for (JackMidiController.Received r : b.drain()) backB.add(hex(r.bytes(), r.bytes().length));
                return backA.size() >= 1 && backB.size() >= 2;
            }, 5000), "outputs delivered " + backA + " / " + backB);
            Thread.sleep(100);
            for (JackMidiController.Received r : a.drain()) backA.add(hex(r.bytes(), r.bytes().length));
            for (JackMidiController.Received r : b.drain()) backB.add(hex(r.bytes(), r.bytes().length));
            assertTrue(backA.contains("B0 07 63") && backA.stream().allMatch("B0 07 63"::equals), "midi_out: the first pair's message only: " + backA);
            assertTrue(backB.containsAll(List.of("90 10 7F", "E0 00 60")) && backB.stream().allMatch(List.of("90 10 7F", "E0 00 60")::contains),
                    "surf_out: the second pair's only: " + backB);
            assertEquals(1, first.counters().sent());
            assertEquals(2, second.counters().sent());
        }
    }

    /**
     * The flood of {@link #jackThreadAllocatesNothingUnderAFloodOfGoodAndBadMidi} on two pairs at
     * once (10 000 messages a second and the bad input on each), both drained and both sending
     * feedback: the JACK thread still allocates 0 bytes.
     */
    @Test
    void jackThreadAllocatesNothingWithTrafficOnTwoPairs() throws Exception {
        MidiTransport first = new MidiTransport(), second = new MidiTransport("surf");
        List<MidiTransport> pairs = List.of(first, second);
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             JackMidiController a = JackMidiController.open(server.name(), "ctla");
             JackMidiController b = JackMidiController.open(server.name(), "ctlb");
             JackBackend backend = openTwo(server, first, second, a, b)) {
            for (JackMidiController ctl : List.of(a, b)) ctl.burst(flood());
            Drainer control = Drainer.start(pairs);
            try {
                Allocation m = assertJackThreadAllocatesNothing(backend, pairs, "with MIDI traffic on two pairs");
                assertTrue(first.counters().received() - m.receivedAtStart()[0] >= m.cycles() * 10, "the flood did not arrive on midi_in");
                assertTrue(second.counters().received() - m.receivedAtStart()[1] >= m.cycles() * 10, "the flood did not arrive on surf_in");
            } finally {
                control.close();
            }
            stopFloods(backend, a, b);
            assertEquals(0, backend.processorFailures());
            for (int p = 0; p < 2; p++) {
                MidiTransport.Counters c = pairs.get(p).counters();
                String which = pairs.get(p).name();
                assertTrue(c.sysexTooLong() > 0 && c.truncated() > 0, which + ": long and cut SysEx counted");
                assertTrue(c.ignored() > 0 && c.stray() > 0, which + ": undefined and stray bytes counted");
                assertTrue(c.sent() > 100, which + ": feedback left: " + c.sent());
                assertEquals(c.received(), control.drained(p) + pairs.get(p).pending(), which + ": every queued message reached the control side");
            }
            assertTrue(a.drain().size() > 100 && b.drain().size() > 100, "both controllers received feedback");
        }
    }

    /**
     * A controller's flood: about 10 000 channel messages a second (14 per 64-frame period) with,
     * every 50 cycles, a SysEx as long as JACK's buffer takes (64 KiB when it fits), a SysEx cut
     * short, undefined statuses and stray data bytes.
     */
    private static JackMidiController.Burst flood() {
        return (out, cycle, nframes) -> {
            int n = 0;
            if (cycle % 50 == 0) {
                int room = JackMidi.maxEventSize(out);
                byte[] sysex = new byte[Math.min(65536, room - 64)];
                sysex[0] = (byte) 0xF0;
                sysex[sysex.length - 1] = (byte) 0xF7;
                JackMidi.eventWrite(out, 0, sysex, sysex.length);
                JackMidi.eventWrite(out, 1, new byte[] {(byte) 0xF0, 0x43, 0x10}, 3); // no F7
                JackMidi.eventWrite(out, 2, new byte[] {(byte) 0xF4, (byte) 0xFD, 0x11, 0x22}, 4); // undefined, stray
                n += 3;
            }
            for (int k = 0; k < 14; k++) {
                JackMidi.eventWrite(out, 3 + k, new byte[] {(byte) (0xB0 | (k & 15)), (byte) k, (byte) (cycle & 0x7f)}, 3);
                n++;
            }
            return n;
        };
    }

    /**
     * The control side under a flood: a thread that, every millisecond until closed, drains each
     * pair's input (counting what it took per pair) and queues one feedback message on that pair,
     * so the output path is exercised too.
     */
    private static final class Drainer implements AutoCloseable {
        private final List<MidiTransport> pairs;
        private final AtomicLongArray drained;
        private final AtomicBoolean run = new AtomicBoolean(true);
        private final Thread thread;

        private Drainer(List<MidiTransport> pairs) {
            this.pairs = pairs;
            this.drained = new AtomicLongArray(pairs.size());
            this.thread = new Thread(this::loop, "midi-control");
        }

        static Drainer start(List<MidiTransport> pairs) {
            Drainer d = new Drainer(pairs);
            d.thread.start();
            return d;
        }

        private void loop() {
            byte[] m = new byte[MidiRing.SLOT_BYTES];
            byte[] fb = {(byte) 0xB0, 7, 0};
            while (run.get()) {
                for (int p = 0; p < pairs.size(); p++) {
                    int got = 0;
                    for (int n; (n = pairs.get(p).poll(m)) >= 0; ) got++;
                    drained.addAndGet(p, got);
                    fb[2] = (byte) (got & 0x7f);
                    pairs.get(p).send(fb, 0, 3);
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Messages taken from pair {@code p}'s input so far. */
        long drained(int p) {
            return drained.get(p);
        }

        @Override
        public void close() throws InterruptedException {
            run.set(false);
            thread.join(2000);
        }
    }

    /** What {@link #assertJackThreadAllocatesNothing} counted over: the cycles, and each pair's received count at the start. */
    private record Allocation(long cycles, long[] receivedAtStart) {}

    /**
     * After 3 000 cycles of warm-up, the JACK thread (the same one throughout) allocates 0 bytes
     * over the next 5 000 cycles; {@code what} ends the failure message.
     */
    private static Allocation assertJackThreadAllocatesNothing(JackBackend backend, List<MidiTransport> pairs, String what)
            throws InterruptedException {
        assertTrue(JackTestServer.await(() -> backend.cycleCount() > 3000, 30_000), "no warm-up cycles");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = backend.audioThreadId();
        mx.getThreadAllocatedBytes(tid);
        long before = mx.getThreadAllocatedBytes(tid);
        long c0 = backend.cycleCount();
        long[] r0 = new long[pairs.size()];
        for (int p = 0; p < r0.length; p++) r0[p] = pairs.get(p).counters().received();
        assertTrue(before >= 0, "allocation of the JACK thread is not measurable (id " + tid + ")");
        assertTrue(JackTestServer.await(() -> backend.cycleCount() >= c0 + 5000, 60_000), "cycles stalled");
        long after = mx.getThreadAllocatedBytes(tid);
        long cycles = backend.cycleCount() - c0;
        assertEquals(tid, backend.audioThreadId(), "the audio thread changed during the measurement");
        assertEquals(0, after - before, "bytes allocated by the JACK thread over " + cycles + " cycles " + what);
        return new Allocation(cycles, r0);
    }

    /**
     * Stops the controllers' floods and lets 50 cycles pass before the counters are compared: a
     * controller that kept sending after the control thread stopped made what arrived after the
     * snapshot count as pending but not as received (a fresh-clone run: 110 303 drained + pending
     * against 110 289 received).
     */
    private static void stopFloods(JackBackend backend, JackMidiController... controllers) throws InterruptedException {
        for (JackMidiController c : controllers) c.burst(null);
        long stoppedAt = backend.cycleCount();
        assertTrue(JackTestServer.await(() -> backend.cycleCount() > stoppedAt + 50, 10_000), "cycles stalled");
    }
}
