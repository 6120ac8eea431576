package org.jackdesk.control.ui;

import static org.jackdesk.control.ui.BrowserTestSupport.assumeChromium;
import static org.jackdesk.control.ui.BrowserTestSupport.closeAll;
import static org.jackdesk.control.ui.BrowserTestSupport.open;
import static org.jackdesk.control.ui.BrowserTestSupport.tap;
import static org.jackdesk.control.ui.BrowserTestSupport.url;
import static org.jackdesk.control.ui.BrowserTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.midi.MidiMapping;
import org.jackdesk.control.Console;
import org.jackdesk.control.ServerOptions;
import org.jackdesk.engine.EngineCommand;
import org.jackdesk.engine.EngineControl;
import org.jackdesk.engine.MeterBank;
import org.jackdesk.engine.midi.MidiTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tablet's LEARN button in real headless Chromium against a real console whose engine has the
 * MIDI pair's queues: LEARN, a touch on a fader, a controller message (put into the input queue as
 * the JACK thread would) → mapped, the tablet says so, the fader did not move; touching the control
 * again while the console waits clears its mapping. A console without MIDI shows no LEARN.
 */
class WebUiMidiLearnBrowserTest {
    private static Vertx vertx;
    private static Console console;
    private static final MidiTransport midi = new MidiTransport();
    private static Chromium tablet;

    /** The browser tests' engine with the MIDI pair's queues (no JACK: the test plays the JACK thread). */
    private static final class MidiEngine implements EngineControl {
        private final UiTestEngine e;

        MidiEngine(UiTestEngine e) {
            this.e = e;
        }

        @Override
        public MidiTransport midi() {
            return midi;
        }

        @Override
        public void setParam(int slot, double value) {
            e.setParam(slot, value);
        }

        @Override
        public boolean command(EngineCommand command) {
            return e.command(command);
        }

        @Override
        public MeterBank meters() {
            return e.meters();
        }

        @Override
        public int sampleRate() {
            return e.sampleRate();
        }

        @Override
        public int periodFrames() {
            return e.periodFrames();
        }

        @Override
        public String backendStatus() {
            return e.backendStatus();
        }

        @Override
        public long xruns() {
            return 0;
        }

        @Override
        public float dspLoadPercent() {
            return 0;
        }

        @Override
        public double callbackMaxMicros() {
            return 0;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        assumeChromium();
        vertx = Vertx.vertx();
        ConsoleConfig config = ConfigJson.builtinDefault().withLayout(UiServer.LAYOUT);
        UiTestEngine engine = new UiTestEngine(UiServer.LAYOUT.channels().size(), UiServer.LAYOUT.buses().size());
        console = Console.start(Console.Options.of(config, new MidiEngine(engine), vertx)
                .withServer(ServerOptions.loopbackEphemeral().withPorts(0, ServerOptions.NO_OSC)));
        tablet = new Chromium(1024, 768);
    }

    @AfterAll
    static void stop() throws Exception {
        closeAll(tablet);
        if (vertx != null) vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String toast(Chromium c) {
        return (String) c.js("return document.getElementById('toast').textContent");
    }

    @Test
    void learnMapsTheTouchedControlToTheNextHardwareMoveAndATouchAgainClearsIt() throws Exception {
        open(tablet, url(console.httpPort()));
        waitFor(() -> Boolean.FALSE.equals(tablet.js("return document.getElementById('learn').hidden")), "LEARN shows");
        tap(tablet, "#learn");
        assertEquals("true", tablet.js("return document.getElementById('learn').getAttribute('aria-pressed')"));
        String mute = "[data-strip=\"ch/2\"] .toggle.mute";
        tap(tablet, mute);
        waitFor(() -> "ch/2/mute".equals(console.server().midi().listing().getString("learning")),
                "the console waits for a hardware move for ch/2/mute");
        assertEquals(0.0, console.state().get("ch/2/mute"), "the touch picked the control, it did not press it");
        byte[] note = {(byte) 0x90, 36, 127};
        midi.acceptEvent(note, 3, 0); // as the JACK thread puts a controller's note into the queue
        waitFor(() -> toast(tablet).contains("ch/2/mute ← note 36 ch 1"), "the tablet says what was mapped: " + toast(tablet));
        assertEquals("false", tablet.js("return document.getElementById('learn').getAttribute('aria-pressed')"), "LEARN is done");
        assertEquals(List.of(new MidiMapping(MidiMapping.Kind.NOTE, 1, 36, "ch/2/mute", null, null, MidiMapping.Mode.TOGGLE,
                MidiMapping.Takeover.JUMP, MidiMapping.DEFAULT_STEP)), console.server().midi().config().mappings());
        assertEquals(0.0, console.state().get("ch/2/mute"), "the learned move itself does not toggle");
        midi.acceptEvent(note, 3, 0);
        waitFor(() -> {
            try {
                return console.state().get("ch/2/mute") == 1;
            } catch (Exception e) {
                return false;
            }
        }, "the mapped note toggles mute");

        // Clear: LEARN, touch the control, touch it again.
        tap(tablet, "#learn");
        tap(tablet, mute);
        waitFor(() -> "ch/2/mute".equals(console.server().midi().listing().getString("learning")), "waiting again");
        tap(tablet, mute);
        waitFor(() -> toast(tablet).contains("ch/2/mute: 1 MIDI mapping cleared"), "cleared: " + toast(tablet));
        waitFor(() -> console.server().midi().config().mappings().isEmpty(), "no mapping left");
        assertEquals(1.0, console.state().get("ch/2/mute"), "neither touch pressed the button");
        List<String> errors = tablet.severeConsole();
        assertTrue(errors.isEmpty(), "console errors: " + errors);
    }
}
