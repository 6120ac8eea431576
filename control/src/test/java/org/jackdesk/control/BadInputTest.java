package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every kind of bad input the issue lists, on one connection: each gets an {@code error} with the
 * right code and a precise message, the connection keeps answering, and neither the console
 * state nor the engine sees anything.
 */
@ExtendWith(VertxExtension.class)
class BadInputTest {
    /** One row: what the client sends, the code it must get, words the message must contain. */
    record Case(String name, String send, String code, String messageContains, Object id) {}

    static final String BIG = "{\"op\":\"set\",\"path\":\"ch/1/fader\",\"value\":-6,\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";

    static final List<Case> CASES = List.of(
            new Case("malformed JSON", "{\"op\":\"set\",", "bad_json", "not valid JSON", null),
            new Case("JSON that is not an object", "[1,2,3]", "bad_json", "JSON object", null),
            new Case("missing op", "{\"path\":\"ch/1/fader\"}", "bad_message", "needs \"op\"", null),
            new Case("unknown op", "{\"op\":\"explode\",\"id\":1}", "unknown_op", "unknown op 'explode'", 1),
            new Case("unknown path with suggestion", "{\"op\":\"set\",\"path\":\"ch/1/fadr\",\"value\":-6,\"id\":2}",
                    "unknown_path", "did you mean 'ch/1/fader'", 2),
            new Case("channel that does not exist", "{\"op\":\"set\",\"path\":\"ch/99/fader\",\"value\":-6,\"id\":3}",
                    "unknown_path", "unknown parameter 'ch/99/fader'", 3),
            new Case("string for a number", "{\"op\":\"set\",\"path\":\"ch/1/fader\",\"value\":\"loud\",\"id\":4}",
                    "wrong_type", "takes a number in dB", 4),
            new Case("object for a number", "{\"op\":\"set\",\"path\":\"ch/1/fader\",\"value\":{\"db\":1},\"id\":5}",
                    "wrong_type", "single value", 5),
            new Case("number for a switch", "{\"op\":\"set\",\"path\":\"ch/1/mute\",\"value\":7,\"id\":6}",
                    "wrong_type", "takes true or false", 6),
            new Case("unknown choice", "{\"op\":\"set\",\"path\":\"ch/1/hpf/slope\",\"value\":\"48\",\"id\":7}",
                    "wrong_type", "takes one of: 12, 24", 7),
            new Case("set without value", "{\"op\":\"set\",\"path\":\"ch/1/fader\",\"id\":8}", "wrong_type", "needs \"value\"", 8),
            new Case("fader above its range", "{\"op\":\"set\",\"path\":\"ch/1/fader\",\"value\":20,\"id\":9}",
                    "out_of_range", "between -inf (-90) and 10 dB", 9),
            new Case("frequency below its range", "{\"op\":\"set\",\"path\":\"ch/1/hpf/freq\",\"value\":5,\"id\":10}",
                    "out_of_range", "between 20 and 400 Hz", 10),
            new Case("nudge without delta", "{\"op\":\"nudge\",\"path\":\"ch/1/fader\",\"id\":11}", "wrong_type", "\"delta\"", 11),
            new Case("nudge of an unknown path", "{\"op\":\"nudge\",\"path\":\"ch/1/fade\",\"delta\":1,\"id\":12}",
                    "unknown_path", "did you mean", 12),
            new Case("set without path", "{\"op\":\"set\",\"value\":1,\"id\":13}", "bad_message", "needs \"path\"", 13),
            new Case("get of an unknown subtree", "{\"op\":\"get\",\"path\":\"bus/9\",\"id\":14}", "unknown_path", "bus/9", 14),
            new Case("touch without on", "{\"op\":\"touch\",\"path\":\"ch/1/fader\",\"id\":15}", "wrong_type", "\"on\"", 15),
            new Case("meter rate too high", "{\"op\":\"subscribe\",\"meters\":[\"ch\"],\"fps\":61,\"id\":16}",
                    "out_of_range", "between 1 and 60", 16),
            new Case("meter rate zero", "{\"op\":\"subscribe\",\"meters\":[\"ch\"],\"fps\":0,\"id\":17}",
                    "out_of_range", "between 1 and 60", 17),
            // (fx is a section since the FX returns have meters: a name no console has)
            new Case("unknown meter section", "{\"op\":\"subscribe\",\"meters\":[\"ch\",\"reverb\"],\"fps\":30,\"id\":18}",
                    "bad_message", "unknown meter section \"reverb\"", 18),
            new Case("id of the wrong kind", "{\"op\":\"ping\",\"id\":[1]}", "bad_message", "\"id\"", null),
            new Case("frame over 64 KiB", BIG, "too_large", "over the limit of 65536 bytes", null));

    @Test
    void everyBadInputGetsItsErrorKeepsTheConnectionAndChangesNothing(Vertx vertx) {
        TestServer server = new TestServer(vertx);
        Map<String, Object> before = server.state.snapshot();
        try (WsClient c = server.client(vertx); WsClient watcher = server.client(vertx)) {
            for (Case k : CASES) {
                c.send(k.send());
                JsonObject err = c.next();
                assertEquals("error", err.getString("op"), k.name() + ": " + err);
                assertEquals(k.code(), err.getString("code"), k.name() + ": " + err);
                assertTrue(err.getString("message").contains(k.messageContains()),
                        k.name() + ": message '" + err.getString("message") + "' should contain '" + k.messageContains() + "'");
                assertEquals(k.id(), err.getValue("id"), k.name() + ": the error answers the request id");
                c.assertAlive();
                assertEquals(before, server.state.snapshot(), k.name() + ": console state unchanged");
                assertTrue(server.engine.sets.isEmpty(), k.name() + ": engine untouched");
            }
            c.sendBinary(Buffer.buffer(new byte[] {1, 2, 3}));
            JsonObject err = c.next("error");
            assertEquals("bad_message", err.getString("code"));
            assertTrue(err.getString("message").contains("binary"));
            c.assertAlive();
            watcher.assertAlive(); // nothing was broadcast to the other client
        }
        assertEquals(before, server.state.snapshot());
        assertTrue(server.engine.sets.isEmpty());
        assertEquals(1, server.metrics().errors("too_large"));
    }

    @Test
    void floodingClientIsRateLimitedWithOneErrorKeepsItsConnectionAndItsLastSet(Vertx vertx) throws Exception {
        int limit = 20;
        TestServer server = new TestServer(vertx, ServerOptions.loopbackEphemeral().withMaxMessagesPerSecond(limit));
        try (WsClient c = server.client(vertx)) {
            long start = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                c.send(new JsonObject().put("op", "set").put("path", "ch/1/fader").put("value", -(i % 50) - 1.0).put("id", i));
            }
            long sendMs = (System.nanoTime() - start) / 1_000_000;
            // The excess waits for the next one-second window: collect past it.
            List<JsonObject> got = c.collect(1500);
            List<JsonObject> acks = got.stream().filter(m -> "ack".equals(m.getString("op"))).toList();
            long limited = got.stream().filter(m -> "rate_limited".equals(m.getString("code"))).count();
            int windows = (int) (sendMs / 1000) + 1;
            assertTrue(acks.size() >= limit && acks.size() <= (long) limit * (windows + 1) + 1,
                    "acks " + acks.size() + " for a limit of " + limit + "/s");
            assertTrue(limited >= 1 && limited <= windows + 1, "one rate_limited error a second, got " + limited);
            // Nothing of the flood is lost that matters: the control's latest set was kept and applied.
            JsonObject last = acks.get(acks.size() - 1);
            assertEquals(99, last.getInteger("id"), "the last set of the flood is acked last: " + last);
            assertEquals(-50.0, last.getDouble("value"));
            assertEquals(-50.0, server.state.get("ch/1/fader"), "the console ends on the flood's last value");
            // Every value differs from the one before it, so each applied set reaches the engine once.
            assertEquals(acks.size(), server.engine.sets.size(), "only applied sets reached the engine");
            c.assertAlive();
        }
    }
}
