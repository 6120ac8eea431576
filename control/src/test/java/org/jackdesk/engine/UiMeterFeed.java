package org.jackdesk.engine;

/**
 * Publishes meter values into a {@link MeterBank} the way the audio thread does (begin, write,
 * end), for the browser tests, which need moving meters without an audio backend.
 */
public final class UiMeterFeed {
    private UiMeterFeed() {}

    public static void publish(MeterBank bank, float[] values) {
        bank.beginWrite();
        System.arraycopy(values, 0, bank.writeArray(), 0, Math.min(values.length, bank.size()));
        bank.endWrite();
    }

    /** Takes a pending clip/over reset request for {@code target}, as the audio thread does. */
    public static boolean takeClipReset(MeterBank bank, int target) {
        return bank.takeClipReset(target);
    }
}
