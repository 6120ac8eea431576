package org.jackdesk.config.show;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jackdesk.config.ConfigException;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.Layout;
import org.junit.jupiter.api.Test;

/**
 * Custom fader layers (issue 23): what a layer may hold on this console, the refusals (each says what
 * and where, and changes nothing), ids kept, order, and the layers in the show file — written and
 * read back, refused on import and repaired on loading when a strip is not on the console.
 */
class FaderLayersTest {
    private static final ConsoleConfig CONFIG = ConfigJson.builtinDefault();
    private static final Layout LAYOUT = CONFIG.toLayout();

    private static FaderLayers.LayerException refused(String code, org.junit.jupiter.api.function.Executable e) {
        FaderLayers.LayerException x = assertThrows(FaderLayers.LayerException.class, e);
        assertEquals(code, x.code(), x.getMessage());
        return x;
    }

    @Test
    void aLayerMixesChannelsBusesFxReturnsAndDcasInAnyOrder() throws Exception {
        assertTrue(LAYOUT.fx() >= 1 && LAYOUT.buses().size() >= 2 && LAYOUT.channels().size() >= 12, "the default console has them");
        FaderLayers layers = new FaderLayers(LAYOUT);
        AtomicInteger told = new AtomicInteger();
        layers.addListener(told::incrementAndGet);
        FaderLayers.Layer v = layers.save(null, "  Vocals ", List.of("ch/12", "bus/2", "dca/1", "fxret/1", "ch/03"));
        assertEquals(1, v.id());
        assertEquals("Vocals", v.name(), "trimmed");
        assertEquals(List.of("ch/12", "bus/2", "dca/1", "fxret/1", "ch/3"), v.strips(), "in the order given, as the console writes them");
        FaderLayers.Layer d = layers.save(null, "Drums", List.of());
        assertEquals(2, d.id());
        assertEquals(2, told.get());
        // Replaced under its id: name and strips.
        layers.save(2, "Drums", List.of("dca/2", "ch/1", "ch/2"));
        assertEquals(List.of("dca/2", "ch/1", "ch/2"), layers.list().get(1).strips());
        layers.move(2, 0);
        assertEquals(List.of("Drums", "Vocals"), layers.list().stream().map(FaderLayers.Layer::name).toList());
        layers.delete(2);
        FaderLayers.Layer next = layers.save(null, "Keys", List.of("ch/17"));
        assertEquals(3, next.id(), "an id is never given twice");
        assertEquals(6, told.get());
    }

    @Test
    void refusalsSayWhatAndWhereAndChangeNothing() throws Exception {
        FaderLayers layers = new FaderLayers(LAYOUT);
        layers.save(null, "Vocals", List.of("ch/12", "bus/2"));
        List<FaderLayers.Layer> before = layers.list();
        int ch = LAYOUT.channels().size();
        String m = refused(FaderLayers.BAD_STRIP, () -> layers.save(null, "Band", List.of("ch/1", "ch/" + (ch + 1)))).getMessage();
        assertTrue(m.contains("strip 2 of the layer") && m.contains("there is no ch/" + (ch + 1)) && m.contains("ch/1.." + ch), m);
        m = refused(FaderLayers.BAD_STRIP, () -> layers.save(null, "Band", List.of("main"))).getMessage();
        assertTrue(m.contains("'main' is not a strip"), m);
        m = refused(FaderLayers.BAD_STRIP, () -> layers.save(null, "Band", List.of("dca/9"))).getMessage();
        assertTrue(m.contains("there is no dca/9"), m);
        m = refused(FaderLayers.BAD_STRIP, () -> layers.save(null, "Band", List.of("fxret/" + (LAYOUT.fx() + 1)))).getMessage();
        assertTrue(m.contains("fxret/1.." + LAYOUT.fx()), m);
        m = refused(FaderLayers.BAD_STRIP, () -> layers.save(null, "Band", List.of("ch/3", "bus/1", "ch/3"))).getMessage();
        assertTrue(m.contains("strip 3 of the layer: ch/3 is on it already"), m);
        m = refused(FaderLayers.BAD_NAME, () -> layers.save(null, "vocals", List.of())).getMessage();
        assertTrue(m.contains("there is a layer named 'Vocals' already (id 1)"), m);
        refused(FaderLayers.BAD_NAME, () -> layers.save(null, " ", List.of()));
        refused(FaderLayers.BAD_NAME, () -> layers.save(null, "x".repeat(25), List.of()));
        refused(FaderLayers.BAD_NAME, () -> layers.save(null, "a\nb", List.of()));
        refused(FaderLayers.BAD_NAME, () -> layers.save(null, null, List.of()));
        refused(FaderLayers.BAD_STRIP, () -> layers.save(null, "Band", null));
        m = refused(FaderLayers.NO_LAYER, () -> layers.save(7, "Band", List.of())).getMessage();
        assertTrue(m.contains("there is no layer 7; the layers are 1 (Vocals)"), m);
        refused(FaderLayers.NO_LAYER, () -> layers.delete(7));
        refused(FaderLayers.BAD_LAYER, () -> layers.move(1, 1));
        assertEquals(before, layers.list(), "nothing changed");
        for (int i = 2; i <= FaderLayers.MAX_LAYERS; i++) layers.save(null, "L" + i, List.of());
        refused(FaderLayers.TOO_MANY, () -> layers.save(null, "One more", List.of()));
        assertEquals(FaderLayers.MAX_LAYERS, layers.list().size());
    }

    private static Show show(List<FaderLayers.Layer> layers) {
        return new Show(CONFIG, Map.of(), List.of(), List.of(), List.of(), -1).withLayers(layers);
    }

    @Test
    void theLayersAreWrittenWithTheShowAndReadBack() throws Exception {
        FaderLayers layers = new FaderLayers(LAYOUT);
        layers.save(null, "Vocals", List.of("ch/12", "bus/2", "dca/1", "fxret/1"));
        layers.save(null, "Spare", List.of());
        layers.save(null, "Drums", List.of("ch/1", "ch/2", "dca/2"));
        layers.delete(2);
        String text = ShowJson.write(show(layers.list()));
        Show back = ShowJson.read("show.json", text);
        assertEquals(layers.list(), back.layers(), "ids, names and strips in order");
        assertEquals(text, ShowJson.write(back), "what the console writes it reads back unchanged");
        FaderLayers again = new FaderLayers(LAYOUT);
        again.load(back.layers());
        assertEquals(layers.list(), again.list());
        assertEquals(4, again.save(null, "New", List.of()).id(), "ids continue after the show's (1 and 3)");
        // A show without layers is written without the key, as before.
        assertTrue(!ShowJson.write(show(List.of())).contains("\"layers\""));
        assertEquals(List.of(), ShowJson.read("old.json", ShowJson.write(show(List.of()))).layers());
    }

    @Test
    void aStripTheConsoleLacksRefusesAnImportAndIsLeftOutWhenLoading() throws Exception {
        String text = ShowJson.write(show(List.of(new FaderLayers.Layer(4242, "Layer Vox", List.of("ch/12", "bus/2")))))
                .replace("\"bus/2\"", "\"bus/99\"");
        ConfigException e = assertThrows(ConfigException.class, () -> ShowJson.read("show.json", text));
        assertTrue(e.getMessage().contains("layers[0].strips[1]") && e.getMessage().contains("there is no bus/99"), e.getMessage());
        ShowJson.Read r = ShowJson.readRepairing("show.json", text);
        assertEquals(List.of(new FaderLayers.Layer(4242, "Layer Vox", List.of("ch/12"))), r.show().layers());
        assertEquals(1, r.repairs().size(), r.repairs().toString());
        assertTrue(r.repairs().get(0).toString().contains("left out of the layer"), r.repairs().toString());

        // Other faults refuse the file even when repairing, each with its place.
        List<String> bad = new ArrayList<>(List.of(
                text.replace("4242", "\"one\""),
                text.replace("\"Layer Vox\"", "\"\""),
                text.replace("\"strips\"", "\"strip\"")));
        for (String b : bad) {
            assertTrue(!b.equals(text), "the fault is in the file: " + b);
            ConfigException x = assertThrows(ConfigException.class, () -> ShowJson.readRepairing("show.json", b));
            assertTrue(x.getMessage().contains("layers[0]"), x.getMessage());
        }
    }
}
