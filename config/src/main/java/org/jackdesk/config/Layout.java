package org.jackdesk.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The console's shape: its input channels and aux/monitor buses, and {@code fx} effect slots
 * (each a stereo FX send bus, an effect unit and a stereo FX return; docs/fx.md). The main bus,
 * 8 DCAs, 6 mute groups and the stereo monitor (solo) bus always exist. Immutable.
 */
public record Layout(List<Channel> channels, List<Bus> buses, Tools tools, int fx) {
    public static final int MAX_CHANNELS = 128;
    public static final int MAX_BUSES = 16;
    public static final int DCA_COUNT = 8;
    public static final int MUTE_GROUP_COUNT = 6;
    public static final int EQ_BANDS = 4;
    /** Notches of the feedback suppressor on the main and on each aux bus (docs/assistants.md). */
    public static final int FBS_NOTCHES = 12;
    /** Members of one automix group at most (docs/assistants.md): the engine shares gain among these, the parameter service refuses a 17th. */
    public static final int AUTOMIX_MEMBERS = 16;
    /** FX slots of a console whose configuration names none ({@code layout.fx}). */
    public static final int DEFAULT_FX = 4;
    public static final int MAX_FX = 8;

    /**
     * An input channel; a stereo channel has two inputs and is processed linked. {@code directOut}:
     * whether it has its own output port(s) (one per input) and where they tap the strip.
     */
    public record Channel(String name, boolean stereo, DirectOut directOut) {
        public Channel {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("a channel needs a name");
            if (directOut == null) throw new IllegalArgumentException("directOut is OFF, PRE or POST, not null");
        }

        /** A channel without a direct output. */
        public Channel(String name, boolean stereo) {
            this(name, stereo, DirectOut.OFF);
        }
    }

    /**
     * A channel's direct output: none, pre-fader (after the processors; neither fader nor mute
     * act on it — for multitrack recording) or post-fader (after fader and mute, before pan).
     */
    public enum DirectOut {
        OFF, PRE, POST;

        /** The word used in config files: off, pre, post. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** An aux/monitor bus. */
    public record Bus(String name, boolean stereo) {
        public Bus {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("a bus needs a name");
        }
    }

    /**
     * The engineer's tools' own ports (docs/tools.md): the talkback source — a mono channel's input
     * ({@code talkbackChannel}, 1-based; its raw input, before the strip) or a {@code talkback_in}
     * input port of its own ({@code talkbackPort}), or none — and whether the oscillator has an
     * {@code osc_out} output port. Ports of their own come after every other port of their kind.
     */
    public record Tools(int talkbackChannel, boolean talkbackPort, boolean oscPort) {
        public static final Tools NONE = new Tools(0, false, false);

        public Tools {
            if (talkbackChannel < 0) throw new IllegalArgumentException("the talkback channel is 1-based, not " + talkbackChannel);
            if (talkbackChannel > 0 && talkbackPort) throw new IllegalArgumentException("talkback comes from a channel or from its own port, not both");
        }

        /** True when the console has a talkback source. */
        public boolean hasTalkback() {
            return talkbackChannel > 0 || talkbackPort;
        }
    }

    /** A layout without tools ports, without a talkback source and without FX slots. */
    public Layout(List<Channel> channels, List<Bus> buses) {
        this(channels, buses, Tools.NONE, 0);
    }

    /** A layout without FX slots (a programmatic layout asks for them with {@link #withFx}). */
    public Layout(List<Channel> channels, List<Bus> buses, Tools tools) {
        this(channels, buses, tools, 0);
    }

    public Layout {
        channels = List.copyOf(channels);
        buses = List.copyOf(buses);
        if (tools == null) tools = Tools.NONE;
        if (channels.isEmpty() || channels.size() > MAX_CHANNELS) {
            throw new IllegalArgumentException("a console has 1 to " + MAX_CHANNELS + " channels, not " + channels.size());
        }
        if (fx < 0 || fx > MAX_FX) {
            throw new IllegalArgumentException("a console has 0 to " + MAX_FX + " FX slots, not " + fx);
        }
        if (buses.size() > MAX_BUSES) {
            throw new IllegalArgumentException("a console has at most " + MAX_BUSES + " buses, not " + buses.size());
        }
        int tb = tools.talkbackChannel();
        if (tb > channels.size()) {
            throw new IllegalArgumentException("talkback channel " + tb + " does not exist (this console has " + channels.size() + " channels)");
        }
        if (tb > 0 && channels.get(tb - 1).stereo()) {
            throw new IllegalArgumentException("talkback channel " + tb + " is stereo; talkback takes a mono channel");
        }
    }

    /** Mono channels first, then stereo ones; mono buses, then stereo ones. Default names. */
    public static Layout of(int monoChannels, int stereoChannels, int monoBuses, int stereoBuses) {
        List<Channel> ch = new ArrayList<>();
        for (int i = 0; i < monoChannels + stereoChannels; i++) {
            ch.add(new Channel("Ch " + (i + 1), i >= monoChannels));
        }
        List<Bus> b = new ArrayList<>();
        for (int i = 0; i < monoBuses + stereoBuses; i++) {
            b.add(new Bus("Bus " + (i + 1), i >= monoBuses));
        }
        return new Layout(ch, b);
    }

    /** The same layout with {@code tools}. */
    public Layout withTools(Tools tools) {
        return new Layout(channels, buses, tools, fx);
    }

    /** The same layout with {@code fx} FX slots. */
    public Layout withFx(int fx) {
        return new Layout(channels, buses, tools, fx);
    }

    /** Total audio inputs of the channels (a stereo channel counts two; a {@code talkback_in} port is not counted). */
    public int inputCount() {
        int n = 0;
        for (Channel c : channels) n += c.stereo() ? 2 : 1;
        return n;
    }
}
