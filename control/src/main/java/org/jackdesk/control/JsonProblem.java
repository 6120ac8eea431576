package org.jackdesk.control;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.json.DecodeException;

/**
 * What is wrong with a JSON text that did not parse, in the user's terms and with where it is
 * ({@code line L, column C}), for every protocol's {@code bad_json} (WebSocket, REST bodies, show
 * and scene uploads). Jackson's own words name its classes and switches ("enable
 * {@code JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS}", "{@code StreamReadConstraints}"), which
 * mean nothing to someone sending a fader value; and they may quote the input, so the result is
 * cut to {@link #MAX_CHARS}.
 *
 * <p>Thread: any (pure).
 */
public final class JsonProblem {
    private JsonProblem() {}

    public static final int MAX_CHARS = 160;
    private static final java.util.regex.Pattern LOCATION = java.util.regex.Pattern.compile("line: (\\d+), column: (\\d+)\\]");

    /** Jackson's limit on nested arrays and objects. */
    public static final int MAX_DEPTH = 1000;

    /**
     * As {@link #describe(DecodeException)}, with {@code text} to find the place Jackson does not
     * report (where nesting passes {@link #MAX_DEPTH}).
     */
    public static String describe(DecodeException e, String text) {
        String d = describe(e);
        if (d.startsWith("line ") || text == null || !d.startsWith("nested deeper")) return d;
        int line = 1, col = 0, depth = 0;
        boolean inString = false, escaped = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            col++;
            if (c == '\n') {
                line++;
                col = 0;
            } else if (inString) {
                if (escaped) escaped = false;
                else if (c == '\\') escaped = true;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                if (++depth > MAX_DEPTH) return "line " + line + ", column " + col + ": " + d;
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return d;
    }

    /** "line L, column C: what" for a failed decode (just "what" when the parser gives no place). */
    public static String describe(DecodeException e) {
        JsonProcessingException j = null;
        for (Throwable t = e; t != null && j == null; t = t.getCause()) {
            if (t instanceof JsonProcessingException p) j = p;
        }
        String raw = j != null ? j.getOriginalMessage() : e.getMessage();
        String what = what(raw == null ? "" : raw);
        JsonLocation at = j == null ? null : j.getLocation();
        if (at != null && at.getLineNr() >= 1) return "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + what;
        // Vert.x keeps only Jackson's message, which ends "… line: L, column: C]".
        java.util.regex.Matcher m = LOCATION.matcher(e.getMessage() == null ? "" : e.getMessage());
        return m.find() ? "line " + m.group(1) + ", column " + m.group(2) + ": " + what : what;
    }

    static String what(String raw) {
        String m = raw.startsWith("Failed to decode:") ? raw.substring("Failed to decode:".length()) : raw;
        int source = m.indexOf(" at [Source");
        if (source >= 0) m = m.substring(0, source);
        int nl = m.indexOf('\n');
        if (nl >= 0) m = m.substring(0, nl);
        if (m.contains("NaN") || m.contains("Infinity") || m.contains("ALLOW_NON_NUMERIC_NUMBERS")) {
            return "NaN and Infinity are not numbers in JSON; send a finite number";
        }
        if (m.contains("nesting depth")) return "nested deeper than " + MAX_DEPTH + " levels of [ ] or { }";
        if (m.contains("String value length") || m.contains("Number value length") || m.contains("Name length")) {
            return "a string, number or key is too long";
        }
        if (m.contains("Invalid UTF-8")) return "invalid UTF-8 bytes";
        if (m.contains("end-of-input")) return "the text ends before the JSON is complete";
        // Drop Jackson's hints about its own switches: "(... enable `JsonReadFeature...` ...)" or "; enable ...".
        m = m.replaceAll("\\s*\\([^()]*`[A-Za-z]+\\.[A-Z_]+`[^()]*\\)", "").replaceAll(";?\\s*(enable|disable) `[^`]*`.*$", "");
        m = m.replace("(code ", "(character ").trim();
        if (m.isEmpty()) m = "not valid JSON";
        return m.length() > MAX_CHARS ? m.substring(0, MAX_CHARS) + "…" : m;
    }
}
