package org.jackdesk.control.ui;

import static org.jackdesk.control.ui.BrowserTestSupport.assumeChromium;
import static org.jackdesk.control.ui.BrowserTestSupport.closeAll;
import static org.jackdesk.control.ui.BrowserTestSupport.shot;
import static org.jackdesk.control.ui.BrowserTestSupport.url;
import static org.jackdesk.control.ui.BrowserTestSupport.waitFor;
import static org.jackdesk.control.ui.BrowserTestSupport.waitOnline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.control.BackendEngineControl;
import org.jackdesk.control.Console;
import org.jackdesk.control.ControlServer;
import org.jackdesk.control.ServerOptions;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.jack.InternalClock;
import org.jackdesk.engine.rta.RtaTap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The RTA on the tablet in real headless Chromium, against a real control server over a real
 * engine on the internal clock: channel 1's input carries a resonant noise (white noise through a
 * two-pole resonator at 2.5 kHz, as a ringing mic would), the main the oscillator. The engine's tap
 * is the judge of "only while someone looks".
 */
class WebUiRtaBrowserTest {
    private static Vertx vertx;
    private static ConsoleState state;
    private static Engine engine;
    private static InternalClock clock;
    private static int port;
    private static Chromium tablet;

    @BeforeAll
    static void start() throws Exception {
        assumeChromium();
        vertx = Vertx.vertx();
        ConsoleConfig config = ConfigJson.builtinDefault();
        Layout layout = config.toLayout();
        ParamRegistry registry = ParamRegistry.forLayout(layout);
        state = new ConsoleState(registry);
        state.set("ch/1/eq/on", true, "test");
        state.set("ch/1/eq/3/freq", 2500.0, "test");
        state.set("ch/1/eq/3/gain", -9.0, "test");
        state.set("ch/1/eq/3/q", 4.0, "test");
        engine = new Engine(registry, 48000f, state.copyValues());
        SplittableRandom noise = new SplittableRandom(5);
        double r = 0.995, w = 2 * Math.PI * 2500 / 48000;
        double[] z = new double[2];
        clock = InternalClock.start(48000, 256, layout.inputCount(), engine.outputPortNames().size(), (in, out, n) -> {
            for (int i = 0; i < n; i++) { // a ringing resonance: y = x + 2r·cos(w)·y1 − r²·y2
                double x = (noise.nextDouble() - 0.5) * 0.02;
                double y = x + 2 * r * Math.cos(w) * z[0] - r * r * z[1];
                z[1] = z[0];
                z[0] = y;
                in[0][i] = (float) (0.5 * x + 0.05 * y);
            }
            engine.process(in, out, n);
        });
        ConsoleConfig cfg = ConfigJson.builtinDefault().withLayout(layout);
        cfg = new ConsoleConfig(cfg.version(), cfg.name(), cfg.layout(), cfg.server(), cfg.jack(), cfg.users(), state.snapshot());
        Console console = Console.start(Console.Options.of(cfg, new BackendEngineControl(engine, clock), vertx)
                .withServer(ServerOptions.loopbackEphemeral().withPorts(0, ServerOptions.NO_OSC)));
        state = console.state(); // the console's state: its changes reach the engine by the console's one route
        ControlServer.Bound bound = console.bound();
        port = bound.httpPort();
        tablet = new Chromium(1024, 768);
        tablet.driver.get(url(port));
        waitOnline(tablet);
    }

    @AfterAll
    static void stop() throws Exception {
        closeAll(tablet);
        if (vertx != null) vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (clock != null) clock.close();
    }

    @AfterEach
    void noConsoleErrors() {
        List<String> errors = tablet.severeConsole();
        assertTrue(errors.isEmpty(), "console errors: " + errors);
    }

    private static boolean tapped(int src) {
        for (int s = 0; s < RtaTap.SLOTS; s++) if (engine.rta().source(s) == src) return true;
        return false;
    }

    private static double level(String owner, double hz) {
        Object v = tablet.js("const o = " + owner + "; if (!o.rta && !o.rtaFrame) return null; const f = o.rta || o.rtaFrame;"
                + "const c = o.rtaCentres; if (!c || c.length !== f.count) return null;"
                + "let best = 0; for (let i = 0; i < c.length; i++) if (Math.abs(Math.log(c[i] / arguments[0])) < Math.abs(Math.log(c[best] / arguments[0]))) best = i;"
                + "return f.levels[best];", hz);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    @Test
    void theChannelDetailDrawsTheSpectrumEnteringAndLeavingTheEqBehindItsCurveWhileItIsOpen() throws Exception {
        tablet.js("window.jackdesk.showView('mixer'); window.jackdesk.select(1)");
        waitFor(() -> tapped(RtaTap.channelPreEq(0)), "the tap copies what enters channel 1's EQ while its detail is open");
        String eq = "window.jackdesk.detail.eq";
        waitFor(() -> !Double.isNaN(level(eq, 2500)), "RTA frames reach the EQ graph");
        // The resonance stands out: the 2.5 kHz band well above an octave below and above.
        waitFor(() -> level(eq, 2500) > level(eq, 1250) + 10 && level(eq, 2500) > level(eq, 5000) + 10,
                "the resonance at 2.5 kHz stands out: " + level(eq, 1250) + " / " + level(eq, 2500) + " / " + level(eq, 5000));
        Thread.sleep(500); // let the averages settle for the picture
        Path out = shot(tablet, "channel-rta-1024x768");
        assertTrue(Files.size(out) > 10_000);
        double pre = level(eq, 2500);
        // POST: what leaves the EQ, whose band 3 cuts 9 dB at 2.5 kHz.
        tablet.js("document.querySelector('#detail .rta-stage').click()");
        waitFor(() -> tapped(RtaTap.channelPostEq(0)) && !tapped(RtaTap.channelPreEq(0)),
                "POST: the tap copies what leaves the EQ, and gave the pre-EQ slot back");
        waitFor(() -> Math.abs(level(eq, 2500) - (pre - 9)) < 2.0,
                "after the EQ the 2.5 kHz band is 9 dB lower: before " + pre + ", after " + level(eq, 2500));
        tablet.js("window.jackdesk.detail.close()");
        waitFor(() -> !tapped(RtaTap.channelPostEq(0)), "closed: nobody looks, the tap stops copying");
    }

    @Test
    void theRtaViewShowsTheChosenSourceWithItsPeaks() throws Exception {
        state.set("osc/freq", 1000.0, "test");
        state.set("osc/level", -12.0, "test");
        state.set("osc/on", true, "test");
        try {
            tablet.js("window.jackdesk.showView('tools')");
            waitFor(() -> tapped(RtaTap.main()), "the TOOLS view's RTA taps the main");
            String tools = "window.jackdesk.toolsView";
            waitFor(() -> Math.abs(level(tools, 1000) + 12) < 1.0, "the −12 dBFS sine in the 1 kHz band: " + level(tools, 1000));
            Object peaksAtOrAbove = tablet.js("const f = window.jackdesk.toolsView.rtaFrame; for (let i = 0; i < f.count; i++)"
                    + " if (f.peaks[i] < f.levels[i] - 1e-3) return false; return true;");
            assertEquals(Boolean.TRUE, peaksAtOrAbove, "held peaks at or above the levels");
            tablet.js("const s = document.querySelector('.rta-source'); s.value = 'ch/1'; s.dispatchEvent(new Event('change'));");
            waitFor(() -> tapped(RtaTap.channel(0)) && !tapped(RtaTap.main()), "switched to channel 1's input; the main's slot given back");
            tablet.js("const s = document.querySelector('.rta-source'); s.value = 'main'; s.dispatchEvent(new Event('change'));");
            waitFor(() -> Math.abs(level(tools, 1000) + 12) < 1.0, "back on the main");
            Thread.sleep(600);
            shot(tablet, "rta-1024x768");
            tablet.js("window.jackdesk.showView('mixer')");
            waitFor(() -> !tapped(RtaTap.main()), "left the view: the tap stops");
        } finally {
            state.set("osc/on", false, "test");
        }
    }
}
