package org.jackdesk.engine;

/**
 * Test-only access to the audio side of {@link MeterBank}: publishes values exactly as the audio
 * thread does (begin, write, end), so readers go through the real seqlock.
 */
public final class MeterBankWriter {
    private MeterBankWriter() {}

    public static void publish(MeterBank bank, float[] values) {
        bank.beginWrite();
        System.arraycopy(values, 0, bank.writeArray(), 0, values.length);
        bank.endWrite();
    }
}
