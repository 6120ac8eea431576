package org.jackdesk.config.midi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's MIDI control (docs/midi.md): the mappings in force (what learn edits, saved with
 * the show), the named controller profiles of this configuration, and the user on whose behalf
 * the controller acts (null: the engineer role).
 *
 * @param profile the profile the mappings started from (shown to the engineer), or null
 * @param mackie  the MIDI pair speaks Mackie Control (MCU) to a surface, besides the mappings
 */
public record MidiConfig(String user, String profile, List<MidiMapping> mappings, Map<String, List<MidiMapping>> profiles,
                         boolean mackie) {
    /** No mappings, no profiles, engineer role. */
    public static final MidiConfig NONE = new MidiConfig(null, null, List.of(), Map.of(), false);

    /** Without Mackie Control. */
    public MidiConfig(String user, String profile, List<MidiMapping> mappings, Map<String, List<MidiMapping>> profiles) {
        this(user, profile, mappings, profiles, false);
    }

    public MidiConfig {
        mappings = List.copyOf(mappings);
        Map<String, List<MidiMapping>> p = new LinkedHashMap<>();
        profiles.forEach((k, v) -> p.put(k, List.copyOf(v)));
        profiles = java.util.Collections.unmodifiableMap(p);
    }

    public MidiConfig withMappings(List<MidiMapping> m) {
        return new MidiConfig(user, profile, m, profiles, mackie);
    }

    public boolean isDefault() {
        return user == null && profile == null && mappings.isEmpty() && profiles.isEmpty() && !mackie;
    }
}
