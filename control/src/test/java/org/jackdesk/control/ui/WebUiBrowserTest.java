package org.jackdesk.control.ui;

import static org.jackdesk.control.ui.BrowserTestSupport.assumeChromium;
import static org.jackdesk.control.ui.BrowserTestSupport.centre;
import static org.jackdesk.control.ui.BrowserTestSupport.closeAll;
import static org.jackdesk.control.ui.BrowserTestSupport.drag;
import static org.jackdesk.control.ui.BrowserTestSupport.faderValue;
import static org.jackdesk.control.ui.BrowserTestSupport.finger;
import static org.jackdesk.control.ui.BrowserTestSupport.shot;
import static org.jackdesk.control.ui.BrowserTestSupport.tap;
import static org.jackdesk.control.ui.BrowserTestSupport.taps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Taper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.support.ui.Select;

/**
 * The tablet UI in real headless Chromium against a real jackdesk control server on a loopback
 * port: fingers are W3C touch pointer actions, the server's console state is the judge.
 */
class WebUiBrowserTest {
    private static UiServer server;
    private static Chromium tablet;

    @BeforeAll
    static void start() throws Exception {
        assumeChromium();
        server = new UiServer();
        tablet = new Chromium(1280, 800);
    }

    @AfterAll
    static void stop() throws Exception {
        closeAll(tablet);
        if (server != null) server.close();
    }

    @BeforeEach
    void freshPage() {
        server.resetValues();
        open(tablet);
    }

    @AfterEach
    void noConsoleErrors() {
        List<String> errors = tablet.severeConsole();
        assertTrue(errors.isEmpty(), "console errors: " + errors);
    }

    private static void open(Chromium c) {
        BrowserTestSupport.open(c, server.url());
    }

    // ---- helpers (BrowserTestSupport has the rest) --------------------------------------------

    /** {@link BrowserTestSupport#waitFor}; kept here because browser tests on other branches import it from this class. */
    static void waitFor(BooleanSupplier cond, String what) {
        BrowserTestSupport.waitFor(cond, what);
    }

    /** {@link BrowserTestSupport#sleep}; kept for tests that import it from this class. */
    static void sleep(long ms) {
        BrowserTestSupport.sleep(ms);
    }

    /** {@link BrowserTestSupport#screenshotDir}; kept for tests that import it from this class. */
    static Path screenshotDir() {
        return BrowserTestSupport.screenshotDir();
    }

    /** {@link #tap} on a control of a panel that scrolls: brought into view first, as a finger would scroll to it. */
    private static void tapInView(Chromium c, String css) {
        c.js("document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", css);
        tap(c, css);
    }

    // ---- tests -------------------------------------------------------------------------------

    @Test
    void pageLoadsWithoutConsoleErrorsAndShowsEveryChannelFromTheSnapshot() {
        List<Layout.Channel> channels = UiServer.LAYOUT.channels();
        for (int n = 1; n <= channels.size(); n++) {
            WebElement strip = tablet.driver.findElement(By.cssSelector("[data-strip=\"ch/" + n + "\"]"));
            assertEquals(channels.get(n - 1).name(), strip.findElement(By.cssSelector(".strip-label")).getText());
        }
        assertEquals(0.0, faderValue(tablet, "ch/1/fader"), 1e-9);
        assertTrue(tablet.driver.findElement(By.cssSelector("[data-strip=\"main\"]")).isDisplayed(), "the main strip is shown");
        assertEquals("online", tablet.driver.findElement(By.id("status")).getText());
    }

    @Test
    void draggingAFaderCapChangesTheServerAndASecondTabletSeesItMove() throws Exception {
        try (Chromium other = new Chromium(1024, 768)) {
            open(other);
            String cap = "[data-strip=\"ch/1\"] .fader-cap";
            int[] p = centre(tablet, cap);
            String otherTransformBefore = (String) other.js("return document.querySelector(arguments[0]).style.transform", cap);
            drag(tablet, p[0], p[1], 0, -60, 12);
            waitFor(() -> server.get("ch/1/fader") > 0.5, "the server's ch/1/fader rises above 0 dB");
            double onServer = server.get("ch/1/fader");
            waitFor(() -> Math.abs(faderValue(other, "ch/1/fader") - onServer) < 0.01, "the second tablet shows " + onServer);
            assertNotEquals(otherTransformBefore, other.js("return document.querySelector(arguments[0]).style.transform", cap),
                    "the second tablet's cap moved");
            assertTrue(other.severeConsole().isEmpty());
        }
    }

    @Test
    void aFingerHeldOnAFaderIsHighlightedOnTheOtherTablet() throws Exception {
        try (Chromium other = new Chromium(1024, 768)) {
            open(other);
            int[] p = centre(tablet, "[data-strip=\"ch/2\"] .fader-cap");
            PointerInput f = finger("holder");
            Sequence hold = new Sequence(f, 0);
            hold.addAction(f.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), p[0], p[1]));
            hold.addAction(f.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
            hold.addAction(f.createPointerMove(Duration.ofMillis(30), PointerInput.Origin.viewport(), p[0], p[1] + 10));
            hold.addAction(new org.openqa.selenium.interactions.Pause(f, Duration.ofMillis(1500)));
            hold.addAction(f.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
            // The finger stays down for 1.5 s on one tablet while the other one is watched.
            CompletableFuture<Void> gesture = CompletableFuture.runAsync(() -> tablet.driver.perform(List.of(hold)));
            String highlighted = "return document.querySelector('[data-strip=\"ch/2\"] .fader').classList.contains('remote-touch')";
            waitFor(() -> Boolean.TRUE.equals(other.js(highlighted)), "the other tablet highlights ch/2's fader");
            gesture.get(10, TimeUnit.SECONDS);
            waitFor(() -> Boolean.FALSE.equals(other.js(highlighted)), "the highlight goes when the finger lifts");
        }
    }

    @Test
    void fineModeMovesAFaderAtAQuarterOfTheSpeed() {
        String cap = "[data-strip=\"ch/9\"] .fader-cap";
        server.set("ch/9/fader", -20.0);
        waitFor(() -> Math.abs(faderValue(tablet, "ch/9/fader") + 20) < 0.01, "ch/9 shows −20 dB");
        int[] p = centre(tablet, cap);
        drag(tablet, p[0], p[1], 0, -80, 12);
        waitFor(() -> server.get("ch/9/fader") > -19, "the normal drag arrived");
        sleep(200);
        double normal = Taper.faderPosition(server.get("ch/9/fader")) - Taper.faderPosition(-20);

        server.set("ch/9/fader", -20.0);
        waitFor(() -> Math.abs(faderValue(tablet, "ch/9/fader") + 20) < 0.01, "ch/9 back at −20 dB");
        tablet.driver.findElement(By.id("fine")).click();
        p = centre(tablet, cap);
        drag(tablet, p[0], p[1], 0, -80, 12);
        waitFor(() -> server.get("ch/9/fader") > -19.9, "the fine drag arrived");
        sleep(200);
        double fine = Taper.faderPosition(server.get("ch/9/fader")) - Taper.faderPosition(-20);
        tablet.driver.findElement(By.id("fine")).click();
        assertEquals(normal / 4, fine, normal * 0.04, "fine drag moved " + fine + " against " + normal + " normally");
    }

    @Test
    void twoFingersMoveTwoFadersAtOnce() {
        // Neighbouring strips in the first bank: both on screen without scrolling.
        int[] a = centre(tablet, "[data-strip=\"ch/2\"] .fader-cap");
        int[] b = centre(tablet, "[data-strip=\"ch/3\"] .fader-cap");
        PointerInput f1 = finger("index"), f2 = finger("middle");
        Sequence s1 = new Sequence(f1, 0), s2 = new Sequence(f2, 0);
        s1.addAction(f1.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), a[0], a[1]));
        s2.addAction(f2.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), b[0], b[1]));
        s1.addAction(f1.createPointerDown(0));
        s2.addAction(f2.createPointerDown(0));
        for (int i = 1; i <= 10; i++) {
            s1.addAction(f1.createPointerMove(Duration.ofMillis(15), PointerInput.Origin.viewport(), a[0], a[1] - 6 * i));
            s2.addAction(f2.createPointerMove(Duration.ofMillis(15), PointerInput.Origin.viewport(), b[0], b[1] + 6 * i));
        }
        s1.addAction(f1.createPointerUp(0));
        s2.addAction(f2.createPointerUp(0));
        tablet.driver.perform(List.of(s1, s2));
        waitFor(() -> server.get("ch/2/fader") > 0.5 && server.get("ch/3/fader") < -0.5, "both faders moved, one up, one down");
        sleep(200);
        // Two fingers each on a cap are two drags, not a drag plus a fine-mode finger: same distance each way.
        double up = Taper.faderPosition(server.get("ch/2/fader")) - 0.75;
        double down = 0.75 - Taper.faderPosition(server.get("ch/3/fader"));
        assertEquals(up, down, up * 0.1, "equal travel up (" + up + ") and down (" + down + ")");
    }

    @Test
    void tappingTheTrackNeverMovesTheFader() {
        server.set("ch/3/fader", -10.0);
        waitFor(() -> Math.abs(faderValue(tablet, "ch/3/fader") + 10) < 0.01, "ch/3 shows −10 dB");
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) tablet.js(
                "const t = document.querySelector('[data-strip=\"ch/3\"] .fader-track').getBoundingClientRect();"
                        + "const x = t.left + t.width / 2, y = t.top + 30;"
                        + "return {x, y, hit: document.elementFromPoint(x, y).className};");
        int x = ((Number) r.get("x")).intValue(), y = ((Number) r.get("y")).intValue();
        assertTrue(String.valueOf(r.get("hit")).startsWith("fader-"), "the tap lands on the track, not on " + r.get("hit"));
        taps(tablet, x, y, 1);
        taps(tablet, x, y + 200, 1);
        sleep(300);
        assertEquals(-10.0, server.get("ch/3/fader"), 1e-9);
        assertEquals(-10.0, faderValue(tablet, "ch/3/fader"), 1e-9);
    }

    @Test
    void doubleTapOnTheCapResetsToZeroDb() {
        server.set("ch/4/fader", -20.0);
        waitFor(() -> Math.abs(faderValue(tablet, "ch/4/fader") + 20) < 0.01, "ch/4 shows −20 dB");
        int[] p = centre(tablet, "[data-strip=\"ch/4\"] .fader-cap");
        taps(tablet, p[0], p[1], 2);
        waitFor(() -> server.get("ch/4/fader") == 0.0, "the server's ch/4/fader returns to 0 dB");
        waitFor(() -> faderValue(tablet, "ch/4/fader") == 0.0, "the fader shows 0 dB");
    }

    @Test
    void muteAndSoloToggleServerState() {
        String mute = "[data-strip=\"ch/5\"] .toggle.mute", solo = "[data-strip=\"ch/5\"] .toggle.solo";
        tap(tablet, mute);
        waitFor(() -> server.get("ch/5/mute") == 1.0, "ch/5 muted on the server");
        assertTrue(tablet.driver.findElement(By.cssSelector(mute)).getAttribute("class").contains("on"));
        tap(tablet, solo);
        waitFor(() -> server.get("ch/5/solo") == 1.0, "ch/5 soloed on the server");
        tap(tablet, mute);
        waitFor(() -> server.get("ch/5/mute") == 0.0, "ch/5 unmuted on the server");
        assertEquals(1.0, server.get("ch/5/solo"));
    }

    @Test
    void lockFreezesEveryControlUntilUnlocked() {
        tablet.driver.findElement(By.id("lock")).click();
        int[] p = centre(tablet, "[data-strip=\"ch/6\"] .fader-cap");
        drag(tablet, p[0], p[1], 0, -80, 12);
        tap(tablet, "[data-strip=\"ch/6\"] .toggle.mute");
        int[] k = centre(tablet, "[data-strip=\"ch/6\"] .knob");
        drag(tablet, k[0], k[1], 0, -60, 12);
        sleep(400);
        assertEquals(0.0, server.get("ch/6/fader"));
        assertEquals(0.0, server.get("ch/6/mute"));
        assertEquals(0.0, server.get("ch/6/pan"));
        assertEquals(0.0, faderValue(tablet, "ch/6/fader"));
        tablet.driver.findElement(By.id("lock")).click();
        tap(tablet, "[data-strip=\"ch/6\"] .toggle.mute");
        waitFor(() -> server.get("ch/6/mute") == 1.0, "unlocked, the mute works again");
    }

    @Test
    void sendsOnFadersEditTheChannelsSendToTheChosenBus() {
        new Select(tablet.driver.findElement(By.id("sends"))).selectByValue("2");
        waitFor(() -> "ch/7/send/2/level".equals(tablet.js(
                "return document.querySelector('[data-strip=\"ch/7\"] .fader').dataset.path")), "ch/7's fader edits its send to bus 2");
        server.set("ch/7/send/2/level", -10.0);
        waitFor(() -> Math.abs(faderValue(tablet, "ch/7/send/2/level") + 10) < 0.01, "the send fader shows −10 dB");
        int[] p = centre(tablet, "[data-strip=\"ch/7\"] .fader-cap");
        drag(tablet, p[0], p[1], 0, -50, 12);
        waitFor(() -> server.get("ch/7/send/2/level") > -9.0, "the server's send level rose");
        assertEquals(0.0, server.get("ch/7/fader"), "the channel fader itself is untouched");
        assertEquals(-90.0, server.get("ch/7/send/1/level"), "other buses' sends are untouched");
        assertTrue(tablet.driver.findElement(By.cssSelector("#master [data-strip=\"bus/2\"]")).isDisplayed(),
                "the master slot shows the bus master");
    }

    @Test
    void draggingAnEqHandleChangesFrequencyAndGain() {
        tap(tablet, "[data-strip=\"ch/1\"] .select");
        waitFor(() -> Boolean.TRUE.equals(tablet.js("return document.body.classList.contains('detail-open')")), "channel detail opens");
        waitFor(() -> Boolean.TRUE.equals(tablet.js("return document.querySelector('.eq-handle[data-band=\"2\"]').getBoundingClientRect().width > 0")), "handles drawn");
        sleep(150); // the handles take their place on the next animation frame
        int[] p = centre(tablet, ".eq-handle[data-band=\"2\"]");
        drag(tablet, p[0], p[1], 90, -70, 12);
        waitFor(() -> server.get("ch/1/eq/2/freq") > 600 && server.get("ch/1/eq/2/gain") > 1.0,
                "the server's band 2 moved up in frequency and gain");
        assertEquals(0.707, server.get("ch/1/eq/2/q"), 1e-3, "Q is left alone by a one-finger drag");
        assertEquals(2000.0, server.get("ch/1/eq/3/freq"), 1e-9, "other bands are untouched");
        tap(tablet, ".detail-close");
    }

    @Test
    void mainViewShowsTheServersLoudnessAndDrivesTheMainChain() {
        tablet.js("window.jackdesk.showView('main')");
        String integrated = String.format(java.util.Locale.ROOT, "%.1f", UiTestEngine.INTEGRATED_LUFS).replace('-', '\u2212');
        waitFor(() -> integrated.equals(tablet.js("return document.querySelector('#mainview .loud-i').textContent")),
                "the integrated loudness from the server's meters is shown (" + integrated + ")");
        assertEquals("5.2", tablet.js("return document.querySelector('#mainview .loud-lra').textContent"));
        assertEquals("\u22121.4", tablet.js("return document.querySelector('#mainview .loud-tp').textContent"));
        assertEquals("+0.62", tablet.js("return document.querySelector('#mainview .loud-corr').textContent"));
        // the momentary bar stands at its LUFS on the -50..-5 scale (the fake programme moves around -18)
        double mHeight = ((Number) tablet.js("return parseFloat(document.querySelector('#mainview .loud-m .loud-fill').style.height)")).doubleValue();
        assertTrue(mHeight > 50 && mHeight < 95, "momentary bar height " + mHeight + " %");

        tap(tablet, "#mainview .loud-target button[data-value=\"-14\"]");
        waitFor(() -> Math.abs(((Number) tablet.js("return parseFloat(document.querySelector('#mainview .loud-m .loud-line').style.bottom)"))
                .doubleValue() - (-14 + 50) / 45.0 * 100) < 0.01, "the target line moves to -14 LUFS");

        tap(tablet, "#mainview .loud-reset");
        waitFor(() -> server.engine.commands.contains(org.jackdesk.engine.EngineCommand.RESET_LOUDNESS), "RESET reaches the engine");

        tap(tablet, "#mainview .toggle[data-path=\"main/limiter/on\"]");
        waitFor(() -> server.get("main/limiter/on") == 1.0, "the limiter switch reaches the server");
        int[] k = centre(tablet, "#mainview .knob[data-path=\"main/width\"]");
        drag(tablet, k[0], k[1], 0, -40, 12);
        waitFor(() -> server.get("main/width") > 110.0, "dragging the width knob up widens the image on the server");
        // the master chain's later stages, in the chain's order
        tapInView(tablet, "#mainview .toggle[data-path=\"main/multiband/on\"]");
        waitFor(() -> server.get("main/multiband/on") == 1.0, "the multiband switch reaches the server");
        tapInView(tablet, "#mainview .choice[data-path=\"main/multiband/bands\"] button[data-value=\"4\"]");
        waitFor(() -> server.get("main/multiband/bands") == 1.0, "4 bands (enum index 1) reach the server");
        tapInView(tablet, "#mainview .choice[data-path=\"main/eq/3/ms\"] button[data-value=\"side\"]");
        waitFor(() -> server.get("main/eq/3/ms") == 2.0, "the LO MID band on the side (enum index 2) reaches the server");
        tapInView(tablet, "#mainview .toggle[data-path=\"main/transient/on\"]");
        waitFor(() -> server.get("main/transient/on") == 1.0, "the transient shaper switch reaches the server");
        Object order = tablet.js("return [...document.querySelectorAll('#mainview .chain-title')].map(e => e.textContent).join(' ')");
        assertEquals("EQ EQ M/S MULTI BAND 1 BAND 2 BAND 3 BAND 4 COMP SHAPE OUT", order, "the chain's stages in their order");
        // the stages' live gain from the meter frame: band 2 reducing 6 dB, the shaper lifting 2.5 dB (UiTestEngine)
        waitFor(() -> "-6.0".equals(tablet.js("return document.querySelector('#mainview .stage-gr[data-band=\"2\"]').dataset.gr")),
                "band 2's gain reduction is shown beside its controls");
        assertEquals("0.0", tablet.js("return document.querySelector('#mainview .stage-gr[data-band=\"1\"]').dataset.gr"));
        assertEquals("+2.5", tablet.js("return document.querySelector('#mainview .stage-gain').textContent"));
        tablet.js("window.jackdesk.showView('mixer')");
    }

    @Test
    void stoppingTheServerShowsOfflineAndRestartingReconnectsAndResyncs() throws Exception {
        server.stop();
        try {
            waitFor(() -> "offline".equals(tablet.js("return document.body.dataset.connection")), "the page says offline");
            assertEquals("offline", tablet.driver.findElement(By.id("status")).getText());
            assertTrue(tablet.driver.findElement(By.id("offline")).isDisplayed(), "the offline banner is shown");
            shot(tablet, "offline-1280x800");
            // While the tablet is away the console changes (another device, a scene recall).
            server.set("ch/8/fader", -12.5);
            server.set("ch/8/mute", true);
        } finally {
            server.restart();
        }
        waitFor(() -> "online".equals(tablet.js("return document.body.dataset.connection")), "the page reconnects");
        waitFor(() -> Math.abs(faderValue(tablet, "ch/8/fader") + 12.5) < 1e-9, "ch/8 resynced to −12.5 dB");
        assertTrue(tablet.driver.findElement(By.cssSelector("[data-strip=\"ch/8\"] .toggle.mute")).getAttribute("class").contains("on"));
        assertFalse(tablet.driver.findElement(By.id("offline")).isDisplayed());
        tablet.severeConsole(); // the browser logs the refused WebSocket connections while offline; that is expected
    }

    @Test
    void screenshotsAtTabletAndPhoneSizes() throws Exception {
        server.set("ch/1/eq/on", true);
        server.set("ch/1/eq/1/gain", 3.0);
        server.set("ch/1/eq/2/gain", -4.5);
        server.set("ch/1/eq/3/gain", 5.0);
        server.set("ch/1/eq/3/q", 2.0);
        server.set("ch/1/hpf/on", true);
        server.set("ch/1/comp/on", true);
        server.set("ch/2/mute", true);
        server.set("ch/10/solo", true);
        String[] names = {"Kick", "Snare", "Hi-hat", "Tom 1", "Tom 2", "Bass", "Gtr L", "Gtr R", "Keys", "Vox 1", "Vox 2", "Sax"};
        double[] faders = {-3, -6.5, -12, -8, -8, -2, -10, -10, -14, 0, -4, -9};
        for (int i = 0; i < faders.length; i++) {
            server.set("ch/" + (i + 1) + "/fader", faders[i]);
            server.set("ch/" + (i + 1) + "/send/1/level", faders[(i + 3) % faders.length] - 2);
        }
        server.set("ch/3/pan", 0.4);
        server.set("ch/7/pan", -0.6);
        server.set("ch/8/pan", 0.6);
        List<String> written = new ArrayList<>();
        int[][] sizes = {{1280, 800}, {1024, 768}, {390, 844}};
        for (int[] s : sizes) {
            try (Chromium c = new Chromium(s[0], s[1])) {
                open(c);
                sleep(700); // a second of meters
                written.add(shot(c, "mixer-" + s[0] + "x" + s[1]).toString());
                if (s[0] >= 1024) {
                    c.js("window.jackdesk.select(1)");
                    sleep(400);
                    written.add(shot(c, "channel-" + s[0] + "x" + s[1]).toString());
                    c.js("window.jackdesk.detail.close(); window.jackdesk.showView('main')");
                    sleep(400);
                    written.add(shot(c, "main-" + s[0] + "x" + s[1]).toString());
                    c.js("window.jackdesk.showView('mixer')");
                }
                assertTrue(c.severeConsole().isEmpty(), "console errors at " + s[0] + "x" + s[1]);
            }
        }
        for (String w : written) assertTrue(Files.size(Path.of(w)) > 10_000, w + " has content");
        assertEquals(names.length, UiServer.LAYOUT.channels().size());
    }
}
