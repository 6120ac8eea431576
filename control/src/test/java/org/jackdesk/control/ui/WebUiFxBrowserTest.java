package org.jackdesk.control.ui;

import static org.jackdesk.control.ui.BrowserTestSupport.assumeChromium;
import static org.jackdesk.control.ui.BrowserTestSupport.closeAll;
import static org.jackdesk.control.ui.BrowserTestSupport.shot;
import static org.jackdesk.control.ui.BrowserTestSupport.tapInstant;
import static org.jackdesk.control.ui.BrowserTestSupport.waitFor;
import static org.jackdesk.control.ui.BrowserTestSupport.waitOnline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.control.Console;
import org.jackdesk.control.ServerOptions;
import org.jackdesk.control.ui.BrowserTestSupport.TestConsole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The FX view, the FX return fader bank and FX sends on faders in real headless Chromium against a
 * real control server with the default four FX slots: the server's console state is the judge.
 */
class WebUiFxBrowserTest {
    private static TestConsole server;
    private static Chromium tablet;
    private static final AtomicLong now = new AtomicLong(1_000_000_000L);
    private static final AtomicInteger taps = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        assumeChromium();
        server = TestConsole.start(ConfigJson.builtinDefault());
        server.console().bound().server().params().taps().useClock(now::get);
        server.state().addListener((p, v, o) -> { if (p.path().equals("fx/1/tap") && v > 0.5) taps.incrementAndGet(); });
        tablet = new Chromium(1024, 768);
    }

    @AfterAll
    static void stop() throws Exception {
        closeAll(tablet);
        if (server != null) server.close();
    }

    @BeforeEach
    void fresh() {
        server.resetValues();
        tablet.driver.get(server.url());
        waitOnline(tablet);
        waitFor(() -> "off".equals(tablet.js("return window.jackdesk.store.get('fx/1/type')")), "the snapshot arrives");
    }

    @AfterEach
    void noConsoleErrors() {
        List<String> errors = tablet.severeConsole();
        assertTrue(errors.isEmpty(), "console errors: " + errors);
    }

    /** One finger taps the element, scrolled into the middle at once (the strips scroll smoothly, and a rectangle read mid-scroll is the old one). */
    private static void tap(String css) {
        tapInstant(tablet, css);
    }

    private static double value(String path) {
        return server.get(path);
    }

    private static void set(String path, Object v) {
        server.set(path, v);
    }

    @Test
    void choosingADelayShowsItsKnobsAndFourTapsSetTheTempoTheButtonFlashesAt() {
        tap("#tab-fx");
        waitFor(() -> "fx".equals(tablet.js("return document.body.dataset.view")), "the FX view opens");
        assertEquals(4L, ((Number) tablet.js("return document.querySelectorAll('#fxview .fx-slot').length")).longValue(), "one panel per slot");
        tap("#fxview .fx-slot[data-slot='1'] .choice button[data-value='delay']");
        waitFor(() -> value("fx/1/type") == org.jackdesk.config.Params.FX_TYPES.indexOf("delay"), "the server runs a delay");
        waitFor(() -> Boolean.TRUE.equals(tablet.js(
                "return !!document.querySelector(\"#fxview .knob[data-path='fx/1/delay/time']\")")), "the delay's knobs show");
        assertEquals(Boolean.TRUE, tablet.js("return !!document.querySelector(\"#fxview .knob[data-path='fx/1/delay/feedback']\")"));
        assertEquals(Boolean.FALSE, tablet.js("return !!document.querySelector(\"#fxview .knob[data-path='fx/1/reverb/decay']\")"));
        for (int k = 1; k <= 4; k++) {
            tap("#fxview .fx-slot[data-slot='1'] .fx-tap");
            int want = k;
            waitFor(() -> taps.get() >= want, "tap " + k + " reaches the console");
            now.addAndGet(500_000_000L);
        }
        waitFor(() -> value("fx/1/tempo") == 120.0, "the tempo is 120 BPM");
        assertEquals(500.0, value("fx/1/delay/time"), "an unsynced delay takes one beat");
        String beat = "return parseFloat(document.querySelector(\"#fxview .fx-slot[data-slot='1'] .fx-tap\").style.animationDuration)";
        waitFor(() -> Double.valueOf(0.5).equals(((Number) tablet.js(beat)).doubleValue()), "flashes at 120 BPM");
        set("fx/1/tempo", 100.0); // another tablet's taps: the button follows
        waitFor(() -> Double.valueOf(0.6).equals(((Number) tablet.js(beat)).doubleValue()), "flashes at 100 BPM");
        // a type set elsewhere changes the panel
        set("fx/2/type", "plate");
        waitFor(() -> Boolean.TRUE.equals(tablet.js(
                "return !!document.querySelector(\"#fxview .knob[data-path='fx/2/reverb/decay']\")")), "the plate's knobs show");
    }

    @Test
    void theReturnsAreAFaderBankAndTheSendsGoOnFaders() {
        assertEquals(4L, ((Number) tablet.js("return document.querySelectorAll('#strips .strip-fxret').length")).longValue());
        tap("[data-strip='fxret/2'] .toggle.mute");
        waitFor(() -> value("fxret/2/on") == 0.0, "MUTE switches the return off");
        tap("[data-strip='fxret/3'] .toggle.solo");
        waitFor(() -> value("fxret/3/solo") == 1.0, "SOLO solos the return");
        // FX 1's sends on the faders: channel faders are their sends, the master is the send bus
        tablet.js("const s = document.getElementById('sends'); s.value = 'fx1'; s.dispatchEvent(new Event('change'));");
        waitFor(() -> "ch/1/fx/1/level".equals(tablet.js(
                "return document.querySelector(\"[data-strip='ch/1'] .fader\").dataset.path")), "channel 1's fader is its FX 1 send");
        assertEquals("fxsend/1/fader", tablet.js("return document.querySelector('#master .fader').dataset.path"));
        assertEquals(Boolean.TRUE, tablet.js("return document.querySelector(\"[data-strip='fxret/1']\").hidden"), "returns hide in an FX's mix");
        assertEquals("bus/2/fx/1/level", tablet.js("return document.querySelector(\"[data-strip='bus/2'] .fader\").dataset.path"),
                "an aux bus's fader is its send into the slot");
        tap("[data-strip='bus/2'] .toggle.mute");
        waitFor(() -> value("bus/2/fx/1/on") == 0.0, "OFF switches the bus's send into the slot");
        assertEquals(0.0, value("bus/2/mute"), "not the bus itself");
        // a wedge's mix: the returns show as its reverb sends
        tablet.js("const s = document.getElementById('sends'); s.value = '1'; s.dispatchEvent(new Event('change'));");
        waitFor(() -> "fxret/1/aux/1/level".equals(tablet.js(
                "return document.querySelector(\"[data-strip='fxret/1'] .fader\").dataset.path")), "the return's fader is its send to bus 1");
        assertEquals(Boolean.FALSE, tablet.js("return document.querySelector(\"[data-strip='fxret/1']\").hidden"));
        tap("[data-strip='fxret/1'] .toggle.mute");
        waitFor(() -> value("fxret/1/aux/1/on") == 0.0, "OFF switches the return's send to the wedge");
        assertEquals(1.0, value("fxret/1/on"), "not the return itself");
    }

    @Test
    void theReturnStripsDecodeTheirMetersFromTheFxSection() {
        // a frame as the server sends it for a bank with 2 FX returns: return 2 at −6 dBFS
        Object db = tablet.js("const n = 2 * 13 + 9 + 2 * 9; const buf = new ArrayBuffer(16 + 4 * n); const dv = new DataView(buf);"
                + "[0x4a, 0x44, 0x4d, 0x46].forEach((b, i) => dv.setUint8(i, b)); dv.setUint8(4, 3); dv.setUint8(5, 1 | 4 | 32);"
                + "dv.setUint16(6, 2, true); dv.setUint16(8, 0, true); dv.setUint8(10, 13); dv.setUint8(11, 9);"
                + "for (let i = 0; i < n; i++) dv.setFloat32(16 + 4 * i, -120, true);"
                + "dv.setFloat32(16 + 4 * (2 * 13 + 9 + 9 + 0), -6, true);"
                + "return import('./js/meterframe.js').then((m) => { const f = m.decodeMeters(buf); return [f.fxCount, f.fx(1, 0), f.fx(0, 0), f.main(0)]; });");
        assertEquals(List.of(2L, -6L, -120L, -120L), ((List<?>) db).stream().map(x -> ((Number) x).longValue()).toList());
        assertEquals(Boolean.TRUE, tablet.js("return !!document.querySelector(\"[data-strip='fxret/1'] canvas.meter-post\")"), "a return strip has its meter");
    }

    @Test
    void aMusicianOnThePhoneSetsTheReverbInTheirOwnWedgeOnly() throws Exception {
        org.jackdesk.control.security.SecurityOptions sec = org.jackdesk.control.security.SecurityOptions.open().withUsers(List.of(
                new ConsoleConfig.UserConfig("singer", "monitor", List.of(2),
                        org.jackdesk.control.security.PasswordHasher.hash("3333".toCharArray(), 1000))), null);
        ConsoleConfig config = ConfigJson.builtinDefault();
        Console withUsers = Console.start(Console.Options.of(config,
                        new UiTestEngine(config.toLayout().channels().size(), config.toLayout().buses().size()), server.vertx)
                .withServer(ServerOptions.loopbackEphemeral().withPorts(0, ServerOptions.NO_OSC)).withSecurity(sec));
        try (Chromium phone = new Chromium(390, 844)) {
            phone.driver.get("http://127.0.0.1:" + withUsers.bound().httpPort() + "/");
            waitFor(() -> Boolean.TRUE.equals(phone.js("return document.body.classList.contains('needs-login')")), "the PIN screen");
            phone.js("document.querySelector('#login-user').value = 'singer'; document.querySelector('#login-pin').value = '3333';"
                    + "document.querySelector('#login-go').click();");
            waitFor(() -> "monitor".equals(phone.js("return document.body.dataset.role")), "logged in as a monitor");
            waitFor(() -> "fxret/1/aux/2/level".equals(phone.js(
                    "const f = document.querySelector(\"[data-strip='fxret/1'] .fader\"); return f && f.dataset.path")),
                    "FX 1's return is a send into the singer's wedge");
            assertEquals(Boolean.FALSE, phone.js("return document.querySelector(\"[data-strip='fxret/1']\").hidden"));
            assertEquals("none", phone.js("return getComputedStyle(document.querySelector('#tab-fx')).display"), "no FX view for a musician");
            assertEquals(List.of("Sends: Mon 2"), phone.js("return [...document.querySelectorAll('#sends option')].map(o => o.textContent)"),
                    "no FX send bus to choose");
            // the server lets the musician move exactly that send
            phone.js("window.jackdesk.conn.setNow('fxret/1/aux/2/level', -4)");
            waitFor(() -> {
                try {
                    return withUsers.state().get("fxret/1/aux/2/level") == -4.0;
                } catch (Exception e) {
                    return false;
                }
            }, "the singer's reverb level reaches the console");
            assertEquals(List.of(), phone.severeConsole(), "no console errors");
        } finally {
            withUsers.close();
        }
    }

    @Test
    void screenshotOfTheFxViewAtTabletSize() throws Exception {
        set("fx/1/type", "hall");
        set("fx/2/type", "delay");
        set("fx/3/type", "plate");
        set("fx/4/type", "chorus");
        tap("#tab-fx");
        waitFor(() -> Boolean.TRUE.equals(tablet.js("return !!document.querySelector(\"#fxview .fx-tap\")")), "the FX view shows");
        Path out = shot(tablet, "fx-1024x768");
        assertTrue(Files.size(out) > 10_000, out + " has content");
        Object small = tablet.js("return [...document.querySelectorAll('#fxview button, #fxview .knob, #fxview select, #tab-fx')]"
                + ".filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect())"
                + ".filter(r => r.width < 44 || r.height < 44).length");
        assertEquals(0L, ((Number) small).longValue(), "targets under 44 px");
        Object topBar = tablet.js("return document.getElementById('topbar').scrollWidth <= document.getElementById('topbar').clientWidth");
        assertEquals(Boolean.TRUE, topBar, "the top bar fits 1024 px");
    }
}
