package org.jackdesk.control.ui;

import static org.jackdesk.control.ui.BrowserTestSupport.assumeChromium;
import static org.jackdesk.control.ui.BrowserTestSupport.closeAll;
import static org.jackdesk.control.ui.BrowserTestSupport.shot;
import static org.jackdesk.control.ui.BrowserTestSupport.tapInstant;
import static org.jackdesk.control.ui.BrowserTestSupport.url;
import static org.jackdesk.control.ui.BrowserTestSupport.waitFor;
import static org.jackdesk.control.ui.BrowserTestSupport.waitOnline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.control.BackendEngineControl;
import org.jackdesk.control.Console;
import org.jackdesk.control.ServerOptions;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.dsp.Biquad;
import org.jackdesk.engine.dsp.Rbj;
import org.jackdesk.engine.jack.InternalClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The feedback view (docs/assistants.md) in real headless Chromium against a whole console whose
 * real engine runs on the internal clock with an acoustic loop in its clock: the main output (L+R)/2,
 * through the PA's limit, returns to channel 1's input through 10 ms and a room resonant at 1 kHz
 * (+3 dB of loop gain there). The engineer turns the main's suppressor to SUGGEST, the loop starts
 * to ring, the suggestion appears with its NOTCH button, one tap places the notch (a parameter in
 * the console), FIXED and CLEAR act on it, and the log tells what happened.
 */
class WebUiFeedbackBrowserTest {
    private static Vertx vertx;
    private static Console console;
    private static InternalClock clock;
    private static Chromium tablet;
    private static volatile boolean loop;

    @BeforeAll
    static void start() throws Exception {
        assumeChromium();
        vertx = Vertx.vertx();
        ConsoleConfig config = ConfigJson.builtinDefault();
        Layout layout = config.toLayout();
        ParamRegistry registry = ParamRegistry.forLayout(layout);
        ConsoleState state = new ConsoleState(registry);
        for (Map.Entry<String, Object> v : config.values().entrySet()) state.set(v.getKey(), v.getValue(), "config");
        // a monitor bus rung out before the show: a fixed notch at 2.5 kHz, its suppressor on auto
        state.set("bus/2/fbs/mode", "auto", "test");
        state.set("bus/2/fbs/notch/1/freq", 2500.0, "test");
        state.set("bus/2/fbs/notch/1/depth", 9.0, "test");
        state.set("bus/2/fbs/notch/1/fixed", true, "test");
        Engine engine = new Engine(registry, 48000f, state.copyValues());
        Biquad room = new Biquad();
        double[] c = new double[5];
        Rbj.peaking(48000, 1000, 12, 8, c);
        room.setCoefficients(c);
        double g0 = Math.pow(10, -6 / 20.0);
        float[] ring = new float[8192];
        long[] t = {0};
        SplittableRandom noise = new SplittableRandom(3);
        clock = InternalClock.start(48000, 256, layout.inputCount(), engine.outputPortNames().size(), (in, out, n) -> {
            boolean on = loop;
            for (int i = 0; i < n; i++) {
                double fb = on ? g0 * room.tick(ring[(int) ((t[0] + i - 480) & 8191)]) : 0;
                in[0][i] = (float) ((noise.nextDouble() * 2 - 1) * 0.001 * Math.sqrt(3) + fb);
            }
            room.sanitize();
            engine.process(in, out, n);
            for (int i = 0; i < n; i++) ring[(int) ((t[0] + i) & 8191)] = (float) Math.tanh(0.5 * (out[0][i] + out[1][i]));
            t[0] += n;
        });
        ConsoleConfig cfg = new ConsoleConfig(config.version(), config.name(), config.layout(), config.server(), config.jack(),
                config.users(), state.snapshot());
        console = Console.start(Console.Options.of(cfg, new BackendEngineControl(engine, clock), vertx)
                .withServer(ServerOptions.loopbackEphemeral().withPorts(0, ServerOptions.NO_OSC)));
        tablet = new Chromium(1024, 768);
        tablet.driver.get(url(console.httpPort()));
        waitOnline(tablet);
    }

    @AfterAll
    static void stop() throws Exception {
        closeAll(tablet);
        if (console != null) console.close();
        if (vertx != null) vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (clock != null) clock.close();
    }

    private static double get(String path) {
        try {
            return console.state().get(path);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** One finger taps the element, scrolled into the middle at once. */
    private static void tap(String css) {
        tapInstant(tablet, css);
    }

    private static boolean shown(String css) {
        return Boolean.TRUE.equals(tablet.js("const e = document.querySelector(arguments[0]); return !!e && !e.hidden && e.offsetParent !== null;", css));
    }

    @Test
    void aSuggestionTakenWithOneTapBecomesANotchThatCanBeFixedAndCleared() throws Exception {
        tap("#tab-feedback");
        waitFor(() -> "feedback".equals(tablet.js("return document.body.dataset.view")), "the feedback view opens");
        assertEquals((long) 1 + console.state().registry().layout().buses().size(),
                ((Number) tablet.js("return document.querySelectorAll('#feedbackview .fbs-bus').length")).longValue(), "a panel per bus and the main");
        // the rung-out notch of bus 2, from the show
        assertTrue(shown("#feedbackview .fbs-bus[data-bus='bus/2'] .fbs-notch[data-notch='1']"), "bus 2's fixed notch is listed");
        assertTrue(String.valueOf(tablet.js("return document.querySelector(\"#feedbackview .fbs-bus[data-bus='bus/2'] .fbs-notch[data-notch='1']\").textContent"))
                .contains("2.50 kHz"));

        tap("#feedbackview .fbs-bus[data-bus='main'] .fbs-mode button[data-value='suggest']");
        waitFor(() -> get("main/fbs/mode") == 1.0, "the main's suppressor suggests");
        loop = true; // the system starts to ring
        String take = "#feedbackview .fbs-bus[data-bus='main'] .fbs-take";
        waitFor(() -> shown(take), "a suggestion with its NOTCH button appears");
        double hz = Double.parseDouble(String.valueOf(tablet.js("return document.querySelector(arguments[0]).dataset.freq", take)));
        assertTrue(Math.abs(Math.log(hz / 1000) / Math.log(2)) < 1.0 / 12, "suggested " + hz + " Hz");
        assertEquals(0.0, get("main/fbs/notch/1/depth"), "suggest places nothing by itself");

        tap(take);
        waitFor(() -> get("main/fbs/notch/1/depth") > 0, "one tap: the notch is in the console");
        assertEquals(hz, get("main/fbs/notch/1/freq"), 0.1);
        String row = "#feedbackview .fbs-bus[data-bus='main'] .fbs-notch[data-notch='1']";
        waitFor(() -> shown(row), "the notch is listed");
        waitFor(() -> Boolean.TRUE.equals(tablet.js("return !!document.querySelector('#feedbackview .fbs-log-list li[data-what=\"taken\"]')")),
                "the log tells the notch was taken");
        tap(row + " .toggle");
        waitFor(() -> get("main/fbs/notch/1/fixed") == 1.0, "FIXED reaches the console");

        tablet.js("document.getElementById('feedbackview').scrollTop = 0; document.activeElement.blur();");
        Path picture = shot(tablet, "feedback-1024x768");
        assertTrue(Files.size(picture) > 10_000);

        tap(row + " .fbs-clear");
        waitFor(() -> get("main/fbs/notch/1/depth") == 0.0, "CLEAR takes the notch out");
        waitFor(() -> !shown(row), "and off the list");
        loop = false;
        List<String> errors = tablet.severeConsole();
        assertTrue(errors.isEmpty(), "console errors: " + errors);
    }
}
