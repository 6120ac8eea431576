package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.Layout;
import org.jackdesk.control.security.SecurityOptions;
import org.jackdesk.control.x32.X32Map;
import org.jackdesk.control.x32.X32Osc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The X32's FX returns: jackdesk's stereo return N is the linked pair /fxrtn/(2N−1), (2N). */
@ExtendWith(VertxExtension.class)
class X32FxReturnsTest {
    @Test
    void aReturnIsTheX32sPairAndBeyondTheLayoutStoredOnly() {
        X32Map.Strips strips = X32Map.Strips.of(Layout.of(2, 0, 2, 0).withFx(2));
        for (String x : new String[] {"/fxrtn/03/mix/fader", "/fxrtn/04/mix/fader"}) {
            assertTrue(X32Map.resolve(x, strips) instanceof X32Map.Mapped m && m.path().equals("fxret/2/fader"), x);
        }
        assertTrue(X32Map.resolve("/fxrtn/01/mix/02/level", strips) instanceof X32Map.Mapped m && m.path().equals("fxret/1/aux/2/level"));
        assertTrue(X32Map.resolve("/fxrtn/02/eq/3/g", strips) instanceof X32Map.Mapped m && m.path().equals("fxret/1/eq/3/gain"));
        assertTrue(X32Map.resolve("/fxrtn/05/mix/fader", strips) instanceof X32Map.Stored, "return 3: not on this layout");
        assertTrue(X32Map.resolve("/fxrtn/01/mix/03/level", strips) instanceof X32Map.Stored, "bus 3: not on this layout");
        assertEquals("/fxrtn/03/mix/fader", X32Map.toX32("fxret/2/fader", strips), "the first of the pair");
        assertEquals("/fxrtn/01/mix/st", X32Map.toX32("fxret/1/main", strips));
    }

    @Test
    void anAppMovesAReturnAndAReturnsMoveReachesTheApp(Vertx vertx) throws Exception {
        Layout layout = Layout.of(2, 0, 2, 0).withFx(2);
        RecordingEngine engine = new RecordingEngine(layout.channels().size(), layout.buses().size(), layout.fx());
        Console console = TestServer.start(ConfigJson.builtinDefault().withLayout(layout), engine, vertx,
                ServerOptions.loopbackEphemeral().withX32Port(0), SecurityOptions.open());
        try (X32Client c = new X32Client(console.bound().server().x32Port())) {
            c.send("/fxrtn/03/mix/fader", 0.5f);
            assertEquals(512 / 1023f, c.get("/fxrtn/04/mix/fader"), "the pair's other half reads the same"); // (after the set: UDP in order)
            assertEquals(-10.0, console.state().get("fxret/2/fader"), 0.05, "0.5 is −10 dB on the fader law");
            c.send("/fxrtn/01/mix/on", 0);
            assertEquals(0, c.get("/fxrtn/01/mix/on"));
            assertEquals(0.0, console.state().get("fxret/1/on"), "X32 OFF: the return is off");
            c.send("/fxrtn/01/mix/02/level", 0.75f);
            assertEquals(0.75f, (float) c.get("/fxrtn/01/mix/02/level"), 1e-3f);
            assertEquals(0.0, console.state().get("fxret/1/aux/2/level"), 0.05, "the reverb in wedge 2 at 0 dB");
            // the returns' meters in /meters/0: return 2's left and right as X32 returns 3 and 4
            org.jackdesk.engine.MeterBank bank = engine.meters();
            float[] v = new float[bank.size()];
            v[bank.fxBase(1) + org.jackdesk.engine.MeterBank.BUS_PEAK_L] = 0.25f;
            v[bank.fxBase(1) + org.jackdesk.engine.MeterBank.BUS_PEAK_R] = 0.5f;
            org.jackdesk.engine.MeterBankWriter.publish(bank, v);
            c.send("/meters", "/meters/0", 1);
            X32Osc.Message m;
            do {
                m = c.receive();
            } while (!m.address().equals("/meters/0"));
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap((byte[]) m.args().get(0)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            assertEquals(70, b.getInt());
            float[] m0 = new float[70];
            for (int i = 0; i < 70; i++) m0[i] = b.getFloat();
            assertEquals(0.25f, m0[40 + 2], "FX return 3 (jackdesk's return 2, left)");
            assertEquals(0.5f, m0[40 + 3], "FX return 4 (its right)");
            assertEquals(0f, m0[40], "FX return 1: return 1 is silent");
        }
    }
}
