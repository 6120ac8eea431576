package org.jackdesk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jackdesk.config.show.ChannelLibrary;
import org.jackdesk.config.show.FaderLayers;
import org.jackdesk.config.show.Preset;
import org.jackdesk.config.show.Scene;
import org.jackdesk.config.show.SceneException;
import org.jackdesk.config.show.SceneManager;
import org.junit.jupiter.api.Test;

/**
 * Every name a user gives the console — a strip's label, a fader layer, a channel preset, a scene —
 * goes through one rule ({@link Names}), each through its owner's own door: the same refusals in
 * the same words (what is named, and which one), each with its owner's {@code bad_name} code; and a
 * name too long is quoted in an excerpt with its control characters masked, so the message cannot
 * forge a line in a log.
 */
class NamesTest {
    private static final ConsoleConfig CONFIG = ConfigJson.builtinDefault();

    /** Saves or renames something under {@code name} through its owner's public door. */
    @FunctionalInterface
    interface Door {
        void name(String name) throws Exception;
    }

    record Owner(String what, int maxChars, String where, Door door) {}

    static List<Owner> owners() {
        StripLabels labels = new StripLabels(CONFIG.layout());
        FaderLayers layers = new FaderLayers(CONFIG.toLayout());
        ParamRegistry registry = ParamRegistry.forLayout(CONFIG.toLayout());
        ChannelLibrary library = new ChannelLibrary(registry);
        SceneManager scenes = new SceneManager(new ConsoleState(registry), () -> 0L, t -> { });
        return List.of(
                new Owner("strip", ConsoleConfig.MAX_NAME, " — ch/3", n -> labels.set("ch/3", n, null)),
                new Owner("layer", FaderLayers.MAX_NAME, "", n -> layers.save(null, n, List.of())),
                new Owner("preset", Preset.MAX_NAME, "", n -> library.save(new Preset(n, List.of("eq"), Map.of()), false)),
                new Owner("scene", Scene.MAX_NAME, "", n -> scenes.save(n, List.of(), 0)));
    }

    /** The refusal's message, after checking it is its owner's {@code bad_name}. */
    static String refused(Owner o, String name) {
        Exception e = assertThrows(Exception.class, () -> o.door().name(name), o.what() + " named " + name);
        String code = e instanceof SceneException s ? s.code()
                : e instanceof FaderLayers.LayerException l ? l.code()
                : e instanceof StripLabels.LabelException l ? l.code() : "not a refusal: " + e;
        assertEquals("bad_name", code, o.what() + ": " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void everyOwnerRefusesABadNameInTheSameWordsWithItsOwnCode() {
        for (Owner o : owners()) {
            String w = o.what();
            assertEquals("a " + w + " needs a name (it is empty)" + o.where(), refused(o, "   "));
            assertEquals("a " + w + " name must not contain control characters (U+000A at position 5)" + o.where(), refused(o, " Kick\nIn "));
            assertEquals("a " + w + " name must not contain control characters (U+2028 at position 2)" + o.where(), refused(o, "A\u2028B"));

            String tooLong = "Line\r\nINFO: admin logged in " + "x".repeat(o.maxChars());
            String m = refused(o, tooLong);
            int count = tooLong.length();
            assertTrue(m.startsWith("a " + w + " name has at most " + o.maxChars() + " characters (\"Line??INFO: admin logged in xxx"), m);
            assertTrue(m.endsWith("…\" has " + count + ")" + o.where()), m);
            assertFalse(m.contains("\n") || m.contains("\r"), "no control character reaches the message: " + m);
        }
    }

    @Test
    void aGoodNameIsKeptStrippedUpToTheLimit() throws Exception {
        assertEquals("Vox", Names.check(" Vox ", "scene", 48, "", IllegalArgumentException::new));
        String longest = "é".repeat(24);
        assertEquals(longest, Names.check(longest, "strip", 24, "", IllegalArgumentException::new), "24 characters, 48 bytes: fine");
        for (Owner o : owners()) o.door().name(" " + "n".repeat(o.maxChars()) + " ");
    }
}
