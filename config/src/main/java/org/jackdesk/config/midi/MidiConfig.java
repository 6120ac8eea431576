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
 * @param ports   the port pairs besides the first ({@code midi.ports}), each with its own controller
 */
public record MidiConfig(String user, String profile, List<MidiMapping> mappings, Map<String, List<MidiMapping>> profiles,
                         boolean mackie, List<MidiPort> ports) {
    /** No mappings, no profiles, engineer role. */
    public static final MidiConfig NONE = new MidiConfig(null, null, List.of(), Map.of(), false);

    /** One port pair. */
    public MidiConfig(String user, String profile, List<MidiMapping> mappings, Map<String, List<MidiMapping>> profiles, boolean mackie) {
        this(user, profile, mappings, profiles, mackie, List.of());
    }

    /** Without Mackie Control. */
    public MidiConfig(String user, String profile, List<MidiMapping> mappings, Map<String, List<MidiMapping>> profiles) {
        this(user, profile, mappings, profiles, false);
    }

    public MidiConfig {
        mappings = List.copyOf(mappings);
        Map<String, List<MidiMapping>> p = new LinkedHashMap<>();
        profiles.forEach((k, v) -> p.put(k, List.copyOf(v)));
        profiles = java.util.Collections.unmodifiableMap(p);
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    public MidiConfig withMappings(List<MidiMapping> m) {
        return new MidiConfig(user, profile, m, profiles, mackie, ports);
    }

    /** Without any user (a show exported without credentials: every pair acts with the engineer role). */
    public MidiConfig withoutUsers() {
        return new MidiConfig(null, profile, mappings, profiles, mackie, ports.stream().map(MidiPort::withoutUser).toList());
    }

    /** The names of the pairs besides the first. */
    public List<String> portNames() {
        return ports.stream().map(MidiPort::name).toList();
    }

    public boolean isDefault() {
        return user == null && profile == null && mappings.isEmpty() && profiles.isEmpty() && !mackie && ports.isEmpty();
    }
}
