package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.control.ws.RtaStreamer;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.jack.InternalClock;
import org.jackdesk.engine.rta.RtaTap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RTA frames over a real WebSocket from a real engine running on the internal clock: they arrive
 * at the asked rate with the oscillator's sine in its band, and stop when the client unsubscribes
 * (the tap slot is given back).
 */
@ExtendWith(VertxExtension.class)
class RtaStreamTest {
    @Test
    void framesArriveAtTheAskedRateAndStopWhenTheClientUnsubscribes(Vertx vertx) throws Exception {
        Layout layout = Layout.of(2, 0, 1, 0);
        ParamRegistry registry = ParamRegistry.forLayout(layout);
        ConsoleState state = new ConsoleState(registry);
        state.set("osc/level", -12.0, "test");
        state.set("osc/on", true, "test");
        Engine engine = new Engine(registry, 48000f, state.copyValues());
        try (InternalClock clock = InternalClock.start(48000, 256, layout.inputCount(), engine.outputPortNames().size(), engine::process)) {
            ControlServer.Bound bound = TestServer.start(TestServer.config(layout, state), new BackendEngineControl(engine, clock), vertx,
                    ServerOptions.loopbackEphemeral(), org.jackdesk.control.security.SecurityOptions.open()).bound();
            try (WsClient c = WsClient.connect(vertx, bound.httpPort())) {
                JsonObject bad = new JsonObject().put("op", "rta").put("source", "bus/7");
                c.send(bad);
                assertEquals("bad_message", c.await("error").getString("code"), "a bus this console lacks");
                c.send(new JsonObject().put("op", "rta").put("source", "main").put("bands", 3).put("fps", 10).put("id", 4));
                JsonObject ok = c.next("rta");
                assertEquals(4, ok.getInteger("id"));
                JsonArray centres = ok.getJsonArray("centres");
                int band = -1;
                for (int b = 0; b < centres.size(); b++) if (centres.getDouble(b) == 1000.0) band = b;
                assertTrue(band >= 0, "a 1 kHz band: " + centres);
                assertEquals(RtaTap.main(), engine.rta().source(0), "the tap copies the main while someone looks");

                Buffer first = c.nextBinary();
                long t0 = System.nanoTime();
                int n = 0;
                Buffer last = first;
                while (System.nanoTime() - t0 < 3_000_000_000L) {
                    Buffer b = c.binaries.poll(200, TimeUnit.MILLISECONDS);
                    if (b != null) {
                        n++;
                        last = b;
                    }
                }
                double fps = n / 3.0;
                assertTrue(fps > 6 && fps < 11, "asked 10 fps, got " + fps); // a loaded machine delays timers, never adds frames
                assertEquals("JDRF", last.getString(0, 4));
                assertEquals(RtaStreamer.VERSION, last.getByte(4));
                assertEquals(3, last.getByte(5));
                int count = last.getUnsignedShortLE(6);
                assertEquals(centres.size(), count);
                assertEquals(last.getUnsignedIntLE(8), first.getUnsignedIntLE(8) + n, "frames are numbered without gaps");
                assertEquals(RtaTap.main(), last.getIntLE(12));
                float level = last.getFloatLE(RtaStreamer.HEADER_BYTES + 4 * band);
                assertEquals(-12.0, level, 0.5, "the −12 dBFS sine reads in the 1 kHz band");
                float peak = last.getFloatLE(RtaStreamer.HEADER_BYTES + 4 * count + 4 * band);
                assertTrue(peak >= level - 1e-3, "peak hold " + peak + " ≥ level " + level);

                c.send(new JsonObject().put("op", "rta").put("source", (String) null).put("id", 5));
                JsonObject stopped = c.await("rta");
                assertNull(stopped.getValue("source"));
                c.binaries.clear(); // frames sent before the answer
                assertNull(c.binaries.poll(600, TimeUnit.MILLISECONDS), "no frame after unsubscribing");
                assertEquals(RtaTap.OFF, engine.rta().source(0), "the tap slot is given back");
            }
        }
    }

    @Test
    void aChannelsEqIsAnalysedEnteringOrLeavingAndOtherStagesAreRefusedWithTheForms(Vertx vertx) throws Exception {
        Layout layout = Layout.of(2, 0, 1, 0);
        ParamRegistry registry = ParamRegistry.forLayout(layout);
        ConsoleState state = new ConsoleState(registry);
        Engine engine = new Engine(registry, 48000f, state.copyValues());
        try (InternalClock clock = InternalClock.start(48000, 256, layout.inputCount(), engine.outputPortNames().size(), engine::process)) {
            ControlServer.Bound bound = TestServer.start(TestServer.config(layout, state), new BackendEngineControl(engine, clock), vertx,
                    ServerOptions.loopbackEphemeral(), org.jackdesk.control.security.SecurityOptions.open()).bound();
            try (WsClient c = WsClient.connect(vertx, bound.httpPort())) {
                c.send(new JsonObject().put("op", "rta").put("source", "ch/3/post-eq"));
                JsonObject none = c.await("error");
                assertEquals("bad_message", none.getString("code"));
                assertTrue(none.getString("message").contains("no such RTA source"), "a channel this console lacks: " + none);
                for (String wrong : new String[] {"bus/1/pre-eq", "ch/1/mid-eq", "ch/1/pre-eq/x", "fxret/1/pre-eq"}) {
                    c.send(new JsonObject().put("op", "rta").put("source", wrong));
                    JsonObject e = c.await("error");
                    assertEquals("bad_message", e.getString("code"), wrong);
                    assertTrue(e.getString("message").contains("ch/N/pre-eq or ch/N/post-eq"), e.getString("message"));
                }
                c.send(new JsonObject().put("op", "rta").put("source", "ch/2/post-eq").put("fps", 10).put("id", 1));
                assertEquals("ch/2/post-eq", c.next("rta").getString("source"));
                assertEquals(RtaTap.channelPostEq(1), engine.rta().source(0), "the tap takes what leaves channel 2's EQ");
                assertEquals(RtaTap.channelPostEq(1), c.nextBinary().getIntLE(12), "the frame names its source");
                c.send(new JsonObject().put("op", "rta").put("source", "ch/1/pre-eq").put("fps", 10).put("id", 2));
                assertEquals("ch/1/pre-eq", c.await("rta").getString("source"));
                assertEquals(RtaTap.channelPreEq(0), engine.rta().source(0), "the new view took the slot the old one gave back");
            }
        }
    }
}
