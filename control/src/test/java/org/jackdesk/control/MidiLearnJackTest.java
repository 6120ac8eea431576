package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.illposed.osc.OSCMessage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jackdesk.config.AutoConnect;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.Taper;
import org.jackdesk.config.midi.MidiMapping;
import org.jackdesk.config.store.ShowStore;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.jack.ConnectRule;
import org.jackdesk.engine.jack.JackMidiController;
import org.jackdesk.engine.jack.JackTestServer;
import org.jackdesk.engine.jack.PrivateJackServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * MIDI learn (docs/midi.md) on a real console on a private {@code jackd -d dummy}, a second JACK
 * client playing the controller: a learn request over WebSocket, REST or OSC, then a hardware move,
 * makes a mapping that every client is told about, that works at once, that the show file keeps
 * and that a console started again from that show still has; clear removes it the same ways.
 */
@ExtendWith(VertxExtension.class)
@Timeout(180)
class MidiLearnJackTest {
    private static ConsoleConfig config(String ctl) throws Exception {
        return ConfigJson.read("learn.json", """
                {"version": 2, "layout": {"channels": [{"name": "Vox"}, {"name": "Gtr"}]},
                 "jack": {"autoConnect": ["midi_in <- %s:out", "midi_out -> %s:in"]}}
                """.formatted(ctl, ctl));
    }

    private static Console start(ConsoleConfig cfg, String server, Path show, ShowStore.Loaded loaded) throws Exception {
        List<ConnectRule> rules = new ArrayList<>();
        for (AutoConnect.Connection c : cfg.connections()) rules.add(new ConnectRule(c.consolePort(), c.jackPort(), c.input()));
        EngineHost.Options engine = new EngineHost.Options("jdlearn", server, false, false, false, 48000, 64, rules).withMidi(true);
        Console.Options base = Console.Options.of(cfg, engine).withShowFile(show)
                .withServer(ServerOptions.loopbackEphemeral());
        if (loaded != null) {
            base = new Console.Options(cfg, loaded, List.of(), show, false, engine, base.workers(), base.server(), base.security(),
                    line -> { });
        }
        return Console.start(base);
    }

    private static double value(Console c, String path) {
        return c.state().get(c.state().registry().find(path).slot());
    }

    private static HttpResponse<String> post(Console c, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.httpPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void learnedMappingsWorkAtOnceAreSavedInTheShowAndSurviveARestart(Vertx vertx, @TempDir Path dir) throws Exception {
        Path showFile = dir.resolve("show.json");
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             JackMidiController ctl = JackMidiController.open(server.name(), "ctl")) {
            ConsoleConfig cfg = config(ctl.name());
            Console console = start(cfg, server.name(), showFile, null);
            try (WsClient tablet = WsClient.connect(vertx, console.httpPort())) {
                // WebSocket: learn ch/2/fader, move a fader on the controller.
                tablet.send(new JsonObject().put("op", "midi.learn").put("path", "ch/2/fader").put("id", 7));
                JsonObject ack = tablet.await("midi.ack");
                assertEquals(7, ack.getInteger("id"));
                assertEquals(true, ack.getBoolean("learning"));
                ctl.send(0xB0, 21, 100);
                JsonObject learned = tablet.await("midi.learned");
                assertEquals("ch/2/fader", learned.getString("path"));
                assertEquals("cc 21 ch 1", learned.getString("control"));
                assertEquals(0.0, value(console, "ch/2/fader"), "the move that was learned does not move the fader");
                // It works at once, with pick-up: 96 is within 2 % of 0 dB's position.
                double at96 = Taper.FADER.fromNormalized(96 / 127.0, -90, 10);
                boolean moved = false;
                for (int attempt = 0; attempt < 3 && !moved; attempt++) { // a move lost in a late JACK cycle: the hand moves on
                    ctl.send(0xB0, 21, 96);
                    moved = JackTestServer.await(() -> Math.abs(value(console, "ch/2/fader") - at96) < 1e-9, 2000);
                }
                assertTrue(moved, "ch/2/fader " + value(console, "ch/2/fader") + "; MIDI in " + console.engine().midi().counters().received()
                        + ", dropped " + console.engine().midi().counters().inputDropped() + ", unmapped "
                        + console.server().metrics().midiUnmappedCount() + ", refused " + console.server().metrics().midiRefusedCount());

                // REST: learn a switch; a note becomes a toggle.
                HttpResponse<String> r = post(console, "/api/midi/learn", "{\"path\": \"ch/1/mute\"}");
                assertEquals(200, r.statusCode(), r.body());
                ctl.send(0x90, 40, 127);
                JsonObject second = tablet.await("midi.learned");
                assertEquals("note 40 ch 1", second.getString("control"));
                ctl.send(0x80, 40, 0);
                ctl.send(0x90, 40, 127);
                assertTrue(JackTestServer.await(() -> value(console, "ch/1/mute") == 1, 5000), "the learned note toggles mute");

                // OSC: learn the pan of channel 1 from a CC, then clear it again over OSC.
                try (OscTestClient osc = new OscTestClient(console.oscPort())) {
                    osc.send(new OSCMessage("/midi/learn", List.of("ch/1/pan")));
                    assertEquals(List.of("midi.learn", "ch/1/pan"), osc.receive("/midi/ack").getArguments());
                    ctl.send(0xB3, 5, 64);
                    assertEquals("cc 5 ch 4", tablet.await("midi.learned").getString("control"));
                    osc.send(new OSCMessage("/midi/clear", List.of("ch/1/pan")));
                    assertEquals(List.of("midi.clear", "ch/1/pan"), osc.receive("/midi/ack").getArguments());
                    assertEquals(1, tablet.await("midi.cleared").getInteger("removed"));
                }
                // A 14-bit fader: the learn sees CC 7 and its LSB, CC 39, in one move and makes a cc14 mapping with the
                // full resolution (12293 of 16383 is between two 7-bit steps); cleared again over REST.
                r = post(console, "/api/midi/learn", "{\"path\": \"main/fader\"}");
                assertEquals(200, r.statusCode(), r.body());
                ctl.send(0xB0, 7, 64, 39, 0); // running status: CC 7 = 64, CC 39 = 0
                JsonObject fine = tablet.await("midi.learned");
                assertEquals("cc14 7 ch 1", fine.getString("control"), fine.encode());
                double at12287 = Taper.FADER.fromNormalized(12287 / 16383.0, -90, 10), at12293 = Taper.FADER.fromNormalized(12293 / 16383.0, -90, 10);
                ctl.send(0xB0, 7, 95, 39, 127); // 12287: within 2 % of 0 dB's position, picked up
                assertTrue(JackTestServer.await(() -> Math.abs(value(console, "main/fader") - at12287) < 1e-9, 5000), "main/fader " + value(console, "main/fader"));
                ctl.send(0xB0, 7, 96, 39, 5);
                assertTrue(JackTestServer.await(() -> Math.abs(value(console, "main/fader") - at12293) < 1e-9, 5000), "main/fader " + value(console, "main/fader"));
                r = post(console, "/api/midi/clear", "{\"path\": \"main/fader\"}");
                assertEquals(1, new JsonObject(r.body()).getInteger("removed"), r.body());
                tablet.await("midi.cleared");
                // A bad address is refused, saying which.
                tablet.send(new JsonObject().put("op", "midi.learn").put("path", "ch/9/fader").put("id", 8));
                JsonObject err = tablet.await("error");
                assertEquals("unknown_path", err.getString("code"), err.encode());
            }
            List<MidiMapping> expected = List.of(MidiMapping.cc(1, 21, "ch/2/fader"),
                    new MidiMapping(MidiMapping.Kind.NOTE, 1, 40, "ch/1/mute", null, null, MidiMapping.Mode.TOGGLE,
                            MidiMapping.Takeover.JUMP, MidiMapping.DEFAULT_STEP));
            assertEquals(expected, console.server().midi().config().mappings());
            // The exported show (GET /api/show) carries them as the saved one does: what the console writes it reads back.
            HttpResponse<String> export = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + console.httpPort() + "/api/show")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, export.statusCode(), export.body());
            assertEquals(expected, org.jackdesk.config.show.ShowJson.read("export.json", export.body()).config().midi().mappings(),
                    export.body());
            assertTrue(console.stop(), "the last change saved");
            assertEquals(expected, ShowStore.load(showFile).config().midi().mappings(), Files.readString(showFile));

            // Started again from its show, the console has the learned mappings, and they work.
            ShowStore.Loaded loaded = ShowStore.loadOrBackup(showFile);
            Console again = start(loaded.show().config(), server.name(), showFile, loaded);
            try {
                assertEquals(expected, again.server().midi().config().mappings());
                ctl.drain();
                ctl.send(0x90, 40, 127);
                assertTrue(JackTestServer.await(() -> value(again, "ch/1/mute") == 0, 5000), "the restored note toggles mute off");
                // And clear over REST removes it; the note then does nothing.
                HttpResponse<String> r = post(again, "/api/midi/clear", "{\"path\": \"ch/1/mute\"}");
                assertEquals(200, r.statusCode(), r.body());
                assertEquals(1, new JsonObject(r.body()).getInteger("removed"));
                ctl.send(0x90, 40, 127);
                Thread.sleep(300);
                assertEquals(0.0, value(again, "ch/1/mute"), "cleared");
                assertNull(new JsonObject(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + again.httpPort() + "/api/midi")).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).getValue("learning"));
            } finally {
                again.stop();
            }
            assertEquals(List.of(expected.get(0)), ShowStore.load(showFile).config().midi().mappings(), "the clear is saved too");
        }
    }
}
