package org.jackdesk.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * Reads values out of a {@link JsonDoc} while collecting every problem with its position, so a
 * person sees all mistakes of a file at once. Getters return a fallback after recording a problem,
 * so reading carries on. Thread: one at a time.
 */
public final class JsonCheck {
    private final JsonDoc doc;
    private final List<ConfigProblem> problems = new ArrayList<>();

    public JsonCheck(JsonDoc doc) {
        this.doc = doc;
    }

    public JsonDoc doc() {
        return doc;
    }

    public void error(String path, String message) {
        problems.add(doc.problem(path, message));
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    /** Throws with every problem found so far, if any. */
    public void throwIfAny() throws ConfigException {
        if (!problems.isEmpty()) throw new ConfigException(problems);
    }

    /** Refuses keys not in {@code allowed}, suggesting the nearest valid one. */
    public void onlyKeys(ObjectNode o, String path, Collection<String> allowed) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (allowed.contains(k)) continue;
            String near = Suggest.nearest(k, allowed);
            error(JsonDoc.child(path, k), "unknown key '" + k + "'"
                    + (near != null ? " (did you mean '" + near + "'?)" : " (valid keys: " + String.join(", ", allowed) + ")"));
        }
    }

    public ObjectNode object(JsonNode parent, String parentPath, String key, boolean required) {
        JsonNode n = parent.get(key);
        String path = JsonDoc.child(parentPath, key);
        if (n == null || n.isNull()) {
            if (required) error(parentPath, "missing key '" + key + "' (an object)");
            return null;
        }
        if (!n.isObject()) {
            error(path, "must be an object { ... }, not " + kind(n));
            return null;
        }
        return (ObjectNode) n;
    }

    public ArrayNode array(JsonNode parent, String parentPath, String key, boolean required) {
        JsonNode n = parent.get(key);
        String path = JsonDoc.child(parentPath, key);
        if (n == null || n.isNull()) {
            if (required) error(parentPath, "missing key '" + key + "' (a list [ ... ])");
            return null;
        }
        if (!n.isArray()) {
            error(path, "must be a list [ ... ], not " + kind(n));
            return null;
        }
        return (ArrayNode) n;
    }

    public String string(JsonNode parent, String parentPath, String key, String fallback, boolean required) {
        JsonNode n = parent.get(key);
        String path = JsonDoc.child(parentPath, key);
        if (n == null || n.isNull()) {
            if (required) error(parentPath, "missing key '" + key + "' (a string)");
            return fallback;
        }
        if (!n.isTextual()) {
            error(path, "must be a string in quotes, not " + kind(n));
            return fallback;
        }
        return n.textValue();
    }

    /** A string of 1 to {@code maxChars} characters, not blank; {@code what} is added to messages (" — channel 4"). */
    public String name(JsonNode parent, String parentPath, String key, String fallback, boolean required, int maxChars, String what) {
        String s = string(parent, parentPath, key, null, required);
        if (s == null) return fallback;
        String path = JsonDoc.child(parentPath, key);
        if (s.isBlank()) {
            error(path, "must not be empty" + what);
            return fallback;
        }
        if (s.codePointCount(0, s.length()) > maxChars) {
            error(path, "at most " + maxChars + " characters (\"" + JsonDoc.excerpt(s, 40) + "\" has " + s.codePointCount(0, s.length()) + ")" + what);
            return fallback;
        }
        return s;
    }

    public boolean bool(JsonNode parent, String parentPath, String key, boolean fallback) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) return fallback;
        if (!n.isBoolean()) {
            error(JsonDoc.child(parentPath, key), "must be true or false, not " + kind(n));
            return fallback;
        }
        return n.booleanValue();
    }

    public long integer(JsonNode parent, String parentPath, String key, long fallback, boolean required, long min, long max) {
        JsonNode n = parent.get(key);
        String path = JsonDoc.child(parentPath, key);
        if (n == null || n.isNull()) {
            if (required) error(parentPath, "missing key '" + key + "' (a whole number)");
            return fallback;
        }
        if (!n.isIntegralNumber()) {
            error(path, "must be a whole number, not " + kind(n));
            return fallback;
        }
        long v = n.longValue();
        if (v < min || v > max) {
            error(path, "must be between " + min + " and " + max + " (got " + v + ")");
            return fallback;
        }
        return v;
    }

    /** A list of strings; each element checked. */
    public List<String> strings(JsonNode parent, String parentPath, String key, int maxItems) {
        ArrayNode a = array(parent, parentPath, key, false);
        List<String> out = new ArrayList<>();
        if (a == null) return out;
        String path = JsonDoc.child(parentPath, key);
        if (a.size() > maxItems) error(path, "at most " + maxItems + " entries (got " + a.size() + ")");
        for (int i = 0; i < a.size(); i++) {
            JsonNode n = a.get(i);
            if (!n.isTextual()) {
                error(JsonDoc.index(path, i), "must be a string in quotes, not " + kind(n));
            } else {
                out.add(n.textValue());
            }
        }
        return out;
    }

    /** "a number (12)", "a string (\"x\")", "a list", … for messages. */
    public static String kind(JsonNode n) {
        if (n == null || n.isNull()) return "null";
        if (n.isTextual()) return "a string (\"" + n.textValue() + "\")";
        if (n.isBoolean()) return n.booleanValue() ? "true" : "false";
        if (n.isNumber()) return "a number (" + n.asText() + ")";
        if (n.isArray()) return "a list";
        if (n.isObject()) return "an object";
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Converts a JSON scalar to what {@link Param#parse(Object)} takes (Boolean, Number, String); null for others. */
    public static Object scalar(JsonNode n) {
        if (n == null) return null;
        if (n.isBoolean()) return n.booleanValue();
        if (n.isNumber()) return n.numberValue();
        if (n.isTextual()) return n.textValue();
        return null;
    }
}
