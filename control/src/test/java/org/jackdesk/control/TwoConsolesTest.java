package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jackdesk.config.AutoConnect;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.jack.ConnectRule;
import org.jackdesk.engine.jack.JackBackend;
import org.jackdesk.engine.jack.JackTestClient;
import org.jackdesk.engine.jack.JackTestServer;
import org.jackdesk.engine.jack.PrivateJackServer;
import org.jackdesk.engine.mix.Gains;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A front-of-house and a monitor console on one JACK server (docs/stagebox.md, "Two consoles"):
 * both are fed from the same capture ports by their own auto-connect rules, each applies its own
 * mix, and a change on one never reaches the other, neither its state, nor its tablets, nor its
 * audio.
 */
@ExtendWith(VertxExtension.class)
class TwoConsolesTest {
    private static final int PERIOD = 64;
    private static final int ATTEMPTS = 4;

    /** One mono channel panned hard left (main_L = ch1 × fader, exactly) at {@code faderDb}. */
    private static ConsoleConfig config(String client, String source, int mainL, int mainR, double faderDb) throws Exception {
        String json = """
                {"version": 2, "name": "%s",
                 "layout": {"channels": [{"name": "Vox"}], "buses": [{"name": "Wedge"}]},
                 "jack": {"clientName": "%s",
                          "autoConnect": ["ch1 <- %s:out_1", "main -> %s:in_%d,%s:in_%d"]},
                 "values": {"ch/1/pan": -1, "ch/1/fader": %s}}
                """.formatted(client, client, source, source, mainL, source, mainR, faderDb);
        return ConfigJson.read(client + ".json", json);
    }

    private static Console start(ConsoleConfig cfg, String server) throws Exception {
        List<ConnectRule> rules = new ArrayList<>();
        for (AutoConnect.Connection c : cfg.connections()) rules.add(new ConnectRule(c.consolePort(), c.jackPort(), c.input()));
        return Console.start(Console.Options.of(cfg, new EngineHost.Options(cfg.jack().clientName(), server, false, false, false,
                48000, PERIOD, rules)));
    }

    @Test
    void fohAndMonitorsReadTheSameInputsAndKeepTheirOwnMix(Vertx vertx) throws Exception {
        // A hashed pattern, never 0 for long: any gain or delay mistake shows in the comparison.
        JackTestClient.Signal signal = (ch, f) -> (((f * 31 + 7) % 2001) - 1000) / 1024f;
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             // The "capture ports" both consoles share: the source's out_1 stands for system:capture_1 or a stage box's port.
             JackTestClient source = JackTestClient.open(server.name(), "src", 1, 4, signal, 4096)) {
            String src = source.name();
            try (Console foh = start(config("foh", src, 1, 3, -6.0), server.name());
                 Console mon = start(config("monitors", src, 2, 4, -20.0), server.name())) {
                JackBackend fohJack = (JackBackend) foh.host().backend();
                JackBackend monJack = (JackBackend) mon.host().backend();
                assertEquals("foh", fohJack.clientName());
                assertEquals("monitors", monJack.clientName());
                String lsp = server.runTool("jack_lsp", "-c");
                // Both consoles' ch1 hang off the same capture port, by their own rules.
                assertTrue(lsp.contains(src + ":out_1\n"), lsp);
                assertTrue(lsp.contains("foh:ch1\n   " + src + ":out_1\n"), lsp);
                assertTrue(lsp.contains("monitors:ch1\n   " + src + ":out_1\n"), lsp);
                assertTrue(foh.httpPort() != mon.httpPort());

                assertMixes(source, signal, fohJack, monJack, -6.0, -20.0, "at start");

                // First requests without WsClient's 5 s limit: a cold server on a loaded machine can take longer.
                try (WsClient atFoh = WsClient.connect(vertx, NetjackStageBoxTest.warm(foh.httpPort()));
                     WsClient atMon = WsClient.connect(vertx, NetjackStageBoxTest.warm(mon.httpPort()))) {
                    atFoh.send(new JsonObject().put("op", "set").put("path", "ch/1/fader").put("value", -12.0).put("id", 1));
                    assertEquals(-12.0, atFoh.await("ack").getDouble("value"));
                    atMon.send(new JsonObject().put("op", "set").put("path", "ch/1/pan").put("value", -1.0).put("id", 2));
                    atMon.await("ack");
                    assertEquals(-12.0, foh.state().get("ch/1/fader"));
                    assertEquals(-20.0, mon.state().get("ch/1/fader"), "the FOH fader moved the monitor console's");
                    // The monitor tablet heard nothing of the FOH move.
                    JsonObject stray = atMon.texts.poll(300, TimeUnit.MILLISECONDS);
                    while (stray != null && !"change".equals(stray.getString("op"))) stray = atMon.texts.poll(100, TimeUnit.MILLISECONDS);
                    assertNull(stray, "the monitor tablet received a change from the FOH console");
                }
                assertMixes(source, signal, fohJack, monJack, -12.0, -20.0, "after the FOH fader moved");
            }
        }
    }

    /**
     * main_L of each console (recorded on the source's in_1 and in_2) is the source at that
     * console's fader gain, sample-exact at a whole-period delay. An xrun may spoil a recording;
     * a clean recording that does not match fails at once.
     */
    private static void assertMixes(JackTestClient source, JackTestClient.Signal signal, JackBackend foh, JackBackend mon,
                                    double fohDb, double monDb, String when) throws Exception {
        float gFoh = Gains.dbToGain(fohDb), gMon = Gains.dbToGain(monDb);
        List<String> spoiled = new ArrayList<>();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Thread.sleep(100); // any fader ramp (20 ms) is over
            long x0 = foh.xrunCount() + mon.xrunCount();
            source.record(5_000);
            int dFoh = source.findDelay(0, 0, gFoh, 0, 8 * PERIOD);
            int dMon = source.findDelay(1, 0, gMon, 0, 8 * PERIOD);
            if (dFoh >= 0 && dMon >= 0) {
                assertEquals(0, dFoh % PERIOD, "FOH delay " + dFoh + " is not whole periods");
                assertEquals(0, dMon % PERIOD, "monitor delay " + dMon + " is not whole periods");
                return;
            }
            String why = when + ": FOH " + (dFoh >= 0 ? "ok" : source.describeMismatch(0, 0, gFoh, PERIOD, 8 * PERIOD))
                    + " / monitors " + (dMon >= 0 ? "ok" : source.describeMismatch(1, 0, gMon, PERIOD, 8 * PERIOD));
            if (foh.xrunCount() + mon.xrunCount() == x0) fail(why);
            spoiled.add(why);
        }
        fail("every recording saw an xrun: " + spoiled);
    }
}
