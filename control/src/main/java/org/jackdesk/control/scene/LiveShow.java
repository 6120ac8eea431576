package org.jackdesk.control.scene;

import io.vertx.core.Vertx;
import org.jackdesk.config.ConfigException;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.Layout;
import org.jackdesk.config.StripLabels;
import org.jackdesk.config.show.SceneException;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.config.show.Show;
import org.jackdesk.config.show.ShowJson;
import org.jackdesk.control.ProtocolError;

/**
 * What the control server needs to offer scenes and show files: the console's {@link SceneManager},
 * the configuration the show is saved with, the {@link Notices} every client sees and the strips'
 * names and colours as the tablets left them ({@link StripLabels}).
 *
 * <p>Thread: any (the parts are thread-safe).
 */
public record LiveShow(SceneManager scenes, ConsoleConfig config, Notices notices, StripLabels labels) {
    /** With the configuration's own names and colours. */
    public LiveShow(SceneManager scenes, ConsoleConfig config, Notices notices) {
        this(scenes, config, notices, new StripLabels(config.layout()));
    }

    /**
     * The configuration the show is saved (and exported) with: the started one with the strips'
     * current names and colours, so what a tablet renamed is in the file.
     */
    @Override
    public ConsoleConfig config() {
        return labels.applyTo(config);
    }

    /** Glide ticks every 20 ms: one ConsoleState write per gliding value, then the engine ramps (20 ms) between them. */
    public static final long TICK_MS = 20;

    /**
     * A {@link SceneManager.Ticker} on a Vert.x periodic timer. The tick runs on an event loop and
     * only writes the console state (no disk, no blocking).
     */
    public static SceneManager.Ticker ticker(Vertx vertx) {
        return tick -> vertx.setPeriodic(TICK_MS, id -> {
            if (!tick.getAsBoolean()) vertx.cancelTimer(id);
        });
    }

    /** The error code of a show import refused for its layout. */
    public static final String LAYOUT_MISMATCH = "layout_mismatch";

    /**
     * A show import ({@code PUT /api/show}): reads {@code text} strictly (any problem refuses it and
     * nothing changes), refuses a show for a console of another shape, then replaces scenes, cues,
     * safes and every value with the show's. The running configuration (layout, users) stays.
     * Thread: worker (parses a whole file).
     */
    public static Show importShow(SceneManager manager, Layout running, String text) throws ConfigException, ProtocolError, SceneException {
        Show show = ShowJson.read("show file", text);
        String mismatch = layoutMismatch(running, show.config().toLayout());
        if (mismatch != null) throw new ProtocolError(LAYOUT_MISMATCH, mismatch);
        manager.load(show);
        return show;
    }

    /** Why a show for {@code file} cannot go into a console of {@code running}, or null when it can. */
    public static String layoutMismatch(Layout running, Layout file) {
        if (order(running).equals(order(file))) return null;
        String r = counts(running), f = counts(file);
        return "this show is for a console with " + f + "; the running console has " + r
                + (r.equals(f) ? " but with its stereo strips in other places" : "")
                + "; a show's layout only changes when jackdesk starts with it (--show FILE, without --config)";
    }

    /** Mono/stereo of every channel and bus in order: what a show's values depend on. */
    private static String order(Layout l) {
        StringBuilder sb = new StringBuilder();
        for (Layout.Channel c : l.channels()) sb.append(c.stereo() ? 'S' : 'M');
        sb.append('|');
        for (Layout.Bus b : l.buses()) sb.append(b.stereo() ? 'S' : 'M');
        return sb.toString();
    }

    private static String counts(Layout l) {
        long stCh = l.channels().stream().filter(Layout.Channel::stereo).count();
        long stBus = l.buses().stream().filter(Layout.Bus::stereo).count();
        return l.channels().size() + " channels (" + stCh + " stereo) and " + l.buses().size() + " buses (" + stBus + " stereo)";
    }
}
