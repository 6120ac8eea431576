package org.jackdesk.control.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.interactions.Pause;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;

/**
 * The automix view (docs/assistants.md) in real headless Chromium against a real console: the group
 * switches and the channels' groups reach the console state, a change made elsewhere shows, and the
 * live gain bars follow the meter frame's automix section.
 */
class WebUiAutomixBrowserTest {
    private static UiServer server;
    private static Chromium tablet;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Chromium.available(), "chromium and chromedriver are needed (./jackdesk test installs them)");
        server = new UiServer();
        tablet = new Chromium(1024, 768);
    }

    @AfterAll
    static void stop() throws Exception {
        if (tablet != null) tablet.close();
        if (server != null) server.close();
    }

    @BeforeEach
    void fresh() {
        server.resetValues();
        tablet.driver.get(server.url());
        WebUiBrowserTest.waitFor(() -> "online".equals(tablet.js("return document.body.dataset.connection")), "the page goes online");
        WebUiBrowserTest.waitFor(() -> "off".equals(tablet.js("return window.jackdesk.store.get('ch/1/automix/group')")), "the snapshot arrives");
    }

    @AfterEach
    void noConsoleErrors() {
        List<String> errors = tablet.severeConsole();
        assertTrue(errors.isEmpty(), "console errors: " + errors);
    }

    private static void tap(String css) {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) tablet.js(
                "const e = document.querySelector(arguments[0]); e.scrollIntoView({block: 'nearest', inline: 'center', behavior: 'instant'});"
                        + "const b = e.getBoundingClientRect(); return {x: b.left + b.width / 2, y: b.top + b.height / 2};", css);
        int x = (int) Math.round(((Number) r.get("x")).doubleValue()), y = (int) Math.round(((Number) r.get("y")).doubleValue());
        PointerInput f = new PointerInput(PointerInput.Kind.TOUCH, "finger");
        Sequence s = new Sequence(f, 0);
        s.addAction(f.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), x, y));
        s.addAction(f.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
        s.addAction(new Pause(f, Duration.ofMillis(40)));
        s.addAction(f.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        tablet.driver.perform(List.of(s));
    }

    @Test
    void groupsAndMembersReachTheConsoleAndTheGainBarsFollowTheMeters() throws Exception {
        tap("#tab-automix");
        WebUiBrowserTest.waitFor(() -> "automix".equals(tablet.js("return document.body.dataset.view")), "the automix view opens");
        assertEquals((long) UiServer.LAYOUT.channels().size(),
                ((Number) tablet.js("return document.querySelectorAll('#automixview .automix-row').length")).longValue(), "a row per channel");
        tap("#automixview .automix-on[data-group='x']");
        WebUiBrowserTest.waitFor(() -> server.get("automix/x/on") == 1.0, "group X is on in the console");
        tap("#automixview .automix-row[data-ch='10'] .choice button[data-value='x']");
        WebUiBrowserTest.waitFor(() -> server.get("ch/10/automix/group") == 1.0, "Vox 1 joins group X");
        tap("#automixview .automix-row[data-ch='11'] .choice button[data-value='x']");
        WebUiBrowserTest.waitFor(() -> server.get("ch/11/automix/group") == 1.0, "Vox 2 joins group X");
        // another tablet puts the sax in group Y: this one shows it
        server.set("ch/12/automix/group", "y");
        WebUiBrowserTest.waitFor(() -> Boolean.TRUE.equals(tablet.js(
                "return document.querySelector(\"#automixview .automix-row[data-ch='12'] .choice button[data-value='y']\").classList.contains('on')")),
                "the sax shows group Y");
        // the live gains from the meter frames: channel 11 at −18 dB, channel 10 at unity
        WebUiBrowserTest.waitFor(() -> "-18.0".equals(tablet.js("return document.querySelector(\"#automixview .automix-row[data-ch='11']\").dataset.gain")),
                "Vox 2's bar shows −18 dB");
        assertEquals("0.0", tablet.js("return document.querySelector(\"#automixview .automix-row[data-ch='10']\").dataset.gain"));
        double fill = ((Number) tablet.js("return parseFloat(document.querySelector(\"#automixview .automix-row[data-ch='11'] .automix-gr-fill\").style.height)")).doubleValue();
        assertEquals(45.0, fill, 0.5, "18 dB of the bar's 40 dB, drawn from the top");
        tablet.js("document.getElementById('automixview').scrollTop = 0; document.activeElement.blur();");
        Path dir = WebUiBrowserTest.screenshotDir();
        Files.createDirectories(dir);
        Files.write(dir.resolve("automix-1024x768.png"), tablet.driver.getScreenshotAs(OutputType.BYTES));
    }
}
