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

    /** The wire encoding, written out independently of the server's code: dBFS floored at -120. */
    private static float expectedWire(float raw, boolean passThrough) {
        if (passThrough) return raw;
        return raw <= 1e-6f ? -120f : (float) Math.max(-120.0, 20.0 * Math.log10(raw));
    }

    private static boolean passThrough(int index, int channels) {
        if (index >= channels * MeterBank.CH_FIELDS) return false;
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
        ControlServer.Bound bound = WsClient.await(ControlServer.deploy(vertx, state, control, ServerOptions.loopbackEphemeral()));

        try (WsClient c = WsClient.connect(vertx, bound.httpPort())) {
            assertEquals(128, c.hello.getInteger("periodFrames"), "clock facts come from the backend");
            assertEquals("internal clock: running", c.hello.getString("backend"));
            c.send(new JsonObject().put("op", "subscribe").put("meters", new JsonArray().add("ch").add("bus").add("main").add("monitor"))
                    .put("fps", 60).put("id", 1));
            JsonObject ack = c.next("subscribed");
            assertEquals(60, ack.getInteger("fps"));
            MeterFrame.Decoded f = MeterFrame.decode(c.nextBinary());
            MeterBank bank = engine.meters();
            float[] raw = new float[bank.size()];
            bank.read(raw);
            assertEquals(15, f.mask());
            assertEquals(layout.channels().size(), f.channels());
            assertEquals(layout.buses().size(), f.buses());
            assertEquals(raw.length, f.values().length, "all four sections carry the whole bank");
            for (int i = 0; i < raw.length; i++) {
                assertEquals(expectedWire(raw[i], passThrough(i, f.channels())), f.values()[i], 1e-4f, "meter value " + i);
            }
            // And the physics: the sine's input peak is -6.02 dBFS, DC 0.25 is -12.04 dBFS, the silent stereo channel is at the floor.
            assertEquals(-6.02, f.values()[MeterBank.channelBase(0) + MeterBank.CH_IN_PEAK], 0.1);
            assertEquals(-12.04, f.values()[MeterBank.channelBase(1) + MeterBank.CH_IN_PEAK], 0.1);
            assertEquals(-120f, f.values()[MeterBank.channelBase(2) + MeterBank.CH_IN_PEAK]);
            assertTrue(f.values()[bank.mainBase() + MeterBank.BUS_PEAK_L] > -20f, "the main bus carries the mix");

            MeterFrame.Decoded next = MeterFrame.decode(c.nextBinary());
            assertEquals(f.sequence() + 1, next.sequence(), "frames are numbered");
        }
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
