package org.jackdesk.control.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.control.Console;
import org.jackdesk.control.ControlServer;
import org.jackdesk.control.ServerOptions;
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
 * The TOOLS view and the oscillator's warning in real headless Chromium against a real control
 * server: the server's console state is the judge; a second tablet shows what every tablet shows.
 */
class WebUiToolsBrowserTest {
    private static Vertx vertx;
    private static ConsoleState state;
    private static double[] defaults;
    private static int port;
    private static Chromium tablet;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Chromium.available(), "chromium and chromedriver are needed (./jackdesk test installs them)");
        vertx = Vertx.vertx();
        ConsoleConfig config = ConfigJson.builtinDefault();
        // A talkback_in port of its own: the tablet shows TALK.
        UiTestEngine engine = new UiTestEngine(config.toLayout().channels().size(), config.toLayout().buses().size());
        ConsoleConfig.LayoutConfig lc = config.layout();
        config = new ConsoleConfig(config.version(), config.name(), new ConsoleConfig.LayoutConfig(lc.channels(), lc.buses(), lc.dcas(),
                lc.muteGroups(), new Layout.Tools(0, true, false)), config.server(), config.jack(), config.users(), config.values());
        Console console = Console.start(Console.Options.of(config, engine, vertx)
                .withServer(ServerOptions.loopbackEphemeral().withPorts(0, ServerOptions.NO_OSC)));
        state = console.state();
        defaults = state.copyValues();
        ControlServer.Bound bound = console.bound();
        port = bound.httpPort();
        tablet = new Chromium(1024, 768);
    }

    @AfterAll
    static void stop() throws Exception {
        if (tablet != null) tablet.close();
        if (vertx != null) vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void fresh() {
        state.applyAll(defaults.clone(), "test");
        open(tablet);
    }

    @AfterEach
    void noConsoleErrors() {
        List<String> errors = tablet.severeConsole();
        assertTrue(errors.isEmpty(), "console errors: " + errors);
    }

    private static void open(Chromium c) {
        c.driver.get("http://127.0.0.1:" + port + "/");
        WebUiBrowserTest.waitFor(() -> "online".equals(c.js("return document.body.dataset.connection")), "the page goes online");
        WebUiBrowserTest.waitFor(() -> Boolean.FALSE.equals(c.js("return window.jackdesk.store.get('osc/on')")), "the snapshot arrives");
    }

    private static void tap(Chromium c, String css) {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) c.js(
                "const e = document.querySelector(arguments[0]); e.scrollIntoView({block: 'nearest', inline: 'nearest'});"
                        + "const b = e.getBoundingClientRect(); return {x: b.left + b.width / 2, y: b.top + b.height / 2};", css);
        int x = (int) Math.round(((Number) r.get("x")).doubleValue()), y = (int) Math.round(((Number) r.get("y")).doubleValue());
        PointerInput f = new PointerInput(PointerInput.Kind.TOUCH, "finger");
        Sequence s = new Sequence(f, 0);
        s.addAction(f.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), x, y));
        s.addAction(f.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
        s.addAction(new Pause(f, Duration.ofMillis(40)));
        s.addAction(f.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        c.driver.perform(List.of(s));
    }

    private static double value(String path) {
        try {
            return state.get(path);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void set(String path, Object v) {
        try {
            state.set(path, v, "test");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
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
            WebUiBrowserTest.waitFor(() -> value("talkback/talk") == 1.0, "talking while held");
            WebUiBrowserTest.waitFor(() -> talkLit(other), "the other device shows TALK lit");
            while (System.nanoTime() - t0 < 2_000_000_000L) {
                assertEquals(1.0, value("talkback/talk"), "still talking while the finger stays");
                Thread.sleep(50);
            }
            finger.join(20_000);
            WebUiBrowserTest.waitFor(() -> value("talkback/talk") == 0.0, "released with the finger");
            WebUiBrowserTest.waitFor(() -> !talkLit(other) && !talkLit(tablet), "dark again everywhere");
            assertTrue(other.severeConsole().isEmpty());
        }
    }

    @Test
    void latchedTalkGoesOnWithATapAndOffWithTheNext() throws Exception {
        set("talkback/mode", "latch");
        WebUiBrowserTest.waitFor(() -> "latch".equals(tablet.js("return window.jackdesk.store.get('talkback/mode')")), "the mode arrives");
        tap(tablet, "#talk");
        WebUiBrowserTest.waitFor(() -> value("talkback/talk") == 1.0, "on after a tap");
        Thread.sleep(300);
        assertEquals(1.0, value("talkback/talk"), "stays on after the finger left");
        assertTrue(talkLit(tablet));
        tap(tablet, "#talk");
        WebUiBrowserTest.waitFor(() -> value("talkback/talk") == 0.0, "off after the next tap");
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
            WebUiBrowserTest.waitFor(() -> "tools".equals(tablet.js("return document.body.dataset.view")), "the tools view opens");
            tap(tablet, "#toolsview .choice[data-path='osc/type'] button[data-value='pink']");
            WebUiBrowserTest.waitFor(() -> value("osc/type") == 1.0, "pink noise chosen on the server");
            tap(tablet, "#toolsview .toggle[data-path='osc/on']");
            WebUiBrowserTest.waitFor(() -> value("osc/on") == 1.0, "the oscillator is on on the server");
            for (Chromium c : List.of(tablet, other)) {
                WebUiBrowserTest.waitFor(() -> bannerShown(c) && oscButtonLit(c), "the banner and the lit OSC button");
                String text = (String) c.js("return document.querySelector('#osc-banner .osc-text').textContent");
                assertEquals("pink noise at −20.0 dBFS into Main", text);
            }
            // The other tablet stays on its mixer, and sees the warning there.
            assertEquals("mixer", other.js("return document.body.dataset.view"));
            tap(other, "#osc-banner .osc-off");
            WebUiBrowserTest.waitFor(() -> value("osc/on") == 0.0, "off on the server");
            for (Chromium c : List.of(tablet, other)) {
                WebUiBrowserTest.waitFor(() -> !bannerShown(c) && !oscButtonLit(c), "the warning goes on every tablet");
            }
        }
    }

    @Test
    void anOscillatorSwitchedOnElsewhereShowsWithItsDestinations() {
        set("osc/freq", 440.0);
        set("osc/bus/2", true);
        set("osc/main", false);
        set("osc/on", true); // OSC, REST or another tablet
        WebUiBrowserTest.waitFor(() -> bannerShown(tablet), "the banner shows");
        String bus2 = (String) tablet.js("return window.jackdesk.store.layout.buses[1].name");
        WebUiBrowserTest.waitFor(() -> ("440 Hz sine at −20.0 dBFS into " + bus2)
                .equals(tablet.js("return document.querySelector('#osc-banner .osc-text').textContent")), "the banner names what runs where");
        tap(tablet, "#osc");
        WebUiBrowserTest.waitFor(() -> "tools".equals(tablet.js("return document.body.dataset.view")), "the OSC button opens the tools");
        assertTrue(Boolean.TRUE.equals(tablet.js("return document.querySelector(\"#toolsview .toggle[data-path='osc/bus/2']\").classList.contains('on')")));
    }

    @Test
    void screenshotOfTheToolsViewAtTabletSize() throws Exception {
        set("osc/type", "pink");
        set("osc/on", true);
        WebUiBrowserTest.waitFor(() -> bannerShown(tablet), "the banner shows");
        tap(tablet, "#tab-tools");
        WebUiBrowserTest.waitFor(() -> "tools".equals(tablet.js("return document.body.dataset.view")), "the tools view opens");
        Path dir = WebUiBrowserTest.screenshotDir();
        Files.createDirectories(dir);
        Path out = dir.resolve("tools-1024x768.png");
        Files.write(out, tablet.driver.getScreenshotAs(OutputType.BYTES));
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
