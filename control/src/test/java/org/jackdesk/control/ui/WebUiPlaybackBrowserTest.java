package org.jackdesk.control.ui;

import static org.jackdesk.control.ui.BrowserTestSupport.assumeChromium;
import static org.jackdesk.control.ui.BrowserTestSupport.shot;
import static org.jackdesk.control.ui.BrowserTestSupport.sleep;
import static org.jackdesk.control.ui.BrowserTestSupport.tap;
import static org.jackdesk.control.ui.BrowserTestSupport.text;
import static org.jackdesk.control.ui.BrowserTestSupport.url;
import static org.jackdesk.control.ui.BrowserTestSupport.waitFor;
import static org.jackdesk.control.ui.BrowserTestSupport.waitOnline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.control.Console;
import org.jackdesk.control.ServerOptions;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.play.Player;
import org.jackdesk.engine.record.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Playback and the virtual soundcheck in the RECORD view, in real headless Chromium against the
 * whole console with its real engine on the internal clock: a take recorded by the console's
 * recorder plays from the take list, the transport bar stops, loops and shows the position the
 * server's player reports, the SOUNDCHECK switch sets {@code playback/soundcheck}, and the top bar
 * flags the soundcheck on every view, also when another device turned it on. The server's player
 * and parameters are the judge.
 */
class WebUiPlaybackBrowserTest {
    @TempDir
    Path dir;

    private static boolean visible(Chromium c, String css) {
        return Boolean.TRUE.equals(c.js("const e = document.querySelector(arguments[0]); const b = e.getBoundingClientRect();"
                + " return !e.hidden && b.width > 0 && b.height > 0", css));
    }

    @Test
    void aTakePlaysFromTheListTheTransportFollowsAndSoundcheckIsFlaggedEverywhere() throws Exception {
        assumeChromium();
        try (Console console = Console.start(Console.Options.of(ConfigJson.builtinDefault(),
                        new EngineHost.Options("jdplayui", null, false, true, false, 48000, 64, List.of()))
                .withServer(ServerOptions.loopbackEphemeral().withPorts(0, ServerOptions.NO_OSC)));
             Chromium tablet = new Chromium(1024, 768)) {
            console.recorder().root(dir);
            // a take of about three seconds, recorded by the console itself
            Recorder rec = console.recorder().recorder();
            rec.start(console.host().engine(), new Recorder.Options(dir), "Test", null);
            Thread.sleep(3000);
            rec.stop();
            String take = rec.status().folder().getFileName().toString();
            Player player = console.player().player();

            tablet.driver.get(url(console.httpPort()));
            waitOnline(tablet);
            tap(tablet, "#tab-record");
            waitFor(() -> "record".equals(tablet.js("return document.body.dataset.view")), "the record view opens");
            String playInList = "#rec-takes .rec-take[data-take=\"" + take + "\"] .rec-take-play";
            waitFor(() -> Boolean.TRUE.equals(tablet.js("return !!document.querySelector(arguments[0])", playInList)),
                    "the take is listed with PLAY");
            assertEquals("no take loaded", text(tablet, "#play-take"));

            tap(tablet, playInList);
            waitFor(() -> player.status().loaded() && player.status().playing(), "the server's player loads and plays the take");
            assertEquals(dir.resolve(take), player.status().folder());
            waitFor(() -> take.equals(text(tablet, "#play-take")), "the transport bar names the take");
            waitFor(() -> Boolean.TRUE.equals(tablet.js("return document.getElementById('play-play').classList.contains('on')")),
                    "PLAY is lit");
            waitFor(() -> !text(tablet, "#play-pos").startsWith("0:00.0"), "the position runs: " + text(tablet, "#play-pos"));

            tap(tablet, "#play-stop");
            waitFor(() -> !player.status().playing(), "STOP stops the server's player");
            long stoppedAt = player.status().position();
            waitFor(() -> text(tablet, "#play-pos").startsWith(
                    org.jackdesk.control.ui.WebUiPlaybackBrowserTest.pos(stoppedAt / 48_000.0)), "the position shown is the server's");

            // LOOP over 0.5 … 1.5 s
            tablet.js("document.getElementById('loop-from').value = '0.5'; document.getElementById('loop-to').value = '1.5';");
            tap(tablet, "#play-loop");
            waitFor(() -> player.status().looping(), "the loop is on");
            assertEquals(24_000, player.status().loopStart());
            assertEquals(72_000, player.status().loopEnd());

            // SOUNDCHECK: the parameter, the switch lit, the flag in the top bar
            assertFalse(visible(tablet, "#soundcheck-flag"));
            tap(tablet, "#soundcheck");
            waitFor(() -> soundcheck(console), "the server's soundcheck is on");
            waitFor(() -> visible(tablet, "#soundcheck-flag"), "the top bar says SOUNDCHECK");
            waitFor(() -> Boolean.TRUE.equals(tablet.js(
                    "return document.querySelector('#play-channels .play-ch[data-ch=\"1\"]').classList.contains('has-track')")),
                    "channel 1 is marked as having a track");
            tap(tablet, "#play-play");
            waitFor(() -> player.status().playing(), "playing again");
            tablet.js("document.querySelector('.play-panel').scrollIntoView({block: 'start'})");
            sleep(200);
            shot(tablet, "playback-1024x768");

            // the flag stands on every view, and follows a change made elsewhere (another device, OSC)
            tap(tablet, "#tab-mixer");
            waitFor(() -> "mixer".equals(tablet.js("return document.body.dataset.view")), "the mixer opens");
            assertTrue(visible(tablet, "#soundcheck-flag"), "SOUNDCHECK on the mixer view too");
            console.state().set("playback/soundcheck", false, "another device");
            waitFor(() -> !visible(tablet, "#soundcheck-flag"), "the flag goes when another device ends the soundcheck");
            console.state().set("playback/soundcheck", true, "another device");
            waitFor(() -> visible(tablet, "#soundcheck-flag"), "and comes back with it");
            List<String> errors = tablet.severeConsole();
            assertTrue(errors.isEmpty(), "console errors: " + errors);
        }
    }

    private static boolean soundcheck(Console console) {
        try {
            return console.state().get("playback/soundcheck") > 0.5;
        } catch (org.jackdesk.config.ParamException e) {
            throw new AssertionError(e);
        }
    }

    /** record.js's m:ss.t */
    static String pos(double seconds) {
        int m = (int) Math.floor(seconds / 60);
        double s = seconds - m * 60;
        String t = String.format(java.util.Locale.ROOT, "%.1f", s);
        return m + ":" + (t.length() < 4 ? "0" + t : t);
    }
}
