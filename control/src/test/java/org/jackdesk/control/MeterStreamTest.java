package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.control.ws.MeterFrame;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.EngineControl;
import org.jackdesk.engine.MeterBank;
import org.jackdesk.engine.MeterBankWriter;
import org.jackdesk.engine.jack.InternalClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class MeterStreamTest {

    /**
     * The wire encoding, written out independently of the server's code: levels in dBFS floored at
     * -120; gain reductions, the clip and the over latches as published; the loudness block as published
     * (already LUFS/LU/dB) with "nothing yet" (-inf) as -120.
     */
    private static float expectedWire(float raw, int index, MeterBank bank) {
        if (index >= bank.loudnessBase()) return raw == Float.NEGATIVE_INFINITY ? -120f : Math.max(-120f, raw);
        if (passThrough(index, bank)) return raw;
        return raw <= 1e-6f ? -120f : (float) Math.max(-120.0, 20.0 * Math.log10(raw));
    }

    private static boolean passThrough(int index, MeterBank bank) {
        int buses = bank.channels() * MeterBank.CH_FIELDS;
        if (index >= bank.automixBase()) return true; // the automix gains: dB already
        if (index >= buses) {
            int f = (index - buses) % MeterBank.BUS_FIELDS;
            return f == MeterBank.BUS_COMP_GR || f == MeterBank.BUS_LIMITER_GR || f == MeterBank.BUS_OVER;
        }
        int f = index % MeterBank.CH_FIELDS;
        return f == MeterBank.CH_CLIP || f == MeterBank.CH_GATE_GR || f == MeterBank.CH_COMP_GR;
    }

    @Test
    void meterFramesDecodeToTheValuesTheEnginePublished(Vertx vertx) throws Exception {
        Layout layout = Layout.of(2, 1, 1, 1);
        ParamRegistry registry = ParamRegistry.forLayout(layout);
        ConsoleState state = new ConsoleState(registry);
        state.set("ch/2/fader", -12.0, "test");
        Engine engine = new Engine(registry, 48000f, state.copyValues());
        // Drive the real engine: a 1 kHz sine of amplitude 0.5 (-6.02 dBFS) into channel 1, DC 0.25 into channel 2.
        int period = 256;
        float[][] in = new float[layout.inputCount()][period];
        float[][] out = new float[engine.outputPortNames().size()][period];
        for (int cycle = 0; cycle < 200; cycle++) {
            for (int i = 0; i < period; i++) {
                in[0][i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * (cycle * period + i) / 48000.0));
                in[1][i] = 0.25f;
            }
            engine.process(in, out, period);
        }
        // The facade the server uses in production; the clock runs silence (no processor) so the meters hold still.
        try (InternalClock clock = InternalClock.start(48000, 128, layout.inputCount(), out.length, null)) {
        EngineControl control = new BackendEngineControl(engine, clock);
        ControlServer.Bound bound = TestServer.start(TestServer.config(layout, state), control, vertx, ServerOptions.loopbackEphemeral(),
                org.jackdesk.control.security.SecurityOptions.open()).bound();

        try (WsClient c = WsClient.connect(vertx, bound.httpPort())) {
            assertEquals(128, c.hello.getInteger("periodFrames"), "clock facts come from the backend");
            assertEquals("internal clock: running", c.hello.getString("backend"));
            c.send(new JsonObject().put("op", "subscribe")
                    .put("meters", new JsonArray().add("ch").add("bus").add("main").add("monitor").add("loudness").add("stages").add("automix"))
                    .put("fps", 60).put("id", 1));
            JsonObject ack = c.next("subscribed");
            assertEquals(60, ack.getInteger("fps"));
            MeterFrame.Decoded f = MeterFrame.decode(c.nextBinary());
            MeterBank bank = engine.meters();
            float[] raw = new float[bank.size()];
            bank.read(raw);
            assertEquals(31 | 64 | 128, f.mask());
            assertEquals(MeterFrame.VERSION, f.version());
            assertEquals(layout.channels().size(), f.channels());
            assertEquals(layout.buses().size(), f.buses());
            assertEquals(raw.length, f.values().length, "the seven sections carry the whole bank (this layout has no FX returns)");
            for (int i = 0; i < raw.length; i++) {
                assertEquals(expectedWire(raw[i], i, bank), f.values()[i], 1e-4f, "meter value " + i);
            }
            // And the physics: the sine's input peak is -6.02 dBFS, DC 0.25 is -12.04 dBFS, the silent stereo channel is at the floor.
            assertEquals(-6.02, f.values()[MeterBank.channelBase(0) + MeterBank.CH_IN_PEAK], 0.1);
            assertEquals(-12.04, f.values()[MeterBank.channelBase(1) + MeterBank.CH_IN_PEAK], 0.1);
            assertEquals(-120f, f.values()[MeterBank.channelBase(2) + MeterBank.CH_IN_PEAK]);
            assertTrue(f.values()[bank.mainBase() + MeterBank.BUS_PEAK_L] > -20f, "the main bus carries the mix");
            // Loudness of the main output: the sine panned to centre is -9.03 dBFS on each side, a
            // stereo 1 kHz sine reads its peak level in LUFS (EBU Tech 3341); channel 2's DC is
            // removed by the K-weighting high-pass.
            int lb = bank.loudnessBase();
            assertEquals(-9.03, f.values()[lb + MeterBank.LOUD_MOMENTARY], 0.15);
            assertEquals(-9.03, f.values()[lb + MeterBank.LOUD_INTEGRATED], 0.15);
            assertEquals(-120f, f.values()[lb + MeterBank.LOUD_MAX_SHORT_TERM], "no 3 s window yet: the floor, not -inf");

            MeterFrame.Decoded next = MeterFrame.decode(c.nextBinary());
            assertEquals(f.sequence() + 1, next.sequence(), "frames are numbered");
        }
        }
    }

    @Test
    void loudnessSectionCarriesTheMainLoudnessAndResetReachesTheEngine(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx);
        MeterBank bank = server.engine.meters();
        float[] published = new float[bank.size()];
        int lb = bank.loudnessBase();
        published[lb + MeterBank.LOUD_MOMENTARY] = -14.2f;
        published[lb + MeterBank.LOUD_SHORT_TERM] = -15.5f;
        published[lb + MeterBank.LOUD_INTEGRATED] = Float.NEGATIVE_INFINITY;
        published[lb + MeterBank.LOUD_RANGE] = 6.5f;
        published[lb + MeterBank.LOUD_TRUE_PEAK] = -1.2f;
        published[lb + MeterBank.LOUD_CORRELATION] = -0.25f;
        published[bank.mainBase() + MeterBank.BUS_COMP_GR] = -3.5f;
        published[bank.mainBase() + MeterBank.BUS_LIMITER_GR] = -1.25f;
        MeterBankWriter.publish(bank, published);
        try (WsClient c = server.client(vertx)) {
            assertEquals(MeterBank.LOUD_FIELDS, c.hello.getJsonObject("meters").getInteger("loudnessFields"));
            assertTrue(c.hello.getJsonObject("meters").getJsonArray("sections").contains("loudness"));
            c.send(new JsonObject().put("op", "subscribe").put("meters", new JsonArray().add("main").add("loudness")).put("fps", 30));
            c.next("subscribed");
            MeterFrame.Decoded f = MeterFrame.decode(c.nextBinary());
            assertEquals(MeterFrame.Section.MAIN.bit() | MeterFrame.Section.LOUDNESS.bit(), f.mask());
            assertEquals(MeterBank.BUS_FIELDS + MeterBank.LOUD_FIELDS, f.values().length);
            float[] v = f.values();
            assertEquals(-3.5f, v[MeterBank.BUS_COMP_GR], "main compressor reduction travels in dB");
            assertEquals(-1.25f, v[MeterBank.BUS_LIMITER_GR], "main limiter reduction travels in dB");
            int l = MeterBank.BUS_FIELDS;
            assertEquals(-14.2f, v[l + MeterBank.LOUD_MOMENTARY], 1e-6f);
            assertEquals(-15.5f, v[l + MeterBank.LOUD_SHORT_TERM], 1e-6f);
            assertEquals(-120f, v[l + MeterBank.LOUD_INTEGRATED], "no integrated loudness yet: the floor");
            assertEquals(6.5f, v[l + MeterBank.LOUD_RANGE], 1e-6f);
            assertEquals(-1.2f, v[l + MeterBank.LOUD_TRUE_PEAK], 1e-6f);
            assertEquals(-0.25f, v[l + MeterBank.LOUD_CORRELATION], 1e-6f);

            c.send(new JsonObject().put("op", "reset").put("meters", "loudness").put("id", 4));
            JsonObject done = c.next("reset");
            assertEquals(4, done.getInteger("id"));
            assertEquals("loudness", done.getString("meters"));
            assertTrue(server.engine.commands.contains(org.jackdesk.engine.EngineCommand.RESET_LOUDNESS), server.engine.commands.toString());

            c.send(new JsonObject().put("op", "reset").put("meters", "everything").put("id", 5));
            JsonObject err = c.next("error");
            assertEquals("bad_message", err.getString("code"));
            assertTrue(err.getString("message").contains("loudness, clips, peaks"), err.encode());
        }
    }

    @Test
    void subscriptionCarriesOnlyTheSectionsAskedForAndStopsOnEmptyList(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx);
        MeterBank bank = server.engine.meters();
        float[] published = new float[bank.size()];
        for (int i = 0; i < published.length; i++) published[i] = (i % 7) / 8f;
        published[bank.mainBase() + MeterBank.BUS_PEAK_L] = 1.0f;
        published[bank.mainBase() + MeterBank.BUS_PEAK_R] = 0.1f;
        published[MeterBank.channelBase(0) + MeterBank.CH_COMP_GR] = -4.5f;
        MeterBankWriter.publish(bank, published);
        try (WsClient c = server.client(vertx)) {
            c.send(new JsonObject().put("op", "subscribe").put("meters", new JsonArray().add("main")).put("fps", 30));
            c.next("subscribed");
            MeterFrame.Decoded main = MeterFrame.decode(c.nextBinary());
            assertEquals(MeterFrame.Section.MAIN.bit(), main.mask());
            assertEquals(MeterBank.BUS_FIELDS, main.values().length);
            assertEquals(0f, main.values()[MeterBank.BUS_PEAK_L], 1e-5f);
            assertEquals(-20f, main.values()[MeterBank.BUS_PEAK_R], 1e-4f);

            c.send(new JsonObject().put("op", "subscribe").put("meters", new JsonArray().add("ch")).put("fps", 30));
            c.next("subscribed");
            MeterFrame.Decoded ch;
            do {
                ch = MeterFrame.decode(c.nextBinary()); // a main frame may still be in flight
            } while (ch.mask() != MeterFrame.Section.CH.bit());
            assertEquals(bank.channels() * MeterBank.CH_FIELDS, ch.values().length);
            assertEquals(-4.5f, ch.values()[MeterBank.CH_COMP_GR], "gain reduction travels in dB as published");

            c.send(new JsonObject().put("op", "subscribe").put("meters", new JsonArray()).put("id", 9));
            assertEquals(0, c.next("subscribed").getInteger("fps"));
            Thread.sleep(100);
            c.binaries.clear();
            Thread.sleep(150);
            assertTrue(c.binaries.isEmpty(), "no frames after unsubscribing");
        }
    }
}
