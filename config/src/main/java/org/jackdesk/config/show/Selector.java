package org.jackdesk.config.show;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamDef;
import org.jackdesk.config.Suggest;

/**
 * One entry of a scene scope or of the recall safes, as a person writes it:
 * {@code all}, a section ({@code eq}), strips ({@code ch/3}, {@code ch/1..8}, {@code ch} for every
 * channel, {@code bus/2}, {@code main}, {@code dca/1..4}, {@code mutegroup/2}, {@code monitor}, the FX
 * slots' units, send buses and returns {@code fx/1}, {@code fxsend/2}, {@code fxret/1..4}),
 * or strips and a section ({@code ch/1..8/eq}, {@code bus/fader}). A list of selectors matches a
 * parameter when any of them does. Immutable; thread: any.
 *
 * @param root    the strip kind, or null for any strip
 * @param from    first index (1-based, inclusive); ignored for main/monitor
 * @param to      last index (inclusive)
 * @param section a name from {@link Sections#ALL}, or null for every section
 */
public record Selector(String text, ParamDef.Root root, int from, int to, String section) {
    private static final Pattern STRIP = Pattern.compile("(ch|bus|dca|mutegroup|fxsend|fxret|fx)(?:/(\\d+)(?:\\.\\.(\\d+))?)?|main|monitor");
    private static final List<String> KINDS = List.of("all", "ch", "bus", "main", "dca", "mutegroup", "monitor", "fxsend", "fxret");

    public boolean matches(Param p) {
        if (root != null) {
            if (p.def().root() != root) return false;
            if (root != ParamDef.Root.MAIN && root != ParamDef.Root.MONITOR && (p.index() < from || p.index() > to)) return false;
        }
        return section == null || section.equals(Sections.of(p));
    }

    /** True when any selector of {@code list} matches. */
    public static boolean any(List<Selector> list, Param p) {
        for (Selector s : list) if (s.matches(p)) return true;
        return false;
    }

    /** Parses a list; the exception's message names the bad entry and what would be right. */
    public static List<Selector> parseAll(List<String> texts, Layout layout) {
        List<Selector> out = new ArrayList<>();
        for (String t : texts) out.add(parse(t, layout));
        return out;
    }

    public static Selector parse(String text, Layout layout) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        while (t.startsWith("/")) t = t.substring(1);
        if (t.equals("all")) return new Selector(text, null, 0, 0, null);
        if (Sections.ALL.contains(t)) return new Selector(text, null, 0, 0, t);
        String strip = t;
        String section = null;
        int slash = t.lastIndexOf('/');
        if (slash > 0 && Sections.ALL.contains(t.substring(slash + 1))) {
            strip = t.substring(0, slash);
            section = t.substring(slash + 1);
        }
        Matcher m = STRIP.matcher(strip);
        if (!m.matches()) {
            List<String> words = new ArrayList<>(Sections.ALL);
            words.addAll(KINDS);
            String last = slash > 0 ? t.substring(slash + 1) : t;
            String near = Suggest.nearest(last, words);
            throw new IllegalArgumentException("'" + text + "' is not a strip or section; write e.g. ch/3, ch/1..8, bus/2, main, "
                    + "eq, or ch/1..8/eq (sections: " + String.join(", ", Sections.ALL) + ")"
                    + (near != null ? " — did you mean '" + (slash > 0 ? t.substring(0, slash + 1) : "") + near + "'?" : ""));
        }
        if (strip.equals("main")) return new Selector(text, ParamDef.Root.MAIN, 1, 1, section);
        if (strip.equals("monitor")) return new Selector(text, ParamDef.Root.MONITOR, 1, 1, section);
        ParamDef.Root root = ParamDef.Root.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        int count = switch (root) {
            case CH -> layout.channels().size();
            case BUS -> layout.buses().size();
            case DCA -> Layout.DCA_COUNT;
            case FX, FXSEND, FXRET -> layout.fx();
            default -> Layout.MUTE_GROUP_COUNT;
        };
        int from = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
        int to = m.group(2) == null ? count : m.group(3) == null ? from : Integer.parseInt(m.group(3));
        if (from < 1 || to > count || to < from) {
            throw new IllegalArgumentException("'" + text + "': this console has " + count + " " + m.group(1)
                    + (count == 0 ? "" : " strips, numbered 1.." + count) + (to < from ? "; write the lower number first" : ""));
        }
        return new Selector(text, root, from, to, section);
    }
}
