package org.jackdesk.config;

/** Engineering unit of a parameter value, with the symbol shown to people. */
public enum Unit {
    DB("dB"), HZ("Hz"), MS("ms"), RATIO(":1"), PAN(""), Q(""), PERCENT("%"), NONE(""), S("s"), BPM("BPM");

    private final String symbol;

    Unit(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
