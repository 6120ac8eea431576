package org.jackdesk.control.security;

import java.util.Set;
import java.util.TreeSet;

/**
 * Who is asking: a user with a role and, for a monitor, the aux buses (1-based) it mixes.
 *
 * @param user  the user name, {@code anyone} on a console without users
 * @param role  what the user may do
 * @param buses the buses a monitor may change; empty for other roles
 * @param talkback whether a monitor may talk ({@code talkback/talk}); admin and engineer always may
 */
public record Principal(String user, Role role, Set<Integer> buses, boolean talkback) {
    /** Everyone on a console without users: full control (start-up says so loudly). */
    public static final Principal ANYONE = new Principal("anyone", Role.ADMIN, Set.of());

    public Principal {
        buses = Set.copyOf(new TreeSet<>(buses));
    }

    /** Without the talkback permission. */
    public Principal(String user, Role role, Set<Integer> buses) {
        this(user, role, buses, false);
    }
}
