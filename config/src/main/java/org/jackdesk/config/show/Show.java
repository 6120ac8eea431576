package org.jackdesk.config.show;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jackdesk.config.ConsoleConfig;

/**
 * Everything jackdesk keeps on disk for one show: the configuration, the current value of every
 * parameter, the scenes, the cue list with its position, and the recall safes. Immutable.
 *
 * @param currentCue index into {@code cues} of the cue that last ran, or -1 before the first
 */
public record Show(ConsoleConfig config, Map<String, Object> values, List<Scene> scenes, List<Cue> cues,
                   List<String> safes, int currentCue) {
    public Show {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        scenes = List.copyOf(scenes);
        cues = List.copyOf(cues);
        safes = List.copyOf(safes);
    }
}
