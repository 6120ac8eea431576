package org.jackdesk.control.ui;

import static org.jackdesk.control.ui.BrowserTestSupport.assumeChromium;
import static org.jackdesk.control.ui.BrowserTestSupport.url;
import static org.jackdesk.control.ui.BrowserTestSupport.waitFor;
import static org.jackdesk.control.ui.BrowserTestSupport.waitOnline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.control.Console;
import org.jackdesk.control.ControlServer;
import org.jackdesk.control.ServerOptions;
import org.jackdesk.control.scene.Notices;
import org.jackdesk.engine.jack.StageBoxStatus;
import org.junit.jupiter.api.Test;

/**
 * The tablet's banner for stage boxes (docs/stagebox.md), driven by the server's own notices
 * ({@link Console#stageBoxNotice}): two boxes lost are two rows, and one box coming back clears
 * only its own row.
 */
class WebUiStageBoxBrowserTest {
    private static final String ERRORS = "return [...document.querySelectorAll('#notices .notice-error .notice-text')]"
            + ".map(e => e.textContent).join('|')";

    private static StageBoxStatus box(String name, StageBoxStatus.State state) {
        return new StageBoxStatus(name, state, 32, 8, System.currentTimeMillis(), state == StageBoxStatus.State.LOST ? 1 : 0);
    }

    private static void tell(Notices notices, StageBoxStatus b) {
        if (b.connected()) notices.resolve(Console.stageBoxKey(b.name()), Console.stageBoxNotice(b));
        else notices.post(Console.stageBoxKey(b.name()), Console.stageBoxNotice(b));
    }

    @Test
    void eachStageBoxHasItsOwnBannerRow() throws Exception {
        assumeChromium();
        Vertx vertx = Vertx.vertx();
        try (Chromium tablet = new Chromium(1024, 768)) {
            ConsoleConfig config = ConfigJson.builtinDefault();
            Console console = Console.start(Console.Options.of(config, new UiTestEngine(20, 6), vertx)
                    .withServer(ServerOptions.loopbackEphemeral().withPorts(0, ServerOptions.NO_OSC)));
            Notices notices = console.notices();
            ControlServer.Bound bound = console.bound();
            tablet.driver.get(url(bound.httpPort()));
            waitOnline(tablet);

            tell(notices, box("stage1", StageBoxStatus.State.LOST));
            tell(notices, box("drums", StageBoxStatus.State.LOST));
            waitFor(() -> String.valueOf(tablet.js(ERRORS)).split("\\|").length == 2,
                    "two lost stage boxes are two rows: " + tablet.js(ERRORS));
            String both = String.valueOf(tablet.js(ERRORS));
            assertTrue(both.contains("Stage box 'stage1' lost at ") && both.contains("Stage box 'drums' lost at "), both);

            tell(notices, box("stage1", StageBoxStatus.State.CONNECTED));
            waitFor(() -> !String.valueOf(tablet.js(ERRORS)).contains("'stage1'"), "stage1's row goes when it is back");
            assertTrue(String.valueOf(tablet.js(ERRORS)).contains("Stage box 'drums' lost at "),
                    "the other box is still lost: " + tablet.js(ERRORS));
            assertEquals("Stage box 'stage1' connected: 32 in / 8 out",
                    tablet.js("return document.querySelector('#notices .notice-ok .notice-text').textContent"));
            assertTrue(tablet.severeConsole().isEmpty(), "console errors: " + tablet.severeConsole());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
