package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.illposed.osc.OSCMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.record.TakeManifest;
import org.jackdesk.control.security.SecurityOptions;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.io.WavReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder over WebSocket, REST and OSC on the whole console (the composition root, its real
 * engine on the internal clock): an engineer starts and stops takes, a monitor reads the status but
 * may not start or stop, {@code /metrics} counts, and a take that fills its disk stands as a banner
 * on every tablet, including one that connects afterwards.
 */
@Timeout(90)
class RecorderControlTest {
    private static final List<ConsoleConfig.UserConfig> USERS = List.of(
            new ConsoleConfig.UserConfig("foh", "engineer", List.of(), AccessControlTest.hash("2222")),
            new ConsoleConfig.UserConfig("drums", "monitor", List.of(1), AccessControlTest.hash("3333")));

    @TempDir
    Path dir;

    private static Console start() throws Exception {
        return start(ConfigJson.builtinDefault());
    }

    private static Console start(ConsoleConfig config) throws Exception {
        return Console.start(Console.Options.of(config,
                        new EngineHost.Options("jdrec", null, false, true, false, 48000, 64, List.of()))
                .withServer(ServerOptions.loopbackEphemeral().withMaxMessagesPerSecond(100_000))
                .withSecurity(SecurityOptions.open().withUsers(USERS, null)));
    }

    private static JsonObject op(String op) {
        return new JsonObject().put("op", op).put("id", op);
    }

    private static JsonObject nextStatus(AccessControlTest.Ws ws, String code) throws Exception {
        for (int i = 0; i < 1000; i++) {
            JsonObject a = ws.in.poll(20, java.util.concurrent.TimeUnit.SECONDS);
            if (a == null) break;
            if ("status".equals(a.getString("op")) && code.equals(a.getString("code"))) return a;
        }
        throw new AssertionError("no status '" + code + "' arrived");
    }

    @Test
    void anEngineerRecordsOverEveryProtocolAndAMonitorOnlyWatches() throws Exception {
        // the recordings folder from the configuration (docs/configuration.md)
        try (Console console = start(ConfigJson.builtinDefault().withRecording(new ConsoleConfig.Recording(dir.toString())))) {
            assertEquals(dir, console.recorder().root());
            // the show at cue 1, scene "Song 1": the take's manifest names both
            org.jackdesk.config.show.Scene song = console.scenes().save("Song 1", List.of(), 0);
            console.scenes().setCues(List.of(new org.jackdesk.config.show.Cue(song.id(), 0, null)));
            console.scenes().go();
            int port = console.httpPort();
            WebClient web = WebClient.create(console.vertx());
            String foh = AccessControlTest.token(web, port, "foh", "2222");
            String drums = AccessControlTest.token(web, port, "drums", "3333");
            try (AccessControlTest.Ws d = new AccessControlTest.Ws(console.vertx(), port, "/ws?token=" + drums);
                 AccessControlTest.Ws f = new AccessControlTest.Ws(console.vertx(), port, "/ws?token=" + foh)) {
                JsonObject refused = d.reply(op("recorder.start"));
                assertEquals("forbidden", refused.getString("code"), refused.encode());
                assertTrue(refused.getString("message").contains("start the recorder"), refused.encode());
                assertFalse(d.reply(op("recorder.status")).getJsonObject("recorder").getBoolean("recording"));

                JsonObject started = f.reply(op("recorder.start").put("format", "float32"));
                assertEquals("recorder.start", started.getString("op"), started.encode());
                JsonObject rs = started.getJsonObject("recorder");
                assertTrue(rs.getBoolean("recording"));
                int tracks = console.state().registry().layout().channels().size() + 1;
                assertEquals(tracks, rs.getInteger("tracks"));
                assertTrue(rs.getLong("secondsLeft") > 0, rs.encode());
                assertTrue(nextStatus(d, "recording_started").getString("message").contains("recording " + tracks + " tracks"));
                JsonObject again = f.reply(op("recorder.start"));
                assertEquals("recorder_failed", again.getString("code"), "one take at a time: " + again.encode());

                Thread.sleep(500);
                HttpResponse<Buffer> st = WsClient.await(web.get(port, "127.0.0.1", "/api/recorder").bearerTokenAuthentication(drums).send());
                assertEquals(200, st.statusCode(), st.bodyAsString());
                assertTrue(st.bodyAsJsonObject().getJsonObject("recorder").getLong("frames") > 0, st.bodyAsString());
                HttpResponse<Buffer> no = WsClient.await(web.post(port, "127.0.0.1", "/api/recorder/stop").bearerTokenAuthentication(drums).send());
                assertEquals(403, no.statusCode(), no.bodyAsString());
                String metrics = WsClient.await(web.get(port, "127.0.0.1", "/metrics").bearerTokenAuthentication(drums).send()).bodyAsString();
                assertTrue(metrics.contains("\njackdesk_recording 1\n"), metrics);
                assertTrue(metrics.contains("\njackdesk_recorder_dropped_blocks_total 0\n"), metrics);

                HttpResponse<Buffer> stop = WsClient.await(web.post(port, "127.0.0.1", "/api/recorder/stop").bearerTokenAuthentication(foh).send());
                assertEquals(200, stop.statusCode(), stop.bodyAsString());
                JsonObject end = stop.bodyAsJsonObject().getJsonObject("recorder");
                assertFalse(end.getBoolean("recording"));
                assertEquals("stopped", end.getString("endReason"));
                assertTrue(nextStatus(d, "recording_stopped").getString("message").contains("saved " + tracks + " tracks"));
                Path folder = Path.of(end.getString("folder"));
                assertEquals(dir, folder.getParent());
                TakeManifest m = TakeManifest.read(folder);
                assertEquals(end.getLong("frames"), m.frames());
                assertTrue(m.frames() >= 48_000 / 4, "frames: " + m.frames());
                assertEquals(ConfigJson.builtinDefault().name(), m.show());
                assertEquals("Song 1", m.scene());
                assertEquals("float32", m.sampleFormat());
                try (WavReader r = WavReader.open(folder.resolve("main.wav"))) {
                    assertEquals(m.frames(), r.frames());
                    assertTrue(r.isFloat());
                }
                String after = WsClient.await(web.get(port, "127.0.0.1", "/metrics").bearerTokenAuthentication(drums).send()).bodyAsString();
                assertTrue(after.contains("\njackdesk_recording 0\n"), after);
            }

            // OSC (no OSC user configured: the mix role, engineer)
            try (OscTestClient osc = new OscTestClient(console.oscPort())) {
                osc.send(new OSCMessage("/recorder/start", List.of()));
                OSCMessage s = osc.receive("/recorder/status");
                assertEquals(1, s.getArguments().get(0), s.getArguments().toString());
                Thread.sleep(200);
                osc.send(new OSCMessage("/recorder/stop", List.of()));
                OSCMessage e = osc.receive("/recorder/status");
                assertEquals(0, e.getArguments().get(0));
                assertTrue((Integer) e.getArguments().get(2) > 0, "frames recorded: " + e.getArguments());
            }
            try (var takes = Files.list(dir)) {
                assertEquals(2, takes.count(), "a take over WebSocket and one over OSC");
            }
            // the take list over REST, newest first, each with its manifest's figures
            String reader = AccessControlTest.token(WebClient.create(console.vertx()), console.httpPort(), "drums", "3333");
            HttpResponse<Buffer> list = WsClient.await(WebClient.create(console.vertx()).get(console.httpPort(), "127.0.0.1", "/api/recorder/takes")
                    .bearerTokenAuthentication(reader).send());
            assertEquals(200, list.statusCode(), list.bodyAsString());
            io.vertx.core.json.JsonArray takes = list.bodyAsJsonObject().getJsonArray("takes");
            assertEquals(2, takes.size(), list.bodyAsString());
            assertTrue(takes.getJsonObject(0).getString("take").compareTo(takes.getJsonObject(1).getString("take")) > 0, "newest first");
            assertEquals("Song 1", takes.getJsonObject(1).getString("scene"));
            assertEquals("stopped", takes.getJsonObject(0).getString("endReason"));
            assertEquals(console.state().registry().layout().channels().size() + 1, takes.getJsonObject(0).getInteger("tracks"));
        }
    }

    @Test
    void aFullDiskStandsAsABannerOnEveryTablet() throws Exception {
        Path mnt = Files.createDirectory(dir.resolve("small-disk"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor() == 0, "SKIPPED: cannot mount a 1 MiB tmpfs to fill (needs root and mount rights): " + out.trim());
        try (Console console = start()) {
            console.recorder().root(mnt);
            int port = console.httpPort();
            WebClient web = WebClient.create(console.vertx());
            String foh = AccessControlTest.token(web, port, "foh", "2222");
            String drums = AccessControlTest.token(web, port, "drums", "3333");
            try (AccessControlTest.Ws d = new AccessControlTest.Ws(console.vertx(), port, "/ws?token=" + drums);
                 AccessControlTest.Ws f = new AccessControlTest.Ws(console.vertx(), port, "/ws?token=" + foh)) {
                assertTrue(f.reply(op("recorder.start")).getJsonObject("recorder").getBoolean("recording"));
                long cycles0 = console.host().engine().cycles();
                JsonObject banner = nextStatus(d, "recording_failed"); // about a second of audio fills 1 MiB
                assertEquals("error", banner.getString("level"));
                String msg = banner.getString("message");
                assertTrue(msg.startsWith("recording stopped: disk full"), msg);
                assertTrue(msg.contains("saved") && msg.contains(mnt.toString()), msg);
                long saved = banner.getLong("frames");
                assertTrue(saved > 0, banner.encode());
                long c1 = console.host().engine().cycles();
                Thread.sleep(300);
                assertTrue(console.host().engine().cycles() > c1 && c1 > cycles0, "the mix plays on");
                TakeManifest m = TakeManifest.read(Path.of(banner.getString("folder")));
                assertEquals(saved, m.frames());
                assertTrue(m.endReason().startsWith("disk full"), m.endReason());
                try (WavReader r = WavReader.open(Path.of(banner.getString("folder")).resolve("ch01.wav"))) {
                    assertEquals(saved, r.frames(), "the files hold what the banner says was saved");
                }
                // a tablet that connects afterwards sees it too (a standing notice)
                try (AccessControlTest.Ws late = new AccessControlTest.Ws(console.vertx(), port, "/ws?token=" + foh)) {
                    assertTrue(nextStatus(late, "recording_failed").getString("message").startsWith("recording stopped: disk full"));
                }
                assertFalse(f.reply(op("recorder.status")).getJsonObject("recorder").getBoolean("recording"));
            }
        } finally {
            new ProcessBuilder("umount", mnt.toString()).start().waitFor();
        }
    }
}
