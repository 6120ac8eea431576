package org.jackdesk.control;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Mutational fuzzing from valid seeds with a fixed seed: a few random edits per input — flipped,
 * deleted, duplicated and swapped spans, and tokens that have broken JSON parsers and numeric code
 * before (huge and non-finite numbers, deep nesting, control characters, traversal strings).
 */
final class Mutator {
    static final List<String> TOKENS = List.of(
            "{", "}", "[", "]", ",", ":", "\"", "\\", "null", "true", "false", "0", "-0", "1e309", "-1e309", "NaN", "Infinity",
            "-Infinity", "\"NaN\"", "\"Infinity\"", "\"-inf\"", "\"inf\"", "1e-320", "4.9e-324", "9223372036854775808",
            "-9223372036854775809", "123456789012345678901234567890", "0.1e1000000", "\"\\u0000\"", "\"\\ud800\"", "\u0000",
            "\uffff", "\"../../etc/passwd\"", "\"%2e%2e/\"", "\"ch/1/fader\"", "\"bus/1/fader\"", "\"main/fader\"", "\"set\"",
            "\"nudge\"", "\"get\"", "\"subscribe\"", "\"login\"", "\"logout\"", "\"op\"", "\"value\"", "\"path\"", "\"delta\"", "\"id\"",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{}}}}}}", "\"" + "x".repeat(300) + "\"",
            "/", "//", "..", "%", "%00", "%ff", "\r\n", "\t", "\u202e", "é", "𝄞");

    final Random random;

    Mutator(long seed) {
        this.random = new Random(seed);
    }

    String mutate(String seed) {
        StringBuilder s = new StringBuilder(seed);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int n = s.length();
            int at = n == 0 ? 0 : random.nextInt(n + 1);
            switch (random.nextInt(8)) {
                case 0 -> { if (at < n) s.setCharAt(at, (char) (s.charAt(at) ^ (1 << random.nextInt(7)))); }
                case 1 -> s.delete(at, Math.min(n, at + 1 + random.nextInt(8)));
                case 2, 3 -> s.insert(at, TOKENS.get(random.nextInt(TOKENS.size())));
                case 4 -> { // duplicate a span
                    int end = Math.min(n, at + 1 + random.nextInt(16));
                    s.insert(at, s.substring(at, end));
                }
                case 5 -> replaceNumber(s);
                case 6 -> s.setLength(at); // truncate
                default -> { if (at < n) s.setCharAt(at, (char) random.nextInt(0x80)); }
            }
        }
        return s.toString();
    }

    /** Replaces one number with an extreme or non-finite one. */
    private void replaceNumber(StringBuilder s) {
        for (int tries = 0; tries < 8 && s.length() > 0; tries++) {
            int i = random.nextInt(s.length());
            if (!Character.isDigit(s.charAt(i))) continue;
            int a = i, b = i;
            while (a > 0 && "0123456789.-eE+".indexOf(s.charAt(a - 1)) >= 0) a--;
            while (b < s.length() && "0123456789.-eE+".indexOf(s.charAt(b)) >= 0) b++;
            String[] extremes = {"1e309", "-1e309", "NaN", "1e308", "-1e308", "0", "-0.0", "1e-400", "99999999999", "3.4028236e38", "-90.0000001"};
            s.replace(a, b, extremes[random.nextInt(extremes.length)]);
            return;
        }
    }

    byte[] mutateBytes(byte[] seed) {
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            if (b.length == 0) return new byte[] {(byte) random.nextInt(256)};
            int at = random.nextInt(b.length);
            switch (random.nextInt(7)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = (byte) random.nextInt(256);
                case 2 -> b = java.util.Arrays.copyOf(b, at); // truncate
                case 3 -> { // an OSC type tag or a non-finite float where a float was
                    byte[] tags = ",ifsbhdtTFNIcrm[]".getBytes(StandardCharsets.US_ASCII);
                    b[at] = tags[random.nextInt(tags.length)];
                }
                case 4 -> { // write NaN / +Inf / -Inf / huge bytes at a 4-aligned offset
                    int[] bits = {0x7fc00000, 0x7f800000, 0xff800000, 0x7f7fffff, 0x00000001, 0x80000000};
                    int v = bits[random.nextInt(bits.length)];
                    int o = at & ~3;
                    if (o + 4 <= b.length) {
                        b[o] = (byte) (v >>> 24);
                        b[o + 1] = (byte) (v >>> 16);
                        b[o + 2] = (byte) (v >>> 8);
                        b[o + 3] = (byte) v;
                    }
                }
                case 5 -> { // grow with random bytes
                    byte[] grown = java.util.Arrays.copyOf(b, b.length + 1 + random.nextInt(16));
                    for (int i = b.length; i < grown.length; i++) grown[i] = (byte) random.nextInt(256);
                    b = grown;
                }
                default -> { // duplicate a 4-byte word
                    int o = at & ~3;
                    if (o + 4 <= b.length) {
                        byte[] grown = new byte[b.length + 4];
                        System.arraycopy(b, 0, grown, 0, o + 4);
                        System.arraycopy(b, o, grown, o + 4, b.length - o);
                        b = grown;
                    }
                }
            }
        }
        return b;
    }
}
