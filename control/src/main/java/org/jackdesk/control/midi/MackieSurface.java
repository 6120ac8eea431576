package org.jackdesk.control.midi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.Taper;
import org.jackdesk.control.StripColours;

/**
 * A Mackie Control (MCU) surface on the MIDI pair (docs/midi.md, "Mackie Control"): 8 strips and
 * the master fader over the console's channels, then its buses, then its FX returns, then its
 * DCAs, 8 at a time.
 *
 * <p>What it reads: the handshake (host connection query → reply with the response code),
 * touch-sensitive faders (14-bit pitch bend on MIDI channels 1–8, 9 the master; touch notes
 * 0x68–0x70, a touch holds the control in the parameter service like a finger on a tablet),
 * V-pots (CC 0x10–0x17, sign-magnitude ticks: pan, sends or EQ as the assignment buttons PAN 0x2A,
 * SEND 0x29 and EQ 0x2C choose), SOLO (notes 0x08–0x0F), MUTE (0x10–0x17) and
 * SELECT (0x18–0x1F) buttons, BANK left/right (0x2E/0x2F) and CHANNEL left/right (0x30/0x31), and
 * FLIP (0x32: with a bus selected, the channel strips' faders move their sends to that bus).
 * What it writes: fader positions (pitch bend, never under a finger), V-pot LED rings (CC
 * 0x30–0x37), MUTE/SOLO/SELECT and assignment LEDs (note on, velocity 127/0), the two-digit
 * assignment display (CC 0x4B left, 0x4A right), the scribble strips (the 2 × 56-character LCD
 * SysEx {@code F0 00 00 66 14 12 offset text F7}: names on the upper row, the strip's address on
 * the lower) and with them the X-Touch's strip colours ({@code F0 00 00 66 14 72 c1..c8 F7}).
 * Each strip element sends at most every {@link MidiMapper#FEEDBACK_NANOS}, the latest value.
 *
 * <p>Thread: one (the MIDI adapter's event loop); not thread-safe.
 */
public final class MackieSurface {
    static final int STRIPS = 8;
    /** The MCU's SysEx header: Mackie's manufacturer id 00 00 66, device 14 (Mackie Control main unit). */
    static final byte[] HEADER = {(byte) 0xF0, 0, 0, 0x66, 0x14};
    /** The device byte of the main unit (0x14) and of an extender (0x15, the MCU XT; the X-Touch Extender in MC mode). */
    static final int DEVICE_MAIN = 0x14, DEVICE_EXTENDER = 0x15;
    static final int NOTE_SOLO = 0x08, NOTE_MUTE = 0x10, NOTE_SELECT = 0x18;
    static final int NOTE_BANK_LEFT = 0x2E, NOTE_BANK_RIGHT = 0x2F, NOTE_CHANNEL_LEFT = 0x30, NOTE_CHANNEL_RIGHT = 0x31;
    static final int NOTE_TOUCH = 0x68, NOTE_TOUCH_MASTER = 0x70, NOTE_FLIP = 0x32;
    /** The V-pots' push switches (V-SELECT 1–8). */
    static final int NOTE_VSELECT = 0x20;
    /** The assignment buttons TRACK, SEND, PAN/SURROUND, PLUG-IN, EQ, INSTRUMENT (0x28–0x2D). */
    static final int NOTE_ASSIGN_TRACK = 0x28, NOTE_ASSIGN_SEND = 0x29, NOTE_ASSIGN_PAN = 0x2A, NOTE_ASSIGN_EQ = 0x2C,
            NOTE_ASSIGN_INSTRUMENT = 0x2D;
    static final int CC_VPOT = 0x10, CC_RING = 0x30;
    /** The two-digit assignment display: CC 0x4B the left digit, 0x4A the right (as Ardour's Mackie support writes it). */
    static final int CC_ASSIGN_LEFT = 0x4B, CC_ASSIGN_RIGHT = 0x4A;
    /** The V-pot LED ring's modes (the value's bits 4–5): one dot, boost/cut from the centre, a bar from the left. */
    static final int RING_DOT = 0x00, RING_BOOST_CUT = 0x10, RING_WRAP = 0x20;
    /** The strips' REC buttons (0x00–0x07) and the transport's STOP and RECORD. */
    static final int NOTE_REC = 0x00, NOTE_STOP = 0x5D, NOTE_RECORD = 0x5F;
    /** The SMPTE LED beside the timecode display (lit: the display shows time, not beats). */
    static final int NOTE_SMPTE = 0x71;
    /** The timecode display's ten digits: CC 0x40 the rightmost … 0x49 the leftmost (bit 0x40 of a value: its dot). */
    static final int CC_TIMECODE = 0x40, TIMECODE_DIGITS = 10;
    /** The frames of the timecode display: 25 a second, as the recorder has no frame rate of its own. */
    static final int TIMECODE_FPS = 25;
    /** The X-Touch's (firmware 1.22 and later) scribble-strip colour SysEx command; a plain MCU ignores it. */
    static final int SYSEX_COLOURS = 0x72;
    /** What the V-pots move: each strip's pan, each strip's send to {@link #sendBus()}, or the selected strip's EQ. */
    public enum VpotMode { PAN, SEND, EQ }
    /** One V-pot tick moves pan this far (1/50 of its travel). */
    static final double VPOT_STEP = 0.02;

    /** Where the surface's decisions go (the adapter, behind it the parameter service). */
    public interface Host {
        double value(Param p);

        /** False when the budget is spent (a fader move is then held over). */
        boolean set(Param p, double value);

        void touch(Param p, boolean on);

        boolean send(byte[] msg, int len);

        /** Starts ({@code true}) or stops the recorder on behalf of the surface; false when there is none. */
        default boolean record(boolean start) {
            return false;
        }
    }

    /** What a strip of the surface shows. */
    enum Kind { CHANNEL, BUS, FXRET, DCA }

    /**
     * One strip of the console the surface can show: its kind and number (1-based), name, label and
     * parameters (pan, solo and type may be null; an FX return's "mute" is its {@code on}, so
     * {@code muteIsOn}); {@code type} is an FX return's slot type, which names it on the LCD;
     * {@code colour} is its X-Touch colour (1–7).
     */
    record Strip(Kind kind, int n, String name, String label, Param fader, Param pan, Param mute, boolean muteIsOn, Param solo,
                 Param type, int colour) {
        int channel() {
            return kind == Kind.CHANNEL ? n : 0;
        }

        int bus() {
            return kind == Kind.BUS ? n : 0;
        }

        /** The address of this strip's send to bus {@code b}, or null when it has none. */
        String send(int b) {
            if (kind == Kind.CHANNEL) return "ch/" + n + "/send/" + b + "/level";
            if (kind == Kind.FXRET) return "fxret/" + n + "/aux/" + b + "/level";
            return null;
        }

        /** The prefix of this strip's EQ band addresses ({@code ch/3/eq/}), or null without an EQ. */
        String eq() {
            return switch (kind) {
                case CHANNEL -> "ch/" + n + "/eq/";
                case BUS -> "bus/" + n + "/eq/";
                case FXRET -> "fxret/" + n + "/eq/";
                case DCA -> null;
            };
        }

        boolean muted(double muteValue) {
            return muteIsOn ? muteValue == 0 : muteValue != 0;
        }
    }

    private final Host host;
    /** This surface's SysEx header (the main unit's or an extender's device byte). */
    private final byte[] header = HEADER.clone();
    /** An extender's main unit, whose bank it follows {@link #leaderOffset} strips further on; null for a main unit. */
    private MackieSurface leader;
    private int leaderOffset;
    /** BANK left/right move the strips by this many: 8, or 8 more than the farthest extender's offset. */
    private int bankStep = STRIPS;
    /** A main unit's extenders ({@link #addExtender}). */
    private final List<MackieSurface> extenders = new ArrayList<>();
    private final ParamRegistry registry;
    private final List<Strip> strips;
    private VpotMode vpotMode = VpotMode.PAN;
    /** The bus whose sends the V-pots move in {@link VpotMode#SEND}, 0 before the first SEND. */
    private int sendBus;
    private boolean assignDue = true;
    /** What each V-pot moves now (null: nothing), recomputed by {@link #refresh()}. */
    private final Param[] pots = new Param[STRIPS];
    /** The bus whose sends the channel strips' faders move (FLIP), 0 when off. */
    private int flipBus;
    /** The bus last selected on the surface (FLIP needs one), 0 when none. */
    private int selectedBus;
    private boolean flipLedDue = true;
    private final Param master;
    private int offset;
    private int selected = -1;
    /** Per surface strip (0–7) and the master (8): what must be sent. */
    private final boolean[] faderDue = new boolean[STRIPS + 1];
    private final boolean[] touched = new boolean[STRIPS + 1];
    private final double[] heldFader = new double[STRIPS + 1];
    private final long[] faderSent = new long[STRIPS + 1];
    private final boolean[] ringDue = new boolean[STRIPS];
    private final boolean[] ledsDue = new boolean[STRIPS];
    private boolean lcdDue;
    /** The LCD is repainted at most this often (EQ values change as fast as a V-pot turns; 2 × 63 bytes each). */
    static final long LCD_NANOS = 50_000_000L;
    private long lcdSent = Long.MIN_VALUE / 2;
    private long unhandled;
    /** The recorder as last told ({@link #recorder}): a take running, and the timecode display's text. */
    private boolean recording;
    private boolean recLedsDue = true;
    private final char[] timecode = "          ".toCharArray();
    /** What each timecode digit shows on the surface (-1: unknown, sent again). */
    private final int[] timecodeSent = new int[TIMECODE_DIGITS];

    /** Without a configuration: no colours (every strip white), DCAs named "DCA n". */
    public MackieSurface(ParamRegistry registry, Host host) {
        this(registry, null, host);
    }

    /**
     * @param layout the configuration's layout (strip colours, DCA names), or null; ignored when it
     *               does not describe the registry's layout
     */
    public MackieSurface(ParamRegistry registry, ConsoleConfig.LayoutConfig layout, Host host) {
        this.host = host;
        this.registry = registry;
        List<Strip> s = new ArrayList<>();
        Layout l = registry.layout();
        if (layout != null && (layout.channels().size() != l.channels().size() || layout.buses().size() != l.buses().size())) layout = null;
        for (int i = 1; i <= l.channels().size(); i++) {
            String p = "ch/" + i + "/";
            s.add(new Strip(Kind.CHANNEL, i, l.channels().get(i - 1).name(), "ch " + i, registry.find(p + "fader"), registry.find(p + "pan"),
                    registry.find(p + "mute"), false, registry.find(p + "solo"), null,
                    StripColours.xtouch(layout == null ? null : layout.channels().get(i - 1).colour())));
        }
        for (int i = 1; i <= l.buses().size(); i++) {
            String p = "bus/" + i + "/";
            s.add(new Strip(Kind.BUS, i, l.buses().get(i - 1).name(), "bus " + i, registry.find(p + "fader"), null,
                    registry.find(p + "mute"), false, null, null, StripColours.xtouch(layout == null ? null : layout.buses().get(i - 1).colour())));
        }
        for (int i = 1; i <= l.fx(); i++) {
            String p = "fxret/" + i + "/";
            s.add(new Strip(Kind.FXRET, i, "FX " + i, "fx " + i, registry.find(p + "fader"), registry.find(p + "balance"),
                    registry.find(p + "on"), true, registry.find(p + "solo"), registry.find("fx/" + i + "/type"), StripColours.xtouch(null)));
        }
        for (int i = 1; i <= Layout.DCA_COUNT; i++) {
            String name = layout == null || layout.dcas().size() < i ? "DCA " + i : layout.dcas().get(i - 1);
            s.add(new Strip(Kind.DCA, i, name, "dca " + i, registry.find("dca/" + i + "/fader"), null, registry.find("dca/" + i + "/mute"),
                    false, null, null, StripColours.xtouch(null)));
        }
        this.strips = List.copyOf(s);
        this.master = registry.find("main/fader");
        java.util.Arrays.fill(heldFader, Double.NaN);
        java.util.Arrays.fill(faderSent, Long.MIN_VALUE / 2);
        refresh();
    }

    /** The first console strip on the surface (0-based). */
    public int bankOffset() {
        return offset;
    }

    /**
     * Makes {@code extender} an extender of this surface (docs/midi.md, "More port pairs"): it
     * speaks as an MCU extender (device 0x15), shows the strips {@code stripsAfter} after this
     * surface's first, follows its bank, FLIP and PAN/SEND assignment, and BANK here moves both by
     * the strips they show together. Thread: the adapters' event loop (both surfaces').
     */
    public void addExtender(MackieSurface extender, int stripsAfter) {
        if (extender == this || leader != null) throw new IllegalArgumentException("an extender follows a main unit");
        extender.leader = this;
        extender.leaderOffset = stripsAfter;
        extender.header[4] = DEVICE_EXTENDER;
        bankStep = Math.max(bankStep, stripsAfter + STRIPS);
        extenders.add(extender);
        extender.follow();
    }

    /** The selection of this main unit moved from {@code before}: the SELECT LEDs showing either, here and on its extenders, are due. */
    private void selectionMoved(int before) {
        List<MackieSurface> units = new ArrayList<>(extenders);
        units.add(this);
        for (MackieSurface u : units) {
            for (int k = 0; k < STRIPS; k++) {
                int at = u.offset + k;
                if (at == before || at == selected) u.ledsDue[k] = true;
            }
        }
    }

    /** An extender takes its main unit's bank, FLIP and V-pot assignment; true when it changed. */
    private boolean follow() {
        MackieSurface l = leader;
        if (l == null) return false;
        int want = l.offset + leaderOffset;
        VpotMode mode = l.vpotMode == VpotMode.EQ ? VpotMode.PAN : l.vpotMode; // EQ is the selected strip's: on the main unit only
        if (want == offset && mode == vpotMode && l.sendBus == sendBus && l.flipBus == flipBus) return false;
        releaseTouches();
        offset = want;
        vpotMode = mode;
        sendBus = l.sendBus;
        if (flipBus != l.flipBus) flipLedDue = true;
        flipBus = l.flipBus;
        refresh();
        return true;
    }

    /** The main unit this surface extends, or null. */
    public MackieSurface leader() {
        return leader;
    }

    /** Messages that were for no MCU control. */
    public long unhandled() {
        return unhandled;
    }

    private Strip at(int surfaceStrip) {
        int i = offset + surfaceStrip;
        return i < strips.size() ? strips.get(i) : null;
    }

    /** What fader {@code i} (0–7, 8 the master) moves now: with FLIP a channel's or FX return's send to the flipped bus. */
    private Param fader(int i) {
        if (i == STRIPS) return master;
        Strip s = at(i);
        if (s == null) return null;
        Param send = flipBus > 0 && s.send(flipBus) != null ? registry.find(s.send(flipBus)) : null;
        return send != null ? send : s.fader();
    }

    /** The strip whose EQ the V-pots move in {@link VpotMode#EQ}: the selected one, if it has an EQ; else null. */
    private Strip eqStrip() {
        Strip s = selected >= 0 && selected < strips.size() ? strips.get(selected) : null;
        return s != null && s.eq() != null ? s : null;
    }

    /** What V-pot {@code i} moves in the current mode (EQ: band i/2+1, gain on the even pots, frequency on the odd). */
    private Param pot(int i) {
        Strip s = at(i);
        return switch (vpotMode) {
            case PAN -> s == null ? null : s.pan();
            case SEND -> s == null || s.send(sendBus) == null ? null : registry.find(s.send(sendBus));
            case EQ -> {
                Strip e = eqStrip();
                yield e == null ? null : registry.find(e.eq() + (i / 2 + 1) + (i % 2 == 0 ? "/gain" : "/freq"));
            }
        };
    }

    /** What the V-pots move now. */
    public VpotMode vpotMode() {
        return vpotMode;
    }

    /** The bus whose sends the V-pots move in {@link VpotMode#SEND} (kept when another mode is chosen), 0 before the first SEND. */
    public int sendBus() {
        return sendBus;
    }

    /** The bus whose sends are on the faders (FLIP), 0 when off. */
    public int flipBus() {
        return flipBus;
    }

    /** Everything on the surface is due again (after a bank change, at the handshake). */
    public void refresh() {
        for (int i = 0; i < STRIPS; i++) pots[i] = pot(i);
        assignDue = true;
        java.util.Arrays.fill(faderDue, true);
        java.util.Arrays.fill(ringDue, true);
        java.util.Arrays.fill(ledsDue, true);
        lcdDue = true;
        recLedsDue = true;
        java.util.Arrays.fill(timecodeSent, -1);
    }

    /** The device query is repeated this often until the surface answers (a surface switched on later, a message lost). */
    static final long QUERY_NANOS = 2_000_000_000L;
    private boolean answered;
    private long queried = Long.MIN_VALUE / 2;

    /** Repeats the device query every {@link #QUERY_NANOS} until the surface has answered; true while it waits. */
    public boolean queryUntilAnswered(long now) {
        if (answered) return false;
        if (now - queried >= QUERY_NANOS) {
            queried = now;
            query();
        }
        return true;
    }

    /** Asks the surface who it is (the host's device query). */
    public void query() {
        byte[] q = {(byte) 0xF0, 0, 0, 0x66, header[4], 0x00, (byte) 0xF7};
        host.send(q, q.length);
    }

    /** One incoming message; false when it is no MCU message (the generic mapping may use it). */
    public boolean handle(byte[] m, int len) {
        follow();
        int status = m[0] & 0xff;
        if (status == 0xF0) return sysex(m, len);
        if (len < 3) return false;
        int kind = status & 0xF0, ch = status & 0x0F;
        int d1 = m[1] & 0x7f, d2 = m[2] & 0x7f;
        if (kind == 0xE0) {
            if (ch > STRIPS) return false;
            Param f = fader(ch);
            double pos = (d2 << 7 | d1) / 16383.0;
            if (f != null) {
                double v = f.def().taper().fromNormalized(pos, f.min(), f.max());
                if (!host.set(f, v)) heldFader[ch] = v;
            }
            return true;
        }
        if (kind == 0xB0 && d1 >= CC_VPOT && d1 < CC_VPOT + STRIPS) {
            Param p = pots[d1 - CC_VPOT];
            int ticks = (d2 & 0x40) != 0 ? -(d2 & 0x3f) : d2 & 0x3f;
            if (p != null && ticks != 0) {
                // A tick is 2 % of the control's travel on its own taper (linear pan, the fader law for sends, log frequency).
                Taper t = p.def().taper();
                double pos = Math.max(0, Math.min(1, t.toNormalized(host.value(p), p.min(), p.max()) + ticks * VPOT_STEP));
                host.set(p, Math.max(p.min(), Math.min(p.max(), t.fromNormalized(pos, p.min(), p.max()))));
            }
            return true;
        }
        if (kind != 0x90 && kind != 0x80) return false;
        boolean press = kind == 0x90 && d2 > 0;
        if (d1 >= NOTE_TOUCH && d1 <= NOTE_TOUCH_MASTER) {
            int i = d1 - NOTE_TOUCH;
            Param f = fader(i);
            touched[i] = press;
            if (f != null) host.touch(f, press);
            if (!press) faderDue[i] = true; // let go: the motor goes where the console is
            return true;
        }
        if (d1 >= NOTE_SOLO && d1 < NOTE_SELECT + STRIPS) {
            if (!press) return true;
            int i = d1 & 7;
            Strip s = at(i);
            if (s == null) return true;
            if (d1 >= NOTE_SELECT) {
                // The selection is the main unit's, shared with its extenders (FLIP and SEND take its bus).
                MackieSurface r = leader != null ? leader : this;
                int before = r.selected;
                r.selected = offset + i;
                r.selectedBus = s.bus(); // a channel or DCA selected after a bus: FLIP has no bus any more
                r.selectionMoved(before);
                ledsDue[i] = true;
                if (r.vpotMode == VpotMode.EQ && before != r.selected) r.refresh(); // the V-pots follow the selected strip's EQ
            } else {
                Param p = d1 >= NOTE_MUTE ? s.mute() : s.solo();
                if (p != null) host.set(p, host.value(p) != 0 ? 0 : 1);
            }
            return true;
        }
        if (d1 == NOTE_FLIP || leader != null && (d1 == NOTE_ASSIGN_PAN || d1 == NOTE_ASSIGN_SEND || d1 == NOTE_ASSIGN_EQ)) {
            if (!press) return true;
            if (leader != null) { // FLIP and the assignment are the main unit's
                leader.handle(m, len);
                follow();
                return true;
            }
            releaseTouches();
            flipBus = flipBus > 0 ? 0 : selectedBus; // without a selected bus FLIP stays off
            flipLedDue = true;
            refresh();
            return true;
        }
        if (d1 >= NOTE_VSELECT && d1 < NOTE_VSELECT + STRIPS) {
            // A V-pot pressed: what it moves goes back to its default (pan centre, EQ gain 0 dB, the band's frequency);
            // not a send, whose default is -inf: a bump must not silence a monitor mix.
            Param p = pots[d1 - NOTE_VSELECT];
            if (press && p != null && vpotMode != VpotMode.SEND) host.set(p, p.defaultValue());
            return true;
        }
        if (d1 == NOTE_ASSIGN_PAN || d1 == NOTE_ASSIGN_SEND || d1 == NOTE_ASSIGN_EQ) {
            if (!press) return true;
            assign(d1);
            return true;
        }
        if (d1 >= NOTE_BANK_LEFT && d1 <= NOTE_CHANNEL_RIGHT) {
            if (!press) return true;
            if (leader != null) { // an extender's bank is its main unit's
                leader.handle(m, len);
                follow();
                return true;
            }
            int step = d1 == NOTE_BANK_LEFT || d1 == NOTE_BANK_RIGHT ? bankStep : 1;
            int dir = d1 == NOTE_BANK_LEFT || d1 == NOTE_CHANNEL_LEFT ? -1 : 1;
            int next = Math.max(0, Math.min(Math.max(0, strips.size() - 1), offset + dir * step));
            if (next != offset) {
                releaseTouches();
                offset = next;
                refresh();
            }
            return true;
        }
        if (d1 == NOTE_RECORD || d1 == NOTE_STOP) {
            // RECORD starts a take, STOP ends it (docs/recording.md); the surface acts with the MIDI user's role
            if (press && (d1 == NOTE_RECORD) != recording && !host.record(d1 == NOTE_RECORD)) unhandled++;
            return true;
        }
        unhandled++; // the strips' REC buttons too: every input is recorded, there is no per-channel arming
        return true; // an MCU button without a console function yet: ours, not the generic mapping's
    }

    /**
     * An assignment button: PAN puts the strips' pans on the V-pots; SEND their sends to the selected
     * bus (else to the bus of the last SEND, else bus 1), and SEND again steps to the next bus;
     * EQ the selected strip's EQ bands.
     */
    private void assign(int note) {
        if (note == NOTE_ASSIGN_SEND) {
            int buses = registry.layout().buses().size();
            if (buses == 0) {
                unhandled++;
                return;
            }
            if (vpotMode == VpotMode.SEND) sendBus = sendBus % buses + 1;
            else sendBus = selectedBus > 0 ? selectedBus : Math.max(1, sendBus);
            vpotMode = VpotMode.SEND;
        } else {
            vpotMode = note == NOTE_ASSIGN_EQ ? VpotMode.EQ : VpotMode.PAN;
        }
        refresh();
    }

    /** Lets go of every strip fader the surface holds (before what they move changes; the master stays). */
    private void releaseTouches() {
        for (int i = 0; i < STRIPS; i++) {
            Param f = fader(i);
            if (touched[i] && f != null) host.touch(f, false);
            touched[i] = false;
        }
    }

    private boolean sysex(byte[] m, int len) {
        if (len < HEADER.length + 2) return false;
        for (int i = 1; i < HEADER.length; i++) if (m[i] != header[i]) return false;
        int cmd = m[5] & 0x7f;
        if (cmd <= 0x04) answered = true;
        if (cmd == 0x01 && len >= 18) { // host connection query: serial (7), challenge (4)
            byte[] r = new byte[18];
            System.arraycopy(header, 0, r, 0, HEADER.length);
            r[5] = 0x02;
            System.arraycopy(m, 6, r, 6, 7);
            int[] resp = response(m[13] & 0x7f, m[14] & 0x7f, m[15] & 0x7f, m[16] & 0x7f);
            for (int i = 0; i < 4; i++) r[13 + i] = (byte) resp[i];
            r[17] = (byte) 0xF7;
            host.send(r, r.length);
            refresh();
        } else if (cmd == 0x03) { // connection confirmed: show the console
            refresh();
        } else {
            unhandled++;
        }
        return true;
    }

    /**
     * The host's answer to the surface's challenge c1..c4, as Logic documents it and Ardour's
     * Mackie support computes it (not checked against a device here: surfaces in MCU mode of the
     * X-Touch generation do not send a challenge).
     */
    static int[] response(int c1, int c2, int c3, int c4) {
        return new int[] {
                0x7f & (c1 + (c2 ^ 0x0a) - c4),
                0x7f & ((c3 >> 4) ^ (c1 + c4)),
                0x7f & ((c4 - (c3 << 2)) ^ (c1 | c2)),
                0x7f & (c2 - c3 + (0xf0 ^ (c4 << 4)))};
    }

    /** The console changed {@code p}: the surface element showing it is due ({@code own}: the surface moved it). */
    public boolean changed(Param p, boolean own) {
        boolean due = false;
        if (p.slot() == master.slot()) {
            if (!own) faderDue[STRIPS] = due = true;
            return due;
        }
        for (int i = 0; i < STRIPS; i++) {
            if (pots[i] != null && pots[i].slot() == p.slot()) {
                ringDue[i] = due = true;
                if (vpotMode == VpotMode.EQ) lcdDue = true; // the lower row shows the values
            }
            Strip s = at(i);
            if (s == null) continue;
            Param f = fader(i);
            if (f != null && f.slot() == p.slot() && !own) faderDue[i] = due = true;
            if (s.mute().slot() == p.slot() || s.solo() != null && s.solo().slot() == p.slot()) ledsDue[i] = due = true;
            if (s.type() != null && s.type().slot() == p.slot()) lcdDue = due = true; // an FX return is named by its slot's type
        }
        return due;
    }

    /** Sends what is due; true while something waits (a rate limit, a held fader move). */
    public boolean flush(long now) {
        follow();
        boolean waiting = false;
        if (flipLedDue) {
            flipLedDue = false;
            send(0x90, NOTE_FLIP, flipBus > 0 ? 127 : 0);
        }
        if (assignDue) {
            assignDue = false;
            for (int n = NOTE_ASSIGN_TRACK; n <= NOTE_ASSIGN_INSTRUMENT; n++) send(0x90, n, n == assignNote() ? 127 : 0);
            String d = assignText();
            send(0xB0, CC_ASSIGN_LEFT, sevenSegment(d.charAt(0)));
            send(0xB0, CC_ASSIGN_RIGHT, sevenSegment(d.charAt(1)));
        }
        for (int i = 0; i <= STRIPS; i++) {
            Param f = fader(i);
            if (!Double.isNaN(heldFader[i]) && f != null) {
                if (host.set(f, heldFader[i])) heldFader[i] = Double.NaN;
                else waiting = true;
            }
            if (!faderDue[i] || touched[i]) continue; // never move a motor under a finger
            if (now - faderSent[i] < MidiMapper.FEEDBACK_NANOS) {
                waiting = true;
                continue;
            }
            int v = f == null ? 0 : (int) Math.round(f.def().taper().toNormalized(host.value(f), f.min(), f.max()) * 16383);
            send(0xE0 | i, v & 0x7f, v >> 7);
            faderDue[i] = false;
            faderSent[i] = now;
        }
        for (int i = 0; i < STRIPS; i++) {
            Strip s = at(i);
            if (ringDue[i]) {
                ringDue[i] = false;
                send(0xB0, CC_RING + i, ring(pots[i]));
            }
            if (ledsDue[i]) {
                ledsDue[i] = false;
                send(0x90, NOTE_MUTE + i, s != null && s.muted(host.value(s.mute())) ? 127 : 0);
                send(0x90, NOTE_SOLO + i, s != null && s.solo() != null && host.value(s.solo()) != 0 ? 127 : 0);
                send(0x90, NOTE_SELECT + i, s != null && offset + i == (leader != null ? leader.selected : selected) ? 127 : 0);
            }
        }
        if (recLedsDue) {
            recLedsDue = false;
            send(0x90, NOTE_RECORD, recording ? 127 : 0);
            send(0x90, NOTE_SMPTE, 127);
            for (int i = 0; i < STRIPS; i++) { // a channel's input is on the take while it runs
                Strip s = at(i);
                send(0x90, NOTE_REC + i, recording && s != null && s.kind() == Kind.CHANNEL ? 127 : 0);
            }
        }
        for (int d = 0; d < TIMECODE_DIGITS; d++) {
            int code = sevenSegment(timecode[TIMECODE_DIGITS - 1 - d]) | (d == 3 || d == 5 || d == 7 ? 0x40 : 0);
            if (code != timecodeSent[d]) {
                timecodeSent[d] = code;
                send(0xB0, CC_TIMECODE + d, code);
            }
        }
        if (lcdDue && now - lcdSent < LCD_NANOS) {
            waiting = true;
        } else if (lcdDue) {
            lcdDue = false;
            lcdSent = now;
            StringBuilder upper = new StringBuilder(), lower = new StringBuilder();
            byte[] colours = new byte[STRIPS];
            for (int i = 0; i < STRIPS; i++) {
                Strip s = at(i);
                upper.append(cell(upperText(i, s)));
                lower.append(cell(lowerText(i, s)));
                colours[i] = (byte) (s == null ? StripColours.OFF : s.colour());
            }
            byte[] u = lcd(0, upper.toString()), d = lcd(0x38, lower.toString()), c = colours(colours);
            u[4] = d[4] = c[4] = header[4];
            host.send(u, u.length);
            host.send(d, d.length);
            host.send(c, c.length);
        }
        return waiting;
    }

    private static final String[] EQ_LABELS = {"1 gain", "1 freq", "2 gain", "2 freq", "3 gain", "3 freq", "4 gain", "4 freq"};

    /** The upper row: the strip's name (an FX return's slot type), or in EQ mode what each V-pot moves. */
    private String upperText(int i, Strip s) {
        if (vpotMode == VpotMode.EQ) return EQ_LABELS[i];
        if (s == null) return "";
        if (s.type() != null) {
            int t = (int) host.value(s.type());
            return t == 0 ? s.name() : String.valueOf(s.type().toExternal(t));
        }
        return s.name();
    }

    /** The lower row: the strip's address, or what its fader (FLIP) or V-pot (SEND) moves, or in EQ mode the values. */
    private String lowerText(int i, Strip s) {
        if (vpotMode == VpotMode.EQ) return pots[i] == null ? (i == 0 ? "select" : "") : valueOf(pots[i]);
        if (s == null) return "";
        if (vpotMode == VpotMode.SEND && pots[i] != null) return "snd b" + sendBus;
        if (flipBus > 0 && s.send(flipBus) != null) return "snd b" + flipBus;
        return s.label();
    }

    private String valueOf(Param p) {
        return value(p.unit() == org.jackdesk.config.Unit.HZ, host.value(p));
    }

    /** An EQ value in 6 characters: "+3.0", "-12.5" dB, "120", "1.20k", "12.0k" Hz. */
    static String value(boolean hz, double v) {
        if (!hz) return String.format(Locale.ROOT, "%+.1f", v);
        if (v < 1000) return String.format(Locale.ROOT, "%.0f", v);
        if (v < 10_000) return String.format(Locale.ROOT, "%.2fk", v / 1000);
        return String.format(Locale.ROOT, "%.1fk", v / 1000);
    }

    /** The V-pot LED ring for {@code p}: off without one; a bar from the left for a level, boost/cut for a gain, else one dot. */
    private int ring(Param p) {
        if (p == null) return 0;
        double pos = p.def().taper().toNormalized(host.value(p), p.min(), p.max());
        int led = 1 + (int) Math.round(Math.max(0, Math.min(1, pos)) * 10); // LEDs 1–11
        if (p.def().minIsOff()) return RING_WRAP | (pos <= 0 ? 0 : led); // a send at −∞: no LED
        if (p.unit() == org.jackdesk.config.Unit.DB) return RING_BOOST_CUT | led;
        return RING_DOT | led;
    }

    /**
     * The recorder's state (polled by the adapter): a take running, and its length in frames at
     * {@code sampleRate}. The RECORD LED and the channel strips' REC LEDs are lit while a take runs;
     * the timecode display shows the take's length as {@code HHH.MM.SS.FFF} (frames at 25 a second;
     * the last take's length once it stopped, blank before the first).
     */
    public void recorder(boolean running, long frames, int sampleRate) {
        if (running != recording) {
            recording = running;
            recLedsDue = true;
        }
        String text = "";
        if (sampleRate > 0 && frames >= 0) {
            long s = frames / sampleRate;
            long f = frames % sampleRate * TIMECODE_FPS / sampleRate;
            text = String.format(java.util.Locale.ROOT, "%3d%02d%02d%03d", Math.min(999, s / 3600), s / 60 % 60, s % 60, f);
        }
        for (int i = 0; i < TIMECODE_DIGITS; i++) timecode[i] = i < text.length() ? text.charAt(i) : ' ';
    }

    /** The timecode display's text, leftmost digit first (tests). */
    String timecodeText() {
        return new String(timecode);
    }

    /** The lit assignment button for the mode. */
    private int assignNote() {
        return switch (vpotMode) {
            case PAN -> NOTE_ASSIGN_PAN;
            case SEND -> NOTE_ASSIGN_SEND;
            case EQ -> NOTE_ASSIGN_EQ;
        };
    }

    /** The two-digit display: "PN", "S1"…"S9" (10–16 for buses above 9), "EQ". */
    String assignText() {
        return switch (vpotMode) {
            case PAN -> "PN";
            case SEND -> sendBus < 10 ? "S" + sendBus : String.valueOf(sendBus);
            case EQ -> "EQ";
        };
    }

    /**
     * A character on the MCU's seven-segment digits, as Logic Control's character set has it (and
     * Ardour writes it): letters A–Z are 0x01–0x1A (upper case), space, digits and punctuation
     * 0x20–0x3F are their ASCII codes; anything else is a blank.
     */
    static int sevenSegment(char c) {
        char u = Character.toUpperCase(c);
        if (u >= 0x40 && u <= 0x5F) return u - 0x40;
        if (u >= 0x20 && u <= 0x3F) return u;
        return 0x20;
    }

    /** The X-Touch's colour SysEx: one colour (0–7) per strip. */
    static byte[] colours(byte[] perStrip) {
        byte[] m = new byte[HEADER.length + 2 + perStrip.length];
        System.arraycopy(HEADER, 0, m, 0, HEADER.length);
        m[5] = SYSEX_COLOURS;
        System.arraycopy(perStrip, 0, m, 6, perStrip.length);
        m[m.length - 1] = (byte) 0xF7;
        return m;
    }

    /** Seven characters of ASCII with a space at the end (the LCD's strips touch), padded. */
    static String cell(String s) {
        StringBuilder b = new StringBuilder(7);
        for (int i = 0; i < s.length() && b.length() < 6; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        while (b.length() < 7) b.append(' ');
        return b.toString();
    }

    /** The LCD SysEx writing 56 characters from {@code at} (0: the upper row, 0x38: the lower). */
    static byte[] lcd(int at, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        byte[] m = new byte[8 + t.length];
        System.arraycopy(HEADER, 0, m, 0, HEADER.length);
        m[5] = 0x12;
        m[6] = (byte) at;
        System.arraycopy(t, 0, m, 7, t.length);
        m[m.length - 1] = (byte) 0xF7;
        return m;
    }

    private final byte[] three = new byte[3];

    private void send(int s, int d1, int d2) {
        three[0] = (byte) s;
        three[1] = (byte) d1;
        three[2] = (byte) d2;
        host.send(three, 3);
    }

    /** Meters are sent this often: the surface's LEDs fall by themselves between updates. */
    static final long METER_NANOS = 100_000_000L;
    private long metersSent;
    private final int[] meterLevel = new int[STRIPS];

    /**
     * Sends the visible strips' peak as channel pressure ({@code D0 strip<<4 | level}, level 0–12: 0
     * below −60 dBFS, then one step per 5 dB up to 12 at 0 dBFS), at most every {@link
     * #METER_NANOS}: a channel's post-fader peak, a bus's or an FX return's output peak; a strip
     * without a meter (a DCA) or at silence sends 0 once.
     *
     * @param values the meter bank's values ({@link org.jackdesk.engine.MeterBank#read})
     * @param bank   the meter bank they were read from (its layout of sections)
     */
    public void meters(float[] values, org.jackdesk.engine.MeterBank bank, long now) {
        if (now - metersSent < METER_NANOS) return;
        metersSent = now;
        for (int i = 0; i < STRIPS; i++) {
            Strip s = at(i);
            int base = -1, left = 0, right = 0;
            if (s != null && s.kind() == Kind.CHANNEL && s.n() <= bank.channels()) {
                base = org.jackdesk.engine.MeterBank.channelBase(s.n() - 1);
                left = org.jackdesk.engine.MeterBank.CH_POST_PEAK_L;
                right = org.jackdesk.engine.MeterBank.CH_POST_PEAK_R;
            } else if (s != null && (s.kind() == Kind.BUS && s.n() <= bank.buses() || s.kind() == Kind.FXRET && s.n() <= bank.fx())) {
                base = s.kind() == Kind.BUS ? bank.busBase(s.n() - 1) : bank.fxBase(s.n() - 1);
                left = org.jackdesk.engine.MeterBank.BUS_PEAK_L;
                right = org.jackdesk.engine.MeterBank.BUS_PEAK_R;
            }
            int level = 0;
            if (base >= 0 && base + right < values.length) {
                double peak = Math.max(values[base + left], values[base + right]);
                double db = peak > 0 ? 20 * Math.log10(peak) : -200;
                level = (int) Math.max(0, Math.min(12, Math.round((db + 60) / 5)));
            }
            if (level == 0 && meterLevel[i] == 0) continue;
            meterLevel[i] = level;
            byte[] m = {(byte) 0xD0, (byte) (i << 4 | level)};
            host.send(m, 2);
        }
    }

    /** "ch 9 Keys" etc. of the strips on the surface, for logs and tests. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < STRIPS; i++) {
            Strip s = at(i);
            b.append(String.format(Locale.ROOT, "%s%s", i == 0 ? "" : ", ", s == null ? "-" : s.label()));
        }
        return b.toString();
    }
}
