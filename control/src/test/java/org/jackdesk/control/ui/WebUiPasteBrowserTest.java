package org.jackdesk.control.ui;

import static org.jackdesk.control.ChannelSections.section;
import static org.jackdesk.control.ui.BrowserTestSupport.assertNoConsoleErrors;
import static org.jackdesk.control.ui.BrowserTestSupport.assumeChromium;
import static org.jackdesk.control.ui.BrowserTestSupport.closeAll;
import static org.jackdesk.control.ui.BrowserTestSupport.openSettled;
import static org.jackdesk.control.ui.BrowserTestSupport.shot;
import static org.jackdesk.control.ui.BrowserTestSupport.shown;
import static org.jackdesk.control.ui.BrowserTestSupport.tap;
import static org.jackdesk.control.ui.BrowserTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.control.ui.BrowserTestSupport.TestConsole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Copy and paste by section from the tablet (issue 23, slice 2), in real headless Chromium against
 * a real console: the channel detail's sections and targets, one PASTE, and the targets holding
 * exactly the source's values in the console state (REST {@code /api/state}); a second device (a
 * phone) gets the values and the one OOPS row, and a reload shows them.
 */
class WebUiPasteBrowserTest {
    private static TestConsole server;
    private static Chromium tablet;
    private static Chromium phone;

    @BeforeAll
    static void start() throws Exception {
        assumeChromium();
        server = TestConsole.start(ConfigJson.builtinDefault());
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

    /** GET /api/state: every value as the console holds it. */
    static JsonObject restState() {
        return server.restState();
    }

    static void set(String path, Object v) {
        server.set(path, v);
    }

    /** Channel 1 shaped as an engineer would: a low cut, a mid scoop and a presence lift, a firm compressor. */
    static void shapeChannelOne() {
        set("ch/1/hpf/on", true);
        set("ch/1/hpf/freq", 120.0);
        set("ch/1/eq/on", true);
        set("ch/1/eq/2/freq", 420.0);
        set("ch/1/eq/2/gain", -5.5);
        set("ch/1/eq/2/q", 2.0);
        set("ch/1/eq/3/freq", 3300.0);
        set("ch/1/eq/3/gain", 3.0);
        set("ch/1/comp/on", true);
        set("ch/1/comp/threshold", -22.0);
        set("ch/1/comp/ratio", 4.0);
        set("ch/1/comp/attack", 8.0);
    }

    @Test
    void theEqAndCompressorOfOneChannelPastedOntoTwoOthersHoldExactlyItsValues() throws Exception {
        for (int[] size : new int[][] {{1024, 768}, {768, 1024}}) {
            server.resetValues();
            shapeChannelOne();
            String at = size[0] + "x" + size[1];
            tablet.setViewport(size[0], size[1]);
            open(tablet);
            open(phone);
            tap(tablet, "#strips [data-strip=\"ch/1\"] .select");
            waitFor(() -> shown(tablet, "#detail .paste-panel .paste-go"), "the detail has the paste panel at " + at);
            // EQ is chosen to start with; add COMP, then channels 2 and 3.
            if (!"true".equals(tablet.js("return document.querySelector('#detail .paste-sections [data-section=\"eq\"]').getAttribute('aria-pressed')"))) {
                tap(tablet, "#detail .paste-sections [data-section=\"eq\"]");
            }
            tap(tablet, "#detail .paste-sections [data-section=\"comp\"]");
            tap(tablet, "#detail .paste-targets [data-ch=\"2\"]");
            tap(tablet, "#detail .paste-targets [data-ch=\"3\"]");
            if (size[0] == 1024) shot(tablet, "paste-1024x768");
            tap(tablet, "#detail .paste-go");
            List<String> pasted = List.of("eq", "comp");
            waitFor(() -> {
                JsonObject v = restState();
                return section(v, 1, pasted).equals(section(v, 2, pasted)) && section(v, 1, pasted).equals(section(v, 3, pasted));
            }, "ch/2 and ch/3 hold ch/1's EQ and compressor (REST state) at " + at);
            JsonObject v = restState();
            assertEquals(-5.5, v.getDouble("ch/2/eq/2/gain"));
            assertEquals(-22.0, v.getDouble("ch/3/comp/threshold"));
            assertEquals(false, v.getBoolean("ch/2/hpf/on"), "the high-pass was not pasted");
            assertEquals(0.0, v.getDouble("ch/4/eq/2/gain"), "ch/4 was not a target");
            waitFor(() -> Double.valueOf(-5.5).equals(phone.js("return window.jackdesk.store.num('ch/3/eq/2/gain')")), "the phone has ch/3's EQ");
            // One OOPS row, on the other device too.
            tap(phone, "#oops");
            waitFor(() -> Boolean.TRUE.equals(phone.js("return [...document.querySelectorAll('#history .history-row')].some(r => /paste \\(/.test(r.textContent))")),
                    "the phone's OOPS lists the paste");
            if (size[0] == 1024) shot(phone, "paste-oops-390x844");
            phone.js("document.querySelector('#history .history-close').click()");
            tap(tablet, "#detail .detail-close");
            open(tablet);
            assertEquals(-5.5, ((Number) tablet.js("return window.jackdesk.store.num('ch/2/eq/2/gain')")).doubleValue(), "after a reload");
        }
    }

    @Test
    void allSectionsOntoEveryOtherChannel() throws Exception {
        shapeChannelOne();
        set("ch/1/send/2/level", -4.0);
        set("ch/1/send/2/tap", "post");
        set("ch/1/gate/on", true);
        tablet.setViewport(1280, 800);
        open(tablet);
        tap(tablet, "#strips [data-strip=\"ch/1\"] .select");
        waitFor(() -> shown(tablet, "#detail .paste-panel .paste-go"), "the paste panel");
        if (!"true".equals(tablet.js("return document.querySelector('#detail .paste-sections [data-section=\"all\"]').getAttribute('aria-pressed')"))) {
            tap(tablet, "#detail .paste-sections [data-section=\"all\"]");
        }
        tap(tablet, "#detail .paste-every");
        tap(tablet, "#detail .paste-go");
        List<String> all = List.of("hpf", "gate", "eq", "comp", "sends");
        waitFor(() -> {
            JsonObject v = restState();
            for (int ch = 2; ch <= 20; ch++) if (!section(v, 1, all).equals(section(v, ch, all))) return false;
            return true;
        }, "every channel holds ch/1's HPF, gate, EQ, compressor and sends");
        assertEquals("post", restState().getString("ch/20/send/2/tap"));
        tap(tablet, "#detail .detail-close");
    }
}
