package org.jackdesk.control.ui;

import static org.jackdesk.control.ui.BrowserTestSupport.assertNoConsoleErrors;
import static org.jackdesk.control.ui.BrowserTestSupport.assumeChromium;
import static org.jackdesk.control.ui.BrowserTestSupport.closeAll;
import static org.jackdesk.control.ui.BrowserTestSupport.openSettled;
import static org.jackdesk.control.ui.BrowserTestSupport.sleep;
import static org.jackdesk.control.ui.BrowserTestSupport.stripLabel;
import static org.jackdesk.control.ui.BrowserTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.control.scene.Notices;
import org.jackdesk.control.ui.BrowserTestSupport.TestConsole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The whole console under the finger (issue 23), in real headless Chromium at the four sizes
 * against a real console run with the shipped default configuration (20 channels, 6 buses, named
 * DCAs and mute groups, as {@code ./jackdesk start} runs it): the layout (8 strips and the main at
 * every tablet size, the bank bar and sends menu not cut, the current bank lit, CLR SOLO, banners
 * that never cover names or meters, the phone's channel picker), judged by element geometry and
 * by the console state.
 */
class WebUiWholeConsoleBrowserTest {
    static final int[][] TABLETS = {{1024, 768}, {768, 1024}, {1280, 800}};
    static final int[] PHONE = {390, 844};

    private static TestConsole server;
    private static Chromium tablet;

    @BeforeAll
    static void start() throws Exception {
        assumeChromium();
        server = TestConsole.start(ConfigJson.builtinDefault()); // the meters move, as in a show
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
        tablet.setViewport(1024, 768);
        open(tablet);
    }

    @AfterEach
    void noConsoleErrors() {
        assertNoConsoleErrors(tablet);
    }

    // ---- helpers (BrowserTestSupport has the rest) --------------------------------------------

    static void open(Chromium c) {
        openSettled(c, server.url()); // the bank indicator and the picker follow on the next animation frame
    }

    static double get(String path) {
        return server.get(path);
    }

    static void set(String path, Object value) {
        server.set(path, value);
    }

    /** {@link BrowserTestSupport#centre}; kept for browser tests on other branches that import it from this class. */
    static int[] centre(Chromium c, String css) {
        return BrowserTestSupport.centre(c, css);
    }

    /** {@link BrowserTestSupport#tap}; kept for tests that import it from this class. */
    static void tap(Chromium c, String css) {
        BrowserTestSupport.tap(c, css);
    }

    /** {@link BrowserTestSupport#drag(Chromium, String, int, int)}; kept for tests that import it from this class. */
    static void drag(Chromium c, String css, int dx, int dy) {
        BrowserTestSupport.drag(c, css, dx, dy);
    }

    /** {@link BrowserTestSupport#shown}; kept for tests that import it from this class. */
    static boolean shown(Chromium c, String css) {
        return BrowserTestSupport.shown(c, css);
    }

    /** {@link BrowserTestSupport#rect}; kept for tests that import it from this class. */
    static Map<String, Number> rect(Chromium c, String css) {
        return BrowserTestSupport.rect(c, css);
    }

    static double d(Map<String, Number> r, String k) {
        return r.get(k).doubleValue();
    }

    /** {@link BrowserTestSupport#shot}; kept for tests that import it from this class. */
    static void shot(Chromium c, String name) throws Exception {
        BrowserTestSupport.shot(c, name);
    }

    // ---- 1. layout ---------------------------------------------------------------------------

    @Test
    void eightStripsAndTheMainFitAtEveryTabletSizeWithNothingInTheTopBarCut() throws Exception {
        for (int[] size : TABLETS) {
            String at = " at " + size[0] + "×" + size[1];
            tablet.setViewport(size[0], size[1]);
            open(tablet);
            Map<String, Number> strips = rect(tablet, "#strips");
            for (int n = 1; n <= 8; n++) {
                Map<String, Number> s = rect(tablet, "#strips [data-strip=\"ch/" + n + "\"]");
                assertTrue(d(s, "left") >= d(strips, "left") - 1 && d(s, "right") <= d(strips, "right") + 1,
                        "ch/" + n + " is wholly on screen" + at + ": " + s + " in " + strips);
                assertTrue(d(rect(tablet, "#strips [data-strip=\"ch/" + n + "\"] .select"), "bottom") <= size[1],
                        "ch/" + n + "'s SEL is on screen" + at);
                Map<String, Number> mute = rect(tablet, "#strips [data-strip=\"ch/" + n + "\"] .toggle.mute");
                assertTrue(d(mute, "width") >= 44 && d(mute, "height") >= 44, "ch/" + n + "'s MUTE is a 44 px target" + at + ": " + mute);
            }
            Map<String, Number> main = rect(tablet, "#master [data-strip=\"main\"]");
            assertTrue(d(main, "right") <= size[0] && d(main, "bottom") <= size[1] && d(main, "width") >= 80, "the main strip fits" + at + ": " + main);
            // Nothing in the top bar runs off the screen, and the bank bar shows every bank button whole.
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> cut = (List<Map<String, Object>>) tablet.js(
                    "const bar = document.getElementById('topbar').getBoundingClientRect();"
                            + "return [...document.querySelectorAll('#topbar > *, #banks .bank-btn')].filter(e => e.getClientRects().length"
                            + " && getComputedStyle(e).visibility !== 'hidden').map(e => ({id: e.id || e.textContent, r: e.getBoundingClientRect()}))"
                            + ".filter(x => x.r.right > innerWidth + 0.5 || x.r.left < -0.5 || x.r.bottom > bar.bottom + 0.5)"
                            + ".map(x => ({id: x.id, right: x.r.right, bottom: x.r.bottom}));");
            assertEquals(List.of(), cut, "top bar elements cut off" + at);
            assertTrue(((Number) tablet.js("const b = document.getElementById('banks'); return b.scrollWidth - b.clientWidth")).doubleValue() <= 1,
                    "the bank bar does not scroll" + at);
            // The sends menu is wide enough for its longest entry ("Sends: Outboard send 1").
            @SuppressWarnings("unchecked")
            Map<String, Number> fit = (Map<String, Number>) tablet.js(
                    "const s = document.getElementById('sends'); const cs = getComputedStyle(s);"
                            + "const ctx = document.createElement('canvas').getContext('2d'); ctx.font = cs.font;"
                            + "const need = Math.max(...[...s.options].map(o => ctx.measureText(o.text).width));"
                            + "return {need, room: s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 16};");
            assertTrue(d(fit, "need") <= d(fit, "room"), "the sends menu shows its names whole" + at + ": " + fit);
            shot(tablet, "layout-" + size[0] + "x" + size[1]);
        }
    }

    @Test
    void theBankOnScreenIsLitAndFollowsTheBankButtons() {
        waitFor(() -> "1–8".equals(tablet.js("const b = document.querySelector('#banks .bank-btn.current'); return b && b.textContent")),
                "the first bank is lit at start");
        tap(tablet, "#banks .bank-btn[data-first=\"ch/9\"]");
        waitFor(() -> "9–16".equals(tablet.js("const b = document.querySelector('#banks .bank-btn.current'); return b && b.textContent")),
                "9–16 is lit once its strips are on screen");
        assertEquals(1L, tablet.js("return document.querySelectorAll('#banks .bank-btn.current').length"), "one bank lit");
        assertEquals("true", tablet.js("return document.querySelector('#banks .bank-btn[data-first=\"ch/9\"]').getAttribute('aria-current')"));
        Map<String, Number> ch9 = rect(tablet, "#strips [data-strip=\"ch/9\"]");
        assertTrue(Math.abs(d(ch9, "left") - d(rect(tablet, "#strips"), "left")) < 6, "ch/9 is the first strip on screen: " + ch9);
        tap(tablet, "#banks .bank-btn[data-first=\"dca/1\"]");
        waitFor(() -> "DCA".equals(tablet.js("const b = document.querySelector('#banks .bank-btn.current'); return b && b.textContent")),
                "DCA is lit");
    }

    @Test
    void clearSoloShowsWhileAnythingIsSoloedAndClearsEverySoloOnEveryTablet() throws Exception {
        try (Chromium other = new Chromium(768, 1024)) {
            open(other);
            assertTrue(!shown(tablet, "#clear-solo") && !shown(other, "#clear-solo"), "no solo, no CLR SOLO");
            tap(tablet, "#strips [data-strip=\"ch/3\"] .toggle.solo");
            set("ch/14/solo", true);
            waitFor(() -> get("ch/3/solo") == 1.0, "the solo reaches the server");
            waitFor(() -> shown(tablet, "#clear-solo") && shown(other, "#clear-solo"), "CLR SOLO shows on both tablets");
            assertEquals(List.of(), other.js("const bar = document.getElementById('topbar').getBoundingClientRect();"
                    + " return [...document.querySelectorAll('#topbar > *')].filter(e => e.getClientRects().length"
                    + " && (e.getBoundingClientRect().right > innerWidth + 0.5 || e.getBoundingClientRect().bottom > bar.bottom + 0.5)).map(e => e.id)"),
                    "at 768 px nothing in the top bar is cut while CLR SOLO shows");
            assertTrue(d(rect(other, "#strips [data-strip=\"ch/1\"] .strip-name"), "top") >= d(rect(other, "#topbar"), "bottom") - 0.5,
                    "the strips start below the top bar");
            open(tablet); // a reload: it comes from the console's state, not from this page's memory
            waitFor(() -> shown(tablet, "#clear-solo"), "CLR SOLO shows after a reload");
            Map<String, Number> bar = rect(tablet, "#topbar"), b = rect(tablet, "#clear-solo");
            assertTrue(d(b, "bottom") <= d(bar, "bottom") && d(b, "right") <= 1024, "CLR SOLO is in the top bar: " + b);
            tap(tablet, "#clear-solo");
            waitFor(() -> get("ch/3/solo") == 0.0 && get("ch/14/solo") == 0.0, "every solo is off on the server");
            waitFor(() -> !shown(tablet, "#clear-solo") && !shown(other, "#clear-solo"), "CLR SOLO goes on both tablets");
            assertTrue(other.severeConsole().isEmpty());
        }
    }

    @Test
    void bannersPushTheStripsDownAndNeverCoverANameOrAMeter() throws Exception {
        Notices notices = server.console().notices();
        notices.post("autosave", Notices.status(Notices.LEVEL_ERROR, "save_failed", "autosave failed: the disk is full"));
        waitFor(() -> shown(tablet, "#notices .notice"), "the notice shows");
        assertNotCovered("under a notice");
        tablet.js("window.jackdesk.select(2)");
        waitFor(() -> shown(tablet, "#detail"), "the channel detail opens");
        assertTrue(d(rect(tablet, "#detail"), "top") >= d(rect(tablet, "#notices"), "bottom") - 0.5,
                "the channel detail opens below the notice, not under it");
        tablet.js("window.jackdesk.detail.close()");
        server.stopConsole();
        try {
            waitFor(() -> "offline".equals(tablet.js("return document.body.dataset.connection")), "the page says offline");
            assertTrue(shown(tablet, "#offline"), "the offline banner shows");
            assertNotCovered("offline, under the notice and the OFFLINE banner");
            shot(tablet, "offline-banner-1024x768");
        } finally {
            server.restart();
        }
        waitFor(() -> "online".equals(tablet.js("return document.body.dataset.connection")), "the page reconnects");
        tablet.severeConsole(); // the refused connections while offline are expected
    }

    /** Every strip name and input meter on screen is below every banner, and no banner is what lies on top of it. */
    private static void assertNotCovered(String when) {
        @SuppressWarnings("unchecked")
        List<String> covered = (List<String>) tablet.js(
                "const low = Math.max(...['#topbar', '#osc-banner', '#notices', '#offline'].map(s => document.querySelector(s))"
                        + ".filter(e => e && e.getClientRects().length).map(e => e.getBoundingClientRect().bottom));"
                        + "const box = document.getElementById('strips').getBoundingClientRect(); const out = [];"
                        + "for (const e of document.querySelectorAll('#strips .strip:not([hidden]) .strip-name, #strips .strip:not([hidden]) .meter-in, #master .strip-name')) {"
                        + "  const r = e.getBoundingClientRect(); const x = r.left + r.width / 2;"
                        + "  if (e.closest('#strips') && (x < box.left || x > box.right)) continue;"
                        + "  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
                        + "  if (r.top < low - 0.5 || !hit || hit.closest('#topbar, #osc-banner, #notices, #offline, #detail, #toast')) out.push(e.closest('.strip').dataset.strip + ' ' + e.className);"
                        + "} return out;");
        assertEquals(List.of(), covered, "names and meters covered " + when);
    }

    @Test
    void onThePhoneTheChannelPickerReachesAChannelAbove16() throws Exception {
        tablet.setViewport(PHONE[0], PHONE[1]);
        open(tablet);
        assertTrue(shown(tablet, "#chpick"), "the phone shows the channel picker");
        assertEquals(List.of("CH", "1 · Kick", "17 · Keys L/R", "20 · Outboard FX 2"), tablet.js(
                "const o = [...document.getElementById('chpick').options].map(o => o.text); return [o[0], o[1], o[17], o[20]];"));
        new Select(tablet.driver.findElement(By.id("chpick"))).selectByValue("17");
        waitFor(() -> {
            Map<String, Number> s = rect(tablet, "#strips [data-strip=\"ch/17\"]"), all = rect(tablet, "#strips");
            return d(s, "left") >= d(all, "left") - 1 && d(s, "right") <= d(all, "right") + 1;
        }, "ch/17 is on screen");
        assertEquals("17", tablet.js("return document.getElementById('chpick').value"), "the picker names the first channel on screen");
        // The phone is the musician's mix: ch/17's fader there is its send to the first bus.
        assertEquals("ch/17/send/1/level", tablet.js("return document.querySelector('[data-strip=\"ch/17\"] .fader').dataset.path"));
        drag(tablet, "[data-strip=\"ch/17\"] .fader-cap", 0, -200);
        waitFor(() -> get("ch/17/send/1/level") > -60, "the send of ch/17 reaches the server");
        shot(tablet, "phone-picker-390x844");
        tablet.setViewport(1024, 768);
    }

    // ---- 2. everything the engine has, reachable ----------------------------------------------

    @SuppressWarnings("unchecked")
    static List<String> texts(Chromium c, String css) {
        return (List<String>) c.js("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)", css);
    }

    static boolean on(Chromium c, String css) {
        return Boolean.TRUE.equals(c.js("const e = document.querySelector(arguments[0]); return !!e && e.classList.contains('on')", css));
    }

    @Test
    void muteGroupButtonsAndMembershipReachTheConsoleAndEveryTablet() throws Exception {
        try (Chromium other = new Chromium(1024, 768)) {
            open(other);
            tap(tablet, "#banks .bank-btn[data-first=\"mutegroup/1\"]");
            waitFor(() -> "MUTE".equals(tablet.js("const b = document.querySelector('#banks .bank-btn.current'); return b && b.textContent")),
                    "the MUTE bank is lit");
            assertEquals(List.of("Band", "Vocals", "FX", "Mute 4", "Mute 5", "Mute 6"), texts(tablet, "#strips .strip-mg .toggle"),
                    "the mute groups, named as configured");
            tap(tablet, "#strips .strip-mg .toggle[data-path=\"mutegroup/2/on\"]");
            waitFor(() -> get("mutegroup/2/on") == 1.0, "mute group 2 engages on the server");
            waitFor(() -> on(other, "#strips .strip-mg .toggle[data-path=\"mutegroup/2/on\"]"), "the other tablet shows it engaged");

            tap(tablet, "#strips [data-strip=\"ch/13\"] .select");
            waitFor(() -> shown(tablet, "#detail .panel.groups"), "the channel detail shows its DCA and mute-group membership");
            assertEquals(List.of("Drums", "Bass", "Guitars", "Keys", "Vocals", "FX", "DCA 7", "DCA 8"),
                    texts(tablet, "#detail .panel.groups .toggle[data-path*=\"/dca/\"]"), "the DCAs by their configured names");
            tap(tablet, "#detail .toggle[data-path=\"ch/13/dca/5\"]");
            tap(tablet, "#detail .toggle[data-path=\"ch/13/mutegroup/2\"]");
            waitFor(() -> get("ch/13/dca/5") == 1.0 && get("ch/13/mutegroup/2") == 1.0, "Vox 1 joins DCA Vocals and mute group Vocals");
            assertEquals(0.0, get("ch/13/dca/1"), "the other DCAs are untouched");
            other.js("window.jackdesk.select(13)");
            waitFor(() -> on(other, "#detail .toggle[data-path=\"ch/13/dca/5\"]") && on(other, "#detail .toggle[data-path=\"ch/13/mutegroup/2\"]"),
                    "the other tablet's detail shows the membership");
            shot(tablet, "channel-groups-1024x768");
            open(tablet); // a reload
            tablet.js("window.jackdesk.select(13)");
            waitFor(() -> on(tablet, "#detail .toggle[data-path=\"ch/13/dca/5\"]") && on(tablet, "#strips .strip-mg .toggle[data-path=\"mutegroup/2/on\"]"),
                    "membership and the engaged group survive a reload");
            assertTrue(other.severeConsole().isEmpty());
        }
    }

    @Test
    void selOnABusStripOpensItsEqCompressorTransientShaperAndLimiter() throws Exception {
        tap(tablet, "#banks .bank-btn[data-first=\"bus/1\"]");
        sleep(400);
        tap(tablet, "#strips [data-strip=\"bus/1\"] .select");
        waitFor(() -> "BUS 1 · Mon 1".equals(tablet.js("return document.querySelector('#detail .detail-title').textContent")), "the bus detail opens");
        for (String sw : List.of("eq/on", "comp/on", "comp/schpf/on", "limiter/on", "transient/on")) {
            tap(tablet, "#detail .toggle[data-path=\"bus/1/" + sw + "\"]");
            waitFor(() -> get("bus/1/" + sw) == 1.0, "bus/1/" + sw + " reaches the server");
        }
        waitFor(() -> Boolean.TRUE.equals(tablet.js("return document.querySelector('#detail .eq-handle[data-band=\"2\"]').getBoundingClientRect().width > 0")), "EQ handles drawn");
        sleep(150);
        drag(tablet, "#detail .eq-handle[data-band=\"2\"]", 90, -70);
        waitFor(() -> get("bus/1/eq/2/freq") > 600 && get("bus/1/eq/2/gain") > 1.0, "the bus EQ's band 2 moves on the server");
        drag(tablet, "#detail .knob[data-path=\"bus/1/limiter/ceiling\"]", 0, 40);
        waitFor(() -> get("bus/1/limiter/ceiling") < -1.2, "the limiter ceiling comes down on the server");
        drag(tablet, "#detail .knob[data-path=\"bus/1/transient/attack\"]", 0, -40);
        waitFor(() -> get("bus/1/transient/attack") > 0.5, "the transient shaper's attack rises on the server");
        drag(tablet, "#detail .knob[data-path=\"bus/1/comp/schpf/freq\"]", 0, -40);
        waitFor(() -> get("bus/1/comp/schpf/freq") > 110, "the side-chain high-pass frequency rises on the server");
        String gr = String.format(java.util.Locale.ROOT, "%.1f", -UiTestEngine.BUS1_LIMITER_GR);
        waitFor(() -> ("\u2212" + gr).equals(tablet.js("return document.querySelector('#detail .bus-limiter-gr .gr-value').textContent")),
                "the limiter's gain reduction from the meter frame is shown");
        shot(tablet, "bus-detail-1024x768");
        try (Chromium other = new Chromium(768, 1024)) {
            open(other);
            other.js("window.jackdesk.selectBus(1)");
            waitFor(() -> on(other, "#detail .toggle[data-path=\"bus/1/limiter/on\"]") && on(other, "#detail .toggle[data-path=\"bus/1/transient/on\"]"),
                    "a second tablet's bus detail shows the switches on");
            shot(other, "bus-detail-768x1024");
            assertTrue(other.severeConsole().isEmpty());
        }
        open(tablet);
        tablet.js("window.jackdesk.selectBus(1)");
        waitFor(() -> on(tablet, "#detail .toggle[data-path=\"bus/1/comp/schpf/on\"]"), "the bus detail survives a reload");
    }

    @Test
    void theChannelDetailReachesTheSideChainFilterAndEverySendWithItsTap() {
        tap(tablet, "#strips [data-strip=\"ch/2\"] .select");
        waitFor(() -> shown(tablet, "#detail .panel.sends-panel"), "the detail shows the channel's sends");
        tap(tablet, "#detail .toggle[data-path=\"ch/2/comp/schpf/on\"]");
        waitFor(() -> get("ch/2/comp/schpf/on") == 1.0, "the compressor's side-chain high-pass switches on on the server");
        drag(tablet, "#detail .knob[data-path=\"ch/2/comp/schpf/freq\"]", 0, -40);
        waitFor(() -> get("ch/2/comp/schpf/freq") > 110, "its frequency rises on the server");
        assertEquals(6L, tablet.js("return document.querySelectorAll('#detail .send-cell').length"), "a send per bus");
        tap(tablet, "#detail .tap-switch[data-path=\"ch/2/send/5/tap\"]");
        waitFor(() -> get("ch/2/send/5/tap") == 1.0, "the send to Outboard send 1 taps post-fader on the server");
        assertEquals("POST", tablet.js("return document.querySelector('#detail .tap-switch[data-path=\"ch/2/send/5/tap\"]').textContent"));
        drag(tablet, "#detail .knob[data-path=\"ch/2/send/5/level\"]", 0, -60);
        waitFor(() -> get("ch/2/send/5/level") > -90, "the send level rises on the server");
        assertEquals(0.0, get("ch/2/send/4/tap"), "the other sends keep their tap");
    }

    @Test
    void theSendsPageAndThePhoneReachASendsTapAndPan() throws Exception {
        new Select(tablet.driver.findElement(By.id("sends"))).selectByValue("2");
        waitFor(() -> "ch/4/send/2/tap".equals(tablet.js("const e = document.querySelector('[data-strip=\"ch/4\"] .tap-switch'); return e && e.dataset.path"))
                && shown(tablet, "[data-strip=\"ch/4\"] .tap-switch"), "each channel of the sends page shows its send's tap");
        tap(tablet, "[data-strip=\"ch/4\"] .tap-switch");
        waitFor(() -> get("ch/4/send/2/tap") == 1.0, "the tap goes post-fader on the server");
        shot(tablet, "sends-page-1024x768");

        tablet.setViewport(PHONE[0], PHONE[1]);
        open(tablet);
        new Select(tablet.driver.findElement(By.id("sends"))).selectByValue("fx1");
        waitFor(() -> shown(tablet, "[data-strip=\"ch/1\"] .strip-pan .knob")
                && "ch/1/fx/1/pan".equals(tablet.js("return document.querySelector('[data-strip=\"ch/1\"] .strip-pan .knob').dataset.path")),
                "the phone shows the send pan into the stereo FX send");
        drag(tablet, "[data-strip=\"ch/1\"] .strip-pan .knob", 0, -40);
        waitFor(() -> get("ch/1/fx/1/pan") > 0.05, "the send pan reaches the server");
        // the finger is off the knob and the strip shows what the server has, before the next tap (a tap
        // right after the drag was lost in 3 of 4 whole-suite runs on fresh clones and CI on 2026-12-07, never
        // in 14 runs of the class or the test alone; tapExpecting tells a click that never reached the page
        // from one the page dropped, and prints the page's input when it happens)
        waitFor(() -> Boolean.TRUE.equals(tablet.js("const k = document.querySelector('[data-strip=\"ch/1\"] .strip-pan .knob');"
                + " return !k.classList.contains('held') && Math.abs(Number(k.dataset.value) - arguments[0]) < 1e-6;", get("ch/1/fx/1/pan"))),
                "the knob shows the server's pan, released");
        BrowserTestSupport.tapExpecting(tablet, "[data-strip=\"ch/1\"] .tap-switch", () -> get("ch/1/fx/1/tap") == 0.0,
                "the FX send goes pre-fader on the server");
        shot(tablet, "phone-sends-390x844");
        open(tablet);
        new Select(tablet.driver.findElement(By.id("sends"))).selectByValue("fx1");
        waitFor(() -> "PRE".equals(tablet.js("return document.querySelector('[data-strip=\"ch/1\"] .tap-switch').textContent")),
                "the tap survives a reload");
        tablet.setViewport(1024, 768);
    }

    // ---- 3. oops: the history and its undo ------------------------------------------------

    /** {@link BrowserTestSupport#faderValue}; kept for tests that import it from this class. */
    static double faderValue(Chromium c, String path) {
        return BrowserTestSupport.faderValue(c, path);
    }

    static Object firstRow(Chromium c, String cls) {
        return c.js("const e = document.querySelector('#history .history-row .' + arguments[0]); return e && e.textContent", cls);
    }

    @Test
    void oopsListsTheLastChangesAndOneTapPutsAFaderBackOnEveryTablet() throws Exception {
        try (Chromium other = new Chromium(768, 1024)) {
            open(other);
            drag(tablet, "#strips [data-strip=\"ch/4\"] .fader-cap", 0, -60);
            waitFor(() -> get("ch/4/fader") > 0.5, "the drag reaches the server");
            sleep(200);
            double moved = get("ch/4/fader");
            tap(tablet, "#oops");
            waitFor(() -> "ch/4/fader".equals(firstRow(tablet, "history-what")), "the drag is the newest change in the list");
            assertEquals("this tablet", firstRow(tablet, "history-who"));
            String line = String.valueOf(firstRow(tablet, "history-value"));
            assertTrue(line.startsWith("0.0 dB → +") && line.endsWith(" dB"), "from → to: " + line);
            assertEquals(1L, tablet.js("return document.querySelectorAll('#history .history-row').length === 0 ? 0"
                    + " : [...document.querySelectorAll('#history .history-row')].filter(r => r.querySelector('.history-what').textContent === 'ch/4/fader').length"),
                    "the whole drag is one entry");
            tap(other, "#oops");
            waitFor(() -> "ch/4/fader".equals(firstRow(other, "history-what")), "the other tablet lists the same change");
            assertTrue(String.valueOf(firstRow(other, "history-who")).startsWith("tablet s"), "who moved it, seen from the other tablet");
            assertTrue(moved > 0.5);
            tap(tablet, "#history .history-row .history-undo");
            waitFor(() -> get("ch/4/fader") == 0.0, "one tap puts the fader back on the server");
            waitFor(() -> faderValue(other, "ch/4/fader") == 0.0, "the other tablet's fader follows");
            waitFor(() -> String.valueOf(firstRow(other, "history-what")).startsWith("undo (1 value: ch/4/fader)")
                    && Boolean.TRUE.equals(other.js("return document.querySelectorAll('#history .history-row')[1].classList.contains('undone')")),
                    "the other tablet's list shows the undo and the move greyed");
            shot(tablet, "oops-1024x768");
            shot(other, "oops-768x1024");
            open(tablet); // a reload: the list is the server's
            tap(tablet, "#oops");
            waitFor(() -> String.valueOf(firstRow(tablet, "history-what")).startsWith("undo ("), "the list survives a reload");
            assertTrue(other.severeConsole().isEmpty());
        }
    }

    @Test
    void oneTapUndoesAWrongSceneRecallEveryValueOfIt() throws Exception {
        org.jackdesk.config.show.SceneManager scenes = server.console().scenes();
        set("ch/1/fader", -20.0);
        set("ch/2/mute", true);
        set("bus/3/fader", -7.0);
        org.jackdesk.config.show.Scene wrong = scenes.save("Wrong song", List.of(), 0);
        set("ch/1/fader", -5.0);
        set("ch/2/mute", false);
        set("bus/3/fader", 0.0);
        try {
            tap(tablet, "#oops");
            scenes.recall(wrong.id(), 0);
            waitFor(() -> String.valueOf(firstRow(tablet, "history-what")).startsWith("scene recall ("), "the recall is one row");
            assertEquals(-20.0, get("ch/1/fader"));
            tap(tablet, "#history .history-row .history-undo");
            waitFor(() -> get("ch/1/fader") == -5.0 && get("ch/2/mute") == 0.0 && get("bus/3/fader") == 0.0,
                    "every value the recall changed is back");
            waitFor(() -> faderValue(tablet, "ch/1/fader") == -5.0, "and the tablet shows it");
        } finally {
            scenes.delete(wrong.id());
        }
    }

    @Test
    void oopsPutsARenameBackOnEveryTabletAndInTheRestState() throws Exception {
        String before = server.restLabels().getJsonArray("channels").getJsonObject(4).getString("name");
        try (Chromium other = new Chromium(768, 1024)) {
            open(other);
            tap(tablet, "#strips [data-strip=\"ch/5\"] .strip-name");
            waitFor(() -> shown(tablet, "#labelpanel input.label-name"), "the name panel opens");
            WebUiLabelsBrowserTest.typeAndSave(tablet, "#labelpanel input.label-name", "Tom Lo");
            waitFor(() -> "Tom Lo".equals(server.restLabels().getJsonArray("channels").getJsonObject(4).getString("name")),
                    "the server has the new name");
            waitFor(() -> "Tom Lo".equals(stripLabel(other, "ch/5")), "the other tablet shows it");
            tap(tablet, "#labelpanel .label-close");
            tap(tablet, "#oops");
            waitFor(() -> "ch/5 name".equals(firstRow(tablet, "history-what")), "the rename is the newest row");
            assertEquals("this tablet", firstRow(tablet, "history-who"));
            assertEquals("\"" + before + "\" → \"Tom Lo\"", firstRow(tablet, "history-value"), "from → to");
            tap(other, "#oops");
            waitFor(() -> "ch/5 name".equals(firstRow(other, "history-what")), "the other tablet lists the rename too");
            tap(tablet, "#history .history-row .history-undo");
            waitFor(() -> before.equals(server.restLabels().getJsonArray("channels").getJsonObject(4).getString("name")),
                    "one tap puts the old name back on the server");
            waitFor(() -> before.equals(stripLabel(other, "ch/5")), "the other tablet shows the old name");
            waitFor(() -> before.equals(stripLabel(tablet, "ch/5")), "and this one");
            waitFor(() -> "undo (1 value: ch/5 name)".equals(firstRow(other, "history-what"))
                    && Boolean.TRUE.equals(other.js("return document.querySelectorAll('#history .history-row')[1].classList.contains('undone')")),
                    "the other tablet's list shows the undo and the rename greyed");
            shot(other, "oops-rename-768x1024");
            assertTrue(other.severeConsole().isEmpty());
        } finally {
            server.console().labels().load(ConfigJson.builtinDefault().layout()); // the next test starts from the configuration's names
        }
    }

    @Test
    void theHistoryOverRestListsAndUndoesWithPreciseErrors() throws Exception {
        set("ch/9/pan", 0.5);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.port() + "/api/history";
        var list = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, list.statusCode());
        io.vertx.core.json.JsonObject first = new io.vertx.core.json.JsonObject(list.body()).getJsonArray("entries").getJsonObject(0);
        assertEquals("ch/9/pan", first.getString("what"));
        assertEquals(0.5, first.getJsonArray("changes").getJsonObject(0).getDouble("to"));
        long id = first.getLong("id");
        java.util.function.Function<String, java.net.http.HttpResponse<String>> post = path -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path))
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        var undone = post.apply("/" + id + "/undo");
        assertEquals(200, undone.statusCode(), undone.body());
        assertEquals(0.0, get("ch/9/pan"), "the pan is back in the centre");
        var again = post.apply("/" + id + "/undo");
        assertEquals(409, again.statusCode());
        assertTrue(again.body().contains("already_undone"), again.body());
        var gone = post.apply("/999999/undo");
        assertEquals(404, gone.statusCode());
        assertTrue(gone.body().contains("not_in_history"), gone.body());
        var bad = post.apply("/first/undo");
        assertEquals(400, bad.statusCode());
        assertEquals("bad_message", new io.vertx.core.json.JsonObject(bad.body()).getString("code"));
        assertTrue(new io.vertx.core.json.JsonObject(bad.body()).getString("message").contains("\"entry\""), bad.body());
    }

    // ---- 4. the scene list edited from the tablet ---------------------------------------------

    @SuppressWarnings("unchecked")
    static List<String> sceneNames(Chromium c) {
        return (List<String>) c.js("return [...document.querySelectorAll('#scenesview .scene-row .scene-name-text')].map(e => e.textContent)");
    }

    @Test
    void theScenesViewRenamesMovesAndDeletesTheSelectedSceneOnEveryTablet() throws Exception {
        org.jackdesk.config.show.SceneManager scenes = server.console().scenes();
        for (org.jackdesk.config.show.Scene old : scenes.scenes()) scenes.delete(old.id());
        scenes.save("Intro", List.of(), 0);
        org.jackdesk.config.show.Scene verse = scenes.save("Verse", List.of(), 0);
        org.jackdesk.config.show.Scene chorus = scenes.save("Chorus", List.of(), 0);
        try (Chromium other = new Chromium(768, 1024)) {
            open(other);
            tap(tablet, "#tab-scenes");
            tap(other, "#tab-scenes");
            waitFor(() -> sceneNames(tablet).equals(List.of("Intro", "Verse", "Chorus")), "the scenes are listed");
            tap(tablet, "#scenesview .scene-row[data-scene=\"" + verse.id() + "\"]");
            tablet.driver.findElement(By.cssSelector("#scenesview .scene-rename")).sendKeys("Verse 1");
            tap(tablet, "#scenesview .scene-rename-go");
            waitFor(() -> {
                try {
                    return scenes.scene(verse.id()).name().equals("Verse 1");
                } catch (Exception e) {
                    return false;
                }
            }, "the server renames the scene");
            tap(tablet, "#scenesview .scene-up");
            waitFor(() -> scenes.scenes().get(0).id() == verse.id(), "the server moves it to the top");
            waitFor(() -> sceneNames(other).equals(List.of("Verse 1", "Intro", "Chorus")), "the other tablet shows the new name and order");
            tap(tablet, "#scenesview .scene-row[data-scene=\"" + chorus.id() + "\"]");
            tap(tablet, "#scenesview .scene-delete");
            sleep(300);
            assertEquals(3, scenes.scenes().size(), "one tap only asks for a confirmation");
            tap(tablet, "#scenesview .scene-delete");
            waitFor(() -> scenes.scenes().size() == 2, "the second tap deletes it on the server");
            waitFor(() -> sceneNames(other).equals(List.of("Verse 1", "Intro")), "and on the other tablet");
            shot(tablet, "scenes-edit-1024x768");
            open(tablet);
            tap(tablet, "#tab-scenes");
            waitFor(() -> sceneNames(tablet).equals(List.of("Verse 1", "Intro")), "the edits survive a reload");
            assertTrue(other.severeConsole().isEmpty());
        } finally {
            for (org.jackdesk.config.show.Scene s : scenes.scenes()) scenes.delete(s.id());
        }
    }
}

