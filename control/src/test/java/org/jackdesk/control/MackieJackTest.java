package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Mackie Control (docs/midi.md) on a real console on a private {@code jackd -d dummy}: a second
 * JACK client plays the MCU surface.
 */
@ExtendWith(VertxExtension.class)
@Timeout(120)
class MackieJackTest {
    private static final String[] NAMES = {"Kick", "Snare", "Hat", "Tom", "Bass", "Gtr", "Keys", "Vox", "Choir", "Sax"};

    private static Console start(PrivateJackServer server, JackMidiController ctl) throws Exception {
        return start(server, ctl, NAMES, "", "[{\"name\": \"Wedge\"}]", "\"ch/9/fader\": -10");
    }

    /** A console of the channels {@code names} (each {@code "Name"} or {@code "Name:colour"}), buses and start values as JSON. */
    private static Console start(PrivateJackServer server, JackMidiController ctl, String[] names, String layoutExtra, String buses,
                                 String values) throws Exception {
        return start(server, ctl, names, layoutExtra, buses, values, "");
    }

    /** As above, with {@code rootExtra} (", \"recording\": {…}") after the configuration's MIDI section. */
    private static Console start(PrivateJackServer server, JackMidiController ctl, String[] names, String layoutExtra, String buses,
                                 String values, String rootExtra) throws Exception {
        StringBuilder ch = new StringBuilder();
        for (String n : names) {
            String[] nc = n.split(":");
            ch.append(ch.length() == 0 ? "" : ", ").append("{\"name\": \"").append(nc[0]).append('"')
                    .append(nc.length > 1 ? ", \"colour\": \"" + nc[1] + "\"" : "").append('}');
        }
        ConsoleConfig cfg = ConfigJson.read("mcu.json", """
                {"version": 2, "layout": {"channels": [%s], "buses": %s%s},
                 "jack": {"autoConnect": ["midi_in <- %s:out", "midi_out -> %s:in"]},
                 "midi": {"mackie": true}%s, "values": {%s}}
                """.formatted(ch, buses, layoutExtra, ctl.name(), ctl.name(), rootExtra, values));
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

    /**
     * The LCD row starting at {@code at} once the latest one received is {@code expected}, or the
     * latest seen after 10 s: after an action, a repaint of the state before it may still be on its
     * way and arrive first (a fresh-clone run saw the old bank's names there once).
     */
    private static String lcdRowBecomes(JackMidiController ctl, List<JackMidiController.Received> got, int at, String expected)
            throws InterruptedException {
        Predicate<JackMidiController.Received> row = m -> starts(m.bytes(), 0xF0, 0, 0, 0x66, 0x14, 0x12, at);
        String[] last = {null};
        JackTestServer.await(() -> {
            got.addAll(ctl.drain());
            got.stream().filter(row).reduce((x, y) -> y)
                    .ifPresent(m -> last[0] = new String(m.bytes(), 7, 56, StandardCharsets.US_ASCII));
            return expected.equals(last[0]);
        }, 10_000);
        return last[0] != null ? last[0] : lcdRow(ctl, got, at);
    }

    /**
     * Everything the surface received, so that waits for several messages of one flush each find
     * theirs; {@link #mark} starts a step (later waits look only at what came after it).
     */
    private static final class Inbox {
        final JackMidiController ctl;
        final List<JackMidiController.Received> got = new ArrayList<>();
        int from;

        Inbox(JackMidiController ctl) {
            this.ctl = ctl;
        }

        void mark() {
            got.addAll(ctl.drain());
            from = got.size();
        }

        List<JackMidiController.Received> since() {
            got.addAll(ctl.drain());
            return got.subList(from, got.size());
        }
    }

    /**
     * Waits (10 s) until the latest LCD row starting at {@code at} since the mark is {@code expected},
     * asking for a repaint every 2 s (a message of a burst may be lost, see {@link #lcdRow}); returns
     * the latest row seen.
     */
    private static String lcdRowUntil(Inbox in, int at, String expected) throws InterruptedException {
        String[] last = {null};
        latestUntil(in, m -> starts(m.bytes(), 0xF0, 0, 0, 0x66, 0x14, 0x12, at), m -> {
            last[0] = new String(m.bytes(), 7, 56, StandardCharsets.US_ASCII);
            return expected.equals(last[0]);
        });
        return last[0];
    }

    /** The X-Touch colours (8 bytes) of the latest colour SysEx since the mark, once they are {@code expected} or after 10 s. */
    private static List<Integer> coloursUntil(Inbox in, List<Integer> expected) throws InterruptedException {
        List<Integer> last = new ArrayList<>();
        latestUntil(in, m -> starts(m.bytes(), 0xF0, 0, 0, 0x66, 0x14, 0x72), m -> {
            last.clear();
            assertEquals(15, m.bytes().length, "F0 00 00 66 14 72 c1..c8 F7: " + Arrays.toString(m.bytes()));
            assertEquals(0xF7, m.bytes()[14] & 0xff);
            for (int i = 6; i < 14; i++) last.add(m.bytes()[i] & 0xff);
            return expected.equals(last);
        });
        return last;
    }

    /** Waits until the latest message matching {@code kind} since the mark satisfies {@code done} (10 s), asking for a repaint every 2 s. */
    private static void latestUntil(Inbox in, Predicate<JackMidiController.Received> kind,
                                    Predicate<JackMidiController.Received> done) throws InterruptedException {
        long start = System.nanoTime(), repaint = start;
        while (System.nanoTime() - start < 10_000_000_000L) {
            var latest = in.since().stream().filter(kind).reduce((x, y) -> y);
            if (latest.isPresent() && done.test(latest.get())) return;
            if (System.nanoTime() - repaint > 2_000_000_000L) {
                repaint = System.nanoTime();
                in.ctl.send(0xF0, 0, 0, 0x66, 0x14, 0x03, 1, 2, 3, 4, 5, 6, 7, 0xF7); // connection confirmed: repaint
            }
            Thread.sleep(10);
        }
    }

    /**
     * Waits (10 s) for a message matching {@code p} since the mark, asking for a repaint every 2 s
     * (which sends every LED, ring, fader and the assignment display again), as {@link #latestUntil}.
     */
    private static void awaitMessage(Inbox in, Predicate<JackMidiController.Received> p, String what) throws InterruptedException {
        awaitMessage(in, p, what, () -> { });
    }

    /**
     * As {@link #awaitMessage(Inbox, Predicate, String)}, pressing again every 2 s ({@code again}: a
     * press whose repetition changes nothing, such as SELECT or EQ): the press itself may be the
     * message a loaded machine lost (docs/midi.md, What remains).
     */
    private static void awaitMessage(Inbox in, Predicate<JackMidiController.Received> p, String what, Runnable again)
            throws InterruptedException {
        long start = System.nanoTime(), repaint = start;
        while (System.nanoTime() - start < 10_000_000_000L) {
            if (in.since().stream().anyMatch(p)) return;
            if (System.nanoTime() - repaint > 2_000_000_000L) {
                repaint = System.nanoTime();
                again.run();
                in.ctl.send(0xF0, 0, 0, 0x66, 0x14, 0x03, 1, 2, 3, 4, 5, 6, 7, 0xF7); // connection confirmed: repaint
            }
            Thread.sleep(10);
        }
        throw new AssertionError(what + ": not among " + in.since().size() + " messages since the mark");
    }

    /** Waits (10 s) for a message with these status and data bytes since the mark. */
    private static void awaitMessage(Inbox in, int status, int d1, int d2, String what) throws InterruptedException {
        awaitMessage(in, m -> m.status() == status && m.data1() == d1 && m.data2() == d2, what);
    }

    static void rest(Console console, String path, String body) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + console.httpPort() + "/api/params/" + path))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
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

            // BANK right: the strips show channels 9 and 10, the bus, the FX returns (4 slots, all off), then the DCAs,
            // and the faders go where those are.
            ctl.drain();
            ctl.send(0x90, 0x2F, 127);
            got = new ArrayList<>();
            assertEquals("Choir  Sax    Wedge  FX 1   FX 2   FX 3   FX 4   DCA 1  ", lcdRowBecomes(ctl, got, 0x00, "Choir  Sax    Wedge  FX 1   FX 2   FX 3   FX 4   DCA 1  "));
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
            // The FX returns' faders move their sends to the bus too (fxret/N/aux/1/level).
            assertEquals("snd b1 snd b1 bus 1  snd b1 snd b1 snd b1 snd b1 dca 1  ", lcdRowBecomes(ctl, got, 0x38, "snd b1 snd b1 bus 1  snd b1 snd b1 snd b1 snd b1 dca 1  "));
            double sendBefore = value(console, "ch/1/send/1/level");
            ctl.send(0xE1, 0, 0x60); // fader 2 of this bank: channel 10's send to the Wedge
            assertTrue(JackTestServer.await(() -> Math.abs(value(console, "ch/10/send/1/level")
                    - Taper.FADER.fromNormalized(12288 / 16383.0, -90, 10)) < 1e-9, 5000), "send " + value(console, "ch/10/send/1/level"));
            assertEquals(sendBefore, value(console, "ch/1/send/1/level"));
            assertEquals(Taper.FADER.fromNormalized(16256 / 16383.0, -90, 10), value(console, "ch/9/fader"), 1e-9, "the fader itself stays");
        }
    }

    @Test
    void fxReturnsSitBetweenTheBusesAndTheDcasAndTheLcdTakesTheStripColours(Vertx vertx) throws Exception {
        String[] names = {"Kick:red", "Snare:#12a594", "Hat:orange", "Tom:purple", "Bass:grey", "Gtr:#800000", "Keys", "Vox:blue",
                "Choir:green", "Sax:pink"};
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             JackMidiController ctl = JackMidiController.open(server.name(), "mcu");
             Console console = start(server, ctl, names, ", \"fx\": 2", "[{\"name\": \"Wedge\", \"colour\": \"cyan\"}]",
                     "\"fx/1/type\": \"hall\", \"ch/1/send/1/level\": 0")) {
            Inbox in = new Inbox(ctl);
            // Bank 1: each strip's colour is its channel's, nearest of the X-Touch's seven (0 off, 1 red, 2 green,
            // 3 yellow, 4 blue, 5 magenta, 6 cyan, 7 white); a channel without a colour is white.
            assertEquals("Kick   Snare  Hat    Tom    Bass   Gtr    Keys   Vox    ", lcdRowUntil(in, 0x00,
                    "Kick   Snare  Hat    Tom    Bass   Gtr    Keys   Vox    "));
            assertEquals(List.of(1, 6, 3, 5, 7, 1, 7, 4), coloursUntil(in, List.of(1, 6, 3, 5, 7, 1, 7, 4)));

            // BANK right: channels 9 and 10, the bus, the two FX returns (named by their slot's type, "FX 2" while off), the DCAs.
            ctl.send(0x90, 0x2F, 127);
            assertEquals("Choir  Sax    Wedge  hall   FX 2   DCA 1  DCA 2  DCA 3  ", lcdRowUntil(in, 0x00,
                    "Choir  Sax    Wedge  hall   FX 2   DCA 1  DCA 2  DCA 3  "));
            assertEquals("ch 9   ch 10  bus 1  fx 1   fx 2   dca 1  dca 2  dca 3  ", lcdRowUntil(in, 0x38,
                    "ch 9   ch 10  bus 1  fx 1   fx 2   dca 1  dca 2  dca 3  "));
            assertEquals(List.of(2, 5, 6, 7, 7, 7, 7, 7), coloursUntil(in, List.of(2, 5, 6, 7, 7, 7, 7, 7)));
            // The bus's meter: the kick reaches it through channel 1's send. (Marked after the bank's LCD: what came
            // before it was bank 1's, where strip 3 is a channel.)
            in.mark();
            awaitMessage(in, m -> m.status() == 0xD0 && m.data1() >> 4 == 2 && (m.data1() & 15) > 0, "meter of strip 3, the bus");

            // Fader 4 moves FX return 1; a tablet's move of FX return 2 comes back on fader 5.
            ctl.send(0xE3, 0x00, 0x60);
            double expected = Taper.FADER.fromNormalized(12288 / 16383.0, -90, 10);
            assertTrue(JackTestServer.await(() -> Math.abs(value(console, "fxret/1/fader") - expected) < 1e-9, 5000),
                    "fxret/1/fader " + value(console, "fxret/1/fader"));
            in.mark();
            rest(console, "fxret/2/fader", "-10"); // position 0.5: LSB 0, MSB 64
            awaitMessage(in, 0xE4, 0, 64, "fader 5 follows fxret/2/fader");

            // MUTE of strip 4 turns FX return 1 off (its "on" is the inverse of a mute) and lights the LED; SOLO of strip 5 solos return 2.
            ctl.send(0x90, 0x13, 127);
            assertTrue(JackTestServer.await(() -> value(console, "fxret/1/on") == 0, 5000), "fxret/1 off");
            awaitMessage(in, 0x90, 0x13, 127, "MUTE LED of strip 4 on");
            ctl.send(0x90, 0x0C, 127);
            assertTrue(JackTestServer.await(() -> value(console, "fxret/2/solo") == 1, 5000), "fxret/2 soloed");
            awaitMessage(in, 0x90, 0x0C, 127, "SOLO LED of strip 5 on");

            // The V-pot of strip 4 is FX return 1's balance: 5 ticks right = 10 % of -1..1, the ring's dot at LED 7.
            ctl.send(0xB0, 0x13, 0x05);
            assertTrue(JackTestServer.await(() -> Math.abs(value(console, "fxret/1/balance") - 0.2) < 1e-9, 5000),
                    "fxret/1/balance " + value(console, "fxret/1/balance"));
            awaitMessage(in, 0xB0, 0x33, 7, "ring of strip 4");

            // A new effect in slot 2 renames its strip.
            rest(console, "fx/2/type", "\"plate\"");
            assertEquals("Choir  Sax    Wedge  hall   plate  DCA 1  DCA 2  DCA 3  ", lcdRowUntil(in, 0x00,
                    "Choir  Sax    Wedge  hall   plate  DCA 1  DCA 2  DCA 3  "));
        }
    }

    @Test
    void recordAndStopRunATakeWithTheRecLedsAndTheTimecodeDisplayFollowingIt(Vertx vertx, @TempDir Path takes) throws Exception {
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             JackMidiController ctl = JackMidiController.open(server.name(), "mcu");
             Console console = start(server, ctl, NAMES, "", "[{\"name\": \"Wedge\"}]", "",
                     ", \"recording\": {\"folder\": \"" + takes.toString().replace("\\", "\\\\") + "\"}")) {
            Inbox in = new Inbox(ctl);
            awaitMessage(in, 0x90, 0x2A, 127, "PAN LED: the surface is painted");
            awaitMessage(in, 0x90, 0x71, 127, "SMPTE LED: the display shows time");
            assertTrue(!console.recorder().recorder().status().recording());

            in.mark();
            ctl.send(0x90, 0x5F, 127); // RECORD
            ctl.send(0x90, 0x5F, 0);
            assertTrue(JackTestServer.await(() -> console.recorder().recorder().status().recording(), 10_000), "RECORD started a take");
            awaitMessage(in, 0x90, 0x5F, 127, "RECORD LED lit");
            awaitMessage(in, 0x90, 0x00, 127, "strip 1's REC LED: channel 1 is on the take");
            // the seconds' units digit (CC 0x43, with its dot) reaches 2: the take's length on the display
            awaitMessage(in, 0xB0, 0x43, 0x32 | 0x40, "timecode seconds 2");
            ctl.send(0x90, 0x5F, 127); // RECORD again while recording: nothing (STOP ends a take)
            Thread.sleep(300);
            assertTrue(console.recorder().recorder().status().recording(), "a second RECORD does not stop the take");

            in.mark();
            ctl.send(0x90, 0x5D, 127); // STOP
            assertTrue(JackTestServer.await(() -> !console.recorder().recorder().status().recording(), 10_000), "STOP ended the take");
            awaitMessage(in, 0x90, 0x5F, 0, "RECORD LED off");
            awaitMessage(in, 0x90, 0x00, 0, "strip 1's REC LED off");
            long frames = console.recorder().recorder().status().frames();
            assertTrue(frames >= 2 * 48000, "the take holds at least the 2 s the display showed: " + frames);
            try (java.util.stream.Stream<Path> dirs = java.nio.file.Files.list(takes)) {
                assertEquals(1, dirs.filter(java.nio.file.Files::isDirectory).count(), "one take folder");
            }
        }
    }

    @Test
    void theAssignmentButtonsPutTheVpotsOnPanSendsAndTheSelectedStripsEq(Vertx vertx) throws Exception {
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             JackMidiController ctl = JackMidiController.open(server.name(), "mcu");
             Console console = start(server, ctl, NAMES, "", "[{\"name\": \"Wedge\"}, {\"name\": \"Side\"}]", "")) {
            Inbox in = new Inbox(ctl);
            // PAN is the default: its LED, "PN" on the two digits (seven-segment codes: P = 0x10, N = 0x0E; 0x4B left, 0x4A right).
            awaitMessage(in, 0x90, 0x2A, 127, "PAN LED");
            awaitMessage(in, 0xB0, 0x4B, 0x10, "P on the left digit");
            awaitMessage(in, 0xB0, 0x4A, 0x0E, "N on the right digit");
            // the surface's first paint ends with the LCD: turn a V-pot once it is through, as a hand would
            String addresses = "ch 1   ch 2   ch 3   ch 4   ch 5   ch 6   ch 7   ch 8   ";
            assertEquals(addresses, lcdRowUntil(in, 0x38, addresses));
            ctl.send(0xB0, 0x11, 0x05); // V-pot 2, 5 ticks right
            assertTrue(JackTestServer.await(() -> Math.abs(value(console, "ch/2/pan") - 0.2) < 1e-9, 5000), "ch/2/pan " + value(console, "ch/2/pan"));
            awaitMessage(in, 0xB0, 0x31, 7, "pan ring: one dot at LED 7");

            // SEND, nothing selected: the V-pots are each strip's send to bus 1; "S1", the lower row says so.
            in.mark();
            ctl.send(0x90, 0x29, 127);
            ctl.send(0x90, 0x29, 0);
            awaitMessage(in, 0x90, 0x29, 127, "SEND LED");
            awaitMessage(in, 0xB0, 0x4B, 0x13, "S on the left digit");
            awaitMessage(in, 0xB0, 0x4A, 0x31, "1 on the right digit");
            assertEquals("snd b1 ".repeat(8), lcdRowUntil(in, 0x38, "snd b1 ".repeat(8)));
            ctl.send(0xB0, 0x12, 0x03); // V-pot 3, 3 ticks: 6 % of the send's travel on the fader law, up from -inf
            double send1 = Taper.FADER.fromNormalized(0.06, -90, 10);
            assertTrue(JackTestServer.await(() -> Math.abs(value(console, "ch/3/send/1/level") - send1) < 1e-9, 5000),
                    "ch/3/send/1/level " + value(console, "ch/3/send/1/level"));
            awaitMessage(in, 0xB0, 0x32, 0x22, "send ring: a bar from the left to LED 2");
            assertEquals(0.2, value(console, "ch/2/pan"), 1e-9, "the pan stays");

            // SEND again: bus 2.
            ctl.send(0x90, 0x29, 127);
            awaitMessage(in, 0xB0, 0x4A, 0x32, "2 on the right digit");
            assertEquals("snd b2 ".repeat(8), lcdRowUntil(in, 0x38, "snd b2 ".repeat(8)));
            ctl.send(0xB0, 0x12, 0x01);
            double send2 = Taper.FADER.fromNormalized(0.02, -90, 10);
            assertTrue(JackTestServer.await(() -> Math.abs(value(console, "ch/3/send/2/level") - send2) < 1e-9, 5000),
                    "ch/3/send/2/level " + value(console, "ch/3/send/2/level"));
            assertEquals(send1, value(console, "ch/3/send/1/level"), 1e-9);
            ctl.send(0x90, 0x22, 127); // V-pot 3 pressed: a send keeps its level (checked below, once later messages are through)

            // SELECT strip 2, EQ: the 8 V-pots are channel 2's bands, gain and frequency; the LCD names them and shows the values.
            in.mark();
            Runnable selectAndEq = () -> {
                ctl.send(0x90, 0x19, 127);
                ctl.send(0x90, 0x2C, 127);
            };
            selectAndEq.run();
            awaitMessage(in, m -> m.status() == 0x90 && m.data1() == 0x2C && m.data2() == 127, "EQ LED", selectAndEq);
            awaitMessage(in, 0xB0, 0x4B, 0x05, "E on the left digit");
            awaitMessage(in, 0xB0, 0x4A, 0x11, "Q on the right digit");
            assertEquals("1 gain 1 freq 2 gain 2 freq 3 gain 3 freq 4 gain 4 freq ",
                    lcdRowUntil(in, 0x00, "1 gain 1 freq 2 gain 2 freq 3 gain 3 freq 4 gain 4 freq "));
            ctl.send(0xB0, 0x10, 0x43); // V-pot 1: 3 ticks left, band 1 gain 0 -> -1.8 dB (6 % of -15..15)
            ctl.send(0xB0, 0x11, 0x02); // V-pot 2: 2 ticks right, band 1 frequency 4 % up its log range from 100 Hz
            double freq = Taper.LOG.fromNormalized(Taper.LOG.toNormalized(100, 20, 20000) + 0.04, 20, 20000);
            assertTrue(JackTestServer.await(() -> Math.abs(value(console, "ch/2/eq/1/gain") + 1.8) < 1e-9
                    && Math.abs(value(console, "ch/2/eq/1/freq") - freq) < 1e-6, 5000),
                    "ch/2/eq/1 " + value(console, "ch/2/eq/1/gain") + " dB " + value(console, "ch/2/eq/1/freq") + " Hz");
            String lower = "-1.8   " + String.format(java.util.Locale.ROOT, "%-7.0f", freq) + "+0.0   500    +0.0   2.00k  +0.0   8.00k  ";
            assertEquals(lower, lcdRowUntil(in, 0x38, lower));
            awaitMessage(in, 0xB0, 0x30, 0x15, "gain ring: boost/cut at LED 5");
            assertEquals(0, value(console, "ch/1/eq/1/gain"), 1e-9, "only the selected strip's EQ");
            assertEquals(send2, value(console, "ch/3/send/2/level"), 1e-9, "a V-pot press leaves a send alone");
            ctl.send(0x90, 0x20, 127); // V-pot 1 pressed: band 1 gain back to 0 dB
            assertTrue(JackTestServer.await(() -> value(console, "ch/2/eq/1/gain") == 0, 5000), "ch/2/eq/1/gain " + value(console, "ch/2/eq/1/gain"));

            // PAN again: the names come back, the V-pots are the pans.
            ctl.send(0x90, 0x2A, 127);
            awaitMessage(in, m -> m.status() == 0x90 && m.data1() == 0x2A && m.data2() == 127, "PAN LED again", () -> ctl.send(0x90, 0x2A, 127));
            assertEquals("Kick   Snare  Hat    Tom    Bass   Gtr    Keys   Vox    ",
                    lcdRowUntil(in, 0x00, "Kick   Snare  Hat    Tom    Bass   Gtr    Keys   Vox    "));
            ctl.send(0xB0, 0x11, 0x41);
            assertTrue(JackTestServer.await(() -> Math.abs(value(console, "ch/2/pan") - 0.16) < 1e-9, 5000), "ch/2/pan " + value(console, "ch/2/pan"));
            ctl.send(0x90, 0x21, 127); // V-pot 2 pressed: the pan back to the centre
            assertTrue(JackTestServer.await(() -> value(console, "ch/2/pan") == 0, 5000), "ch/2/pan " + value(console, "ch/2/pan"));
        }
    }
}
