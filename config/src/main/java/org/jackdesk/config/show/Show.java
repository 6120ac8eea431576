package org.jackdesk.config.show;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jackdesk.config.ConsoleConfig;

/**
 * Everything jackdesk keeps on disk for one show: the configuration, the current value of every
 * parameter, the scenes, the cue list with its position, the recall safes, the channel library
 * and the custom fader layers. Immutable.
 *
 * @param currentCue index into {@code cues} of the cue that last ran, or -1 before the first
 * @param library    the channel library's presets ({@link ChannelLibrary}), in library order
 * @param layers     the custom fader layers ({@link FaderLayers}), in button order
 */
public record Show(ConsoleConfig config, Map<String, Object> values, List<Scene> scenes, List<Cue> cues,
                   List<String> safes, int currentCue, List<Preset> library, List<FaderLayers.Layer> layers) {
    public Show {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        scenes = List.copyOf(scenes);
        cues = List.copyOf(cues);
        safes = List.copyOf(safes);
        library = library == null ? List.of() : List.copyOf(library);
        layers = layers == null ? List.of() : List.copyOf(layers);
    }

    /** A show with an empty channel library and no fader layers. */
    public Show(ConsoleConfig config, Map<String, Object> values, List<Scene> scenes, List<Cue> cues, List<String> safes, int currentCue) {
        this(config, values, scenes, cues, safes, currentCue, List.of(), List.of());
    }

    /** A show with the channel library {@code library} and no fader layers. */
    public Show(ConsoleConfig config, Map<String, Object> values, List<Scene> scenes, List<Cue> cues, List<String> safes, int currentCue,
                List<Preset> library) {
        this(config, values, scenes, cues, safes, currentCue, library, List.of());
    }

    /** This show with {@code l} as its fader layers. */
    public Show withLayers(List<FaderLayers.Layer> l) {
        return new Show(config, values, scenes, cues, safes, currentCue, library, l);
    }
}
