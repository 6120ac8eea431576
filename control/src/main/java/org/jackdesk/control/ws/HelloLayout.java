package org.jackdesk.control.ws;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.Layout;
import org.jackdesk.config.StripLabels;

/**
 * The {@code layout} of the {@code hello} message (docs/protocol.md): every channel and bus with
 * its name, stereo flag and {@code colour} (as configured, or as a tablet renamed and recoloured it since:
 * {@link StripLabels}), the DCA names and {@code dcaColours}, the mute-group names, and whether the console has a
 * talkback source ({@code talkback}). Colours and DCA names
 * come from the configuration the console runs with (the show's); without one (a bare server in a
 * test) colours are left out and DCAs are "DCA 1" … "DCA 8".
 *
 * <p>Security: before a login on a console with users ({@code names} false) it gives the shape
 * alone — channel, bus and DCA names tell a stranger what is on stage; they come with
 * {@code authenticated}.
 *
 * <p>Thread: control.
 */
public final class HelloLayout {
    private HelloLayout() {}

    public static JsonObject of(Layout layout, ConsoleConfig config, boolean names) {
        return of(layout, config == null ? null : config.layout(), config != null, names);
    }

    /**
     * The layout with the strips' current names and colours ({@link StripLabels}: the configuration's, then
     * the tablets' renames); colours only when the console has some ({@link StripLabels#coloured()}).
     */
    public static JsonObject of(Layout layout, StripLabels labels, boolean names) {
        return of(layout, labels.layout(), labels.coloured(), names);
    }

    private static JsonObject of(Layout layout, ConsoleConfig.LayoutConfig lc, boolean coloured, boolean names) {
        // Colours only from a configuration of this very layout (a show's config always is).
        boolean same = coloured && lc != null && lc.channels().size() == layout.channels().size() && lc.buses().size() == layout.buses().size();
        boolean named = lc != null && lc.channels().size() == layout.channels().size() && lc.buses().size() == layout.buses().size();
        JsonArray channels = new JsonArray();
        for (int i = 0; i < layout.channels().size(); i++) {
            Layout.Channel c = layout.channels().get(i);
            String name = named ? lc.channels().get(i).name() : c.name();
            JsonObject o = new JsonObject().put("name", names ? name : "").put("stereo", c.stereo()).put("directOut", c.directOut().word());
            if (same) o.put("colour", lc.channels().get(i).colour());
            channels.add(o);
        }
        JsonArray buses = new JsonArray();
        for (int i = 0; i < layout.buses().size(); i++) {
            Layout.Bus b = layout.buses().get(i);
            String name = named ? lc.buses().get(i).name() : b.name();
            JsonObject o = new JsonObject().put("name", names ? name : "").put("stereo", b.stereo());
            if (same) o.put("colour", lc.buses().get(i).colour());
            buses.add(o);
        }
        JsonArray dcas = new JsonArray();
        List<String> dcaNames = lc == null ? List.of() : lc.dcas();
        for (int i = 0; i < Layout.DCA_COUNT; i++) dcas.add(names && i < dcaNames.size() ? dcaNames.get(i) : "DCA " + (i + 1));
        JsonArray dcaColours = new JsonArray();
        for (int i = 0; i < Layout.DCA_COUNT; i++) dcaColours.add(same && i < lc.dcaColours().size() ? lc.dcaColours().get(i) : "off");
        JsonArray muteGroups = new JsonArray();
        List<String> groupNames = lc == null ? List.of() : lc.muteGroups();
        for (int i = 0; i < Layout.MUTE_GROUP_COUNT; i++) {
            muteGroups.add(names && i < groupNames.size() ? groupNames.get(i) : "Mute " + (i + 1));
        }
        // Whether TALK has a source to talk from (docs/tools.md): the tablet shows the button only then.
        JsonObject out = new JsonObject().put("channels", channels).put("buses", buses).put("dcas", dcas);
        if (same) out.put("dcaColours", dcaColours);
        return out.put("muteGroups", muteGroups).put("talkback", layout.tools().hasTalkback()).put("fx", layout.fx());
    }
}
