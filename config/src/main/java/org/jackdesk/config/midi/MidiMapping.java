package org.jackdesk.config.midi;

import java.util.Locale;

/**
 * One hardware control bound to one parameter (docs/midi.md): which MIDI message it sends, the
 * parameter address, the part of the parameter's range it covers (in the parameter's own units;
 * positions between follow the registry's taper, e.g. the X32 fader law), how its values are
 * read and whether it takes over at once or only after crossing the console's value.
 *
 * @param channel 1–16, or 0 for any channel (omni)
 * @param number  CC number (0–127; for {@link Kind#CC14} the MSB controller 0–31, its LSB is
 *                number + 32), NRPN number (0–16383) or note (0–127); 0 for program change
 * @param path    the parameter address; null for {@link Kind#PROGRAM} (scene recall)
 * @param min     the value at the control's lowest position, null for the parameter's minimum
 * @param max     the value at its highest, null for the parameter's maximum
 * @param step    for relative modes: the position change of one encoder tick (0–1 of the travel)
 */
public record MidiMapping(Kind kind, int channel, int number, String path, Double min, Double max, Mode mode,
                          Takeover takeover, double step) {
    /** The default encoder tick: 1/100 of the travel. */
    public static final double DEFAULT_STEP = 0.01;

    /** What the control sends. */
    public enum Kind {
        /** A 7-bit control change. */
        CC,
        /** A 14-bit control change: MSB on controller n, LSB on n + 32. */
        CC14,
        /** A non-registered parameter number (CC 99/98 select, 6/38 data entry, 96/97 increment/decrement). */
        NRPN,
        /** A note (velocity > 0 on, note off or velocity 0 off). */
        NOTE,
        /** A program change: recalls the scene with that number (program 0 = the first scene). */
        PROGRAM;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How the control's values are read. */
    public enum Mode {
        /** The value is the position. */
        ABSOLUTE,
        /** Encoder: 1–63 up, 127–65 down (127 = −1). */
        RELATIVE_TWOS,
        /** Encoder: 64 ± n (65 = +1, 63 = −1). */
        RELATIVE_OFFSET,
        /** Encoder: bit 6 the sign, bits 0–5 the amount (1 = +1, 65 = −1); the Mackie V-pot's. */
        RELATIVE_SIGN,
        /** A button (a note, or a CC: 64 and above pressed) that holds the parameter at max while pressed and min when released. */
        MOMENTARY,
        /** A button that flips the parameter between min and max on each press. */
        TOGGLE;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public boolean relative() {
            return this == RELATIVE_TWOS || this == RELATIVE_OFFSET || this == RELATIVE_SIGN;
        }

        public boolean button() {
            return this == MOMENTARY || this == TOGGLE;
        }
    }

    /** Whether an absolute control acts at once or only after it meets the console's value. */
    public enum Takeover {
        /** The parameter follows the control from its first move. */
        JUMP,
        /** Soft takeover: the control acts once it crosses (or comes within 2 % of) the parameter's position. */
        PICKUP;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public MidiMapping {
        if (kind == null || mode == null || takeover == null) throw new IllegalArgumentException("kind, mode and takeover are required");
        if (channel < 0 || channel > 16) throw new IllegalArgumentException("channel is 1-16 or 0 (omni), not " + channel);
        int maxNumber = switch (kind) {
            case CC, NOTE -> 127;
            case CC14 -> 31;
            case NRPN -> 16383;
            case PROGRAM -> 0;
        };
        if (number < 0 || number > maxNumber) throw new IllegalArgumentException(kind.id() + " number is 0-" + maxNumber + ", not " + number);
        if (kind == Kind.PROGRAM ? path != null : path == null || path.isBlank()) {
            throw new IllegalArgumentException(kind == Kind.PROGRAM ? "a program change recalls a scene and names no path"
                    : "a " + kind.id() + " mapping names a parameter path");
        }
        if (kind == Kind.NOTE && !mode.button()) throw new IllegalArgumentException("a note is momentary or toggle, not " + mode.id());
        if (mode.button() && kind != Kind.NOTE && kind != Kind.CC) {
            throw new IllegalArgumentException(mode.id() + " is for notes and CC buttons (127 pressed, 0 released)");
        }
        if (mode.relative() && kind != Kind.CC) throw new IllegalArgumentException("relative modes are for 7-bit CC encoders");
        if (!(step > 0 && step <= 1)) throw new IllegalArgumentException("step is a fraction of the travel, 0 < step <= 1, not " + step);
        if (min != null && !Double.isFinite(min) || max != null && !Double.isFinite(max)) throw new IllegalArgumentException("min and max must be finite");
    }

    /** A 7-bit absolute CC on {@code channel} for the whole range of {@code path}, with pick-up. */
    public static MidiMapping cc(int channel, int number, String path) {
        return new MidiMapping(Kind.CC, channel, number, path, null, null, Mode.ABSOLUTE, Takeover.PICKUP, DEFAULT_STEP);
    }

    public MidiMapping withPath(String p) {
        return new MidiMapping(kind, channel, number, p, min, max, mode, takeover, step);
    }

    public MidiMapping withMode(Mode m) {
        return new MidiMapping(kind, channel, number, path, min, max, m, takeover, step);
    }

    public MidiMapping withTakeover(Takeover t) {
        return new MidiMapping(kind, channel, number, path, min, max, mode, t, step);
    }

    public MidiMapping withRange(Double lo, Double hi) {
        return new MidiMapping(kind, channel, number, path, lo, hi, mode, takeover, step);
    }

    /** True when both listen to the same hardware control (same kind, channel and number; omni overlaps every channel). */
    public boolean sameControl(MidiMapping o) {
        return kind == o.kind && number == o.number && (channel == o.channel || channel == 0 || o.channel == 0);
    }

    /** "cc 7 ch 1", "note 60 omni", for messages and the UI. */
    public String control() {
        return kind.id() + (kind == Kind.PROGRAM ? "" : " " + number) + (channel == 0 ? " omni" : " ch " + channel);
    }
}
