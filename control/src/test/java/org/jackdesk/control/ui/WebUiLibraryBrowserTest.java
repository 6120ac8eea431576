package org.jackdesk.control.ui;

import static org.jackdesk.control.ChannelSections.section;
import static org.jackdesk.control.ui.BrowserTestSupport.assertNoConsoleErrorsBut;
import static org.jackdesk.control.ui.BrowserTestSupport.assumeChromium;
import static org.jackdesk.control.ui.BrowserTestSupport.closeAll;
import static org.jackdesk.control.ui.BrowserTestSupport.d;
import static org.jackdesk.control.ui.BrowserTestSupport.openSettled;
import static org.jackdesk.control.ui.BrowserTestSupport.rect;
import static org.jackdesk.control.ui.BrowserTestSupport.shot;
import static org.jackdesk.control.ui.BrowserTestSupport.shown;
import static org.jackdesk.control.ui.BrowserTestSupport.sleep;
import static org.jackdesk.control.ui.BrowserTestSupport.tap;
import static org.jackdesk.control.ui.BrowserTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jackdesk.control.Console;
import org.jackdesk.control.ui.BrowserTestSupport.TestConsole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The channel library from the tablet (issue 23), in real headless Chromium against a real
 * console: SAVE PRESET in a channel's detail, LOAD onto another channel (the Copy & paste
 * targets) and onto the open one, the targets holding exactly the saved values in the console
 * state (REST {@code /api/state}), a second device (a phone) following, the library still there
 * after a reload, a file imported (and a bad one refused with where), a preset deleted, and the
 * panel at 390×844.
 */
class WebUiLibraryBrowserTest {
    private static TestConsole server;
    private static Console console;
    private static Chromium tablet;
    private static Chromium phone;

    @BeforeAll
    static void start() throws Exception {
        assumeChromium();
        server = TestConsole.startDefault();
        console = server.console();
        tablet = new Chromium(1024, 768);
        phone = new Chromium(390, 844);
    }

    @AfterAll
    static void stop() throws Exception {
        closeAll(tablet, phone);
        if (server != null) server.close();
    }

    @AfterEach
    void noConsoleErrors() {
        // the refused import answers 400: the browser logs the failed fetch, which is the point of that step
        assertNoConsoleErrorsBut(m -> m.contains("/api/library") && m.contains("400"), tablet, phone);
    }

    static void open(Chromium c) {
        openSettled(c, server.url());
    }

    static JsonObject restState() {
        return server.restState();
    }

    static void set(String path, Object v) {
        server.set(path, v);
    }

    static String row(String preset) {
        return "#detail .library-row[data-preset=\"" + preset + "\"]";
    }

    static void pressed(Chromium c, String css, boolean on) {
        if (on != "true".equals(c.js("return document.querySelector(arguments[0]).getAttribute('aria-pressed')", css))) tap(c, css);
    }

    @Test
    void aPresetSavedOnOneChannelLoadsExactlyOntoOthersIsSeenEverywhereAndSurvivesAReload() throws Exception {
        set("ch/1/hpf/on", true);
        set("ch/1/hpf/freq", 120.0);
        set("ch/1/eq/on", true);
        set("ch/1/eq/2/freq", 420.0);
        set("ch/1/eq/2/gain", -5.5);
        set("ch/1/eq/3/gain", 3.0);
        set("ch/1/eq/4/type", "peak");
        set("ch/1/comp/on", true);
        set("ch/1/comp/threshold", -22.0);
        set("ch/1/comp/ratio", 4.0);
        List<String> secs = List.of("eq", "comp");
        Map<String, Object> saved = section(restState(), 1, secs);
        tablet.setViewport(1024, 768);
        open(tablet);
        open(phone);

        // SAVE PRESET: the sections chosen in Copy & paste (EQ and COMP), under a name.
        tap(tablet, "#strips [data-strip=\"ch/1\"] .select");
        waitFor(() -> shown(tablet, "#detail .library-panel .library-save"), "the detail has the library panel");
        pressed(tablet, "#detail .paste-sections [data-section=\"eq\"]", true);
        pressed(tablet, "#detail .paste-sections [data-section=\"comp\"]", true);
        pressed(tablet, "#detail .paste-sections [data-section=\"hpf\"]", false);
        tablet.driver.findElement(By.cssSelector("#detail .library-name")).sendKeys("Lead vox");
        waitFor(() -> "Saves EQ COMP (chosen in Copy & paste)".equals(tablet.js("return document.querySelector('#detail .library-secs').textContent")),
                "the panel says what SAVE keeps");
        tap(tablet, "#detail .library-save");
        waitFor(() -> shown(tablet, row("Lead vox")), "the preset is listed");
        assertEquals(saved.size(), console.scenes().library().get("Lead vox").values().size(), "the server keeps it");
        assertEquals(List.of("eq", "comp"), console.scenes().library().get("Lead vox").sections());

        // The preset keeps the values of the moment it was saved.
        set("ch/1/eq/2/gain", 8.0);

        // LOAD → n: onto the channels chosen in Copy & paste (channel 4).
        tap(tablet, "#detail .paste-targets [data-ch=\"4\"]");
        waitFor(() -> "LOAD → 1".equals(tablet.js("return document.querySelector(arguments[0]).textContent", row("Lead vox") + " .library-load-targets")),
                "LOAD → 1");
        shot(tablet, "library-1024x768");
        tap(tablet, row("Lead vox") + " .library-load-targets");
        waitFor(() -> saved.equals(section(restState(), 4, secs)), "ch/4 holds exactly the preset's EQ and compressor (REST state)");
        JsonObject v = restState();
        assertEquals(-5.5, v.getDouble("ch/4/eq/2/gain"));
        assertEquals("peak", v.getString("ch/4/eq/4/type"));
        assertEquals(false, v.getBoolean("ch/4/hpf/on"), "the high-pass was not in the preset");
        assertEquals(0.0, v.getDouble("ch/5/eq/2/gain"), "ch/5 was not a target");
        // The second device follows.
        waitFor(() -> Double.valueOf(-5.5).equals(phone.js("return window.jackdesk.store.num('ch/4/eq/2/gain')")), "the phone has ch/4's EQ");

        // LOAD onto the open channel: channel 2's detail.
        tap(tablet, "#detail .detail-close");
        tap(tablet, "#strips [data-strip=\"ch/2\"] .select");
        waitFor(() -> shown(tablet, row("Lead vox") + " .library-load"), "channel 2's detail lists the preset");
        tap(tablet, row("Lead vox") + " .library-load");
        waitFor(() -> saved.equals(section(restState(), 2, secs)), "ch/2 holds exactly the preset");
        waitFor(() -> Double.valueOf(-5.5).equals(phone.js("return window.jackdesk.store.num('ch/2/eq/2/gain')")), "the phone has ch/2's EQ");

        // A reload: the library and the loaded values are still there.
        tap(tablet, "#detail .detail-close");
        open(tablet);
        assertEquals(-5.5, ((Number) tablet.js("return window.jackdesk.store.num('ch/4/eq/2/gain')")).doubleValue(), "after a reload");
        tap(tablet, "#strips [data-strip=\"ch/3\"] .select");
        waitFor(() -> shown(tablet, row("Lead vox")), "the library after a reload");

        // IMPORT a library file; a bad one is refused with where, and adds nothing.
        Path dir = Files.createTempDirectory("jackdesk-library-");
        Path good = dir.resolve("kit.json");
        Files.writeString(good, "{\"format\":\"jackdesk-library\",\"version\":1,\"presets\":[{\"name\":\"Kick\",\"sections\":[\"eq\"],"
                + "\"values\":{\"eq/on\":true,\"eq/1/gain\":4.5}}]}");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\":\"jackdesk-library\",\"version\":1,\"presets\":[{\"name\":\"Snare\",\"sections\":[\"eq\"],"
                + "\"values\":{\"eq/9/gain\":4.5}}]}");
        tablet.driver.findElement(By.cssSelector("#detail .library-file")).sendKeys(bad.toString());
        waitFor(() -> String.valueOf(tablet.js("return document.querySelector('#toast').textContent")).contains("presets[0].values[\"eq/9/gain\"]"),
                "the refusal says where");
        assertEquals(1, console.scenes().library().presets().size(), "nothing added");
        tablet.driver.findElement(By.cssSelector("#detail .library-file")).sendKeys(good.toString());
        waitFor(() -> shown(tablet, row("Kick")), "the imported preset is listed");
        assertEquals(4.5, console.scenes().library().get("Kick").values().get("eq/1/gain"));
        // EXPORT: the link downloads the library file with both presets.
        Object exported = tablet.driver.executeAsyncScript("const done = arguments[0];"
                + " fetch(document.querySelector('#detail .library-export').href).then(r => r.json()).then(j => done(j.presets.map(p => p.name)));");
        assertEquals(List.of("Lead vox", "Kick"), exported);

        // DEL twice: gone on every device.
        tap(tablet, row("Kick") + " .library-delete");
        assertTrue(shown(tablet, row("Kick")), "one tap only arms it");
        tap(tablet, row("Kick") + " .library-delete");
        waitFor(() -> !shown(tablet, row("Kick")), "deleted");
        assertEquals(List.of("Lead vox"), console.scenes().library().presets().stream().map(p -> p.name()).toList());

        // The panel at 390×844: everything inside the screen, every button a finger's size.
        tablet.setViewport(390, 844);
        waitFor(() -> Boolean.TRUE.equals(tablet.js("return document.body.classList.contains('phone')")), "phone layout");
        waitFor(() -> shown(tablet, "#detail .library-panel .library-save"), "the library panel at 390×844");
        tablet.js("document.querySelector('#detail .library-panel').scrollIntoView({block: 'start'})");
        sleep(100);
        shot(tablet, "library-390x844");
        for (String css : List.of("#detail .library-save", row("Lead vox") + " .library-load", row("Lead vox") + " .library-load-targets",
                row("Lead vox") + " .library-delete", "#detail .library-export", "#detail .library-import")) {
            Map<String, Number> r = rect(tablet, css);
            assertTrue(d(r, "right") <= 390.5 && d(r, "left") >= -0.5, css + " inside the screen: " + r);
            assertTrue(d(r, "height") >= 44 && d(r, "width") >= 44, css + " is a finger's size: " + r);
        }
        tablet.setViewport(1024, 768);
        tap(tablet, "#detail .detail-close");
        assertNotEquals(saved, section(restState(), 1, secs), "channel 1 moved on since the save; the preset did not");
    }
}
