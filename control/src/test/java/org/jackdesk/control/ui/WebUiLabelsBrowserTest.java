package org.jackdesk.control.ui;

import static org.jackdesk.control.ui.BrowserTestSupport.assertNoConsoleErrors;
import static org.jackdesk.control.ui.BrowserTestSupport.assumeChromium;
import static org.jackdesk.control.ui.BrowserTestSupport.closeAll;
import static org.jackdesk.control.ui.BrowserTestSupport.openSettled;
import static org.jackdesk.control.ui.BrowserTestSupport.shot;
import static org.jackdesk.control.ui.BrowserTestSupport.shown;
import static org.jackdesk.control.ui.BrowserTestSupport.sleep;
import static org.jackdesk.control.ui.BrowserTestSupport.stripLabel;
import static org.jackdesk.control.ui.BrowserTestSupport.tap;
import static org.jackdesk.control.ui.BrowserTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.control.ui.BrowserTestSupport.TestConsole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Names and colours from the tablet (issue 23, slice 1), in real headless Chromium against a real
 * console with the shipped configuration: a channel renamed and recoloured in its detail, a DCA
 * through a tap on its name, a channel from the phone — each reaching the server (REST
 * {@code /api/labels}), shown on a second device at once and still there after a reload. The
 * configured colours show as configured (the default's drum channels are all red).
 */
class WebUiLabelsBrowserTest {
    private static TestConsole server;
    private static Chromium tablet;
    private static Chromium phone;

    @BeforeAll
    static void start() throws Exception {
        assumeChromium();
        server = TestConsole.start(ConfigJson.builtinDefault());
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

    @BeforeEach
    void configuredNames() {
        server.console().labels().load(ConfigJson.builtinDefault().layout()); // every test starts from the configuration's names
    }

    static void open(Chromium c) {
        openSettled(c, server.url());
    }

    /** GET /api/labels: the server's names and colours. */
    static JsonObject serverLabels() {
        return server.restLabels();
    }

    static String stripColour(Chromium c, String strip) {
        return (String) c.js("const e = document.querySelector('#strips [data-strip=\"' + arguments[0] + '\"]');"
                + " return e ? e.dataset.colour : null", strip);
    }

    /** Types text into the input (replacing what is there) and taps the SAVE beside it. */
    static void typeAndSave(Chromium c, String inputCss, String text) {
        WebElement in = c.driver.findElement(By.cssSelector(inputCss));
        c.js("arguments[0].scrollIntoView({block: 'nearest'}); arguments[0].focus(); arguments[0].select();", in);
        in.sendKeys(text);
        tap(c, inputCss.replace("input.label-name", "button.label-save"));
    }

    /** strip.js COLOURS: the configuration's colour words on the dark background. */
    static final java.util.Map<String, String> CSS = java.util.Map.ofEntries(java.util.Map.entry("red", "#e5484d"),
            java.util.Map.entry("orange", "#f76b15"), java.util.Map.entry("yellow", "#ffc53d"), java.util.Map.entry("green", "#46a758"),
            java.util.Map.entry("cyan", "#12a594"), java.util.Map.entry("blue", "#0090ff"), java.util.Map.entry("purple", "#8e4ec6"),
            java.util.Map.entry("pink", "#d6409f"), java.util.Map.entry("white", "#e8e8e8"), java.util.Map.entry("grey", "#8b8d98"),
            java.util.Map.entry("off", "#3a3f47"));

    @Test
    void theConfiguredColoursShowAsConfigured() {
        open(tablet);
        ConsoleConfig.LayoutConfig l = ConfigJson.builtinDefault().layout();
        for (int n = 1; n <= l.channels().size(); n++) {
            String configured = l.channels().get(n - 1).colour();
            String want = configured.startsWith("#") ? configured : CSS.get(configured);
            assertEquals(want, stripColour(tablet, "ch/" + n), "ch/" + n + " shows its configured " + configured);
        }
        for (int n = 1; n <= l.buses().size(); n++) {
            String configured = l.buses().get(n - 1).colour();
            assertEquals(configured.startsWith("#") ? configured : CSS.get(configured), stripColour(tablet, "bus/" + n), "bus/" + n);
        }
    }

    @Test
    void aChannelRenamedAndRecolouredInItsDetailReachesTheServerThePhoneAndAReload() throws Exception {
        tablet.setViewport(1024, 768);
        open(tablet);
        open(phone);
        tap(tablet, "#strips [data-strip=\"ch/1\"] .select");
        waitFor(() -> shown(tablet, "#detail .panel.labels input.label-name"), "the detail has a name field");
        typeAndSave(tablet, "#detail .panel.labels input.label-name", "Kick In");
        waitFor(() -> "Kick In".equals(serverLabels().getJsonArray("channels").getJsonObject(0).getString("name")), "the server has the name");
        waitFor(() -> "Kick In".equals(stripLabel(phone, "ch/1")), "the phone shows it at once");
        assertEquals("1 · Kick In", tablet.js("return document.querySelector('#detail .detail-title').textContent"));

        tap(tablet, "#detail .panel.labels .swatch[data-colour=\"cyan\"]");
        waitFor(() -> "cyan".equals(serverLabels().getJsonArray("channels").getJsonObject(0).getString("colour")), "the server has the colour");
        waitFor(() -> "#12a594".equals(stripColour(phone, "ch/1")), "the phone's strip turns cyan");
        waitFor(() -> "#12a594".equals(stripColour(tablet, "ch/1")), "and the tablet's");
        assertEquals("true", tablet.js("return document.querySelector('#detail .panel.labels .swatch[data-colour=\"cyan\"]').getAttribute('aria-checked')"));
        shot(tablet, "labels-detail-1024x768");

        // A bus in its own detail (SEL on the bus strip).
        tap(tablet, "#detail .detail-close");
        tablet.js("document.querySelector('#strips [data-strip=\"bus/1\"]').scrollIntoView({inline: 'nearest'})");
        sleep(300);
        tap(tablet, "#strips [data-strip=\"bus/1\"] .select");
        waitFor(() -> shown(tablet, "#detail .panel.labels input.label-name"), "the bus detail has a name field");
        typeAndSave(tablet, "#detail .panel.labels input.label-name", "Vox Wedge");
        tap(tablet, "#detail .panel.labels .swatch[data-colour=\"pink\"]");
        waitFor(() -> "Vox Wedge".equals(serverLabels().getJsonArray("buses").getJsonObject(0).getString("name"))
                && "pink".equals(serverLabels().getJsonArray("buses").getJsonObject(0).getString("colour")), "the server has the bus's");
        waitFor(() -> Boolean.TRUE.equals(phone.js("return [...document.getElementById('sends').options].some(o => o.textContent === 'Sends: Vox Wedge')")),
                "the phone's bus menu names it");
        tap(tablet, "#detail .detail-close");

        // Survives a reload.
        open(tablet);
        assertEquals("Kick In", stripLabel(tablet, "ch/1"));
        assertEquals("#12a594", stripColour(tablet, "ch/1"));
        assertEquals("Vox Wedge", stripLabel(tablet, "bus/1"));
    }

    @Test
    void aDcaIsRenamedAndColouredByATapOnItsNameAtEverySize() throws Exception {
        int[][] sizes = {{1024, 768}, {768, 1024}, {1280, 800}};
        String[] colours = {"red", "green", "blue"};
        open(phone);
        for (int i = 0; i < sizes.length; i++) {
            String at = sizes[i][0] + "x" + sizes[i][1];
            tablet.setViewport(sizes[i][0], sizes[i][1]);
            open(tablet);
            tablet.js("document.querySelector('#strips [data-strip=\"dca/2\"]').scrollIntoView({inline: 'nearest'})");
            sleep(300);
            tap(tablet, "#strips [data-strip=\"dca/2\"] .strip-name");
            waitFor(() -> shown(tablet, "#labelpanel input.label-name"), "the name panel opens at " + at);
            typeAndSave(tablet, "#labelpanel input.label-name", "Drums " + at);
            tap(tablet, "#labelpanel .swatch[data-colour=\"" + colours[i] + "\"]");
            String want = "Drums " + at, colour = colours[i];
            waitFor(() -> want.equals(serverLabels().getJsonArray("dcas").getString(1))
                    && colour.equals(serverLabels().getJsonArray("dcaColours").getString(1)), "the server has DCA 2's at " + at);
            waitFor(() -> want.equals(phone.js("return document.querySelector('[data-strip=\"dca/2\"] .strip-label').textContent")),
                    "the phone has it at " + at);
            if (i == 0) shot(tablet, "labels-dca-panel-1024x768");
            if (i == 1) shot(tablet, "labels-dca-panel-768x1024");
            tap(tablet, "#labelpanel .label-close");
            open(tablet);
            assertEquals(want, stripLabel(tablet, "dca/2"), "after a reload at " + at);
        }
    }

    @Test
    void thePhoneRenamesAChannelWithATapOnItsName() throws Exception {
        tablet.setViewport(1024, 768);
        open(tablet);
        open(phone);
        tap(phone, "#strips [data-strip=\"ch/3\"] .strip-name");
        waitFor(() -> shown(phone, "#labelpanel input.label-name"), "the name panel opens on the phone");
        typeAndSave(phone, "#labelpanel input.label-name", "Snare Top");
        tap(phone, "#labelpanel .swatch[data-colour=\"yellow\"]");
        waitFor(() -> "Snare Top".equals(serverLabels().getJsonArray("channels").getJsonObject(2).getString("name"))
                && "yellow".equals(serverLabels().getJsonArray("channels").getJsonObject(2).getString("colour")), "the server has ch/3's");
        waitFor(() -> "Snare Top".equals(stripLabel(tablet, "ch/3")) && "#ffc53d".equals(stripColour(tablet, "ch/3")), "the tablet shows it");
        shot(phone, "labels-panel-390x844");
        tap(phone, "#labelpanel .label-close");
        open(phone);
        assertEquals("Snare Top", stripLabel(phone, "ch/3"));
    }
}
