package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.illposed.osc.BufferBytesReceiver;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCSerializer;
import com.illposed.osc.OSCSerializerAndParserBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Params;
import org.jackdesk.control.security.SecurityOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tap tempo: taps timed on the control side, over the real WebSocket and OSC endpoints, on a clock the test drives. */
@ExtendWith(VertxExtension.class)
class TapTempoTest {
    private static final Layout LAYOUT = Layout.of(2, 0, 1, 0).withFx(2);

    private final RecordingEngine engine = new RecordingEngine(2, 1);

    private Console console(Vertx vertx) {
        return TestServer.start(ConfigJson.builtinDefault().withLayout(LAYOUT), engine, vertx,
                ServerOptions.loopbackEphemeral(), SecurityOptions.open());
    }

    /** Waits until the engine has seen {@code n} taps on {@code path} (each tap reaches it as 1, then 0). */
    private void awaitTaps(Console c, String path, int n) throws Exception {
        int slot = c.state().registry().slot(path);
        long end = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < end) {
            long seen = engine.sets.stream().filter(s -> s.slot() == slot && s.value() == 1).count();
            if (seen >= n) return;
            Thread.sleep(2);
        }
        throw new AssertionError("the server did not handle tap " + n + " within 5 s");
    }

    private static void awaitValue(Console c, String path, double expected) throws Exception {
        long end = System.currentTimeMillis() + 5000;
        double v = Double.NaN;
        while (System.currentTimeMillis() < end) {
            v = c.state().get(path);
            if (Math.abs(v - expected) < 1e-9) return;
            Thread.sleep(5);
        }
        assertEquals(expected, v, 1e-9, path);
    }

    @Test
    void fourTapsHalfASecondApartOverWebSocketSetHalfASecond(Vertx vertx) throws Exception {
        Console c = console(vertx);
        AtomicLong now = new AtomicLong(1_000_000_000L);
        c.bound().server().params().taps().useClock(now::get);
        try (WsClient ws = WsClient.connect(vertx, c.bound().httpPort())) {
            for (int k = 0; k < 4; k++) {
                ws.send(new JsonObject().put("op", "set").put("path", "fx/1/tap").put("value", true));
                awaitTaps(c, "fx/1/tap", k + 1); // handled before the clock moves on
                now.addAndGet(500_000_000L);
            }
            awaitValue(c, "fx/1/tempo", 120);
            awaitValue(c, "fx/1/delay/time", 500);
            assertEquals(0, c.state().get("fx/1/tap"), "a tap is never left on");
            assertEquals(120, c.state().get("fx/2/tempo"), "the other slot keeps its tempo");
        } finally {
            c.close();
        }
    }

    @Test
    void tapsOverOscSetTheTempoOfASyncedDelay(Vertx vertx) throws Exception {
        Console c = console(vertx);
        AtomicLong now = new AtomicLong(5_000_000_000L);
        c.bound().server().params().taps().useClock(now::get);
        c.state().set("fx/2/delay/sync", "1/4", "test");
        c.state().set("fx/2/delay/time", 333.0, "test");
        OSCSerializerAndParserBuilder osc = new OSCSerializerAndParserBuilder();
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (int k = 0; k < 4; k++) {
                ByteBuffer buf = ByteBuffer.allocate(256);
                OSCSerializer ser = osc.buildSerializer(new BufferBytesReceiver(buf));
                ser.write(new OSCMessage("/fx/2/tap", List.of(1)));
                buf.flip();
                byte[] b = new byte[buf.remaining()];
                buf.get(b);
                socket.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), c.bound().oscPort()));
                awaitTaps(c, "fx/2/tap", k + 1); // handled before the clock moves on
                now.addAndGet(400_000_000L);
            }
            awaitValue(c, "fx/2/tempo", 150);
            assertEquals(333.0, c.state().get("fx/2/delay/time"), "a synced delay keeps its own time setting; the note follows the tempo");
            assertEquals(400f, org.jackdesk.engine.fx.StereoDelay.timeMs(Params.DELAY_SYNC.indexOf("1/4"), 333f, 150f), 1e-3f);
        } finally {
            c.close();
        }
    }

    @Test
    void theTempoIsTheMeanOfTheLastTapsAndAPauseStartsAgain() {
        TapTempo t = new TapTempo(1);
        AtomicLong now = new AtomicLong();
        t.useClock(now::get);
        assertTrue(Double.isNaN(t.tap(0)), "one tap is no tempo");
        long[] at = {490, 1000, 1510, 2000, 2500};
        double bpm = Double.NaN;
        for (long ms : at) {
            now.set(ms * 1_000_000L);
            bpm = t.tap(0);
        }
        // the last four taps: 1000, 1510, 2000, 2500 → mean interval 500 ms
        assertEquals(120.0, bpm, 1e-9);
        now.set(5_000_000_000L); // 2.5 s later: a new count
        assertTrue(Double.isNaN(t.tap(0)));
        now.set(5_600_000_000L);
        assertEquals(100.0, t.tap(0), 1e-9);
    }

    @Test
    void aMusicianSetsTheEffectsInTheirOwnWedgeOnly() {
        var drums = new org.jackdesk.control.security.Principal("drums", org.jackdesk.control.security.Role.MONITOR, java.util.Set.of(3), false);
        assertTrue(org.jackdesk.control.security.AccessPolicy.mayWrite(drums, "fxret/1/aux/3/level"));
        assertTrue(org.jackdesk.control.security.AccessPolicy.mayWrite(drums, "fxret/2/aux/3/on"));
        assertTrue(!org.jackdesk.control.security.AccessPolicy.mayWrite(drums, "fxret/1/aux/2/level"), "not another musician's wedge");
        assertTrue(!org.jackdesk.control.security.AccessPolicy.mayWrite(drums, "fxret/1/fader"), "not the FOH return");
        assertTrue(!org.jackdesk.control.security.AccessPolicy.mayWrite(drums, "fx/1/type"), "not the effect itself");
    }
}
