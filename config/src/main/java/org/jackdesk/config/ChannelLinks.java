package org.jackdesk.config;

import java.util.Set;

/**
 * Stereo link of two adjacent mono channels, as on an X32 or SQ (docs/ui.md, "Stereo link"): the
 * pairs are fixed, 1-2, 3-4, …, and a pair links only when both of its channels are mono. While
 * {@code ch/N/link} is on for both channels, a set of one side's mirrored parameter
 * ({@link #mirrored}) sets the other's, and the pan of either is the pair's balance: the odd
 * channel plays hard left, the even one hard right, and a balance away from the centre lowers the
 * far side on the engine's stereo balance law (the one stereo channels use).
 *
 * <p>What stays per channel: the input stage (source, soundcheck safe, trim, polarity, delay: the
 * two sides of a source are gain-matched and aligned apart, as X32 lets an engineer choose), the
 * automix membership and weight (the automixer shares gain per microphone), the name and colour
 * (labels, not parameters) and the link flag itself. Everything else is mirrored.
 *
 * <p>Pure functions of a layout and a state; thread: any.
 */
public final class ChannelLinks {
    private ChannelLinks() {}

    /** The link flag's address template. */
    public static final String TEMPLATE = "ch/{n}/link";

    /** The first path segments under {@code ch/N/} that stay per channel on a linked pair. */
    public static final Set<String> INDEPENDENT = Set.of("source", "soundcheck", "trim", "polarity", "delay", "automix", "link");

    /**
     * The other channel of {@code n}'s pair (odd n: n + 1, even n: n − 1) when both exist and are
     * mono; 0 when channel {@code n} cannot link.
     */
    public static int partner(Layout layout, int n) {
        int channels = layout.channels().size();
        if (n < 1 || n > channels) return 0;
        int m = n % 2 == 1 ? n + 1 : n - 1;
        if (m > channels || layout.channels().get(n - 1).stereo() || layout.channels().get(m - 1).stereo()) return 0;
        return m;
    }

    /** Why channel {@code n} cannot be linked, for the refusal; null when it can. */
    public static String whyNot(Layout layout, int n) {
        int channels = layout.channels().size();
        if (n < 1 || n > channels) return "there is no channel " + n + "; this console has channels 1.." + channels;
        if (layout.channels().get(n - 1).stereo()) {
            return "channel " + n + " is a stereo channel already; only two mono channels link (pairs 1-2, 3-4, …)";
        }
        int m = n % 2 == 1 ? n + 1 : n - 1;
        if (m > channels) {
            return "channel " + n + " is the last channel and has no partner; a link joins an odd channel with the next one (1-2, 3-4, …)";
        }
        if (layout.channels().get(m - 1).stereo()) {
            return "channel " + n + " pairs with channel " + m + ", which is stereo; only two mono channels link (pairs 1-2, 3-4, …)";
        }
        return null;
    }

    /** Whether {@code p} follows its partner's value on a linked pair (a channel parameter not in {@link #INDEPENDENT}). */
    public static boolean mirrored(Param p) {
        if (p.def().root() != ParamDef.Root.CH) return false;
        String path = p.path();
        int a = path.indexOf('/', 3); // after "ch/N"
        int b = path.indexOf('/', a + 1);
        return !INDEPENDENT.contains(b < 0 ? path.substring(a + 1) : path.substring(a + 1, b));
    }

    /**
     * The same parameter on the other channel of {@code p}'s pair, when {@code p} is mirrored and
     * the layout pairs its channel; null otherwise (whether the pair is linked now is {@link #linked}'s).
     */
    public static Param twin(ParamRegistry registry, Param p) {
        if (!mirrored(p)) return null;
        int m = partner(registry.layout(), p.index());
        if (m == 0) return null;
        String rest = p.path().substring(p.path().indexOf('/', 3));
        return registry.find("ch/" + m + rest);
    }

    /** True when channel {@code n} and its partner are linked: the layout pairs them and both flags are on in {@code values}. */
    public static boolean linked(ParamRegistry registry, double[] values, int n) {
        int m = partner(registry.layout(), n);
        return m != 0 && values[registry.slot("ch/" + n + "/link")] >= 0.5 && values[registry.slot("ch/" + m + "/link")] >= 0.5;
    }

    /** {@link #linked} on the state's current values. */
    public static boolean linked(ConsoleState state, int n) {
        ParamRegistry registry = state.registry();
        int m = partner(registry.layout(), n);
        return m != 0 && state.get(registry.slot("ch/" + n + "/link")) >= 0.5 && state.get(registry.slot("ch/" + m + "/link")) >= 0.5;
    }

    /** Whether a slot may be written by a mirror; see {@link #mirror}. */
    @FunctionalInterface
    public interface SlotFilter {
        boolean allows(Param p);
    }

    /**
     * Makes a set of targets (NaN: no change) keep every pair linked in {@code now} equal: where the
     * odd side has a target, the even side gets the same; where only the even side has one, the
     * odd side follows it. A side {@code writable} refuses (a recall safe) is left alone. Used by a
     * scene recall, which writes the state directly. Returns how many targets it added or changed.
     */
    public static int mirror(ParamRegistry registry, double[] now, double[] want, SlotFilter writable) {
        int n = 0;
        for (Param p : registry.all()) {
            if (p.def().root() != ParamDef.Root.CH || p.index() % 2 == 0 || !mirrored(p) || !linked(registry, now, p.index())) continue;
            Param q = twin(registry, p);
            if (q == null) continue;
            double a = want[p.slot()], b = want[q.slot()];
            if (!Double.isNaN(a)) {
                if (a != b && writable.allows(q)) {
                    want[q.slot()] = a;
                    n++;
                }
            } else if (!Double.isNaN(b) && writable.allows(p)) {
                want[p.slot()] = b;
                n++;
            }
        }
        return n;
    }
}
