package org.jackdesk.config.show;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jackdesk.config.Names;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamException;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.Suggest;

/**
 * The channel library (docs/shows.md, "Channel library"), like the X32's channel library or the
 * SQ's user library: named {@link Preset}s of a channel's processing, kept with the show (the
 * {@link SceneManager} that owns it saves and loads it with the scenes) and exported as a file
 * ({@link LibraryJson}). It only keeps presets: capturing a channel and writing a preset onto
 * channels is the parameter service's, through the same path as a copy and paste.
 *
 * <p>Every preset here was checked against this console's registry ({@link #check}): its sections
 * are channel-processing sections, its addresses channel parameters within them, its values in
 * range. An operation that is refused changes nothing.
 *
 * <p>Thread: any; methods are synchronized. Listeners run after each change, inside the lock, and
 * must not block (the autosave's {@code changed}, a broadcast scheduled on an event loop).
 */
public final class ChannelLibrary {
    /** The error code of a preset name the library does not hold. */
    public static final String UNKNOWN_PRESET = "unknown_preset";
    /** The error code of a save or import under a name the library already holds (without replace). */
    public static final String PRESET_EXISTS = "preset_exists";
    /** The error code of a preset whose content does not fit this console (sections, addresses, values). */
    public static final String BAD_PRESET = "bad_preset";
    /** The error code of a library at {@link #MAX_PRESETS}. */
    public static final String LIBRARY_FULL = "library_full";
    /** How many presets one show keeps. */
    public static final int MAX_PRESETS = 500;

    private final ParamRegistry registry;
    private final List<Preset> presets = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public ChannelLibrary(ParamRegistry registry) {
        this.registry = registry;
    }

    /** Called after every change (save, rename, delete, import, a show loaded). */
    public void addListener(Runnable r) {
        listeners.add(r);
    }

    public void removeListener(Runnable r) {
        listeners.remove(r);
    }

    private void changed() {
        for (Runnable r : listeners) r.run();
    }

    /** Every preset, in library order. */
    public synchronized List<Preset> presets() {
        return List.copyOf(presets);
    }

    public synchronized Preset get(String name) throws SceneException {
        return presets.get(indexOf(name));
    }

    /**
     * Keeps {@code p} (checked, {@link #check}). A name the library holds is refused with
     * {@link #PRESET_EXISTS} unless {@code replace}, which puts the new preset in the old one's place.
     */
    public synchronized Preset save(Preset p, boolean replace) throws SceneException {
        Preset checked = check(p);
        int at = find(checked.name());
        if (at >= 0 && !replace) {
            throw new SceneException(PRESET_EXISTS, "the library already has a preset '" + checked.name()
                    + "'; choose another name or replace it");
        }
        if (at >= 0) {
            presets.set(at, checked);
        } else {
            if (presets.size() >= MAX_PRESETS) throw full();
            presets.add(checked);
        }
        changed();
        return checked;
    }

    public synchronized Preset rename(String name, String newName) throws SceneException {
        int i = indexOf(name);
        String n = checkName(newName);
        int other = find(n);
        if (other >= 0 && other != i) throw new SceneException(PRESET_EXISTS, "the library already has a preset '" + n + "'");
        Preset p = presets.get(i).withName(n);
        presets.set(i, p);
        changed();
        return p;
    }

    public synchronized void delete(String name) throws SceneException {
        presets.remove(indexOf(name));
        changed();
    }

    /**
     * Imports {@code more} (a library file's presets): all or none. Each is checked; a name the
     * library holds is refused with {@link #PRESET_EXISTS} (naming every clash) unless
     * {@code replace}; a name twice in {@code more} is refused too.
     */
    public synchronized List<Preset> addAll(List<Preset> more, boolean replace) throws SceneException {
        List<Preset> checked = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<String> clashes = new ArrayList<>();
        int added = 0;
        for (Preset p : more) {
            Preset c = check(p);
            if (!names.add(c.name())) throw new SceneException(PRESET_EXISTS, "the preset name '" + c.name() + "' is used twice in the file");
            if (find(c.name()) >= 0) clashes.add(c.name());
            else added++;
            checked.add(c);
        }
        if (!clashes.isEmpty() && !replace) {
            throw new SceneException(PRESET_EXISTS, "the library already has " + (clashes.size() == 1 ? "a preset" : "presets") + " named "
                    + quoted(clashes) + "; rename them in the file, delete them here, or import with replace");
        }
        if (presets.size() + added > MAX_PRESETS) throw full();
        for (Preset c : checked) {
            int at = find(c.name());
            if (at >= 0) presets.set(at, c);
            else presets.add(c);
        }
        changed();
        return List.copyOf(checked);
    }

    /** Every preset checked, as {@link #replaceAll} would keep them; refuses (naming the preset) without changing anything. */
    public List<Preset> checkAll(List<Preset> all) throws SceneException {
        List<Preset> checked = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Preset p : all) {
            Preset c = check(p);
            if (!names.add(c.name())) throw new SceneException(PRESET_EXISTS, "the preset name '" + c.name() + "' is used twice");
            checked.add(c);
        }
        if (checked.size() > MAX_PRESETS) throw full();
        return checked;
    }

    /** Replaces every preset with a loaded show's ({@link SceneManager#load}). */
    public synchronized void replaceAll(List<Preset> all) throws SceneException {
        List<Preset> checked = checkAll(all);
        presets.clear();
        presets.addAll(checked);
        changed();
    }

    /**
     * {@code p} as the library keeps it: the name stripped and checked, the sections in signal
     * order, every value parsed by its parameter (channel 1's: every channel has the same) and put
     * in registry order. Refused with {@link #BAD_PRESET} (naming the preset and the address) when
     * a section is not a channel-processing section, an address is not a channel parameter within
     * the sections, or a value is not one the parameter takes.
     */
    public Preset check(Preset p) throws SceneException {
        String name = checkName(p.name());
        String who = "preset '" + name + "': ";
        if (p.sections().isEmpty()) throw new SceneException(BAD_PRESET, who + "it holds no section; sections: " + String.join(", ", Sections.CHANNEL_PROCESSING));
        for (String s : p.sections()) {
            String why = badSection(s);
            if (why != null) throw new SceneException(BAD_PRESET, who + why);
        }
        List<String> sections = new ArrayList<>();
        for (String s : Sections.CHANNEL_PROCESSING) if (p.sections().contains(s)) sections.add(s);
        Map<String, Object> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : p.values().entrySet()) {
            String why = notAllowed(registry, e.getKey(), sections);
            if (why != null) throw new SceneException(BAD_PRESET, who + why);
            Param t = template(registry, e.getKey());
            try {
                parsed.put(relative(t), t.toExternal(t.parse(e.getValue())));
            } catch (ParamException ex) {
                throw new SceneException(BAD_PRESET, who + message(ex, t));
            }
        }
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (Param q : registry.all()) {
            if (!q.path().startsWith(PREFIX)) continue;
            String rel = relative(q);
            if (parsed.containsKey(rel)) ordered.put(rel, parsed.get(rel));
        }
        return new Preset(name, sections, ordered);
    }

    /** What a preset's addresses are relative to when checked: channel 1, whose parameters every channel has. */
    private static final String PREFIX = "ch/1/";

    /** The parameter of channel 1 at a preset's address {@code rel} (the template every channel shares), or null. */
    public static Param template(ParamRegistry reg, String rel) {
        if (rel == null || rel.isEmpty() || rel.startsWith("/")) return null;
        Param p = reg.find(PREFIX + rel);
        return p != null && p.path().startsWith(PREFIX) ? p : null;
    }

    private static String relative(Param channelOne) {
        return channelOne.path().substring(PREFIX.length());
    }

    /** A refusal of channel 1's parameter {@code t} said of the preset's address ("eq/2/gain must be …"). */
    static String message(ParamException ex, Param t) {
        return String.valueOf(ex.getMessage()).replace(t.path(), relative(t));
    }

    /** Why {@code section} is not one a preset holds, or null when it is. */
    static String badSection(String section) {
        if (Sections.CHANNEL_PROCESSING.contains(section)) return null;
        String near = Suggest.nearest(String.valueOf(section), Sections.CHANNEL_PROCESSING);
        return "'" + section + "' is not a section a preset holds; sections: " + String.join(", ", Sections.CHANNEL_PROCESSING)
                + (near != null ? " (did you mean '" + near + "'?)" : "");
    }

    /** Why {@code rel} is not an address a preset of {@code sections} holds, or null when it is. */
    static String notAllowed(ParamRegistry reg, String rel, Collection<String> sections) {
        Param t = template(reg, rel);
        if (t == null || !Sections.CHANNEL_PROCESSING.contains(Sections.of(t))) { // a fader or a mute is not processing
            List<String> known = new ArrayList<>();
            for (Param q : reg.all()) if (q.path().startsWith(PREFIX) && Sections.CHANNEL_PROCESSING.contains(Sections.of(q))) known.add(relative(q));
            String near = Suggest.nearest(String.valueOf(rel), known);
            return "'" + rel + "' is not a channel parameter a preset holds (addresses are relative to the channel, e.g. \"eq/2/gain\")"
                    + (near != null ? " (did you mean '" + near + "'?)" : "");
        }
        String sec = Sections.of(t);
        if (!sections.contains(sec)) {
            return "'" + rel + "' is in section '" + sec + "', which the preset does not hold (its sections: " + String.join(", ", sections) + ")";
        }
        return null;
    }

    /** A preset name: 1 to {@link Preset#MAX_NAME} characters, not blank, no control characters; stripped ({@link Names}). */
    public static String checkName(String name) throws SceneException {
        return Names.check(name, "preset", Preset.MAX_NAME, "", m -> new SceneException(SceneException.BAD_NAME, m));
    }

    private int find(String name) {
        for (int i = 0; i < presets.size(); i++) if (presets.get(i).name().equals(name)) return i;
        return -1;
    }

    private int indexOf(String name) throws SceneException {
        String n = name == null ? "" : name.strip();
        int i = find(n);
        if (i >= 0) return i;
        List<String> names = new ArrayList<>();
        for (Preset p : presets) names.add(p.name());
        String near = Suggest.nearest(n, names);
        throw new SceneException(UNKNOWN_PRESET, "there is no preset '" + n + "' in the library"
                + (presets.isEmpty() ? " (no presets saved yet)" : near != null ? " (did you mean '" + near + "'?)" : " (presets: " + quoted(names) + ")"));
    }

    private static String quoted(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            if (sb.length() > 200) return sb.append(", …").toString();
            if (sb.length() > 0) sb.append(", ");
            sb.append('\'').append(n).append('\'');
        }
        return sb.toString();
    }

    private static SceneException full() {
        return new SceneException(LIBRARY_FULL, "the library holds at most " + MAX_PRESETS + " presets; delete some first");
    }
}
