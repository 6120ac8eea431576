package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.illposed.osc.OSCMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.List;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.control.security.SecurityOptions;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.record.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The take player over WebSocket, REST and OSC on the whole console (the composition root, its real
 * engine on the internal clock, a take its own recorder made): an engineer loads, plays, stops,
 * locates and loops, and switches the soundcheck; a monitor reads the status but may do none of
 * it; bad input gets a precise error; {@code /metrics} has the player's figures.
 */
@Timeout(90)
class PlayerControlTest {
    private static final List<ConsoleConfig.UserConfig> USERS = List.of(
            new ConsoleConfig.UserConfig("foh", "engineer", List.of(), AccessControlTest.hash("2222")),
            new ConsoleConfig.UserConfig("drums", "monitor", List.of(1), AccessControlTest.hash("3333")));

    @TempDir
    Path dir;

    private static JsonObject op(String op) {
        return new JsonObject().put("op", op).put("id", op);
    }

    private static JsonObject player(JsonObject reply) {
        JsonObject p = reply.getJsonObject("player");
        if (p == null) throw new AssertionError("no player status: " + reply.encode());
        return p;
    }

    @Test
    void anEngineerPlaysATakeOverEveryProtocolAndAMonitorOnlyWatches() throws Exception {
        try (Console console = Console.start(Console.Options.of(ConfigJson.builtinDefault().withRecording(new ConsoleConfig.Recording(dir.toString())),
                        new EngineHost.Options("jdplay", null, false, true, false, 48000, 64, List.of()))
                .withServer(ServerOptions.loopbackEphemeral().withMaxMessagesPerSecond(100_000))
                .withSecurity(SecurityOptions.open().withUsers(USERS, null)))) {
            // a take of about two seconds from the console's own recorder
            Recorder rec = console.recorder().recorder();
            rec.start(console.host().engine(), new Recorder.Options(dir), "Test", null);
            Thread.sleep(2000);
            rec.stop();
            String take = rec.status().folder().getFileName().toString();
            int channels = console.state().registry().layout().channels().size();

            int port = console.httpPort();
            WebClient web = WebClient.create(console.vertx());
            String foh = AccessControlTest.token(web, port, "foh", "2222");
            String drums = AccessControlTest.token(web, port, "drums", "3333");
            try (AccessControlTest.Ws d = new AccessControlTest.Ws(console.vertx(), port, "/ws?token=" + drums);
                 AccessControlTest.Ws f = new AccessControlTest.Ws(console.vertx(), port, "/ws?token=" + foh)) {
                // a monitor reads, and may do nothing else
                JsonObject refused = d.reply(op("player.load").put("take", take));
                assertEquals("forbidden", refused.getString("code"), refused.encode());
                assertTrue(refused.getString("message").contains("use the player"), refused.encode());
                assertEquals("forbidden", d.reply(op("player.play")).getString("code"));
                JsonObject sc = d.reply(new JsonObject().put("op", "set").put("id", "sc").put("path", "playback/soundcheck").put("value", true));
                assertEquals("forbidden", sc.getString("code"), "a monitor cannot start a soundcheck: " + sc.encode());
                assertEquals("forbidden", d.reply(new JsonObject().put("op", "set").put("id", "src").put("path", "ch/1/source")
                        .put("value", "playback")).getString("code"));
                assertFalse(player(d.reply(op("player.status"))).getBoolean("loaded"));

                // bad input: a precise error, nothing loaded
                assertEquals("bad_message", f.reply(op("player.load").put("take", "../etc")).getString("code"));
                assertEquals("bad_message", f.reply(op("player.load")).getString("code"));
                JsonObject missing = f.reply(op("player.load").put("take", "no-such-take"));
                assertEquals("player_failed", missing.getString("code"), missing.encode());
                assertTrue(missing.getString("message").contains("no-such-take") && missing.getString("message").contains("take.json"),
                        missing.encode());
                JsonObject notLoaded = f.reply(op("player.play"));
                assertEquals("player_failed", notLoaded.getString("code"));
                assertTrue(notLoaded.getString("message").contains("no take is loaded"), notLoaded.encode());

                // load, play, stop, locate, loop
                JsonObject loaded = player(f.reply(op("player.load").put("take", take)));
                assertTrue(loaded.getBoolean("loaded"), loaded.encode());
                assertEquals(take, loaded.getString("take"));
                assertEquals(channels, loaded.getJsonArray("channels").size(), "every channel has a track");
                assertEquals(0L, loaded.getLong("position"));
                assertTrue(loaded.getLong("frames") >= 48_000, loaded.encode());
                assertTrue(player(f.reply(op("player.play"))).getBoolean("playing"));
                Thread.sleep(400);
                JsonObject st = player(d.reply(op("player.status")));
                assertTrue(st.getLong("position") > 0, "the position runs: " + st.encode());
                assertFalse(player(f.reply(op("player.stop"))).getBoolean("playing"));
                f.reply(op("player.locate").put("seconds", 0.25));
                awaitPosition(d, 12_000);
                assertEquals("bad_message", f.reply(op("player.locate").put("seconds", -1)).getString("code"));
                assertEquals("bad_message", f.reply(op("player.locate")).getString("code"));
                JsonObject loop = player(f.reply(op("player.loop").put("on", true).put("from", 0.1).put("to", 0.6))).getJsonObject("loop");
                assertTrue(loop.getBoolean("on"));
                assertEquals(4_800L, loop.getLong("fromFrame"));
                assertEquals(28_800L, loop.getLong("toFrame"));
                JsonObject tooShort = f.reply(op("player.loop").put("on", true).put("fromFrame", 100).put("toFrame", 200));
                assertEquals("player_failed", tooShort.getString("code"));
                assertTrue(tooShort.getString("message").contains("at least"), tooShort.encode());

                // the soundcheck switch is a parameter: an engineer sets it like any other
                JsonObject on = f.reply(new JsonObject().put("op", "set").put("id", "sc2").put("path", "playback/soundcheck").put("value", true));
                assertFalse("error".equals(on.getString("op")), on.encode());
                assertEquals(1.0, console.state().get("playback/soundcheck"));

                // REST: the status for everyone, the transport for the engineer
                HttpResponse<Buffer> rs = WsClient.await(web.get(port, "127.0.0.1", "/api/player").bearerTokenAuthentication(drums).send());
                assertEquals(200, rs.statusCode(), rs.bodyAsString());
                assertTrue(rs.bodyAsJsonObject().getJsonObject("player").getBoolean("loaded"));
                HttpResponse<Buffer> no = WsClient.await(web.post(port, "127.0.0.1", "/api/player/play").bearerTokenAuthentication(drums).send());
                assertEquals(403, no.statusCode(), no.bodyAsString());
                HttpResponse<Buffer> yes = WsClient.await(web.post(port, "127.0.0.1", "/api/player/play").bearerTokenAuthentication(foh).send());
                assertEquals(200, yes.statusCode(), yes.bodyAsString());
                assertTrue(yes.bodyAsJsonObject().getJsonObject("player").getBoolean("playing"));
                HttpResponse<Buffer> bad = WsClient.await(web.post(port, "127.0.0.1", "/api/player/locate").bearerTokenAuthentication(foh)
                        .sendBuffer(Buffer.buffer("{\"frame\": 1.5}")));
                assertEquals(400, bad.statusCode(), bad.bodyAsString());
                String metrics = WsClient.await(web.get(port, "127.0.0.1", "/metrics").bearerTokenAuthentication(drums).send()).bodyAsString();
                assertTrue(metrics.contains("\njackdesk_player_loaded 1\n"), metrics);
                assertTrue(metrics.contains("\njackdesk_player_playing 1\n"), metrics);
                assertTrue(metrics.contains("\njackdesk_player_underruns_total "), metrics);
                assertTrue(metrics.contains("\njackdesk_player_position_seconds "), metrics);
            }

            // OSC (no OSC user configured: the mix role, engineer)
            try (OscTestClient osc = new OscTestClient(console.oscPort())) {
                osc.send(new OSCMessage("/player/stop", List.of()));
                OSCMessage s = osc.receive("/player/status");
                assertEquals(1, s.getArguments().get(0), s.getArguments().toString());
                assertEquals(0, s.getArguments().get(1), "stopped: " + s.getArguments());
                osc.send(new OSCMessage("/player/loop", List.of(0)));
                osc.receive("/player/status");
                assertFalse(console.player().player().status().looping());
                osc.send(new OSCMessage("/player/locate", List.of(0.5f)));
                osc.receive("/player/status");
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (console.player().player().status().position() != 24_000 && System.nanoTime() < deadline) Thread.sleep(10);
                assertEquals(24_000, console.player().player().status().position(), "located over OSC");
                osc.send(new OSCMessage("/player/play", List.of()));
                OSCMessage p = osc.receive("/player/status");
                assertEquals(1, p.getArguments().get(1), "playing: " + p.getArguments());
            }
        }
    }

    /** Waits until the status (asked by {@code ws}) says the player stands at {@code frame}. */
    private static void awaitPosition(AccessControlTest.Ws ws, long frame) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        JsonObject s;
        do {
            s = player(ws.reply(op("player.status")));
            if (s.getLong("position") == frame) return;
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the player never stood at " + frame + ": " + s.encode());
    }
}
