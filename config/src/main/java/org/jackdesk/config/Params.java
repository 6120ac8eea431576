package org.jackdesk.config;

import static org.jackdesk.config.ParamDef.Inner.BAND;
import static org.jackdesk.config.ParamDef.Inner.BUS;
import static org.jackdesk.config.ParamDef.Inner.DCA;
import static org.jackdesk.config.ParamDef.Inner.FX;
import static org.jackdesk.config.ParamDef.Inner.MUTEGROUP;
import static org.jackdesk.config.ParamDef.Inner.NONE;
import static org.jackdesk.config.ParamDef.Inner.NOTCH;
import static org.jackdesk.config.ParamDef.Root.AUTOMIX;
import static org.jackdesk.config.ParamDef.Root.CH;
import static org.jackdesk.config.ParamDef.Root.FXRET;
import static org.jackdesk.config.ParamDef.Root.FXSEND;
import static org.jackdesk.config.ParamDef.Root.MAIN;
import static org.jackdesk.config.ParamDef.Root.MONITOR;
import static org.jackdesk.config.ParamDef.Root.OSC;
import static org.jackdesk.config.ParamDef.Root.PLAYBACK;
import static org.jackdesk.config.ParamDef.Root.TALKBACK;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The one parameter namespace. Every address that the engine, the WebSocket and OSC protocols,
 * scenes and the command line know is defined here and nowhere else; docs/parameters.md is
 * generated from this list ({@code ./jackdesk params --markdown}).
 */
public final class Params {
    private Params() {}

    public static final List<String> SLOPES = List.of("12", "24");
    /** A main EQ band's channels. */
    public static final List<String> MS_MODES = List.of("stereo", "mid", "side");
    public static final List<String> GATE_MODES = List.of("gate", "expander");
    public static final List<String> EQ_LOW_TYPES = List.of("lowshelf", "peak");
    public static final List<String> EQ_HIGH_TYPES = List.of("highshelf", "peak");
    public static final List<String> DETECT = List.of("peak", "rms");
    public static final List<String> ORDERS = List.of("eq-comp", "comp-eq");
    public static final List<String> TAPS = List.of("pre", "post");
    public static final List<String> SOLO_MODES = List.of("pfl", "afl");
    public static final List<String> OSC_TYPES = List.of("sine", "pink", "white");
    public static final List<String> TALK_MODES = List.of("momentary", "latch");
    /** An FX slot's algorithm (docs/fx.md). */
    public static final List<String> FX_TYPES = List.of("off", "hall", "room", "plate", "delay", "chorus");
    public static final List<String> DELAY_MODES = List.of("stereo", "pingpong");
    /** Tempo-synced delay times: off (the time in ms), or a note value; d dotted (×1.5), t triplet (×2/3). */
    public static final List<String> DELAY_SYNC = List.of("off", "1/1", "1/2", "1/2d", "1/2t", "1/4", "1/4d", "1/4t",
            "1/8", "1/8d", "1/8t", "1/16", "1/16d", "1/16t");

    /**
     * Live switches: they act now and are never stored — a saved show and a scene leave them out,
     * and loading a show or recalling a scene never turns them on (the oscillator is always off
     * after a show loads, so nobody starts a show with a tone into the PA). See {@link ParamDef#live()}.
     */
    /** A channel's automix group (docs/assistants.md): none, or gain-sharing group X or Y. */
    public static final List<String> AUTOMIX_GROUPS = List.of("off", "x", "y");

    /** The feedback suppressor's mode on a bus (docs/assistants.md). */
    public static final List<String> FBS_MODES = List.of("off", "suggest", "auto");

    /** A channel's input source (docs/recording.md#playback): what JACK gives, or the loaded take's track. */
    public static final List<String> SOURCES = List.of("live", "playback");

    /**
     * {@code ch/{n}/source} and {@code playback/soundcheck} are live too: a show saved during a
     * virtual soundcheck must never load with the microphones off the air.
     */
    public static final Set<String> LIVE = Set.of("osc/on", "talkback/talk", "fx/{n}/tap", "ch/{n}/source", "playback/soundcheck");

    /**
     * Console setup, not scene data: saved with the show and loaded with it, but never captured in a
     * scene nor changed by a recall (on an X32 or SQ a channel link is part of the console's
     * configuration, not of a scene). See {@link ParamDef#setup()}.
     */
    public static final Set<String> SETUP = Set.of(ChannelLinks.TEMPLATE);

    private static final List<ParamDef> ALL = build();

    /** Every definition, in the order addresses are numbered and listed. */
    public static List<ParamDef> all() {
        return ALL;
    }

    private static List<ParamDef> build() {
        List<ParamDef> d = new ArrayList<>();
        double off = ParamDef.FADER_OFF_DB;
        // Input stage, in signal order.
        d.add(e(CH, "ch/{n}/source", SOURCES, 0,
                "Input source: live (JACK) or playback (the loaded take's track; 20 ms crossfade; live: never saved, live after a show loads)"));
        d.add(b(CH, "ch/{n}/soundcheck/safe", false, "Soundcheck safe: playback/soundcheck leaves this channel live (talkback, ambience mics)"));
        d.add(f(CH, "ch/{n}/trim", Unit.DB, -24, 24, 0, Taper.LINEAR, "Input trim (digital gain before everything)"));
        d.add(b(CH, "ch/{n}/polarity", false, "Polarity (phase) invert"));
        d.add(b(CH, "ch/{n}/delay/on", false, "Input delay on"));
        d.add(f(CH, "ch/{n}/delay/time", Unit.MS, 0, 500, 0, Taper.LINEAR, "Input delay time (aligns sources with the PA)"));
        d.add(b(CH, "ch/{n}/hpf/on", false, "High-pass filter on"));
        d.add(f(CH, "ch/{n}/hpf/freq", Unit.HZ, 20, 400, 80, Taper.LOG, "High-pass corner frequency (−3 dB point, Butterworth)"));
        d.add(e(CH, "ch/{n}/hpf/slope", SLOPES, 0, "High-pass slope in dB/octave"));
        d.add(b(CH, "ch/{n}/gate/on", false, "Gate/expander on"));
        d.add(e(CH, "ch/{n}/gate/mode", GATE_MODES, 0, "Gate, or 1:2 downward expander"));
        d.add(f(CH, "ch/{n}/gate/threshold", Unit.DB, -80, 0, -40, Taper.LINEAR, "Gate threshold (dBFS)"));
        d.add(f(CH, "ch/{n}/gate/range", Unit.DB, -80, 0, -60, Taper.LINEAR, "Gate range: attenuation when closed"));
        d.add(f(CH, "ch/{n}/gate/attack", Unit.MS, 0.05, 200, 0.5, Taper.LOG, "Gate attack (opening) time"));
        d.add(f(CH, "ch/{n}/gate/hold", Unit.MS, 0, 2000, 50, Taper.LINEAR, "Gate hold time after the level falls below threshold"));
        d.add(f(CH, "ch/{n}/gate/release", Unit.MS, 5, 4000, 200, Taper.LOG, "Gate release (closing) time"));
        d.add(b(CH, "ch/{n}/eq/on", false, "Parametric EQ on"));
        d.add(e(CH, "ch/{n}/eq/1/type", EQ_LOW_TYPES, 0, "EQ band 1 shape"));
        d.add(e(CH, "ch/{n}/eq/4/type", EQ_HIGH_TYPES, 0, "EQ band 4 shape"));
        d.add(new ParamDef("ch/{n}/eq/{i}/freq", CH, BAND, ParamType.FLOAT, Unit.HZ, 20, 20000,
                new double[] {100, 500, 2000, 8000}, Taper.LOG, null, "EQ band centre/corner frequency"));
        d.add(new ParamDef("ch/{n}/eq/{i}/gain", CH, BAND, ParamType.FLOAT, Unit.DB, -15, 15,
                new double[] {0}, Taper.LINEAR, null, "EQ band gain"));
        d.add(new ParamDef("ch/{n}/eq/{i}/q", CH, BAND, ParamType.FLOAT, Unit.Q, 0.1, 10,
                new double[] {0.707}, Taper.LOG, null, "EQ band Q (bandwidth; shelf steepness)"));
        d.add(b(CH, "ch/{n}/comp/on", false, "Compressor on"));
        d.add(f(CH, "ch/{n}/comp/threshold", Unit.DB, -60, 0, -20, Taper.LINEAR, "Compressor threshold (dBFS)"));
        d.add(f(CH, "ch/{n}/comp/ratio", Unit.RATIO, 1, ParamDef.RATIO_INF, 4, Taper.LOG, "Compressor ratio; 100 (or \"inf\") is ∞:1"));
        d.add(f(CH, "ch/{n}/comp/knee", Unit.DB, 0, 12, 2, Taper.LINEAR, "Compressor soft-knee width"));
        d.add(f(CH, "ch/{n}/comp/attack", Unit.MS, 0.1, 200, 10, Taper.LOG, "Compressor attack time"));
        d.add(f(CH, "ch/{n}/comp/release", Unit.MS, 5, 4000, 100, Taper.LOG, "Compressor release time"));
        d.add(f(CH, "ch/{n}/comp/makeup", Unit.DB, 0, 24, 0, Taper.LINEAR, "Compressor make-up gain"));
        d.add(b(CH, "ch/{n}/comp/automakeup", false, "Automatic make-up gain"));
        d.add(e(CH, "ch/{n}/comp/detect", DETECT, 0, "Compressor detector: peak or RMS"));
        d.add(b(CH, "ch/{n}/comp/schpf/on", false, "Compressor side-chain high-pass on"));
        d.add(f(CH, "ch/{n}/comp/schpf/freq", Unit.HZ, 20, 400, 100, Taper.LOG, "Compressor side-chain high-pass frequency"));
        d.add(e(CH, "ch/{n}/order", ORDERS, 0, "Processing order: EQ then compressor, or compressor then EQ"));
        d.add(f(CH, "ch/{n}/pan", Unit.PAN, -1, 1, 0, Taper.LINEAR, "Pan (−1 left … +1 right, constant power); balance on stereo channels"));
        d.add(f(CH, "ch/{n}/fader", Unit.DB, off, 10, 0, Taper.FADER, "Channel fader; -90 (or \"-inf\") is off"));
        d.add(b(CH, "ch/{n}/mute", false, "Channel mute"));
        d.add(b(CH, "ch/{n}/solo", false, "Channel solo (to the monitor bus, PFL or AFL)"));
        d.add(b(CH, "ch/{n}/main", true, "Channel assigned to the main bus"));
        d.add(new ParamDef("ch/{n}/send/{i}/on", CH, BUS, ParamType.BOOL, Unit.NONE, 0, 1, new double[] {1},
                Taper.NONE, null, "Send to bus i on"));
        d.add(new ParamDef("ch/{n}/send/{i}/level", CH, BUS, ParamType.FLOAT, Unit.DB, off, 10, new double[] {off},
                Taper.FADER, null, "Send level to bus i; -90 (or \"-inf\") is off"));
        d.add(new ParamDef("ch/{n}/send/{i}/tap", CH, BUS, ParamType.ENUM, Unit.NONE, 0, 1, new double[] {0},
                Taper.NONE, TAPS, "Send tap: pre-fader (monitor mixes) or post-fader (effects)"));
        d.add(new ParamDef("ch/{n}/send/{i}/pan", CH, BUS, ParamType.FLOAT, Unit.PAN, -1, 1, new double[] {0},
                Taper.LINEAR, null, "Send pan into a stereo bus (ignored on a mono bus)"));
        d.add(new ParamDef("ch/{n}/fx/{i}/on", CH, FX, ParamType.BOOL, Unit.NONE, 0, 1, new double[] {1},
                Taper.NONE, null, "Send to FX slot i on"));
        d.add(new ParamDef("ch/{n}/fx/{i}/level", CH, FX, ParamType.FLOAT, Unit.DB, off, 10, new double[] {off},
                Taper.FADER, null, "Send level to FX slot i's send bus; -90 (or \"-inf\") is off"));
        d.add(new ParamDef("ch/{n}/fx/{i}/tap", CH, FX, ParamType.ENUM, Unit.NONE, 0, 1, new double[] {1},
                Taper.NONE, TAPS, "FX send tap: pre-fader or post-fader (the usual for effects)"));
        d.add(new ParamDef("ch/{n}/fx/{i}/pan", CH, FX, ParamType.FLOAT, Unit.PAN, -1, 1, new double[] {0},
                Taper.LINEAR, null, "FX send pan into the stereo FX send bus"));
        d.add(new ParamDef("ch/{n}/dca/{i}", CH, DCA, ParamType.BOOL, Unit.NONE, 0, 1, new double[] {0},
                Taper.NONE, null, "Channel is a member of DCA i"));
        d.add(new ParamDef("ch/{n}/mutegroup/{i}", CH, MUTEGROUP, ParamType.BOOL, Unit.NONE, 0, 1, new double[] {0},
                Taper.NONE, null, "Channel is a member of mute group i"));
        d.add(e(CH, "ch/{n}/automix/group", AUTOMIX_GROUPS, 0,
                "Automix (gain-sharing) group of the channel: off, x or y (at most 16 channels each; docs/assistants.md)"));
        d.add(f(CH, "ch/{n}/automix/weight", Unit.DB, -12, 12, 0, Taper.LINEAR,
                "Automix weight: added to the channel's level before the gain shares are computed (a chair's mic +6 dB)"));
        d.add(b(CH, ChannelLinks.TEMPLATE, false, "Stereo link of the pair 1-2, 3-4, … (both mono): true on both channels while linked;"
                + " processing and controls mirrored, pan is the pair's balance (set on either side; saved with the show, not in scenes)"));

        d.add(f(ParamDef.Root.BUS, "bus/{n}/fader", Unit.DB, off, 10, 0, Taper.FADER, "Bus master fader; -90 is off"));
        d.add(b(ParamDef.Root.BUS, "bus/{n}/mute", false, "Bus mute"));
        busChain(d);

        d.add(f(MAIN, "main/fader", Unit.DB, off, 10, 0, Taper.FADER, "Main (stereo) fader; -90 is off"));
        d.add(b(MAIN, "main/mute", false, "Main mute"));
        mainChain(d);

        d.add(f(ParamDef.Root.DCA, "dca/{n}/fader", Unit.DB, off, 10, 0, Taper.FADER, "DCA fader: offsets its members' faders"));
        d.add(b(ParamDef.Root.DCA, "dca/{n}/mute", false, "DCA mute: mutes its members"));
        d.add(b(ParamDef.Root.MUTEGROUP, "mutegroup/{n}/on", false, "Mute group engaged: mutes its members"));

        d.add(f(MONITOR, "monitor/level", Unit.DB, off, 10, 0, Taper.FADER, "Monitor (solo/headphone) bus level"));
        d.add(e(MONITOR, "monitor/mode", SOLO_MODES, 0, "Solo mode: pre-fader (PFL) or after-fader (AFL)"));
        oscillator(d);
        talkback(d);
        effects(d);
        d.add(b(AUTOMIX, "automix/x/on", false, "Automix group X on (gain sharing across its channels)"));
        d.add(b(AUTOMIX, "automix/y/on", false, "Automix group Y on (gain sharing across its channels)"));
        d.add(b(PLAYBACK, "playback/soundcheck", false, "Virtual soundcheck: every channel with a track in the loaded take plays it,"
                + " except soundcheck-safe channels (live: never saved, off after a show loads)"));
        return List.copyOf(d);
    }

    /**
     * Aux bus processing after the bus fader: 4-band EQ (as on a channel), compressor, safety
     * limiter (in-ear monitors). Everything off by default: a fresh bus passes its mix untouched.
     */
    private static void busChain(List<ParamDef> d) {
        ParamDef.Root bus = ParamDef.Root.BUS;
        d.add(b(bus, "bus/{n}/eq/on", false, "Bus EQ on"));
        d.add(e(bus, "bus/{n}/eq/1/type", EQ_LOW_TYPES, 0, "Bus EQ band 1 shape"));
        d.add(e(bus, "bus/{n}/eq/4/type", EQ_HIGH_TYPES, 0, "Bus EQ band 4 shape"));
        d.add(new ParamDef("bus/{n}/eq/{i}/freq", bus, BAND, ParamType.FLOAT, Unit.HZ, 20, 20000,
                new double[] {100, 500, 2000, 8000}, Taper.LOG, null, "Bus EQ band centre/corner frequency"));
        d.add(new ParamDef("bus/{n}/eq/{i}/gain", bus, BAND, ParamType.FLOAT, Unit.DB, -15, 15,
                new double[] {0}, Taper.LINEAR, null, "Bus EQ band gain"));
        d.add(new ParamDef("bus/{n}/eq/{i}/q", bus, BAND, ParamType.FLOAT, Unit.Q, 0.1, 10,
                new double[] {0.707}, Taper.LOG, null, "Bus EQ band Q (bandwidth; shelf steepness)"));
        d.add(b(bus, "bus/{n}/comp/on", false, "Bus compressor on"));
        d.add(f(bus, "bus/{n}/comp/threshold", Unit.DB, -60, 0, -20, Taper.LINEAR, "Bus compressor threshold (dBFS)"));
        d.add(f(bus, "bus/{n}/comp/ratio", Unit.RATIO, 1, ParamDef.RATIO_INF, 4, Taper.LOG, "Bus compressor ratio; 100 (or \"inf\") is ∞:1"));
        d.add(f(bus, "bus/{n}/comp/knee", Unit.DB, 0, 12, 2, Taper.LINEAR, "Bus compressor soft-knee width"));
        d.add(f(bus, "bus/{n}/comp/attack", Unit.MS, 0.1, 200, 10, Taper.LOG, "Bus compressor attack time"));
        d.add(f(bus, "bus/{n}/comp/release", Unit.MS, 5, 4000, 100, Taper.LOG, "Bus compressor release time"));
        d.add(f(bus, "bus/{n}/comp/makeup", Unit.DB, 0, 24, 0, Taper.LINEAR, "Bus compressor make-up gain"));
        d.add(b(bus, "bus/{n}/comp/automakeup", false, "Bus compressor automatic make-up gain"));
        d.add(e(bus, "bus/{n}/comp/detect", DETECT, 0, "Bus compressor detector: peak or RMS"));
        d.add(b(bus, "bus/{n}/comp/schpf/on", false, "Bus compressor side-chain high-pass on"));
        d.add(f(bus, "bus/{n}/comp/schpf/freq", Unit.HZ, 20, 400, 100, Taper.LOG, "Bus compressor side-chain high-pass frequency"));
        d.add(b(bus, "bus/{n}/limiter/on", false, "Bus true-peak limiter on (adds 2 ms latency to this bus while on)"));
        d.add(f(bus, "bus/{n}/limiter/ceiling", Unit.DB, -6, -0.1, -1, Taper.LINEAR, "Bus limiter ceiling (dBTP)"));
        d.add(f(bus, "bus/{n}/limiter/release", Unit.MS, 1, 2000, 50, Taper.LOG, "Bus limiter release time"));
        d.add(b(bus, "bus/{n}/transient/on", false, "Bus transient shaper on (after the compressor, before the limiter)"));
        d.add(f(bus, "bus/{n}/transient/attack", Unit.DB, -12, 12, 0, Taper.LINEAR, "Bus transient shaper: attack change (onsets louder or softer)"));
        d.add(f(bus, "bus/{n}/transient/sustain", Unit.DB, -12, 12, 0, Taper.LINEAR, "Bus transient shaper: sustain change (decays louder or softer)"));
        d.add(new ParamDef("bus/{n}/fx/{i}/on", bus, FX, ParamType.BOOL, Unit.NONE, 0, 1, new double[] {1},
                Taper.NONE, null, "Bus send to FX slot i on"));
        d.add(new ParamDef("bus/{n}/fx/{i}/level", bus, FX, ParamType.FLOAT, Unit.DB, ParamDef.FADER_OFF_DB, 10,
                new double[] {ParamDef.FADER_OFF_DB}, Taper.FADER, null,
                "Bus send to FX slot i, from the bus output (FX in monitor mixes; one sub-block, 32 frames, later); -90 is off"));
        feedbackSuppressor(d, bus, "bus/{n}/");
    }

    /**
     * The feedback suppressor's mode and its 12 notches on a bus ({@code prefix} bus/{n}/ or main/):
     * notch filters after the bus fader, before its processing (docs/assistants.md). A notch at
     * depth 0 is off. The notches are parameters so that a show and its scenes keep the ones rung out.
     */
    private static void feedbackSuppressor(List<ParamDef> d, ParamDef.Root root, String prefix) {
        d.add(e(root, prefix + "fbs/mode", FBS_MODES, 0, "Feedback suppression: off, suggest (the tablet proposes notches) or auto"));
        d.add(new ParamDef(prefix + "fbs/notch/{i}/freq", root, NOTCH, ParamType.FLOAT, Unit.HZ, 20, 20000,
                new double[] {1000}, Taper.LOG, null, "Feedback notch i's frequency (a change glides the notch out, then in)"));
        d.add(new ParamDef(prefix + "fbs/notch/{i}/depth", root, NOTCH, ParamType.FLOAT, Unit.DB, 0, 40,
                new double[] {0}, Taper.LINEAR, null, "Feedback notch i's depth (cut in dB at Q 20, about 1/14 octave); 0 is off"));
        d.add(new ParamDef(prefix + "fbs/notch/{i}/fixed", root, NOTCH, ParamType.BOOL, Unit.NONE, 0, 1,
                new double[] {0}, Taper.NONE, null, "Feedback notch i is fixed (rung out: auto mode never reuses it)"));
    }

    /**
     * The main bus mastering chain after the main fader, in signal order: 6-band EQ (band 1
     * low-cut, 2 low shelf, 3 and 4 peaking, 5 high shelf, 6 high-cut), bus compressor, stereo
     * width, true-peak limiter. Everything off (width 100 %) by default: a fresh console passes its
     * mix bit for bit.
     */
    private static void mainChain(List<ParamDef> d) {
        d.add(b(MAIN, "main/eq/on", false, "Main EQ on"));
        d.add(b(MAIN, "main/eq/1/on", false, "Main EQ band 1 (low-cut) on"));
        d.add(f(MAIN, "main/eq/1/freq", Unit.HZ, 10, 400, 30, Taper.LOG, "Main EQ low-cut corner frequency (Butterworth, −3 dB)"));
        d.add(e(MAIN, "main/eq/1/slope", SLOPES, 0, "Main EQ low-cut slope in dB/octave"));
        String[] names = {"low shelf", "peak", "peak", "high shelf"};
        double[] freqs = {100, 400, 3000, 8000};
        double[] qs = {0.707, 1, 1, 0.707};
        for (int k = 0; k < 4; k++) {
            int band = k + 2;
            String p = "main/eq/" + band + "/";
            String what = "Main EQ band " + band + " (" + names[k] + ")";
            d.add(b(MAIN, p + "on", true, what + " on"));
            d.add(f(MAIN, p + "freq", Unit.HZ, 20, 20000, freqs[k], Taper.LOG, what + " frequency"));
            d.add(f(MAIN, p + "gain", Unit.DB, -15, 15, 0, Taper.LINEAR, what + " gain"));
            d.add(f(MAIN, p + "q", Unit.Q, 0.1, 10, qs[k], Taper.LOG, what + " Q (bandwidth; shelf steepness)"));
            d.add(e(MAIN, p + "ms", MS_MODES, 0, what + " acts on both channels, the mid (L+R)/2 only or the side (L−R)/2 only"));
        }
        d.add(b(MAIN, "main/eq/6/on", false, "Main EQ band 6 (high-cut) on"));
        d.add(f(MAIN, "main/eq/6/freq", Unit.HZ, 1000, 22000, 18000, Taper.LOG, "Main EQ high-cut corner frequency (Butterworth, −3 dB)"));
        d.add(e(MAIN, "main/eq/6/slope", SLOPES, 0, "Main EQ high-cut slope in dB/octave"));
        multiband(d);
        d.add(b(MAIN, "main/comp/on", false, "Main bus compressor on (stereo-linked RMS, soft knee)"));
        d.add(f(MAIN, "main/comp/threshold", Unit.DB, -60, 0, -18, Taper.LINEAR, "Main bus compressor threshold (dBFS RMS)"));
        d.add(f(MAIN, "main/comp/ratio", Unit.RATIO, 1, 20, 2, Taper.LOG, "Main bus compressor ratio"));
        d.add(f(MAIN, "main/comp/knee", Unit.DB, 0, 24, 6, Taper.LINEAR, "Main bus compressor soft-knee width"));
        d.add(f(MAIN, "main/comp/attack", Unit.MS, 0.1, 300, 10, Taper.LOG, "Main bus compressor attack time"));
        d.add(f(MAIN, "main/comp/release", Unit.MS, 10, 3000, 200, Taper.LOG, "Main bus compressor release time"));
        d.add(b(MAIN, "main/comp/autorelease", false, "Programme-dependent release (slows to 5× the set time under long reduction)"));
        d.add(f(MAIN, "main/comp/makeup", Unit.DB, 0, 24, 0, Taper.LINEAR, "Main bus compressor make-up gain"));
        d.add(f(MAIN, "main/comp/mix", Unit.PERCENT, 0, 100, 100, Taper.LINEAR, "Main bus compressor dry/wet mix (parallel compression)"));
        d.add(b(MAIN, "main/comp/schpf/on", false, "Main bus compressor side-chain high-pass on"));
        d.add(f(MAIN, "main/comp/schpf/freq", Unit.HZ, 20, 500, 100, Taper.LOG, "Main bus compressor side-chain high-pass frequency"));
        d.add(b(MAIN, "main/transient/on", false, "Main transient shaper on (after the bus compressor)"));
        d.add(f(MAIN, "main/transient/attack", Unit.DB, -12, 12, 0, Taper.LINEAR, "Transient shaper: attack change (onsets louder or softer)"));
        d.add(f(MAIN, "main/transient/sustain", Unit.DB, -12, 12, 0, Taper.LINEAR, "Transient shaper: sustain change (decays louder or softer)"));
        d.add(f(MAIN, "main/width", Unit.PERCENT, 0, 200, 100, Taper.LINEAR, "Stereo width (mid/side): 0 mono, 100 unchanged, 200 double side"));
        d.add(b(MAIN, "main/limiter/on", false, "Main true-peak limiter on (adds 2 ms latency while on)"));
        d.add(f(MAIN, "main/limiter/ceiling", Unit.DB, -6, -0.1, -1, Taper.LINEAR, "Main limiter ceiling (dBTP)"));
        d.add(f(MAIN, "main/limiter/release", Unit.MS, 1, 2000, 50, Taper.LOG, "Main limiter release time"));
        feedbackSuppressor(d, MAIN, "main/");
    }

    /**
     * The signal generator (docs/tools.md): a sine, pink or white noise into the main and/or any
     * aux bus, at the bus's input (its fader, processing and limiter act on it). {@code osc/on} is
     * live: never saved, off after every show load.
     */
    private static void oscillator(List<ParamDef> d) {
        d.add(b(OSC, "osc/on", false, "Oscillator on (live: never saved; off whenever a show loads)"));
        d.add(e(OSC, "osc/type", OSC_TYPES, 0, "Oscillator signal: sine, pink noise (−3 dB/octave) or white noise"));
        d.add(f(OSC, "osc/freq", Unit.HZ, 20, 20000, 1000, Taper.LOG, "Oscillator sine frequency"));
        d.add(f(OSC, "osc/level", Unit.DB, -90, 0, -20, Taper.LINEAR,
                "Oscillator level in dBFS (AES17: a full-scale sine is 0 dBFS; noise has the same RMS as a sine of this level)"));
        d.add(b(OSC, "osc/main", true, "Oscillator into the main bus"));
        d.add(new ParamDef("osc/bus/{i}", OSC, BUS, ParamType.BOOL, Unit.NONE, 0, 1, new double[] {0},
                Taper.NONE, null, "Oscillator into aux bus i"));
    }

    /**
     * Talkback (docs/tools.md): the configured source (a mono channel's input or a
     * {@code talkback_in} port) into the chosen buses and, only if chosen, the main, while
     * {@code talkback/talk} is on; the main and/or monitor dimmed meanwhile. {@code talkback/talk}
     * is live: never saved.
     */
    private static void talkback(List<ParamDef> d) {
        d.add(b(TALKBACK, "talkback/talk", false, "Talking now (live: never saved; off whenever a show loads)"));
        d.add(e(TALKBACK, "talkback/mode", TALK_MODES, 0, "TALK button: momentary (talk while held) or latch (tap on, tap off)"));
        d.add(f(TALKBACK, "talkback/level", Unit.DB, ParamDef.FADER_OFF_DB, 10, 0, Taper.FADER, "Talkback level into its destinations"));
        d.add(b(TALKBACK, "talkback/main", false, "Talkback into the main bus (never unless chosen)"));
        d.add(new ParamDef("talkback/bus/{i}", TALKBACK, BUS, ParamType.BOOL, Unit.NONE, 0, 1, new double[] {1},
                Taper.NONE, null, "Talkback into aux bus i"));
        d.add(f(TALKBACK, "talkback/dim/level", Unit.DB, -60, 0, -20, Taper.LINEAR, "Dim while talking (ramped over 50 ms)"));
        d.add(b(TALKBACK, "talkback/dim/main", true, "Dim the main output while talking"));
        d.add(b(TALKBACK, "talkback/dim/monitor", true, "Dim the monitor (headphone) output while talking"));
    }

    /**
     * The main bus's multiband compressor (engine/.../dsp/MultibandCompressor): 3 or 4 bands split
     * by Linkwitz–Riley crossovers, each compressed on its own, stereo-linked or mid/side; between
     * the main EQ and the bus compressor. Off by default.
     */
    private static void multiband(List<ParamDef> d) {
        d.add(b(MAIN, "main/multiband/on", false, "Main multiband compressor on (between the EQ and the bus compressor)"));
        d.add(e(MAIN, "main/multiband/bands", List.of("3", "4"), 0, "Multiband compressor: number of bands"));
        d.add(e(MAIN, "main/multiband/mode", List.of("stereo", "midside"), 0, "Multiband compressor: stereo-linked, or mid and side compressed apart"));
        double[] xo = {120, 1000, 6000};
        for (int k = 1; k <= 3; k++) {
            d.add(f(MAIN, "main/multiband/xover/" + k, Unit.HZ, 40, 16000, xo[k - 1], Taper.LOG,
                    "Multiband crossover " + k + " (Linkwitz–Riley 24 dB/oct)" + (k == 3 ? "; used with 4 bands" : "")));
        }
        double[] att = {20, 10, 5, 3}, rel = {250, 150, 100, 80};
        for (int b = 1; b <= 4; b++) {
            String p = "main/multiband/" + b + "/", w = "Multiband band " + b;
            d.add(f(MAIN, p + "threshold", Unit.DB, -60, 0, -24, Taper.LINEAR, w + " threshold (dBFS RMS)"));
            d.add(f(MAIN, p + "ratio", Unit.RATIO, 1, 20, 2, Taper.LOG, w + " ratio"));
            d.add(f(MAIN, p + "attack", Unit.MS, 0.1, 300, att[b - 1], Taper.LOG, w + " attack time"));
            d.add(f(MAIN, p + "release", Unit.MS, 10, 3000, rel[b - 1], Taper.LOG, w + " release time"));
            d.add(f(MAIN, p + "gain", Unit.DB, -12, 12, 0, Taper.LINEAR, w + " make-up gain"));
            d.add(b(MAIN, p + "solo", false, w + " solo (only the soloed bands are heard)"));
            d.add(b(MAIN, p + "bypass", false, w + " bypass (passes at unity: no reduction, no gain)"));
        }
    }

    /**
     * The FX slots (docs/fx.md): per slot a stereo send bus ({@code fxsend}), the unit ({@code fx}:
     * its algorithm and the parameters of each algorithm, kept while another type runs) and a
     * stereo return ({@code fxret}) into the main and the aux buses. A fresh slot is off and silent.
     */
    private static void effects(List<ParamDef> d) {
        double off = ParamDef.FADER_OFF_DB;
        d.add(f(FXSEND, "fxsend/{n}/fader", Unit.DB, off, 10, 0, Taper.FADER, "FX send bus master fader (into the unit); -90 is off"));
        d.add(b(FXSEND, "fxsend/{n}/on", true, "FX send bus on"));

        ParamDef.Root fx = ParamDef.Root.FX;
        d.add(e(fx, "fx/{n}/type", FX_TYPES, 0, "Effect: off, hall or room (feedback delay network), plate (Dattorro), delay, chorus"));
        d.add(f(fx, "fx/{n}/reverb/decay", Unit.S, 0.2, 20, 2, Taper.LOG, "Reverb decay time T60 of the mid frequencies (hall, room, plate)"));
        d.add(f(fx, "fx/{n}/reverb/predelay", Unit.MS, 0, 200, 20, Taper.LINEAR, "Reverb pre-delay"));
        d.add(f(fx, "fx/{n}/reverb/size", Unit.PERCENT, 20, 100, 80, Taper.LINEAR, "Reverb size: scales the delay lines"));
        d.add(f(fx, "fx/{n}/reverb/damping", Unit.PERCENT, 0, 90, 30, Taper.LINEAR,
                "High-frequency damping: above dampfreq the decay is shorter by this much (hall, room; the plate's loop low-pass)"));
        d.add(f(fx, "fx/{n}/reverb/dampfreq", Unit.HZ, 1000, 16000, 5000, Taper.LOG, "Frequency above which damping shortens the decay (hall, room)"));
        d.add(f(fx, "fx/{n}/reverb/bass", Unit.RATIO, 0.5, 2, 1, Taper.LOG, "Low-frequency decay as a multiple of the decay (hall, room)"));
        d.add(f(fx, "fx/{n}/reverb/crossover", Unit.HZ, 50, 1000, 250, Taper.LOG, "Low/mid crossover of the bass multiplier (hall, room)"));
        d.add(f(fx, "fx/{n}/reverb/width", Unit.PERCENT, 0, 100, 100, Taper.LINEAR, "Stereo width of the reverb: 0 mono, 100 full"));
        d.add(f(fx, "fx/{n}/delay/time", Unit.MS, 1, 3000, 400, Taper.LOG, "Delay time when not synced to the tempo"));
        d.add(e(fx, "fx/{n}/delay/mode", DELAY_MODES, 0, "Delay mode: stereo (each side its own echoes) or ping-pong (echoes alternate sides)"));
        d.add(e(fx, "fx/{n}/delay/sync", DELAY_SYNC, 0, "Delay time synced to fx/N/tempo as a note value (d dotted, t triplet), or off"));
        d.add(f(fx, "fx/{n}/delay/feedback", Unit.PERCENT, 0, 95, 30, Taper.LINEAR, "Delay feedback: each repeat's level relative to the one before"));
        d.add(f(fx, "fx/{n}/delay/lowcut", Unit.HZ, 20, 2000, 100, Taper.LOG, "High-pass in the delay's feedback loop; 20 is off"));
        d.add(f(fx, "fx/{n}/delay/highcut", Unit.HZ, 1000, 20000, 8000, Taper.LOG, "Low-pass in the delay's feedback loop; 20000 is off"));
        d.add(f(fx, "fx/{n}/tempo", Unit.BPM, 30, 300, 120, Taper.LINEAR, "The slot's tempo (synced delay times); set by tapping fx/N/tap"));
        d.add(b(fx, "fx/{n}/tap", false, "Tap tempo: each true is a tap; the tempo follows the last taps (live: never saved)"));
        d.add(f(fx, "fx/{n}/chorus/rate", Unit.HZ, 0.05, 5, 0.8, Taper.LOG, "Chorus modulation rate"));
        d.add(f(fx, "fx/{n}/chorus/depth", Unit.PERCENT, 0, 100, 40, Taper.LINEAR, "Chorus modulation depth (100 % = ±4 ms)"));
        d.add(f(fx, "fx/{n}/chorus/mix", Unit.PERCENT, 0, 100, 100, Taper.LINEAR, "Chorus wet share in the return (100 % is only the modulated voices)"));

        d.add(f(FXRET, "fxret/{n}/fader", Unit.DB, off, 10, 0, Taper.FADER, "FX return fader into the main; -90 is off"));
        d.add(b(FXRET, "fxret/{n}/on", true, "FX return on (off mutes it everywhere, the aux sends too)"));
        d.add(f(FXRET, "fxret/{n}/balance", Unit.PAN, -1, 1, 0, Taper.LINEAR, "FX return balance"));
        d.add(b(FXRET, "fxret/{n}/main", true, "FX return assigned to the main bus"));
        d.add(b(FXRET, "fxret/{n}/solo", false, "FX return solo (to the monitor bus: PFL after its EQ, AFL after its fader and balance)"));
        d.add(b(FXRET, "fxret/{n}/eq/on", false, "FX return EQ on"));
        d.add(e(FXRET, "fxret/{n}/eq/1/type", EQ_LOW_TYPES, 0, "FX return EQ band 1 shape"));
        d.add(e(FXRET, "fxret/{n}/eq/4/type", EQ_HIGH_TYPES, 0, "FX return EQ band 4 shape"));
        d.add(new ParamDef("fxret/{n}/eq/{i}/freq", FXRET, BAND, ParamType.FLOAT, Unit.HZ, 20, 20000,
                new double[] {100, 500, 2000, 8000}, Taper.LOG, null, "FX return EQ band centre/corner frequency"));
        d.add(new ParamDef("fxret/{n}/eq/{i}/gain", FXRET, BAND, ParamType.FLOAT, Unit.DB, -15, 15,
                new double[] {0}, Taper.LINEAR, null, "FX return EQ band gain"));
        d.add(new ParamDef("fxret/{n}/eq/{i}/q", FXRET, BAND, ParamType.FLOAT, Unit.Q, 0.1, 10,
                new double[] {0.707}, Taper.LOG, null, "FX return EQ band Q"));
        d.add(new ParamDef("fxret/{n}/aux/{i}/on", FXRET, BUS, ParamType.BOOL, Unit.NONE, 0, 1, new double[] {1},
                Taper.NONE, null, "FX return's send to aux bus i on"));
        d.add(new ParamDef("fxret/{n}/aux/{i}/level", FXRET, BUS, ParamType.FLOAT, Unit.DB, off, 10, new double[] {off},
                Taper.FADER, null, "FX return's send to aux bus i (reverb in the wedges), after its EQ and before its fader; -90 is off"));
        d.add(new ParamDef("fxret/{n}/dca/{i}", FXRET, DCA, ParamType.BOOL, Unit.NONE, 0, 1, new double[] {0},
                Taper.NONE, null, "FX return is a member of DCA i"));
        d.add(new ParamDef("fxret/{n}/mutegroup/{i}", FXRET, MUTEGROUP, ParamType.BOOL, Unit.NONE, 0, 1, new double[] {0},
                Taper.NONE, null, "FX return is a member of mute group i"));
    }

    private static ParamDef f(ParamDef.Root root, String t, Unit u, double min, double max, double def, Taper taper, String desc) {
        return new ParamDef(t, root, NONE, ParamType.FLOAT, u, min, max, new double[] {def}, taper, null, desc);
    }

    private static ParamDef b(ParamDef.Root root, String t, boolean def, String desc) {
        return new ParamDef(t, root, NONE, ParamType.BOOL, Unit.NONE, 0, 1, new double[] {def ? 1 : 0}, Taper.NONE, null, desc);
    }

    private static ParamDef e(ParamDef.Root root, String t, List<String> values, int def, String desc) {
        return new ParamDef(t, root, NONE, ParamType.ENUM, Unit.NONE, 0, values.size() - 1, new double[] {def}, Taper.NONE, values, desc);
    }
}
