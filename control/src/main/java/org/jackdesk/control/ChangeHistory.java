package org.jackdesk.control;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Param;
import org.jackdesk.config.StripLabels;
import org.jackdesk.config.show.SceneManager;

/**
 * The console's "oops" list: the last {@link #MAX_ENTRIES} parameter changes and strip renames
 * (time, who, what, from → to), recorded from the {@link ConsoleState}'s own change notifications
 * (and the parameter service's label operations, {@link #labelled}) — it listens, it
 * never writes: an undo goes back through {@link ParameterService#undo} with the undoer's role,
 * like any other set.
 *
 * <p>What one entry is: a fader drag (every set of one control by one client within
 * {@link #MERGE_MS} of the previous) is one entry from where it started to where it stopped; a
 * scene recall (every write of origin {@link SceneManager#ORIGIN} in one burst, its glide
 * included) is one entry holding every value it changed; a paste of a channel's sections onto
 * others is one entry; an undo is one entry, so it can be undone in turn. Live switches (the oscillator, talk, tap tempo: {@code ParamDef.live()}) are not kept:
 * putting them back would surprise, not help.
 *
 * <p>Strip names and colours are not parameters (they live in {@code StripLabels}, not in the
 * state), so the state never tells of them: the parameter service hands each {@code label}
 * operation that changed something to {@link #labelled}, and one rename or recolour (or both in one
 * operation) is one entry ({@code ch/3 name}, {@code "Kick" → "Kick In"}); its undo is a label
 * operation back to the old name and colour, itself an entry.
 *
 * <p>The value a change came from: the state tells listeners only the new value, so the history
 * keeps its own copy of every value, taken atomically with its registration ({@link #attach})
 * and updated inside the state's write lock, where listeners run in write order.
 *
 * <p>Thread: {@link #changed} runs on whichever thread writes the state (under its lock); the
 * other methods any thread. All are serialised on this object and none blocks.
 */
public final class ChangeHistory implements ConsoleState.Listener {
    /** How many entries are kept; the oldest goes first. */
    public static final int MAX_ENTRIES = 100;
    /** Sets of one control by one client closer together than this are one move. */
    public static final long MERGE_MS = 1500;
    /** The origin prefix of an undo's writes: {@code "undo:" + who}. */
    public static final String UNDO_ORIGIN = "undo:";
    /** The origin prefix of a paste's writes ({@link ParameterService#paste}): {@code "paste:" + who + "#" + n}; one entry. */
    public static final String PASTE_ORIGIN = "paste:";

    /**
     * The origin prefix of a stereo link or unlink's writes ({@link ParameterService}, docs/ui.md "Stereo
     * link"): {@code "link:" + who + "#" + n}; one entry.
     */
    public static final String LINK_ORIGIN = "link:";
    /**
     * The origin prefix of the partner's write that mirrors a set on a linked pair: {@code "mirror:" +}
     * the set's own origin. It joins the set's entry, so a linked fader drag is one entry holding both
     * channels (and the sender, whose own changes come back only as acks, hears of the partner).
     */
    public static final String MIRROR_ORIGIN = "mirror:";

    /** One value of an entry: its parameter, where it was, where it went. */
    public record Change(Param param, double from, double to) {}

    /** The field of a {@link LabelChange} that renames. */
    public static final String NAME = "name";
    /** The field of a {@link LabelChange} that recolours. */
    public static final String COLOUR = "colour";

    /**
     * One strip label of an entry: {@code target} ({@code ch/3}, {@code bus/1}, {@code dca/2}),
     * {@code field} ({@link #NAME} or {@link #COLOUR}), where it was, where it went. A colour
     * {@code from} null: the strip had none of its own (a console started without a configuration,
     * whose tablets colour strips by position); putting it back gives it {@code off}.
     */
    public record LabelChange(String target, String field, String from, String to) {
        /** {@code ch/3/name}: how the list names it. */
        public String path() {
            return target + "/" + field;
        }
    }

    /**
     * One entry. {@code who} is the user (or client) that made it, {@code what} a line for the
     * list ({@code ch/3/fader}, {@code scene recall (12 values)}, {@code ch/3 name}), {@code changes}
     * its parameter values and {@code labels} its strip names and colours (either may be empty),
     * {@code undone} true once it was put back.
     */
    public record Entry(long id, long timeMs, String who, String what, List<Change> changes, List<LabelChange> labels, boolean undone) {
        /** An entry of parameter values only. */
        public Entry(long id, long timeMs, String who, String what, List<Change> changes, boolean undone) {
            this(id, timeMs, who, what, changes, List.of(), undone);
        }

        /** How many values the entry holds: parameters and labels. */
        public int count() {
            return changes.size() + labels.size();
        }
    }

    private final ConsoleState state;
    private final LongSupplier clockMs;
    private final Function<Object, String> names;
    private final ArrayDeque<Building> entries = new ArrayDeque<>();
    private double[] shadow;
    private long nextId = 1;

    /** An entry as it grows (a drag, a glide), newest last. */
    private static final class Building {
        final long id;
        final Object origin;
        final String who;
        final boolean group;
        /** A set and its mirror on a linked pair's other channel: the one control, on both channels. */
        boolean mirrored;
        final long firstMs;
        long lastMs;
        boolean undone;
        /** In first-change order; one per parameter. */
        final List<Param> params = new ArrayList<>();
        final List<double[]> fromTo = new ArrayList<>();
        /** slot → position in {@link #params}: a whole-console recall glides thousands of values every 20 ms. */
        final java.util.Map<Integer, Integer> index = new java.util.HashMap<>();
        /** Strip names and colours, one per target and field, in first-change order. */
        final List<LabelChange> labels = new ArrayList<>();

        Building(long id, Object origin, String who, boolean group, long ms) {
            this.id = id;
            this.origin = origin;
            this.who = who;
            this.group = group;
            this.firstMs = ms;
            this.lastMs = ms;
        }

        int indexOf(Param p) {
            Integer i = index.get(p.slot());
            return i == null ? -1 : i;
        }
    }

    /**
     * @param names who an origin is, for the list (a session's user name); gets the origin as the
     *              state passed it, returns a short name
     */
    public ChangeHistory(ConsoleState state, LongSupplier clockMs, Function<Object, String> names) {
        this.state = state;
        this.clockMs = clockMs;
        this.names = names;
    }

    /** Starts recording: the copy of every value and the registration in one step of the state's lock. */
    public void attach() {
        synchronized (state) {
            synchronized (this) {
                shadow = state.copyValues();
            }
            state.addListener(this);
        }
    }

    /** Stops recording. */
    public void detach() {
        state.removeListener(this);
    }

    private static boolean groupOrigin(Object origin) {
        return SceneManager.ORIGIN.equals(origin)
                || (origin instanceof String s && (s.startsWith(UNDO_ORIGIN) || s.startsWith(PASTE_ORIGIN) || s.startsWith(LINK_ORIGIN)));
    }

    @Override
    public synchronized void changed(Param param, double value, Object origin) {
        if (shadow == null) return;
        double from = shadow[param.slot()];
        shadow[param.slot()] = value;
        if (param.def().live()) return;
        long now = clockMs.getAsLong();
        Building last = entries.peekLast();
        boolean mirror = origin instanceof String m && m.startsWith(MIRROR_ORIGIN);
        if (mirror) origin = ((String) origin).substring(MIRROR_ORIGIN.length()); // one entry with the set it mirrors
        boolean group = groupOrigin(origin);
        boolean merge = last != null && !last.undone && java.util.Objects.equals(last.origin, origin)
                && now - last.lastMs <= MERGE_MS
                && (group || (!last.params.isEmpty() // a rename's entry (labels only) takes no parameter move
                        && ((mirror && last.params.size() <= 2)
                                || (last.params.get(0).slot() == param.slot() && (last.params.size() == 1 || last.mirrored)))));
        if (!merge) {
            last = new Building(nextId++, origin, names.apply(origin), group, now);
            entries.addLast(last);
            while (entries.size() > MAX_ENTRIES) entries.removeFirst();
        }
        last.lastMs = now;
        if (mirror && !group) last.mirrored = true;
        int i = last.indexOf(param);
        if (i < 0) {
            last.index.put(param.slot(), last.params.size());
            last.params.add(param);
            last.fromTo.add(new double[] {from, value});
        } else {
            last.fromTo.get(i)[1] = value;
        }
    }

    /**
     * Records one {@code label} operation's changes ({@link #labelChanges}) as made by
     * {@code origin}: one new entry, or — for an undo's writes — part of that undo's entry. Nothing
     * is recorded before {@link #attach} or when nothing changed.
     */
    public synchronized void labelled(Object origin, List<LabelChange> changes) {
        if (shadow == null || changes.isEmpty()) return;
        long now = clockMs.getAsLong();
        Building last = entries.peekLast();
        boolean group = groupOrigin(origin);
        // A rename from a tablet is an entry of its own; only an undo (one origin per undo) gathers its writes.
        boolean merge = group && last != null && !last.undone && java.util.Objects.equals(last.origin, origin) && now - last.lastMs <= MERGE_MS;
        if (!merge) {
            last = new Building(nextId++, origin, names.apply(origin), group, now);
            entries.addLast(last);
            while (entries.size() > MAX_ENTRIES) entries.removeFirst();
        }
        last.lastMs = now;
        for (LabelChange c : changes) {
            int i = -1;
            for (int k = 0; k < last.labels.size(); k++) {
                if (last.labels.get(k).target().equals(c.target()) && last.labels.get(k).field().equals(c.field())) i = k;
            }
            if (i < 0) last.labels.add(c);
            else last.labels.set(i, new LabelChange(c.target(), c.field(), last.labels.get(i).from(), c.to()));
        }
    }

    /** What a label operation changed: the name and/or the colour, each from its old to its new value; empty when neither changed. */
    public static List<LabelChange> labelChanges(StripLabels.Relabel r) {
        List<LabelChange> out = new ArrayList<>(2);
        String target = r.after().target();
        if (!java.util.Objects.equals(r.before().name(), r.after().name())) out.add(new LabelChange(target, NAME, r.before().name(), r.after().name()));
        if (!java.util.Objects.equals(r.before().colour(), r.after().colour())) {
            out.add(new LabelChange(target, COLOUR, r.before().colour(), r.after().colour()));
        }
        return out;
    }

    /** The entries, newest first. */
    public synchronized List<Entry> list() {
        List<Entry> out = new ArrayList<>(entries.size());
        for (Iterator<Building> it = entries.descendingIterator(); it.hasNext(); ) out.add(entry(it.next()));
        return out;
    }

    /** The entry {@code id}, or null when it is no longer kept (or never was). */
    public synchronized Entry find(long id) {
        for (Building b : entries) if (b.id == id) return entry(b);
        return null;
    }

    /** Marks {@code id} as put back (the list greys it; a second undo of it is refused). */
    synchronized void markUndone(long id) {
        for (Building b : entries) if (b.id == id) b.undone = true;
    }

    private static Entry entry(Building b) {
        List<Change> changes = new ArrayList<>(b.params.size());
        for (int i = 0; i < b.params.size(); i++) changes.add(new Change(b.params.get(i), b.fromTo.get(i)[0], b.fromTo.get(i)[1]));
        int count = b.params.size() + b.labels.size();
        String one = b.params.isEmpty() ? labelsWhat(b.labels)
                : b.params.get(0).path() + (b.mirrored && b.params.size() > 1 ? " + " + b.params.get(1).path() : "");
        String what = !b.group ? one
                : (SceneManager.ORIGIN.equals(b.origin) ? "scene recall"
                        : String.valueOf(b.origin).startsWith(PASTE_ORIGIN) ? "paste"
                        : String.valueOf(b.origin).startsWith(LINK_ORIGIN) ? "stereo link" : "undo") + " (" + count
                        + (count == 1 ? " value: " + one : " values") + ")";
        return new Entry(b.id, b.firstMs, b.who, what, List.copyOf(changes), List.copyOf(b.labels), b.undone);
    }

    /** {@code ch/3 name}, {@code ch/3 name, colour}: the strip and what of it changed. */
    private static String labelsWhat(List<LabelChange> labels) {
        StringBuilder out = new StringBuilder();
        String target = null;
        for (LabelChange c : labels) {
            if (!c.target().equals(target)) {
                if (target != null) out.append("; ");
                out.append(c.target()).append(' ');
                target = c.target();
            } else {
                out.append(", ");
            }
            out.append(c.field());
        }
        return out.toString();
    }
}
