package org.jackdesk.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JACK auto-connect rules, written the way an engineer labels a patch bay:
 * <pre>
 *   ch1..16 &lt;- system:capture_1..16
 *   ch17..20 &lt;- system:capture_17..24      (4 stereo channels take 8 ports, L then R)
 *   main -&gt; system:playback_1,system:playback_2
 *   bus1..4 -&gt; system:playback_3..6
 *   mon -&gt; system:playback_7..8
 * </pre>
 *   direct1..16 -&gt; recorder:in_1..16     (channels' direct outputs, see the layout's directOut)
 * Channels take {@code <-} (JACK ports feed them); buses, direct outputs, {@code main} and
 * {@code mon} take {@code ->}. Both sides must name the same number of ports. Thread: any.
 */
public final class AutoConnect {
    private AutoConnect() {}

    /** One connection between a console port (as the engine names it) and a JACK port. */
    public record Connection(String consolePort, String jackPort, boolean input) {
        @Override
        public String toString() {
            return input ? jackPort + " -> " + consolePort : consolePort + " -> " + jackPort;
        }
    }

    /** A parsed rule: its text as written and the connections it expands to. */
    public record Rule(String text, List<Connection> connections) {
        public Rule {
            connections = List.copyOf(connections);
        }
    }

    private static final Pattern RULE = Pattern.compile("\\s*(\\S+?)\\s*(<-|->)\\s*(.+?)\\s*");
    private static final Pattern STRIPS = Pattern.compile("(ch|bus|direct)(\\d+)(?:\\.\\.(\\d+))?");
    private static final Pattern PORT_RANGE = Pattern.compile("(.*?)(\\d+)\\.\\.(\\d+)");

    /** Parses one rule against a layout; the message of the exception says what is wrong. */
    public static Rule parse(String text, List<ConsoleConfig.ChannelConfig> channels, List<ConsoleConfig.BusConfig> buses) {
        return parse(text, channels, buses, List.of());
    }

    /**
     * As {@link #parse(String, List, List)}, where the MIDI port pairs named {@code midiPairs}
     * (besides the first, {@code midi_in}/{@code midi_out}; docs/midi.md) may be named too:
     * {@code xtouch_ext_in <- a2j:X-Touch-Ext}.
     */
    public static Rule parse(String text, List<ConsoleConfig.ChannelConfig> channels, List<ConsoleConfig.BusConfig> buses,
                             List<String> midiPairs) {
        Matcher m = RULE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("write a rule as 'ch1..16 <- system:capture_1..16' or 'main -> system:playback_1,system:playback_2'");
        }
        String target = m.group(1);
        boolean input = m.group(2).equals("<-");
        List<String> console = new ArrayList<>();
        Matcher s = STRIPS.matcher(target);
        if (s.matches()) {
            boolean direct = s.group(1).equals("direct");
            boolean ch = s.group(1).equals("ch") || direct;
            int from = Integer.parseInt(s.group(2));
            int to = s.group(3) == null ? from : Integer.parseInt(s.group(3));
            int count = ch ? channels.size() : buses.size();
            String what = ch ? "channel" : "bus";
            if (from < 1 || to > count || to < from) {
                throw new IllegalArgumentException("'" + target + "': this layout has " + count + " " + what
                        + (count == 1 ? "" : (ch ? "s" : "es")) + (count == 0 ? "" : ", numbered 1.." + count)
                        + (to < from ? "; write the lower number first" : ""));
            }
            if (ch && !direct && !input) throw new IllegalArgumentException("'" + target + "' is an input: write '" + target + " <- client:port'");
            if ((!ch || direct) && input) throw new IllegalArgumentException("'" + target + "' is an output: write '" + target + " -> client:port'");
            for (int i = from; i <= to; i++) {
                ConsoleConfig.ChannelConfig c = ch ? channels.get(i - 1) : null;
                if (direct && c.directOut() == Layout.DirectOut.OFF) {
                    throw new IllegalArgumentException("'" + target + "': channel " + i + " (" + c.name()
                            + ") has no direct output; give it \"directOut\": \"pre\" or \"post\" in the layout");
                }
                console.addAll(direct ? directPorts(c.stereo(), i)
                        : ch ? channelPorts(c.stereo(), i) : busPorts(buses.get(i - 1).stereo(), i));
            }
        } else if (isMidiPort(target) || midiPair(target, midiPairs) != null) {
            boolean in = target.equals(MIDI_IN) || target.endsWith("_in") && midiPair(target, midiPairs) != null;
            if (in != input) {
                throw new IllegalArgumentException("'" + target + "' is " + (in ? "an input: write '" + target + " <- client:port'"
                        : "an output: write '" + target + " -> client:port'"));
            }
            console.add(target);
        } else if (target.equals("main") || target.equals("mon") || target.equals("monitor")) {
            if (input) throw new IllegalArgumentException("'" + target + "' is an output: write '" + target + " -> client:port'");
            String base = target.equals("main") ? "main" : "mon";
            console.add(base + "_L");
            console.add(base + "_R");
        } else {
            String near = Suggest.nearest(target, List.of("ch1", "bus1", "main", "mon"));
            throw new IllegalArgumentException("'" + target + "' is not a console strip; use chN, chN..M, busN, busN..M, directN, directN..M, main, mon, midi_in or midi_out"
                    + (midiPairs.isEmpty() ? "" : " (or a MIDI pair's NAME_in, NAME_out: " + String.join(", ", midiPairs) + ")")
                    + (near != null ? " (did you mean '" + near + "'?)" : ""));
        }
        List<String> jack = new ArrayList<>();
        for (String part : m.group(3).split(",")) {
            String p = part.trim();
            if (p.isEmpty() || p.indexOf(':') <= 0 || p.endsWith(":")) {
                throw new IllegalArgumentException("'" + p + "' is not a JACK port; write client:port, e.g. system:capture_1");
            }
            Matcher r = PORT_RANGE.matcher(p);
            if (r.matches()) {
                int a = Integer.parseInt(r.group(2));
                int b = Integer.parseInt(r.group(3));
                if (b < a) throw new IllegalArgumentException("'" + p + "': write the lower number first");
                if (b - a >= 1024) throw new IllegalArgumentException("'" + p + "': at most 1024 ports in a range");
                for (int i = a; i <= b; i++) jack.add(r.group(1) + i);
            } else {
                jack.add(p);
            }
        }
        if (jack.size() != console.size()) {
            throw new IllegalArgumentException("'" + target + "' has " + console.size() + " port" + (console.size() == 1 ? "" : "s")
                    + " (" + String.join(", ", abbreviate(console)) + ") but the rule names " + jack.size() + " JACK port"
                    + (jack.size() == 1 ? "" : "s"));
        }
        List<Connection> out = new ArrayList<>();
        for (int i = 0; i < console.size(); i++) out.add(new Connection(console.get(i), jack.get(i), input));
        return new Rule(text, out);
    }

    /** The console's JACK MIDI ports (docs/midi.md), when the configuration has them ({@code jack.midi}). */
    public static final String MIDI_IN = "midi_in";
    public static final String MIDI_OUT = "midi_out";

    public static boolean isMidiPort(String consolePort) {
        return MIDI_IN.equals(consolePort) || MIDI_OUT.equals(consolePort);
    }

    /** The input port of the MIDI pair {@code pair} ({@code midi} gives {@code midi_in}). */
    public static String midiIn(String pair) {
        return pair + "_in";
    }

    /** The output port of the MIDI pair {@code pair} ({@code midi} gives {@code midi_out}). */
    public static String midiOut(String pair) {
        return pair + "_out";
    }

    /** The pair among {@code pairs} whose port {@code consolePort} is, or null. */
    public static String midiPair(String consolePort, List<String> pairs) {
        for (String p : pairs) if (consolePort.equals(midiIn(p)) || consolePort.equals(midiOut(p))) return p;
        return null;
    }

    /** The engine's input port names of channel {@code n} (1-based). */
    public static List<String> channelPorts(boolean stereo, int n) {
        return stereo ? List.of("ch" + n + "_L", "ch" + n + "_R") : List.of("ch" + n);
    }

    /** The engine's direct output port names of channel {@code n} (1-based). */
    public static List<String> directPorts(boolean stereo, int n) {
        return stereo ? List.of("ch" + n + "_direct_L", "ch" + n + "_direct_R") : List.of("ch" + n + "_direct");
    }

    /** The engine's output port names of bus {@code n} (1-based). */
    public static List<String> busPorts(boolean stereo, int n) {
        return stereo ? List.of("bus" + n + "_L", "bus" + n + "_R") : List.of("bus" + n);
    }

    private static List<String> abbreviate(List<String> ports) {
        if (ports.size() <= 4) return ports;
        return List.of(ports.get(0), ports.get(1), "…", ports.get(ports.size() - 1));
    }
}
