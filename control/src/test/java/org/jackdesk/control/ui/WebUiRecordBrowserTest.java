package org.jackdesk.control.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.record.TakeManifest;
import org.jackdesk.control.Console;
import org.jackdesk.control.ServerOptions;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.record.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.interactions.Pause;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;

/**
 * The RECORD view in real headless Chromium against the whole console with its real engine on the
 * internal clock: the record button asks for a confirming tap, starts a take the server's
 * recorder really runs, shows elapsed time, disk time left and dropped blocks, lights the REC tab,
 * and stops the take with a second confirmed tap. The recorder and the files are the judge.
 */
class WebUiRecordBrowserTest {
    @TempDir
    Path dir;

    /** record.js's h:mm:ss. */
    static final class RecordClock {
        static String clock(long s) {
            return String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
    }

    private static int[] centre(Chromium c, String css) {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) c.js(
                "const e = document.querySelector(arguments[0]); e.scrollIntoView({block: 'nearest', inline: 'nearest'});"
                        + "const b = e.getBoundingClientRect(); return {x: b.left + b.width / 2, y: b.top + b.height / 2};", css);
        return new int[] {(int) Math.round(((Number) r.get("x")).doubleValue()), (int) Math.round(((Number) r.get("y")).doubleValue())};
    }

    private static void tap(Chromium c, String css) {
        int[] p = centre(c, css);
        PointerInput f = new PointerInput(PointerInput.Kind.TOUCH, "finger");
        Sequence s = new Sequence(f, 0);
        s.addAction(f.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), p[0], p[1]));
        s.addAction(f.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
        s.addAction(new Pause(f, Duration.ofMillis(40)));
        s.addAction(f.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        c.driver.perform(List.of(s));
    }

    private static String text(Chromium c, String css) {
        return (String) c.js("return document.querySelector(arguments[0]).textContent", css);
    }

    @Test
    void theRecordButtonConfirmsStartsShowsTheTakeAndStops() throws Exception {
        assumeTrue(Chromium.available(), "chromium and chromedriver are needed (./jackdesk test installs them)");
        try (Console console = Console.start(Console.Options.of(ConfigJson.builtinDefault(),
                        new EngineHost.Options("jdrecui", null, false, true, false, 48000, 64, List.of()))
                .withServer(ServerOptions.loopbackEphemeral().withPorts(0, ServerOptions.NO_OSC)));
             Chromium tablet = new Chromium(1024, 768)) {
            console.recorder().root(dir);
            Recorder rec = console.recorder().recorder();
            tablet.driver.get("http://127.0.0.1:" + console.httpPort() + "/");
            WebUiBrowserTest.waitFor(() -> "online".equals(tablet.js("return document.body.dataset.connection")), "the page goes online");
            tap(tablet, "#tab-record");
            WebUiBrowserTest.waitFor(() -> "record".equals(tablet.js("return document.body.dataset.view")), "the record view opens");
            WebUiBrowserTest.waitFor(() -> !"—".equals(text(tablet, "#rec-left")), "the disk's time left arrives");

            tap(tablet, "#rec-button");
            assertEquals("TAP AGAIN TO RECORD", text(tablet, "#rec-button"));
            WebUiBrowserTest.sleep(300);
            assertFalse(rec.status().recording(), "one tap records nothing");
            tap(tablet, "#rec-button");
            WebUiBrowserTest.waitFor(() -> rec.status().recording(), "the server records after the confirming tap");
            WebUiBrowserTest.waitFor(() -> "● RECORDING".equals(text(tablet, "#rec-button")), "the button shows the take");
            assertEquals(Boolean.TRUE, tablet.js("return document.getElementById('tab-record').classList.contains('rec-on')"));
            WebUiBrowserTest.waitFor(() -> !"0:00:00".equals(text(tablet, "#rec-elapsed")) && !"—".equals(text(tablet, "#rec-elapsed")),
                    "the elapsed time runs");
            assertEquals("0", text(tablet, "#rec-dropped"));
            assertTrue(text(tablet, "#rec-folder").startsWith(dir.toString()), text(tablet, "#rec-folder"));
            assertTrue(text(tablet, "#rec-left").matches("\\d+:\\d\\d:\\d\\d"), text(tablet, "#rec-left"));
            Path shots = WebUiBrowserTest.screenshotDir();
            Files.createDirectories(shots);
            Files.write(shots.resolve("record-1024x768.png"), tablet.driver.getScreenshotAs(OutputType.BYTES));

            tap(tablet, "#rec-button");
            assertEquals("TAP AGAIN TO STOP", text(tablet, "#rec-button"));
            assertTrue(rec.status().recording(), "one tap stops nothing");
            tap(tablet, "#rec-button");
            WebUiBrowserTest.waitFor(() -> !rec.status().recording(), "the take stops after the confirming tap");
            WebUiBrowserTest.waitFor(() -> "RECORD".equals(text(tablet, "#rec-button")), "the button is ready again");
            assertEquals(Boolean.FALSE, tablet.js("return document.getElementById('tab-record').classList.contains('rec-on')"));
            WebUiBrowserTest.waitFor(() -> text(tablet, "#rec-folder").endsWith("(stopped)"), "the take's end shows");
            TakeManifest m = TakeManifest.read(rec.status().folder());
            assertTrue(m.frames() > 48_000 / 2, "frames: " + m.frames());
            // the take list: the new take, newest first, with its length and track count
            String take = rec.status().folder().getFileName().toString();
            WebUiBrowserTest.waitFor(() -> Boolean.TRUE.equals(tablet.js(
                    "return !!document.querySelector('#rec-takes .rec-take[data-take=\"' + arguments[0] + '\"]')", take)), "the take is listed");
            String info = (String) tablet.js("return document.querySelector('#rec-takes .rec-take[data-take=\"' + arguments[0] + '\"] .rec-take-info').textContent", take);
            assertEquals(RecordClock.clock(m.frames() / 48_000) + " · " + m.tracks().size() + " tracks", info);
            List<String> errors = tablet.severeConsole();
            assertTrue(errors.isEmpty(), "console errors: " + errors);
        }
    }
}
