package org.jackdesk.control;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A channel's values by section, read from a REST state ({@code GET /api/state}'s {@code values}):
 * what copy and paste and the channel library must carry over exactly. Public for the browser tests
 * ({@code org.jackdesk.control.ui}) and the control tests alike. Thread: any.
 */
public final class ChannelSections {
    private ChannelSections() {}

    /**
     * Channel {@code ch}'s values of the channel-processing {@code sections} ({@code hpf}, {@code eq},
     * {@code comp}, {@code sends} …) by address relative to the channel ({@code eq/2/gain}).
     */
    public static Map<String, Object> section(JsonObject values, int ch, List<String> sections) {
        Map<String, Object> out = new TreeMap<>();
        String prefix = "ch/" + ch + "/";
        for (String k : values.fieldNames()) {
            if (!k.startsWith(prefix)) continue;
            String rel = k.substring(prefix.length());
            String first = rel.split("/")[0];
            String sec = first.equals("send") || first.equals("fx") ? "sends" : first;
            if (sections.contains(sec)) out.put(rel, values.getValue(k));
        }
        return out;
    }
}
