package org.jackdesk.config.show;

import java.util.List;
import org.jackdesk.config.Param;

/**
 * The sections a scene scope or a recall safe can name ("eq", "fader", …), i.e. the columns of a
 * console's recall-scope matrix. Every parameter belongs to exactly one. Thread: any.
 */
public final class Sections {
    private Sections() {}

    /** Every section, in signal order. docs/shows.md lists them; a test keeps the two in step. */
    public static final List<String> ALL = List.of(
            "input", "hpf", "gate", "eq", "comp", "order", "pan", "fader", "mute", "solo", "routing", "sends", "groups", "tools", "fx");

    /**
     * The sections of a channel's processing, in signal order: what a copy and paste copies and a
     * channel-library preset holds ({@link ChannelLibrary}); docs/protocol.md, "Copy and paste".
     */
    public static final List<String> CHANNEL_PROCESSING = List.of("hpf", "gate", "eq", "comp", "sends");

    /** The section of a parameter. */
    public static String of(Param p) {
        String[] seg = p.path().split("/");
        switch (p.def().root()) {
            case CH:
                switch (seg[2]) {
                    case "trim": case "polarity": case "delay": case "source": case "soundcheck": return "input";
                    case "main": case "link": return "routing"; // a stereo link is console setup: never in a scene
                    case "send": case "fx": return "sends";
                    case "dca": case "mutegroup": case "automix": return "groups";
                    default: return seg[2];
                }
            case AUTOMIX:
                return "groups";
            case MAIN:
                switch (seg[1]) {
                    // the mastering stages are dynamics, as the compressor; width is the image
                    case "multiband": case "transient": case "limiter": return "comp";
                    case "width": return "pan";
                    case "fbs": return "eq"; // the feedback notches are EQ
                    default: return seg[1]; // fader, mute, eq, comp
                }
            case MUTEGROUP:
                return "mute";
            case MONITOR:
                return seg[1].equals("level") ? "fader" : "solo";
            case OSC:
            case TALKBACK:
            case PLAYBACK:
                return "tools";
            case FX:
            case FXSEND:
                return "fx";
            case FXRET:
                switch (seg[2]) {
                    case "on": return "mute";
                    case "balance": return "pan";
                    case "main": case "link": return "routing"; // a stereo link is console setup: never in a scene
                    case "aux": return "sends";
                    case "dca": case "mutegroup": return "groups";
                    default: return seg[2]; // fader, eq
                }
            case BUS:
                switch (seg[2]) {
                    case "fx": return "sends";
                    case "fbs": return "eq"; // the feedback notches are EQ
                    case "limiter": case "transient": return "comp"; // the in-ear safety limiter and the shaper: dynamics
                    default: return seg[2];
                }
            case DCA:
            default:
                return seg[2];
        }
    }
}
