package org.jackdesk.control.ui;

import static org.jackdesk.control.ui.BrowserTestSupport.assumeChromium;
import static org.jackdesk.control.ui.BrowserTestSupport.closeAll;
import static org.jackdesk.control.ui.BrowserTestSupport.shot;
import static org.jackdesk.control.ui.BrowserTestSupport.sleep;
import static org.jackdesk.control.ui.BrowserTestSupport.tap;
import static org.jackdesk.control.ui.BrowserTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jackdesk.engine.EngineCommand;
import org.jackdesk.engine.MeterBank;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Meters that tell the truth, in real headless Chromium against a real control server: clip and
 * over latches cleared from the tablet on the server (every device sees it), the post-fader
 * meter's own dBFS scale, labelled gate and compressor gain reduction, the compressor's live point.
 */
class WebUiMetersBrowserTest {
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
    void freshPage() {
        server.resetValues();
        server.engine.latch();
        open(tablet);
    }

    @AfterEach
    void noConsoleErrors() {
        List<String> errors = tablet.severeConsole();
        assertTrue(errors.isEmpty(), "console errors: " + errors);
    }

    static void open(Chromium c) {
        BrowserTestSupport.open(c, server.url());
    }

    private static boolean lit(Chromium c, String strip) {
        return Boolean.TRUE.equals(c.js("return document.querySelector('[data-strip=\"' + arguments[0] + '\"] .clip').classList.contains('on')", strip));
    }

    private static boolean lit(Chromium c, String container, String strip) {
        return Boolean.TRUE.equals(c.js("return document.querySelector(arguments[0] + ' [data-strip=\"' + arguments[1] + '\"] .clip').classList.contains('on')",
                container, strip));
    }

    @Test
    void tappingAChannelsClipLightClearsTheServersLatchOnEveryTablet() throws Exception {
        try (Chromium other = new Chromium(1024, 768)) {
            open(other);
            waitFor(() -> lit(tablet, "ch/2") && lit(other, "ch/2"), "both tablets show ch/2's clip latch from the server");
            assertFalse(lit(tablet, "ch/1"), "ch/1 never clipped");
            tap(tablet, "[data-strip=\"ch/2\"] .strip-in");
            waitFor(() -> !server.engine.latched(MeterBank.channelTarget(1)), "the server's ch/2 latch is cleared");
            waitFor(() -> !lit(tablet, "ch/2") && !lit(other, "ch/2"), "the light goes out on both tablets");
            assertTrue(server.engine.latched(server.engine.meters().busTarget(UiServer.LAYOUT.buses().size())),
                    "the main's over latch is not a channel's");
            assertTrue(other.severeConsole().isEmpty());
        }
    }

    @Test
    void theMainShowsItsOverLatchAndClearAllClearsEveryLatch() {
        waitFor(() -> lit(tablet, "#master", "main"), "the main strip shows the server's over latch");
        assertEquals("OVER", tablet.js("return document.querySelector('#master [data-strip=\"main\"] .clip').textContent"));
        assertFalse(lit(tablet, "#mainview", "bus/1"), "bus 1 has not been over");
        tap(tablet, "#clear-clips");
        waitFor(() -> server.engine.commands.contains(EngineCommand.RESET_CLIPS), "CLR CLIP reaches the engine");
        waitFor(() -> !lit(tablet, "#master", "main") && !lit(tablet, "ch/2"), "every latch goes out");

        server.engine.latch();
        waitFor(() -> lit(tablet, "#master", "main"), "latched again");
        tap(tablet, "#master [data-strip=\"main\"] .strip-in");
        waitFor(() -> !lit(tablet, "#master", "main"), "a tap on the main's OVER clears it");
        assertTrue(server.engine.latched(MeterBank.channelTarget(1)), "and nothing else");
    }

    @Test
    void thePostFaderMeterHasItsOwnDbfsScaleWithZoneColours() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> marks = (List<Map<String, Object>>) tablet.js(
                "const w = document.querySelector('[data-strip=\"ch/1\"] .meter-post-wrap');"
                        + "const c = w.querySelector('canvas.meter-post').getBoundingClientRect();"
                        + "return [...w.querySelectorAll('.meter-post-scale span')].map(s => { const b = s.getBoundingClientRect();"
                        + " return {text: s.textContent, db: Number(s.dataset.db), y: (b.top + b.bottom) / 2, top: b.top, bottom: b.bottom,"
                        + " ctop: c.top, cbottom: c.bottom, colour: getComputedStyle(s).color}; });");
        assertEquals(List.of("0", "\u22126", "\u221212", "\u221218", "\u221230", "\u221242", "\u221260"),
                marks.stream().map(m -> m.get("text")).toList(), "dBFS marks with real minus signs");
        for (Map<String, Object> m : marks) {
            double db = ((Number) m.get("db")).doubleValue();
            double top = ((Number) m.get("ctop")).doubleValue(), bottom = ((Number) m.get("cbottom")).doubleValue();
            double levelY = bottom - (db + 60) / 60 * (bottom - top); // where the meter draws that level
            double y0 = ((Number) m.get("top")).doubleValue(), y1 = ((Number) m.get("bottom")).doubleValue();
            assertTrue(levelY >= y0 - 1 && levelY <= y1 + 1, m.get("text") + " label spans " + y0 + "…" + y1 + ", the meter draws it at " + levelY);
            String colour = (String) m.get("colour");
            String zone = db >= -6 ? "rgb(255, 59, 48)" : db >= -18 ? "rgb(232, 195, 28)" : "rgb(47, 194, 91)";
            assertEquals(zone, colour, m.get("text") + " in its zone's colour");
        }
        // the fader's own "0" is not the meter's -18: the two scales are separate columns
        assertTrue(Boolean.TRUE.equals(tablet.js("return !!document.querySelector('[data-strip=\"ch/1\"] .fader-scale span.unity')")));
    }

    @Test
    void theMainViewsMeterScaleHasMinusSigns() {
        tablet.js("window.jackdesk.showView('main')");
        @SuppressWarnings("unchecked")
        List<String> labels = (List<String>) tablet.js("return [...document.querySelectorAll('#mainview .meter-bar .meter-scale span')].map(s => s.textContent)");
        assertEquals(List.of("0", "\u22126", "\u221212", "\u221218", "\u221230", "\u221242", "\u221260"), labels);
        tablet.js("window.jackdesk.showView('mixer')");
    }

    @Test
    void gateAndCompressorEachHaveTheirOwnLabelledReadableIndicator() {
        // the test programme: ch 1 gates (-2 dB x env) and compresses (-6 dB x env); ch 2 neither
        String gate = "[data-strip=\"ch/1\"] .strip-gr .gr-bar:nth-child(1)", comp = "[data-strip=\"ch/1\"] .strip-gr .gr-bar:nth-child(2)";
        assertEquals("GATE", tablet.js("return document.querySelector(arguments[0] + ' .gr-name').textContent", gate));
        assertEquals("COMP", tablet.js("return document.querySelector(arguments[0] + ' .gr-name').textContent", comp));
        waitFor(() -> ((Number) tablet.js("return Number(document.querySelector(arguments[0]).dataset.gr)", comp)).doubleValue() < -2.5,
                "the compressor's reduction is shown");
        double g = ((Number) tablet.js("return Number(document.querySelector(arguments[0]).dataset.gr)", gate)).doubleValue();
        double c = ((Number) tablet.js("return Number(document.querySelector(arguments[0]).dataset.gr)", comp)).doubleValue();
        assertTrue(g < -0.5 && g > -2.01, "gate reduction " + g + " is the gate's, not the compressor's");
        assertTrue(c < -2.5 && c > -6.01, "compressor reduction " + c);
        String text = (String) tablet.js("return document.querySelector(arguments[0] + ' .gr-value').textContent", comp);
        assertTrue(text.startsWith("\u2212"), "the reduction is written in dB: " + text);
        for (String bar : new String[] {gate, comp}) {
            double w = ((Number) tablet.js("return document.querySelector(arguments[0]).getBoundingClientRect().width", bar)).doubleValue();
            double h = ((Number) tablet.js("return document.querySelector(arguments[0] + ' canvas').getBoundingClientRect().height", bar)).doubleValue();
            assertTrue(w >= 80 && h >= 6, bar + " is " + w + "x" + h + " px");
        }
        assertEquals("0", tablet.js("return document.querySelector('[data-strip=\"ch/2\"] .strip-gr .gr-bar:nth-child(1) .gr-value').textContent"));
    }

    @Test
    void theCompressorsLivePointUsesTheDetectorInput() {
        tablet.js("window.jackdesk.select(1)");
        double expected = 20 * Math.log10(UiTestEngine.CH1_COMP_IN);
        waitFor(() -> Math.abs(((Number) tablet.js("return window.jackdesk.detail.comp.inDb")).doubleValue() - expected) < 0.01,
                "the compressor's live point sits at the detector level " + expected + " dBFS");
        tablet.js("window.jackdesk.detail.close()");
    }

    @Test
    void screenshotOfTheMetersAtTabletSize() throws Exception {
        sleep(700);
        shot(tablet, "meters-1024x768");
        tablet.js("window.jackdesk.showView('main')");
        sleep(400);
        shot(tablet, "meters-main-1024x768");
        tablet.js("window.jackdesk.showView('mixer')");
    }
}
