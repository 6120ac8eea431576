package org.jackdesk.control.ui;

import static org.jackdesk.control.ui.BrowserTestSupport.assertNoConsoleErrors;
import static org.jackdesk.control.ui.BrowserTestSupport.assumeChromium;
import static org.jackdesk.control.ui.BrowserTestSupport.closeAll;
import static org.jackdesk.control.ui.BrowserTestSupport.d;
import static org.jackdesk.control.ui.BrowserTestSupport.drag;
import static org.jackdesk.control.ui.BrowserTestSupport.rect;
import static org.jackdesk.control.ui.BrowserTestSupport.shot;
import static org.jackdesk.control.ui.BrowserTestSupport.shown;
import static org.jackdesk.control.ui.BrowserTestSupport.sleep;
import static org.jackdesk.control.ui.BrowserTestSupport.tap;
import static org.jackdesk.control.ui.BrowserTestSupport.text;
import static org.jackdesk.control.ui.BrowserTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jackdesk.control.ui.BrowserTestSupport.TestConsole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Custom fader layers (issue 23) in real headless Chromium against a real console with the shipped
 * configuration, at 1024×768 and 768×1024: a layer mixing channel 12, bus 2, DCA 1 and FX return 1 is
 * built with the LAYERS editor by touch (added, reordered, one strip taken off again), saved on the
 * server (REST {@code /api/layers}); its strips stand on the faders in the layer's order and move the
 * console (REST {@code /api/state}), sends on faders work on it; it survives a reload; another
 * device sees the layer's button at once but keeps its own bank; and the bank bar with the layer
 * buttons is not cut, judged by element geometry.
 */
class WebUiLayersBrowserTest {
    private static TestConsole server;
    private static Chromium tablet;
    private static Chromium other;

    @BeforeAll
    static void start() throws Exception {
        assumeChromium();
        server = TestConsole.startDefault();
        tablet = new Chromium(1024, 768);
        other = new Chromium(768, 1024);
    }

    @AfterAll
    static void stop() throws Exception {
        closeAll(tablet, other);
        if (server != null) server.close();
    }

    @AfterEach
    void noConsoleErrors() {
        assertNoConsoleErrors(tablet, other);
    }

    static void open(Chromium c) {
        BrowserTestSupport.open(c, server.url());
        waitFor(() -> Boolean.TRUE.equals(c.js("return !!document.getElementById('layer-edit')")), "the layer bar is built");
        sleep(150); // the layer list arrives after the snapshot; the bank indicator follows on the next frame
    }

    static JsonObject rest(String path) {
        return server.rest(path);
    }

    /** The console's value of {@code path}, from {@code GET /api/state}. */
    static Object value(String path) {
        return rest("/api/state").getJsonObject("values").getValue(path);
    }

    /** The strips shown in the mixer, left to right (by their position on screen). */
    @SuppressWarnings("unchecked")
    static List<String> shownStrips(Chromium c) {
        return (List<String>) c.js("return [...document.querySelectorAll('#strips > .strip')].filter(e => !e.hidden && e.getClientRects().length)"
                + ".sort((a, b) => a.getBoundingClientRect().left - b.getBoundingClientRect().left).map(e => e.dataset.strip)");
    }

    static boolean layerMode(Chromium c) {
        return Boolean.TRUE.equals(c.js("return document.body.classList.contains('layer-mode')"));
    }

    static final List<String> LAYER = List.of("ch/12", "dca/1", "bus/2", "fxret/1");

    @Test
    void aLayerBuiltByTouchPutsItsStripsOnTheFadersInOrderReachesTheConsoleSurvivesAReloadAndStaysPerDevice() throws Exception {
        int[][] sizes = {{1024, 768}, {768, 1024}};
        for (int[] size : sizes) {
            String at = " at " + size[0] + "×" + size[1];
            server.console().layers().load(List.of()); // every size starts from a show without layers
            tablet.setViewport(size[0], size[1]);
            other.setViewport(size[1], size[0]);
            for (Chromium c : List.of(tablet, other)) {
                c.driver.get(server.url());
                c.js("localStorage.clear()"); // each device starts on the built-in banks
                open(c);
            }
            assertEquals(0, ((Number) tablet.js("return document.querySelectorAll('#layerbar .layer-btn').length")).intValue());

            // Build it in the editor: ch 12, bus 2, DCA 1, FX return 1 and ch 1; DCA 1 moved left, ch 1 taken off again.
            tap(tablet, "#layer-edit");
            waitFor(() -> shown(tablet, "#layer-editor .layer-name"), "the editor opens" + at);
            WebElement name = tablet.driver.findElement(By.cssSelector("#layer-editor input.layer-name"));
            tablet.js("arguments[0].focus(); arguments[0].select();", name);
            name.sendKeys("Vocals");
            tablet.js("arguments[0].blur();", name);
            for (String s : List.of("ch/12", "bus/2", "dca/1", "fxret/1", "ch/1")) {
                tap(tablet, "#layer-editor .layer-add-btn[data-strip=\"" + s + "\"]");
                waitFor(() -> shown(tablet, "#layer-editor .layer-strip[data-strip=\"" + s + "\"]"), s + " is on the draft" + at);
            }
            Map<String, Number> add = rect(tablet, "#layer-editor .layer-add-btn[data-strip=\"ch/12\"]");
            assertTrue(d(add, "width") >= 44 && d(add, "height") >= 44, "a strip to add is a 44 px target" + at + ": " + add);
            Map<String, Number> up = rect(tablet, "#layer-editor .layer-strip[data-strip=\"dca/1\"] .layer-up");
            assertTrue(d(up, "width") >= 44 && d(up, "height") >= 44 && d(up, "right") <= size[0], "▲ is a 44 px target on screen" + at + ": " + up);
            tap(tablet, "#layer-editor .layer-strip[data-strip=\"dca/1\"] .layer-up");
            tap(tablet, "#layer-editor .layer-strip[data-strip=\"ch/1\"] .layer-remove");
            waitFor(() -> LAYER.equals(tablet.js("return [...document.querySelectorAll('#layer-editor .layer-strip')].map(e => e.dataset.strip)")),
                    "the draft is ch 12, DCA 1, bus 2, FX 1" + at);
            shot(tablet, "layers-editor-" + size[0] + "x" + size[1]);
            tap(tablet, "#layer-editor .layer-save");
            waitFor(() -> rest("/api/layers").getJsonArray("layers").size() == 1, "the layer reaches the server" + at);
            JsonObject saved = rest("/api/layers").getJsonArray("layers").getJsonObject(0);
            assertEquals("Vocals", saved.getString("name"));
            assertEquals(new JsonArray(LAYER), saved.getJsonArray("strips"), "the layer's strips in the order built" + at);
            int id = saved.getInteger("id");
            tap(tablet, "#layer-editor .layer-close");
            waitFor(() -> !shown(tablet, "#layer-editor"), "the editor closes");

            // This tablet now shows the layer: its real strips, in its order, wholly on screen, its button lit.
            waitFor(() -> layerMode(tablet) && LAYER.equals(shownStrips(tablet)), "the layer is on the faders" + at);
            Map<String, Number> strips = rect(tablet, "#strips");
            for (String s : LAYER) {
                Map<String, Number> r = rect(tablet, "#strips [data-strip=\"" + s + "\"]");
                assertTrue(d(r, "left") >= d(strips, "left") - 1 && d(r, "right") <= d(strips, "right") + 1 && d(r, "top") >= d(rect(tablet, "#topbar"), "bottom") - 0.5,
                        s + " is wholly on screen below the top bar" + at + ": " + r);
                Map<String, Number> mute = rect(tablet, "#strips [data-strip=\"" + s + "\"] .toggle.mute");
                assertTrue(d(mute, "width") >= 44 && d(mute, "height") >= 44, s + "'s MUTE is a 44 px target" + at);
            }
            assertEquals("Vocals", tablet.js("const b = document.querySelector('#layerbar .layer-btn.current'); return b && b.textContent"));
            waitFor(() -> Long.valueOf(0).equals(tablet.js("return document.querySelectorAll('#banks .bank-btn.current').length")),
                    "no built-in bank is lit while a layer shows" + at);
            assertBankBarWhole(tablet, size[0], at);
            shot(tablet, "layers-" + size[0] + "x" + size[1]);

            // Its faders and buttons are the console's: each reaches the server.
            for (String s : LAYER) {
                Object before = value(s + "/fader");
                drag(tablet, "#strips [data-strip=\"" + s + "\"] .fader-cap", 0, -30);
                waitFor(() -> !Objects.equals(before, value(s + "/fader")), s + "'s fader moves the console" + at);
            }
            Object muted = value("ch/12/mute");
            tap(tablet, "#strips [data-strip=\"ch/12\"] .toggle.mute");
            waitFor(() -> !Objects.equals(muted, value("ch/12/mute")), "ch 12's MUTE reaches the console" + at);

            // Sends on faders on the layer: the strips with a send into Mon 1 (ch 12 and FX return 1), their sends.
            tablet.js("const s = document.getElementById('sends'); s.value = '1'; s.dispatchEvent(new Event('change'));");
            waitFor(() -> List.of("ch/12", "fxret/1").equals(shownStrips(tablet)), "in Mon 1's mix the layer shows its strips with sends" + at);
            Object send = value("ch/12/send/1/level");
            drag(tablet, "#strips [data-strip=\"ch/12\"] .fader-cap", 0, -30);
            waitFor(() -> !Objects.equals(send, value("ch/12/send/1/level")), "ch 12's fader is its send to Mon 1" + at);
            tablet.js("const s = document.getElementById('sends'); s.value = ''; s.dispatchEvent(new Event('change'));");
            waitFor(() -> LAYER.equals(shownStrips(tablet)), "back in the main mix" + at);

            // The other device sees the layer at once but keeps its own bank.
            waitFor(() -> "Vocals".equals(other.js("const b = document.querySelector('#layerbar .layer-btn'); return b && b.textContent")),
                    "the other device gets the layer's button" + at);
            assertTrue(!layerMode(other) && shownStrips(other).contains("ch/1") && shownStrips(other).size() > LAYER.size(),
                    "the other device stays on its banks" + at);
            assertBankBarWhole(other, size[1], " on the other device at " + size[1] + "×" + size[0]);
            // There it may pick the layer and leave it again by a built-in bank; this tablet stays on it.
            tap(other, "#layerbar .layer-btn[data-layer=\"" + id + "\"]");
            waitFor(() -> layerMode(other) && LAYER.equals(shownStrips(other)), "the other device shows the layer when it picks it");
            shot(other, "layers-" + size[1] + "x" + size[0] + "-other");
            tap(other, "#banks .bank-btn[data-first=\"ch/9\"]");
            waitFor(() -> !layerMode(other) && "9–16".equals(other.js("const b = document.querySelector('#banks .bank-btn.current'); return b && b.textContent")),
                    "a built-in bank leaves the layer" + at);
            assertTrue(layerMode(tablet) && LAYER.equals(shownStrips(tablet)), "this tablet stays on its layer" + at);

            // A reload: the layer from the server, the choice from this device.
            open(tablet);
            waitFor(() -> layerMode(tablet) && LAYER.equals(shownStrips(tablet)), "the layer is on the faders after a reload" + at);
            open(other);
            waitFor(() -> !layerMode(other), "the other device is back on its banks after a reload");
            assertTrue(shownStrips(other).contains("ch/1"));
        }
    }

    /** DELETE in the editor asks for a second tap: the first only arms it (CONFIRM), the second deletes the layer on the console. */
    @Test
    void deletingALayerTakesASecondTap() throws Exception {
        server.console().layers().load(List.of());
        server.console().layers().save(null, "Drums", List.of("ch/1", "ch/2"));
        tablet.setViewport(1024, 768);
        tablet.driver.get(server.url());
        tablet.js("localStorage.clear()");
        open(tablet);
        tap(tablet, "#layer-edit");
        waitFor(() -> shown(tablet, "#layer-editor .layer-delete")
                && Boolean.FALSE.equals(tablet.js("return document.querySelector('#layer-editor .layer-delete').disabled")), "the editor opens on Drums");
        tap(tablet, "#layer-editor .layer-delete");
        waitFor(() -> "CONFIRM".equals(text(tablet, "#layer-editor .layer-delete")), "the first tap arms DELETE");
        assertEquals(1, rest("/api/layers").getJsonArray("layers").size(), "one tap deletes nothing");
        tap(tablet, "#layer-editor .layer-delete");
        waitFor(() -> rest("/api/layers").getJsonArray("layers").isEmpty(), "the second tap deletes the layer on the console");
        waitFor(() -> Long.valueOf(0).equals(tablet.js("return document.querySelectorAll('#layerbar .layer-btn').length")), "its button goes");
        tap(tablet, "#layer-editor .layer-close");
    }

    /** Nothing in the top bar (the layer buttons included) runs off the screen or out of the bar, and neither bank row scrolls. */
    static void assertBankBarWhole(Chromium c, int width, String at) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cut = (List<Map<String, Object>>) c.js(
                "const bar = document.getElementById('topbar').getBoundingClientRect();"
                        + "return [...document.querySelectorAll('#topbar > *, #banks .bank-btn, #layerbar > *')].filter(e => e.getClientRects().length"
                        + " && getComputedStyle(e).visibility !== 'hidden').map(e => ({id: e.id || e.textContent, r: e.getBoundingClientRect()}))"
                        + ".filter(x => x.r.right > innerWidth + 0.5 || x.r.left < -0.5 || x.r.bottom > bar.bottom + 0.5)"
                        + ".map(x => ({id: x.id, right: x.r.right, bottom: x.r.bottom}));");
        assertEquals(List.of(), cut, "top bar elements cut off" + at);
        for (String bar : List.of("banks", "layerbar")) {
            assertTrue(((Number) c.js("const b = document.getElementById(arguments[0]); return b.scrollWidth - b.clientWidth", bar)).doubleValue() <= 1,
                    "#" + bar + " does not scroll" + at);
        }
        assertTrue(shown(c, "#layerbar .layer-btn") && shown(c, "#layer-edit"), "the layer buttons show" + at);
        assertNotEquals(0.0, d(rect(c, "#layerbar .layer-btn"), "width"));
        assertTrue(d(rect(c, "#layer-edit"), "right") <= width, "LAYERS is on screen" + at);
    }
}
