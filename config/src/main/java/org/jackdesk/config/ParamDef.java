package org.jackdesk.config;

import java.util.List;
import java.util.Locale;

/**
 * One parameter definition: an address template such as {@code ch/{n}/eq/{i}/gain} with its type,
 * unit, range, default and taper. {@link Params} lists them all; {@link ParamRegistry} expands
 * them for a {@link Layout}. Validation of values lives here so that every entry point (WebSocket,
 * REST, OSC, scenes, the command line) refuses the same things with the same words.
 */
public record ParamDef(String template, Root root, Inner inner, ParamType type, Unit unit,
                       double min, double max, double[] defaults, Taper taper, List<String> enumValues,
                       String description) {

    /** The section a parameter belongs to; {@code {n}} in the template is its 1-based index. */
    public enum Root { CH, BUS, MAIN, DCA, MUTEGROUP, MONITOR, OSC, TALKBACK, FXSEND, FX, FXRET,
        /** The automixer's groups ({@code automix/x/on}, {@code automix/y/on}); one section, last, so no earlier slot moves. */
        AUTOMIX,
        /** The player's global switches ({@code playback/soundcheck}); after AUTOMIX for the same reason. */
        PLAYBACK }

    /** What {@code {i}} in the template counts. */
    public enum Inner {
        NONE(""), BAND("EQ band 1–4"), BUS("bus"), DCA("DCA 1–8"), MUTEGROUP("mute group 1–6"), FX("FX slot"),
        /** A feedback suppressor's notch (docs/assistants.md). */
        NOTCH("notch 1–12");

        private final String meaning;

        Inner(String meaning) {
            this.meaning = meaning;
        }

        public String meaning() {
            return meaning;
        }
    }

    /** Sentinel: fader minimum means −∞ (gain 0). */
    public static final double FADER_OFF_DB = -90.0;
    /** Sentinel: a compressor ratio at its maximum means ∞:1. */
    public static final double RATIO_INF = 100.0;

    public ParamDef {
        enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
    }

    /** Default for the {@code inner}th (1-based) expansion; a single default applies to all. */
    public double defaultFor(int innerIndex) {
        if (defaults.length == 1 || innerIndex < 1) return defaults[0];
        return defaults[Math.min(innerIndex, defaults.length) - 1];
    }

    /**
     * True for a live switch ({@link Params#LIVE}, e.g. {@code osc/on}): it acts now and is never
     * stored — not in a saved show, not in a scene — and a show or scene never turns it on.
     */
    public boolean live() {
        return Params.LIVE.contains(template);
    }

    /**
     * True for a console setup value ({@link Params#SETUP}, the stereo links): saved with the show,
     * never in a scene; a recall neither captures nor changes it.
     */
    public boolean setup() {
        return Params.SETUP.contains(template);
    }

    /** True when the minimum means "off" (−∞ dB). */
    public boolean minIsOff() {
        return unit == Unit.DB && min == FADER_OFF_DB;
    }

    /** True when the maximum means "infinite" (a ratio of ∞:1). */
    public boolean maxIsInfinite() {
        return unit == Unit.RATIO && max == RATIO_INF;
    }

    /**
     * Checks a value in engineering units and returns its canonical form (bools 0/1, enums an
     * index). Rejects out-of-range values with the range in the message.
     */
    public double check(String path, double v) throws ParamException {
        if (Double.isNaN(v)) throw new ParamException(ParamException.WRONG_TYPE, path, path + " takes a number, not NaN");
        switch (type) {
            case BOOL:
                if (v == 0 || v == 1) return v;
                throw new ParamException(ParamException.WRONG_TYPE, path, path + " takes true or false");
            case ENUM:
                if (v == Math.rint(v) && v >= 0 && v < enumValues.size()) return v;
                throw new ParamException(ParamException.WRONG_TYPE, path,
                        path + " takes one of: " + String.join(", ", enumValues));
            case FLOAT:
            default:
                if (v == Double.NEGATIVE_INFINITY && minIsOff()) return min;
                if (v == Double.POSITIVE_INFINITY && maxIsInfinite()) return max;
                if (v < min || v > max) {
                    throw new ParamException(ParamException.OUT_OF_RANGE, path,
                            path + " must be between " + rangeText() + " (got " + formatNumber(v) + ")");
                }
                return v;
        }
    }

    /** Clamps a number into the range (for relative moves). */
    public double clamp(double v) {
        if (type == ParamType.BOOL) return v >= 0.5 ? 1 : 0;
        if (type == ParamType.ENUM) return Math.max(0, Math.min(enumValues.size() - 1, Math.rint(v)));
        return Math.max(min, Math.min(max, v));
    }

    /**
     * Converts a value as it arrives from JSON, OSC or the command line (Boolean, Number, String)
     * into engineering units, checked.
     */
    public double parse(String path, Object value) throws ParamException {
        if (value == null) throw new ParamException(ParamException.WRONG_TYPE, path, path + " needs a value");
        switch (type) {
            case BOOL:
                if (value instanceof Boolean b) return b ? 1 : 0;
                if (value instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) return n.doubleValue();
                if (value instanceof String s) {
                    String t = s.trim().toLowerCase(Locale.ROOT);
                    if (t.equals("true") || t.equals("on") || t.equals("1")) return 1;
                    if (t.equals("false") || t.equals("off") || t.equals("0")) return 0;
                }
                throw new ParamException(ParamException.WRONG_TYPE, path, path + " takes true or false, not " + describe(value));
            case ENUM:
                if (value instanceof String s) {
                    int idx = enumValues.indexOf(s.trim().toLowerCase(Locale.ROOT));
                    if (idx >= 0) return idx;
                }
                if (value instanceof Number n && enumValues.contains(formatNumber(n.doubleValue()))) {
                    return enumValues.indexOf(formatNumber(n.doubleValue()));
                }
                throw new ParamException(ParamException.WRONG_TYPE, path,
                        path + " takes one of: " + String.join(", ", enumValues) + " (not " + describe(value) + ")");
            case FLOAT:
            default:
                double v;
                if (value instanceof Number n) {
                    v = n.doubleValue();
                } else if (value instanceof String s) {
                    String t = s.trim().toLowerCase(Locale.ROOT);
                    if ((t.equals("-inf") || t.equals("-∞")) && minIsOff()) return min;
                    if ((t.equals("inf") || t.equals("∞")) && maxIsInfinite()) return max;
                    try {
                        v = Double.parseDouble(t);
                    } catch (NumberFormatException e) {
                        throw new ParamException(ParamException.WRONG_TYPE, path, path + " takes a number in " + unitText() + ", not " + describe(value));
                    }
                } else {
                    throw new ParamException(ParamException.WRONG_TYPE, path, path + " takes a number in " + unitText() + ", not " + describe(value));
                }
                if (Double.isInfinite(v) && !(v < 0 && minIsOff()) && !(v > 0 && maxIsInfinite())) {
                    throw new ParamException(ParamException.OUT_OF_RANGE, path, path + " must be between " + rangeText());
                }
                return check(path, v);
        }
    }

    /** The value as it goes out in JSON: Boolean, String (enum) or Double. */
    public Object toExternal(double v) {
        switch (type) {
            case BOOL:
                return v != 0;
            case ENUM:
                int i = (int) v;
                return enumValues.get(Math.max(0, Math.min(enumValues.size() - 1, i)));
            case FLOAT:
            default:
                return v;
        }
    }

    /** "-inf (-90) and 10 dB", "20 and 400 Hz". */
    public String rangeText() {
        String lo = minIsOff() ? "-inf (" + formatNumber(min) + ")" : formatNumber(min);
        String hi = maxIsInfinite() ? "inf (" + formatNumber(max) + ")" : formatNumber(max);
        String u = unit.symbol();
        return lo + " and " + hi + (u.isEmpty() || unit == Unit.RATIO ? "" : " " + u);
    }

    private String unitText() {
        return unit == Unit.NONE || unit.symbol().isEmpty() ? "its range" : unit.symbol();
    }

    public static String formatNumber(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }

    private static String describe(Object value) {
        if (value instanceof String s) return "\"" + s + "\"";
        return String.valueOf(value);
    }
}
