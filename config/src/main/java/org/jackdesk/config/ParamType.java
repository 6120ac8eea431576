package org.jackdesk.config;

/** The kind of value a parameter holds. Values travel as doubles internally (bool 0/1, enum ordinal). */
public enum ParamType {
    FLOAT, BOOL, ENUM;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
