package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.illposed.osc.BufferBytesReceiver;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacket;
import com.illposed.osc.OSCParser;
import com.illposed.osc.OSCSerializer;
import com.illposed.osc.OSCSerializerAndParserBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** OSC over a real UDP socket, encoded by JavaOSC on the client side too. */
@ExtendWith(VertxExtension.class)
class OscServerTest {
    private static final OSCSerializerAndParserBuilder OSC = new OSCSerializerAndParserBuilder();

    /** A UDP client talking to the server's OSC port. */
    private static final class OscClient implements AutoCloseable {
        final DatagramSocket socket;
        final int serverPort;
        final OSCParser parser = OSC.buildParser();

        OscClient(int serverPort) throws Exception {
            this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            this.socket.setSoTimeout(3000);
            this.serverPort = serverPort;
        }

        void send(String address, Object... args) throws Exception {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            OSCSerializer ser = OSC.buildSerializer(new BufferBytesReceiver(buf));
            ser.write(new OSCMessage(address, List.of(args)));
            buf.flip();
            byte[] b = new byte[buf.remaining()];
            buf.get(b);
            sendRaw(b);
        }

        void sendRaw(byte[] b) throws Exception {
            socket.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), serverPort));
        }

        OSCMessage receive() throws Exception {
            byte[] b = new byte[65536];
            DatagramPacket p = new DatagramPacket(b, b.length);
            socket.receive(p);
            OSCPacket packet = parser.convert(ByteBuffer.wrap(b, 0, p.getLength()));
            return (OSCMessage) packet;
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    @Test
    void oscSetsAndQueriesAnswerTheSender(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx);
        try (OscClient osc = new OscClient(server.oscPort()); WsClient ws = server.client(vertx)) {
            osc.send("/ch/1/fader", -6.0f);
            JsonObject changed = ws.next("changed");
            assertEquals(-6.0, changed.getDouble("value"));
            assertTrue(changed.getString("by").startsWith("osc:127.0.0.1:"), changed.getString("by"));
            assertEquals(-6.0, server.state.get("ch/1/fader"));

            osc.send("/ch/1/fader");
            OSCMessage answer = osc.receive();
            assertEquals("/ch/1/fader", answer.getAddress());
            assertEquals(List.of(-6.0f), answer.getArguments());

            osc.send("/ch/2/mute", 1);
            ws.next("changed");
            osc.send("/ch/2/mute");
            assertEquals(List.of(1), osc.receive().getArguments(), "switches answer as int 0/1");

            osc.send("/ch/1/hpf/slope", "24");
            ws.next("changed");
            osc.send("/ch/1/hpf/slope");
            assertEquals(List.of("24"), osc.receive().getArguments(), "choices answer with their name");
        }
    }

    @Test
    void oscSubscriberReceivesEveryChangeUntilItLapses(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx);
        try (OscClient follower = new OscClient(server.oscPort()); WsClient ws = server.client(vertx)) {
            follower.send("/subscribe");
            long deadline = System.currentTimeMillis() + 3000;
            while (server.bound.server().osc().subscriberCount() == 0 && System.currentTimeMillis() < deadline) Thread.sleep(5);
            ws.send(new JsonObject().put("op", "set").put("path", "bus/2/fader").put("value", -3.5).put("id", 1));
            ws.next("ack");
            OSCMessage m = follower.receive();
            assertEquals("/bus/2/fader", m.getAddress());
            assertEquals(List.of(-3.5f), m.getArguments());

            follower.send("/unsubscribe");
            follower.send("/ch/1/fader"); // a query after the unsubscribe: its answer proves the order
            assertEquals("/ch/1/fader", follower.receive().getAddress());
            ws.send(new JsonObject().put("op", "set").put("path", "bus/2/fader").put("value", -4.5).put("id", 2));
            ws.next("ack");
            follower.socket.setSoTimeout(200);
            try {
                OSCMessage late = follower.receive();
                throw new AssertionError("an unsubscribed client got " + late.getAddress());
            } catch (SocketTimeoutException expected) {
                // nothing arrives
            }
        }
    }

    @Test
    void anOscFloodIsCutToTheRateLimitWithOneErrorAndOthersUnaffected(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, ServerOptions.loopbackEphemeral().withMaxMessagesPerSecond(20));
        try (OscClient flood = new OscClient(server.oscPort()); WsClient ws = server.client(vertx)) {
            for (int i = 1; i <= 100; i++) flood.send("/ch/1/fader", -i / 10.0f);
            OSCMessage err = flood.receive();
            assertEquals("/error", err.getAddress());
            assertEquals("rate_limited", err.getArguments().get(0));
            assertTrue(((String) err.getArguments().get(2)).contains("more than 20 OSC messages in a second"), err.getArguments().toString());
            // The WebSocket client has its own budget: its set goes through at once.
            ws.send(new JsonObject().put("op", "set").put("path", "ch/2/fader").put("value", -3.0).put("id", 1));
            assertEquals(-3.0, ws.await("ack").getDouble("value"));
            long oscSets = server.engine.sets.size() - 1;
            assertTrue(oscSets >= 20 && oscSets < 100, "the flood's excess was dropped: " + oscSets + " of 100 applied");
            flood.socket.setSoTimeout(300);
            int more = 0;
            try {
                while (true) {
                    OSCMessage m = flood.receive();
                    if ("/error".equals(m.getAddress())) more++;
                }
            } catch (SocketTimeoutException expected) {
                // quiet again
            }
            assertTrue(more <= 1, "at most one rate_limited error per second of flood, got " + (1 + more));
        }
    }

    @Test
    void malformedPacketsAreCountedAndIgnoredAndBadValuesAnsweredWithError(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx);
        Map<String, Object> before = server.state.snapshot();
        try (OscClient osc = new OscClient(server.oscPort())) {
            osc.sendRaw(new byte[] {'/', 'c', 'h', 0, ',', 'f', 0}); // truncated: no padding, no float
            osc.sendRaw(new byte[] {1, 2, 3, 4, 5});

            osc.send("/ch/1/fader", 99.0f);
            OSCMessage err = osc.receive();
            assertEquals("/error", err.getAddress());
            assertEquals("out_of_range", err.getArguments().get(0));
            assertEquals("ch/1/fader", err.getArguments().get(1));
            assertTrue(((String) err.getArguments().get(2)).contains("between -inf (-90) and 10 dB"));

            osc.send("/ch/1/fadr", 1.0f);
            OSCMessage unknown = osc.receive();
            assertEquals("unknown_path", unknown.getArguments().get(0));
            assertTrue(((String) unknown.getArguments().get(2)).contains("did you mean 'ch/1/fader'"));

            assertEquals(2, server.metrics().oscMalformedCount());
            osc.send("/ch/1/fader");
            assertEquals(List.of(0.0f), osc.receive().getArguments(), "the server still answers");
        }
        assertEquals(before, server.state.snapshot());
        assertTrue(server.engine.sets.isEmpty());
    }
}
