package org.jackdesk.control.ui;

import static org.jackdesk.control.ui.BrowserTestSupport.assertNoConsoleErrors;
import static org.jackdesk.control.ui.BrowserTestSupport.assumeChromium;
import static org.jackdesk.control.ui.BrowserTestSupport.closeAll;
import static org.jackdesk.control.ui.BrowserTestSupport.shot;
import static org.jackdesk.control.ui.BrowserTestSupport.sleep;
import static org.jackdesk.control.ui.BrowserTestSupport.tap;
import static org.jackdesk.control.ui.BrowserTestSupport.waitFor;
import static org.jackdesk.control.ui.BrowserTestSupport.waitOnline;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.control.Console;
import org.jackdesk.control.ui.BrowserTestSupport.TestConsole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Scene safes and cue-list editing on the tablet (issue 23, slice 4), in real headless Chromium
 * against a real console: a safe section and a typed strip, a cue list built, reordered and cut —
 * each reaching the server ({@code GET /api/scenes/safes}, {@code /cues}), shown on the phone at
 * once and after a reload; and a recall then keeping what is safe.
 */
class WebUiSceneEditBrowserTest {
    private static TestConsole server;
    private static Console console;
    private static Chromium tablet;
    private static Chromium phone;

    @BeforeAll
    static void start() throws Exception {
        assumeChromium();
        server = TestConsole.start(ConfigJson.builtinDefault());
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
        assertNoConsoleErrors(tablet, phone);
    }

    static void openScenes(Chromium c) {
        c.driver.get(server.url());
        waitOnline(c);
        c.js("document.getElementById('tab-scenes').click()");
        waitFor(() -> Boolean.TRUE.equals(c.js("return document.querySelectorAll('#scenesview .scene-row').length >= 3")), "the scenes are listed");
        sleep(100);
    }

    static JsonArray rest(String path) {
        try {
            HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            String b = r.body().trim();
            if (b.startsWith("[")) return new JsonArray(b);
            JsonObject o = new JsonObject(b);
            return o.getJsonArray(o.containsKey("safes") ? "safes" : "cues");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void type(Chromium c, String css, String text) {
        WebElement in = c.driver.findElement(By.cssSelector(css));
        c.js("arguments[0].scrollIntoView({block: 'nearest'}); arguments[0].focus();", in);
        in.sendKeys(text);
    }

    @Test
    void safesAndACueListAreEditedOnTheTabletAndSeenOnThePhone() throws Exception {
        console.state().set("ch/16/fader", -5.0, "test");
        console.state().set("ch/1/eq/2/gain", 4.0, "test");
        int verse = console.scenes().save("Verse", List.of(), 0).id();
        int chorus = console.scenes().save("Chorus", List.of(), 0).id();
        int outro = console.scenes().save("Outro", List.of(), 0).id();
        openScenes(tablet);
        openScenes(phone);

        // Safes: the EQ section, and channel 16 typed in.
        tap(tablet, "#scenesview .safe-section[data-safe=\"eq\"]");
        waitFor(() -> rest("/api/scenes/safes").getList().equals(List.of("eq")), "the server has the EQ safe");
        type(tablet, "#scenesview .safe-input", "ch/16");
        tap(tablet, "#scenesview .safe-add");
        waitFor(() -> rest("/api/scenes/safes").getList().equals(List.of("eq", "ch/16")), "and ch/16");
        waitFor(() -> Boolean.TRUE.equals(phone.js("return !!document.querySelector('#scenesview .safe-chip[data-safe=\"ch/16\"]')")),
                "the phone shows the safes");
        // A bad selector: the server says why, nothing changes.
        type(tablet, "#scenesview .safe-input", "chh/3");
        tap(tablet, "#scenesview .safe-add");
        waitFor(() -> String.valueOf(tablet.js("return document.getElementById('toast').textContent")).contains("chh"), "the refusal is shown");
        assertEquals(List.of("eq", "ch/16"), rest("/api/scenes/safes").getList());

        // The cue list: Chorus (3 s), Verse, Outro — then Verse moved up and Outro cut.
        tap(tablet, "#scenesview .scene-row[data-scene=\"" + chorus + "\"]");
        tap(tablet, "#scenesview .scene-fades [data-fade=\"3\"]");
        type(tablet, "#scenesview .cue-label-input", "Big chorus");
        tap(tablet, "#scenesview .cue-add");
        waitFor(() -> rest("/api/scenes/cues").size() == 1, "one cue");
        tap(tablet, "#scenesview .scene-row[data-scene=\"" + verse + "\"]");
        tap(tablet, "#scenesview .scene-fades [data-fade=\"\"]");
        tap(tablet, "#scenesview .cue-add");
        tap(tablet, "#scenesview .scene-row[data-scene=\"" + outro + "\"]");
        waitFor(() -> rest("/api/scenes/cues").size() == 2, "two cues");
        tap(tablet, "#scenesview .cue-add");
        waitFor(() -> rest("/api/scenes/cues").size() == 3, "three cues");
        JsonObject first = rest("/api/scenes/cues").getJsonObject(0);
        assertEquals(chorus, first.getInteger("scene"));
        assertEquals(3000, first.getInteger("fadeMs"));
        assertEquals("Big chorus", first.getString("label"));
        tap(tablet, "#scenesview .cue-edit-row[data-index=\"1\"] .cue-up");
        waitFor(() -> rest("/api/scenes/cues").getJsonObject(0).getInteger("scene") == verse, "Verse moved to the top");
        tap(tablet, "#scenesview .cue-edit-row[data-index=\"2\"] .cue-remove");
        waitFor(() -> rest("/api/scenes/cues").size() == 2, "Outro's cue cut");
        assertEquals(List.of(verse, chorus), rest("/api/scenes/cues").stream().map(o -> ((JsonObject) o).getInteger("scene")).toList());
        waitFor(() -> Long.valueOf(2).equals(phone.js("return document.querySelectorAll('#scenesview .cue-edit-row').length")), "the phone has the cues");
        shot(tablet, "scene-edit-safes-cues-1024x768");
        phone.js("document.querySelector('#scenesview .scenes-cuelist').scrollIntoView()");
        shot(phone, "scene-edit-safes-cues-390x844");

        // After a reload, and a GO that keeps the safe channel and EQ.
        openScenes(tablet);
        assertEquals(2L, tablet.js("return document.querySelectorAll('#scenesview .cue-edit-row').length"));
        assertEquals("true", tablet.js("return document.querySelector('#scenesview .safe-section[data-safe=\"eq\"]').getAttribute('aria-pressed')"));
        console.state().set("ch/16/fader", 0.0, "test");
        console.state().set("ch/1/eq/2/gain", 0.0, "test");
        tap(tablet, "#scenesview .scene-go");
        waitFor(() -> "0".equals(tablet.js("return document.getElementById('scenesview').dataset.currentCue")), "the first cue ran");
        assertEquals(0.0, console.state().get("ch/16/fader"), "ch/16 is safe");
        assertEquals(0.0, console.state().get("ch/1/eq/2/gain"), "EQ is safe");
    }
}
