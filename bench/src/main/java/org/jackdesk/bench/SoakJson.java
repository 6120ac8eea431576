package org.jackdesk.bench;

/**
 * The few fields {@code bench soak}'s tablets read from the console's messages, without a full JSON
 * parse per message (hundreds of clients receive every change). Only flat objects, no escapes in
 * the fields read.
 */
final class SoakJson {
    private SoakJson() {}

    /** Hands each top-level object of a batch frame ({@code [{...},{...}]}) to {@code each}, in order. */
    static void splitBatch(String text, java.util.function.Consumer<String> each) {
        int depth = 0;
        int start = -1;
        boolean inString = false;
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                if (depth++ == 0) start = i;
            } else if (c == '}') {
                if (--depth == 0) each.accept(text.substring(start, i + 1));
            }
        }
    }

    /** The text of {@code "name":"..."} in a flat JSON object, or null (no escapes in the fields read here). */
    static String stringField(String json, String name) {
        String key = "\"" + name + "\":\"";
        int i = json.indexOf(key);
        if (i < 0) return null;
        int start = i + key.length();
        int end = json.indexOf('"', start);
        return end < 0 ? null : json.substring(start, end);
    }

    /** The raw text of a scalar {@code "name":value} in a flat JSON object, or null. */
    static String rawField(String json, String name) {
        String key = "\"" + name + "\":";
        int i = json.indexOf(key);
        if (i < 0) return null;
        int start = i + key.length();
        int end = start;
        if (end < json.length() && json.charAt(end) == '"') {
            end = json.indexOf('"', start + 1);
            return end < 0 ? null : json.substring(start, end + 1);
        }
        while (end < json.length() && json.charAt(end) != ',' && json.charAt(end) != '}') end++;
        return json.substring(start, end);
    }

    static Object parseScalar(String raw) {
        if (raw.startsWith("\"")) return raw.substring(1, raw.length() - 1);
        if (raw.equals("true") || raw.equals("false")) return Boolean.parseBoolean(raw);
        try {
            return Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            return raw;
        }
    }
}
