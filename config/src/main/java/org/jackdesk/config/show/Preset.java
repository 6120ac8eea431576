package org.jackdesk.config.show;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A channel-library preset (docs/shows.md, "Channel library"): a channel's processing by section,
 * under a name, for any channel. Immutable; thread: any.
 *
 * @param sections the sections it holds, some of {@link Sections#CHANNEL_PROCESSING}, in that order
 * @param values   value by address relative to the channel ({@code "eq/2/gain"}), as in JSON
 *                 (number, boolean, choice name); only addresses in {@code sections}
 */
public record Preset(String name, List<String> sections, Map<String, Object> values) {
    public static final int MAX_NAME = 48;

    public Preset {
        sections = List.copyOf(sections);
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Preset withName(String newName) {
        return new Preset(newName, sections, values);
    }
}
