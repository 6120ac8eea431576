package org.jackdesk.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A console configuration file (see docs/configuration.md): layout, server, JACK and the place
 * where users will live, plus optional start-up parameter values. Built and validated by
 * {@link ConfigJson}; immutable.
 *
 * @param values start-up values (address → value as in JSON), already checked against the registry
 * @param users  users and roles (docs/security.md), checked by {@link SecurityJson}: name, role, buses, hash;
 *               {@link #userList()} gives them typed
 */
public record ConsoleConfig(int version, String name, LayoutConfig layout, ServerConfig server,
                            JackConfig jack, List<Map<String, Object>> users, Map<String, Object> values,
                            org.jackdesk.config.midi.MidiConfig midi, Recording recording) {
    /** The format version this build writes; older files are migrated on load. */
    public static final int VERSION = 2;
    public static final int MAX_NAME = 24;
    public static final List<String> COLOURS = List.of(
            "off", "red", "orange", "yellow", "green", "cyan", "blue", "purple", "pink", "white", "grey");

    /**
     * Where the recorder puts its takes (docs/recording.md): {@code folder} an absolute path, or null
     * for the default ({@code $JACKDESK_HOME/recordings}, …).
     */
    public record Recording(String folder) {
        public static final Recording DEFAULT = new Recording(null);

        public boolean isDefault() {
            return folder == null;
        }
    }

    /** Without a recording folder of its own ({@link #withRecording} sets one). */
    public ConsoleConfig(int version, String name, LayoutConfig layout, ServerConfig server, JackConfig jack,
                         List<Map<String, Object>> users, Map<String, Object> values, org.jackdesk.config.midi.MidiConfig midi) {
        this(version, name, layout, server, jack, users, values, midi, Recording.DEFAULT);
    }

    /** This configuration with {@code r} as its recording folder. */
    public ConsoleConfig withRecording(Recording r) {
        return new ConsoleConfig(version, name, layout, server, jack, users, values, midi, r);
    }

    /** Without MIDI mappings ({@link #withMidi} adds them). */
    public ConsoleConfig(int version, String name, LayoutConfig layout, ServerConfig server, JackConfig jack,
                         List<Map<String, Object>> users, Map<String, Object> values) {
        this(version, name, layout, server, jack, users, values, org.jackdesk.config.midi.MidiConfig.NONE);
    }

    /** This configuration with {@code m} as its MIDI control (docs/midi.md). */
    public ConsoleConfig withMidi(org.jackdesk.config.midi.MidiConfig m) {
        return new ConsoleConfig(version, name, layout, server, jack, users, values, m, recording);
    }

    public ConsoleConfig {
        if (midi == null) midi = org.jackdesk.config.midi.MidiConfig.NONE;
        if (recording == null) recording = Recording.DEFAULT;
        users = List.copyOf(users);
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }

    /** An input channel. {@code inputs}: JACK ports to connect ("system:capture_1"), at most one per side. */
    public record ChannelConfig(String name, String colour, boolean stereo, List<String> inputs,
                                Layout.DirectOut directOut, List<String> directOutputs) {
        public ChannelConfig {
            inputs = List.copyOf(inputs);
            directOutputs = List.copyOf(directOutputs);
            if (directOut == null) throw new IllegalArgumentException("channel '" + name + "': directOut is off, pre or post, not null");
            if (directOut == Layout.DirectOut.OFF && !directOutputs.isEmpty()) {
                throw new IllegalArgumentException("channel '" + name + "' has no direct output to connect to " + directOutputs);
            }
            if (directOutputs.size() > (stereo ? 2 : 1)) {
                throw new IllegalArgumentException("channel '" + name + "' has " + (stereo ? 2 : 1) + " direct output port(s), not "
                        + directOutputs.size());
            }
        }
    }

    /** An aux/monitor bus. {@code outputs}: JACK ports its output connects to. */
    public record BusConfig(String name, String colour, boolean stereo, List<String> outputs) {
        public BusConfig {
            outputs = List.copyOf(outputs);
        }
    }

    /**
     * The strips; {@code dcas} has exactly {@link Layout#DCA_COUNT} names, {@code muteGroups} {@link Layout#MUTE_GROUP_COUNT};
     * {@code dcaColours} one colour per DCA ({@code layout.dcaColours}, "off" when not given: files written before it
     * read as before).
     */
    public record LayoutConfig(List<ChannelConfig> channels, List<BusConfig> buses, List<String> dcas, List<String> muteGroups,
                               Layout.Tools tools, int fx, List<String> dcaColours) {
        /** Without DCA colours (every DCA "off"). */
        public LayoutConfig(List<ChannelConfig> channels, List<BusConfig> buses, List<String> dcas, List<String> muteGroups,
                            Layout.Tools tools, int fx) {
            this(channels, buses, dcas, muteGroups, tools, fx, List.of());
        }

        /** Strips without the tools' ports or a talkback source, with the default FX slots. */
        public LayoutConfig(List<ChannelConfig> channels, List<BusConfig> buses, List<String> dcas, List<String> muteGroups) {
            this(channels, buses, dcas, muteGroups, Layout.Tools.NONE, Layout.DEFAULT_FX);
        }

        /** With the default FX slots ({@link Layout#DEFAULT_FX}). */
        public LayoutConfig(List<ChannelConfig> channels, List<BusConfig> buses, List<String> dcas, List<String> muteGroups,
                            Layout.Tools tools) {
            this(channels, buses, dcas, muteGroups, tools, Layout.DEFAULT_FX);
        }

        public LayoutConfig {
            if (tools == null) tools = Layout.Tools.NONE;
            if (fx < 0 || fx > Layout.MAX_FX) throw new IllegalArgumentException("a console has 0 to " + Layout.MAX_FX + " FX slots, not " + fx);
            channels = List.copyOf(channels);
            buses = List.copyOf(buses);
            dcas = List.copyOf(dcas);
            muteGroups = List.copyOf(muteGroups);
            List<String> colours = new ArrayList<>(dcaColours == null ? List.of() : dcaColours);
            if (colours.size() > Layout.DCA_COUNT) throw new IllegalArgumentException("a console has " + Layout.DCA_COUNT + " DCAs, not " + colours.size() + " DCA colours");
            while (colours.size() < Layout.DCA_COUNT) colours.add("off");
            dcaColours = List.copyOf(colours);
        }

        /** The same strips with {@code channels}, {@code buses}, DCA names and colours replaced (renamed, recoloured). */
        public LayoutConfig withLabels(List<ChannelConfig> channels, List<BusConfig> buses, List<String> dcas, List<String> dcaColours) {
            return new LayoutConfig(channels, buses, dcas, muteGroups, tools, fx, dcaColours);
        }
    }

    /** This configuration with {@code l} as its layout (the strips renamed or recoloured on a tablet: {@link StripLabels}). */
    public ConsoleConfig withLayoutConfig(LayoutConfig l) {
        return new ConsoleConfig(version, name, l, server, jack, users, values, midi, recording);
    }

    /**
     * Where the control server listens. {@code oscPort} 0 turns OSC off; {@code x32Port} is the
     * X32-compatible endpoint's UDP port (docs/x32.md), -1 turns it off.
     */
    public record ServerConfig(int httpPort, int oscPort, String bind, NetworkSecurity security, int x32Port) {
        /** The X32 port of a real X32 (and of a configuration that names none). */
        public static final int DEFAULT_X32_PORT = 10023;

        public ServerConfig(int httpPort, int oscPort, String bind, NetworkSecurity security) {
            this(httpPort, oscPort, bind, security, DEFAULT_X32_PORT);
        }

        public ServerConfig(int httpPort, int oscPort, String bind) {
            this(httpPort, oscPort, bind, NetworkSecurity.NONE);
        }
    }

    /**
     * The server's network security (docs/security.md): extra WebSocket origins allowed besides
     * the serving host, OSC senders allowed to write besides loopback, the user whose role OSC
     * writes get (null: full mix access), and the TLS PEM files (both null: plain HTTP).
     */
    public record NetworkSecurity(List<String> origins, List<String> oscAllow, String oscUser, String tlsCert, String tlsKey) {
        public static final NetworkSecurity NONE = new NetworkSecurity(List.of(), List.of(), null, null, null);

        public NetworkSecurity {
            origins = List.copyOf(origins);
            oscAllow = List.copyOf(oscAllow);
        }
    }

    /** One user: {@code role} is admin, engineer, monitor or viewer; {@code buses} (1-based) only for monitor; {@code hash} PBKDF2. */
    public record UserConfig(String name, String role, List<Integer> buses, String hash, boolean talkback) {
        public UserConfig {
            buses = List.copyOf(buses);
        }

        /** A user without the talkback permission (which only a monitor needs: admin and engineer always may talk). */
        public UserConfig(String name, String role, List<Integer> buses, String hash) {
            this(name, role, buses, hash, false);
        }

        /** Hides the hash: a record's toString must not put it into a log. */
        @Override
        public String toString() {
            return "UserConfig[name=" + name + ", role=" + role + ", buses=" + buses + (talkback ? ", talkback" : "") + "]";
        }
    }

    /** The users, typed (already validated by {@link SecurityJson}). */
    @SuppressWarnings("unchecked")
    public List<UserConfig> userList() {
        List<UserConfig> out = new ArrayList<>();
        for (Map<String, Object> u : users) {
            List<Integer> buses = new ArrayList<>();
            Object b = u.get("buses");
            if (b instanceof List<?> l) for (Object o : l) buses.add(((Number) o).intValue());
            out.add(new UserConfig((String) u.get("name"), (String) u.get("role"), buses, (String) u.get("hash"),
                    Boolean.TRUE.equals(u.get("talkback"))));
        }
        return out;
    }

    /** Leaves the users' hashes out, so a logged configuration never carries them. */
    @Override
    public String toString() {
        return "ConsoleConfig[version=" + version + ", name=" + name + ", layout=" + layout + ", server=" + server
                + ", jack=" + jack + ", users=" + userList() + ", values=" + values.size() + " values, midi=" + midi + "]";
    }

    /**
     * The JACK client: its name, the server to join, connections made at start (and again whenever
     * a port they name appears), the JACK client names of stage boxes whose coming and going
     * every tablet is told about (docs/stagebox.md), and whether the client has the MIDI pair
     * {@code midi_in}/{@code midi_out} (docs/midi.md; on unless a configuration turns it off).
     */
    public record JackConfig(String clientName, String serverName, List<AutoConnect.Rule> autoConnect, List<String> stageBoxes,
                             boolean midi) {
        public JackConfig {
            autoConnect = List.copyOf(autoConnect);
            stageBoxes = stageBoxes == null ? List.of() : List.copyOf(stageBoxes);
        }

        /** With the MIDI ports (the default). */
        public JackConfig(String clientName, String serverName, List<AutoConnect.Rule> autoConnect, List<String> stageBoxes) {
            this(clientName, serverName, autoConnect, stageBoxes, true);
        }

        /** Without stage boxes. */
        public JackConfig(String clientName, String serverName, List<AutoConnect.Rule> autoConnect) {
            this(clientName, serverName, autoConnect, List.of());
        }
    }

    /**
     * This configuration with the strips (and tools) of {@code l} instead of its own (names and stereo from the
     * layout, colour off, no JACK ports, default DCA and mute-group names) and no starting values
     * (they may name strips {@code l} lacks); server, JACK and users are kept. For tests and tools
     * that need a console of a given size.
     */
    public ConsoleConfig withLayout(Layout l) {
        List<ChannelConfig> ch = new ArrayList<>();
        for (Layout.Channel c : l.channels()) ch.add(new ChannelConfig(c.name(), "off", c.stereo(), List.of(), c.directOut(), List.of()));
        List<BusConfig> b = new ArrayList<>();
        for (Layout.Bus c : l.buses()) b.add(new BusConfig(c.name(), "off", c.stereo(), List.of()));
        List<String> dcas = new ArrayList<>(), groups = new ArrayList<>();
        for (int i = 1; i <= Layout.DCA_COUNT; i++) dcas.add("DCA " + i);
        for (int i = 1; i <= Layout.MUTE_GROUP_COUNT; i++) groups.add("Mute " + i);
        return new ConsoleConfig(version, name, new LayoutConfig(ch, b, dcas, groups, l.tools(), l.fx()), server, jack, users, Map.of());
    }

    /** The engine's layout (what the registry and the engine are built from). */
    public Layout toLayout() {
        List<Layout.Channel> ch = new ArrayList<>();
        for (ChannelConfig c : layout.channels()) ch.add(new Layout.Channel(c.name(), c.stereo(), c.directOut()));
        List<Layout.Bus> b = new ArrayList<>();
        for (BusConfig c : layout.buses()) b.add(new Layout.Bus(c.name(), c.stereo()));
        return new Layout(ch, b, layout.tools(), layout.fx());
    }

    /**
     * Every JACK connection to make at start: the channels' {@code inputs} and
     * {@code directOutputs}, the buses' {@code outputs}, then the auto-connect rules, in that order. Console ports are named as the
     * engine names them ({@code ch3}, {@code ch17_L}, {@code main_R}, {@code bus2}, {@code mon_L}).
     */
    public List<AutoConnect.Connection> connections() {
        List<AutoConnect.Connection> out = new ArrayList<>();
        List<ChannelConfig> chs = layout.channels();
        for (int i = 0; i < chs.size(); i++) {
            List<String> ports = AutoConnect.channelPorts(chs.get(i).stereo(), i + 1);
            for (int k = 0; k < chs.get(i).inputs().size(); k++) {
                out.add(new AutoConnect.Connection(ports.get(k), chs.get(i).inputs().get(k), true));
            }
            List<String> direct = AutoConnect.directPorts(chs.get(i).stereo(), i + 1);
            for (int k = 0; k < chs.get(i).directOutputs().size(); k++) {
                out.add(new AutoConnect.Connection(direct.get(k), chs.get(i).directOutputs().get(k), false));
            }
        }
        List<BusConfig> bs = layout.buses();
        for (int i = 0; i < bs.size(); i++) {
            List<String> ports = AutoConnect.busPorts(bs.get(i).stereo(), i + 1);
            for (int k = 0; k < bs.get(i).outputs().size(); k++) {
                out.add(new AutoConnect.Connection(ports.get(k % ports.size()), bs.get(i).outputs().get(k), false));
            }
        }
        for (AutoConnect.Rule r : jack.autoConnect()) out.addAll(r.connections());
        return out;
    }
}
