package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.jackdesk.config.AutoConnect;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.Taper;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.jack.ConnectRule;
import org.jackdesk.engine.jack.JackMidiController;
import org.jackdesk.engine.jack.JackTestServer;
import org.jackdesk.engine.jack.PrivateJackServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mackie Control (docs/midi.md) on a real console on a private {@code jackd -d dummy}: a second
 * JACK client plays the MCU surface.
 */
@ExtendWith(VertxExtension.class)
@Timeout(120)
class MackieJackTest {
    private static final String[] NAMES = {"Kick", "Snare", "Hat", "Tom", "Bass", "Gtr", "Keys", "Vox", "Choir", "Sax"};

    private static Console start(PrivateJackServer server, JackMidiController ctl) throws Exception {
        StringBuilder ch = new StringBuilder();
        for (String n : NAMES) ch.append(ch.length() == 0 ? "" : ", ").append("{\"name\": \"").append(n).append("\"}");
        ConsoleConfig cfg = ConfigJson.read("mcu.json", """
                {"version": 2, "layout": {"channels": [%s], "buses": [{"name": "Wedge"}]},
                 "jack": {"autoConnect": ["midi_in <- %s:out", "midi_out -> %s:in"]},
                 "midi": {"mackie": true}, "values": {"ch/9/fader": -10}}
                """.formatted(ch, ctl.name(), ctl.name()));
        List<ConnectRule> rules = new ArrayList<>();
        for (AutoConnect.Connection c : cfg.connections()) rules.add(new ConnectRule(c.consolePort(), c.jackPort(), c.input()));
        // The demo programme plays (kick on channel 1, …): the meters have something to show.
        return Console.start(Console.Options.of(cfg, new EngineHost.Options("jdmcu", server.name(), false, false, true, 48000, 64, rules)
                .withMidi(true)));
    }

    private static double value(Console c, String path) {
        return c.state().get(c.state().registry().find(path).slot());
    }

    private static List<JackMidiController.Received> await(JackMidiController ctl, Predicate<JackMidiController.Received> p)
            throws InterruptedException {
        List<JackMidiController.Received> got = new ArrayList<>();
        JackTestServer.await(() -> {
            got.addAll(ctl.drain());
            return got.stream().anyMatch(p);
        }, 10_000); // generous: the start-up paint waits for the console's event loop on a loaded machine
        return got;
    }

    /**
     * The latest LCD row starting at {@code at} among {@code got} and what arrives next; when none
     * came (JACK's asynchronous mode may hand a late cycle's MIDI buffer to the reader half
     * written, docs/midi.md), the surface confirms the connection, which repaints it, up to three
     * times.
     */
    private static String lcdRow(JackMidiController ctl, List<JackMidiController.Received> got, int at) throws InterruptedException {
        Predicate<JackMidiController.Received> row = m -> starts(m.bytes(), 0xF0, 0, 0, 0x66, 0x14, 0x12, at);
        for (int attempt = 0; attempt < 4; attempt++) {
            if (got.stream().noneMatch(row)) got.addAll(await(ctl, row));
            var found = got.stream().filter(row).reduce((x, y) -> y);
            if (found.isPresent()) return new String(found.get().bytes(), 7, 56, StandardCharsets.US_ASCII);
            ctl.send(0xF0, 0, 0, 0x66, 0x14, 0x03, 1, 2, 3, 4, 5, 6, 7, 0xF7); // connection confirmed: repaint
        }
        throw new AssertionError("no LCD row " + at + " among " + got.size() + " messages");
    }

    private static boolean starts(byte[] m, int... prefix) {
        if (m.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if ((m[i] & 0xff) != prefix[i]) return false;
        return true;
    }

    /** The response to a challenge as Logic's MCU documentation gives it, written out here on its own. */
    private static int[] expectedResponse(int[] c) {
        return new int[] {(c[0] + (c[1] ^ 0x0a) - c[3]) & 0x7f, ((c[2] >> 4) ^ (c[0] + c[3])) & 0x7f,
                ((c[3] - (c[2] << 2)) ^ (c[0] | c[1])) & 0x7f, (c[1] - c[2] + (0xf0 ^ (c[3] << 4))) & 0x7f};
    }

    @Test
    void theSurfaceIsAnsweredMovesFadersHoldsTouchesTogglesMutesAndBanks(Vertx vertx) throws Exception {
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             JackMidiController ctl = JackMidiController.open(server.name(), "mcu");
             Console console = start(server, ctl);
             WsClient tablet = WsClient.connect(vertx, console.httpPort())) {
            // The console asks who is there, and paints the surface: names on the LCD.
            // The device query is repeated every 2 s until the surface answers.
            byte[] query = {(byte) 0xF0, 0, 0, 0x66, 0x14, 0, (byte) 0xF7};
            List<JackMidiController.Received> got = await(ctl, m -> Arrays.equals(m.bytes(), query));
            assertTrue(got.stream().anyMatch(m -> Arrays.equals(m.bytes(), query)),
                    "device query sent: " + got.stream().limit(60).map(m -> Arrays.toString(m.bytes())).toList());
            assertEquals("Kick   Snare  Hat    Tom    Bass   Gtr    Keys   Vox    ", lcdRow(ctl, got, 0x00));
            assertEquals(0, console.engine().midi().otherProducers(), "one thread sends");

            // Handshake: host connection query with a serial and a challenge, answered with the response.
            int[] serial = {0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47};
            int[] challenge = {0x12, 0x34, 0x56, 0x78 & 0x7f};
            ctl.send(0xF0, 0, 0, 0x66, 0x14, 0x01, serial[0], serial[1], serial[2], serial[3], serial[4], serial[5], serial[6],
                    challenge[0], challenge[1], challenge[2], challenge[3], 0xF7);
            got = await(ctl, m -> starts(m.bytes(), 0xF0, 0, 0, 0x66, 0x14, 0x02));
            byte[] reply = got.stream().filter(m -> starts(m.bytes(), 0xF0, 0, 0, 0x66, 0x14, 0x02)).findFirst().orElseThrow().bytes();
            int[] r = expectedResponse(challenge);
            assertTrue(starts(reply, 0xF0, 0, 0, 0x66, 0x14, 0x02, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, r[0], r[1], r[2], r[3], 0xF7),
                    Arrays.toString(reply));

            // Meters: channel pressure, strip in the high nibble; the kick on strip 1 shows a level.
            assertTrue(await(ctl, m -> m.status() == 0xD0 && (m.data1() >> 4) == 0 && (m.data1() & 15) > 0).stream()
                    .anyMatch(m -> m.status() == 0xD0 && (m.data1() >> 4) == 0 && (m.data1() & 15) > 0), "meter of strip 1");

            // Touch strip 3: every tablet sees the control held by the surface.
            ctl.send(0x90, 0x68 + 2, 127);
            JsonObject touch = tablet.await("touch");
            assertEquals("ch/3/fader", touch.getString("path"));
            assertEquals(true, touch.getBoolean("on"));
            assertEquals("midi", touch.getString("by"));
            // Pitch bend on MIDI channel 3 moves fader 3 of the bank to its position on the fader law.
            ctl.send(0xE2, 0x00, 0x60); // 0x60 << 7 = 12288 of 16383
            double expected = Taper.FADER.fromNormalized(12288 / 16383.0, -90, 10);
            assertTrue(JackTestServer.await(() -> Math.abs(value(console, "ch/3/fader") - expected) < 1e-9, 5000),
                    "ch/3/fader " + value(console, "ch/3/fader"));
            ctl.send(0x90, 0x68 + 2, 0);
            touch = tablet.await("touch");
            assertEquals(false, touch.getBoolean("on"));

            // MUTE of strip 3 toggles ch/3/mute, and its LED comes back.
            ctl.drain();
            ctl.send(0x90, 0x10 + 2, 127);
            ctl.send(0x90, 0x10 + 2, 0);
            assertTrue(JackTestServer.await(() -> value(console, "ch/3/mute") == 1, 5000), "muted");
            assertTrue(await(ctl, m -> m.status() == 0x90 && m.data1() == 0x12 && m.data2() == 127).stream()
                    .anyMatch(m -> m.status() == 0x90 && m.data1() == 0x12 && m.data2() == 127), "MUTE LED on");

            // BANK right: the strips show channels 9 and 10, the bus, then the DCAs, and the faders go where those are.
            ctl.drain();
            ctl.send(0x90, 0x2F, 127);
            got = new ArrayList<>();
            assertEquals("Choir  Sax    Wedge  DCA 1  DCA 2  DCA 3  DCA 4  DCA 5  ", lcdRow(ctl, got, 0x00));
            got.addAll(await(ctl, m -> m.status() == 0xE0));
            // ch/9/fader is -10 dB: position 0.5 of 14 bits = 8192 (LSB 0, MSB 64).
            assertTrue(got.stream().anyMatch(m -> m.status() == 0xE0 && m.data1() == 0 && m.data2() == 64), "fader 1 shows channel 9: " + got);
            assertEquals(8, console.server().midi().mackie().bankOffset());
            // Pitch bend on channel 1 now moves channel 9.
            ctl.send(0xE0, 0, 0x7F);
            assertTrue(JackTestServer.await(() -> Math.abs(value(console, "ch/9/fader") - Taper.FADER.fromNormalized(16256 / 16383.0, -90, 10))
                    < 1e-9, 5000), "ch/9/fader " + value(console, "ch/9/fader"));

            // FLIP: select the bus (strip 3 of this bank), FLIP; the channel faders now move their sends to it.
            ctl.drain();
            ctl.send(0x90, 0x18 + 2, 127);
            ctl.send(0x90, 0x32, 127);
            Predicate<JackMidiController.Received> flipLed = m -> m.status() == 0x90 && m.data1() == 0x32 && m.data2() == 127;
            got = await(ctl, flipLed); // the LED and the repainted LCD leave in the same flush: keep both
            assertTrue(got.stream().anyMatch(flipLed), "FLIP LED on");
            assertTrue(JackTestServer.await(() -> console.server().midi().mackie().flipBus() == 1, 5000));
            assertEquals("snd b1 snd b1 bus 1  dca 1  dca 2  dca 3  dca 4  dca 5  ", lcdRow(ctl, got, 0x38));
            double sendBefore = value(console, "ch/1/send/1/level");
            ctl.send(0xE1, 0, 0x60); // fader 2 of this bank: channel 10's send to the Wedge
            assertTrue(JackTestServer.await(() -> Math.abs(value(console, "ch/10/send/1/level")
                    - Taper.FADER.fromNormalized(12288 / 16383.0, -90, 10)) < 1e-9, 5000), "send " + value(console, "ch/10/send/1/level"));
            assertEquals(sendBefore, value(console, "ch/1/send/1/level"));
            assertEquals(Taper.FADER.fromNormalized(16256 / 16383.0, -90, 10), value(console, "ch/9/fader"), 1e-9, "the fader itself stays");
        }
    }
}
