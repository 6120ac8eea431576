package org.jackdesk.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A parsed JSON document that remembers where every value came from, so validation can say
 * "file:line:column: path: problem". Jackson's tree model forgets positions; this builds the same
 * tree from the streaming parser and keeps a path → position map. Thread: any (immutable once built).
 */
public final class JsonDoc {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String file;
    private final JsonNode root;
    private final Map<String, int[]> positions;
    /** Paths of a migrated document that came from another path of the original file. */
    private final Map<String, String> aliases = new HashMap<>();

    private JsonDoc(String file, JsonNode root, Map<String, int[]> positions) {
        this.file = file;
        this.root = root;
        this.positions = positions;
    }

    /** A document built in memory (no positions): migrations, values handed over by a protocol. */
    public static JsonDoc ofTree(String file, JsonNode root) {
        return new JsonDoc(file, root, new HashMap<>());
    }

    /**
     * Parses {@code text}. Syntax errors, duplicate keys, trailing content and truncation are
     * refused with the position where the parser stopped.
     */
    public static JsonDoc parse(String file, String text) throws ConfigException {
        if (text.isBlank()) throw new ConfigException(new ConfigProblem(file, 1, 1, "", "the file is empty"));
        Map<String, int[]> pos = new HashMap<>();
        List<ConfigProblem> dup = new ArrayList<>();
        JsonParser parser = null;
        try (JsonParser p = FACTORY.createParser(text)) {
            parser = p;
            JsonToken t = p.nextToken();
            JsonNode root = read(p, t, "", pos, file, dup);
            JsonToken extra;
            JsonLocation after = p.currentLocation();
            try {
                extra = p.nextToken();
            } catch (JsonProcessingException e) {
                extra = JsonToken.NOT_AVAILABLE;
            }
            if (extra != null) {
                JsonLocation l = extra == JsonToken.NOT_AVAILABLE ? after : p.currentTokenLocation();
                throw new ConfigException(new ConfigProblem(file, l.getLineNr(), l.getColumnNr(), "",
                        "unexpected content after the end of the JSON document"));
            }
            if (!dup.isEmpty()) throw new ConfigException(dup);
            return new JsonDoc(file, root, pos);
        } catch (JsonEOFException e) {
            JsonLocation l = e.getLocation();
            throw new ConfigException(new ConfigProblem(file, l.getLineNr(), l.getColumnNr(), "",
                    "the file ends early (truncated?): " + clean(e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            // A limit (nesting depth, key or string length) comes without a location: where the parser stood.
            JsonLocation l = e.getLocation() != null ? e.getLocation() : parser == null ? null : parser.currentLocation();
            if (e.getLocation() != null && (endsInsideLastToken(text, l.getCharOffset()) || atEnd(text, l.getCharOffset()))) {
                // cut inside a literal ("fals", "-1.") : Jackson calls it a bad token, but it is truncation
                throw new ConfigException(new ConfigProblem(file, l.getLineNr(), l.getColumnNr(), "",
                        "the file ends early (truncated?): " + clean(e.getOriginalMessage())));
            }
            throw new ConfigException(new ConfigProblem(file, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                    "", "not valid JSON: " + clean(e.getOriginalMessage())));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(file, 0, 0, "", "cannot read: " + e.getMessage()));
        }
    }

    /**
     * True when the parser stopped at the end of the text (only whitespace after it): whatever
     * Jackson calls it ("end-of-input within/between Object entries" is reported as a plain parse
     * error after a cut between two entries), the document was cut off, not written wrong.
     */
    private static boolean atEnd(String text, long offset) {
        if (offset < 0) return false;
        for (int i = (int) Math.min(offset, text.length()); i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) return false;
        }
        return true;
    }

    /** True when everything from {@code offset} to the end is one unfinished bare literal. */
    private static boolean endsInsideLastToken(String text, long offset) {
        if (offset < 0 || offset > text.length()) return false;
        int start = (int) offset;
        // the reported offset may be at the token's end; step back over the fragment
        while (start > 0 && isLiteralChar(text.charAt(start - 1))) start--;
        if (start == text.length()) return false;
        for (int i = start; i < text.length(); i++) if (!isLiteralChar(text.charAt(i))) return false;
        return true;
    }

    private static boolean isLiteralChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '+' || c == '.';
    }

    private static JsonNode read(JsonParser p, JsonToken t, String path, Map<String, int[]> pos,
                                 String file, List<ConfigProblem> dup) throws IOException {
        JsonLocation l = p.currentTokenLocation();
        pos.putIfAbsent(path, new int[] {l.getLineNr(), l.getColumnNr()});
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (t == null) throw new JsonEOFException(p, null, "no value");
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = f.objectNode();
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    String child = child(path, key);
                    JsonLocation kl = p.currentTokenLocation();
                    if (o.has(key)) {
                        int[] first = pos.get(child);
                        dup.add(new ConfigProblem(file, kl.getLineNr(), kl.getColumnNr(), child,
                                "duplicate key '" + key + "' (first given at line " + (first == null ? "?" : first[0]) + ")"));
                    } else {
                        pos.put(child, new int[] {kl.getLineNr(), kl.getColumnNr()});
                    }
                    JsonNode v = read(p, p.nextToken(), child, pos, file, dup);
                    if (!o.has(key)) o.set(key, v);
                }
                if (t == null) throw new JsonEOFException(p, null, "expected '}' or another key");
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = f.arrayNode();
                int i = 0;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == null) throw new JsonEOFException(p, null, "expected ']' or another value");
                    a.add(read(p, t, index(path, i++), pos, file, dup));
                }
                return a;
            }
            case VALUE_STRING: return f.textNode(p.getText());
            case VALUE_NUMBER_INT: return f.numberNode(p.getLongValue());
            case VALUE_NUMBER_FLOAT: return f.numberNode(p.getDoubleValue());
            case VALUE_TRUE: return f.booleanNode(true);
            case VALUE_FALSE: return f.booleanNode(false);
            case VALUE_NULL: return f.nullNode();
            default: throw new JsonEOFException(p, t, "unexpected " + t);
        }
    }

    /** The longest parser message quoted (it may quote the input). */
    static final int MAX_MESSAGE = 160;

    /**
     * Jackson's message in the user's terms: no class names or feature switches
     * ({@code enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS`}), one line, cut to {@link #MAX_MESSAGE}.
     */
    static String clean(String msg) {
        if (msg == null) return "syntax error";
        int cut = msg.indexOf('\n');
        String m = (cut >= 0 ? msg.substring(0, cut) : msg).trim();
        if (m.contains("'NaN'") || m.contains("Infinity'") || m.contains("ALLOW_NON_NUMERIC_NUMBERS")) {
            return "NaN and Infinity are not numbers in JSON; write a finite number";
        }
        if (m.contains("nesting depth")) return "nested deeper than 1000 levels of [ ] or { }";
        if (m.contains("Name length")) return "a key is too long (at most 50 000 characters)";
        if (m.contains("String value length")) return "a string is too long (at most 20 000 000 characters)";
        if (m.contains("Number value length")) return "a number has too many digits (at most 1000)";
        if (m.contains("Invalid UTF-8")) return "invalid UTF-8 bytes";
        m = m.replaceAll("\\s*\\([^()]*`[A-Za-z]+\\.[A-Za-z_()]+`[^()]*\\)", "").replaceAll(";?:?\\s*(enable|disable) `[^`]*`.*$", "")
                .replace("(code ", "(character ").trim();
        return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "…" : m;
    }

    /**
     * A file's text, refusing bytes that are not UTF-8 with where they are ({@code line:column},
     * the column counted in characters, and the byte offset) instead of the JDK's "Input length = 1".
     */
    public static String readUtf8(java.nio.file.Path file) throws java.io.IOException, ConfigException {
        return decodeUtf8(file.toString(), java.nio.file.Files.readAllBytes(file));
    }

    /** {@code bytes} as UTF-8, or a {@link ConfigException} naming the first bad byte's place in {@code file}. */
    public static String decodeUtf8(String file, byte[] bytes) throws ConfigException {
        java.nio.charset.CharsetDecoder d = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult r = d.decode(in, out, true);
        if (!r.isError()) {
            d.flush(out);
            return out.flip().toString();
        }
        int at = in.position();
        out.flip();
        int line = 1, col = 1;
        for (int i = 0; i < out.limit(); i++) {
            if (out.get(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        throw new ConfigException(new ConfigProblem(file, line, col, "", String.format(java.util.Locale.ROOT,
                "not UTF-8 text: byte 0x%02X at byte offset %d cannot start or continue a character; save the file as UTF-8",
                bytes[at] & 0xff, at)));
    }

    /** The first {@code max} characters of a user's text for a message ("…" when cut), control characters shown as "?". */
    public static String excerpt(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.length() < s.length() ? b.append('…').toString() : b.toString();
    }

    /** {@code layout.channels}, {@code values["ch/1/fader"]}. */
    public static String child(String path, String key) {
        if (PLAIN_KEY.matcher(key).matches()) return path.isEmpty() ? key : path + "." + key;
        return path + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    public static String index(String path, int i) {
        return path + "[" + i + "]";
    }

    public String file() {
        return file;
    }

    public JsonNode root() {
        return root;
    }

    /** Records that {@code newPath} (after a migration) came from {@code oldPath} in the file. */
    public void alias(String newPath, String oldPath) {
        aliases.put(newPath, oldPath);
    }

    /** A problem at {@code path}, positioned at that path or its nearest ancestor present in the file. */
    public ConfigProblem problem(String path, String message) {
        String p = path;
        while (true) {
            String real = aliases.getOrDefault(p, p);
            int[] at = positions.get(real);
            if (at != null) return new ConfigProblem(file, at[0], at[1], path, message);
            if (p.isEmpty()) return new ConfigProblem(file, 0, 0, path, message);
            p = parent(p);
        }
    }

    /** Gives a migrated document the positions of the original. */
    public JsonDoc withRoot(JsonNode newRoot) {
        JsonDoc d = new JsonDoc(file, newRoot, positions);
        d.aliases.putAll(aliases);
        return d;
    }

    static String parent(String path) {
        int dot = path.lastIndexOf('.');
        int br = path.lastIndexOf('[');
        int cut = Math.max(dot, br);
        return cut <= 0 ? "" : path.substring(0, cut);
    }
}
