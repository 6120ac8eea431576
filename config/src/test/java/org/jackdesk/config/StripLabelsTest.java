package org.jackdesk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.config.show.Show;
import org.jackdesk.config.show.ShowJson;
import org.junit.jupiter.api.Test;

/**
 * Strip names and colours edited at run time (issue 23): what a rename or recolour accepts and
 * refuses (nothing changes then), DCA colours in the configuration (old files read as before), and
 * the show file carrying the labels back.
 */
class StripLabelsTest {
    private static final ConsoleConfig CONFIG = ConfigJson.builtinDefault();

    private static StripLabels.LabelException refused(StripLabels l, String target, String name, String colour) {
        return assertThrows(StripLabels.LabelException.class, () -> l.set(target, name, colour));
    }

    @Test
    void renamesAndRecoloursChannelsBusesAndDcasAndTellsItsListeners() throws Exception {
        StripLabels l = new StripLabels(CONFIG.layout());
        AtomicInteger heard = new AtomicInteger();
        l.addListener(heard::incrementAndGet);
        String kickColour = CONFIG.layout().channels().get(0).colour();
        assertEquals(new StripLabels.Label("ch/1", "Kick In", kickColour), l.set("ch/1", "  Kick In ", null), "trimmed; colour kept");
        assertEquals(new StripLabels.Label("ch/1", "Kick In", "cyan"), l.set("ch/1", null, "cyan"), "name kept");
        assertEquals(new StripLabels.Label("bus/2", "Wedge Sax", "#12a594"), l.set("bus/2", "Wedge Sax", "#12a594"));
        assertEquals(new StripLabels.Label("dca/8", "Horns", "yellow"), l.set("dca/8", "Horns", "yellow"));
        assertEquals(4, heard.get());
        assertEquals("Kick In", l.layout().channels().get(0).name());
        assertEquals("cyan", l.layout().channels().get(0).colour());
        assertEquals(CONFIG.layout().channels().get(0).inputs(), l.layout().channels().get(0).inputs(), "ports untouched");
        assertEquals("Horns", l.layout().dcas().get(7));
        assertEquals("yellow", l.layout().dcaColours().get(7));
        assertEquals(CONFIG.layout().channels().get(1), l.layout().channels().get(1), "other strips untouched");
    }

    @Test
    void aBadTargetNameOrColourIsRefusedSayingWhatAndChangesNothing() throws Exception {
        StripLabels l = new StripLabels(CONFIG.layout());
        ConsoleConfig.LayoutConfig before = l.layout();
        int channels = before.channels().size();
        StripLabels.LabelException e = refused(l, "ch/" + (channels + 1), "X", null);
        assertEquals(StripLabels.BAD_TARGET, e.code());
        assertTrue(e.getMessage().contains("there is no ch/" + (channels + 1)) && e.getMessage().contains("ch/1.." + channels), e.getMessage());
        assertEquals(StripLabels.BAD_TARGET, refused(l, "main", "X", null).code());
        assertEquals(StripLabels.BAD_TARGET, refused(l, "ch/0", "X", null).code());
        assertEquals(StripLabels.BAD_TARGET, refused(l, "dca/9", "X", null).code());
        assertEquals(StripLabels.BAD_TARGET, refused(l, null, "X", null).code());
        assertEquals(StripLabels.BAD_NAME, refused(l, "ch/1", "   ", null).code());
        e = refused(l, "ch/1", "x".repeat(ConsoleConfig.MAX_NAME + 1), null);
        assertTrue(e.getMessage().contains("at most 24 characters") && e.getMessage().contains("ch/1"), e.getMessage());
        e = refused(l, "ch/2", "Kick\nIn", null);
        assertEquals(StripLabels.BAD_NAME, e.code());
        assertTrue(e.getMessage().contains("U+000A at position 5"), e.getMessage());
        e = refused(l, "bus/1", null, "redd");
        assertEquals(StripLabels.BAD_COLOUR, e.code());
        assertTrue(e.getMessage().contains("did you mean 'red'?") && e.getMessage().contains("bus/1"), e.getMessage());
        assertEquals(StripLabels.BAD_COLOUR, refused(l, "ch/1", "Fine", "#12a59").code(), "a good name does not pass a bad colour");
        assertEquals(StripLabels.BAD_NAME, refused(l, "ch/1", null, null).code());
        assertEquals(before, l.layout(), "nothing changed");
        assertEquals(24, l.set("ch/1", "x".repeat(24), null).name().length(), "24 characters are fine");
    }

    @Test
    void dcaColoursAreReadWrittenAndAbsentFromFilesWithoutThem() throws Exception {
        assertEquals(Collections.nCopies(Layout.DCA_COUNT, "off"), CONFIG.layout().dcaColours(), "a file without dcaColours: all off");
        assertFalse(ConfigJson.write(CONFIG).contains("dcaColours"), "and it writes none: the file stays as older versions read it");
        String text = ConfigJson.write(CONFIG).replace("\"muteGroups\"", "\"dcaColours\" : [ \"red\", \"#12a594\" ],\n    \"muteGroups\"");
        ConsoleConfig coloured = ConfigJson.read("c.json", text);
        assertEquals(List.of("red", "#12a594", "off", "off", "off", "off", "off", "off"), coloured.layout().dcaColours());
        assertEquals(coloured, ConfigJson.read("again.json", ConfigJson.write(coloured)), "what it writes, it reads");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigJson.read("c.json", text.replace("\"#12a594\"", "\"purpel\"")));
        assertTrue(e.getMessage().contains("layout.dcaColours[1]") && e.getMessage().contains("did you mean 'purple'?")
                && e.getMessage().contains("DCA 2"), e.getMessage());
    }

    @Test
    void aShowSavedWithTheLabelsLoadsThemBack() throws Exception {
        StripLabels l = new StripLabels(CONFIG.layout());
        l.set("ch/3", "Snare Top", "orange");
        l.set("bus/1", "Vox Wedge", "blue");
        l.set("dca/2", "Drums", "red");
        SceneManager scenes = new SceneManager(new ConsoleState(ParamRegistry.forLayout(CONFIG.toLayout())), () -> 0, t -> { });
        Show saved = scenes.toShow(l.applyTo(CONFIG));
        Show read = ShowJson.read("show.json", ShowJson.write(saved));
        assertEquals(saved, read);
        StripLabels restarted = new StripLabels(CONFIG.layout()); // a start with --config: the configuration's names
        assertTrue(restarted.load(read.config().layout()));
        assertEquals(l.layout(), restarted.layout(), "the show's names and colours win");
        assertEquals(new StripLabels.Label("dca/2", "Drums", "red"), restarted.get("dca/2"));
        ConsoleConfig other = CONFIG.withLayout(Layout.of(2, 0, 1, 0));
        assertFalse(restarted.load(other.layout()), "a show of another shape lends no names");
        assertEquals(l.layout(), restarted.layout());
    }

    @Test
    void aConsoleWithoutAConfigurationHasNoColoursUntilOneIsSet() throws Exception {
        StripLabels l = StripLabels.of(Layout.of(2, 0, 1, 0));
        assertFalse(l.coloured());
        assertNull(l.get("ch/1").colour());
        assertEquals("DCA 3", l.get("dca/3").name());
        l.set("ch/2", null, "green");
        assertTrue(l.coloured());
        assertEquals("green", l.get("ch/2").colour());
        assertEquals("off", l.get("ch/1").colour());
    }
}
