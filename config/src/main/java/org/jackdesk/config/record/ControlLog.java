package org.jackdesk.config.record;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A take's control log, {@code moves.jsonl} (docs/recording.md, "The control log"): every value
 * the engine applied while the take ran, at the take-relative frame where it applied it. One JSON
 * object per line:
 *
 * <pre>
 * {"format":"jackdesk-moves","version":1,"sampleRate":48000,"periodFrames":64,"stripGroups":2}
 * {"frame":0,"state":{"ch/1/trim":0.0,"ch/1/fader":-6.0,…}}            every value at the first frame
 * {"frame":96000,"set":{"ch/1/fader":-5.5,"ch/1/eq/2/gain":3.0}}       what one cycle applied
 * {"frame":97024,"command":"RESET_SIGNAL_STATE"}                       a discrete engine command
 * {"end":480000,"moves":1234,"lostMoves":0}                             written when the take ends
 * </pre>
 *
 * <p>Values are the engine's: 32-bit floats in engineering units (booleans 0/1, choices their
 * index), written in Java's shortest round-trip form and read back to the same float; an infinite
 * value (a fader at −∞) is the string {@code "-inf"} (or {@code "inf"}). Frames never decrease.
 * {@link Writer} writes the form and {@link Reader} reads it back, with the line of any problem.
 *
 * <p>Thread: a writer or reader belongs to one thread (the take's disk thread, a replay).
 */
public final class ControlLog {
    public static final String FORMAT = "jackdesk-moves";
    public static final int VERSION = 1;
    /** The log's file name in a take folder. */
    public static final String FILE = "moves.jsonl";

    private ControlLog() {
    }

    /** The first line: the engine the moves were applied to. */
    public record Header(int sampleRate, int periodFrames, int stripGroups) {
    }

    /** One line after the state: a value applied, or a command sent, at {@code frame}; {@code line} is 1-based. */
    public sealed interface Entry permits Move, Command {
        long frame();

        int line();
    }

    /** {@code path} was set to {@code value} at {@code frame}. */
    public record Move(long frame, int line, String path, float value) implements Entry {
    }

    /** The engine command {@code name} (an {@code EngineCommand} constant) ran at {@code frame}. */
    public record Command(long frame, int line, String name) implements Entry {
    }

    /** The last line, written when the take ended: its frames, the moves logged and those the ring lost. */
    public record End(long frames, long moves, long lostMoves) {
    }

    /** The text of a float value: shortest round-trip decimal, or {@code "-inf"} / {@code "inf"}. */
    static void appendValue(StringBuilder sb, float v) {
        if (v == Float.NEGATIVE_INFINITY) sb.append("\"-inf\"");
        else if (v == Float.POSITIVE_INFINITY) sb.append("\"inf\"");
        else if (v != v) throw new IllegalArgumentException("NaN is not a parameter value");
        else sb.append(v);
    }

    /**
     * Writes a log line by line. The caller's buffer is flushed by {@link #flush()} (the recorder
     * does it with every header refresh, so a log cut off by a crash reads up to there).
     */
    public static final class Writer implements Closeable {
        private final Path file;
        private final BufferedWriter out;
        private final StringBuilder sb = new StringBuilder(1 << 12);
        private long lastFrame = -1;

        /** Creates (or replaces) {@code file}. */
        public Writer(Path file) throws IOException {
            this.file = file;
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        }

        public Path file() {
            return file;
        }

        public void header(Header h) throws IOException {
            sb.setLength(0);
            sb.append("{\"format\":\"").append(FORMAT).append("\",\"version\":").append(VERSION)
                    .append(",\"sampleRate\":").append(h.sampleRate()).append(",\"periodFrames\":").append(h.periodFrames())
                    .append(",\"stripGroups\":").append(h.stripGroups()).append('}');
            line();
        }

        /** The starting state: {@code values[k]} of {@code paths[k]}, for every k. */
        public void state(long frame, String[] paths, float[] values) throws IOException {
            sb.setLength(0);
            sb.append("{\"frame\":").append(frame).append(",\"state\":{");
            for (int k = 0; k < paths.length; k++) {
                if (k > 0) sb.append(',');
                sb.append('"').append(paths[k]).append("\":");
                appendValue(sb, values[k]);
            }
            sb.append("}}");
            lastFrame = frame;
            line();
        }

        /** What one cycle applied: {@code paths[k]} set to {@code values[k]} for k below {@code n}. */
        public void set(long frame, String[] paths, float[] values, int n) throws IOException {
            if (n == 0) return;
            frameInOrder(frame);
            sb.setLength(0);
            sb.append("{\"frame\":").append(frame).append(",\"set\":{");
            for (int k = 0; k < n; k++) {
                if (k > 0) sb.append(',');
                sb.append('"').append(paths[k]).append("\":");
                appendValue(sb, values[k]);
            }
            sb.append("}}");
            line();
        }

        public void command(long frame, String name) throws IOException {
            frameInOrder(frame);
            sb.setLength(0);
            sb.append("{\"frame\":").append(frame).append(",\"command\":\"").append(name).append("\"}");
            line();
        }

        public void end(End e) throws IOException {
            sb.setLength(0);
            sb.append("{\"end\":").append(e.frames()).append(",\"moves\":").append(e.moves())
                    .append(",\"lostMoves\":").append(e.lostMoves()).append('}');
            line();
        }

        private void frameInOrder(long frame) {
            if (frame < lastFrame) throw new IllegalArgumentException("frame " + frame + " after frame " + lastFrame);
            lastFrame = frame;
        }

        private void line() throws IOException {
            sb.append('\n');
            out.append(sb);
        }

        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /**
     * Reads a log: {@link #header()} and {@link #state()} when opened, then the entries one at a
     * time ({@link #next()}), so a three-hour show is never held in memory. Every problem is an
     * {@link IOException} naming the file and the line.
     */
    public static final class Reader implements Closeable {
        private static final ObjectMapper MAPPER = new ObjectMapper();

        private final Path file;
        private final BufferedReader in;
        private final Header header;
        private final Map<String, Float> state;
        private final ArrayDeque<Entry> pending = new ArrayDeque<>();
        private int lineNo;
        /** The text of the last line read: numbers are read from it as written (see {@link #values}). */
        private String lineText;
        private long lastFrame;
        private End end;
        private boolean eof;

        private Reader(Path file, BufferedReader in) throws IOException {
            this.file = file;
            this.in = in;
            JsonNode h = nextLine();
            if (h == null) throw problem("the file is empty (no header line)");
            if (!FORMAT.equals(h.path("format").asText())) throw problem("not a control log: 'format' is not \"" + FORMAT + "\"");
            if (h.path("version").asInt() != VERSION) throw problem("unsupported version " + h.path("version"));
            header = new Header(positive(h, "sampleRate"), positive(h, "periodFrames"), positive(h, "stripGroups"));
            JsonNode s = nextLine();
            if (s == null || !s.has("state")) throw problem("the starting state is missing (the take recorded no cycle)");
            if (frame(s) != 0) throw problem("the starting state is not at frame 0");
            state = values(s, "state");
        }

        /** Opens {@code file} and reads its header and starting state. */
        public static Reader open(Path file) throws IOException {
            BufferedReader in;
            try {
                in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new IOException(file + ": the control log is missing", e);
            } catch (IOException e) {
                throw new IOException(file + ": cannot read the control log: " + e.getMessage(), e);
            }
            try {
                return new Reader(file, in);
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
        }

        public Path file() {
            return file;
        }

        public Header header() {
            return header;
        }

        /** Every value at frame 0, by address, in the order written. */
        public Map<String, Float> state() {
            return state;
        }

        /** The next entry, or null at the end of the file. */
        public Entry next() throws IOException {
            while (pending.isEmpty()) {
                if (eof) return null;
                JsonNode o = nextLine();
                if (o == null) {
                    eof = true;
                    return null;
                }
                if (o.has("end")) {
                    end = new End(o.path("end").asLong(), o.path("moves").asLong(), o.path("lostMoves").asLong());
                    continue;
                }
                if (end != null) throw problem("a line after the end line");
                long f = frame(o);
                if (f < lastFrame) throw problem("frame " + f + " comes after frame " + lastFrame + " (frames never decrease)");
                lastFrame = f;
                if (o.has("set")) {
                    for (Map.Entry<String, Float> e : values(o, "set").entrySet()) {
                        pending.add(new Move(f, lineNo, e.getKey(), e.getValue()));
                    }
                } else if (o.has("command")) {
                    pending.add(new Command(f, lineNo, o.get("command").asText()));
                } else {
                    throw problem("neither 'set' nor 'command'");
                }
            }
            return pending.poll();
        }

        /** The end line, once {@link #next()} has returned null; null when the log has none (the take did not end cleanly). */
        public End end() {
            return end;
        }

        /** The line number of the last line read (1-based). */
        public int line() {
            return lineNo;
        }

        private JsonNode nextLine() throws IOException {
            String text;
            do {
                text = in.readLine();
                if (text == null) return null;
                lineNo++;
            } while (text.isBlank());
            lineText = text;
            JsonNode o;
            try {
                o = MAPPER.readTree(text);
            } catch (IOException e) {
                String m = e.getMessage();
                int cut = m == null ? -1 : m.indexOf("\n at [Source");
                throw problem("not JSON: " + (cut > 0 ? m.substring(0, cut) : m));
            }
            if (o == null || !o.isObject()) throw problem("not a JSON object");
            return o;
        }

        private long frame(JsonNode o) throws IOException {
            JsonNode f = o.get("frame");
            if (f == null || !f.canConvertToLong() || !f.isIntegralNumber() || f.asLong() < 0) {
                throw problem("'frame' is missing or not a whole number of frames ≥ 0");
            }
            return f.asLong();
        }

        private int positive(JsonNode o, String key) throws IOException {
            JsonNode v = o.get(key);
            if (v == null || !v.isInt() || v.asInt() <= 0) throw problem("'" + key + "' is missing or not a positive whole number");
            return v.asInt();
        }

        /**
         * The values of the object {@code key} of line {@code o}, by address in the order written.
         * Numbers are taken from the line's text as written and rounded once, to a float
         * ({@link Float#parseFloat}): through a double they could round twice, and a decimal
         * type loses the sign of −0.
         */
        private Map<String, Float> values(JsonNode o, String key) throws IOException {
            JsonNode obj = o.get(key);
            if (!obj.isObject()) throw problem("'" + key + "' is not an object");
            Map<String, Float> out = new LinkedHashMap<>();
            try (JsonParser p = MAPPER.getFactory().createParser(lineText)) {
                p.nextToken(); // the line's object
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.getCurrentName();
                    JsonToken t = p.nextToken();
                    if (!name.equals(key)) {
                        p.skipChildren();
                        continue;
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String path = p.getCurrentName();
                        JsonToken v = p.nextToken();
                        out.put(path, value(path, v, p.getText()));
                        p.skipChildren();
                    }
                    break;
                }
            }
            return out;
        }

        private float value(String path, JsonToken t, String text) throws IOException {
            if (t == JsonToken.VALUE_STRING) {
                if ("-inf".equals(text)) return Float.NEGATIVE_INFINITY;
                if ("inf".equals(text)) return Float.POSITIVE_INFINITY;
            } else if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
                float f = Float.parseFloat(text);
                if (!Float.isInfinite(f)) return f;
            }
            String shown = t == JsonToken.VALUE_STRING ? "\"" + text + "\"" : t == JsonToken.START_OBJECT ? "an object"
                    : t == JsonToken.START_ARRAY ? "an array" : text;
            throw problem(path + ": " + shown + " is not a value (a number, \"-inf\" or \"inf\")");
        }

        private IOException problem(String what) {
            return new IOException(file + ":" + lineNo + ": " + what);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
