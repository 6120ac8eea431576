package org.jackdesk.config.midi;

import java.util.List;

/**
 * A MIDI port pair besides the first (docs/midi.md, "More port pairs"): the JACK ports
 * {@code name_in} and {@code name_out}, its own controller (generic mappings, a profile, Mackie
 * Control) acting for its own user, connected by the auto-connect rules that name its ports.
 *
 * @param name       the pair's name: a letter, then letters, digits and {@code _} (at most {@link #MAX_NAME})
 * @param user       the user it acts for (null: the engineer role)
 * @param profile    the profile its mappings started from, or null
 * @param mappings   its generic mappings (learn edits only the first pair's)
 * @param mackie     the pair speaks Mackie Control
 * @param extendsPair the Mackie pair whose bank this one follows as an extender (null: a surface of its own)
 * @param offset     an extender's strips start this many after its main unit's (8: the strips right of it)
 */
public record MidiPort(String name, String user, String profile, List<MidiMapping> mappings, boolean mackie, String extendsPair,
                       int offset) {
    public static final int MAX_NAME = 32;
    /** The first pair's name (its ports {@code midi_in}, {@code midi_out}; configured by the {@code midi} section itself). */
    public static final String FIRST = "midi";
    /** An extender's default offset: a unit of 8 strips beside the main unit. */
    public static final int DEFAULT_OFFSET = 8;

    public MidiPort {
        mappings = List.copyOf(mappings);
    }

    /** This pair as the MIDI configuration of its own adapter, with the configuration's named profiles. */
    public MidiConfig asConfig(MidiConfig all) {
        return new MidiConfig(user, profile, mappings, all.profiles(), mackie);
    }

    public MidiPort withoutUser() {
        return new MidiPort(name, null, profile, mappings, mackie, extendsPair, offset);
    }
}
