package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.engine.host.AudioStatus;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.jack.JackBackend;
import org.jackdesk.engine.jack.JackTestServer;
import org.jackdesk.engine.jack.PrivateJackServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code --jack-server NAME} with NAME not running: the user's explicit choice is waited for (no
 * private server, no demo), the terminal, every tablet and {@code /api/health} say so, and when a
 * real jackd of that name starts the console joins it with its values.
 */
@ExtendWith(VertxExtension.class)
class NamedServerWaitTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private JsonObject health(int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    @Test
    @Timeout(120)
    void aNamedServerThatIsNotRunningIsWaitedForAndJoinedWhenItStarts(Vertx vertx) throws Exception {
        ConsoleConfig config = ConfigJson.builtinDefault();
        List<String> terminal = new CopyOnWriteArrayList<>();
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults())) {
            String name = server.name();
            server.stop(); // the name is known; the server starts again only once the console waits for it
            assertFalse(JackBackend.isServerRunning(name));
            // A private server is allowed: it must still not be used, since the user named a server.
            try (Console console = Console.start(Console.Options.of(config, new EngineHost.Options("jdwait", name, true, false, null,
                    48000, 64, List.of())).withLog(terminal::add))) {
                ConsoleState state = console.state();
                EngineHost host = console.host();
                assertEquals(AudioStatus.State.WAITING_FOR_SERVER, host.status().state(), terminal.toString());
                assertEquals("waiting for JACK server '" + name + "'", host.backendStatus());
                assertFalse(host.demo(), "no demo on the way to the user's own server");
                assertTrue(terminal.stream().anyMatch(l -> l.startsWith("JACK server '" + name + "' is not running: waiting for it, retrying every second")),
                        terminal.toString());
                assertFalse(terminal.stream().anyMatch(l -> l.contains("private JACK server") || l.contains("internal clock")),
                        "no fallback when a server was named: " + terminal);

                ControlServer.Bound bound = console.bound();
                try (WsClient c = WsClient.connect(vertx, bound.httpPort())) {
                    JsonObject waiting = c.await("status");
                    assertEquals("jack_waiting", waiting.getString("code"), waiting.encode());
                    assertEquals("error", waiting.getString("level"));
                    assertTrue(waiting.getString("message").contains(name), waiting.encode());
                    JsonObject h = health(bound.httpPort());
                    assertEquals("error", h.getString("status"), h.encode());
                    assertEquals("jack_waiting", h.getJsonObject("checks").getJsonObject("audio").getString("code"), h.encode());

                    c.send(new JsonObject().put("op", "set").put("path", "ch/1/fader").put("value", -12.0).put("id", 1));
                    assertEquals(-12.0, c.await("ack").getDouble("value"));
                    Thread.sleep(1500); // a retry or two: still waiting, nothing else started meanwhile
                    assertEquals(AudioStatus.State.WAITING_FOR_SERVER, host.status().state());

                    server.restart();
                    JsonObject back = c.await("status");
                    for (int i = 0; i < 5 && !"jack_back".equals(back.getString("code")); i++) back = c.await("status");
                    assertEquals("jack_back", back.getString("code"), back.encode());
                    assertTrue(JackTestServer.await(() -> host.status().state() == AudioStatus.State.JACK, 10_000), host.backendStatus());
                    assertTrue(host.backendStatus().endsWith("@" + name), host.backendStatus());
                    long c0 = host.backend().cycleCount();
                    assertTrue(JackTestServer.await(() -> host.backend().cycleCount() > c0 + 50, 10_000), "no JACK cycles after joining");
                    assertTrue(server.runTool("jack_lsp").contains("jdwait:main_L"), "our ports are on the named server");
                    assertTrue(terminal.stream().anyMatch(l -> l.startsWith("joined JACK server '" + name + "'")), terminal.toString());
                    assertEquals("ok", health(bound.httpPort()).getString("status"));
                    assertEquals(-12.0, state.get("ch/1/fader"));
                }
            }
        }
    }
}
