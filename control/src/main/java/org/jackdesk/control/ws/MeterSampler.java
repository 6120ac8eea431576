package org.jackdesk.control.ws;

import org.jackdesk.engine.EngineControl;
import org.jackdesk.engine.MeterBank;

/**
 * Samples the engine's meters for every subscribed client: one seqlock read and one dB
 * conversion serve all clients whose ticks fall within {@link #MAX_AGE_NANOS}.
 *
 * <p>Thread: control (the server's event loop) only.
 */
public final class MeterSampler {
    static final long MAX_AGE_NANOS = 2_000_000;

    private final EngineControl engine;
    private MeterBank bank;
    private float[] raw = new float[0];
    private float[] wire = new float[0];
    private long sampledAtNanos = Long.MIN_VALUE;

    public MeterSampler(EngineControl engine) {
        this.engine = engine;
    }

    /** The current values in wire units, laid out like {@link #bank()}. Do not keep the array. */
    public float[] sample() {
        MeterBank b = engine.meters();
        long now = System.nanoTime();
        if (b != bank || raw.length < b.size()) {
            bank = b;
            raw = new float[b.size()];
            wire = new float[b.size()];
            sampledAtNanos = Long.MIN_VALUE;
        }
        if (sampledAtNanos == Long.MIN_VALUE || now - sampledAtNanos > MAX_AGE_NANOS) {
            b.read(raw);
            MeterFrame.toWireUnits(raw, wire, b.channels(), b.buses());
            sampledAtNanos = now;
        }
        return wire;
    }

    /** The bank of the last {@link #sample()}. */
    public MeterBank bank() {
        return bank;
    }
}
