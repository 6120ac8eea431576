package org.jackdesk.control.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.show.Cue;
import org.jackdesk.config.show.Scene;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.control.Console;
import org.jackdesk.control.ControlServer;
import org.jackdesk.control.ServerOptions;
import org.jackdesk.control.scene.LiveShow;
import org.jackdesk.control.scene.Notices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.interactions.Pause;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;

/**
 * The SCENES view in real headless Chromium against a real control server that keeps scenes (a
 * {@link LiveShow} with glides on a Vert.x timer, as {@code jackdesk start} builds it). Fingers are
 * W3C touch pointer actions; the server's {@link SceneManager} and console state are the judge.
 */
class WebUiScenesBrowserTest {
    private static final String FADER = "ch/1/fader";

    private static Vertx vertx;
    private static ConsoleState state;
    private static SceneManager scenes;
    private static Notices notices;
    private static double[] defaults;
    private static int port;
    private static Chromium tablet;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Chromium.available(), "chromium and chromedriver are needed (./jackdesk test installs them)");
        vertx = Vertx.vertx();
        ConsoleConfig config = ConfigJson.builtinDefault();
        UiTestEngine engine = new UiTestEngine(config.toLayout().channels().size(), config.toLayout().buses().size());
        Console console = Console.start(Console.Options.of(config, engine, vertx)
                .withServer(ServerOptions.loopbackEphemeral().withPorts(0, ServerOptions.NO_OSC)));
        state = console.state();
        defaults = state.copyValues();
        scenes = console.scenes();
        notices = console.notices();
        port = console.httpPort();
        tablet = new Chromium(1024, 768);
    }

    @AfterAll
    static void stop() throws Exception {
        if (tablet != null) tablet.close();
        if (vertx != null) vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void freshShow() throws Exception {
        for (Scene s : scenes.scenes()) scenes.delete(s.id());
        scenes.setCues(List.of());
        if (scenes.canUndo()) scenes.undo();
        for (String key : List.of("autosave", "show_loaded")) notices.resolve(key, null);
        state.applyAll(defaults.clone(), "test");
        open(tablet);
    }

    @AfterEach
    void noConsoleErrors() {
        List<String> errors = tablet.severeConsole();
        assertTrue(errors.isEmpty(), "console errors: " + errors);
    }


    // ---- helpers -----------------------------------------------------------------------------

    private static String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    /** Loads the page, waits for the snapshot and the scene list, and opens the SCENES view. */
    private static void open(Chromium c) {
        c.driver.get(url());
        WebUiBrowserTest.waitFor(() -> "online".equals(c.js("return document.body.dataset.connection")), "the page goes online");
        WebUiBrowserTest.waitFor(() -> Boolean.TRUE.equals(c.js("return window.jackdesk.scenesView.available === true")),
                "the scene list arrives");
        tap(c, "#tab-scenes");
        WebUiBrowserTest.waitFor(() -> "scenes".equals(c.js("return document.body.dataset.view")), "the scenes view opens");
    }

    private static int[] centre(Chromium c, String css) {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) c.js(
                "const e = document.querySelector(arguments[0]); e.scrollIntoView({block: 'nearest', inline: 'nearest'});"
                        + "const b = e.getBoundingClientRect(); return {x: b.left + b.width / 2, y: b.top + b.height / 2};", css);
        return new int[] {(int) Math.round(((Number) r.get("x")).doubleValue()), (int) Math.round(((Number) r.get("y")).doubleValue())};
    }

    /** One finger tap on the centre of the element. */
    private static void tap(Chromium c, String css) {
        int[] p = centre(c, css);
        PointerInput f = new PointerInput(PointerInput.Kind.TOUCH, "finger");
        Sequence s = new Sequence(f, 0);
        s.addAction(f.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), p[0], p[1]));
        s.addAction(f.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
        s.addAction(new Pause(f, Duration.ofMillis(40)));
        s.addAction(f.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        c.driver.perform(List.of(s));
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
        WebUiBrowserTest.waitFor(() -> scenes.scenes().size() == 1, "the server has the new scene");
        Scene saved = scenes.scenes().get(0);
        assertEquals("Soundcheck", saved.name());
        assertEquals(-7.5, sceneFader(saved.id()), 1e-9, "the scene holds the console's fader");
        WebUiBrowserTest.waitFor(() -> Boolean.TRUE.equals(tablet.js("return !!document.querySelector(arguments[0])", rowOf(saved.id()))),
                "the saving tablet lists it");
        assertEquals("", tablet.js("return document.querySelector('#scenesview .scene-name').value"), "the name field is cleared");
        try (Chromium other = new Chromium(1024, 768)) {
            open(other);
            assertEquals("Soundcheck", other.driver.findElement(By.cssSelector(rowOf(saved.id()) + " .scene-name-text")).getText());
            // A scene saved elsewhere (REST, another tablet) appears here without reloading.
            Scene second = scenes.save("Act 1", List.of(), 0);
            WebUiBrowserTest.waitFor(() -> Boolean.TRUE.equals(other.js("return !!document.querySelector(arguments[0])", rowOf(second.id()))),
                    "the second tablet lists a scene saved on the server");
            assertTrue(other.severeConsole().isEmpty());
        }
    }

    @Test
    void saveWithAnEmptyNameSavesNothingAndFocusesTheField() {
        tap(tablet, "#scenesview .scene-save");
        WebUiBrowserTest.waitFor(() -> Boolean.TRUE.equals(tablet.js(
                "return document.activeElement === document.querySelector('#scenesview .scene-name')")), "the name field has the focus");
        WebUiBrowserTest.sleep(200);
        assertTrue(scenes.scenes().isEmpty(), "nothing was saved");
    }

    @Test
    void recallFromTheTabletBringsTheSavedValueBackWithTheChosenFade() throws Exception {
        Scene verse = saveOnServer("Verse", -12.0);
        saveOnServer("Chorus", -3.0);
        setFader(4.0);
        WebUiBrowserTest.waitFor(() -> Boolean.TRUE.equals(tablet.js("return !!document.querySelector(arguments[0])", rowOf(verse.id()))),
                "Verse is listed");
        tap(tablet, rowOf(verse.id()));
        WebUiBrowserTest.waitFor(() -> Boolean.TRUE.equals(tablet.js("return document.querySelector(arguments[0]).classList.contains('selected')",
                rowOf(verse.id()))), "Verse is selected");
        tap(tablet, "#scenesview .scene-fades button[data-fade=\"1\"]");
        tap(tablet, "#scenesview .scene-recall");
        WebUiBrowserTest.waitFor(() -> Math.abs(fader() + 12.0) < 1e-9, "the server's fader is back at the scene's −12 dB");
        WebUiBrowserTest.waitFor(() -> String.valueOf(tablet.js("return document.getElementById('toast').textContent")).contains("over 1 s"),
                "the server confirmed a 1 s fade");
    }

    @Test
    void updateOverwritesTheSelectedSceneOnlyAfterTheSecondTap() throws Exception {
        Scene s = saveOnServer("Intro", -12.0);
        setFader(-3.0);
        WebUiBrowserTest.waitFor(() -> Boolean.TRUE.equals(tablet.js("return !!document.querySelector(arguments[0])", rowOf(s.id()))),
                "Intro is listed");
        tap(tablet, rowOf(s.id()));
        tap(tablet, "#scenesview .scene-update");
        assertEquals("CONFIRM", tablet.driver.findElement(By.cssSelector("#scenesview .scene-update")).getText());
        WebUiBrowserTest.sleep(200);
        assertEquals(-12.0, sceneFader(s.id()), 1e-9, "one tap does not overwrite a scene");
        tap(tablet, "#scenesview .scene-update");
        WebUiBrowserTest.waitFor(() -> {
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
        WebUiBrowserTest.waitFor(() -> Boolean.TRUE.equals(tablet.js("return !!document.querySelector(arguments[0])", rowOf(s.id()))),
                "Ballad is listed");
        assertTrue(disabled(tablet, "#scenesview .scene-undo"), "nothing to undo yet");
        tap(tablet, rowOf(s.id()));
        tap(tablet, "#scenesview .scene-recall");
        WebUiBrowserTest.waitFor(() -> Math.abs(fader() + 20.0) < 1e-9, "the recall arrived");
        WebUiBrowserTest.waitFor(() -> !disabled(tablet, "#scenesview .scene-undo"), "UNDO is enabled after the recall");
        tap(tablet, "#scenesview .scene-undo");
        WebUiBrowserTest.waitFor(() -> Math.abs(fader() - 2.0) < 1e-9, "undo put the fader back at +2 dB");
        WebUiBrowserTest.waitFor(() -> disabled(tablet, "#scenesview .scene-undo"), "UNDO is disabled again (one level)");
        assertFalse(scenes.canUndo());
    }

    @Test
    void goAndBackRunTheCuesAndMoveTheMarkerOnEveryTablet() throws Exception {
        Scene a = saveOnServer("Walk-in", -30.0);
        Scene b = saveOnServer("Song 1", -10.0);
        Scene c = saveOnServer("Song 2", -5.0);
        WebUiBrowserTest.waitFor(() -> Boolean.TRUE.equals(tablet.js("return !!document.querySelector(arguments[0])", rowOf(c.id()))),
                "all three are listed");
        assertEquals(-1, markedScene(tablet), "no cue has run");
        assertTrue(disabled(tablet, "#scenesview .scene-back"), "BACK before the first cue is disabled");
        try (Chromium other = new Chromium(1024, 768)) {
            open(other);
            tap(tablet, "#scenesview .scene-go");
            WebUiBrowserTest.waitFor(() -> Math.abs(fader() + 30.0) < 1e-9, "GO ran the first scene");
            WebUiBrowserTest.waitFor(() -> markedScene(tablet) == a.id(), "the marker is on the first scene");
            tap(tablet, "#scenesview .scene-go");
            WebUiBrowserTest.waitFor(() -> Math.abs(fader() + 10.0) < 1e-9, "GO ran the second scene");
            WebUiBrowserTest.waitFor(() -> markedScene(tablet) == b.id(), "the marker moved to the second scene");
            WebUiBrowserTest.waitFor(() -> markedScene(other) == b.id(), "the other tablet's marker moved too");
            tap(tablet, "#scenesview .scene-back");
            WebUiBrowserTest.waitFor(() -> Math.abs(fader() + 30.0) < 1e-9, "BACK ran the first scene again");
            WebUiBrowserTest.waitFor(() -> markedScene(tablet) == a.id(), "the marker is back on the first scene");
            WebUiBrowserTest.waitFor(() -> markedScene(other) == a.id(), "and on the other tablet");
            assertEquals(0, scenes.cueIndex());

            // With a cue list, GO follows it (here: the last scene first) and the marker follows the cue.
            scenes.setCues(List.of(new Cue(c.id(), 0, "Opener"), new Cue(a.id(), -1, "")));
            WebUiBrowserTest.waitFor(() -> markedScene(tablet) == -1, "a new cue list starts before its first cue");
            tap(other, "#scenesview .scene-go");
            WebUiBrowserTest.waitFor(() -> Math.abs(fader() + 5.0) < 1e-9, "GO ran the cue list's first cue");
            WebUiBrowserTest.waitFor(() -> markedScene(tablet) == c.id(), "the marker is on the cue's scene");
            assertEquals("Opener (Song 2)", tablet.driver.findElement(By.cssSelector("#scenesview .cue-now")).getText());
            assertTrue(other.severeConsole().isEmpty());
        }
    }

    @Test
    void aServerStatusMessageShowsAsABannerUntilItIsResolved() throws Exception {
        notices.post("autosave", Notices.status(Notices.LEVEL_ERROR, "save_failed",
                "Autosave failed: the disk is full (No space left on device). Retrying every 2 s."));
        String banner = "return (document.querySelector('#notices .notice-error .notice-text') || {}).textContent || ''";
        WebUiBrowserTest.waitFor(() -> String.valueOf(tablet.js(banner)).contains("the disk is full"), "the error banner shows");
        assertTrue(tablet.driver.findElement(By.cssSelector("#notices .notice-error")).isDisplayed());
        try (Chromium late = new Chromium(1024, 768)) {
            open(late);
            WebUiBrowserTest.waitFor(() -> String.valueOf(late.js(banner)).contains("the disk is full"),
                    "a tablet that connects later sees the standing error");
            notices.resolve("autosave", Notices.status(Notices.LEVEL_OK, "save_recovered", "Autosave works again."));
            for (Chromium c : List.of(tablet, late)) {
                WebUiBrowserTest.waitFor(() -> String.valueOf(c.js(banner)).isEmpty(), "the error banner goes");
                WebUiBrowserTest.waitFor(() -> Boolean.TRUE.equals(c.js("return !!document.querySelector('#notices .notice-ok')")),
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
            WebUiBrowserTest.waitFor(() -> Boolean.FALSE.equals(tablet.js("return window.jackdesk.scenesView.available")),
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
        WebUiBrowserTest.waitFor(() -> !disabled(tablet, "#scenesview .scene-recall"), "RECALL is enabled");
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
        Path dir = WebUiBrowserTest.screenshotDir();
        Files.createDirectories(dir);
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
                WebUiBrowserTest.waitFor(() -> markedScene(c) == b.id(), "the current cue is marked");
                WebUiBrowserTest.waitFor(() -> Boolean.TRUE.equals(c.js("return !!document.querySelector('#notices .notice-warning')")),
                        "the warning shows");
                Path out = dir.resolve("scenes-" + s[0] + "x" + s[1] + ".png");
                Files.write(out, c.driver.getScreenshotAs(OutputType.BYTES));
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
