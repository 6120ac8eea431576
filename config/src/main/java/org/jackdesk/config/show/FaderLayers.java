package org.jackdesk.config.show;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Names;

/**
 * The show's custom fader layers (issue 23; the SQ's custom layers, the X32's user bank): each a
 * name and an ordered list of strips — channels, buses, DCAs and FX returns in any order — that a
 * tablet puts on its faders in that order. The definitions are the show's (saved with it, shared by
 * every device, surviving a tablet swap); which layer a device shows is the device's own.
 *
 * <p>Strips: {@code ch/N}, {@code bus/N}, {@code dca/N}, {@code fxret/N} (1-based, of this
 * console's layout), each at most once on a layer. A layer may be empty (being built). Names: 1 to
 * {@link #MAX_NAME} characters, no control characters, unique on the console (ignoring case). At
 * most {@link #MAX_LAYERS} layers. Ids are given by the console, never reused while it runs and kept
 * in the show file, so a device's choice survives a restart.
 *
 * <p>Not parameters: the engine never sees a layer, scenes do not recall them and the change history
 * does not list them.
 *
 * <p>Thread: any. Writers are serialized; readers take the current immutable {@link #list()}.
 * Listeners run on the writer's thread after the change, outside the lock, and must not block.
 */
public final class FaderLayers {
    /** The error code of a layer id the console does not have. */
    public static final String NO_LAYER = "no_layer";
    /** The error code of a malformed layer (missing or wrong-typed field, bad position). */
    public static final String BAD_LAYER = "bad_layer";
    /** The error code of a strip this console lacks, a malformed one or one given twice. */
    public static final String BAD_STRIP = "bad_strip";
    /** The error code of a name that is empty, too long, has control characters or is taken. */
    public static final String BAD_NAME = "bad_name";
    /** The error code of one layer too many. */
    public static final String TOO_MANY = "too_many_layers";

    public static final int MAX_LAYERS = 16;
    public static final int MAX_NAME = 24;
    /** Kinds of strip a layer may hold, in the order the tablet's strip picker lists them. */
    public static final List<String> KINDS = List.of("ch", "bus", "fxret", "dca");

    /** One layer: {@code strips} in the order they stand on the faders. */
    public record Layer(int id, String name, List<String> strips) {
        public Layer {
            strips = List.copyOf(strips);
        }
    }

    /** A refused change: nothing was changed. */
    public static final class LayerException extends Exception {
        private final String code;

        public LayerException(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Layout layout;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile List<Layer> layers = List.of();
    private int nextId = 1;

    public FaderLayers(Layout layout) {
        this.layout = layout;
    }

    /** The layers in the order their buttons stand. */
    public List<Layer> list() {
        return layers;
    }

    /**
     * Creates a layer ({@code id} null) or replaces layer {@code id}'s name and strips; returns it as
     * stored (the name trimmed).
     */
    public Layer save(Integer id, String name, List<String> strips) throws LayerException {
        String n = checkName(name);
        List<String> s = checkStrips(strips, layout);
        Layer done;
        synchronized (this) {
            List<Layer> now = new ArrayList<>(layers);
            int at = id == null ? -1 : indexOf(now, id);
            if (id != null && at < 0) throw noLayer(id, now);
            for (Layer l : now) {
                if (l.name().equalsIgnoreCase(n) && (id == null || l.id() != id)) {
                    throw new LayerException(BAD_NAME, "there is a layer named '" + l.name() + "' already (id " + l.id() + "); give this one another name");
                }
            }
            if (id == null) {
                if (now.size() >= MAX_LAYERS) {
                    throw new LayerException(TOO_MANY, "a console has at most " + MAX_LAYERS + " layers; delete one first");
                }
                done = new Layer(nextId++, n, s);
                now.add(done);
            } else {
                done = new Layer(id, n, s);
                now.set(at, done);
            }
            layers = List.copyOf(now);
        }
        changed();
        return done;
    }

    /** Deletes layer {@code id}; returns it. */
    public Layer delete(int id) throws LayerException {
        Layer gone;
        synchronized (this) {
            List<Layer> now = new ArrayList<>(layers);
            int at = indexOf(now, id);
            if (at < 0) throw noLayer(id, now);
            gone = now.remove(at);
            layers = List.copyOf(now);
        }
        changed();
        return gone;
    }

    /** Moves layer {@code id} to position {@code to} (0 = first button). */
    public Layer move(int id, int to) throws LayerException {
        Layer moved;
        synchronized (this) {
            List<Layer> now = new ArrayList<>(layers);
            int at = indexOf(now, id);
            if (at < 0) throw noLayer(id, now);
            if (to < 0 || to >= now.size()) {
                throw new LayerException(BAD_LAYER, "a layer's position is 0 to " + (now.size() - 1) + " (got " + to + ")");
            }
            moved = now.remove(at);
            now.add(to, moved);
            layers = List.copyOf(now);
        }
        changed();
        return moved;
    }

    /**
     * Replaces every layer with a show's (loaded at start or imported). Strips this console lacks are
     * left out (a show file's reader has already said so); ids are kept, later ones continue after them.
     */
    public void load(List<Layer> from) {
        synchronized (this) {
            List<Layer> now = new ArrayList<>();
            int max = 0;
            for (Layer l : from) {
                List<String> keep = new ArrayList<>();
                for (String s : l.strips()) if (stripError(s, layout) == null && !keep.contains(canonical(s))) keep.add(canonical(s));
                now.add(new Layer(l.id(), l.name(), keep));
                max = Math.max(max, l.id());
            }
            layers = List.copyOf(now);
            nextId = Math.max(nextId, max + 1);
        }
        changed();
    }

    public void addListener(Runnable r) {
        listeners.add(r);
    }

    public void removeListener(Runnable r) {
        listeners.remove(r);
    }

    private void changed() {
        for (Runnable r : listeners) r.run();
    }

    private static int indexOf(List<Layer> list, int id) {
        for (int i = 0; i < list.size(); i++) if (list.get(i).id() == id) return i;
        return -1;
    }

    private static LayerException noLayer(int id, List<Layer> now) {
        List<String> ids = new ArrayList<>();
        for (Layer l : now) ids.add(l.id() + " (" + l.name() + ")");
        return new LayerException(NO_LAYER, "there is no layer " + id + "; " + (ids.isEmpty() ? "this console has no layers yet"
                : "the layers are " + String.join(", ", ids)));
    }

    /** A layer name as stored: trimmed, 1 to {@link #MAX_NAME} characters, no control characters ({@link Names}). */
    public static String checkName(String name) throws LayerException {
        return Names.check(name, "layer", MAX_NAME, "", m -> new LayerException(BAD_NAME, m));
    }

    /** The strips of a layer, each checked against {@code layout} and given once. */
    public static List<String> checkStrips(List<String> strips, Layout layout) throws LayerException {
        if (strips == null) throw new LayerException(BAD_STRIP, "a layer needs \"strips\": a list such as [\"ch/12\", \"bus/2\", \"dca/1\"]");
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < strips.size(); i++) {
            String why = stripError(strips.get(i), layout);
            if (why != null) throw new LayerException(BAD_STRIP, "strip " + (i + 1) + " of the layer: " + why);
            String s = canonical(strips.get(i));
            if (!seen.add(s)) throw new LayerException(BAD_STRIP, "strip " + (i + 1) + " of the layer: " + s + " is on it already");
            out.add(s);
        }
        return List.copyOf(out);
    }

    /** A valid strip as the console writes it: {@code ch/012} is {@code ch/12}. */
    public static String canonical(String strip) {
        int slash = strip.indexOf('/');
        return strip.substring(0, slash + 1) + Integer.parseInt(strip.substring(slash + 1));
    }

    /** Why {@code strip} cannot stand on a layer of {@code layout}, or null when it can. */
    public static String stripError(String strip, Layout layout) {
        String usage = "a layer holds ch/1.." + layout.channels().size()
                + (layout.buses().isEmpty() ? "" : ", bus/1.." + layout.buses().size())
                + (layout.fx() > 0 ? ", fxret/1.." + layout.fx() : "") + ", dca/1.." + Layout.DCA_COUNT;
        if (strip == null) return "which strip? " + usage;
        String[] p = strip.split("/", -1);
        if (p.length != 2 || !KINDS.contains(p[0]) || p[1].isEmpty() || p[1].length() > 3 || !p[1].chars().allMatch(Character::isDigit)) {
            return "'" + strip + "' is not a strip: " + usage;
        }
        int n = Integer.parseInt(p[1]);
        int max = switch (p[0]) {
            case "ch" -> layout.channels().size();
            case "bus" -> layout.buses().size();
            case "fxret" -> layout.fx();
            default -> Layout.DCA_COUNT;
        };
        if (n < 1 || n > max) return "there is no " + strip + " on this console: " + usage;
        return null;
    }
}
