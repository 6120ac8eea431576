package org.jackdesk.config;

import java.util.Locale;

/**
 * The one rule for a name a user gives the console — a strip's label, a scene, a channel-library
 * preset, a fader layer: stripped of the white space around it, 1 to {@code maxChars} characters
 * (code points), no control characters (NUL, tab, CR/LF, escape, U+2028/9: they would forge lines in
 * logs and lists, break file names and the X32's and Mackie's displays).
 *
 * <p>Every owner refuses with its own exception and error code ({@link Refusal}); the messages have
 * one shape for all, naming what is named: "a layer needs a name (it is empty)", "a strip name has
 * at most 24 characters ("…" has 25) — ch/3", "a scene name must not contain control characters
 * (U+000A at position 4)".
 *
 * <p>Thread: any (no state).
 */
public final class Names {
    private Names() {}

    /** Builds the owner's exception (its type, its {@code bad_name} code) from the message. */
    @FunctionalInterface
    public interface Refusal<E extends Exception> {
        E refuse(String message);
    }

    /**
     * {@code name} stripped, or {@code refusal}'s exception saying why not.
     *
     * @param what     what is named, as the messages say it: "layer", "strip", "preset", "scene"
     * @param maxChars the most characters (code points) it may have
     * @param where    appended to every message to say which one (" — ch/3"), or ""
     */
    public static <E extends Exception> String check(String name, String what, int maxChars, String where, Refusal<E> refusal)
            throws E {
        if (name == null) throw refusal.refuse("a " + what + " needs a name" + where);
        String n = name.strip();
        if (n.isEmpty()) throw refusal.refuse("a " + what + " needs a name (it is empty)" + where);
        int count = n.codePointCount(0, n.length());
        if (count > maxChars) {
            // an excerpt, control characters masked: the name is checked for them only after its length
            throw refusal.refuse("a " + what + " name has at most " + maxChars + " characters (\"" + JsonDoc.excerpt(n, 40) + "\" has "
                    + count + ")" + where);
        }
        int bad = n.codePoints().filter(cp -> Character.getType(cp) == Character.CONTROL || cp == 0x2028 || cp == 0x2029)
                .findFirst().orElse(-1);
        if (bad >= 0) {
            throw refusal.refuse(String.format(Locale.ROOT, "a %s name must not contain control characters (U+%04X at position %d)%s",
                    what, bad, n.indexOf(bad) + 1, where));
        }
        return n;
    }
}
