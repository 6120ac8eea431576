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
import org.jackdesk.config.record.TakeManifest;
import org.jackdesk.control.Console;
import org.jackdesk.control.ServerOptions;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.record.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void theRecordButtonConfirmsStartsShowsTheTakeAndStops() throws Exception {
        assumeChromium();
        try (Console console = Console.start(Console.Options.of(ConfigJson.builtinDefault(),
                        new EngineHost.Options("jdrecui", null, false, true, false, 48000, 64, List.of()))
                .withServer(ServerOptions.loopbackEphemeral().withPorts(0, ServerOptions.NO_OSC)));
             Chromium tablet = new Chromium(1024, 768)) {
            console.recorder().root(dir);
            Recorder rec = console.recorder().recorder();
            tablet.driver.get(url(console.httpPort()));
            waitOnline(tablet);
            tap(tablet, "#tab-record");
            waitFor(() -> "record".equals(tablet.js("return document.body.dataset.view")), "the record view opens");
            waitFor(() -> !"—".equals(text(tablet, "#rec-left")), "the disk's time left arrives");

            tap(tablet, "#rec-button");
            assertEquals("TAP AGAIN TO RECORD", text(tablet, "#rec-button"));
            sleep(300);
            assertFalse(rec.status().recording(), "one tap records nothing");
            tap(tablet, "#rec-button");
            waitFor(() -> rec.status().recording(), "the server records after the confirming tap");
            waitFor(() -> "● RECORDING".equals(text(tablet, "#rec-button")), "the button shows the take");
            assertEquals(Boolean.TRUE, tablet.js("return document.getElementById('tab-record').classList.contains('rec-on')"));
            waitFor(() -> !"0:00:00".equals(text(tablet, "#rec-elapsed")) && !"—".equals(text(tablet, "#rec-elapsed")),
                    "the elapsed time runs");
            assertEquals("0", text(tablet, "#rec-dropped"));
            assertTrue(text(tablet, "#rec-folder").startsWith(dir.toString()), text(tablet, "#rec-folder"));
            assertTrue(text(tablet, "#rec-left").matches("\\d+:\\d\\d:\\d\\d"), text(tablet, "#rec-left"));
            shot(tablet, "record-1024x768");

            tap(tablet, "#rec-button");
            assertEquals("TAP AGAIN TO STOP", text(tablet, "#rec-button"));
            assertTrue(rec.status().recording(), "one tap stops nothing");
            tap(tablet, "#rec-button");
            waitFor(() -> !rec.status().recording(), "the take stops after the confirming tap");
            waitFor(() -> "RECORD".equals(text(tablet, "#rec-button")), "the button is ready again");
            assertEquals(Boolean.FALSE, tablet.js("return document.getElementById('tab-record').classList.contains('rec-on')"));
            waitFor(() -> text(tablet, "#rec-folder").endsWith("(stopped)"), "the take's end shows");
            TakeManifest m = TakeManifest.read(rec.status().folder());
            assertTrue(m.frames() > 48_000 / 2, "frames: " + m.frames());
            // the take list: the new take, newest first, with its length and track count
            String take = rec.status().folder().getFileName().toString();
            waitFor(() -> Boolean.TRUE.equals(tablet.js(
                    "return !!document.querySelector('#rec-takes .rec-take[data-take=\"' + arguments[0] + '\"]')", take)), "the take is listed");
            String info = (String) tablet.js("return document.querySelector('#rec-takes .rec-take[data-take=\"' + arguments[0] + '\"] .rec-take-info').textContent", take);
            assertEquals(RecordClock.clock(m.frames() / 48_000) + " · " + m.tracks().size() + " tracks", info);
            List<String> errors = tablet.severeConsole();
            assertTrue(errors.isEmpty(), "console errors: " + errors);
        }
    }
}
