package org.jackdesk.config.midi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Controller profiles that ship with jackdesk, by name (a configuration's {@code midi.profile}).
 * Each says what it was checked against: none was tried on the hardware; they follow the
 * makers' published factory assignments (docs/midi.md, "Profiles").
 */
public final class MidiProfiles {
    private MidiProfiles() {
    }

    /**
     * Korg nanoKONTROL2 in its factory scene (CC mode, MIDI channel 1), from Korg's parameter
     * guide: faders CC 0–7, knobs CC 16–23, S buttons CC 32–39, M CC 48–55, R CC 64–71 (127
     * pressed, 0 released). Faders → channels 1–8 (pick-up), knobs → pan, S → solo, M → mute
     * (both toggles); R is left free. Needs 8 channels.
     */
    public static List<MidiMapping> nanoKontrol2() {
        List<MidiMapping> m = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String ch = "ch/" + (i + 1) + "/";
            m.add(MidiMapping.cc(1, i, ch + "fader"));
            m.add(MidiMapping.cc(1, 16 + i, ch + "pan"));
            m.add(MidiMapping.cc(1, 32 + i, ch + "solo").withMode(MidiMapping.Mode.TOGGLE));
            m.add(MidiMapping.cc(1, 48 + i, ch + "mute").withMode(MidiMapping.Mode.TOGGLE));
        }
        return m;
    }

    /**
     * Any controller set to send CC 1–8 on MIDI channel 1 from eight faders (the usual
     * "user" preset): channels 1–8, pick-up; CC 9 the main fader.
     */
    public static List<MidiMapping> generic8() {
        List<MidiMapping> m = new ArrayList<>();
        for (int i = 0; i < 8; i++) m.add(MidiMapping.cc(1, 1 + i, "ch/" + (i + 1) + "/fader"));
        m.add(MidiMapping.cc(1, 9, "main/fader"));
        return m;
    }

    public static final Map<String, List<MidiMapping>> SHIPPED;

    static {
        Map<String, List<MidiMapping>> s = new LinkedHashMap<>();
        s.put("korg-nanokontrol2", List.copyOf(nanoKontrol2()));
        s.put("generic-8", List.copyOf(generic8()));
        SHIPPED = java.util.Collections.unmodifiableMap(s);
    }
}
