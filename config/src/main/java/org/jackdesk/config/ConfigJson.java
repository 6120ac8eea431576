package org.jackdesk.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads, validates, migrates and writes console configuration files (docs/configuration.md).
 * Every problem is reported with file, line, column and JSON path; unknown keys get the nearest
 * valid key; start-up values are checked against the parameter registry of the file's own layout.
 * Thread: any.
 */
public final class ConfigJson {
    private ConfigJson() {}

    /** Shared mapper: pretty output, no surprises. */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static final List<String> ROOT_KEYS = List.of("version", "name", "layout", "server", "jack", "users", "values", "midi", "recording");
    public static final List<String> RECORDING_KEYS = List.of("folder");
    public static final List<String> LAYOUT_KEYS = List.of("channels", "buses", "dcas", "dcaColours", "muteGroups", "talkback", "oscOutput", "fx");
    public static final List<String> CHANNEL_KEYS = List.of("name", "colour", "stereo", "inputs", "directOut", "directOutputs");
    public static final List<String> BUS_KEYS = List.of("name", "colour", "stereo", "outputs");
    public static final List<String> SERVER_KEYS = List.of("httpPort", "oscPort", "x32Port", "bind", "origins", "oscAllow", "oscUser", "tlsCert", "tlsKey");
    public static final List<String> JACK_KEYS = List.of("clientName", "serverName", "autoConnect", "stageBoxes", "midi");
    /** The flat pre-release format, migrated on load. */
    public static final List<String> V1_KEYS = List.of("version", "channels", "stereoChannels", "buses", "names", "httpPort", "jackClient");

    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_OSC_PORT = 9000;
    public static final String DEFAULT_BIND = "0.0.0.0";
    public static final String DEFAULT_CLIENT = "jackdesk";
    public static final String DEFAULT_SERVER = "default";
    /** JACK's client name limit (jack_client_name_size() is 64 including the terminator). */
    public static final int MAX_CLIENT_NAME = 63;
    public static final int MAX_PORTS_PER_BUS = 8;

    private static final Pattern COLOUR_HEX = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.:%-]+");

    /** Reads and validates a file. */
    public static ConsoleConfig read(Path file) throws ConfigException {
        String text;
        try {
            text = JsonDoc.readUtf8(file); // a byte that is not UTF-8 is refused with its line and column
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(file.toString(), 0, 0, "", "cannot read: " + describe(e)));
        }
        return read(file.toString(), text);
    }

    /** Reads and validates text; {@code file} names it in messages. */
    public static ConsoleConfig read(String file, String text) throws ConfigException {
        JsonDoc doc = JsonDoc.parse(file, text);
        JsonCheck c = new JsonCheck(doc);
        ConsoleConfig cfg = read(c, doc.root(), "");
        c.throwIfAny();
        return cfg;
    }

    /** The configuration shipped as config/default.json (also on the classpath). */
    public static ConsoleConfig builtinDefault() {
        try (InputStream in = ConfigJson.class.getResourceAsStream("/org/jackdesk/config/default.json")) {
            if (in == null) throw new IllegalStateException("default.json is missing from the config jar");
            return read("default.json", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | ConfigException e) {
            throw new IllegalStateException("the built-in default.json is broken: " + e.getMessage(), e);
        }
    }

    /**
     * Validates and binds a configuration object at {@code path} of a document (a whole file, or
     * the {@code config} of a show). Problems go to {@code c}; returns null when it is unusable.
     */
    public static ConsoleConfig read(JsonCheck c, JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            c.error(path, "a configuration must be an object { \"version\": " + ConsoleConfig.VERSION + ", ... }, not " + JsonCheck.kind(node));
            return null;
        }
        ObjectNode o = (ObjectNode) node;
        int before = c.problems().size();
        long version = c.integer(o, path, "version", -1, true, 1, Integer.MAX_VALUE);
        if (version < 0) return null;
        if (version > ConsoleConfig.VERSION) {
            c.error(JsonDoc.child(path, "version"), "version " + version + " is newer than this jackdesk understands ("
                    + ConsoleConfig.VERSION + "); use a newer jackdesk");
            return null;
        }
        if (version == 1) {
            o = migrateV1(c, o, path);
            if (c.problems().size() > before) return null;
        }
        c.onlyKeys(o, path, ROOT_KEYS);
        String name = c.name(o, path, "name", "jackdesk", false, 64, "");

        ObjectNode lo = c.object(o, path, "layout", true);
        ConsoleConfig.LayoutConfig layout = lo == null ? null : layout(c, lo, JsonDoc.child(path, "layout"));

        // Users first: the server's oscUser names one of them (docs/security.md).
        List<Map<String, Object>> users = new ArrayList<>();
        ArrayNode ua = c.array(o, path, "users", false);
        if (ua != null) users = SecurityJson.users(c, ua, JsonDoc.child(path, "users"), layout == null ? -1 : layout.buses().size());

        ObjectNode so = c.object(o, path, "server", false);
        ConsoleConfig.ServerConfig server = new ConsoleConfig.ServerConfig(DEFAULT_HTTP_PORT, DEFAULT_OSC_PORT, DEFAULT_BIND);
        if (so != null) {
            String sp = JsonDoc.child(path, "server");
            c.onlyKeys(so, sp, SERVER_KEYS);
            int http = (int) c.integer(so, sp, "httpPort", DEFAULT_HTTP_PORT, false, 1, 65535);
            int osc = (int) c.integer(so, sp, "oscPort", DEFAULT_OSC_PORT, false, 0, 65535);
            String bind = c.string(so, sp, "bind", DEFAULT_BIND, false);
            if (!HOST.matcher(bind).matches()) {
                c.error(JsonDoc.child(sp, "bind"), "must be an IP address or host name such as 0.0.0.0 (every interface) or 127.0.0.1 (this machine only)");
                bind = DEFAULT_BIND;
            }
            int x32 = (int) c.integer(so, sp, "x32Port", ConsoleConfig.ServerConfig.DEFAULT_X32_PORT, false, -1, 65535);
            if (x32 == 0) {
                c.error(JsonDoc.child(sp, "x32Port"), "must be a UDP port 1–65535 (10023 is the X32's), or -1 to turn the X32 endpoint off");
                x32 = ConsoleConfig.ServerConfig.DEFAULT_X32_PORT;
            }
            server = new ConsoleConfig.ServerConfig(http, osc, bind, SecurityJson.server(c, so, sp, users), x32);
        }

        ObjectNode jo = c.object(o, path, "jack", false);
        String client = DEFAULT_CLIENT;
        String jserver = DEFAULT_SERVER;
        List<AutoConnect.Rule> rules = new ArrayList<>();
        List<String> boxes = new ArrayList<>();
        boolean midi = true;
        if (jo != null) {
            String jp = JsonDoc.child(path, "jack");
            c.onlyKeys(jo, jp, JACK_KEYS);
            client = c.name(jo, jp, "clientName", DEFAULT_CLIENT, false, MAX_CLIENT_NAME, "");
            jserver = c.name(jo, jp, "serverName", DEFAULT_SERVER, false, MAX_CLIENT_NAME, "");
            List<String> texts = c.strings(jo, jp, "autoConnect", 1024);
            // The MIDI pairs besides the first (midi.ports, checked below): rules may name their ports.
            List<String> midiPairs = org.jackdesk.config.midi.MidiJson.portNames(o.get("midi"));
            if (layout != null) {
                for (int i = 0; i < texts.size(); i++) {
                    try {
                        rules.add(AutoConnect.parse(texts.get(i), layout.channels(), layout.buses(), midiPairs));
                    } catch (IllegalArgumentException e) {
                        c.error(JsonDoc.index(JsonDoc.child(jp, "autoConnect"), i), e.getMessage());
                    }
                }
            }
            midi = c.bool(jo, jp, "midi", true);
            for (int i = 0; i < rules.size() && !midi; i++) {
                for (AutoConnect.Connection k : rules.get(i).connections()) {
                    if (AutoConnect.isMidiPort(k.consolePort()) || AutoConnect.midiPair(k.consolePort(), midiPairs) != null) {
                        c.error(JsonDoc.index(JsonDoc.child(jp, "autoConnect"), i), "'" + k.consolePort()
                                + "' is a MIDI port, and \"midi\" is false: turn the MIDI ports on or drop the rule");
                        break;
                    }
                }
            }
            List<String> names = c.strings(jo, jp, "stageBoxes", 64);
            for (int i = 0; i < names.size(); i++) {
                String n = names.get(i);
                String at = JsonDoc.index(JsonDoc.child(jp, "stageBoxes"), i);
                if (n.isBlank() || n.indexOf(':') >= 0 || n.codePointCount(0, n.length()) > MAX_CLIENT_NAME) {
                    c.error(at, "a stage box is named by its JACK client name (the netjack2 slave's -n NAME, e.g. \"stage1\"):"
                            + " 1 to " + MAX_CLIENT_NAME + " characters, no ':' (got \"" + JsonDoc.excerpt(n, 40) + "\")");
                } else if (boxes.contains(n)) {
                    c.error(at, "stage box \"" + n + "\" is listed twice");
                } else {
                    boxes.add(n);
                }
            }
        }
        ConsoleConfig.JackConfig jack = new ConsoleConfig.JackConfig(client, jserver, rules, boxes, midi);


        Map<String, Object> values = new LinkedHashMap<>();
        ObjectNode vo = c.object(o, path, "values", false);
        if (vo != null && layout != null && c.problems().size() == before) {
            ParamRegistry reg = ParamRegistry.forLayout(toLayout(layout));
            values = values(c, vo, JsonDoc.child(path, "values"), reg);
            for (String live : values.keySet()) {
                if (reg.find(live).def().live()) {
                    c.error(JsonDoc.child(JsonDoc.child(path, "values"), live), live
                            + " is a live switch, never a start-up value: the console always starts with it off");
                }
            }
        }
        org.jackdesk.config.midi.MidiConfig midiControl = org.jackdesk.config.midi.MidiConfig.NONE;
        ObjectNode mo = c.object(o, path, "midi", false);
        if (mo != null) {
            String mp = JsonDoc.child(path, "midi");
            ParamRegistry reg = layout != null && c.problems().size() == before ? ParamRegistry.forLayout(toLayout(layout)) : null;
            midiControl = org.jackdesk.config.midi.MidiJson.read(c, mo, mp, reg);
            String user = midiControl.user();
            if (user != null && users.stream().noneMatch(u -> user.equals(u.get("name")))) {
                c.error(JsonDoc.child(mp, "user"), "there is no user '" + user + "' in \"users\"");
            }
            for (int i = 0; i < midiControl.ports().size(); i++) {
                String pu = midiControl.ports().get(i).user();
                if (pu != null && users.stream().noneMatch(u -> pu.equals(u.get("name")))) {
                    c.error(JsonDoc.child(JsonDoc.index(JsonDoc.child(mp, "ports"), i), "user"), "there is no user '" + pu + "' in \"users\"");
                }
            }
            if (!midiControl.ports().isEmpty() && !jack.midi()) {
                c.error(JsonDoc.child(mp, "ports"), "the MIDI ports are off (\"jack\": {\"midi\": false}): turn them on for more port pairs,"
                        + " or drop \"ports\"");
            }
        }
        ConsoleConfig.Recording recording = ConsoleConfig.Recording.DEFAULT;
        ObjectNode ro = c.object(o, path, "recording", false);
        if (ro != null) {
            String rp = JsonDoc.child(path, "recording");
            c.onlyKeys(ro, rp, RECORDING_KEYS);
            String folder = c.string(ro, rp, "folder", null, false);
            if (folder != null) {
                if (folder.isBlank() || folder.indexOf('\0') >= 0 || !java.nio.file.Path.of(folder).isAbsolute()) {
                    c.error(JsonDoc.child(rp, "folder"), "the recordings folder is an absolute path such as \"/srv/recordings\", not \""
                            + (folder.length() > 40 ? folder.substring(0, 40) + "…" : folder) + "\"");
                } else {
                    recording = new ConsoleConfig.Recording(folder);
                }
            }
        }
        if (layout == null || c.problems().size() > before) return null;
        return new ConsoleConfig(ConsoleConfig.VERSION, name, layout, server, jack, users, values, midiControl, recording);
    }

    /** Checks path → value pairs against a registry; returns them with canonical values (as written back). */
    public static Map<String, Object> values(JsonCheck c, ObjectNode vo, String path, ParamRegistry reg) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = vo.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String vp = JsonDoc.child(path, e.getKey());
            try {
                Param p = reg.require(e.getKey());
                Object raw = JsonCheck.scalar(e.getValue());
                if (raw == null) {
                    c.error(vp, p.path() + " takes a " + p.type().id() + " value, not " + JsonCheck.kind(e.getValue()));
                    continue;
                }
                values.put(p.path(), p.toExternal(p.parse(raw)));
            } catch (ParamException ex) {
                c.error(vp, ex.getMessage());
            }
        }
        return values;
    }

    private static ConsoleConfig.LayoutConfig layout(JsonCheck c, ObjectNode lo, String lp) {
        c.onlyKeys(lo, lp, LAYOUT_KEYS);
        int before = c.problems().size();
        List<ConsoleConfig.ChannelConfig> channels = new ArrayList<>();
        ArrayNode ca = c.array(lo, lp, "channels", true);
        String cp = JsonDoc.child(lp, "channels");
        if (ca != null) {
            if (ca.isEmpty() || ca.size() > Layout.MAX_CHANNELS) {
                c.error(cp, "a console has 1 to " + Layout.MAX_CHANNELS + " channels (got " + ca.size() + ")");
            }
            for (int i = 0; i < ca.size(); i++) {
                String ip = JsonDoc.index(cp, i);
                String what = " — channel " + (i + 1);
                if (!ca.get(i).isObject()) {
                    c.error(ip, "a channel is an object { \"name\": ... }, not " + JsonCheck.kind(ca.get(i)) + what);
                    continue;
                }
                ObjectNode ch = (ObjectNode) ca.get(i);
                c.onlyKeys(ch, ip, CHANNEL_KEYS);
                String name = c.name(ch, ip, "name", "Ch " + (i + 1), true, ConsoleConfig.MAX_NAME, what);
                String colour = colour(c, ch, ip);
                boolean stereo = c.bool(ch, ip, "stereo", false);
                List<String> inputs = c.strings(ch, ip, "inputs", stereo ? 2 : 1);
                checkPorts(c, JsonDoc.child(ip, "inputs"), inputs);
                Layout.DirectOut direct = directOut(c, ch, ip);
                List<String> directOutputs = c.strings(ch, ip, "directOutputs", stereo ? 2 : 1);
                checkPorts(c, JsonDoc.child(ip, "directOutputs"), directOutputs);
                if (!directOutputs.isEmpty() && direct == Layout.DirectOut.OFF) {
                    c.error(JsonDoc.child(ip, "directOutputs"), "this channel has no direct output: set \"directOut\" to \"pre\" or \"post\"" + what);
                }
                // Problems are reported above; build a valid record anyway so the remaining checks run.
                if (direct == Layout.DirectOut.OFF) directOutputs = List.of();
                if (directOutputs.size() > (stereo ? 2 : 1)) directOutputs = directOutputs.subList(0, stereo ? 2 : 1);
                channels.add(new ConsoleConfig.ChannelConfig(name, colour, stereo, inputs, direct, directOutputs));
            }
        }
        List<ConsoleConfig.BusConfig> buses = new ArrayList<>();
        ArrayNode ba = c.array(lo, lp, "buses", false);
        String bp = JsonDoc.child(lp, "buses");
        if (ba != null) {
            if (ba.size() > Layout.MAX_BUSES) c.error(bp, "a console has at most " + Layout.MAX_BUSES + " buses (got " + ba.size() + ")");
            for (int i = 0; i < ba.size(); i++) {
                String ip = JsonDoc.index(bp, i);
                String what = " — bus " + (i + 1);
                if (!ba.get(i).isObject()) {
                    c.error(ip, "a bus is an object { \"name\": ... }, not " + JsonCheck.kind(ba.get(i)) + what);
                    continue;
                }
                ObjectNode b = (ObjectNode) ba.get(i);
                c.onlyKeys(b, ip, BUS_KEYS);
                String name = c.name(b, ip, "name", "Bus " + (i + 1), true, ConsoleConfig.MAX_NAME, what);
                String colour = colour(c, b, ip);
                boolean stereo = c.bool(b, ip, "stereo", false);
                List<String> outputs = c.strings(b, ip, "outputs", MAX_PORTS_PER_BUS);
                checkPorts(c, JsonDoc.child(ip, "outputs"), outputs);
                buses.add(new ConsoleConfig.BusConfig(name, colour, stereo, outputs));
            }
        }
        List<String> dcas = groupNames(c, lo, lp, "dcas", Layout.DCA_COUNT, "DCA ");
        List<String> dcaColours = dcaColours(c, lo, lp);
        List<String> mutes = groupNames(c, lo, lp, "muteGroups", Layout.MUTE_GROUP_COUNT, "Mute ");
        Layout.Tools tools = tools(c, lo, lp, channels);
        // FX slots (docs/fx.md): each a send bus, an effect unit and a stereo return.
        int fx = (int) c.integer(lo, lp, "fx", Layout.DEFAULT_FX, false, 0, Layout.MAX_FX);
        if (c.problems().size() > before || channels.isEmpty()) return null;
        return new ConsoleConfig.LayoutConfig(channels, buses, dcas, mutes, tools, fx, dcaColours);
    }

    /** {@code "dcaColours": ["red", "off", …]}: up to one colour per DCA, in order; the rest are "off". */
    private static List<String> dcaColours(JsonCheck c, ObjectNode lo, String lp) {
        List<String> given = c.strings(lo, lp, "dcaColours", Layout.DCA_COUNT);
        String p = JsonDoc.child(lp, "dcaColours");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(given.size(), Layout.DCA_COUNT); i++) {
            String col = given.get(i);
            if (isColour(col)) {
                out.add(col);
                continue;
            }
            String near = Suggest.nearest(col, ConsoleConfig.COLOURS);
            c.error(JsonDoc.index(p, i), "'" + col + "' is not a colour; use one of " + String.join(", ", ConsoleConfig.COLOURS)
                    + " or #rrggbb" + (near != null ? " (did you mean '" + near + "'?)" : "") + " — DCA " + (i + 1));
            out.add("off");
        }
        return out;
    }

    /** A colour a strip may have: one of {@link ConsoleConfig#COLOURS} or {@code #rrggbb}. */
    public static boolean isColour(String col) {
        return col != null && (ConsoleConfig.COLOURS.contains(col) || COLOUR_HEX.matcher(col).matches());
    }

    /**
     * {@code "talkback"}: a mono channel's number or {@code "port"} (a {@code talkback_in} port of
     * its own); {@code "oscOutput": true} gives the oscillator an {@code osc_out} port (docs/tools.md).
     */
    private static Layout.Tools tools(JsonCheck c, ObjectNode lo, String lp, List<ConsoleConfig.ChannelConfig> channels) {
        boolean oscPort = c.bool(lo, lp, "oscOutput", false);
        JsonNode tb = lo.get("talkback");
        String tp = JsonDoc.child(lp, "talkback");
        if (tb == null || tb.isNull()) return new Layout.Tools(0, false, oscPort);
        if (tb.isTextual() && tb.asText().equals("port")) return new Layout.Tools(0, true, oscPort);
        if (tb.isIntegralNumber()) {
            int n = tb.asInt();
            if (n < 1 || n > channels.size()) {
                c.error(tp, "talkback channel " + tb.asText() + " does not exist: this console has channels 1.." + channels.size());
            } else if (channels.get(n - 1).stereo()) {
                c.error(tp, "talkback channel " + n + " (" + channels.get(n - 1).name() + ") is stereo; talkback takes a mono channel");
            } else {
                return new Layout.Tools(n, false, oscPort);
            }
            return new Layout.Tools(0, false, oscPort);
        }
        c.error(tp, "talkback is a mono channel's number (e.g. 16) or \"port\" (a talkback_in port of its own), not " + tb);
        return new Layout.Tools(0, false, oscPort);
    }

    private static List<String> groupNames(JsonCheck c, ObjectNode lo, String lp, String key, int count, String prefix) {
        List<String> given = c.strings(lo, lp, key, count);
        List<String> out = new ArrayList<>();
        String p = JsonDoc.child(lp, key);
        for (int i = 0; i < count; i++) {
            String n = i < given.size() ? given.get(i) : prefix + (i + 1);
            if (n.isBlank()) c.error(JsonDoc.index(p, i), "must not be empty");
            else if (n.codePointCount(0, n.length()) > ConsoleConfig.MAX_NAME) {
                c.error(JsonDoc.index(p, i), "at most " + ConsoleConfig.MAX_NAME + " characters (\"" + n + "\" has " + n.codePointCount(0, n.length()) + ")");
            }
            out.add(n);
        }
        return out;
    }

    private static String colour(JsonCheck c, ObjectNode o, String path) {
        String col = c.string(o, path, "colour", "off", false);
        if (ConsoleConfig.COLOURS.contains(col) || COLOUR_HEX.matcher(col).matches()) return col;
        String near = Suggest.nearest(col, ConsoleConfig.COLOURS);
        c.error(JsonDoc.child(path, "colour"), "'" + col + "' is not a colour; use one of " + String.join(", ", ConsoleConfig.COLOURS)
                + " or #rrggbb" + (near != null ? " (did you mean '" + near + "'?)" : ""));
        return "off";
    }

    private static void checkPorts(JsonCheck c, String path, List<String> ports) {
        for (int i = 0; i < ports.size(); i++) {
            String p = ports.get(i);
            if (p.indexOf(':') <= 0 || p.endsWith(":")) {
                c.error(JsonDoc.index(path, i), "'" + p + "' is not a JACK port; write client:port, e.g. system:capture_1");
            }
        }
    }

    private static Layout toLayout(ConsoleConfig.LayoutConfig l) {
        return new ConsoleConfig(ConsoleConfig.VERSION, "x", l, new ConsoleConfig.ServerConfig(1, 0, "x"),
                new ConsoleConfig.JackConfig("x", "x", List.of()), List.of(), Map.of()).toLayout();
    }

    /**
     * Version 1 (the flat pre-release format: channel counts instead of a channel list) to
     * version 2. Problems are reported against the version-1 keys the person wrote.
     */
    static ObjectNode migrateV1(JsonCheck c, ObjectNode v1, String path) {
        c.onlyKeys(v1, path, V1_KEYS);
        int mono = (int) c.integer(v1, path, "channels", 16, false, 0, Layout.MAX_CHANNELS);
        int stereo = (int) c.integer(v1, path, "stereoChannels", 0, false, 0, Layout.MAX_CHANNELS);
        int buses = (int) c.integer(v1, path, "buses", 0, false, 0, Layout.MAX_BUSES);
        List<String> names = c.strings(v1, path, "names", Layout.MAX_CHANNELS);
        long http = c.integer(v1, path, "httpPort", DEFAULT_HTTP_PORT, false, 1, 65535);
        String client = c.string(v1, path, "jackClient", DEFAULT_CLIENT, false);
        if (mono + stereo < 1 || mono + stereo > Layout.MAX_CHANNELS) {
            c.error(JsonDoc.child(path, "channels"), "channels + stereoChannels must be 1 to " + Layout.MAX_CHANNELS + " (got " + (mono + stereo) + ")");
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode v2 = f.objectNode();
        v2.put("version", ConsoleConfig.VERSION);
        JsonDoc doc = c.doc();
        doc.alias(JsonDoc.child(path, "version"), JsonDoc.child(path, "version"));
        ObjectNode layout = v2.putObject("layout");
        ArrayNode chs = layout.putArray("channels");
        String lp = JsonDoc.child(JsonDoc.child(path, "layout"), "channels");
        for (int i = 0; i < mono + stereo; i++) {
            ObjectNode ch = chs.addObject();
            ch.put("name", i < names.size() ? names.get(i) : "Ch " + (i + 1));
            ch.put("stereo", i >= mono);
            doc.alias(JsonDoc.index(lp, i), i < names.size() ? JsonDoc.index(JsonDoc.child(path, "names"), i) : JsonDoc.child(path, "channels"));
        }
        if (names.size() > mono + stereo) {
            c.error(JsonDoc.child(path, "names"), names.size() + " names for " + (mono + stereo) + " channels");
        }
        ArrayNode bs = layout.putArray("buses");
        for (int i = 0; i < buses; i++) {
            ObjectNode b = bs.addObject();
            b.put("name", "Aux " + (i + 1));
            b.put("stereo", false);
        }
        v2.putObject("server").put("httpPort", http);
        doc.alias(JsonDoc.child(JsonDoc.child(path, "server"), "httpPort"), JsonDoc.child(path, "httpPort"));
        v2.putObject("jack").put("clientName", client);
        doc.alias(JsonDoc.child(JsonDoc.child(path, "jack"), "clientName"), JsonDoc.child(path, "jackClient"));
        return v2;
    }

    /** A channel's "directOut": "off" (the default), "pre" or "post". */
    private static Layout.DirectOut directOut(JsonCheck c, ObjectNode ch, String ip) {
        String word = c.string(ch, ip, "directOut", "off", false);
        if (word == null) return Layout.DirectOut.OFF;
        for (Layout.DirectOut d : Layout.DirectOut.values()) {
            if (d.word().equals(word)) return d;
        }
        c.error(JsonDoc.child(ip, "directOut"), "must be \"off\", \"pre\" (pre-fader) or \"post\" (post-fader), not \"" + word + "\"");
        return Layout.DirectOut.OFF;
    }

    /** The configuration as JSON (current version, every default written out). */
    public static ObjectNode toJson(ConsoleConfig cfg) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("version", ConsoleConfig.VERSION);
        o.put("name", cfg.name());
        ObjectNode l = o.putObject("layout");
        ArrayNode chs = l.putArray("channels");
        for (ConsoleConfig.ChannelConfig c : cfg.layout().channels()) {
            ObjectNode n = chs.addObject();
            n.put("name", c.name());
            n.put("colour", c.colour());
            n.put("stereo", c.stereo());
            ArrayNode in = n.putArray("inputs");
            c.inputs().forEach(in::add);
            n.put("directOut", c.directOut().word());
            ArrayNode dout = n.putArray("directOutputs");
            c.directOutputs().forEach(dout::add);
        }
        ArrayNode bs = l.putArray("buses");
        for (ConsoleConfig.BusConfig b : cfg.layout().buses()) {
            ObjectNode n = bs.addObject();
            n.put("name", b.name());
            n.put("colour", b.colour());
            n.put("stereo", b.stereo());
            ArrayNode out = n.putArray("outputs");
            b.outputs().forEach(out::add);
        }
        ArrayNode d = l.putArray("dcas");
        cfg.layout().dcas().forEach(d::add);
        // Written only when a DCA has a colour: a show without DCA colours stays readable by a jackdesk before them.
        if (cfg.layout().dcaColours().stream().anyMatch(col -> !col.equals("off"))) {
            ArrayNode dc = l.putArray("dcaColours");
            cfg.layout().dcaColours().forEach(dc::add);
        }
        ArrayNode m = l.putArray("muteGroups");
        cfg.layout().muteGroups().forEach(m::add);
        Layout.Tools tools = cfg.layout().tools();
        if (tools.talkbackPort()) l.put("talkback", "port");
        else if (tools.talkbackChannel() > 0) l.put("talkback", tools.talkbackChannel());
        if (tools.oscPort()) l.put("oscOutput", true);
        l.put("fx", cfg.layout().fx());
        ObjectNode s = o.putObject("server");
        s.put("httpPort", cfg.server().httpPort());
        s.put("oscPort", cfg.server().oscPort());
        if (cfg.server().x32Port() != ConsoleConfig.ServerConfig.DEFAULT_X32_PORT) s.put("x32Port", cfg.server().x32Port());
        s.put("bind", cfg.server().bind());
        ConsoleConfig.NetworkSecurity ns = cfg.server().security();
        if (!ns.origins().isEmpty()) ns.origins().forEach(s.putArray("origins")::add);
        if (!ns.oscAllow().isEmpty()) ns.oscAllow().forEach(s.putArray("oscAllow")::add);
        if (ns.oscUser() != null) s.put("oscUser", ns.oscUser());
        if (ns.tlsCert() != null) s.put("tlsCert", ns.tlsCert());
        if (ns.tlsKey() != null) s.put("tlsKey", ns.tlsKey());
        ObjectNode j = o.putObject("jack");
        j.put("clientName", cfg.jack().clientName());
        j.put("serverName", cfg.jack().serverName());
        ArrayNode ac = j.putArray("autoConnect");
        cfg.jack().autoConnect().forEach(r -> ac.add(r.text()));
        if (!cfg.jack().stageBoxes().isEmpty()) cfg.jack().stageBoxes().forEach(j.putArray("stageBoxes")::add);
        if (!cfg.jack().midi()) j.put("midi", false);
        o.set("users", MAPPER.valueToTree(cfg.users()));
        o.set("values", MAPPER.valueToTree(cfg.values()));
        if (!cfg.midi().isDefault()) o.set("midi", org.jackdesk.config.midi.MidiJson.write(cfg.midi()));
        if (!cfg.recording().isDefault()) o.putObject("recording").put("folder", cfg.recording().folder());
        return o;
    }

    public static String write(ConsoleConfig cfg) {
        try {
            return MAPPER.writeValueAsString(toJson(cfg)) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "no space left on device", "permission denied" — the reason without Java class names. */
    public static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file " + e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied (" + e.getMessage() + ")";
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason() + " (" + fse.getFile() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
