package org.jackdesk.control.ui;

import static org.jackdesk.control.ui.BrowserTestSupport.assumeChromium;
import static org.jackdesk.control.ui.BrowserTestSupport.closeAll;
import static org.jackdesk.control.ui.BrowserTestSupport.shot;
import static org.jackdesk.control.ui.BrowserTestSupport.sleep;
import static org.jackdesk.control.ui.BrowserTestSupport.tap;
import static org.jackdesk.control.ui.BrowserTestSupport.waitFor;
import static org.jackdesk.control.ui.BrowserTestSupport.waitOnline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.show.Cue;
import org.jackdesk.config.show.Scene;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.control.ControlServer;
import org.jackdesk.control.ServerOptions;
import org.jackdesk.control.scene.LiveShow;
import org.jackdesk.control.scene.Notices;
import org.jackdesk.control.ui.BrowserTestSupport.TestConsole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The SCENES view in real headless Chromium against a real control server that keeps scenes (a
 * {@link LiveShow} with glides on a Vert.x timer, as {@code jackdesk start} builds it). Fingers are
 * W3C touch pointer actions; the server's {@link SceneManager} and console state are the judge.
 */
class WebUiScenesBrowserTest {
    private static final String FADER = "ch/1/fader";

    private static TestConsole server;
    private static Vertx vertx;
    private static ConsoleState state;
    private static SceneManager scenes;
    private static Notices notices;
    private static Chromium tablet;

    @BeforeAll
    static void start() throws Exception {
        assumeChromium();
        server = TestConsole.start(ConfigJson.builtinDefault());
        vertx = server.vertx;
        state = server.state();
        scenes = server.console().scenes();
        notices = server.console().notices();
        tablet = new Chromium(1024, 768);
    }

    @AfterAll
    static void stop() throws Exception {
        closeAll(tablet);
        if (server != null) server.close();
    }

    @BeforeEach
    void freshShow() throws Exception {
        for (Scene s : scenes.scenes()) scenes.delete(s.id());
        scenes.setCues(List.of());
        if (scenes.canUndo()) scenes.undo();
        for (String key : List.of("autosave", "show_loaded")) notices.resolve(key, null);
        server.resetValues();
        open(tablet);
    }

    @AfterEach
    void noConsoleErrors() {
        List<String> errors = tablet.severeConsole();
        assertTrue(errors.isEmpty(), "console errors: " + errors);
    }


    // ---- helpers -----------------------------------------------------------------------------

    /** Loads the page, waits for the snapshot and the scene list, and opens the SCENES view. */
    private static void open(Chromium c) {
        c.driver.get(server.url());
        waitOnline(c);
        waitFor(() -> Boolean.TRUE.equals(c.js("return window.jackdesk.scenesView.available === true")),
                "the scene list arrives");
        tap(c, "#tab-scenes");
        waitFor(() -> "scenes".equals(c.js("return document.body.dataset.view")), "the scenes view opens");
    }

    private static String rowOf(int sceneId) {
        return "#scenesview .scene-row[data-scene=\"" + sceneId + "\"]";
    }

    private static boolean disabled(Chromium c, String css) {
        return Boolean.TRUE.equals(c.js("return document.querySelector(arguments[0]).disabled", css));
    }

    /** The scene id the tablet marks as the current cue, or -1. */
    private static int markedScene(Chromium c) {
        Object v = c.js("const r = document.querySelector('#scenesview .scene-row.current'); return r ? Number(r.dataset.scene) : -1;");
        return ((Number) v).intValue();
    }

    private static double fader() {
        try {
            return state.get(FADER);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void setFader(double db) {
        try {
            state.set(FADER, db, "test");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Scene saveOnServer(String name, double faderDb) throws Exception {
        setFader(faderDb);
        return scenes.save(name, List.of(), 0);
    }

    private static double sceneFader(int id) throws Exception {
        return ((Number) scenes.scene(id).values().get(FADER)).doubleValue();
    }

    // ---- tests -------------------------------------------------------------------------------

    @Test
    void savingFromTheInlineNameFieldStoresTheSceneAndASecondTabletListsIt() throws Exception {
        setFader(-7.5);
        tablet.driver.findElement(By.cssSelector("#scenesview .scene-name")).sendKeys("Soundcheck");
        tap(tablet, "#scenesview .scene-save");
        waitFor(() -> scenes.scenes().size() == 1, "the server has the new scene");
        Scene saved = scenes.scenes().get(0);
        assertEquals("Soundcheck", saved.name());
        assertEquals(-7.5, sceneFader(saved.id()), 1e-9, "the scene holds the console's fader");
        waitFor(() -> Boolean.TRUE.equals(tablet.js("return !!document.querySelector(arguments[0])", rowOf(saved.id()))),
                "the saving tablet lists it");
        assertEquals("", tablet.js("return document.querySelector('#scenesview .scene-name').value"), "the name field is cleared");
        try (Chromium other = new Chromium(1024, 768)) {
            open(other);
            assertEquals("Soundcheck", other.driver.findElement(By.cssSelector(rowOf(saved.id()) + " .scene-name-text")).getText());
            // A scene saved elsewhere (REST, another tablet) appears here without reloading.
            Scene second = scenes.save("Act 1", List.of(), 0);
            waitFor(() -> Boolean.TRUE.equals(other.js("return !!document.querySelector(arguments[0])", rowOf(second.id()))),
                    "the second tablet lists a scene saved on the server");
            assertTrue(other.severeConsole().isEmpty());
        }
    }

    @Test
    void saveWithAnEmptyNameSavesNothingAndFocusesTheField() {
        tap(tablet, "#scenesview .scene-save");
        waitFor(() -> Boolean.TRUE.equals(tablet.js(
                "return document.activeElement === document.querySelector('#scenesview .scene-name')")), "the name field has the focus");
        sleep(200);
        assertTrue(scenes.scenes().isEmpty(), "nothing was saved");
    }

    @Test
    void recallFromTheTabletBringsTheSavedValueBackWithTheChosenFade() throws Exception {
        Scene verse = saveOnServer("Verse", -12.0);
        saveOnServer("Chorus", -3.0);
        setFader(4.0);
        waitFor(() -> Boolean.TRUE.equals(tablet.js("return !!document.querySelector(arguments[0])", rowOf(verse.id()))),
                "Verse is listed");
        tap(tablet, rowOf(verse.id()));
        waitFor(() -> Boolean.TRUE.equals(tablet.js("return document.querySelector(arguments[0]).classList.contains('selected')",
                rowOf(verse.id()))), "Verse is selected");
        tap(tablet, "#scenesview .scene-fades button[data-fade=\"1\"]");
        tap(tablet, "#scenesview .scene-recall");
        waitFor(() -> Math.abs(fader() + 12.0) < 1e-9, "the server's fader is back at the scene's −12 dB");
        waitFor(() -> String.valueOf(tablet.js("return document.getElementById('toast').textContent")).contains("over 1 s"),
                "the server confirmed a 1 s fade");
    }

    @Test
    void updateOverwritesTheSelectedSceneOnlyAfterTheSecondTap() throws Exception {
        Scene s = saveOnServer("Intro", -12.0);
        setFader(-3.0);
        waitFor(() -> Boolean.TRUE.equals(tablet.js("return !!document.querySelector(arguments[0])", rowOf(s.id()))),
                "Intro is listed");
        tap(tablet, rowOf(s.id()));
        tap(tablet, "#scenesview .scene-update");
        assertEquals("CONFIRM", tablet.driver.findElement(By.cssSelector("#scenesview .scene-update")).getText());
        sleep(200);
        assertEquals(-12.0, sceneFader(s.id()), 1e-9, "one tap does not overwrite a scene");
        tap(tablet, "#scenesview .scene-update");
        waitFor(() -> {
            try {
                return Math.abs(sceneFader(s.id()) + 3.0) < 1e-9;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "the scene now holds −3 dB");
        assertEquals("UPDATE", tablet.driver.findElement(By.cssSelector("#scenesview .scene-update")).getText());
    }

    @Test
    void undoIsEnabledWhenTheServerCanUndoAndPutsTheValuesBack() throws Exception {
        Scene s = saveOnServer("Ballad", -20.0);
        setFader(2.0);
        waitFor(() -> Boolean.TRUE.equals(tablet.js("return !!document.querySelector(arguments[0])", rowOf(s.id()))),
                "Ballad is listed");
        assertTrue(disabled(tablet, "#scenesview .scene-undo"), "nothing to undo yet");
        tap(tablet, rowOf(s.id()));
        tap(tablet, "#scenesview .scene-recall");
        waitFor(() -> Math.abs(fader() + 20.0) < 1e-9, "the recall arrived");
        waitFor(() -> !disabled(tablet, "#scenesview .scene-undo"), "UNDO is enabled after the recall");
        tap(tablet, "#scenesview .scene-undo");
        waitFor(() -> Math.abs(fader() - 2.0) < 1e-9, "undo put the fader back at +2 dB");
        waitFor(() -> disabled(tablet, "#scenesview .scene-undo"), "UNDO is disabled again (one level)");
        assertFalse(scenes.canUndo());
    }

    @Test
    void goAndBackRunTheCuesAndMoveTheMarkerOnEveryTablet() throws Exception {
        Scene a = saveOnServer("Walk-in", -30.0);
        Scene b = saveOnServer("Song 1", -10.0);
        Scene c = saveOnServer("Song 2", -5.0);
        waitFor(() -> Boolean.TRUE.equals(tablet.js("return !!document.querySelector(arguments[0])", rowOf(c.id()))),
                "all three are listed");
        assertEquals(-1, markedScene(tablet), "no cue has run");
        assertTrue(disabled(tablet, "#scenesview .scene-back"), "BACK before the first cue is disabled");
        try (Chromium other = new Chromium(1024, 768)) {
            open(other);
            tap(tablet, "#scenesview .scene-go");
            waitFor(() -> Math.abs(fader() + 30.0) < 1e-9, "GO ran the first scene");
            waitFor(() -> markedScene(tablet) == a.id(), "the marker is on the first scene");
            tap(tablet, "#scenesview .scene-go");
            waitFor(() -> Math.abs(fader() + 10.0) < 1e-9, "GO ran the second scene");
            waitFor(() -> markedScene(tablet) == b.id(), "the marker moved to the second scene");
            waitFor(() -> markedScene(other) == b.id(), "the other tablet's marker moved too");
            tap(tablet, "#scenesview .scene-back");
            waitFor(() -> Math.abs(fader() + 30.0) < 1e-9, "BACK ran the first scene again");
            waitFor(() -> markedScene(tablet) == a.id(), "the marker is back on the first scene");
            waitFor(() -> markedScene(other) == a.id(), "and on the other tablet");
            assertEquals(0, scenes.cueIndex());

            // With a cue list, GO follows it (here: the last scene first) and the marker follows the cue.
            scenes.setCues(List.of(new Cue(c.id(), 0, "Opener"), new Cue(a.id(), -1, "")));
            waitFor(() -> markedScene(tablet) == -1, "a new cue list starts before its first cue");
            tap(other, "#scenesview .scene-go");
            waitFor(() -> Math.abs(fader() + 5.0) < 1e-9, "GO ran the cue list's first cue");
            waitFor(() -> markedScene(tablet) == c.id(), "the marker is on the cue's scene");
            assertEquals("Opener (Song 2)", tablet.driver.findElement(By.cssSelector("#scenesview .cue-now")).getText());
            assertTrue(other.severeConsole().isEmpty());
        }
    }

    @Test
    void aServerStatusMessageShowsAsABannerUntilItIsResolved() throws Exception {
        notices.post("autosave", Notices.status(Notices.LEVEL_ERROR, "save_failed",
                "Autosave failed: the disk is full (No space left on device). Retrying every 2 s."));
        String banner = "return (document.querySelector('#notices .notice-error .notice-text') || {}).textContent || ''";
        waitFor(() -> String.valueOf(tablet.js(banner)).contains("the disk is full"), "the error banner shows");
        assertTrue(tablet.driver.findElement(By.cssSelector("#notices .notice-error")).isDisplayed());
        try (Chromium late = new Chromium(1024, 768)) {
            open(late);
            waitFor(() -> String.valueOf(late.js(banner)).contains("the disk is full"),
                    "a tablet that connects later sees the standing error");
            notices.resolve("autosave", Notices.status(Notices.LEVEL_OK, "save_recovered", "Autosave works again."));
            for (Chromium c : List.of(tablet, late)) {
                waitFor(() -> String.valueOf(c.js(banner)).isEmpty(), "the error banner goes");
                waitFor(() -> Boolean.TRUE.equals(c.js("return !!document.querySelector('#notices .notice-ok')")),
                        "the recovery shows");
            }
            assertTrue(late.severeConsole().isEmpty());
        }
    }

    @Test
    void aServerWithoutScenesSaysSoAndDisablesTheButtons() throws Exception {
        // No console is without scenes; a bare control server (an older or partial server) still may be,
        // and the page must cope: the one place a test deploys a control server itself.
        ConsoleState plain = new ConsoleState(ParamRegistry.forLayout(ConfigJson.builtinDefault().toLayout()));
        ControlServer.Bound other = ControlServer.deploy(vertx, plain, new UiTestEngine(20, 6),
                ServerOptions.loopbackEphemeral().withPorts(0, ServerOptions.NO_OSC)).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        try {
            tablet.driver.get("http://127.0.0.1:" + other.httpPort() + "/");
            waitFor(() -> Boolean.FALSE.equals(tablet.js("return window.jackdesk.scenesView.available")),
                    "the page learns the server keeps no scenes");
            tap(tablet, "#tab-scenes");
            assertTrue(tablet.driver.findElement(By.cssSelector("#scenesview .scenes-empty")).getText().contains("keeps no scenes"));
            assertTrue(disabled(tablet, "#scenesview .scene-save") && disabled(tablet, "#scenesview .scene-go"));
            assertFalse(tablet.driver.findElement(By.id("toast")).getAttribute("class").contains("show"), "no error toast");
        } finally {
            vertx.undeploy(other.deploymentId()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theLockDisablesEveryScenesButton() throws Exception {
        saveOnServer("Locked", -6.0);
        waitFor(() -> !disabled(tablet, "#scenesview .scene-recall"), "RECALL is enabled");
        tablet.driver.findElement(By.id("lock")).click();
        try {
            for (String b : List.of(".scene-recall", ".scene-update", ".scene-go", ".scene-save", ".scene-name")) {
                assertTrue(disabled(tablet, "#scenesview " + b), b + " is disabled while locked");
            }
        } finally {
            tablet.driver.findElement(By.id("lock")).click();
        }
        assertFalse(disabled(tablet, "#scenesview .scene-recall"));
    }

    @Test
    void screenshotsOfTheScenesViewAtTabletAndPhoneSizes() throws Exception {
        saveOnServer("Walk-in music", -30.0);
        Scene b = saveOnServer("Song 1 – Opener", -10.0);
        scenes.save("Song 2 – Ballad (vox up)", List.of("ch/1..8", "main"), 3000);
        scenes.save("Encore", List.of(), 0);
        scenes.goTo(1);
        notices.post("show_loaded", Notices.status(Notices.LEVEL_WARNING, "show_recovered",
                "the show file is damaged: show.json:12:7: unexpected end of input; loaded the backup show.json.bak (saved 21:14)"));
        for (int[] s : new int[][] {{1024, 768}, {390, 844}}) {
            try (Chromium c = new Chromium(s[0], s[1])) {
                open(c);
                waitFor(() -> markedScene(c) == b.id(), "the current cue is marked");
                waitFor(() -> Boolean.TRUE.equals(c.js("return !!document.querySelector('#notices .notice-warning')")),
                        "the warning shows");
                Path out = shot(c, "scenes-" + s[0] + "x" + s[1]);
                assertTrue(Files.size(out) > 10_000, out + " has content");
                // Every button of the view is a comfortable touch target.
                Object small = c.js("return [...document.querySelectorAll('#scenesview button, #scenesview input, #scenesview .scene-row, #tab-scenes')]"
                        + ".filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect())"
                        + ".filter(r => r.width < 44 || r.height < 44).length");
                assertEquals(0L, ((Number) small).longValue(), "targets under 44 px at " + s[0] + "x" + s[1]);
                assertTrue(c.severeConsole().isEmpty());
            }
        }
    }
}
