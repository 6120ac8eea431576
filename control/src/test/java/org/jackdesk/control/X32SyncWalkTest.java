package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jackdesk.control.x32.X32Osc;
import org.jackdesk.control.x32.X32Tree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What Mixing Station does on connect: a walk over the whole X32 address list (the test resource
 * x32/address-list.txt, transcribed from the protocol description independently of the server's
 * table), every address answered with its documented type; then {@code /node} for every node and
 * the node text set back with {@code /}.
 */
@ExtendWith(VertxExtension.class)
class X32SyncWalkTest {
    /** The documented addresses and their type tags, in the list's order. */
    static Map<String, Character> addressList() throws Exception {
        Map<String, Character> out = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                X32SyncWalkTest.class.getResourceAsStream("/x32/address-list.txt"), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] p = line.trim().split(" ");
                out.put(p[0], p[1].charAt(0));
            }
        }
        return out;
    }

    private static char tag(Object arg) {
        return arg instanceof Integer ? 'i' : arg instanceof Float ? 'f' : arg instanceof String ? 's' : '?';
    }

    @Test
    void everyDocumentedAddressIsAnsweredWithItsDocumentedType(Vertx vertx) throws Exception {
        Map<String, Character> list = addressList();
        assertTrue(list.size() > 8000, "the whole tree: " + list.size());
        // the default budget of changes (200 a second): reads have their own, or the sync would take 43 s
        TestServer server = new TestServer(vertx, ServerOptions.loopbackEphemeral().withX32Port(0));
        Map<String, Character> answered = new HashMap<>();
        List<String> wrong = new ArrayList<>();
        try (X32Client c = new X32Client(server.bound.server().x32Port())) {
            List<String> addresses = new ArrayList<>(list.keySet());
            int window = 32; // requests in flight, as an app pipelines its sync
            int unanswered = 0;
            for (int start = 0; start < addresses.size() && unanswered < 100; start += window) { // a broken tree fails fast
                List<String> batch = addresses.subList(start, Math.min(addresses.size(), start + window));
                Set<String> pending = new HashSet<>(batch);
                for (String a : batch) c.send(a);
                c.socket.setSoTimeout(2000);
                try {
                    while (!pending.isEmpty()) {
                        X32Osc.Message m = c.receive();
                        if (!pending.remove(m.address())) continue;
                        char t = m.args().size() == 1 ? tag(m.args().get(0)) : '?';
                        answered.put(m.address(), t);
                        if (t != list.get(m.address())) wrong.add(m.address() + " answered " + m.args() + ", documented ," + list.get(m.address()));
                    }
                } catch (SocketTimeoutException e) {
                    unanswered += pending.size(); // reported below
                }
            }
        }
        Set<String> missing = new TreeSet<>(list.keySet());
        missing.removeAll(answered.keySet());
        assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())), wrong.size() + " answered with another type than documented");
        assertEquals(List.of(), missing.stream().limit(20).toList(), missing.size() + " documented but not answered");
        assertEquals(list.size(), answered.size(), "one answer per documented address");
        assertEquals(0, server.metrics().errors("x32_unknown_address"));
    }

    @Test
    void theServersTableIsTheDocumentedTree() throws Exception {
        Map<String, Character> list = addressList();
        Set<String> table = new HashSet<>(X32Tree.addresses());
        Set<String> notInTable = new TreeSet<>(list.keySet());
        notInTable.removeAll(table);
        Set<String> notDocumented = new TreeSet<>(table);
        notDocumented.removeAll(list.keySet());
        assertEquals(Set.of(), notInTable);
        assertEquals(Set.of(), notDocumented);
        for (Map.Entry<String, Character> e : list.entrySet()) {
            assertEquals((char) e.getValue(), X32Tree.field(e.getKey()).type(), e.getKey());
        }
    }

    @Test
    void everyNodeAnswersItsTextAndTakesItBack(Vertx vertx) throws Exception {
        TestServer server = new TestServer(vertx, ServerOptions.loopbackEphemeral().withX32Port(0).withMaxMessagesPerSecond(1_000_000));
        Map<String, String> lines = new LinkedHashMap<>();
        try (X32Client c = new X32Client(server.bound.server().x32Port())) {
            for (String node : X32Tree.nodes()) {
                c.send("/node", node.substring(1));
                X32Osc.Message m = c.receive();
                assertEquals("node", m.address(), node);
                String line = (String) m.args().get(0);
                assertTrue(line.startsWith(node + " ") && line.endsWith("\n"), line);
                int fields = org.jackdesk.control.x32.X32Server.tokens(line).size() - 1;
                int expected = X32Tree.children(node).size() - (node.matches("/ch/\\d\\d/gate") ? 1 : 0); // jackdesk's gate line has no keysrc
                assertEquals(expected, fields, line);
                lines.put(node, line);
            }
            int sent = 0;
            for (String line : lines.values()) {
                c.send("/", line.trim()); // what it writes, it reads back
                if (++sent % 200 == 0) Thread.sleep(100); // within the server-wide budget of changes (5000/s)
            }
            c.send("/xinfo");
            while (!c.receive().address().equals("/xinfo")) {
                // nothing else answers a set
            }
            for (Map.Entry<String, String> e : lines.entrySet()) {
                c.send("/node", e.getKey().substring(1));
                assertEquals(e.getValue(), c.receive().args().get(0), "unchanged by its own text");
            }
            for (String code : List.of("x32_wrong_type", "x32_out_of_range", "x32_unknown_address", "x32_read_only", "forbidden", "rate_limited")) {
                assertEquals(0, server.metrics().errors(code), code);
            }

            c.send("/", "/config/mono 1 ON"); // a wholly stored-only node is kept field by field
            c.send("/", "/mtx/02/mix OFF -10.0");
            c.send("/", "/config/solo -6.0 3 +0.5 1 1 1 ON OFF OFF 0.25 ON OFF OFF 0.1 1 OFF ON");
            assertEquals(1, c.get("/config/mono/mode"));
            assertEquals(1, c.get("/config/mono/link"));
            assertEquals(0, c.get("/mtx/02/mix/on"));
            assertEquals(512 / 1023f, c.get("/mtx/02/mix/fader"), "−10 dB on the fader law");
            assertEquals(0.25f, c.get("/config/solo/dimatt"));
            c.send("/config/solo/sourcetrim", "0.75"); // a single stored-only set as node text: the wire value
            assertEquals(0.75f, c.get("/config/solo/sourcetrim"));
            c.send("/config/osc/level", "-10.0"); // a level in dB, on the fader law
            assertEquals(512 / 1023f, c.get("/config/osc/level"));
            c.send("/-prefs/lampon", "ON");
            assertEquals(1, c.get("/-prefs/lampon"));
            c.send("/-prefs/lampon", "LOUD");
            assertEquals(1, c.get("/-prefs/lampon"), "kept; the answer also says the set before it was handled");
            assertEquals(1, server.metrics().errors("x32_wrong_type"), "unreadable node text");
        }
    }
}
