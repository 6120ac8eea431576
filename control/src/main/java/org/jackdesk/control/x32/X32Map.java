package org.jackdesk.control.x32;

import java.util.ArrayList;
import java.util.List;
import org.jackdesk.config.Layout;

/**
 * The X32 addresses jackdesk answers, as one table: each row an X32 address template, and either
 * the jackdesk parameter it is with its {@link X32Law}, or a stored-only value (answered with its
 * type and default, set and kept, doing nothing), or a strip name read from the layout. The docs'
 * mapping table (docs/x32.md) is this table. Template segments: {@code ##32} a two-digit index
 * 01..32, {@code #8} a one-digit index 1..8; {@code $1}, {@code $2} in the jackdesk path are the
 * indices without leading zeros. The first matching row wins; an address no row matches is
 * {@link X32Tree}'s, stored-only. Any thread; immutable.
 */
public final class X32Map {
    /** What an X32 address is in jackdesk. */
    public sealed interface Binding permits Mapped, Stored, Name, Colour, Mask {}

    /** The jackdesk parameter {@code path}, through {@code law}. {@code fallback}: the wire value when jackdesk has no such strip. */
    public record Mapped(String path, X32Law law, Object fallback) implements Binding {}

    /** Kept but without effect: answered with {@code value} until a client sets another of the same type. */
    public record Stored(Object value) implements Binding {}

    /** A strip's name (read-only: the configuration names it). {@code root} is ch, bus or dca, {@code index} 1-based. */
    public record Name(String root, int index) implements Binding {}

    /** A strip's colour (read-only: the configuration colours it), as an X32 colour 0…15. {@code root} is ch or bus. */
    public record Colour(String root, int index) implements Binding {}

    /**
     * An int bit mask over {@code bits} switches {@code prefix + 1} … {@code prefix + bits} (bit 0
     * is switch 1): a channel's DCA ({@code ch/3/dca/}) and mute-group memberships.
     */
    public record Mask(String prefix, int bits) implements Binding {}

    private enum Kind { MAPPED, STORED, NAME, COLOUR, MASK, LINK }

    /**
     * Which jackdesk channel each X32 channel is: mono channels one each, in layout order; a
     * stereo channel a linked odd/even pair (an X32 channel left over before it stays unmapped);
     * beyond X32 channel 32 nothing. Built once from the layout; immutable.
     *
     * @param toJack index 1..32: the jackdesk channel (1-based), 0 for none
     * @param toX32 index 1..channels: the first X32 channel of a jackdesk channel, 0 for none
     * @param linked index 0..15: X32 pair 2k+1/2k+2 is one stereo jackdesk channel
     */
    public record Strips(int[] toJack, int[] toX32, int buses, boolean[] linked, int fx) {
        public static Strips of(Layout layout) {
            int n = layout.channels().size();
            int[] toJack = new int[33];
            int[] toX32 = new int[n + 1];
            boolean[] linked = new boolean[16];
            int x = 1;
            for (int j = 1; j <= n && x <= 32; j++) {
                if (!layout.channels().get(j - 1).stereo()) {
                    toJack[x] = j;
                    toX32[j] = x++;
                    continue;
                }
                if (x % 2 == 0) x++; // X32 pairs are odd/even
                if (x + 1 > 32) break;
                toJack[x] = j;
                toJack[x + 1] = j;
                toX32[j] = x;
                linked[(x - 1) / 2] = true;
                x += 2;
            }
            return new Strips(toJack, toX32, layout.buses().size(), linked, layout.fx());
        }

        /** {@code channels} mono channels, X32 channel n = jackdesk channel n (tests). */
        public static Strips identity(int channels, int buses) {
            return of(Layout.of(channels, 0, buses, 0));
        }

        int jack(int x32) {
            return x32 >= 1 && x32 <= 32 ? toJack[x32] : 0;
        }

        int x32(int jack) {
            return jack >= 1 && jack < toX32.length ? toX32[jack] : 0;
        }
    }

    /** A mask row's {@code stored} is its bit count; a name or colour row's {@code path} is its root. */
    private record Row(String[] template, String path, X32Law law, Object stored, Kind kind) {}

    private static final List<Row> ROWS = new ArrayList<>();

    private static void map(String template, String path, X32Law law) {
        Object fallback = law instanceof X32Law.Switch s ? (Object) (s.inverted() ? 1 : 0)
                : law instanceof X32Law.Choice c ? (Object) c.codes()[0] : law instanceof X32Law.Values ? (Object) 0 : (Object) 0f;
        ROWS.add(new Row(template.split("/"), path, law, fallback, Kind.MAPPED));
    }

    private static void stored(String template, Object value) {
        ROWS.add(new Row(template.split("/"), null, null, value, Kind.STORED));
    }

    private static void row(String template, String path, Object stored, Kind kind) {
        ROWS.add(new Row(template.split("/"), path, null, stored, kind));
    }

    static {
        row("ch/##32/config/name", "ch", "", Kind.NAME);
        stored("ch/##32/config/icon", 1);
        row("ch/##32/config/color", "ch", 0, Kind.COLOUR);
        stored("ch/##32/config/source", 0);
        map("ch/##32/preamp/trim", "ch/$1/trim", X32Law.lin(-18, 18, 145, "%+.1f"));
        map("ch/##32/preamp/invert", "ch/$1/polarity", X32Law.SWITCH);
        map("ch/##32/preamp/hpon", "ch/$1/hpf/on", X32Law.SWITCH);
        map("ch/##32/preamp/hpslope", "ch/$1/hpf/slope", X32Law.choice(0, 2)); // X32: 0 = 12, 1 = 18, 2 = 24 dB/oct
        map("ch/##32/preamp/hpf", "ch/$1/hpf/freq", X32Law.log(20, 400, 101, "hz"));
        map("ch/##32/gate/on", "ch/$1/gate/on", X32Law.SWITCH);
        map("ch/##32/gate/mode", "ch/$1/gate/mode", X32Law.choice(3, 0)); // X32: 0 EXP2 (1:2), 3 GATE
        map("ch/##32/gate/thr", "ch/$1/gate/threshold", X32Law.lin(-80, 0, 161, "%+.1f"));
        map("ch/##32/gate/range", "ch/$1/gate/range", X32Law.negated(X32Law.lin(3, 60, 58, "%.1f")));
        map("ch/##32/gate/attack", "ch/$1/gate/attack", X32Law.lin(0, 120, 121, "%.0f"));
        map("ch/##32/gate/hold", "ch/$1/gate/hold", X32Law.log(0.02, 2000, 101, "%.2f"));
        map("ch/##32/gate/release", "ch/$1/gate/release", X32Law.log(5, 4000, 101, "%.0f"));
        map("ch/##32/dyn/on", "ch/$1/comp/on", X32Law.SWITCH);
        map("ch/##32/dyn/det", "ch/$1/comp/detect", X32Law.choice(0, 1)); // X32: 0 PEAK, 1 RMS
        map("ch/##32/dyn/thr", "ch/$1/comp/threshold", X32Law.lin(-60, 0, 121, "%+.1f"));
        map("ch/##32/dyn/ratio", "ch/$1/comp/ratio", X32Law.values(1.1, 1.3, 1.5, 2, 2.5, 3, 4, 5, 7, 10, 20, 100));
        map("ch/##32/dyn/knee", "ch/$1/comp/knee", X32Law.lin(0, 5, 6, "%.0f"));
        map("ch/##32/dyn/mgain", "ch/$1/comp/makeup", X32Law.lin(0, 24, 49, "%.1f"));
        map("ch/##32/dyn/attack", "ch/$1/comp/attack", X32Law.lin(0, 120, 121, "%.0f"));
        map("ch/##32/dyn/release", "ch/$1/comp/release", X32Law.log(5, 4000, 101, "%.0f"));
        map("ch/##32/eq/on", "ch/$1/eq/on", X32Law.SWITCH);
        map("ch/##32/eq/1/type", "ch/$1/eq/1/type", X32Law.choice(1, 2)); // X32: 1 LShv, 2 PEQ, 4 HShv
        map("ch/##32/eq/4/type", "ch/$1/eq/4/type", X32Law.choice(4, 2));
        stored("ch/##32/eq/#4/type", 2); // bands 2 and 3 are always peaking in jackdesk
        map("ch/##32/eq/#4/f", "ch/$1/eq/$2/freq", X32Law.log(20, 20000, 201, "hz"));
        map("ch/##32/eq/#4/g", "ch/$1/eq/$2/gain", X32Law.lin(-15, 15, 121, "%+.2f"));
        map("ch/##32/eq/#4/q", "ch/$1/eq/$2/q", X32Law.log(10, 0.3, 72, "%.1f"));
        map("ch/##32/mix/on", "ch/$1/mute", X32Law.ON);
        map("ch/##32/mix/fader", "ch/$1/fader", X32Law.FADER);
        map("ch/##32/mix/st", "ch/$1/main", X32Law.SWITCH);
        map("ch/##32/mix/pan", "ch/$1/pan", X32Law.PAN);
        stored("ch/##32/mix/mono", 0);
        stored("ch/##32/mix/mlevel", 0f);
        map("ch/##32/mix/##16/on", "ch/$1/send/$2/on", X32Law.SWITCH);
        map("ch/##32/mix/##16/level", "ch/$1/send/$2/level", X32Law.FADER);
        map("ch/##32/mix/##16/pan", "ch/$1/send/$2/pan", X32Law.PAN);
        map("ch/##32/mix/##16/type", "ch/$1/send/$2/tap", X32Law.choice(3, 4)); // X32: 3 PRE, 4 POST
        // the automixer (docs/assistants.md): X32 group 0 OFF, 1 X, 2 Y; weight −12 … +12 dB in 0.5 dB steps
        map("ch/##32/automix/group", "ch/$1/automix/group", X32Law.choice(0, 1, 2));
        map("ch/##32/automix/weight", "ch/$1/automix/weight", X32Law.lin(-12, 12, 49, "%+.1f"));
        row("ch/##32/grp/dca", "ch/$1/dca/", 8, Kind.MASK);
        row("ch/##32/grp/mute", "ch/$1/mutegroup/", 6, Kind.MASK);
        row("bus/##16/config/name", "bus", "", Kind.NAME);
        stored("bus/##16/config/icon", 1);
        row("bus/##16/config/color", "bus", 0, Kind.COLOUR);
        map("bus/##16/mix/on", "bus/$1/mute", X32Law.ON);
        map("bus/##16/mix/fader", "bus/$1/fader", X32Law.FADER);
        stored("bus/##16/mix/pan", 0.5f);
        stored("main/st/config/name", "");
        stored("main/st/config/icon", 1);
        stored("main/st/config/color", 0);
        map("main/st/mix/on", "main/mute", X32Law.ON);
        map("main/st/mix/fader", "main/fader", X32Law.FADER);
        stored("main/st/mix/pan", 0.5f);
        row("dca/#8/config/name", "dca", "", Kind.NAME);
        stored("dca/#8/config/icon", 1);
        stored("dca/#8/config/color", 0);
        map("dca/#8/on", "dca/$1/mute", X32Law.ON);
        map("dca/#8/fader", "dca/$1/fader", X32Law.FADER);
        // FX returns: jackdesk's stereo return N is the X32's linked pair /fxrtn/(2N−1) and (2N)
        map("fxrtn/##8/mix/on", "fxret/$1/on", X32Law.SWITCH);
        map("fxrtn/##8/mix/fader", "fxret/$1/fader", X32Law.FADER);
        map("fxrtn/##8/mix/st", "fxret/$1/main", X32Law.SWITCH);
        map("fxrtn/##8/mix/pan", "fxret/$1/balance", X32Law.PAN);
        map("fxrtn/##8/mix/##16/on", "fxret/$1/aux/$2/on", X32Law.SWITCH);
        map("fxrtn/##8/mix/##16/level", "fxret/$1/aux/$2/level", X32Law.FADER);
        map("fxrtn/##8/eq/on", "fxret/$1/eq/on", X32Law.SWITCH);
        map("fxrtn/##8/eq/#4/f", "fxret/$1/eq/$2/freq", X32Law.log(20, 20000, 201, "hz"));
        map("fxrtn/##8/eq/#4/g", "fxret/$1/eq/$2/gain", X32Law.lin(-15, 15, 121, "%+.2f"));
        map("fxrtn/##8/eq/#4/q", "fxret/$1/eq/$2/q", X32Law.log(10, 0.3, 72, "%.1f"));
        map("config/mute/#6", "mutegroup/$1/on", X32Law.SWITCH);
        for (int k = 0; k < 16; k++) row("config/chlink/" + (2 * k + 1) + "-" + (2 * k + 2), null, k, Kind.LINK);
        map("-stat/solosw/##32", "ch/$1/solo", X32Law.SWITCH);
    }

    /**
     * Nodes whose {@code /node} text jackdesk writes its own way (the gate without its key
     * source); every other node is {@link X32Tree}'s, children in X32 order.
     */
    private static final List<String[]> NODES = List.of(
            new String[] {"ch/##32/mix", "on", "fader", "st", "pan", "mono", "mlevel"},
            new String[] {"ch/##32/config", "name", "icon", "color", "source"},
            new String[] {"ch/##32/preamp", "trim", "invert", "hpon", "hpslope", "hpf"},
            new String[] {"ch/##32/eq/#4", "type", "f", "g", "q"},
            new String[] {"ch/##32/gate", "on", "mode", "thr", "range", "attack", "hold", "release"},
            new String[] {"ch/##32/grp", "dca", "mute"},
            new String[] {"bus/##16/config", "name", "icon", "color"},
            new String[] {"main/st/config", "name", "icon", "color"},
            new String[] {"dca/#8/config", "name", "icon", "color"},
            new String[] {"config/mute", "1", "2", "3", "4", "5", "6"},
            new String[] {"main/st/mix", "on", "fader", "pan"},
            new String[] {"dca/#8", "on", "fader"});

    private X32Map() {}

    /**
     * What {@code address} (with or without its leading slash) is, or null when it is not one of
     * the X32 addresses jackdesk answers. {@code channels}/{@code buses}/...: what the layout
     * has; an X32 strip beyond it answers with the row's default and stores what is set.
     */
    public static Binding resolve(String address, Strips strips) {
        String[] segs = (address.startsWith("/") ? address.substring(1) : address).split("/", -1);
        int[] idx = new int[2];
        for (Row r : ROWS) {
            if (!matches(r.template(), segs, idx)) continue;
            // an X32 channel number (also /-stat/solosw/NN) is turned into the jackdesk channel
            boolean ch = r.path() != null && (r.path().equals("ch") || r.path().startsWith("ch/"));
            boolean fxret = r.path() != null && r.path().startsWith("fxret/");
            // a jackdesk channel (0 for none); an FX return from the X32's pair
            int strip = ch ? strips.jack(idx[0]) : fxret ? (idx[0] + 1) / 2 : idx[0];
            if (r.kind() == Kind.NAME) return new Name(r.path(), strip);
            if (r.kind() == Kind.COLOUR) return new Colour(r.path(), strip);
            if (r.kind() == Kind.STORED) return new Stored(r.stored());
            if (r.kind() == Kind.LINK) return new Stored(strips.linked()[(Integer) r.stored()] ? 1 : 0);
            if (r.kind() == Kind.MASK) { // channels only
                return strip == 0 ? new Stored(0) : new Mask(r.path().replace("$1", Integer.toString(strip)), (Integer) r.stored());
            }
            boolean sends = r.path().contains("/send/") || r.path().contains("/aux/");
            if (ch && strip == 0 || r.path().startsWith("bus/") && strip > strips.buses() || sends && idx[1] > strips.buses()
                    || fxret && strip > strips.fx()) {
                return new Stored(r.stored());
            }
            return new Mapped(r.path().replace("$1", Integer.toString(strip)).replace("$2", Integer.toString(idx[1])),
                    r.law(), r.stored());
        }
        // the rest of the X32's tree: stored-only, answered with its type and initial value
        X32Tree.Field f = X32Tree.field(address);
        return f == null ? null : new Stored(f.initial());
    }

    /** As {@link #resolve(String, Strips)} for a layout of mono channels (tests). */
    public static Binding resolve(String address, int channels, int buses) {
        return resolve(address, Strips.identity(channels, buses));
    }

    /** As {@link #toX32(String, Strips)} for a layout of mono channels (tests). */
    public static String toX32(String path, int channels, int buses) {
        return toX32(path, Strips.identity(channels, buses));
    }

    /** The canonical X32 address of a jackdesk parameter path, or null when X32 has none. */
    public static String toX32(String path, Strips strips) {
        String[] segs = path.split("/");
        for (Row r : ROWS) {
            if (r.kind() != Kind.MAPPED && r.kind() != Kind.MASK) continue;
            if (r.kind() == Kind.MASK) {
                String x = maskAddress(r, path, strips);
                if (x != null) return x;
                continue;
            }
            String[] p = r.path().split("/");
            if (p.length != segs.length) continue;
            int[] idx = new int[2];
            boolean ok = true;
            for (int i = 0; i < p.length && ok; i++) {
                if (p[i].startsWith("$")) {
                    try {
                        idx[p[i].charAt(1) - '1'] = Integer.parseInt(segs[i]);
                    } catch (NumberFormatException e) {
                        ok = false;
                    }
                } else ok = p[i].equals(segs[i]);
            }
            if (!ok) continue;
            if (segs[0].equals("ch")) idx[0] = strips.x32(idx[0]); // the first X32 channel of a linked pair
            if (segs[0].equals("fxret")) idx[0] = 2 * idx[0] - 1; // the first of the X32's pair
            String x = build(r.template(), idx);
            if (x != null && resolve(x, strips) instanceof Mapped m && m.path().equals(path)) return x;
        }
        return null;
    }

    /** The mask address of a member switch ({@code ch/3/dca/2} → {@code /ch/03/grp/dca}), or null. */
    private static String maskAddress(Row r, String path, Strips strips) {
        String[] segs = path.split("/");
        String[] p = r.path().split("/"); // ch, $1, dca
        if (segs.length != 4 || !segs[0].equals(p[0]) || !segs[2].equals(p[2])) return null;
        try {
            int[] idx = {strips.x32(Integer.parseInt(segs[1])), 0};
            int bit = Integer.parseInt(segs[3]);
            if (idx[0] == 0 || bit < 1 || bit > (Integer) r.stored()) return null;
            return build(r.template(), idx);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The children of node {@code node} ({@code ch/01/mix}) as full X32 addresses, or null when the X32 has no such node. */
    public static List<String> nodeChildren(String node) {
        String[] segs = node.split("/", -1);
        int[] idx = new int[2];
        for (String[] n : NODES) {
            if (!matches(n[0].split("/"), segs, idx)) continue;
            List<String> out = new ArrayList<>();
            for (int i = 1; i < n.length; i++) out.add("/" + node + "/" + n[i]);
            return out;
        }
        return X32Tree.children(node); // every other node of the X32's tree
    }

    private static String build(String[] template, int[] idx) {
        StringBuilder b = new StringBuilder();
        int k = 0;
        for (String t : template) {
            b.append('/');
            if (t.startsWith("##")) {
                if (k > 1 || idx[k] < 1 || idx[k] > Integer.parseInt(t.substring(2))) return null;
                b.append(String.format("%02d", idx[k++]));
            } else if (t.startsWith("#")) {
                if (k > 1 || idx[k] < 1 || idx[k] > Integer.parseInt(t.substring(1))) return null;
                b.append(idx[k++]);
            } else b.append(t);
        }
        return b.toString();
    }

    private static boolean matches(String[] template, String[] segs, int[] idx) {
        if (template.length != segs.length) return false;
        int k = 0;
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            String s = segs[i];
            if (t.startsWith("##")) {
                if (s.length() != 2 || !digits(s)) return false;
                int v = Integer.parseInt(s);
                if (v < 1 || v > Integer.parseInt(t.substring(2))) return false;
                idx[k++] = v;
            } else if (t.startsWith("#")) {
                if (s.length() != 1 || !digits(s)) return false;
                int v = s.charAt(0) - '0';
                if (v < 1 || v > Integer.parseInt(t.substring(1))) return false;
                idx[k++] = v;
            } else if (!t.equals(s)) return false;
        }
        return true;
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }
}
