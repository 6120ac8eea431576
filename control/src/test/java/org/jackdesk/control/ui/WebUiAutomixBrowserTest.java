package org.jackdesk.control.ui;

import static org.jackdesk.control.ui.BrowserTestSupport.assumeChromium;
import static org.jackdesk.control.ui.BrowserTestSupport.closeAll;
import static org.jackdesk.control.ui.BrowserTestSupport.shot;
import static org.jackdesk.control.ui.BrowserTestSupport.tapInstant;
import static org.jackdesk.control.ui.BrowserTestSupport.waitFor;
import static org.jackdesk.control.ui.BrowserTestSupport.waitOnline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
        assumeChromium();
        server = new UiServer();
        tablet = new Chromium(1024, 768);
    }

    @AfterAll
    static void stop() throws Exception {
        closeAll(tablet);
        if (server != null) server.close();
    }

    @BeforeEach
    void fresh() {
        server.resetValues();
        tablet.driver.get(server.url());
        waitOnline(tablet);
        waitFor(() -> "off".equals(tablet.js("return window.jackdesk.store.get('ch/1/automix/group')")), "the snapshot arrives");
    }

    @AfterEach
    void noConsoleErrors() {
        List<String> errors = tablet.severeConsole();
        assertTrue(errors.isEmpty(), "console errors: " + errors);
    }

    /** One finger taps the element, scrolled into the middle at once. */
    private static void tap(String css) {
        tapInstant(tablet, css);
    }

    @Test
    void groupsAndMembersReachTheConsoleAndTheGainBarsFollowTheMeters() throws Exception {
        tap("#tab-automix");
        waitFor(() -> "automix".equals(tablet.js("return document.body.dataset.view")), "the automix view opens");
        assertEquals((long) UiServer.LAYOUT.channels().size(),
                ((Number) tablet.js("return document.querySelectorAll('#automixview .automix-row').length")).longValue(), "a row per channel");
        tap("#automixview .automix-on[data-group='x']");
        waitFor(() -> server.get("automix/x/on") == 1.0, "group X is on in the console");
        tap("#automixview .automix-row[data-ch='10'] .choice button[data-value='x']");
        waitFor(() -> server.get("ch/10/automix/group") == 1.0, "Vox 1 joins group X");
        tap("#automixview .automix-row[data-ch='11'] .choice button[data-value='x']");
        waitFor(() -> server.get("ch/11/automix/group") == 1.0, "Vox 2 joins group X");
        // another tablet puts the sax in group Y: this one shows it
        server.set("ch/12/automix/group", "y");
        waitFor(() -> Boolean.TRUE.equals(tablet.js(
                "return document.querySelector(\"#automixview .automix-row[data-ch='12'] .choice button[data-value='y']\").classList.contains('on')")),
                "the sax shows group Y");
        // the live gains from the meter frames: channel 11 at −18 dB, channel 10 at unity
        waitFor(() -> "-18.0".equals(tablet.js("return document.querySelector(\"#automixview .automix-row[data-ch='11']\").dataset.gain")),
                "Vox 2's bar shows −18 dB");
        assertEquals("0.0", tablet.js("return document.querySelector(\"#automixview .automix-row[data-ch='10']\").dataset.gain"));
        double fill = ((Number) tablet.js("return parseFloat(document.querySelector(\"#automixview .automix-row[data-ch='11'] .automix-gr-fill\").style.height)")).doubleValue();
        assertEquals(45.0, fill, 0.5, "18 dB of the bar's 40 dB, drawn from the top");
        tablet.js("document.getElementById('automixview').scrollTop = 0; document.activeElement.blur();");
        shot(tablet, "automix-1024x768");
    }
}
