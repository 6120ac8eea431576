package org.jackdesk.control.ui;

import static org.jackdesk.control.ui.BrowserTestSupport.assumeChromium;
import static org.jackdesk.control.ui.BrowserTestSupport.closeAll;
import static org.jackdesk.control.ui.BrowserTestSupport.shot;
import static org.jackdesk.control.ui.BrowserTestSupport.sleep;
import static org.jackdesk.control.ui.BrowserTestSupport.tap;
import static org.jackdesk.control.ui.BrowserTestSupport.waitFor;
import static org.jackdesk.control.ui.BrowserTestSupport.waitOnline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.Layout;
import org.jackdesk.control.ui.BrowserTestSupport.TestConsole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.interactions.Pause;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;

/**
 * The TOOLS view and the oscillator's warning in real headless Chromium against a real control
 * server: the server's console state is the judge; a second tablet shows what every tablet shows.
 */
class WebUiToolsBrowserTest {
    private static TestConsole server;
    private static Chromium tablet;

    @BeforeAll
    static void start() throws Exception {
        assumeChromium();
        ConsoleConfig config = ConfigJson.builtinDefault();
        // A talkback_in port of its own: the tablet shows TALK.
        ConsoleConfig.LayoutConfig lc = config.layout();
        config = new ConsoleConfig(config.version(), config.name(), new ConsoleConfig.LayoutConfig(lc.channels(), lc.buses(), lc.dcas(),
                lc.muteGroups(), new Layout.Tools(0, true, false)), config.server(), config.jack(), config.users(), config.values());
        server = TestConsole.start(config);
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
        open(tablet);
    }

    @AfterEach
    void noConsoleErrors() {
        List<String> errors = tablet.severeConsole();
        assertTrue(errors.isEmpty(), "console errors: " + errors);
    }

    private static void open(Chromium c) {
        c.driver.get(server.url());
        waitOnline(c);
        waitFor(() -> Boolean.FALSE.equals(c.js("return window.jackdesk.store.get('osc/on')")), "the snapshot arrives");
    }

    private static double value(String path) {
        return server.get(path);
    }

    private static void set(String path, Object v) {
        server.set(path, v);
    }

    /** A finger on the element's centre for {@code holdMs}, then lifted: one action chain (it blocks meanwhile). */
    private static void hold(Chromium c, String css, long holdMs) {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) c.js("const b = document.querySelector(arguments[0]).getBoundingClientRect();"
                + "return {x: b.left + b.width / 2, y: b.top + b.height / 2};", css);
        PointerInput f = new PointerInput(PointerInput.Kind.TOUCH, "hold");
        Sequence s = new Sequence(f, 0);
        s.addAction(f.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(),
                (int) Math.round(((Number) r.get("x")).doubleValue()), (int) Math.round(((Number) r.get("y")).doubleValue())));
        s.addAction(f.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
        s.addAction(new Pause(f, Duration.ofMillis(holdMs)));
        s.addAction(f.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        c.driver.perform(List.of(s));
    }

    private static boolean talkLit(Chromium c) {
        return Boolean.TRUE.equals(c.js("return document.getElementById('talk').classList.contains('on')"));
    }

    @Test
    void momentaryTalkLastsWhileTheFingerHoldsAndEveryTabletSeesIt() throws Exception {
        try (Chromium other = new Chromium(390, 844)) { // the phone's monitor view has TALK too
            open(other);
            assertEquals(Boolean.FALSE, other.js("return document.getElementById('talk').hidden"), "TALK on the phone");
            // The finger holds TALK for 3 s on its own thread; this one watches the console meanwhile.
            long t0 = System.nanoTime();
            Thread finger = new Thread(() -> hold(tablet, "#talk", 3000), "finger");
            finger.start();
            waitFor(() -> value("talkback/talk") == 1.0, "talking while held");
            waitFor(() -> talkLit(other), "the other device shows TALK lit");
            while (System.nanoTime() - t0 < 2_000_000_000L) {
                assertEquals(1.0, value("talkback/talk"), "still talking while the finger stays");
                Thread.sleep(50);
            }
            finger.join(20_000);
            waitFor(() -> value("talkback/talk") == 0.0, "released with the finger");
            waitFor(() -> !talkLit(other) && !talkLit(tablet), "dark again everywhere");
            assertTrue(other.severeConsole().isEmpty());
        }
    }

    @Test
    void latchedTalkGoesOnWithATapAndOffWithTheNext() throws Exception {
        set("talkback/mode", "latch");
        waitFor(() -> "latch".equals(tablet.js("return window.jackdesk.store.get('talkback/mode')")), "the mode arrives");
        tap(tablet, "#talk");
        waitFor(() -> value("talkback/talk") == 1.0, "on after a tap");
        Thread.sleep(300);
        assertEquals(1.0, value("talkback/talk"), "stays on after the finger left");
        assertTrue(talkLit(tablet));
        tap(tablet, "#talk");
        waitFor(() -> value("talkback/talk") == 0.0, "off after the next tap");
    }

    private static boolean bannerShown(Chromium c) {
        return Boolean.TRUE.equals(c.js("const b = document.getElementById('osc-banner'); return !b.hidden && b.offsetHeight > 0"));
    }

    private static boolean oscButtonLit(Chromium c) {
        return Boolean.TRUE.equals(c.js("return document.getElementById('osc').classList.contains('live')"));
    }

    @Test
    void switchingTheOscillatorOnWarnsOnEveryTabletAndTheBannerSwitchesItOff() throws Exception {
        try (Chromium other = new Chromium(1024, 768)) {
            open(other);
            tap(tablet, "#tab-tools");
            waitFor(() -> "tools".equals(tablet.js("return document.body.dataset.view")), "the tools view opens");
            tap(tablet, "#toolsview .choice[data-path='osc/type'] button[data-value='pink']");
            waitFor(() -> value("osc/type") == 1.0, "pink noise chosen on the server");
            tap(tablet, "#toolsview .toggle[data-path='osc/on']");
            waitFor(() -> value("osc/on") == 1.0, "the oscillator is on on the server");
            for (Chromium c : List.of(tablet, other)) {
                waitFor(() -> bannerShown(c) && oscButtonLit(c), "the banner and the lit OSC button");
                String text = (String) c.js("return document.querySelector('#osc-banner .osc-text').textContent");
                assertEquals("pink noise at −20.0 dBFS into Main", text);
            }
            // The other tablet stays on its mixer, and sees the warning there.
            assertEquals("mixer", other.js("return document.body.dataset.view"));
            tap(other, "#osc-banner .osc-off");
            waitFor(() -> value("osc/on") == 0.0, "off on the server");
            for (Chromium c : List.of(tablet, other)) {
                waitFor(() -> !bannerShown(c) && !oscButtonLit(c), "the warning goes on every tablet");
            }
        }
    }

    @Test
    void anOscillatorSwitchedOnElsewhereShowsWithItsDestinations() {
        set("osc/freq", 440.0);
        set("osc/bus/2", true);
        set("osc/main", false);
        set("osc/on", true); // OSC, REST or another tablet
        waitFor(() -> bannerShown(tablet), "the banner shows");
        String bus2 = (String) tablet.js("return window.jackdesk.store.layout.buses[1].name");
        waitFor(() -> ("440 Hz sine at −20.0 dBFS into " + bus2)
                .equals(tablet.js("return document.querySelector('#osc-banner .osc-text').textContent")), "the banner names what runs where");
        tap(tablet, "#osc");
        waitFor(() -> "tools".equals(tablet.js("return document.body.dataset.view")), "the OSC button opens the tools");
        assertTrue(Boolean.TRUE.equals(tablet.js("return document.querySelector(\"#toolsview .toggle[data-path='osc/bus/2']\").classList.contains('on')")));
    }

    @Test
    void screenshotOfTheToolsViewAtTabletSize() throws Exception {
        set("osc/type", "pink");
        set("osc/on", true);
        waitFor(() -> bannerShown(tablet), "the banner shows");
        tap(tablet, "#tab-tools");
        waitFor(() -> "tools".equals(tablet.js("return document.body.dataset.view")), "the tools view opens");
        Path out = shot(tablet, "tools-1024x768");
        assertTrue(Files.size(out) > 10_000, out + " has content");
        Object small = tablet.js("return [...document.querySelectorAll('#toolsview button, #toolsview .knob, #osc-banner button, #osc, #tab-tools, #talk')]"
                + ".filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect())"
                + ".filter(r => r.width < 44 || r.height < 44).length");
        assertEquals(0L, ((Number) small).longValue(), "targets under 44 px");
        // The view fits under the banner: nothing of the top bar wraps away.
        Object topBar = tablet.js("return document.getElementById('topbar').scrollWidth <= document.getElementById('topbar').clientWidth");
        assertEquals(Boolean.TRUE, topBar, "the top bar fits 1024 px");
    }
}
