package org.jackdesk.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every parameter address of one console layout, numbered densely ("slots") in the order of
 * {@link Params#all()}: channel 1's parameters, channel 2's, …, then buses, main, DCAs, mute groups,
 * monitor, the tools, then the FX send buses, FX units and FX returns. Immutable; thread: any.
 */
public final class ParamRegistry {
    private final Layout layout;
    private final List<Param> params;
    private final Map<String, Param> byPath;

    private ParamRegistry(Layout layout) {
        this.layout = layout;
        List<Param> list = new ArrayList<>();
        for (ParamDef.Root root : ParamDef.Root.values()) {
            int count = rootCount(root, layout);
            for (int n = 1; n <= count; n++) {
                for (ParamDef def : Params.all()) {
                    if (def.root() != root) continue;
                    int inner = innerCount(def.inner(), layout);
                    if (inner == 0) {
                        if (def.inner() != ParamDef.Inner.NONE) continue;
                        list.add(new Param(expand(def.template(), n, 0), def, list.size(), n, 0));
                    } else {
                        for (int i = 1; i <= inner; i++) {
                            list.add(new Param(expand(def.template(), n, i), def, list.size(), n, i));
                        }
                    }
                }
            }
        }
        this.params = Collections.unmodifiableList(list);
        Map<String, Param> m = new HashMap<>(list.size() * 2);
        for (Param p : list) m.put(p.path(), p);
        this.byPath = Collections.unmodifiableMap(m);
    }

    public static ParamRegistry forLayout(Layout layout) {
        return new ParamRegistry(layout);
    }

    public Layout layout() {
        return layout;
    }

    public int size() {
        return params.size();
    }

    public Param get(int slot) {
        return params.get(slot);
    }

    public List<Param> all() {
        return params;
    }

    /** The parameter at {@code path}, or null. Leading and trailing slashes are ignored. */
    public Param find(String path) {
        return path == null ? null : byPath.get(normalize(path));
    }

    /** The parameter at {@code path}; unknown paths are refused with the nearest known one. */
    public Param require(String path) throws ParamException {
        Param p = find(path);
        if (p != null) return p;
        throw unknown(path);
    }

    /** Slot of a path that must exist (engine wiring at construction time). */
    public int slot(String path) {
        Param p = find(path);
        if (p == null) throw new IllegalArgumentException("no parameter " + path);
        return p.slot();
    }

    /** Every parameter at or below {@code prefix} ("ch/1" gives all of channel 1); refused if none. */
    public List<Param> subtree(String prefix) throws ParamException {
        String pre = normalize(prefix);
        if (pre.isEmpty()) return params;
        List<Param> out = new ArrayList<>();
        for (Param p : params) {
            if (p.path().equals(pre) || p.path().startsWith(pre + "/")) out.add(p);
        }
        if (out.isEmpty()) throw unknown(prefix);
        return out;
    }

    private ParamException unknown(String path) {
        String norm = normalize(path == null ? "" : path);
        String near = Suggest.nearest(norm, byPath.keySet());
        String msg = "unknown parameter '" + norm + "'" + (near != null ? " (did you mean '" + near + "'?)" : "");
        return new ParamException(ParamException.UNKNOWN_PATH, norm, msg);
    }

    static String normalize(String path) {
        // strip(), not trim(): trim() also removes control characters, which made "\u0000" the
        // empty path (the whole console) instead of an unknown one.
        String p = path.strip();
        while (p.startsWith("/")) p = p.substring(1);
        while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p;
    }

    private static String expand(String template, int n, int i) {
        return template.replace("{n}", Integer.toString(n)).replace("{i}", Integer.toString(i));
    }

    private static int rootCount(ParamDef.Root root, Layout layout) {
        switch (root) {
            case CH: return layout.channels().size();
            case BUS: return layout.buses().size();
            case DCA: return Layout.DCA_COUNT;
            case MUTEGROUP: return Layout.MUTE_GROUP_COUNT;
            case FXSEND:
            case FX:
            case FXRET: return layout.fx();
            case MAIN:
            case MONITOR:
            case OSC:
            case TALKBACK:
            case AUTOMIX:
            case PLAYBACK:
            default: return 1;
        }
    }

    private static int innerCount(ParamDef.Inner inner, Layout layout) {
        switch (inner) {
            case BAND: return Layout.EQ_BANDS;
            case BUS: return layout.buses().size();
            case DCA: return Layout.DCA_COUNT;
            case MUTEGROUP: return Layout.MUTE_GROUP_COUNT;
            case FX: return layout.fx();
            case NOTCH: return Layout.FBS_NOTCHES;
            case NONE:
            default: return 0;
        }
    }
}
