package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.control.security.PasswordHasher;
import org.jackdesk.control.security.SecurityOptions;
import org.jackdesk.control.x32.X32Osc;
import org.jackdesk.control.x32.X32Server;
import org.jackdesk.engine.MeterBank;
import org.jackdesk.engine.MeterBankWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The X32 endpoint over a real UDP socket, from a packet-level client (hand-built bytes or X32Osc). */
@ExtendWith(VertxExtension.class)
class X32ServerTest {
    private static ServerOptions x32On() {
        return ServerOptions.loopbackEphemeral().withX32Port(0);
    }

    /** Packet bytes written as the protocol description writes them: {@code ~} is a zero byte. */
    private static byte[] bytes(String s) {
        return s.replace('~', '\0').getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int x32Port(TestServer s) {
        return s.bound.server().x32Port();
    }

    @Test
    void handshakeRepliesByteForByteToMessagesWithoutTypeTags(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, x32On());
        try (X32Client c = new X32Client(x32Port(server))) {
            c.sendRaw(bytes("/xinfo~~")); // as X32 apps send it: no type-tag string
            assertArrayEquals(bytes("/xinfo~~,ssss~~~127.0.0.1~~~jackdesk~~~~X32~4.06~~~~"), c.receiveRaw());
            c.sendRaw(bytes("/info~~~"));
            assertArrayEquals(bytes("/info~~~,ssss~~~V2.07~~~jackdesk~~~~X32~4.06~~~~"), c.receiveRaw());
            c.sendRaw(bytes("/status~,~~~")); // with an empty type-tag string
            assertArrayEquals(bytes("/status~,sss~~~~active~~127.0.0.1~~~jackdesk~~~~"), c.receiveRaw());
        }
    }

    @Test
    void faderLawRoundTripsOverTheWireAtTheBreakpoints(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, x32On());
        float[] positions = {0f, 0.0625f, 0.25f, 0.5f, 0.75f, 1f};
        double[] db = {-90, -60, -30, -10, 0, 10};
        try (X32Client c = new X32Client(x32Port(server))) {
            for (int i = 0; i < positions.length; i++) {
                c.send("/ch/02/mix/fader", positions[i]);
                float step = Math.round(positions[i] * 1023) / 1023f; // the X32 keeps 1024 steps
                assertEquals(step, c.get("/ch/02/mix/fader"), "position " + positions[i]);
                assertEquals(db[i], server.state.get("ch/2/fader"), 0.05, "position " + positions[i]);
            }
            c.send("/ch/01/mix/02/level", 0.25f); // a send to bus 2 follows the same law
            assertEquals(256 / 1023f, c.get("/ch/01/mix/02/level"));
            assertEquals(-30.0, server.state.get("ch/1/send/2/level"), 0.1);
        }
    }

    @Test
    void setsReachTheStateAndTabletsAlsoAsNodeText(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, x32On());
        try (X32Client c = new X32Client(x32Port(server)); WsClient ws = server.client(vertx)) {
            c.send("/ch/01/mix/fader", "-6.0");
            JsonObject changed = ws.next("changed");
            assertEquals("ch/1/fader", changed.getString("path"));
            assertEquals(-6.0, changed.getDouble("value"));
            assertTrue(changed.getString("by").startsWith("x32:127.0.0.1:"), changed.getString("by"));
            c.send("/ch/01/mix/on", "OFF");
            assertEquals("ch/1/mute", ws.next("changed").getString("path"));
            assertEquals(1.0, server.state.get("ch/1/mute"), "X32 OFF is a muted strip");
            assertEquals(0, c.get("/ch/01/mix/on"));
            c.send("/ch/03/eq/2/g", 1.0f);
            ws.next("changed");
            assertEquals(15.0, server.state.get("ch/3/eq/2/gain"), 1e-9);
            c.send("/ch/03/eq/2/f", 0.5f);
            ws.next("changed");
            assertEquals(632.5, server.state.get("ch/3/eq/2/freq"), 0.1, "the 20 Hz–20 kHz log law");
            c.send("/ch/01/preamp/invert", 1);
            ws.next("changed");
            assertEquals(1.0, server.state.get("ch/1/polarity"));
            c.send("/dca/1/fader", 0.75f);
            ws.next("changed");
            assertEquals(0.0, server.state.get("dca/1/fader"), 0.05);
            c.send("/config/mute/2", 1);
            ws.next("changed");
            assertEquals(1.0, server.state.get("mutegroup/2/on"));
            assertEquals(server.state.registry().layout().channels().get(0).name(), c.get("/ch/01/config/name"), "names come from the layout");

            assertEquals(6, c.get("/ch/02/dyn/ratio"), "jackdesk's 4:1 is the 7th of X32's ratios: 1.1 1.3 1.5 2 2.5 3 4 ...");
            c.send("/ch/02/dyn/ratio", 9);
            ws.next("changed");
            assertEquals(10.0, server.state.get("ch/2/comp/ratio"));
            c.send("/ch/02/gate/range", 0f); // X32: 3 dB of attenuation at 0
            ws.next("changed");
            assertEquals(-3.0, server.state.get("ch/2/gate/range"), 1e-9);
            c.send("/ch/02/gate/attack", 0f); // X32's 0 ms is below jackdesk's 0.05 ms: the nearest end
            ws.next("changed");
            assertEquals(0.05, server.state.get("ch/2/gate/attack"), 1e-9);
            c.send("/ch/03/grp/dca", 0b101); // DCA 1 and 3
            ws.next("changed");
            ws.next("changed");
            assertEquals(1.0, server.state.get("ch/3/dca/1"));
            assertEquals(0.0, server.state.get("ch/3/dca/2"));
            assertEquals(1.0, server.state.get("ch/3/dca/3"));
            assertEquals(0b101, c.get("/ch/03/grp/dca"));
            c.send("/ch/03/grp/mute", 1 << 6); // mute group 7: the X32 has 6
            c.send("/node", "ch/02/gate");
            assertEquals(X32Osc.Message.of("node", "/ch/02/gate OFF 3 -40.0 3.0 0 50.00 200\n"), c.receive());
            assertEquals(1, server.metrics().errors("x32_wrong_type"), "the mask of a 7th mute group");
        }
    }

    @Test
    void aTabletMoveReachesXremoteClientsUntilTheRegistrationLapses(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, x32On());
        AtomicLong now = new AtomicLong(1_000_000_000L);
        X32Server x32 = server.bound.server().x32();
        x32.useClock(now::get);
        try (X32Client app = new X32Client(x32Port(server)); X32Client other = new X32Client(x32Port(server));
             WsClient ws = server.client(vertx)) {
            app.send("/xremote");
            other.send("/xremote");
            OscAllowListTest.waitFor(() -> x32.xremoteCount() == 2);
            ws.send(new JsonObject().put("op", "set").put("path", "ch/2/fader").put("value", -10.0).put("id", 1));
            ws.next("ack");
            X32Osc.Message push = app.receive();
            assertEquals(X32Osc.Message.of("/ch/02/mix/fader", 512 / 1023f), push, "−10 dB is step 512 of 1023");
            assertEquals(push, other.receive());

            app.send("/ch/03/mix/on", 0); // one app's set reaches the other, not itself
            assertEquals(X32Osc.Message.of("/ch/03/mix/on", 0), other.receive());
            ws.send(new JsonObject().put("op", "set").put("path", "ch/1/mutegroup/2").put("value", true).put("id", 3));
            ws.await("ack");
            assertEquals(X32Osc.Message.of("/ch/01/grp/mute", 0b10), app.receive(), "a membership is its channel's mask");
            assertEquals(X32Osc.Message.of("/ch/01/grp/mute", 0b10), other.receive());
            app.send("/main/st/mix/pan", 0.25f); // stored-only values too
            assertEquals(X32Osc.Message.of("/main/st/mix/pan", 0.25f), other.receive());
            app.expectNothing(200);

            now.addAndGet(X32Server.XREMOTE_MS * 1_000_000L + 1); // 10 s without /xremote
            assertEquals(0, x32.xremoteCount());
            ws.send(new JsonObject().put("op", "set").put("path", "ch/2/fader").put("value", -30.0).put("id", 2));
            ws.await("ack"); // after the X32 apps' own changes
            app.expectNothing(300);
            other.expectNothing(10);
        }
    }

    @Test
    void automixGroupAndWeightReachTheAutomixerParameters(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, x32On());
        try (X32Client c = new X32Client(x32Port(server))) {
            c.send("/ch/02/automix/group", 1); // X32: 1 is group X
            assertEquals(1, c.get("/ch/02/automix/group"));
            assertEquals(1.0, server.state.get("ch/2/automix/group"), "channel 2 in group X");
            c.send("/ch/03/automix/group", 2);
            assertEquals(2, c.get("/ch/03/automix/group")); // the answer comes after the set: it was applied
            assertEquals(2.0, server.state.get("ch/3/automix/group"), "channel 3 in group Y");
            c.send("/ch/02/automix/weight", 0.75f); // three quarters of −12 … +12 dB
            assertEquals(0.75f, (Float) c.get("/ch/02/automix/weight"), 0.001f);
            assertEquals(6.0, server.state.get("ch/2/automix/weight"), 0.01);
            server.state.set("ch/3/automix/weight", -6.0, "test");
            assertEquals(0.25f, (Float) c.get("/ch/03/automix/weight"), 0.001f, "a weight set elsewhere reads back on the X32 law");
            c.send("/ch/02/automix/group", 0);
            assertEquals(0, c.get("/ch/02/automix/group"));
            assertEquals(0.0, server.state.get("ch/2/automix/group"), "OFF");
        }
    }

    @Test
    void unknownAndStoredOnlyAddressesAnswerWithTheirTypeAndDefault(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, x32On());
        try (X32Client c = new X32Client(x32Port(server))) {
            assertEquals(0.5f, c.get("/main/st/mix/pan"), "jackdesk's main has no pan: stored");
            c.send("/main/st/mix/pan", 0.3f);
            assertEquals(0.3f, c.get("/main/st/mix/pan"));
            assertEquals(0f, c.get("/ch/20/mix/fader"), "an X32 channel beyond the layout (3 channels)");
            c.send("/ch/20/mix/fader", 0.75f);
            assertEquals(0.75f, c.get("/ch/20/mix/fader"));
            assertEquals(1, c.get("/ch/01/mix/on"));
            assertEquals(1, c.get("/ch/01/mix/st"), "assigned to the main bus");
            c.send("/node", "ch/01/mix");
            assertEquals(X32Osc.Message.of("node", "/ch/01/mix ON +0.0 ON +0 OFF -oo\n"), c.receive());
            c.send("/node", "ch/02/config");
            String name = server.state.registry().layout().channels().get(1).name();
            assertEquals(X32Osc.Message.of("node", "/ch/02/config \"" + name + "\" 1 OFF 0\n"), c.receive());

            c.send("/no/such/thing");
            c.send("/ch/01/mix/fader", 1, 2); // two arguments
            c.send("/main/st/mix/pan", 1); // an int where the X32 keeps a float
            c.send("/ch/01/mix/fader", "+40"); // node text beyond +10 dB
            c.send("/ch/01/mix/fader", "loud");
            c.send("/ch/01/config/name", "Snare");
            assertEquals(0.3f, c.get("/main/st/mix/pan"), "still answering, nothing changed");
            assertEquals(0.0, server.state.get("ch/1/fader"));
            assertEquals(1, server.metrics().errors("x32_unknown_address"));
            assertEquals(3, server.metrics().errors("x32_wrong_type"));
            assertEquals(1, server.metrics().errors("x32_out_of_range"));
            assertEquals(1, server.metrics().errors("x32_read_only"));
        }
    }

    @Test
    void malformedPacketsAreIgnoredAndCounted(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, x32On());
        var before = server.state.snapshot();
        try (X32Client c = new X32Client(x32Port(server))) {
            c.sendRaw(bytes("/ch/01/mix/fader~~~~,f~~")); // the float is missing
            c.sendRaw(new byte[] {0, 2, 3, 4, 5});
            c.sendRaw(bytes("/ch/01/mix/fader~~~~,x~~~~~~")); // a type the X32 does not use
            c.expectNothing(200);
            assertEquals(0.7498f, (float) c.get("/ch/01/mix/fader"), 1e-4f, "the server still answers");
        }
        assertEquals(3, server.metrics().errors("x32_malformed"));
        assertEquals(before, server.state.snapshot());
        assertTrue(server.engine.sets.isEmpty());
        String metrics = WsClient.await(vertx.createHttpClient().request(io.vertx.core.http.HttpMethod.GET, server.port(), "127.0.0.1", "/metrics")
                .compose(r -> r.send()).compose(r -> r.body())).toString();
        assertTrue(metrics.contains("jackdesk_errors_total{code=\"x32_malformed\"} 3"), metrics);
    }

    @Test
    void aMonitorRoleOscUsersSetsOutsideItsBusesAreIgnoredAndCounted(Vertx vertx) throws Exception {
        String hash = PasswordHasher.hash("2468".toCharArray(), 1000);
        SecurityOptions sec = SecurityOptions.open().withUsers(List.of(new ConsoleConfig.UserConfig("drums", "monitor", List.of(1), hash)), "drums");
        TestServer server = new TestServer(vertx, x32On(), sec);
        try (X32Client c = new X32Client(x32Port(server))) {
            c.send("/main/st/mix/fader", 0.5f);
            c.send("/ch/01/mix/on", 0);
            c.send("/main/st/mix/pan", 0.1f); // stored-only: the engineer's
            c.send("/ch/02/mix/01/level", 0.5f); // its own bus's send: allowed
            OscAllowListTest.waitFor(() -> Math.abs(server.state.get("ch/2/send/1/level") + 10) < 0.05);
            assertEquals(0.0, server.state.get("main/fader"));
            assertEquals(0.0, server.state.get("ch/1/mute"));
            assertEquals(0.5f, c.get("/main/st/mix/pan"));
            assertEquals(3, server.metrics().errors("forbidden"));
        }
    }

    @Test
    void namesAndColoursComeFromTheConfigurationAndAreReadOnly(Vertx vertx) throws Exception {
        ConsoleConfig cfg = org.jackdesk.config.ConfigJson.read("t.json", "{\"version\": 2, \"layout\": {"
                + "\"channels\": [{\"name\": \"Kick\", \"colour\": \"red\"}, {\"name\": \"Keys\", \"colour\": \"orange\"}],"
                + "\"buses\": [{\"name\": \"Wedge\", \"colour\": \"blue\"}], \"dcas\": [\"Drums\"]}}");
        Console console = TestServer.start(cfg, new RecordingEngine(2, 1), vertx, x32On(), SecurityOptions.open());
        try (X32Client c = new X32Client(console.server().x32Port())) {
            assertEquals("Kick", c.get("/ch/01/config/name"));
            assertEquals(1, c.get("/ch/01/config/color"), "red is RD");
            assertEquals(3, c.get("/ch/02/config/color"), "X32 has no orange: YE");
            assertEquals(4, c.get("/bus/01/config/color"));
            assertEquals("Wedge", c.get("/bus/01/config/name"));
            assertEquals("Drums", c.get("/dca/1/config/name"));
            assertEquals("DCA 2", c.get("/dca/2/config/name"));
            assertEquals(0, c.get("/ch/05/config/color"), "beyond the layout");
            c.send("/node", "ch/01/config");
            assertEquals(X32Osc.Message.of("node", "/ch/01/config \"Kick\" 1 RD 0\n"), c.receive());
            c.send("/ch/01/config/color", 5);
            c.send("/ch/01/config/name", "Snare");
            assertEquals(1, c.get("/ch/01/config/color"));
            assertEquals(2, console.server().metrics().errors("x32_read_only"));
        }
    }

    @Test
    void aNameOrColourChangedOnATabletShowsAtOnce(Vertx vertx) throws Exception {
        ConsoleConfig cfg = org.jackdesk.config.ConfigJson.read("t.json", "{\"version\": 2, \"layout\": {"
                + "\"channels\": [{\"name\": \"Kick\", \"colour\": \"red\"}], \"buses\": [{\"name\": \"Wedge\"}], \"dcas\": [\"Drums\"]}}");
        Console console = TestServer.start(cfg, new RecordingEngine(1, 1), vertx, x32On(), SecurityOptions.open());
        try (X32Client c = new X32Client(console.server().x32Port())) {
            assertEquals("Kick", c.get("/ch/01/config/name"));
            org.jackdesk.control.security.Principal engineer = org.jackdesk.control.security.Principal.ANYONE;
            console.server().params().label(engineer, "ch/1", "Kick In", "green");
            console.server().params().label(engineer, "bus/1", "Vox Wedge", null);
            console.server().params().label(engineer, "dca/1", "Drum VCA", null);
            assertEquals("Kick In", c.get("/ch/01/config/name"));
            assertEquals(2, c.get("/ch/01/config/color"), "green is GN");
            assertEquals("Vox Wedge", c.get("/bus/01/config/name"));
            assertEquals("Drum VCA", c.get("/dca/1/config/name"));
        }
    }

    @Test
    void aFloodIsCutToTheSendersBudgetAndCounted(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, x32On().withMaxMessagesPerSecond(20));
        try (X32Client flood = new X32Client(x32Port(server)); X32Client calm = new X32Client(x32Port(server))) {
            for (int i = 1; i <= 100; i++) flood.send("/ch/01/mix/fader", i / 200f);
            assertTrue(calm.get("/dca/1/fader") instanceof Float, "another sender has its own budget");
            // Every message is either applied (each one a new value) or dropped and counted.
            OscAllowListTest.waitFor(() -> server.metrics().errors("rate_limited") + server.engine.sets.size() == 100);
            flood.expectNothing(200); // an X32 answers a flood with nothing
            long applied = server.engine.sets.size();
            assertTrue(applied >= 20 && applied <= 40, "the flood's excess was dropped: " + applied + " of 100 applied");
        }
    }

    @Test
    void aSenderOutsideTheAllowListGetsNoAnswerAndChangesNothing(Vertx vertx) throws Exception {
        InetAddress lan = OscAllowListTest.lanAddress();
        org.junit.jupiter.api.Assumptions.assumeTrue(lan != null, "needs a non-loopback IPv4 address to send from");
        TestServer server = new TestServer(vertx, x32On().withHost("0.0.0.0"));
        try (DatagramSocket s = new DatagramSocket(0, lan)) {
            s.setSoTimeout(300);
            for (X32Osc.Message m : List.of(X32Osc.Message.of("/xinfo"), X32Osc.Message.of("/ch/01/mix/fader", 0.25f),
                    X32Osc.Message.of("/xremote"))) {
                byte[] b = X32Osc.encode(m);
                s.send(new DatagramPacket(b, b.length, lan, x32Port(server)));
            }
            try {
                s.receive(new DatagramPacket(new byte[1024], 1024));
                throw new AssertionError("a refused sender got an answer");
            } catch (SocketTimeoutException expected) {
                // nothing
            }
        }
        OscAllowListTest.waitFor(() -> server.metrics().errors("x32_refused") == 3);
        assertEquals(0.0, server.state.get("ch/1/fader"));
        assertEquals(0, server.bound.server().x32().xremoteCount());
    }

    @Test
    void metersOneBlobDecodesToTheEngineMetersUntilItLapses(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, x32On());
        AtomicLong now = new AtomicLong(5_000_000_000L);
        server.bound.server().x32().useClock(now::get);
        MeterBank bank = server.engine.meters();
        float[] v = new float[bank.size()];
        v[MeterBank.channelBase(0) + MeterBank.CH_IN_PEAK] = 0.5f;
        v[MeterBank.channelBase(0) + MeterBank.CH_GATE_GR] = -6f;
        v[MeterBank.channelBase(0) + MeterBank.CH_COMP_GR] = -20f;
        v[MeterBank.channelBase(2) + MeterBank.CH_IN_PEAK] = 0.125f;
        MeterBankWriter.publish(bank, v);
        try (X32Client c = new X32Client(x32Port(server))) {
            c.send("/meters", "/meters/1", 0, 0, 1);
            X32Osc.Message m = c.receive();
            assertEquals("/meters/1", m.address());
            byte[] blob = (byte[]) m.args().get(0);
            assertEquals(4 + 96 * 4, blob.length, "count, then 96 floats");
            ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(96, b.getInt());
            float[] f = new float[96];
            for (int i = 0; i < 96; i++) f[i] = b.getFloat();
            assertEquals(0.5f, f[0], "channel 1's input level");
            assertEquals(0f, f[1]);
            assertEquals(0.125f, f[2]);
            assertEquals(0f, f[31], "beyond the layout");
            assertEquals(0.501f, f[32], 0.001f, "channel 1's gate gain: −6 dB");
            assertEquals(1f, f[33], "no reduction");
            assertEquals(0.1f, f[64], 1e-6f, "channel 1's compressor gain: −20 dB");
            assertEquals("/meters/1", c.receive().address(), "again 50 ms later");

            now.addAndGet(X32Server.XREMOTE_MS * 1_000_000L - 1_000_000_000L);
            c.send("/renew"); // 9 s on: another 10 s
            c.send("/xinfo"); // its answer, among the blobs, says the renewal was handled
            while (!c.receive().address().equals("/xinfo")) {
                // a blob
            }
            now.addAndGet(2_000_000_000L);
            assertEquals(1, server.bound.server().x32().meterSubscriberCount(), "renewed: alive 11 s after the request");
            now.addAndGet(X32Server.XREMOTE_MS * 1_000_000L); // 10 s without a renewal
            c.socket.setSoTimeout(150);
            try {
                while (true) c.receive(); // what was on its way
            } catch (SocketTimeoutException drained) {
                // the subscription has lapsed
            }
            c.expectNothing(300);
            assertEquals(0, server.bound.server().x32().meterSubscriberCount());
            c.send("/meters", "/meters/13");
            assertTrue(c.get("/ch/01/mix/pan") instanceof Float, "still answering");
            assertEquals(1, server.metrics().errors("x32_unsupported_meters"));
        }
    }

    @Test
    void aWholeNodeIsSetFromOneLineOfNodeText(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, x32On());
        try (X32Client c = new X32Client(x32Port(server)); WsClient ws = server.client(vertx)) {
            c.send("/", "/ch/02/mix OFF -10.0 OFF -50 ON -oo");
            OscAllowListTest.waitFor(() -> server.state.get("ch/2/pan") == -0.5);
            assertEquals(1.0, server.state.get("ch/2/mute"));
            assertEquals(-10.0, server.state.get("ch/2/fader"));
            assertEquals(0.0, server.state.get("ch/2/main"), "st OFF: not on the main bus");
            assertEquals(0, c.get("/ch/02/mix/mono"), "stored-only fields are left as they are");
            c.send("/", "/ch/02/mix/fader -20");
            c.send("/", "ch/02/grp %00000011 %000010");
            OscAllowListTest.waitFor(() -> server.state.get("ch/2/mutegroup/2") == 1.0);
            assertEquals(-20.0, server.state.get("ch/2/fader"));
            assertEquals(1.0, server.state.get("ch/2/dca/1"));
            assertEquals(1.0, server.state.get("ch/2/dca/2"));
            c.send("/node", "ch/02/grp");
            assertEquals(X32Osc.Message.of("node", "/ch/02/grp %00000011 %000010\n"), c.receive());
            c.send("/node", "config/mute");
            assertEquals(X32Osc.Message.of("node", "/config/mute OFF OFF OFF OFF OFF OFF\n"), c.receive());
            c.send("/", "/ch/02/nothing 1");
            c.send("/ch/01/mix/fader");
            c.receive();
            assertEquals(1, server.metrics().errors("x32_unknown_address"));
        }
    }

    @Test
    void aStereoChannelIsALinkedOddEvenPair(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, x32On()); // 3 mono channels, then a stereo one
        try (X32Client c = new X32Client(x32Port(server)); X32Client follower = new X32Client(x32Port(server))) {
            c.send("/ch/06/mix/fader", 0.25f); // the even half of the pair moves the stereo channel
            OscAllowListTest.waitFor(() -> Math.abs(server.state.get("ch/4/fader") + 30) < 0.1);
            assertEquals(256 / 1023f, c.get("/ch/05/mix/fader"));
            assertEquals(server.state.registry().layout().channels().get(3).name(), c.get("/ch/05/config/name"));
            assertEquals(1, c.get("/config/chlink/5-6"));
            assertEquals(0, c.get("/config/chlink/1-2"));
            assertEquals(0f, c.get("/ch/04/mix/fader"), "the X32 channel before the pair is left over: stored");
            c.send("/main/st/mix/fader", 0.5f);
            OscAllowListTest.waitFor(() -> Math.abs(server.state.get("main/fader") + 10) < 0.1);

            follower.send("/xremote");
            OscAllowListTest.waitFor(() -> server.bound.server().x32().xremoteCount() == 1);
            c.send("/ch/05/mix/on", 0);
            assertEquals(X32Osc.Message.of("/ch/05/mix/on", 0), follower.receive(), "pushed as the pair's odd channel");
        }
    }

    @Test
    void mutatedPacketsNeverCrashTheEndpointNorReachTheEngineNonFinite(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, x32On().withMaxMessagesPerSecond(100_000));
        List<X32Osc.Message> corpus = List.of(X32Osc.Message.of("/ch/01/mix/fader", 0.5f), X32Osc.Message.of("/ch/02/mix/on", "OFF"),
                X32Osc.Message.of("/ch/03/eq/2/f", "1k97"), X32Osc.Message.of("/", "/ch/01/mix ON -6.0 ON +0 OFF -oo"),
                X32Osc.Message.of("/ch/01/grp/dca", 5), X32Osc.Message.of("/meters", "/meters/1", 0, 0, 1),
                X32Osc.Message.of("/node", "ch/01/gate"), X32Osc.Message.of("/ch/02/dyn/ratio", 3),
                X32Osc.Message.of("/ch/01/gate/range", "-oo"), X32Osc.Message.of("/ch/01/mix/pan", Float.NaN),
                X32Osc.Message.of("/ch/01/preamp/trim", Float.POSITIVE_INFINITY), X32Osc.Message.of("/ch/01/mix/02/level", "NaN"),
                X32Osc.Message.of("/ch/01/mix/fader", new byte[] {1, 2, 3}));
        java.util.Random rnd = new java.util.Random(20);
        try (X32Client c = new X32Client(x32Port(server))) {
            for (int n = 0; n < 2000; n++) {
                byte[] b = X32Osc.encode(corpus.get(rnd.nextInt(corpus.size())));
                switch (rnd.nextInt(4)) {
                    case 0 -> b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                    case 1 -> b = Arrays.copyOf(b, rnd.nextInt(b.length));
                    case 2 -> {
                        for (int k = 0; k < 3; k++) b[rnd.nextInt(b.length)] = (byte) "ifsb,/ -k%\"0".charAt(rnd.nextInt(12));
                    }
                    default -> { } // as it is
                }
                c.sendRaw(b);
                if (n % 100 == 0) Thread.sleep(5); // let the socket buffer drain a little
            }
            long seen = -1; // on a loaded machine the server works through its socket buffer for a while
            for (int k = 0; k < 60 && server.metrics().messagesIn() != seen; k++) {
                seen = server.metrics().messagesIn();
                Thread.sleep(300);
            }
            c.send("/xinfo");
            while (!c.receive().address().equals("/xinfo")) {
                // node replies and meter blobs first
            }
        }
        for (RecordingEngine.SetCall s : server.engine.sets) assertTrue(Double.isFinite(s.value()), "non-finite to the engine: " + s);
        for (Object v : server.state.snapshot().values()) {
            if (v instanceof Double d) assertTrue(Double.isFinite(d), "non-finite in the state");
        }
        assertTrue(server.metrics().errors("x32_malformed") > 0);
    }

    @Test
    void aTakenX32PortFailsTheStartNamingThePortAndTheOption(Vertx vertx) throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            ServerOptions o = x32On().withX32Port(taken.getLocalPort());
            AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> new TestServer(vertx, o));
            String m = String.valueOf(e.getMessage());
            assertTrue(m.contains("X32 OSC on udp 127.0.0.1:" + taken.getLocalPort()) && m.contains("--x32-port"), m);
        }
    }
}
