package org.jackdesk.control.ui;

import static org.jackdesk.control.ui.BrowserTestSupport.assumeChromium;
import static org.jackdesk.control.ui.BrowserTestSupport.closeAll;
import static org.jackdesk.control.ui.BrowserTestSupport.faderValue;
import static org.jackdesk.control.ui.BrowserTestSupport.sleep;
import static org.jackdesk.control.ui.BrowserTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.control.ControlServer;
import org.jackdesk.control.scene.LiveShow;
import org.jackdesk.control.scene.Notices;
import org.jackdesk.control.ui.BrowserTestSupport.TestConsole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;

/**
 * Smaller defects seen on the tablet, in real headless Chromium against a real control server run
 * with the shipped default configuration (as {@code ./jackdesk start} runs it): configured colours
 * and DCA names, held controls let go when a tab leaves or freezes, and a second tablet that grabs
 * a fader another one holds yields instead of fighting it.
 */
class WebUiTabletDefectsBrowserTest {
    private static TestConsole server;
    private static Chromium tablet;
    private static Chromium other;

    @BeforeAll
    static void start() throws Exception {
        assumeChromium();
        server = TestConsole.start(ConfigJson.builtinDefault());
        tablet = new Chromium(1024, 768);
        other = new Chromium(1024, 768);
    }

    @AfterAll
    static void stop() throws Exception {
        closeAll(other, tablet);
        if (server != null) server.close();
    }

    @BeforeEach
    void freshPages() {
        server.resetValues();
        open(tablet);
        open(other);
    }

    @AfterEach
    void noConsoleErrors() {
        for (Chromium c : new Chromium[] {tablet, other}) {
            c.driver.executeCdpCommand("Page.setWebLifecycleState", Map.of("state", "active"));
            // Navigating to the next test's page puts this one into the back/forward cache, and
            // Chromium then logs that it closed the page's WebSocket: expected, not a fault.
            List<String> errors = c.severeConsole().stream().filter(m -> !m.contains("Page entered Back-Forward Cache")).toList();
            assertTrue(errors.isEmpty(), "console errors: " + errors);
        }
    }

    private static void open(Chromium c) {
        BrowserTestSupport.open(c, server.url());
    }

    private static double get(String path) {
        return server.get(path);
    }

    /** A finger that lands on a fader's cap and stays there (pointerdown, no pointerup). */
    private static void hold(Chromium c, String strip) {
        c.js("const cap = document.querySelector('[data-strip=\"' + arguments[0] + '\"] .fader-cap');"
                + "const r = cap.getBoundingClientRect();"
                + "cap.dispatchEvent(new PointerEvent('pointerdown', {pointerId: 41, bubbles: true, cancelable: true,"
                + " clientX: r.left + 10, clientY: r.top + 10, button: 0, pointerType: 'touch', isPrimary: true}));", strip);
    }

    private static void lift(Chromium c, String strip) {
        c.js("const cap = document.querySelector('[data-strip=\"' + arguments[0] + '\"] .fader-cap');"
                + "cap.dispatchEvent(new PointerEvent('pointerup', {pointerId: 41, bubbles: true, pointerType: 'touch', isPrimary: true}));", strip);
    }

    private static boolean highlighted(Chromium c, String strip) {
        return Boolean.TRUE.equals(c.js("return document.querySelector('[data-strip=\"' + arguments[0] + '\"] .fader').classList.contains('remote-touch')", strip));
    }

    private static void freeze(Chromium c) {
        c.driver.executeCdpCommand("Page.setWebLifecycleState", Map.of("state", "frozen"));
    }

    @Test
    void configuredChannelColoursAndDcaNamesAreShown() {
        // config/default.json: Kick and Snare red, Tom 2 orange, OH L yellow, Bass DI green, Keys L/R white
        String[][] expected = {{"ch/1", "#e5484d"}, {"ch/2", "#e5484d"}, {"ch/4", "#e5484d"}, {"ch/5", "#f76b15"},
            {"ch/7", "#ffc53d"}, {"ch/9", "#46a758"}, {"ch/17", "#e8e8e8"}, {"bus/5", "#d6409f"}};
        for (String[] e : expected) {
            assertEquals(e[1], tablet.js("return document.querySelector('#strips [data-strip=\"' + arguments[0] + '\"]').dataset.colour", e[0]),
                    e[0] + " shows its configured colour");
        }
        @SuppressWarnings("unchecked")
        List<String> dcas = (List<String>) tablet.js("return [...document.querySelectorAll('#strips .strip-dca .strip-name')].map(n => n.textContent)");
        assertEquals(List.of("1Drums", "2Bass", "3Guitars", "4Keys", "5Vocals", "6FX", "7DCA 7", "8DCA 8"), dcas,
                "each DCA: its number, then its configured name, once");
    }

    @Test
    void aTabThatIsHiddenInTheBackForwardCacheLetsGoOfItsFaderAtOnce() {
        hold(tablet, "ch/3");
        waitFor(() -> highlighted(other, "ch/3"), "the other tablet sees ch/3 held");
        // Navigating away into the back/forward cache: pagehide, then the page is frozen.
        tablet.js("window.dispatchEvent(new PageTransitionEvent('pagehide', {persisted: true}))");
        freeze(tablet);
        long t0 = System.nanoTime();
        waitFor(() -> !highlighted(other, "ch/3"), "the other tablet's highlight goes");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 1000, "released on pagehide itself, not by a timeout: " + ms + " ms");
    }

    @Test
    void aFrozenTabThatHoldsAFaderIsLetGoWithinTwoSecondsOfFallingSilent() {
        hold(tablet, "ch/4");
        waitFor(() -> highlighted(other, "ch/4"), "the other tablet sees ch/4 held");
        sleep(2500);
        assertTrue(highlighted(other, "ch/4"), "a finger resting on a fader of a live tab stays a hold beyond the 1.5 s lapse");
        freeze(tablet); // frozen without a pagehide: timers stop, the socket stays open and silent
        long t0 = System.nanoTime();
        long end = t0 + 5_000_000_000L;
        while (highlighted(other, "ch/4") && System.nanoTime() < end) sleep(25);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(!highlighted(other, "ch/4") && ms <= 2000, "the hold of the silent tab lapsed after " + ms + " ms");
    }

    @Test
    void aSecondTabletGrabbingAHeldFaderYieldsAndFollowsTheServer() throws Exception {
        hold(other, "ch/6");
        other.js("window.jackdesk.conn.setNow('ch/6/fader', -10)");
        waitFor(() -> Math.abs(faderValue(tablet, "ch/6/fader") + 10) < 0.01 && highlighted(tablet, "ch/6"), "the tablet sees the other's hold at -10 dB");

        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) tablet.js(
                "const b = document.querySelector('[data-strip=\"ch/6\"] .fader-cap').getBoundingClientRect();"
                        + " return {x: b.left + b.width / 2, y: b.top + b.height / 2};");
        int x = ((Number) r.get("x")).intValue(), y = ((Number) r.get("y")).intValue();
        PointerInput f = new PointerInput(PointerInput.Kind.TOUCH, "second");
        Sequence s = new Sequence(f, 0);
        s.addAction(f.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), x, y));
        s.addAction(f.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
        for (int i = 1; i <= 8; i++) s.addAction(f.createPointerMove(Duration.ofMillis(15), PointerInput.Origin.viewport(), x, y - 10 * i));
        s.addAction(new org.openqa.selenium.interactions.Pause(f, Duration.ofMillis(1500)));
        s.addAction(f.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        // The tablet's driver is busy while its finger acts: what the fader shows meanwhile is recorded in the page.
        tablet.js("window.seen = {yielding: false, values: []};"
                + "const fe = document.querySelector('[data-strip=\"ch/6\"] .fader');"
                + "new MutationObserver(() => { if (fe.classList.contains('yielding')) { seen.yielding = true; seen.values.push(Number(fe.dataset.value)); } })"
                + ".observe(fe, {attributes: true, attributeFilter: ['class', 'data-value']});");
        CompletableFuture<Void> gesture = CompletableFuture.runAsync(() -> tablet.driver.perform(List.of(s)));
        sleep(700); // the finger has moved up and rests on the cap
        other.js("window.jackdesk.conn.setNow('ch/6/fader', -14)"); // the first holder keeps moving
        assertTrue(!gesture.isDone(), "still held by the second finger when the first holder moves");
        gesture.get(10, TimeUnit.SECONDS);
        sleep(200);
        assertEquals(Boolean.TRUE, tablet.js("return window.seen.yielding"), "the second holder's fader showed it yields to the first");
        @SuppressWarnings("unchecked")
        List<Number> values = (List<Number>) tablet.js("return window.seen.values");
        assertTrue(values.stream().anyMatch(v -> Math.abs(v.doubleValue() + 14) < 0.01),
                "under the second finger the fader followed the server to -14 dB: " + values);
        assertEquals(-14.0, get("ch/6/fader"), 1e-9, "the second holder never wrote");
        assertEquals(-14.0, faderValue(tablet, "ch/6/fader"), 0.01, "and shows what the console has");
        lift(other, "ch/6");
        waitFor(() -> !highlighted(tablet, "ch/6"), "the first holder lets go");
    }
}
