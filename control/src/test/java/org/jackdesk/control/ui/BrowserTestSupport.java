package org.jackdesk.control.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.control.Console;
import org.jackdesk.control.ServerOptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.interactions.Pause;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;

/**
 * What every browser test ({@code WebUi*BrowserTest}) needs, in one place: a real console on a free
 * loopback port ({@link TestConsole}), the page opened and online, fingers (W3C touch pointer
 * actions: {@link #tap}, {@link #taps}, {@link #drag}), reads of the page ({@link #shown},
 * {@link #rect}, {@link #faderValue}), waiting ({@link #waitFor}), screenshots into
 * {@code web-ui/target/screenshots/} ({@link #shot}), the browser console checked for errors
 * ({@link #assertNoConsoleErrors}) and the server's own view over REST ({@link #restState},
 * {@link #restLabels}). The browser itself is {@link Chromium} (Debian's {@code /usr/bin/chromium}
 * through {@code /usr/bin/chromedriver}, explicit paths, headless, a fresh profile, the viewport
 * exactly the size asked for); a second tablet or a phone is just another {@code new Chromium(w, h)}.
 *
 * <p>A new browser test is shaped like this (see {@code WebUiLabelsBrowserTest}):
 * <pre>{@code
 * import static org.jackdesk.control.ui.BrowserTestSupport.*;
 *
 * class WebUiSomethingBrowserTest {
 *     private static TestConsole console;   // the shipped default configuration, a UiTestEngine
 *     private static Chromium tablet;
 *
 *     @BeforeAll
 *     static void start() throws Exception {
 *         assumeChromium();
 *         console = TestConsole.start(ConfigJson.builtinDefault());
 *         tablet = new Chromium(1024, 768);
 *     }
 *
 *     @AfterAll
 *     static void stop() throws Exception {
 *         closeAll(tablet);
 *         if (console != null) console.close();
 *     }
 *
 *     @BeforeEach
 *     void fresh() {
 *         console.resetValues();
 *         open(tablet, console.url());
 *     }
 *
 *     @AfterEach
 *     void noConsoleErrors() {
 *         assertNoConsoleErrors(tablet);
 *     }
 *
 *     @Test
 *     void aTapReachesTheServer() {
 *         tap(tablet, "#strips [data-strip=\"ch/1\"] .toggle.mute");
 *         waitFor(() -> console.get("ch/1/mute") == 1.0, "the mute reaches the server");
 *     }
 * }
 * }</pre>
 *
 * <p>Tests written before this class keep a few of these helpers under their old names
 * ({@code WebUiBrowserTest.waitFor}, {@code WebUiWholeConsoleBrowserTest.tap}, …) as one-line
 * delegates, so a browser test from another branch that imports them still compiles; move it here
 * when convenient.
 *
 * <p>Thread: the test's. Nothing here is a mock: the console is the real composition root
 * ({@link Console}) with the browser tests' engine facade ({@link UiTestEngine}) or one the test
 * gives it.
 */
final class BrowserTestSupport {
    /** The message of a browser test skipped on a machine without Chromium. */
    static final String NO_CHROMIUM = "chromium and chromedriver are needed (./jackdesk test installs them)";
    /** How long {@link #waitFor} waits. */
    static final long WAIT_MS = 5000;
    /** Chromium's note when a page it navigates away from enters the back/forward cache: expected, not a fault. */
    static final String BFCACHE = "Page entered Back-Forward Cache";

    private BrowserTestSupport() {}

    /** Skips the test class (not fails it) where Chromium and chromedriver are not installed. */
    static void assumeChromium() {
        assumeTrue(Chromium.available(), NO_CHROMIUM);
    }

    // ---- waiting ------------------------------------------------------------------------------

    /** Polls {@code cond} every 25 ms for up to {@link #WAIT_MS}; fails with {@code what} if it never holds. */
    static void waitFor(BooleanSupplier cond, String what) {
        long end = System.nanoTime() + WAIT_MS * 1_000_000L;
        while (System.nanoTime() < end) {
            if (cond.getAsBoolean()) return;
            sleep(25);
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ---- the page -----------------------------------------------------------------------------

    /** {@code http://127.0.0.1:PORT/}: the tablet UI of a console on loopback. */
    static String url(int port) {
        return "http://127.0.0.1:" + port + "/";
    }

    /** Waits until the page's WebSocket is up ({@code body[data-connection=online]}). */
    static void waitOnline(Chromium c) {
        waitFor(() -> "online".equals(c.js("return document.body.dataset.connection")), "the page goes online");
    }

    /** Loads {@code url}, waits for the WebSocket and for the snapshot to have built the strips. */
    static void open(Chromium c, String url) {
        c.driver.get(url);
        waitOnline(c);
        waitFor(() -> Boolean.TRUE.equals(c.js("return !!document.querySelector('[data-strip=\"ch/1\"] .fader-cap')")), "strips are built");
    }

    /** {@link #open}, then one more animation frame or so (the bank indicator, the picker, the banners' height follow on it). */
    static void openSettled(Chromium c, String url) {
        open(c, url);
        sleep(100);
    }

    /** The browser console's errors since the last call, without the back/forward cache's note. */
    static List<String> consoleErrors(Chromium c) {
        return c.severeConsole().stream().filter(m -> !m.contains(BFCACHE)).toList();
    }

    /** No error in any of these browsers' consoles since the last call (an uncaught exception, a failed load). */
    static void assertNoConsoleErrors(Chromium... browsers) {
        assertNoConsoleErrorsBut(m -> false, browsers);
    }

    /**
     * {@link #assertNoConsoleErrors}, except the errors a test provokes on purpose ({@code provoked}
     * true for them: a refused import's 400 that the browser logs as a failed fetch).
     */
    static void assertNoConsoleErrorsBut(Predicate<String> provoked, Chromium... browsers) {
        for (Chromium c : browsers) {
            if (c == null) continue;
            List<String> errors = consoleErrors(c).stream().filter(provoked.negate()).toList();
            assertTrue(errors.isEmpty(), "console errors: " + errors);
        }
    }

    /** Closes every browser given (nulls skipped: a class whose start was skipped or failed half-way). */
    static void closeAll(Chromium... browsers) {
        for (Chromium c : browsers) if (c != null) c.close();
    }

    // ---- fingers ------------------------------------------------------------------------------

    /** Centre of the first element matching css, in viewport CSS pixels, after scrolling it into view as little as possible. */
    static int[] centre(Chromium c, String css) {
        return centre(c, css, "{block: 'nearest', inline: 'nearest'}");
    }

    /**
     * {@link #centre}, the element scrolled to the middle of a sideways-scrolling row at once
     * ({@code behavior: 'instant'}: the strips scroll smoothly, and a rectangle read mid-scroll is the old one).
     */
    static int[] centreInstant(Chromium c, String css) {
        return centre(c, css, "{block: 'nearest', inline: 'center', behavior: 'instant'}");
    }

    private static int[] centre(Chromium c, String css, String scroll) {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) c.js(
                "const e = document.querySelector(arguments[0]); e.scrollIntoView(" + scroll + ");"
                        + "const b = e.getBoundingClientRect(); return {x: b.left + b.width / 2, y: b.top + b.height / 2};", css);
        return new int[] {(int) Math.round(((Number) r.get("x")).doubleValue()), (int) Math.round(((Number) r.get("y")).doubleValue())};
    }

    static PointerInput finger(String name) {
        return new PointerInput(PointerInput.Kind.TOUCH, name);
    }

    /** {@code count} taps of one finger at (x, y): 40 ms down each, 60 ms between. */
    static void taps(Chromium c, int x, int y, int count) {
        PointerInput f = finger("finger");
        Sequence s = new Sequence(f, 0);
        s.addAction(f.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), x, y));
        for (int i = 0; i < count; i++) {
            if (i > 0) s.addAction(new Pause(f, Duration.ofMillis(60)));
            s.addAction(f.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
            s.addAction(new Pause(f, Duration.ofMillis(40)));
            s.addAction(f.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        }
        c.driver.perform(List.of(s));
    }

    /** One finger taps the centre of the element ({@link #centre}). */
    static void tap(Chromium c, String css) {
        int[] p = centre(c, css);
        taps(c, p[0], p[1], 1);
    }

    /** One finger taps the centre of the element, scrolled into the middle at once ({@link #centreInstant}). */
    static void tapInstant(Chromium c, String css) {
        int[] p = centreInstant(c, css);
        taps(c, p[0], p[1], 1);
    }

    /** A finger lands at (x, y), slides by (dx, dy) in {@code steps} moves 15 ms apart, and lifts. */
    static void drag(Chromium c, int x, int y, int dx, int dy, int steps) {
        PointerInput f = finger("finger");
        Sequence s = new Sequence(f, 0);
        s.addAction(f.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), x, y));
        s.addAction(f.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
        for (int i = 1; i <= steps; i++) {
            s.addAction(f.createPointerMove(Duration.ofMillis(15), PointerInput.Origin.viewport(), x + dx * i / steps, y + dy * i / steps));
        }
        s.addAction(f.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        c.driver.perform(List.of(s));
    }

    /** A finger lands on the element's centre, slides by (dx, dy) in 10 moves and lifts. */
    static void drag(Chromium c, String css, int dx, int dy) {
        int[] p = centre(c, css);
        drag(c, p[0], p[1], dx, dy, 10);
    }

    /**
     * Starts recording the page's pointer and click events (capture phase, on the document) with
     * their target, time and the lock/offline state, for {@link #inputTrace} to report when a tap
     * seems lost. The record lives on the page: a reload clears it.
     */
    static void recordInput(Chromium c) {
        c.js("window.__input = [];"
                + " const d = (t) => !t || !t.tagName ? String(t) : t.tagName.toLowerCase() + (t.className ? '.' + String(t.className).trim().replace(/\\s+/g, '.') : '')"
                + "   + (t.dataset && t.dataset.path ? '[' + t.dataset.path + ']' : '');"
                // Listeners once per page: a second call (tapExpecting's retry) only clears the record.
                + " if (!window.__inputListening) { window.__inputListening = true;"
                + " for (const type of ['pointerdown', 'pointerup', 'pointercancel', 'lostpointercapture', 'click', 'touchstart', 'touchend', 'touchcancel'])"
                + "   document.addEventListener(type, (e) => window.__input.push(Math.round(performance.now()) + ' ' + type"
                + "     + (e.pointerId !== undefined ? '#' + e.pointerId : '') + ' ' + d(e.target)"
                + "     + (e.clientX !== undefined ? ' @' + Math.round(e.clientX) + ',' + Math.round(e.clientY) : '')"
                + "     + (document.body.classList.contains('offline') ? ' OFFLINE' : '') + (document.body.classList.contains('locked') ? ' LOCKED' : '')"
                + "     + (e.defaultPrevented ? ' prevented' : '')), true); }");
    }

    /** What {@link #recordInput} saw, one event per line, and what lies under the centre of {@code css} now. */
    static String inputTrace(Chromium c, String css) {
        Object trace = c.js("const e = document.querySelector(arguments[0]); const b = e && e.getBoundingClientRect();"
                + " const at = b && document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);"
                + " return (window.__input || ['(no record: the page reloaded?)']).join('\\n')"
                + "   + '\\nnow under the centre of ' + arguments[0] + ': ' + (at ? at.tagName.toLowerCase() + '.' + String(at.className) + (at === e ? ' (itself)' : '') : 'nothing')"
                + "   + (b ? ' rect ' + Math.round(b.left) + ',' + Math.round(b.top) + ' ' + Math.round(b.width) + 'x' + Math.round(b.height) : '')"
                + "   + ' scrollX of the strips ' + (document.querySelector('#strips') || {}).scrollLeft;", css);
        return String.valueOf(trace);
    }

    /**
     * Taps {@code css} and waits until {@code cond} (the server took the tap). A tap the page never
     * received as a click at all ({@link #recordInput} saw no click since it) is the synthetic touch
     * input's loss, not the page's: it is reported on stdout with the trace and tapped once more. A
     * click the page received without {@code cond} following fails, with the trace: that is the UI's.
     */
    static void tapExpecting(Chromium c, String css, BooleanSupplier cond, String what) {
        recordInput(c);
        tap(c, css);
        long end = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < end && !cond.getAsBoolean()) sleep(25);
        if (cond.getAsBoolean()) return;
        boolean clicked = Boolean.TRUE.equals(c.js("return (window.__input || []).some((l) => l.includes(' click'))"));
        if (!clicked) {
            System.out.println("tapExpecting: no click reached the page for a tap on " + css + " (" + what + "); tapping again."
                    + " The page's input:\n" + inputTrace(c, css));
            recordInput(c);
            tap(c, css);
        }
        waitForTraced(c, css, cond, what);
    }

    /** {@link #waitFor}, and on a timeout the input trace of the page ({@link #recordInput}) in the message. */
    static void waitForTraced(Chromium c, String css, BooleanSupplier cond, String what) {
        try {
            waitFor(cond, what);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the page's input:\n" + inputTrace(c, css), e);
        }
    }

    // ---- reading the page ---------------------------------------------------------------------

    /** The element exists, has a box and is not hidden by visibility. */
    static boolean shown(Chromium c, String css) {
        return Boolean.TRUE.equals(c.js("const e = document.querySelector(arguments[0]);"
                + " return !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'", css));
    }

    /** The element's bounding rectangle: left, right, top, bottom, width, height (CSS pixels). */
    @SuppressWarnings("unchecked")
    static Map<String, Number> rect(Chromium c, String css) {
        return (Map<String, Number>) c.js("const b = document.querySelector(arguments[0]).getBoundingClientRect();"
                + " return {left: b.left, right: b.right, top: b.top, bottom: b.bottom, width: b.width, height: b.height};", css);
    }

    static double d(Map<String, Number> r, String k) {
        return r.get(k).doubleValue();
    }

    /** The element's text. */
    static String text(Chromium c, String css) {
        return (String) c.js("return document.querySelector(arguments[0]).textContent", css);
    }

    /** The value (dB) a strip's fader for {@code path} shows, NaN when there is none. */
    static double faderValue(Chromium c, String path) {
        Object v = c.js("const e = document.querySelector('[data-strip] .fader[data-path=\"' + arguments[0] + '\"]');"
                + " return e ? Number(e.dataset.value) : null;", path);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    /** The name a strip of the mixer shows ({@code ch/3}, {@code bus/1}, {@code dca/2}), or null. */
    static String stripLabel(Chromium c, String strip) {
        return (String) c.js("const e = document.querySelector('#strips [data-strip=\"' + arguments[0] + '\"] .strip-label');"
                + " return e ? e.textContent : null", strip);
    }

    // ---- screenshots --------------------------------------------------------------------------

    /** web-ui/target/screenshots of the project, whichever module directory the test runs in. */
    static Path screenshotDir() {
        Path cwd = Path.of("").toAbsolutePath();
        Path root = Files.isDirectory(cwd.resolve("web-ui")) ? cwd : cwd.getParent();
        return root.resolve("web-ui").resolve("target").resolve("screenshots");
    }

    /** Writes what the browser shows to {@code web-ui/target/screenshots/NAME.png}; returns the file. */
    static Path shot(Chromium c, String name) throws Exception {
        Path dir = screenshotDir();
        Files.createDirectories(dir);
        Path out = dir.resolve(name + ".png");
        Files.write(out, c.driver.getScreenshotAs(OutputType.BYTES));
        return out;
    }

    // ---- the server's view over REST ----------------------------------------------------------

    /** {@code GET path} on the console at {@code port} (no login: the tests' consoles are open), answered 200 with a JSON object. */
    static JsonObject restGet(int port, String path) {
        try {
            HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            return new JsonObject(r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** {@code GET /api/state}'s values: every parameter as the console holds it. */
    static JsonObject restState(int port) {
        return restGet(port, "/api/state").getJsonObject("values");
    }

    /** {@code GET /api/labels}' layout: every strip's name and colour as the console holds them. */
    static JsonObject restLabels(int port) {
        return restGet(port, "/api/labels").getJsonObject("layout");
    }

    // ---- the console --------------------------------------------------------------------------

    /**
     * A real console ({@link Console}, the composition root) with the browser tests' engine facade,
     * its control server on a free loopback port (no OSC), its own Vert.x, and the meters moving
     * (a 20 ms timer drives {@link UiTestEngine#tick}, as a show would). {@link #resetValues} puts
     * every parameter back where it started, between tests.
     */
    static final class TestConsole implements AutoCloseable {
        final Vertx vertx;
        private final ConsoleConfig config;
        private final long meterTimer;
        private volatile UiTestEngine engine;
        private Console console;
        private double[] defaults;

        private TestConsole(ConsoleConfig config) {
            this.config = config;
            this.vertx = Vertx.vertx();
            long t0 = System.nanoTime();
            meterTimer = vertx.setPeriodic(20, id -> {
                UiTestEngine e = engine;
                if (e != null) e.tick((System.nanoTime() - t0) / 1e9);
            });
        }

        /** Starts a console with {@code config} on a free port. */
        static TestConsole start(ConsoleConfig config) throws Exception {
            TestConsole t = new TestConsole(config);
            try {
                t.startOn(0);
            } catch (Exception e) {
                t.close();
                throw e;
            }
            return t;
        }

        /** Starts a console with the shipped default configuration (20 channels, named DCAs, mute groups) on a free port. */
        static TestConsole startDefault() throws Exception {
            return start(ConfigJson.builtinDefault());
        }

        /** (Re)starts the console on {@code httpPort} (0: a free one) with a fresh engine; the values are the configuration's. */
        void startOn(int httpPort) throws Exception {
            engine = new UiTestEngine(config.toLayout().channels().size(), config.toLayout().buses().size());
            console = Console.start(Console.Options.of(config, engine, vertx)
                    .withServer(ServerOptions.loopbackEphemeral().withPorts(httpPort, ServerOptions.NO_OSC)));
            defaults = console.state().copyValues();
        }

        /** Starts again on the port it had (after {@link #stopConsole}), as when the server machine reboots. */
        void restart() throws Exception {
            startOn(port());
        }

        /** Stops the console (the browsers see it go); {@link #restart} brings it back. */
        void stopConsole() {
            console.close();
        }

        Console console() {
            return console;
        }

        UiTestEngine engine() {
            return engine;
        }

        ConsoleState state() {
            return console.state();
        }

        int port() {
            return console.httpPort();
        }

        String url() {
            return BrowserTestSupport.url(port());
        }

        /** A parameter's value in the console state (the judge of what a finger did). */
        double get(String path) {
            try {
                return console.state().get(path);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        /** Sets a parameter as another device would (origin {@code test}). */
        void set(String path, Object value) {
            try {
                console.state().set(path, value, "test");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        /** Every parameter back to where this console started (between tests). */
        void resetValues() {
            console.state().applyAll(defaults.clone(), "test");
        }

        /** {@link BrowserTestSupport#restGet} on this console: {@code GET path}, answered 200 with a JSON object. */
        JsonObject rest(String path) {
            return BrowserTestSupport.restGet(port(), path);
        }

        /** {@link BrowserTestSupport#restState} of this console. */
        JsonObject restState() {
            return BrowserTestSupport.restState(port());
        }

        /** {@link BrowserTestSupport#restLabels} of this console. */
        JsonObject restLabels() {
            return BrowserTestSupport.restLabels(port());
        }

        @Override
        public void close() throws Exception {
            vertx.cancelTimer(meterTimer);
            try {
                if (console != null) console.close();
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }
}
