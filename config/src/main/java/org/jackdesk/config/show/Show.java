package org.jackdesk.config.show;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jackdesk.config.ConsoleConfig;

/**
 * Everything jackdesk keeps on disk for one show: the configuration, the current value of every
 * parameter, the scenes, the cue list with its position, the recall safes and the channel
 * library. Immutable.
 *
 * @param currentCue index into {@code cues} of the cue that last ran, or -1 before the first
 * @param library    the channel library's presets ({@link ChannelLibrary}), in library order
 */
public record Show(ConsoleConfig config, Map<String, Object> values, List<Scene> scenes, List<Cue> cues,
                   List<String> safes, int currentCue, List<Preset> library) {
    public Show {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        scenes = List.copyOf(scenes);
        cues = List.copyOf(cues);
        safes = List.copyOf(safes);
        library = List.copyOf(library);
    }

    /** A show with an empty channel library. */
    public Show(ConsoleConfig config, Map<String, Object> values, List<Scene> scenes, List<Cue> cues, List<String> safes, int currentCue) {
        this(config, values, scenes, cues, safes, currentCue, List.of());
    }
}
