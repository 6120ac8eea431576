package org.jackdesk.control.security;

import java.util.Locale;

/**
 * What a logged-in user may do (docs/security.md). Ordered from most to least: a role may do
 * everything a later one may.
 */
public enum Role {
    /** Everything, including configuration and users. */
    ADMIN,
    /** Every mix parameter and scenes. */
    ENGINEER,
    /** Only the sends into its own buses and those buses' own parameters ("more me"). */
    MONITOR,
    /** Reads, never writes. */
    VIEWER;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** At least as powerful as {@code other}. */
    public boolean atLeast(Role other) {
        return ordinal() <= other.ordinal();
    }

    /** The role named {@code id} (as in the configuration), or IllegalArgumentException. */
    public static Role of(String id) {
        for (Role r : values()) if (r.id().equals(id)) return r;
        throw new IllegalArgumentException("unknown role '" + id + "'; roles are admin, engineer, monitor, viewer");
    }
}
