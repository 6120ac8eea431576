package org.jackdesk.control.x32;

import java.util.Locale;

/**
 * How one X32 parameter's wire value stands for a jackdesk value: {@link #toWire} gives the
 * X32's float (0..1) or int, {@link #fromWire} reads a float, an int or a node-text string back
 * into jackdesk's unit, {@link #text} writes the node text. Any thread; immutable.
 */
public interface X32Law {
    Object toWire(double value);

    /** The jackdesk value of a wire argument; {@link IllegalArgumentException} with what is wrong. */
    double fromWire(Object arg);

    String text(double value);

    /** The four-segment fader and send-level law, 1024 steps; text in dB ({@code -6.0}, {@code -oo}). */
    X32Law FADER = new X32Law() {
        public Object toWire(double db) {
            return X32Laws.dbToFader(db);
        }

        public double fromWire(Object arg) {
            if (arg instanceof Float f) return X32Laws.faderToDb(X32Laws.quantize(f, X32Laws.FADER_STEPS));
            if (arg instanceof String s) return Math.max(X32Laws.parseNumber(s), X32Laws.FADER_OFF_DB);
            throw new IllegalArgumentException("a fader level is a float 0..1 or a dB text");
        }

        public String text(double db) {
            return X32Laws.dbText(db);
        }
    };

    /** X32's {@code on} of a strip (1 = ON = playing) over jackdesk's mute (1 = muted). */
    X32Law ON = new Switch(true);
    /** An int switch of the same sense as jackdesk's (1 = on). */
    X32Law SWITCH = new Switch(false);
    /** Pan: jackdesk −1..+1, wire 0..1 in 101 steps, text −100..+100. */
    X32Law PAN = new X32Law() {
        public Object toWire(double v) {
            return X32Laws.valueToLin(v, -1, 1, 101);
        }

        public double fromWire(Object arg) {
            if (arg instanceof Float f) return X32Laws.linToValue(X32Laws.quantize(f, 101), -1, 1);
            if (arg instanceof String s) return X32Laws.parseNumber(s) / 100;
            throw new IllegalArgumentException("a pan is a float 0..1 or a text −100..+100");
        }

        public String text(double v) {
            return String.format(Locale.ROOT, "%+d", Math.round(v * 100));
        }
    };

    static X32Law lin(double min, double max, int steps, String textFormat) {
        return new Scale(false, min, max, steps, textFormat);
    }

    static X32Law log(double min, double max, int steps, String textFormat) {
        return new Scale(true, min, max, steps, textFormat);
    }

    /** jackdesk choice index {@code i} is X32 int {@code codes[i]}. */
    static X32Law choice(int... codes) {
        return new Choice(codes);
    }

    /** X32 int {@code i} is the value {@code values[i]}; a value between reads as the nearest (the compressor's ratio). */
    static X32Law values(double... values) {
        return new Values(values);
    }

    /** {@code law} of the negated value: X32's gate range is attenuation in positive dB, jackdesk's a negative gain. */
    static X32Law negated(X32Law law) {
        return new Negated(law);
    }

    record Values(double[] values) implements X32Law {
        public Object toWire(double v) {
            int best = 0;
            for (int i = 1; i < values.length; i++) if (Math.abs(values[i] - v) < Math.abs(values[best] - v)) best = i;
            return best;
        }

        public double fromWire(Object arg) {
            int i;
            if (arg instanceof Integer n) i = n;
            else if (arg instanceof String s) return X32Laws.parseNumber(s);
            else throw new IllegalArgumentException("this parameter is an int");
            if (i < 0 || i >= values.length) throw new IllegalArgumentException("X32 has no value " + i + " here");
            return values[i];
        }

        public String text(double v) {
            return String.valueOf(values[(Integer) toWire(v)]);
        }
    }

    record Negated(X32Law law) implements X32Law {
        public Object toWire(double v) {
            return law.toWire(-v);
        }

        public double fromWire(Object arg) {
            return -law.fromWire(arg);
        }

        public String text(double v) {
            return law.text(-v);
        }
    }

    record Switch(boolean inverted) implements X32Law {
        public Object toWire(double v) {
            return (v != 0) != inverted ? 1 : 0;
        }

        public double fromWire(Object arg) {
            boolean on;
            if (arg instanceof Integer i) on = i != 0;
            else if (arg instanceof Float f) on = f >= 0.5f;
            else if (arg instanceof String s) {
                String t = s.trim();
                if (t.equals("ON") || t.equals("1")) on = true;
                else if (t.equals("OFF") || t.equals("0")) on = false;
                else throw new IllegalArgumentException("a switch is ON or OFF, not '" + s + "'");
            } else throw new IllegalArgumentException("a switch is an int 0/1 or ON/OFF");
            return on != inverted ? 1 : 0;
        }

        public String text(double v) {
            return (v != 0) != inverted ? "ON" : "OFF";
        }
    }

    /** A linear or logarithmic float law; a log law may run downwards (the EQ's Q: 10 at 0, 0.3 at 1). */
    record Scale(boolean log, double min, double max, int steps, String textFormat) implements X32Law {
        public Object toWire(double v) {
            return log ? X32Laws.valueToLog(v, min, max, steps) : X32Laws.valueToLin(v, min, max, steps);
        }

        public double fromWire(Object arg) {
            if (arg instanceof Float f) {
                double q = X32Laws.quantize(f, steps);
                return log ? X32Laws.logToValue(q, min, max) : X32Laws.linToValue(q, min, max);
            }
            if (arg instanceof String s) return X32Laws.parseNumber(s);
            throw new IllegalArgumentException("this parameter is a float 0..1 or a text value");
        }

        public String text(double v) {
            return textFormat.equals("hz") ? X32Laws.hzText(v) : String.format(Locale.ROOT, textFormat, v);
        }
    }

    record Choice(int[] codes) implements X32Law {
        public Object toWire(double v) {
            int i = (int) Math.round(v);
            return codes[Math.max(0, Math.min(codes.length - 1, i))];
        }

        public double fromWire(Object arg) {
            int code;
            if (arg instanceof Integer i) code = i;
            else if (arg instanceof String s) code = Integer.parseInt(s.trim());
            else throw new IllegalArgumentException("this parameter is an int");
            for (int k = 0; k < codes.length; k++) if (codes[k] == code) return k;
            throw new IllegalArgumentException("jackdesk has no equivalent of X32 value " + code + " here");
        }

        public String text(double v) {
            return String.valueOf(toWire(v));
        }
    }
}
