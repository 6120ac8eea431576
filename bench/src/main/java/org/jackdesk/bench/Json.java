package org.jackdesk.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A minimal JSON writer for benchmark results (maps, lists, strings, numbers, booleans). */
final class Json {
    private Json() {}

    static String write(Object v) {
        StringBuilder b = new StringBuilder();
        write(b, v, 0);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v, int indent) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(first ? "\n" : ",\n").append("  ".repeat(indent + 1));
                first = false;
                string(b, String.valueOf(e.getKey()));
                b.append(": ");
                write(b, e.getValue(), indent + 1);
            }
            if (!first) b.append('\n').append("  ".repeat(indent));
            b.append('}');
        } else if (v instanceof List<?> l) {
            b.append('[');
            boolean scalars = l.stream().allMatch(x -> x instanceof Number || x instanceof Boolean);
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) b.append(',');
                if (!scalars) b.append('\n').append("  ".repeat(indent + 1));
                else if (i > 0) b.append(' ');
                write(b, l.get(i), indent + 1);
            }
            if (!scalars && !l.isEmpty()) b.append('\n').append("  ".repeat(indent));
            b.append(']');
        } else if (v instanceof Double d) {
            b.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%s", d));
        } else if (v instanceof Number || v instanceof Boolean) {
            b.append(v);
        } else {
            string(b, v.toString());
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('"');
    }
}
