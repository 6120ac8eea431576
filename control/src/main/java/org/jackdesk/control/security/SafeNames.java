package org.jackdesk.control.security;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * File and scene names that can never leave their folder: one path component of letters,
 * digits, space, '.', '_' and '-', not starting with a dot (no {@code ..}, no hidden files), no
 * separators, no drive letters, no control or percent characters (so no encoded {@code %2e%2e}
 * survives a second decoding). Use {@link #resolveInside} for every name that comes from a client.
 *
 * <p>Thread: any.
 */
public final class SafeNames {
    private SafeNames() {}

    public static final int MAX_LENGTH = 64;
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_\\- ][A-Za-z0-9_.\\- ]{0," + (MAX_LENGTH - 1) + "}");

    /** Null when {@code name} is a safe file name, else why not. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) return "a name is needed";
        if (name.length() > MAX_LENGTH) return "at most " + MAX_LENGTH + " characters";
        if (name.startsWith(".")) return "a name does not start with '.'";
        if (!SAFE.matcher(name).matches()) return "only letters, digits, space, '.', '_' and '-' (no '/', '\\\\', '%' or ':')";
        if (name.endsWith(" ") || name.endsWith(".")) return "a name does not end with a space or '.'";
        return null;
    }

    /** {@code folder/name}, or IllegalArgumentException when the name is unsafe or the result is not inside {@code folder}. */
    public static Path resolveInside(Path folder, String name) {
        String why = problem(name);
        if (why != null) throw new IllegalArgumentException("bad name: " + why);
        Path base = folder.toAbsolutePath().normalize();
        Path p = base.resolve(name).normalize();
        if (!p.getParent().equals(base)) throw new IllegalArgumentException("bad name: it leaves its folder");
        return p;
    }
}
