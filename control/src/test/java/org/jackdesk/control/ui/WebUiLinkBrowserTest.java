package org.jackdesk.control.ui;

import static org.jackdesk.control.ui.BrowserTestSupport.assertNoConsoleErrors;
import static org.jackdesk.control.ui.BrowserTestSupport.assumeChromium;
import static org.jackdesk.control.ui.BrowserTestSupport.closeAll;
import static org.jackdesk.control.ui.BrowserTestSupport.drag;
import static org.jackdesk.control.ui.BrowserTestSupport.openSettled;
import static org.jackdesk.control.ui.BrowserTestSupport.shot;
import static org.jackdesk.control.ui.BrowserTestSupport.shown;
import static org.jackdesk.control.ui.BrowserTestSupport.tap;
import static org.jackdesk.control.ui.BrowserTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.jackdesk.control.ui.BrowserTestSupport.TestConsole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stereo link from the tablet and the phone (issue 23), in real headless Chromium against a real
 * console: LINK in a channel's detail links OH L and OH R (channels 7 and 8 of the default
 * layout), the console state (REST {@code /api/state}) holds the pair linked with channel 8 taking
 * channel 7's EQ, the strips show one bracket and one BAL, a fader dragged on one device moves the
 * other channel's fader in the console and on both devices, and a reload still shows the pair; a
 * stereo channel's LINK is disabled with the reason.
 */
class WebUiLinkBrowserTest {
    private static TestConsole server;
    private static Chromium tablet;
    private static Chromium phone;

    @BeforeAll
    static void start() throws Exception {
        assumeChromium();
        server = TestConsole.startDefault();
        tablet = new Chromium(1024, 768);
        phone = new Chromium(390, 844);
    }

    @AfterAll
    static void stop() throws Exception {
        closeAll(tablet, phone);
        if (server != null) server.close();
    }

    @BeforeEach
    void fresh() {
        server.resetValues();
    }

    @AfterEach
    void noConsoleErrors() {
        assertNoConsoleErrors(tablet, phone);
    }

    static void open(Chromium c) {
        openSettled(c, server.url());
    }

    static JsonObject restState() {
        return server.restState();
    }

    static boolean linked(JsonObject v) {
        return Boolean.TRUE.equals(v.getBoolean("ch/7/link")) && Boolean.TRUE.equals(v.getBoolean("ch/8/link"));
    }

    static double num(Chromium c, String path) {
        return ((Number) c.js("return window.jackdesk.store.num(arguments[0])", path)).doubleValue();
    }

    static boolean hasClass(Chromium c, String css, String cls) {
        return Boolean.TRUE.equals(c.js("const e = document.querySelector(arguments[0]); return !!e && e.classList.contains(arguments[1])", css, cls));
    }

    /** The pair as the strips show it: a bracket over both, BAL on the odd strip, no pan knob on the even one. */
    static void assertStripsShowThePair(Chromium c, String at) {
        waitFor(() -> hasClass(c, "#strips [data-strip=\"ch/7\"]", "linked-left") && hasClass(c, "#strips [data-strip=\"ch/8\"]", "linked-right"),
                "the strips of 7 and 8 show the pair " + at);
        assertEquals("BAL", c.js("return document.querySelector('#strips [data-strip=\"ch/7\"] .strip-pan .knob-label').textContent"), at);
        assertEquals("hidden", c.js("return getComputedStyle(document.querySelector('#strips [data-strip=\"ch/8\"] .strip-pan .knob')).visibility"), at);
        assertFalse(hasClass(c, "#strips [data-strip=\"ch/9\"]", "linked"), "9 is not linked " + at);
    }

    @Test
    void linkInTheDetailMirrorsAFaderOnEveryDeviceAndSurvivesAReload() throws Exception {
        server.set("ch/7/eq/on", true);
        server.set("ch/7/eq/2/gain", -5.0);
        open(tablet);
        open(phone);
        // The tablet at 1024×768: LINK in channel 7's detail.
        tap(tablet, "#strips [data-strip=\"ch/7\"] .select");
        waitFor(() -> shown(tablet, "#detail .link-panel .link-toggle"), "the detail has LINK");
        assertEquals("LINK 7+8", tablet.js("return document.querySelector('#detail .link-toggle').textContent"));
        tap(tablet, "#detail .link-toggle");
        waitFor(() -> linked(restState()), "the console links 7 and 8 (REST state)");
        JsonObject v = restState();
        assertEquals(-5.0, v.getDouble("ch/8/eq/2/gain"), "ch/8 took ch/7's EQ");
        assertEquals(true, v.getBoolean("ch/8/eq/on"));
        waitFor(() -> "true".equals(tablet.js("return document.querySelector('#detail .link-toggle').getAttribute('aria-pressed')")), "LINK lights");
        tablet.js("document.querySelector('#detail .link-panel').scrollIntoView({block: 'end'})");
        shot(tablet, "link-detail-1024x768");
        tap(tablet, "#detail .detail-close");
        assertStripsShowThePair(tablet, "on the tablet");
        assertStripsShowThePair(phone, "on the phone");

        // A fader moved on the tablet moves both channels, on both devices.
        drag(tablet, "#strips [data-strip=\"ch/7\"] .fader-cap", 0, -60);
        waitFor(() -> {
            JsonObject s = restState();
            return s.getDouble("ch/7/fader") != 0.0 && s.getDouble("ch/7/fader").equals(s.getDouble("ch/8/fader"));
        }, "ch/8's fader follows ch/7's in the console");
        double fader = restState().getDouble("ch/7/fader");
        waitFor(() -> num(tablet, "ch/8/fader") == fader, "the tablet's own ch/8 fader moved");
        waitFor(() -> num(phone, "ch/8/fader") == fader, "the phone has ch/8's fader");
        assertEquals(fader, ((Number) tablet.js("return Number(document.querySelector('#strips .fader[data-path=\"ch/8/fader\"]').dataset.value)")).doubleValue(),
                1e-9, "the tablet's ch/8 fader is drawn there");
        shot(tablet, "link-strips-1024x768");

        // The phone at 390×844: its faders are bus 1's sends; one moved there moves the pair's sends.
        assertEquals("ch/7/send/1/level", phone.js("return document.querySelector('[data-strip=\"ch/7\"] .fader').dataset.path"));
        drag(phone, "[data-strip=\"ch/8\"] .fader-cap", 0, -200);
        waitFor(() -> {
            JsonObject s = restState();
            return s.getDouble("ch/8/send/1/level") > -60 && s.getDouble("ch/8/send/1/level").equals(s.getDouble("ch/7/send/1/level"));
        }, "ch/7's send follows ch/8's, moved on the phone");
        double send = restState().getDouble("ch/7/send/1/level");
        waitFor(() -> num(phone, "ch/7/send/1/level") == send, "the phone's own ch/7 send moved");
        waitFor(() -> num(tablet, "ch/7/send/1/level") == send, "the tablet has it");
        shot(phone, "link-strips-390x844");

        // The phone's detail of channel 8 (the picker's way in): LINK shows lit, and unlinks the pair.
        phone.js("window.jackdesk.select(8)");
        waitFor(() -> shown(phone, "#detail .link-panel .link-toggle"), "the phone's detail has LINK");
        waitFor(() -> "true".equals(phone.js("return document.querySelector('#detail .link-toggle').getAttribute('aria-pressed')")), "lit on the phone");
        phone.js("document.querySelector('#detail .link-panel').scrollIntoView({block: 'center'})");
        shot(phone, "link-detail-390x844");
        tap(phone, "#detail .link-toggle");
        waitFor(() -> !Boolean.TRUE.equals(restState().getBoolean("ch/7/link")) && !Boolean.TRUE.equals(restState().getBoolean("ch/8/link")),
                "the phone unlinks the pair");
        assertEquals(fader, restState().getDouble("ch/8/fader"), "unlinking keeps the values");
        waitFor(() -> !hasClass(tablet, "#strips [data-strip=\"ch/7\"]", "linked"), "the tablet's strips part");
        tap(phone, "#detail .link-toggle");
        waitFor(() -> linked(restState()), "and links it again");
        phone.js("document.querySelector('#detail .detail-close').click()");

        // A reload on both devices still shows the pair, with the faders where they were.
        open(tablet);
        open(phone);
        assertStripsShowThePair(tablet, "after a reload");
        assertStripsShowThePair(phone, "after the phone's reload");
        assertEquals(fader, num(tablet, "ch/8/fader"), "after a reload");
        assertNotEquals(0.0, fader);
    }

    @Test
    void aStereoChannelsLinkIsDisabledWithTheReason() throws Exception {
        open(tablet);
        tablet.js("window.jackdesk.select(17)");
        waitFor(() -> shown(tablet, "#detail .link-panel .link-toggle"), "the detail of ch/17 has the link panel");
        assertEquals(Boolean.TRUE, tablet.js("return document.querySelector('#detail .link-toggle').disabled"));
        String note = (String) tablet.js("return document.querySelector('#detail .link-note').textContent");
        assertTrue(note.contains("channel 17 is a stereo channel"), note);
        tap(tablet, "#detail .detail-close");
        assertFalse(Boolean.TRUE.equals(restState().getBoolean("ch/17/link")));
    }
}
