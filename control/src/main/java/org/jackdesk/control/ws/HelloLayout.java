package org.jackdesk.control.ws;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.Layout;

/**
 * The {@code layout} of the {@code hello} message (docs/protocol.md): every channel and bus with
 * its name, stereo flag and configured {@code colour}, the DCA and mute-group names, and whether the console has a
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
        ConsoleConfig.LayoutConfig lc = config == null ? null : config.layout();
        // Colours only from a configuration of this very layout (a show's config always is).
        boolean same = lc != null && lc.channels().size() == layout.channels().size() && lc.buses().size() == layout.buses().size();
        JsonArray channels = new JsonArray();
        for (int i = 0; i < layout.channels().size(); i++) {
            Layout.Channel c = layout.channels().get(i);
            JsonObject o = new JsonObject().put("name", names ? c.name() : "").put("stereo", c.stereo()).put("directOut", c.directOut().word());
            if (same) o.put("colour", lc.channels().get(i).colour());
            channels.add(o);
        }
        JsonArray buses = new JsonArray();
        for (int i = 0; i < layout.buses().size(); i++) {
            Layout.Bus b = layout.buses().get(i);
            JsonObject o = new JsonObject().put("name", names ? b.name() : "").put("stereo", b.stereo());
            if (same) o.put("colour", lc.buses().get(i).colour());
            buses.add(o);
        }
        JsonArray dcas = new JsonArray();
        List<String> dcaNames = lc == null ? List.of() : lc.dcas();
        for (int i = 0; i < Layout.DCA_COUNT; i++) dcas.add(names && i < dcaNames.size() ? dcaNames.get(i) : "DCA " + (i + 1));
        JsonArray muteGroups = new JsonArray();
        List<String> groupNames = lc == null ? List.of() : lc.muteGroups();
        for (int i = 0; i < Layout.MUTE_GROUP_COUNT; i++) {
            muteGroups.add(names && i < groupNames.size() ? groupNames.get(i) : "Mute " + (i + 1));
        }
        // Whether TALK has a source to talk from (docs/tools.md): the tablet shows the button only then.
        return new JsonObject().put("channels", channels).put("buses", buses).put("dcas", dcas).put("muteGroups", muteGroups)
                .put("talkback", layout.tools().hasTalkback()).put("fx", layout.fx());
    }
}
