package org.jackdesk.control.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jackdesk.config.AutoConnect;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.Taper;
import org.jackdesk.control.Console;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.jack.ConnectRule;
import org.jackdesk.engine.jack.JackMidiController;
import org.jackdesk.engine.jack.JackTestServer;
import org.jackdesk.engine.jack.PrivateJackServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Generic MIDI mapping on a real console on a private {@code jackd -d dummy}: a second JACK
 * client plays the controller through JNAJack's MIDI API, its {@code out} feeding
 * {@code midi_in} and {@code midi_out} feeding its {@code in} by the configuration's own
 * auto-connect rules.
 */
@Timeout(120)
class MidiControlJackTest {
    static final String MAPPINGS = """
            [{"type": "cc", "channel": 1, "number": 7, "path": "ch/1/fader"},
             {"type": "cc", "channel": 1, "number": 8, "path": "ch/2/fader", "takeover": "jump"},
             {"type": "cc", "channel": 1, "number": 16, "path": "ch/1/pan", "mode": "relative-twos"},
             {"type": "cc", "channel": 1, "number": 17, "path": "ch/2/pan", "mode": "relative-sign", "step": 0.05},
             {"type": "cc", "channel": 2, "number": 1, "path": "ch/2/eq/1/freq", "takeover": "jump"},
             {"type": "cc14", "channel": 3, "number": 0, "path": "main/fader", "takeover": "jump"},
             {"type": "nrpn", "channel": 4, "number": 300, "path": "ch/1/trim", "takeover": "jump"},
             {"type": "note", "channel": 1, "number": 16, "path": "ch/1/mute", "mode": "toggle"},
             {"type": "note", "number": 24, "path": "ch/2/solo", "mode": "momentary"},
             {"type": "program", "channel": 1}]
            """;

    static PrivateJackServer server;
    static JackMidiController ctl;
    static Console console;

    static ConsoleConfig config(String ctlName, String mappings) throws Exception {
        return ConfigJson.read("midi.json", """
                {"version": 2, "layout": {"channels": [{"name": "Vox"}, {"name": "Gtr"}]},
                 "jack": {"autoConnect": ["midi_in <- %s:out", "midi_out -> %s:in"]},
                 "midi": {"mappings": %s}}
                """.formatted(ctlName, ctlName, mappings));
    }

    static Console start(ConsoleConfig cfg, String serverName, Console.Options base) throws Exception {
        List<ConnectRule> rules = new ArrayList<>();
        for (AutoConnect.Connection c : cfg.connections()) rules.add(new ConnectRule(c.consolePort(), c.jackPort(), c.input()));
        EngineHost.Options engine = new EngineHost.Options("jdmidi", serverName, false, false, false, 48000, 64, rules)
                .withMidi(cfg.jack().midi());
        return Console.start(base == null ? Console.Options.of(cfg, engine) : base);
    }

    @BeforeAll
    static void up() throws Exception {
        server = JackTestServer.start(PrivateJackServer.Options.defaults());
        ctl = JackMidiController.open(server.name(), "ctl");
        console = start(config(ctl.name(), MAPPINGS), server.name(), null);
        startUp = awaitReceived(m -> m.status() == 0x90 && m.data1() == 16 && m.data2() == 0);
    }

    /** What arrived in the first seconds after the console started. */
    static List<JackMidiController.Received> startUp;

    @Test
    void atStartEveryMappedControlIsToldWhereTheConsoleIs() {
        // Motor faders and LEDs: the faders' CCs, the buttons' notes (tolerating one message of the
        // start-up burst lost, as docs/midi.md "What remains" describes for a late JACK cycle).
        long controls = startUp.stream().filter(m -> (m.status() == 0xB0 && (m.data1() == 7 || m.data1() == 8 || m.data1() == 16
                || m.data1() == 17)) || (m.status() == 0x90 && (m.data1() == 16 || m.data1() == 24))).map(m -> m.status() + ":" + m.data1())
                .distinct().count();
        assertTrue(controls >= 5, "start-up feedback for the mapped controls: " + startUp.size() + " messages, " + controls + " controls");
    }

    @AfterAll
    static void down() {
        if (console != null) console.close();
        if (ctl != null) ctl.close();
        if (server != null) server.close();
    }

    static double value(String path) {
        return console.state().get(console.state().registry().find(path).slot());
    }

    static boolean awaitValue(String path, double expected) throws InterruptedException {
        return JackTestServer.await(() -> Math.abs(value(path) - expected) < 1e-9, 5000);
    }

    /** Waits up to 5 s for a received message matching {@code p}; returns everything received meanwhile. */
    static List<JackMidiController.Received> awaitReceived(Predicate<JackMidiController.Received> p) throws InterruptedException {
        List<JackMidiController.Received> got = new ArrayList<>();
        JackTestServer.await(() -> {
            got.addAll(ctl.drain());
            return got.stream().anyMatch(p);
        }, 5000);
        return got;
    }

    static void rest(String path, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + console.httpPort() + "/api/params/" + path))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void aCcMovesTheFaderToItsPositionOnTheFaderLaw() throws Exception {
        ctl.send(0xB0, 8, 96);
        double expected = Taper.FADER.fromNormalized(96 / 127.0, -90, 10);
        assertTrue(awaitValue("ch/2/fader", expected), "ch/2/fader is " + value("ch/2/fader") + ", expected " + expected);
        ctl.send(0xB1, 1, 127); // channel 2, EQ band 1 frequency on its log taper: the top of its range
        assertTrue(awaitValue("ch/2/eq/1/freq", console.state().registry().find("ch/2/eq/1/freq").max()));
        ctl.send(0xB1, 1, 0);
        assertTrue(awaitValue("ch/2/eq/1/freq", console.state().registry().find("ch/2/eq/1/freq").min()));
        ctl.send(0xB0, 8, 0);
        assertTrue(awaitValue("ch/2/fader", -90), "position 0 is -inf");
    }

    @Test
    void pickUpIgnoresTheControlUntilItCrossesTheConsolesValue() throws Exception {
        rest("ch/1/fader", "0"); // position 0.75 = CC 95.25
        assertTrue(awaitValue("ch/1/fader", 0));
        ctl.send(0xB0, 7, 20);
        ctl.send(0xB0, 7, 60);
        ctl.send(0xB0, 7, 90);
        Thread.sleep(200);
        assertEquals(0.0, value("ch/1/fader"), "below the console's position: not picked up yet");
        ctl.send(0xB0, 7, 100); // crosses 95.25
        double at100 = Taper.FADER.fromNormalized(100 / 127.0, -90, 10);
        assertTrue(awaitValue("ch/1/fader", at100), "picked up: " + value("ch/1/fader"));
        ctl.send(0xB0, 7, 50);
        assertTrue(awaitValue("ch/1/fader", Taper.FADER.fromNormalized(50 / 127.0, -90, 10)), "follows once picked up");
        // Another client moves it: pick-up is armed again.
        rest("ch/1/fader", "-30");
        assertTrue(awaitValue("ch/1/fader", -30));
        ctl.send(0xB0, 7, 60); // from 50 to 60: still above -30 dB's position 0.25, so not met
        Thread.sleep(200);
        assertEquals(-30.0, value("ch/1/fader"), "re-armed after a tablet's move");
        ctl.send(0xB0, 7, 20); // crossing it on the way down picks it up again
        assertTrue(awaitValue("ch/1/fader", Taper.FADER.fromNormalized(20 / 127.0, -90, 10)), "picked up again");
    }

    @Test
    void relativeEncodersStepInTheirOwnModes() throws Exception {
        rest("ch/1/pan", "0");
        rest("ch/2/pan", "0");
        assertTrue(awaitValue("ch/1/pan", 0) && awaitValue("ch/2/pan", 0));
        ctl.send(0xB0, 16, 3); // two's complement +3 ticks of 1 % of -1..1
        assertTrue(awaitValue("ch/1/pan", 0.06), "pan " + value("ch/1/pan"));
        ctl.send(0xB0, 16, 127); // -1
        assertTrue(awaitValue("ch/1/pan", 0.04), "pan " + value("ch/1/pan"));
        ctl.send(0xB0, 17, 0x40 | 2); // sign-magnitude -2 ticks of 5 %
        assertTrue(awaitValue("ch/2/pan", -0.2), "pan " + value("ch/2/pan"));
        ctl.send(0xB0, 17, 1);
        assertTrue(awaitValue("ch/2/pan", -0.1), "pan " + value("ch/2/pan"));
    }

    @Test
    void fourteenBitCcAndNrpnUseTheirFullResolution() throws Exception {
        ctl.send(0xB2, 0, 96, 32, 64); // MSB 96, LSB 64 (running status)
        assertTrue(awaitValue("main/fader", Taper.FADER.fromNormalized((96 << 7 | 64) / 16383.0, -90, 10)), "main " + value("main/fader"));
        var trim = console.state().registry().find("ch/1/trim");
        ctl.send(0xB3, 99, 300 >> 7, 98, 300 & 0x7f, 6, 100, 38, 5);
        double pos = (100 << 7 | 5) / 16383.0;
        assertTrue(awaitValue("ch/1/trim", trim.def().taper().fromNormalized(pos, trim.min(), trim.max())), "trim " + value("ch/1/trim"));
    }

    @Test
    void notesToggleAndHoldButtonsAndTheirLedsComeBack() throws Exception {
        rest("ch/1/mute", "false");
        assertTrue(awaitValue("ch/1/mute", 0));
        ctl.drain();
        ctl.send(0x90, 16, 127);
        ctl.send(0x80, 16, 0);
        assertTrue(awaitValue("ch/1/mute", 1), "toggled on");
        assertTrue(awaitReceived(m -> m.status() == 0x90 && m.data1() == 16 && m.data2() == 127).stream()
                .anyMatch(m -> m.data2() == 127), "mute LED on");
        ctl.send(0x90, 16, 100);
        assertTrue(awaitValue("ch/1/mute", 0), "toggled off");
        assertTrue(awaitReceived(m -> m.status() == 0x90 && m.data1() == 16 && m.data2() == 0).size() > 0, "mute LED off");
        ctl.send(0x95, 24, 64); // omni: any channel
        assertTrue(awaitValue("ch/2/solo", 1), "held");
        ctl.send(0x95, 24, 0);
        assertTrue(awaitValue("ch/2/solo", 0), "released");
    }

    @Test
    void feedbackArrivesWhenAnotherClientMovesTheSameFader() throws Exception {
        ctl.drain();
        rest("ch/2/fader", "-10"); // position 0.5
        List<JackMidiController.Received> got = awaitReceived(m -> m.status() == 0xB0 && m.data1() == 8 && m.data2() == 64);
        assertTrue(got.stream().anyMatch(m -> m.status() == 0xB0 && m.data1() == 8 && m.data2() == 64), "feedback CC: " + got);
        rest("main/fader", "-10"); // position 0.5 of 14 bits = 8192: MSB 64, LSB 0
        got = awaitReceived(m -> m.status() == 0xB2 && m.data1() == 32);
        assertTrue(got.stream().anyMatch(m -> m.status() == 0xB2 && m.data1() == 0 && m.data2() == 64), "14-bit MSB: " + got);
        assertTrue(got.stream().anyMatch(m -> m.status() == 0xB2 && m.data1() == 32 && m.data2() == 0), "14-bit LSB: " + got);
    }

    @Test
    void aFloodOfMovesIsRateLimitedFeedbackAndCostsNothingButTheLatestValue() throws Exception {
        ctl.drain();
        for (int i = 0; i < 500; i++) ctl.send(0xB0, 8, i % 128);
        ctl.send(0xB0, 8, 33);
        assertTrue(awaitValue("ch/2/fader", Taper.FADER.fromNormalized(33 / 127.0, -90, 10)), "the last move wins");
        // 50 moves from another source within about a millisecond: the feedback is rate-limited per control.
        var fader = console.state().registry().find("ch/2/fader");
        long t0 = System.nanoTime();
        for (int i = 0; i < 50; i++) console.state().set(fader, -20 + i * 0.2, "test");
        long burstMs = (System.nanoTime() - t0) / 1_000_000;
        Thread.sleep(300);
        List<JackMidiController.Received> fbs = ctl.drain().stream().filter(m -> m.status() == 0xB0 && m.data1() == 8).toList();
        assertTrue(fbs.size() >= 1 && fbs.size() <= 2 + burstMs / 10, "feedback for 50 moves in " + burstMs + " ms is rate-limited"
                + " per control (one every 10 ms): " + fbs.size());
        int last = (int) Math.round(Taper.FADER.toNormalized(-20 + 49 * 0.2, -90, 10) * 127);
        assertEquals(last, fbs.get(fbs.size() - 1).data2(), "the last feedback carries the last value");
    }

    @Test
    void aProgramChangeRecallsTheSceneAtThatPosition() throws Exception {
        rest("ch/2/fader", "-20");
        assertTrue(awaitValue("ch/2/fader", -20));
        console.scenes().save("Verse", List.of("ch/2"), 0);
        rest("ch/2/fader", "-40");
        console.scenes().save("Chorus", List.of("ch/2"), 0);
        ctl.send(0xC0, 0); // the first scene
        assertTrue(awaitValue("ch/2/fader", -20), "Verse recalled: " + value("ch/2/fader"));
        ctl.send(0xC0, 1);
        assertTrue(awaitValue("ch/2/fader", -40), "Chorus recalled: " + value("ch/2/fader"));
        ctl.send(0xC0, 9); // no tenth scene: refused, counted
        assertTrue(JackTestServer.await(() -> console.server().metrics().midiRefusedCount() > 0, 5000));
    }

    @Test
    void unmappedAndBadInputIsCountedInMetrics() throws Exception {
        long unmapped = console.server().metrics().midiUnmappedCount();
        ctl.send(0xB5, 99 - 50, 1); // CC 49 on channel 6: nobody's
        ctl.send(0xF0, 0x43, 0x10); // a SysEx without its end
        assertTrue(JackTestServer.await(() -> console.server().metrics().midiUnmappedCount() > unmapped
                && console.engine().midi().counters().truncated() > 0, 5000));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + console.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.body().matches("(?s).*jackdesk_midi_in_dropped_total\\{reason=\"unmapped\"} [1-9].*"), r.body());
        assertTrue(r.body().matches("(?s).*jackdesk_midi_in_dropped_total\\{reason=\"truncated\"} [1-9].*"), r.body());
        assertTrue(r.body().matches("(?s).*jackdesk_midi_in_total [1-9].*"), r.body());
        assertTrue(r.body().matches("(?s).*jackdesk_midi_out_total [1-9].*"), r.body());
    }
}
