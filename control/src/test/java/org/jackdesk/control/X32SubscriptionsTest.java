package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;
import org.jackdesk.control.x32.X32Osc;
import org.jackdesk.control.x32.X32Server;
import org.jackdesk.engine.MeterBank;
import org.jackdesk.engine.MeterBankWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /subscribe}, {@code /formatsubscribe}, {@code /batchsubscribe}, {@code /renew} and the meter banks, over a real UDP socket. */
@ExtendWith(VertxExtension.class)
class X32SubscriptionsTest {
    private static ServerOptions x32On() {
        return ServerOptions.loopbackEphemeral().withX32Port(0);
    }

    private static float[] floats(byte[] blob) {
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        int n = b.getInt();
        assertEquals(4 + 4 * n, blob.length, "count, then that many values");
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = b.getFloat();
        return f;
    }

    /** The next message to {@code address}, skipping others (meter blobs of another subscription). */
    private static X32Osc.Message next(X32Client c, String address) throws Exception {
        while (true) {
            X32Osc.Message m = c.receive();
            if (m.address().equals(address)) return m;
        }
    }

    @Test
    void busAndMainMeterBlobsDecodeToTheEngineMeters(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, x32On());
        MeterBank bank = server.engine.meters();
        assertTrue(bank.buses() >= 2, "the test layout has buses");
        float[] v = new float[bank.size()];
        v[MeterBank.channelBase(0) + MeterBank.CH_IN_PEAK] = 0.5f;
        v[bank.busBase(0) + MeterBank.BUS_PEAK_L] = 0.25f;
        v[bank.busBase(0) + MeterBank.BUS_PEAK_R] = 0.125f; // a stereo bus reads its louder side
        v[bank.busBase(1) + MeterBank.BUS_PEAK_R] = 0.75f;
        v[bank.busBase(1) + MeterBank.BUS_COMP_GR] = -6f;
        v[bank.mainBase() + MeterBank.BUS_PEAK_L] = 0.3f;
        v[bank.mainBase() + MeterBank.BUS_PEAK_R] = 0.4f;
        v[bank.mainBase() + MeterBank.BUS_COMP_GR] = -2f;
        v[bank.mainBase() + MeterBank.BUS_LIMITER_GR] = -4f;
        MeterBankWriter.publish(bank, v);
        try (X32Client c = new X32Client(server.bound.server().x32Port())) {
            c.send("/meters", "/meters/2", 1);
            float[] m2 = floats((byte[]) next(c, "/meters/2").args().get(0));
            assertEquals(49, m2.length, "16 buses, 6 matrices, L, R, mono, then 24 dynamics gains");
            assertEquals(0.25f, m2[0], "bus 1");
            assertEquals(0.75f, m2[1], "bus 2");
            assertEquals(0f, m2[15], "bus 16: beyond the layout");
            assertEquals(0f, m2[16], "matrix 1: jackdesk has none");
            assertEquals(0.3f, m2[22], "main L");
            assertEquals(0.4f, m2[23], "main R");
            assertEquals(0f, m2[24], "mono");
            assertEquals(1f, m2[25], "bus 1: no reduction");
            assertEquals(0.501f, m2[26], 0.001f, "bus 2's compressor: −6 dB");
            assertEquals(0.501f, m2[47], 0.001f, "the main's compressor and limiter: −2 − 4 dB");
            assertEquals(1f, m2[48], "mono");

            c.send("/batchsubscribe", "/mymeters", "/meters/0", 0, 0, 1); // the same banks under an alias
            float[] m0 = floats((byte[]) next(c, "/mymeters").args().get(0));
            assertEquals(70, m0.length);
            assertEquals(0.5f, m0[0], "channel 1");
            assertEquals(0f, m0[32], "aux input 1");
            assertEquals(0.25f, m0[48], "bus 1");
            assertEquals(0.75f, m0[49], "bus 2");
            assertEquals(2, server.bound.server().x32().meterSubscriberCount());

            c.send("/meters", "/meters/7"); // a bank jackdesk does not fill
            c.send("/batchsubscribe", "/x", "/meters/6", 1, 0, 1);
            c.send("/xinfo");
            next(c, "/xinfo");
            assertEquals(2, server.metrics().errors("x32_unsupported_meters"));
        }
    }

    @Test
    void theRtaBankIsTheMainAtATenthOfAnOctaveWhileSubscribed(Vertx vertx) throws Exception {
        org.jackdesk.config.Layout layout = org.jackdesk.config.Layout.of(2, 0, 1, 0);
        org.jackdesk.config.ParamRegistry registry = org.jackdesk.config.ParamRegistry.forLayout(layout);
        org.jackdesk.config.ConsoleState state = new org.jackdesk.config.ConsoleState(registry);
        state.set("osc/freq", 1000.0, "test");
        state.set("osc/level", -12.0, "test");
        state.set("osc/on", true, "test");
        org.jackdesk.engine.Engine engine = new org.jackdesk.engine.Engine(registry, 48000f, state.copyValues());
        try (org.jackdesk.engine.jack.InternalClock clock = org.jackdesk.engine.jack.InternalClock.start(48000, 256,
                layout.inputCount(), engine.outputPortNames().size(), engine::process)) {
            ControlServer.Bound bound = TestServer.start(TestServer.config(layout, state), new BackendEngineControl(engine, clock), vertx,
                    x32On(), org.jackdesk.control.security.SecurityOptions.open()).bound();
            try (X32Client c = new X32Client(bound.server().x32Port())) {
                c.send("/batchsubscribe", "/rta", "/meters/15", 0, 0, 1);
                short[] db = null;
                long until = System.nanoTime() + 5_000_000_000L;
                while (System.nanoTime() < until) {
                    ByteBuffer b = ByteBuffer.wrap((byte[]) next(c, "/rta").args().get(0)).order(ByteOrder.LITTLE_ENDIAN);
                    assertEquals(50, b.getInt(), "50 words");
                    assertEquals(4 + 200, b.capacity(), "100 16-bit values");
                    db = new short[100];
                    for (int i = 0; i < 100; i++) db[i] = b.getShort();
                    if (Math.abs(db[56] / 256.0 + 12) < 0.5) break; // the analysis settles within a few frames
                }
                // 1/10-octave centres 1000·10^(0.03·k) from about 20 Hz: band 56 is 1 kHz
                assertEquals(-12.0, db[56] / 256.0, 0.5, "the −12 dBFS sine in the 1 kHz band");
                assertTrue(db[46] / 256.0 < -60 && db[66] / 256.0 < -60, "a third of an octave away, far below: " + db[46] / 256.0 + ", " + db[66] / 256.0);
                boolean tapped = false;
                for (int s = 0; s < org.jackdesk.engine.rta.RtaTap.SLOTS; s++) tapped |= engine.rta().source(s) == org.jackdesk.engine.rta.RtaTap.main();
                assertTrue(tapped, "the main is analysed while an app subscribes");
                c.send("/unsubscribe");
                until = System.nanoTime() + 3_000_000_000L;
                while (tapped && System.nanoTime() < until) {
                    Thread.sleep(50);
                    tapped = false;
                    for (int s = 0; s < org.jackdesk.engine.rta.RtaTap.SLOTS; s++) tapped |= engine.rta().source(s) != org.jackdesk.engine.rta.RtaTap.OFF;
                }
                assertTrue(!tapped, "unsubscribed: the tap slot is given back");
            }
        }
    }

    @Test
    void aSubscribedValueComesAtTheRequestedRateAndFollowsTheConsole(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, x32On());
        try (X32Client c = new X32Client(server.bound.server().x32Port()); WsClient ws = server.client(vertx)) {
            c.send("/subscribe", "/ch/02/mix/fader", 4); // every 200 ms
            long start = System.nanoTime();
            assertEquals(0.7498f, (float) next(c, "/ch/02/mix/fader").args().get(0), 1e-4f);
            for (int i = 0; i < 3; i++) next(c, "/ch/02/mix/fader");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 3 * 200 * 0.8, "four values 200 ms apart take at least 600 ms, not " + ms);

            ws.send(new JsonObject().put("op", "set").put("path", "ch/2/fader").put("value", -10.0).put("id", 1));
            ws.await("ack");
            float f;
            do {
                f = (float) next(c, "/ch/02/mix/fader").args().get(0); // the value sent after the move
            } while (f != 512 / 1023f && System.nanoTime() - start < 10_000_000_000L);
            assertEquals(512 / 1023f, f, "−10 dB");

            c.send("/formatsubscribe", "/mutes", "/ch/**/mix/on", 1, 4, 1);
            ws.send(new JsonObject().put("op", "set").put("path", "ch/3/mute").put("value", true).put("id", 2));
            ws.await("ack");
            int[] on;
            do {
                ByteBuffer b = ByteBuffer.wrap((byte[]) next(c, "/mutes").args().get(0)).order(ByteOrder.LITTLE_ENDIAN);
                assertEquals(4, b.getInt(), "channels 1 to 4");
                on = new int[] {b.getInt(), b.getInt(), b.getInt(), b.getInt()};
            } while (on[2] != 0 && System.nanoTime() - start < 10_000_000_000L);
            assertEquals(1, on[0]);
            assertEquals(0, on[2], "channel 3 muted: not ON");
        }
    }

    @Test
    void subscriptionsLapseAfterTenSecondsUnlessRenewed(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, x32On());
        AtomicLong now = new AtomicLong(7_000_000_000L);
        X32Server x32 = server.bound.server().x32();
        x32.useClock(now::get);
        try (X32Client c = new X32Client(server.bound.server().x32Port())) {
            c.send("/subscribe", "/main/st/mix/fader", 1);
            c.send("/formatsubscribe", "/faders", "/dca/*/fader", 1, 8, 1);
            c.send("/batchsubscribe", "/m1", "/meters/1", 0, 0, 1);
            next(c, "/m1");
            assertEquals(3, x32.subscriptionCount());

            now.addAndGet(9_000_000_000L);
            c.send("/renew", "/faders"); // one by its alias
            c.send("/renew", "/m1");
            c.send("/xinfo");
            next(c, "/xinfo");
            now.addAndGet(2_000_000_000L); // 11 s after subscribing
            assertEquals(2, x32.subscriptionCount(), "the renewed two are alive, the value's has lapsed");
            c.send("/renew"); // all of the sender's
            c.send("/xinfo");
            next(c, "/xinfo");
            now.addAndGet(9_500_000_000L);
            assertEquals(2, x32.subscriptionCount());
            now.addAndGet(1_000_000_000L); // 10.5 s without a renewal
            assertEquals(0, x32.subscriptionCount());
            c.socket.setSoTimeout(200);
            try {
                while (true) c.receive(); // what was on its way
            } catch (SocketTimeoutException drained) {
                // lapsed
            }
            c.expectNothing(300);

            c.send("/subscribe", "/ch/01/mix/on");
            next(c, "/ch/01/mix/on");
            c.send("/unsubscribe"); // ends everything at once
            c.send("/xinfo");
            next(c, "/xinfo");
            assertEquals(0, x32.subscriptionCount());
        }
    }

    @Test
    void badSubscriptionsAreIgnoredAndCounted(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, x32On().withMaxMessagesPerSecond(1000));
        try (X32Client c = new X32Client(server.bound.server().x32Port())) {
            c.send("/subscribe", "/no/such/address", 1);
            c.send("/subscribe", 5);
            c.send("/formatsubscribe", "/a", "/ch/**/mix/on", 4, 1, 1); // last before first
            c.send("/formatsubscribe", "/a", "/ch/**/mix/on", 1, 200, 1); // beyond the X32's channels
            c.send("/formatsubscribe", "/a", "/ch/**/config/name", 1, 4, 1); // names do not fit a blob of numbers
            for (int i = 0; i < X32Server.MAX_SUBSCRIPTIONS_PER_SENDER + 1; i++) c.send("/subscribe", "/-stat/solosw/" + String.format("%02d", i + 1), 100);
            c.send("/renew", "/never/subscribed");
            c.send("/xinfo");
            next(c, "/xinfo");
            assertEquals(2, server.metrics().errors("x32_unknown_address"), "an unknown address, a renewal of nothing");
            assertEquals(4, server.metrics().errors("x32_wrong_type"), "no address, a range backwards or too long, names");
            assertEquals(1, server.metrics().errors("x32_subscriptions_full"), "the 65th of one sender");
            assertEquals(X32Server.MAX_SUBSCRIPTIONS_PER_SENDER, server.bound.server().x32().subscriptionCount());
        }
    }

    @Test
    void aSenderCoversAtMostSoManyValuesInAll(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, x32On().withMaxMessagesPerSecond(1000));
        try (X32Client c = new X32Client(server.bound.server().x32Port())) {
            int full = X32Server.MAX_ADDRESSES_PER_SENDER / 32;
            for (int i = 0; i <= full; i++) c.send("/formatsubscribe", "/f" + i, "/ch/**/mix/on", 1, 32, 100); // 32 values each
            c.send("/formatsubscribe", "/f0", "/ch/**/mix/on", 1, 32, 100); // a renewal of one held covers nothing new
            c.send("/xinfo");
            next(c, "/xinfo");
            assertEquals(1, server.metrics().errors("x32_subscriptions_full"),
                    "the one that would pass " + X32Server.MAX_ADDRESSES_PER_SENDER + " values");
            assertEquals(full, server.bound.server().x32().subscriptionCount());
        }
    }

    @Test
    void theRtaBankAsksForABusyAnalyserOnceASecondNotEveryTick(Vertx vertx) throws Exception {
        org.jackdesk.config.Layout layout = org.jackdesk.config.Layout.of(4, 0, 1, 0);
        org.jackdesk.config.ParamRegistry registry = org.jackdesk.config.ParamRegistry.forLayout(layout);
        org.jackdesk.config.ConsoleState state = new org.jackdesk.config.ConsoleState(registry);
        org.jackdesk.engine.Engine engine = new org.jackdesk.engine.Engine(registry, 48000f, state.copyValues());
        try (org.jackdesk.engine.jack.InternalClock clock = org.jackdesk.engine.jack.InternalClock.start(48000, 256,
                layout.inputCount(), engine.outputPortNames().size(), engine::process)) {
            ControlServer.Bound bound = TestServer.start(TestServer.config(layout, state), new BackendEngineControl(engine, clock), vertx,
                    x32On(), org.jackdesk.control.security.SecurityOptions.open()).bound();
            java.util.List<WsClient> tablets = new java.util.ArrayList<>();
            try (X32Client c = new X32Client(bound.server().x32Port())) {
                for (int ch = 1; ch <= 4; ch++) { // every tap slot showing a tablet's view
                    for (String stage : new String[] {"pre-eq", "post-eq"}) {
                        WsClient t = WsClient.connect(vertx, bound.server().httpPort());
                        tablets.add(t);
                        t.send(new JsonObject().put("op", "rta").put("source", "ch/" + ch + "/" + stage).put("fps", 1));
                        assertEquals("ch/" + ch + "/" + stage, t.await("rta").getString("source"));
                    }
                }
                c.send("/batchsubscribe", "/rta", "/meters/15", 0, 0, 1);
                Thread.sleep(1500);
                long refused = bound.server().metrics().errors("x32_rta_busy");
                assertTrue(refused >= 1 && refused <= 2, "asked " + refused + " times in 1.5 s (every 50 ms tick would be ~30)");
            } finally {
                for (WsClient t : tablets) t.close();
            }
        }
    }

    /** One HTTP client for the test (a new one per poll left a connection open each time, until the server's cap refused them). */
    private static String metrics(io.vertx.core.http.HttpClient http, TestServer server) {
        return WsClient.await(http.request(io.vertx.core.http.HttpMethod.GET, server.port(), "127.0.0.1", "/metrics")
                .compose(r -> r.send()).compose(r -> r.body())).toString();
    }

    @Test
    void metricsCountTheLiveX32AppsUntilTheyLapse(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, x32On());
        AtomicLong now = new AtomicLong(3_000_000_000L);
        server.bound.server().x32().useClock(now::get);
        io.vertx.core.http.HttpClient http = vertx.createHttpClient();
        try (X32Client remote = new X32Client(server.bound.server().x32Port());
             X32Client meters = new X32Client(server.bound.server().x32Port());
             X32Client both = new X32Client(server.bound.server().x32Port())) {
            remote.send("/xremote");
            meters.send("/batchsubscribe", "/m", "/meters/1", 0, 0, 10);
            both.send("/xremote");
            both.send("/subscribe", "/ch/01/mix/on", 10);
            for (X32Client c : new X32Client[] {remote, meters, both}) {
                c.send("/xinfo");
                next(c, "/xinfo");
            }
            assertTrue(metrics(http, server).contains("jackdesk_x32_clients 3"), "three apps, one counted once for two kinds");
            both.send("/unsubscribe");
            both.send("/xinfo");
            next(both, "/xinfo");
            assertTrue(metrics(http, server).contains("jackdesk_x32_clients 2"));
            now.addAndGet(X32Server.XREMOTE_MS * 1_000_000L + 1); // 10 s without renewal: the sweep sees them gone
            // polled in the process (the sweep runs each second; /metrics polled every 5 ms meets the
            // server's request budget instead), then read once where a monitoring script reads it
            OscAllowListTest.waitFor(() -> server.metrics().x32Clients() == 0);
            assertTrue(metrics(http, server).contains("jackdesk_x32_clients 0"));
        }
    }
}
