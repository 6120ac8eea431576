package org.jackdesk.control.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jackdesk.config.AutoConnect;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.Param;
import org.jackdesk.control.Console;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.jack.ConnectRule;
import org.jackdesk.engine.jack.JackMidiController;
import org.jackdesk.engine.jack.JackTestServer;
import org.jackdesk.engine.jack.PrivateJackServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * More MIDI port pairs (docs/midi.md, "More port pairs") on a real console on a private
 * {@code jackd -d dummy}: each pair is played by its own JACK client, connected by the
 * configuration's own auto-connect rules. Each pair moves what its own controller maps, for its
 * own user, and gets its feedback on its own output only; a Mackie extender shows the strips after
 * its main unit's and follows its bank.
 */
@Timeout(120)
class MidiPairsJackTest {
    private static final String HASH = "pbkdf2-sha256$600000$c2FsdHNhbHRzYWx0c2FsdA$" + "A".repeat(43);

    private static Console start(PrivateJackServer server, String json) throws Exception {
        ConsoleConfig cfg = ConfigJson.read("pairs.json", json);
        List<ConnectRule> rules = new ArrayList<>();
        for (AutoConnect.Connection c : cfg.connections()) rules.add(new ConnectRule(c.consolePort(), c.jackPort(), c.input()));
        return Console.start(Console.Options.of(cfg, new EngineHost.Options("jdpairs", server.name(), false, false, false, 48000, 64, rules)
                .withMidi(true)));
    }

    private static double value(Console c, String path) {
        return c.state().get(c.state().registry().find(path).slot());
    }

    private static boolean starts(byte[] m, int... prefix) {
        if (m.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if ((m[i] & 0xff) != prefix[i]) return false;
        return true;
    }

    /** Everything a controller received so far (kept, so that later checks see the whole history). */
    private static final class Inbox {
        final JackMidiController ctl;
        final List<JackMidiController.Received> got = new ArrayList<>();

        Inbox(JackMidiController ctl) {
            this.ctl = ctl;
        }

        List<JackMidiController.Received> all() {
            got.addAll(ctl.drain());
            return got;
        }

        int size() {
            return all().size();
        }

        /** Waits up to 10 s for a message matching {@code p} at index {@code from} or later; {@code again} runs every 2 s. */
        boolean await(int from, Predicate<JackMidiController.Received> p, Runnable again) throws InterruptedException {
            long start = System.nanoTime(), last = start;
            while (System.nanoTime() - start < 10_000_000_000L) {
                List<JackMidiController.Received> a = all();
                if (a.subList(Math.min(from, a.size()), a.size()).stream().anyMatch(p)) return true;
                if (System.nanoTime() - last > 2_000_000_000L) {
                    last = System.nanoTime();
                    again.run();
                }
                Thread.sleep(10);
            }
            return false;
        }
    }

    private static String metrics(Console c) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long metric(String body, String line) {
        for (String l : body.split("\n")) if (l.startsWith(line + " ")) return Long.parseLong(l.substring(line.length() + 1).trim());
        throw new AssertionError("no metric " + line + " in\n" + body);
    }

    /**
     * Three pairs: the first ({@code midi_in/out}) maps CC 7 to {@code ch/1/fader}; {@code surf}
     * is a Mackie Control surface; {@code wedge} maps CC 7 to {@code ch/2/fader} and CC 8 to
     * {@code ch/2/send/1/level} for a monitor user of bus 1. A CC on the first pair moves channel 1
     * and comes back on the surface's fader 1 (pitch bend on {@code surf_out}), never echoed on
     * {@code midi_out}; the surface's fader 1 moves channel 1 and comes back as CC 7 on
     * {@code midi_out}, never on {@code surf_out}; the monitor pair is refused the channel fader and
     * moves its send; the Mackie SysEx leaves on {@code surf_out} only; {@code /metrics} counts each
     * pair on its own.
     */
    @Test
    void eachPairMovesItsOwnParameterForItsOwnUserAndGetsFeedbackOnItsOwnPortOnly() throws Exception {
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             JackMidiController a = JackMidiController.open(server.name(), "ctla");
             JackMidiController b = JackMidiController.open(server.name(), "ctlb");
             JackMidiController w = JackMidiController.open(server.name(), "ctlw")) {
            Console console = start(server, """
                    {"version": 2, "layout": {"channels": [{"name": "Kick"}, {"name": "Snare"}, {"name": "Hat"}], "buses": [{"name": "Wedge"}]},
                     "users": [{"name": "drums", "role": "monitor", "buses": [1], "hash": "%s"}],
                     "jack": {"autoConnect": ["midi_in <- ctla:out", "midi_out -> ctla:in", "surf_in <- ctlb:out", "surf_out -> ctlb:in",
                                              "wedge_in <- ctlw:out", "wedge_out -> ctlw:in"]},
                     "midi": {"mappings": [{"type": "cc", "channel": 1, "number": 7, "path": "ch/1/fader", "takeover": "jump"}],
                              "ports": [{"name": "surf", "mackie": true},
                                        {"name": "wedge", "user": "drums", "mappings": [
                                            {"type": "cc", "channel": 1, "number": 7, "path": "ch/2/fader", "takeover": "jump"},
                                            {"type": "cc", "channel": 1, "number": 8, "path": "ch/2/send/1/level", "takeover": "jump"}]}]}}
                    """.formatted(HASH));
            try {
                Inbox ia = new Inbox(a), ib = new Inbox(b), iw = new Inbox(w);
                assertEquals(List.of("midi", "surf", "wedge"), console.server().midiPairs().stream().map(MidiServer::pair).toList());
                assertTrue(ib.await(0, m -> starts(m.bytes(), 0xF0, 0, 0, 0x66, 0x14, 0x00, 0xF7), () -> { }),
                        "the surface's device query on surf_out");

                Param ch1 = console.state().registry().find("ch/1/fader");
                // The surface's fader 1 at half its travel: -10 dB on the X32 law (the channel starts at 0 dB).
                int from = ia.size();
                int bend = 8192;
                b.send(0xE0, bend & 0x7f, bend >> 7);
                assertTrue(JackTestServer.await(() -> Math.abs(value(console, "ch/1/fader") + 10) < 0.1, 10_000),
                        "surf's fader 1 moves ch/1/fader: " + value(console, "ch/1/fader"));
                int ccAt = (int) Math.round(ch1.def().taper().toNormalized(value(console, "ch/1/fader"), ch1.min(), ch1.max()) * 127);
                assertTrue(ia.await(from, m -> m.status() == 0xB0 && m.data1() == 7 && m.data2() == ccAt, () -> { }),
                        "the first pair is told the surface's move on midi_out (CC 7 = " + ccAt + ")");

                // CC 7 = 32 on the first pair: the surface's motor fader 1 follows, the first pair is not echoed.
                int fromB = ib.size(), fromA = ia.size();
                a.send(0xB0, 7, 32);
                double want = ch1.def().taper().fromNormalized(32 / 127.0, ch1.min(), ch1.max());
                assertTrue(JackTestServer.await(() -> Math.abs(value(console, "ch/1/fader") - want) < 0.05, 10_000),
                        "midi_in's CC 7 moves ch/1/fader to " + want + ": " + value(console, "ch/1/fader"));
                int pos = (int) Math.round(ch1.def().taper().toNormalized(value(console, "ch/1/fader"), ch1.min(), ch1.max()) * 16383);
                assertTrue(ib.await(fromB, m -> m.status() == 0xE0 && (m.data2() << 7 | m.data1()) == pos,
                                () -> b.send(0xF0, 0, 0, 0x66, 0x14, 0x03, 1, 2, 3, 4, 5, 6, 7, 0xF7)),
                        "the surface's fader 1 is sent the first pair's move on surf_out (" + pos + ")");
                Thread.sleep(200);
                assertTrue(ia.all().subList(fromA, ia.size()).stream().noneMatch(m -> m.status() == 0xB0 && m.data1() == 7),
                        "the first pair's own absolute move is not echoed to it");

                // The monitor user's pair: the channel fader is refused, its own bus's send moves.
                double ch2Before = value(console, "ch/2/fader");
                w.send(0xB0, 7, 120);
                w.send(0xB0, 8, 95);
                Param send = console.state().registry().find("ch/2/send/1/level");
                double sendWant = send.def().taper().fromNormalized(95 / 127.0, send.min(), send.max());
                assertTrue(JackTestServer.await(() -> Math.abs(value(console, "ch/2/send/1/level") - sendWant) < 0.05, 10_000),
                        "the monitor pair moves its bus's send: " + value(console, "ch/2/send/1/level"));
                assertTrue(JackTestServer.await(() -> console.server().metrics().midiRefusedCount("wedge") > 0, 10_000),
                        "the monitor pair's channel fader move is refused");
                assertEquals(ch2Before, value(console, "ch/2/fader"), "ch/2/fader is not the monitor user's");
                assertEquals(0, console.server().metrics().midiRefusedCount("midi"));
                assertEquals(0, console.server().metrics().midiRefusedCount("surf"));

                String body = metrics(console);
                assertTrue(metric(body, "jackdesk_midi_pair_in_total{pair=\"midi\"}") >= 1, body);
                assertTrue(metric(body, "jackdesk_midi_pair_in_total{pair=\"surf\"}") >= 1, body);
                assertTrue(metric(body, "jackdesk_midi_pair_in_total{pair=\"wedge\"}") >= 2, body);
                assertTrue(metric(body, "jackdesk_midi_pair_in_dropped_total{pair=\"wedge\",reason=\"refused\"}") >= 1, body);
                assertEquals(0, metric(body, "jackdesk_midi_pair_in_dropped_total{pair=\"midi\",reason=\"refused\"}"), body);
                assertTrue(metric(body, "jackdesk_midi_pair_out_total{pair=\"surf\"}") > metric(body, "jackdesk_midi_pair_out_total{pair=\"midi\"}"),
                        "the surface's paint leaves on its own pair: " + body);
                assertEquals(metric(body, "jackdesk_midi_in_total"), metric(body, "jackdesk_midi_pair_in_total{pair=\"midi\"}")
                        + metric(body, "jackdesk_midi_pair_in_total{pair=\"surf\"}") + metric(body, "jackdesk_midi_pair_in_total{pair=\"wedge\"}"),
                        "the unlabelled total is the pairs' sum");

                // Own port only: no Mackie message left on the other pairs' outputs, no generic CC 7 on the surface's.
                for (Inbox other : List.of(ia, iw)) {
                    assertTrue(other.all().stream().noneMatch(m -> m.status() == 0xF0 || (m.status() & 0xF0) == 0xE0),
                            other.ctl.name() + " got a Mackie message");
                }
                assertTrue(ib.all().stream().noneMatch(m -> m.status() == 0xB0 && m.data1() == 7), "the surface got a generic CC 7");
            } finally {
                console.close();
            }
        }
    }

    private static String latestLcd(Inbox in, int device, int at) {
        String last = null;
        for (JackMidiController.Received m : in.all()) {
            if (starts(m.bytes(), 0xF0, 0, 0, 0x66, device, 0x12, at)) last = new String(m.bytes(), 7, 56, StandardCharsets.US_ASCII);
        }
        return last;
    }

    /** Waits until the latest LCD row {@code at} of {@code device} starts with {@code prefix}, asking for a repaint every 2 s. */
    private static boolean awaitLcd(Inbox in, int device, int at, String prefix) throws InterruptedException {
        long start = System.nanoTime(), last = start;
        while (System.nanoTime() - start < 10_000_000_000L) {
            String row = latestLcd(in, device, at);
            if (row != null && row.startsWith(prefix)) return true;
            if (System.nanoTime() - last > 2_000_000_000L) {
                last = System.nanoTime();
                in.ctl.send(0xF0, 0, 0, 0x66, device, 0x03, 1, 2, 3, 4, 5, 6, 7, 0xF7); // connection confirmed: repaint
            }
            Thread.sleep(10);
        }
        return false;
    }

    /**
     * A Mackie main unit on {@code midi_in/out} and an extender ({@code "extends": "midi"}) on
     * {@code ext_in/out}: the extender is asked for as device 0x15, paints channels 9 and 10 and the
     * bus on its LCD (as device 0x15), its fader 1 moves channel 9; CHANNEL right on the main unit
     * moves both by one (the extender's first strip is then channel 10); SELECT on the extender's
     * bus strip is the bus the main unit's FLIP takes; BANK right moves both by the 16 strips they
     * show together.
     */
    @Test
    void anExtenderShowsTheStripsAfterItsMainUnitAndFollowsItsBank() throws Exception {
        StringBuilder ch = new StringBuilder();
        for (int i = 1; i <= 10; i++) ch.append(i == 1 ? "" : ", ").append("{\"name\": \"In").append(i).append("\"}");
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             JackMidiController a = JackMidiController.open(server.name(), "mcu");
             JackMidiController b = JackMidiController.open(server.name(), "mcuxt")) {
            Console console = start(server, """
                    {"version": 2, "layout": {"channels": [%s], "buses": [{"name": "Wedge"}]},
                     "jack": {"autoConnect": ["midi_in <- mcu:out", "midi_out -> mcu:in", "ext_in <- mcuxt:out", "ext_out -> mcuxt:in"]},
                     "midi": {"mackie": true, "ports": [{"name": "ext", "extends": "midi"}]}}
                    """.formatted(ch));
            try {
                Inbox main = new Inbox(a), ext = new Inbox(b);
                assertTrue(ext.await(0, m -> starts(m.bytes(), 0xF0, 0, 0, 0x66, 0x15, 0x00, 0xF7), () -> { }),
                        "the extender's device query (device 0x15) on ext_out");
                assertTrue(awaitLcd(ext, 0x15, 0, "In9    In10   Wedge  "), "the extender's names: " + latestLcd(ext, 0x15, 0));
                assertTrue(awaitLcd(ext, 0x15, 0x38, "ch 9   ch 10  bus 1  "), "the extender's lower row: " + latestLcd(ext, 0x15, 0x38));
                assertTrue(awaitLcd(main, 0x14, 0x38, "ch 1   ch 2   "), "the main unit's lower row: " + latestLcd(main, 0x14, 0x38));
                assertTrue(main.all().stream().noneMatch(m -> starts(m.bytes(), 0xF0, 0, 0, 0x66, 0x15)), "no extender SysEx on midi_out");
                assertTrue(ext.all().stream().noneMatch(m -> starts(m.bytes(), 0xF0, 0, 0, 0x66, 0x14)), "no main-unit SysEx on ext_out");

                double ch1 = value(console, "ch/1/fader");
                int bend = 8192; // half the travel: -10 dB
                b.send(0xE0, bend & 0x7f, bend >> 7);
                assertTrue(JackTestServer.await(() -> Math.abs(value(console, "ch/9/fader") + 10) < 0.1, 10_000),
                        "the extender's fader 1 moves ch/9/fader: " + value(console, "ch/9/fader"));
                assertEquals(ch1, value(console, "ch/1/fader"), "the main unit's fader 1 (channel 1) is untouched");

                MackieSurface mainSurface = console.server().midiPairs().get(0).mackie();
                MackieSurface extSurface = console.server().midiPairs().get(1).mackie();
                a.send(0x90, MackieSurface.NOTE_CHANNEL_RIGHT, 127);
                a.send(0x90, MackieSurface.NOTE_CHANNEL_RIGHT, 0);
                assertTrue(JackTestServer.await(() -> mainSurface.bankOffset() == 1, 10_000), "CHANNEL right on the main unit");
                assertTrue(awaitLcd(ext, 0x15, 0x38, "ch 10  bus 1  "), "the extender follows: " + latestLcd(ext, 0x15, 0x38));
                assertEquals(9, extSurface.bankOffset());
                // SELECT on the extender's bus strip selects it for the main unit's FLIP.
                b.send(0x90, MackieSurface.NOTE_SELECT + 1, 127);
                b.send(0x90, MackieSurface.NOTE_SELECT + 1, 0);
                assertTrue(ext.await(0, m -> m.status() == 0x90 && m.data1() == MackieSurface.NOTE_SELECT + 1 && m.data2() == 127,
                        () -> { }), "the extender's SELECT LED of the bus");
                Thread.sleep(200); // the press is handled before FLIP arrives on the other pair
                a.send(0x90, MackieSurface.NOTE_FLIP, 127);
                a.send(0x90, MackieSurface.NOTE_FLIP, 0);
                assertTrue(JackTestServer.await(() -> mainSurface.flipBus() == 1, 10_000),
                        "FLIP on the main unit takes the bus selected on the extender: " + mainSurface.flipBus());
                assertTrue(JackTestServer.await(() -> extSurface.flipBus() == 1, 10_000), "and the extender flips with it");
                a.send(0x90, MackieSurface.NOTE_FLIP, 127); // off again: the bank moves below are on the strips' faders
                a.send(0x90, MackieSurface.NOTE_FLIP, 0);
                assertTrue(JackTestServer.await(() -> mainSurface.flipBus() == 0, 10_000), "FLIP off");
                a.send(0x90, MackieSurface.NOTE_BANK_RIGHT, 127);
                a.send(0x90, MackieSurface.NOTE_BANK_RIGHT, 0);
                assertTrue(JackTestServer.await(() -> mainSurface.bankOffset() == 17, 10_000),
                        "BANK right moves by the 16 strips of both units: " + mainSurface.bankOffset());
                assertTrue(JackTestServer.await(() -> extSurface.bankOffset() == 25, 10_000), "the extender at " + extSurface.bankOffset());
            } finally {
                console.close();
            }
        }
    }
}
