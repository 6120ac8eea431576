package org.jackdesk.config.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jackdesk.config.Layout;
import org.jackdesk.config.store.AtomicFile;

/**
 * A recorded take's {@code take.json} (docs/recording.md): what was recorded, from which
 * console, how it ended. Written when the take starts and again when it ends (atomically, so a
 * crash leaves the start's version), read back by {@link #read} with a precise error.
 *
 * @param started     the first recorded block's wall-clock time, ISO-8601 instant
 * @param ended       when the take ended (null while it runs)
 * @param sampleFormat {@code pcm24} or {@code float32}
 * @param show        the show loaded at the start (null: none)
 * @param scene       the last recalled scene at the start (null: none)
 * @param layout      the console's layout at the start (channels, buses, FX slots, tools)
 * @param tracks      one per file
 * @param frames      frames in every track (the same for all of them)
 * @param droppedBlocks engine cycles that did not fit the recorder's rings and are missing from every track
 * @param droppedFrames the frames of those blocks
 * @param endReason   {@code null} while running, {@code "stopped"}, or the failure that stopped it
 * @param controlLog  the take's control log ({@link ControlLog#FILE}), or null for a take without one
 */
public record TakeManifest(String started, String ended, int sampleRate, String sampleFormat, String show, String scene,
                           Layout layout, List<Track> tracks, long frames, long droppedBlocks, long droppedFrames,
                           String endReason, String controlLog) {
    public static final String FORMAT = "jackdesk-take";
    public static final int VERSION = 1;
    public static final String FILE = "take.json";

    /**
     * One file of a take. {@code source} is {@code ch/N} (channel N's input, before trim),
     * {@code main} (main L/R after the main chain) or {@code bus/N} (aux bus N's output).
     */
    public record Track(String file, String source, String name, int channels) {
        public Track {
            if (file == null || file.isBlank() || file.contains("/") || file.contains("\\")) {
                throw new IllegalArgumentException("a track's file is a plain file name, not '" + file + "'");
            }
            if (channels < 1 || channels > 2) throw new IllegalArgumentException("a track has 1 or 2 channels, not " + channels);
        }
    }

    public TakeManifest {
        tracks = List.copyOf(tracks);
    }

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The manifest with the take's end. */
    public TakeManifest ended(String ended, long frames, long droppedBlocks, long droppedFrames, String endReason) {
        return new TakeManifest(started, ended, sampleRate, sampleFormat, show, scene, layout, tracks, frames,
                droppedBlocks, droppedFrames, endReason, controlLog);
    }

    /** Writes {@code take.json} into {@code folder}, atomically. Thread: worker. */
    public void write(Path folder) throws IOException {
        AtomicFile.write(folder.resolve(FILE), MAPPER.writeValueAsBytes(toJson()));
    }

    ObjectNode toJson() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("format", FORMAT).put("version", VERSION);
        o.put("started", started).put("ended", ended);
        o.put("sampleRate", sampleRate).put("sampleFormat", sampleFormat);
        o.put("show", show).put("scene", scene);
        ObjectNode l = o.putObject("layout");
        ArrayNode chs = l.putArray("channels");
        for (Layout.Channel c : layout.channels()) {
            chs.addObject().put("name", c.name()).put("stereo", c.stereo()).put("directOut", c.directOut().word());
        }
        ArrayNode bs = l.putArray("buses");
        for (Layout.Bus b : layout.buses()) bs.addObject().put("name", b.name()).put("stereo", b.stereo());
        l.put("fx", layout.fx());
        l.putObject("tools").put("talkbackChannel", layout.tools().talkbackChannel())
                .put("talkbackPort", layout.tools().talkbackPort()).put("oscPort", layout.tools().oscPort());
        ArrayNode ts = o.putArray("tracks");
        for (Track t : tracks) {
            ts.addObject().put("file", t.file()).put("source", t.source()).put("name", t.name()).put("channels", t.channels());
        }
        o.put("frames", frames).put("droppedBlocks", droppedBlocks).put("droppedFrames", droppedFrames);
        o.put("endReason", endReason);
        o.put("controlLog", controlLog);
        return o;
    }

    /**
     * Reads a take folder's {@code take.json}. Every problem is an {@link IOException} whose
     * message names the file and the field.
     */
    public static TakeManifest read(Path folder) throws IOException {
        Path file = folder.resolve(FILE);
        JsonNode o;
        try {
            o = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException(file + ": cannot read the take manifest: " + e.getMessage(), e);
        }
        try {
            if (o == null || !o.isObject()) throw new IllegalArgumentException("not a JSON object");
            if (!FORMAT.equals(o.path("format").asText())) throw new IllegalArgumentException("format is not '" + FORMAT + "'");
            if (o.path("version").asInt() != VERSION) throw new IllegalArgumentException("unsupported version " + o.path("version"));
            JsonNode l = need(o, "layout");
            List<Layout.Channel> chs = new ArrayList<>();
            for (JsonNode c : need(l, "channels")) {
                chs.add(new Layout.Channel(c.path("name").asText(), c.path("stereo").asBoolean(),
                        Layout.DirectOut.valueOf(c.path("directOut").asText("off").toUpperCase(Locale.ROOT))));
            }
            List<Layout.Bus> bs = new ArrayList<>();
            for (JsonNode b : need(l, "buses")) bs.add(new Layout.Bus(b.path("name").asText(), b.path("stereo").asBoolean()));
            JsonNode t = l.path("tools");
            Layout layout = new Layout(chs, bs, new Layout.Tools(t.path("talkbackChannel").asInt(),
                    t.path("talkbackPort").asBoolean(), t.path("oscPort").asBoolean()), l.path("fx").asInt());
            List<Track> tracks = new ArrayList<>();
            for (JsonNode k : need(o, "tracks")) {
                tracks.add(new Track(k.path("file").asText(), k.path("source").asText(), text(k, "name"), k.path("channels").asInt()));
            }
            int rate = need(o, "sampleRate").asInt();
            if (rate <= 0) throw new IllegalArgumentException("sampleRate " + rate + " is not positive");
            return new TakeManifest(text(o, "started"), text(o, "ended"), rate, text(o, "sampleFormat"), text(o, "show"),
                    text(o, "scene"), layout, tracks, o.path("frames").asLong(), o.path("droppedBlocks").asLong(),
                    o.path("droppedFrames").asLong(), text(o, "endReason"), text(o, "controlLog"));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": invalid take manifest: " + e.getMessage(), e);
        }
    }

    private static JsonNode need(JsonNode o, String key) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) throw new IllegalArgumentException("'" + key + "' is missing");
        return v;
    }

    private static String text(JsonNode o, String key) {
        JsonNode v = o.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
