package org.jackdesk.control.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
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
import org.openqa.selenium.OutputType;

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

    private static String text(Chromium c, String css) {
        return (String) c.js("return document.querySelector(arguments[0]).textContent", css);
    }

    private static boolean visible(Chromium c, String css) {
        return Boolean.TRUE.equals(c.js("const e = document.querySelector(arguments[0]); const b = e.getBoundingClientRect();"
                + " return !e.hidden && b.width > 0 && b.height > 0", css));
    }

    @Test
    void aTakePlaysFromTheListTheTransportFollowsAndSoundcheckIsFlaggedEverywhere() throws Exception {
        assumeTrue(Chromium.available(), "chromium and chromedriver are needed (./jackdesk test installs them)");
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

            tablet.driver.get("http://127.0.0.1:" + console.httpPort() + "/");
            WebUiBrowserTest.waitFor(() -> "online".equals(tablet.js("return document.body.dataset.connection")), "the page goes online");
            tap(tablet, "#tab-record");
            WebUiBrowserTest.waitFor(() -> "record".equals(tablet.js("return document.body.dataset.view")), "the record view opens");
            String playInList = "#rec-takes .rec-take[data-take=\"" + take + "\"] .rec-take-play";
            WebUiBrowserTest.waitFor(() -> Boolean.TRUE.equals(tablet.js("return !!document.querySelector(arguments[0])", playInList)),
                    "the take is listed with PLAY");
            assertEquals("no take loaded", text(tablet, "#play-take"));

            tap(tablet, playInList);
            WebUiBrowserTest.waitFor(() -> player.status().loaded() && player.status().playing(), "the server's player loads and plays the take");
            assertEquals(dir.resolve(take), player.status().folder());
            WebUiBrowserTest.waitFor(() -> take.equals(text(tablet, "#play-take")), "the transport bar names the take");
            WebUiBrowserTest.waitFor(() -> Boolean.TRUE.equals(tablet.js("return document.getElementById('play-play').classList.contains('on')")),
                    "PLAY is lit");
            WebUiBrowserTest.waitFor(() -> !text(tablet, "#play-pos").startsWith("0:00.0"), "the position runs: " + text(tablet, "#play-pos"));

            tap(tablet, "#play-stop");
            WebUiBrowserTest.waitFor(() -> !player.status().playing(), "STOP stops the server's player");
            long stoppedAt = player.status().position();
            WebUiBrowserTest.waitFor(() -> text(tablet, "#play-pos").startsWith(
                    org.jackdesk.control.ui.WebUiPlaybackBrowserTest.pos(stoppedAt / 48_000.0)), "the position shown is the server's");

            // LOOP over 0.5 … 1.5 s
            tablet.js("document.getElementById('loop-from').value = '0.5'; document.getElementById('loop-to').value = '1.5';");
            tap(tablet, "#play-loop");
            WebUiBrowserTest.waitFor(() -> player.status().looping(), "the loop is on");
            assertEquals(24_000, player.status().loopStart());
            assertEquals(72_000, player.status().loopEnd());

            // SOUNDCHECK: the parameter, the switch lit, the flag in the top bar
            assertFalse(visible(tablet, "#soundcheck-flag"));
            tap(tablet, "#soundcheck");
            WebUiBrowserTest.waitFor(() -> soundcheck(console), "the server's soundcheck is on");
            WebUiBrowserTest.waitFor(() -> visible(tablet, "#soundcheck-flag"), "the top bar says SOUNDCHECK");
            WebUiBrowserTest.waitFor(() -> Boolean.TRUE.equals(tablet.js(
                    "return document.querySelector('#play-channels .play-ch[data-ch=\"1\"]').classList.contains('has-track')")),
                    "channel 1 is marked as having a track");
            tap(tablet, "#play-play");
            WebUiBrowserTest.waitFor(() -> player.status().playing(), "playing again");
            tablet.js("document.querySelector('.play-panel').scrollIntoView({block: 'start'})");
            WebUiBrowserTest.sleep(200);
            Path shots = WebUiBrowserTest.screenshotDir();
            Files.createDirectories(shots);
            Files.write(shots.resolve("playback-1024x768.png"), tablet.driver.getScreenshotAs(OutputType.BYTES));

            // the flag stands on every view, and follows a change made elsewhere (another device, OSC)
            tap(tablet, "#tab-mixer");
            WebUiBrowserTest.waitFor(() -> "mixer".equals(tablet.js("return document.body.dataset.view")), "the mixer opens");
            assertTrue(visible(tablet, "#soundcheck-flag"), "SOUNDCHECK on the mixer view too");
            console.state().set("playback/soundcheck", false, "another device");
            WebUiBrowserTest.waitFor(() -> !visible(tablet, "#soundcheck-flag"), "the flag goes when another device ends the soundcheck");
            console.state().set("playback/soundcheck", true, "another device");
            WebUiBrowserTest.waitFor(() -> visible(tablet, "#soundcheck-flag"), "and comes back with it");
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

    private static int[] centre(Chromium c, String css) {
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> r = (java.util.Map<String, Object>) c.js(
                "const e = document.querySelector(arguments[0]); e.scrollIntoView({block: 'nearest', inline: 'nearest'});"
                        + "const b = e.getBoundingClientRect(); return {x: b.left + b.width / 2, y: b.top + b.height / 2};", css);
        return new int[] {(int) Math.round(((Number) r.get("x")).doubleValue()), (int) Math.round(((Number) r.get("y")).doubleValue())};
    }

    /** A finger's tap (as WebUiRecordBrowserTest's). */
    private static void tap(Chromium c, String css) {
        int[] p = centre(c, css);
        org.openqa.selenium.interactions.PointerInput f = new org.openqa.selenium.interactions.PointerInput(
                org.openqa.selenium.interactions.PointerInput.Kind.TOUCH, "finger");
        org.openqa.selenium.interactions.Sequence s = new org.openqa.selenium.interactions.Sequence(f, 0);
        s.addAction(f.createPointerMove(java.time.Duration.ZERO, org.openqa.selenium.interactions.PointerInput.Origin.viewport(), p[0], p[1]));
        s.addAction(f.createPointerDown(org.openqa.selenium.interactions.PointerInput.MouseButton.LEFT.asArg()));
        s.addAction(new org.openqa.selenium.interactions.Pause(f, java.time.Duration.ofMillis(40)));
        s.addAction(f.createPointerUp(org.openqa.selenium.interactions.PointerInput.MouseButton.LEFT.asArg()));
        c.driver.perform(List.of(s));
    }

    /** record.js's m:ss.t */
    static String pos(double seconds) {
        int m = (int) Math.floor(seconds / 60);
        double s = seconds - m * 60;
        String t = String.format(java.util.Locale.ROOT, "%.1f", s);
        return m + ":" + (t.length() < 4 ? "0" + t : t);
    }
}
