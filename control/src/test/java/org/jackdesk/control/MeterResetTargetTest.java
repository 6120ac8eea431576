package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.Arrays;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.MeterBank;
import org.jackdesk.engine.jack.InternalClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One strip's clip or over latch cleared through the existing reset message and endpoint with a
 * {@code target}: the real engine clears that latch and no other.
 */
@ExtendWith(VertxExtension.class)
class MeterResetTargetTest {
    private static final int PERIOD = 128;

    /** Every input at {@code level} for a few cycles, on this (the test's) thread as the audio thread. */
    private static void run(Engine engine, float level, int cycles) {
        float[][] in = new float[engine.inputPortNames().size()][PERIOD];
        float[][] out = new float[engine.outputPortNames().size()][PERIOD];
        for (float[] b : in) Arrays.fill(b, level);
        for (int i = 0; i < cycles; i++) engine.process(in, out, PERIOD);
    }

    private static float[] meters(Engine engine) {
        float[] v = new float[engine.meters().size()];
        engine.meters().read(v);
        return v;
    }

    @Test
    void resetClipsWithATargetClearsThatStripOnlyOverWebSocketAndRest(Vertx vertx) throws Exception {
        Layout layout = Layout.of(2, 0, 1, 0);
        ParamRegistry registry = ParamRegistry.forLayout(layout);
        ConsoleState state = new ConsoleState(registry);
        state.set("ch/1/send/1/level", 0.0, "test");
        state.set("ch/2/send/1/level", 0.0, "test");
        Engine engine = new Engine(registry, 48000f, state.copyValues());
        run(engine, 1.0f, 20); // both channels clip; the main and the bus go over
        run(engine, 0f, 20);
        MeterBank bank = engine.meters();
        float[] v = meters(engine);
        for (int c = 0; c < 2; c++) assertEquals(1f, v[MeterBank.channelBase(c) + MeterBank.CH_CLIP], "ch " + (c + 1) + " clipped");
        assertEquals(1f, v[bank.mainBase() + MeterBank.BUS_OVER], "the main is over");
        assertEquals(1f, v[bank.busBase(0) + MeterBank.BUS_OVER], "bus 1 is over");

        try (InternalClock clock = InternalClock.start(48000, PERIOD, layout.inputCount(), engine.outputPortNames().size(), null)) {
            ControlServer.Bound bound = TestServer.start(TestServer.config(layout, state), new BackendEngineControl(engine, clock), vertx,
                    ServerOptions.loopbackEphemeral(), org.jackdesk.control.security.SecurityOptions.open()).bound();
            try (WsClient c = WsClient.connect(vertx, bound.httpPort())) {
                c.send(new JsonObject().put("op", "reset").put("meters", "clips").put("target", "ch/2").put("id", 1));
                JsonObject done = c.next("reset");
                assertEquals("ch/2", done.getString("target"));
                run(engine, 0f, 1);
                v = meters(engine);
                assertEquals(1f, v[MeterBank.channelBase(0) + MeterBank.CH_CLIP], "ch 1 keeps its latch");
                assertEquals(0f, v[MeterBank.channelBase(1) + MeterBank.CH_CLIP], "ch 2's latch is cleared");
                assertEquals(1f, v[bank.mainBase() + MeterBank.BUS_OVER], "the main keeps its latch");

                c.send(new JsonObject().put("op", "reset").put("meters", "clips").put("target", "ch/3").put("id", 2));
                JsonObject err = c.next("error");
                assertEquals("bad_message", err.getString("code"));
                assertTrue(err.getString("message").contains("2 channels"), err.encode());
                c.send(new JsonObject().put("op", "reset").put("meters", "loudness").put("target", "main").put("id", 3));
                err = c.next("error");
                assertTrue(err.getString("message").contains("\"clips\" only"), err.encode());
                c.send(new JsonObject().put("op", "reset").put("meters", "clips").put("target", "fx/1").put("id", 4));
                err = c.next("error");
                assertTrue(err.getString("message").contains("ch/N, bus/N, fxret/N, main or monitor"), err.encode());
                c.send(new JsonObject().put("op", "reset").put("meters", "clips").put("target", "fxret/1").put("id", 5));
                err = c.next("error");
                assertTrue(err.getString("message").contains("0 FX returns"), err.encode());
            }

            WebClient web = WebClient.create(vertx);
            HttpResponse<Buffer> r = WsClient.await(web.post(bound.httpPort(), "127.0.0.1", "/api/meters/clips/reset?target=main").send());
            assertEquals(200, r.statusCode(), r.bodyAsString());
            assertEquals("main", r.bodyAsJsonObject().getString("target"));
            run(engine, 0f, 1);
            v = meters(engine);
            assertEquals(0f, v[bank.mainBase() + MeterBank.BUS_OVER], "the main's over latch is cleared");
            assertEquals(1f, v[bank.busBase(0) + MeterBank.BUS_OVER], "bus 1 keeps its latch");
            assertEquals(1f, v[MeterBank.channelBase(0) + MeterBank.CH_CLIP], "ch 1 keeps its latch");

            HttpResponse<Buffer> bad = WsClient.await(web.post(bound.httpPort(), "127.0.0.1", "/api/meters/clips/reset?target=bus/9").send());
            assertEquals(400, bad.statusCode(), bad.bodyAsString());
            assertTrue(bad.bodyAsJsonObject().getString("message").contains("1 buses"), bad.bodyAsString());
            run(engine, 0f, 1);
            assertEquals(1f, meters(engine)[bank.busBase(0) + MeterBank.BUS_OVER], "a refused reset clears nothing");
        }
    }
}
