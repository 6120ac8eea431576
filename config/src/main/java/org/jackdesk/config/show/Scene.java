package org.jackdesk.config.show;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named snapshot: parameter values (address → value as in JSON) within a scope. An empty scope
 * means every parameter. Immutable; thread: any.
 *
 * @param id     stable identity (cues refer to it; renaming keeps it)
 * @param scope  selectors ({@link Selector}); the values hold exactly the parameters they match
 * @param fadeMs default crossfade time when recalled without one (0 = instant)
 */
public record Scene(int id, String name, List<String> scope, long fadeMs, Map<String, Object> values) {
    public static final int MAX_NAME = 48;
    public static final long MAX_FADE_MS = 600_000;

    public Scene {
        scope = List.copyOf(scope);
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Scene withName(String newName) {
        return new Scene(id, newName, scope, fadeMs, values);
    }

    public Scene withValues(Map<String, Object> newValues) {
        return new Scene(id, name, scope, fadeMs, newValues);
    }
}
