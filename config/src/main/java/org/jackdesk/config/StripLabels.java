package org.jackdesk.config;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The strips' names and colours as they are now: the configuration's, then whatever a tablet
 * renamed or recoloured since ({@link #set}). They are part of the show — saved with it in its
 * configuration ({@link #applyTo}) and loaded back from it — but not parameters: a name is text,
 * not a number the engine ramps to, so they live here beside the {@link ConsoleState} rather than
 * in it. The engine never sees them.
 *
 * <p>Targets: {@code ch/N}, {@code bus/N}, {@code dca/N} (1-based). A name is 1 to
 * {@link ConsoleConfig#MAX_NAME} characters without control characters; a colour one of
 * {@link ConsoleConfig#COLOURS} or {@code #rrggbb}.
 *
 * <p>Thread: any. Writers are serialized; readers take the current immutable {@link #layout()}.
 * Listeners run on the writer's thread, after the change, outside the lock: they must not block
 * (the autosave's {@code changed}, a broadcast handed to the event loop).
 */
public final class StripLabels {
    /** The error code of a target that names no strip of this console. */
    public static final String BAD_TARGET = "bad_target";
    /** The error code of a name that is empty, too long or holds control characters. */
    public static final String BAD_NAME = "bad_name";
    /** The error code of a colour that is not a colour word or {@code #rrggbb}. */
    public static final String BAD_COLOUR = "bad_colour";

    /** One strip's label: {@code colour} null on a console started without a configuration (no colour given yet). */
    public record Label(String target, String name, String colour) {}

    /** A refused change: nothing was changed. */
    public static final class LabelException extends Exception {
        private final String code;

        public LabelException(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile ConsoleConfig.LayoutConfig layout;
    /** False on a console without a configuration until a colour is set: the tablets then colour strips by position. */
    private volatile boolean coloured;

    /** The labels of a configuration's layout. */
    public StripLabels(ConsoleConfig.LayoutConfig layout) {
        this.layout = layout;
        this.coloured = true;
    }

    /** A console without a configuration: the layout's names, "DCA n", no colours. */
    public static StripLabels of(Layout l) {
        List<ConsoleConfig.ChannelConfig> ch = new ArrayList<>();
        for (Layout.Channel c : l.channels()) ch.add(new ConsoleConfig.ChannelConfig(c.name(), "off", c.stereo(), List.of(), c.directOut(), List.of()));
        List<ConsoleConfig.BusConfig> b = new ArrayList<>();
        for (Layout.Bus c : l.buses()) b.add(new ConsoleConfig.BusConfig(c.name(), "off", c.stereo(), List.of()));
        List<String> dcas = new ArrayList<>(), groups = new ArrayList<>();
        for (int i = 1; i <= Layout.DCA_COUNT; i++) dcas.add("DCA " + i);
        for (int i = 1; i <= Layout.MUTE_GROUP_COUNT; i++) groups.add("Mute " + i);
        StripLabels s = new StripLabels(new ConsoleConfig.LayoutConfig(ch, b, dcas, groups, l.tools(), l.fx()));
        s.coloured = false;
        return s;
    }

    /** The layout with the current names and colours. */
    public ConsoleConfig.LayoutConfig layout() {
        return layout;
    }

    /** Whether the colours are the configuration's (or set since); false: none were ever given. */
    public boolean coloured() {
        return coloured;
    }

    /** {@code cfg} with the current names and colours (what a save writes). */
    public ConsoleConfig applyTo(ConsoleConfig cfg) {
        ConsoleConfig.LayoutConfig now = layout;
        ConsoleConfig.LayoutConfig l = cfg.layout();
        if (l.channels().size() != now.channels().size() || l.buses().size() != now.buses().size()) return cfg;
        List<ConsoleConfig.ChannelConfig> ch = new ArrayList<>();
        for (int i = 0; i < l.channels().size(); i++) {
            ConsoleConfig.ChannelConfig c = l.channels().get(i), n = now.channels().get(i);
            ch.add(new ConsoleConfig.ChannelConfig(n.name(), n.colour(), c.stereo(), c.inputs(), c.directOut(), c.directOutputs()));
        }
        List<ConsoleConfig.BusConfig> b = new ArrayList<>();
        for (int i = 0; i < l.buses().size(); i++) {
            ConsoleConfig.BusConfig c = l.buses().get(i), n = now.buses().get(i);
            b.add(new ConsoleConfig.BusConfig(n.name(), n.colour(), c.stereo(), c.outputs()));
        }
        return cfg.withLayoutConfig(l.withLabels(ch, b, now.dcas(), now.dcaColours()));
    }

    /**
     * Takes the names and colours of {@code other} (a show's configuration, loaded or imported) when
     * it has the same strips; returns whether it did.
     */
    public boolean load(ConsoleConfig.LayoutConfig other) {
        synchronized (this) {
            ConsoleConfig.LayoutConfig now = layout;
            if (other.channels().size() != now.channels().size() || other.buses().size() != now.buses().size()) return false;
            ConsoleConfig.LayoutConfig o = other;
            List<ConsoleConfig.ChannelConfig> ch = new ArrayList<>();
            for (int i = 0; i < now.channels().size(); i++) {
                ConsoleConfig.ChannelConfig c = now.channels().get(i);
                ch.add(new ConsoleConfig.ChannelConfig(o.channels().get(i).name(), o.channels().get(i).colour(), c.stereo(), c.inputs(),
                        c.directOut(), c.directOutputs()));
            }
            List<ConsoleConfig.BusConfig> b = new ArrayList<>();
            for (int i = 0; i < now.buses().size(); i++) {
                ConsoleConfig.BusConfig c = now.buses().get(i);
                b.add(new ConsoleConfig.BusConfig(o.buses().get(i).name(), o.buses().get(i).colour(), c.stereo(), c.outputs()));
            }
            layout = now.withLabels(ch, b, o.dcas(), o.dcaColours());
            coloured = true;
        }
        changed();
        return true;
    }

    /** The label of {@code target} now. */
    public Label get(String target) throws LabelException {
        ConsoleConfig.LayoutConfig l = layout;
        Target t = target(target, l);
        return label(t, l);
    }

    /** One change of a strip's label: as it was just before and as it is after, taken in one step (the change history records both). */
    public record Relabel(Label before, Label after) {}

    /**
     * Renames and/or recolours one strip: {@code name} or {@code colour} null keeps that one.
     * Returns the strip's label after the change.
     */
    public Label set(String target, String name, String colour) throws LabelException {
        return relabel(target, name, colour).after();
    }

    /**
     * {@link #set}, returning the strip's label both before and after the change, read under the
     * same lock as the change (so two tablets renaming at once each get their own "before").
     */
    public Relabel relabel(String target, String name, String colour) throws LabelException {
        if (name == null && colour == null) {
            throw new LabelException(BAD_NAME, "a label change needs \"name\" or \"colour\" (or both) for " + target);
        }
        String n = name == null ? null : checkName(name, target);
        if (colour != null && !ConfigJson.isColour(colour)) {
            String near = Suggest.nearest(colour, ConsoleConfig.COLOURS);
            throw new LabelException(BAD_COLOUR, "'" + colour + "' is not a colour for " + target + "; use one of "
                    + String.join(", ", ConsoleConfig.COLOURS) + " or #rrggbb" + (near != null ? " (did you mean '" + near + "'?)" : ""));
        }
        Label before;
        Label done;
        synchronized (this) {
            ConsoleConfig.LayoutConfig l = layout;
            Target t = target(target, l);
            before = label(t, l);
            List<ConsoleConfig.ChannelConfig> ch = new ArrayList<>(l.channels());
            List<ConsoleConfig.BusConfig> b = new ArrayList<>(l.buses());
            List<String> dcas = new ArrayList<>(l.dcas());
            List<String> dcaColours = new ArrayList<>(l.dcaColours());
            int i = t.index() - 1;
            switch (t.kind()) {
                case "ch" -> {
                    ConsoleConfig.ChannelConfig c = ch.get(i);
                    ch.set(i, new ConsoleConfig.ChannelConfig(n != null ? n : c.name(), colour != null ? colour : colourOf(c.colour()),
                            c.stereo(), c.inputs(), c.directOut(), c.directOutputs()));
                }
                case "bus" -> {
                    ConsoleConfig.BusConfig c = b.get(i);
                    b.set(i, new ConsoleConfig.BusConfig(n != null ? n : c.name(), colour != null ? colour : colourOf(c.colour()), c.stereo(),
                            c.outputs()));
                }
                default -> {
                    if (n != null) dcas.set(i, n);
                    if (colour != null) dcaColours.set(i, colour);
                }
            }
            layout = l.withLabels(ch, b, dcas, dcaColours);
            if (colour != null) coloured = true;
            done = label(t, layout);
        }
        changed();
        return new Relabel(before, done);
    }

    private String colourOf(String c) {
        return c == null ? "off" : c;
    }

    /** Called after every change (a set, a load). */
    public void addListener(Runnable r) {
        listeners.add(r);
    }

    public void removeListener(Runnable r) {
        listeners.remove(r);
    }

    private void changed() {
        for (Runnable r : listeners) r.run();
    }

    private record Target(String kind, int index, String text) {}

    private static Target target(String target, ConsoleConfig.LayoutConfig l) throws LabelException {
        String usage = "a strip to label is ch/N, bus/N or dca/N (this console: ch/1.." + l.channels().size()
                + (l.buses().isEmpty() ? "" : ", bus/1.." + l.buses().size()) + ", dca/1.." + Layout.DCA_COUNT + ")";
        if (target == null) throw new LabelException(BAD_TARGET, "which strip? " + usage);
        String[] p = target.split("/", -1);
        if (p.length != 2 || !List.of("ch", "bus", "dca").contains(p[0]) || p[1].isEmpty() || p[1].length() > 3
                || !p[1].chars().allMatch(Character::isDigit)) {
            throw new LabelException(BAD_TARGET, "'" + target + "' is not a strip: " + usage);
        }
        int n = Integer.parseInt(p[1]);
        int max = switch (p[0]) {
            case "ch" -> l.channels().size();
            case "bus" -> l.buses().size();
            default -> Layout.DCA_COUNT;
        };
        if (n < 1 || n > max) throw new LabelException(BAD_TARGET, "there is no " + target + ": " + usage);
        return new Target(p[0], n, p[0] + "/" + n);
    }

    private Label label(Target t, ConsoleConfig.LayoutConfig l) {
        int i = t.index() - 1;
        return switch (t.kind()) {
            case "ch" -> new Label(t.text(), l.channels().get(i).name(), coloured ? l.channels().get(i).colour() : null);
            case "bus" -> new Label(t.text(), l.buses().get(i).name(), coloured ? l.buses().get(i).colour() : null);
            default -> new Label(t.text(), l.dcas().get(i), coloured ? l.dcaColours().get(i) : null);
        };
    }

    /** A strip's name as the configuration file takes it: trimmed, 1 to MAX_NAME characters, no control characters ({@link Names}). */
    static String checkName(String name, String target) throws LabelException {
        return Names.check(name, "strip", ConsoleConfig.MAX_NAME, " — " + target, m -> new LabelException(BAD_NAME, m));
    }
}
