package org.jackdesk.control.midi;

import java.util.ArrayList;
import java.util.List;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.ParamType;
import org.jackdesk.config.Taper;
import org.jackdesk.config.midi.MidiMapping;

/**
 * Generic MIDI mapping, without I/O: turns a controller's messages into parameter values and the
 * console's values back into the messages that put its motor faders, LED rings and button lights
 * where the console is (docs/midi.md, "Mappings").
 *
 * <p>A control's position (0–1 over the mapping's range) becomes a value through the parameter's
 * own taper from the registry (the X32 law for faders, log for frequencies), so a MIDI fader
 * feels like a tablet's. Absolute controls with pick-up act only once they cross the console's
 * position (or come within {@link #PICKUP_WINDOW} of it); a change from elsewhere re-arms
 * pick-up. Feedback is per control, at most one message (pair) every {@link #FEEDBACK_NANOS},
 * always the latest value, and never the same message twice in a row.
 *
 * <p>Thread: one (the MIDI adapter's event loop); not thread-safe.
 */
public final class MidiMapper {
    /** Positions this close count as met for pick-up. */
    static final double PICKUP_WINDOW = 0.02;
    /** The shortest time between two feedback messages of one control (100 per second). */
    public static final long FEEDBACK_NANOS = 10_000_000L;

    /** Where the mapper's decisions go: the parameter service and the scenes, behind the adapter. */
    public interface Target {
        /** The console's value of {@code p} now. */
        double value(Param p);

        /**
         * Sets {@code p} on behalf of the controller; false when the message budget is spent
         * (an absolute move is then held over to the next poll).
         */
        boolean set(Param p, double value);

        /** A program change: recall the scene at list position {@code program} (0 = the first). */
        void recallScene(int program);

        /** Queues one outgoing message; false when the output is full. */
        boolean send(byte[] msg, int len);
    }

    /** One mapping with its parameter, its range as positions on the taper, and its live state. */
    static final class Bound {
        final MidiMapping m;
        final Param p;
        final Taper taper;
        final double lo;
        final double hi;
        final double posLo;
        final double posHi;
        /** The hardware's last position (NaN: not seen yet). */
        double hwPos = Double.NaN;
        boolean picked;
        int msb = -1;
        int lsb;
        /** A position moved this tick, applied once after the drain (coalesced), NaN when none. */
        double pendingPos = Double.NaN;
        /** A feedback value waiting for the rate limit, NaN when none. */
        double feedback = Double.NaN;
        long lastSentNanos = Long.MIN_VALUE / 2;
        final byte[] last = new byte[12];
        int lastLen;

        Bound(MidiMapping m, Param p) {
            this.m = m;
            this.p = p;
            this.taper = p == null ? Taper.LINEAR : p.def().taper();
            this.lo = p == null ? 0 : m.min() != null ? m.min() : p.min();
            this.hi = p == null ? 1 : m.max() != null ? m.max() : p.max();
            this.posLo = p == null ? 0 : norm(p, lo);
            this.posHi = p == null ? 1 : norm(p, hi);
        }

        /** The control position (0–1 over this mapping's range) of value {@code v}. */
        double position(double v) {
            double span = posHi - posLo;
            return span == 0 ? 0 : Math.max(0, Math.min(1, (norm(p, v) - posLo) / span));
        }

        /** The value at control position {@code pos}, on the parameter's taper. */
        double valueAt(double pos) {
            double q = posLo + Math.max(0, Math.min(1, pos)) * (posHi - posLo);
            if (p.type() != ParamType.FLOAT) return Math.round(p.min() + q * (p.max() - p.min()));
            return taper.fromNormalized(q, p.min(), p.max());
        }

        boolean on(double v) {
            return Math.abs(v - hi) < Math.abs(v - lo);
        }
    }

    private static double norm(Param p, double v) {
        Taper t = p.type() == ParamType.FLOAT ? p.def().taper() : Taper.LINEAR;
        return t.toNormalized(v, p.min(), p.max());
    }

    private final ParamRegistry registry;
    private final Target target;
    private List<Bound> bound = List.of();
    private final int[] nrpnMsb = new int[17];
    private final int[] nrpnLsb = new int[17];
    private final int[] nrpnData = new int[17];
    private final byte[] out = new byte[12];
    private long unmapped;
    /** The parameter a learn waits to bind to the next control moved, or null. */
    private Param learning;
    private java.util.function.Consumer<MidiMapping> learned;

    public MidiMapper(ParamRegistry registry, Target target) {
        this.registry = registry;
        this.target = target;
        java.util.Arrays.fill(nrpnMsb, -1);
        java.util.Arrays.fill(nrpnLsb, -1);
    }

    /**
     * Replaces the mappings (state starts afresh: pick-up must be met again); every mapped
     * control's feedback is due. A path this console lacks is an error naming it.
     */
    public void setMappings(List<MidiMapping> mappings) {
        List<Bound> b = new ArrayList<>();
        for (MidiMapping m : mappings) {
            Param p = null;
            if (m.path() != null) {
                p = registry.find(m.path());
                if (p == null) throw new IllegalArgumentException(m.control() + ": this console has no parameter '" + m.path() + "'");
            }
            Bound x = new Bound(m, p);
            if (p != null) x.feedback = target.value(p);
            b.add(x);
        }
        bound = List.copyOf(b);
    }

    public List<MidiMapping> mappings() {
        List<MidiMapping> l = new ArrayList<>();
        for (Bound b : bound) l.add(b.m);
        return l;
    }

    /** Messages that matched no mapping (counted for /metrics). */
    public long unmapped() {
        return unmapped;
    }

    /**
     * Binds the next control moved (a CC, an NRPN, a note) to {@code p}: absolute with pick-up, a
     * toggle for a switch; the mapping it makes replaces any other of that control and goes to
     * {@code done}. A second call replaces the first.
     */
    public void learn(Param p, java.util.function.Consumer<MidiMapping> done) {
        learning = p;
        learned = done;
        learnMsb = null;
    }

    public void cancelLearn() {
        learning = null;
        learned = null;
        learnMsb = null;
    }

    /**
     * A learn that saw an absolute CC 0–31: the MSB of a 14-bit pair if its LSB (number + 32, same
     * channel) comes next in the same poll, else a 7-bit CC ({@link #finishLearn}).
     */
    private MidiMapping learnMsb;

    /** Makes {@code m} the learned mapping: it replaces any other of that control and goes to the learn's listener. */
    private void finishLearn(MidiMapping m) {
        java.util.function.Consumer<MidiMapping> done = learned;
        cancelLearn();
        List<MidiMapping> next = new ArrayList<>();
        for (MidiMapping old : mappings()) if (!old.sameControl(m)) next.add(old);
        next.add(m);
        setMappings(next);
        done.accept(m);
    }

    /** The parameter a learn waits for, or null. */
    public Param learning() {
        return learning;
    }

    /** The mapping a learn makes of a message, or null when the message names no control (yet). */
    private MidiMapping learnFrom(int kind, int ch, int d1, int d2) {
        boolean bool = learning.type() == ParamType.BOOL;
        String path = learning.path();
        MidiMapping.Mode button = bool ? MidiMapping.Mode.TOGGLE : MidiMapping.Mode.MOMENTARY;
        if (kind == 0x90 && d2 > 0) {
            return new MidiMapping(MidiMapping.Kind.NOTE, ch, d1, path, null, null, button, MidiMapping.Takeover.JUMP,
                    MidiMapping.DEFAULT_STEP);
        }
        if (kind != 0xB0) return null;
        if (d1 == 99 || d1 == 98 || d1 == 38) return null; // NRPN selection: the data entry that follows names it
        if (d1 == 6 && nrpnMsb[ch] >= 0 && nrpnLsb[ch] >= 0) {
            return new MidiMapping(MidiMapping.Kind.NRPN, ch, nrpnMsb[ch] << 7 | nrpnLsb[ch], path, null, null,
                    MidiMapping.Mode.ABSOLUTE, MidiMapping.Takeover.PICKUP, MidiMapping.DEFAULT_STEP);
        }
        return new MidiMapping(MidiMapping.Kind.CC, ch, d1, path, null, null, bool ? MidiMapping.Mode.TOGGLE : MidiMapping.Mode.ABSOLUTE,
                MidiMapping.Takeover.PICKUP, MidiMapping.DEFAULT_STEP);
    }

    /** One incoming message (status and up to two data bytes; a SysEx is not for the generic mapper). */
    public void handle(byte[] msg, int len) {
        if (len < 2) {
            unmapped++;
            return;
        }
        int status = msg[0] & 0xff;
        int kind = status & 0xF0;
        int ch = (status & 0x0F) + 1;
        int d1 = msg[1] & 0x7f;
        int d2 = len > 2 ? msg[2] & 0x7f : 0;
        if (learning != null && learnMsb != null) {
            MidiMapping msb = learnMsb;
            if (kind == 0xB0 && ch == msb.channel() && d1 == msb.number() + 32) {
                finishLearn(new MidiMapping(MidiMapping.Kind.CC14, ch, msb.number(), msb.path(), null, null, MidiMapping.Mode.ABSOLUTE,
                        MidiMapping.Takeover.PICKUP, MidiMapping.DEFAULT_STEP));
                return;
            }
            finishLearn(msb); // a 7-bit CC after all; this message is handled as any other (below)
        }
        if (learning != null) {
            if (kind == 0xB0 && (d1 == 99 || d1 == 98)) {
                if (d1 == 99) nrpnMsb[ch] = d2;
                else nrpnLsb[ch] = d2;
            }
            MidiMapping m = learnFrom(kind, ch, d1, d2);
            if (m == null) return;
            if (m.kind() == MidiMapping.Kind.CC && m.mode() == MidiMapping.Mode.ABSOLUTE && m.number() < 32) {
                learnMsb = m; // its LSB may follow
                return;
            }
            finishLearn(m);
            return;
        }
        boolean used = false;
        switch (kind) {
            case 0xB0 -> used = controlChange(ch, d1, d2);
            case 0x90, 0x80 -> {
                boolean press = kind == 0x90 && d2 > 0;
                for (Bound b : bound) {
                    if (b.m.kind() == MidiMapping.Kind.NOTE && b.m.number() == d1 && matches(b.m, ch)) {
                        button(b, press);
                        used = true;
                    }
                }
            }
            case 0xC0 -> {
                for (Bound b : bound) {
                    if (b.m.kind() == MidiMapping.Kind.PROGRAM && matches(b.m, ch)) {
                        target.recallScene(d1);
                        used = true;
                    }
                }
            }
            default -> { }
        }
        if (!used) unmapped++;
    }

    private static boolean matches(MidiMapping m, int ch) {
        return m.channel() == 0 || m.channel() == ch;
    }

    private boolean controlChange(int ch, int cc, int v) {
        boolean used = false;
        // NRPN: 99/98 select the number, 6/38 carry the value, 96/97 step it.
        switch (cc) {
            case 99 -> nrpnMsb[ch] = v;
            case 98 -> nrpnLsb[ch] = v;
            case 6, 38, 96, 97 -> {
                if (nrpnMsb[ch] >= 0 && nrpnLsb[ch] >= 0) {
                    int number = nrpnMsb[ch] << 7 | nrpnLsb[ch];
                    if (cc == 6) nrpnData[ch] = v << 7;
                    else if (cc == 38) nrpnData[ch] = (nrpnData[ch] & ~0x7f) | v;
                    for (Bound b : bound) {
                        if (b.m.kind() != MidiMapping.Kind.NRPN || b.m.number() != number || !matches(b.m, ch)) continue;
                        if (cc == 96 || cc == 97) relative(b, cc == 96 ? 1 : -1);
                        else absolute(b, nrpnData[ch] / 16383.0);
                        used = true;
                    }
                }
            }
            default -> { }
        }
        for (Bound b : bound) {
            MidiMapping m = b.m;
            if (!matches(m, ch)) continue;
            if (m.kind() == MidiMapping.Kind.CC && m.number() == cc) {
                switch (m.mode()) {
                    case ABSOLUTE -> absolute(b, v / 127.0);
                    case RELATIVE_TWOS -> relative(b, v < 64 ? v : v - 128);
                    case RELATIVE_OFFSET -> relative(b, v - 64);
                    case RELATIVE_SIGN -> relative(b, (v & 0x40) != 0 ? -(v & 0x3f) : v & 0x3f);
                    case MOMENTARY, TOGGLE -> button(b, v >= 64);
                }
                used = true;
            } else if (m.kind() == MidiMapping.Kind.CC14 && (m.number() == cc || m.number() + 32 == cc)) {
                if (m.number() == cc) {
                    b.msb = v;
                    b.lsb = 0;
                } else {
                    b.lsb = v;
                }
                if (b.msb >= 0) absolute(b, (b.msb << 7 | b.lsb) / 16383.0);
                used = true;
            }
        }
        return used;
    }

    /** An absolute position: with pick-up it must first meet the console's position. */
    private void absolute(Bound b, double pos) {
        double before = b.hwPos;
        b.hwPos = pos;
        if (b.m.takeover() == MidiMapping.Takeover.PICKUP && !b.picked) {
            double at = b.position(target.value(b.p));
            boolean crossed = !Double.isNaN(before) && (before - at) * (pos - at) <= 0;
            if (!crossed && Math.abs(pos - at) > PICKUP_WINDOW) return;
            b.picked = true;
        }
        b.pendingPos = pos;
    }

    private void relative(Bound b, int ticks) {
        if (ticks == 0) return;
        double at = b.position(target.value(b.p));
        target.set(b.p, b.valueAt(at + ticks * b.m.step()));
    }

    private void button(Bound b, boolean press) {
        if (b.m.mode() == MidiMapping.Mode.MOMENTARY) {
            target.set(b.p, press ? b.hi : b.lo);
        } else if (press) {
            target.set(b.p, b.on(target.value(b.p)) ? b.lo : b.hi);
        }
    }

    /**
     * Applies the coalesced absolute moves of this tick: one set per control, its latest position;
     * true while a move over the budget waits for the next poll.
     */
    public boolean applyPending() {
        if (learning != null && learnMsb != null) finishLearn(learnMsb); // no LSB came with it: a 7-bit CC
        boolean held = false;
        for (Bound b : bound) {
            if (Double.isNaN(b.pendingPos)) continue;
            if (target.set(b.p, b.valueAt(b.pendingPos))) b.pendingPos = Double.NaN;
            else held = true;
        }
        return held;
    }

    /**
     * The console changed {@code p} (from any source): its controls' feedback is due, and pick-up
     * re-arms unless the controller itself moved it ({@code own}).
     */
    public boolean changed(Param p, double value, boolean own) {
        boolean due = false;
        for (Bound b : bound) {
            if (b.p == null || b.p.slot() != p.slot()) continue;
            if (!own) b.picked = false;
            // A moving absolute control is where it is: echoing its own move would fight the hand.
            if (own && b.m.mode() == MidiMapping.Mode.ABSOLUTE) continue;
            b.feedback = value;
            due = true;
        }
        return due;
    }

    /** Sends the feedback that is due and allowed by each control's rate limit; true while some waits for its turn. */
    public boolean flushFeedback(long nowNanos) {
        boolean waiting = false;
        for (Bound b : bound) {
            if (Double.isNaN(b.feedback)) continue;
            if (nowNanos - b.lastSentNanos < FEEDBACK_NANOS) {
                waiting = true;
                continue;
            }
            double v = b.feedback;
            int n = encode(b, v, out);
            b.feedback = Double.NaN;
            if (n == 0 || n == b.lastLen && java.util.Arrays.equals(out, 0, n, b.last, 0, n)) continue;
            boolean ok = true;
            // A 14-bit or NRPN value is several messages; each is queued on its own.
            for (int off = 0; off < n; off += 3) {
                byte[] one = {out[off], out[off + 1], out[off + 2]};
                ok &= target.send(one, 3);
            }
            if (!ok) { // the output queue is full: try again at the next poll
                b.feedback = v;
                waiting = true;
                continue;
            }
            System.arraycopy(out, 0, b.last, 0, n);
            b.lastLen = n;
            b.lastSentNanos = nowNanos;
        }
        return waiting;
    }

    /** The messages that show {@code value} on {@code b}'s control; their byte count (0: none). */
    static int encode(Bound b, double value, byte[] o) {
        MidiMapping m = b.m;
        int ch = (m.channel() == 0 ? 1 : m.channel()) - 1;
        double pos = b.position(value);
        switch (m.kind()) {
            case CC -> {
                int v = m.mode().button() ? (b.on(value) ? 127 : 0) : (int) Math.round(pos * 127);
                return put(o, 0, 0xB0 | ch, m.number(), v);
            }
            case CC14 -> {
                int v = (int) Math.round(pos * 16383);
                put(o, 0, 0xB0 | ch, m.number(), v >> 7);
                return put(o, 3, 0xB0 | ch, m.number() + 32, v & 0x7f);
            }
            case NRPN -> {
                int v = (int) Math.round(pos * 16383);
                put(o, 0, 0xB0 | ch, 99, m.number() >> 7);
                put(o, 3, 0xB0 | ch, 98, m.number() & 0x7f);
                put(o, 6, 0xB0 | ch, 6, v >> 7);
                return put(o, 9, 0xB0 | ch, 38, v & 0x7f);
            }
            case NOTE -> {
                return put(o, 0, 0x90 | ch, m.number(), b.on(value) ? 127 : 0);
            }
            default -> {
                return 0;
            }
        }
    }

    private static int put(byte[] o, int at, int s, int d1, int d2) {
        o[at] = (byte) s;
        o[at + 1] = (byte) d1;
        o[at + 2] = (byte) d2;
        return at + 3;
    }
}
