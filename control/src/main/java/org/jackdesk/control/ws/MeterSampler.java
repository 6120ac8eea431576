package org.jackdesk.control.ws;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    /**
     * The last frame encoded per section mask for the current sample (index = mask): one slot per
     * combination of {@link MeterFrame.Section}s, so a new section can never share a slot.
     */
    private final Buffer[] encoded = new Buffer[1 << MeterFrame.Section.values().length];

    /** Subscribers grouped by rate: one timer per rate, so 32 clients at 30 fps cost 30 wake-ups a second, not 960. */
    private final Map<Integer, List<Runnable>> byFps = new HashMap<>();
    private final Map<Integer, Long> timers = new HashMap<>();
    private final Vertx vertx;
    private RtaStreamer rta;

    /** The server's RTA streams (created on first use): the analyser's sibling of the meter stream. */
    public RtaStreamer rta() {
        if (rta == null) rta = new RtaStreamer(vertx, engine);
        return rta;
    }

    public MeterSampler(Vertx vertx, EngineControl engine) {
        this.vertx = vertx;
        this.engine = engine;
    }

    /** Calls {@code tick} at {@code fps} together with every other subscriber at that rate. */
    public void subscribe(Runnable tick, int fps) {
        List<Runnable> group = byFps.computeIfAbsent(fps, f -> new ArrayList<>());
        group.add(tick);
        if (group.size() == 1) {
            long periodMs = Math.max(1, Math.round(1000.0 / fps));
            timers.put(fps, vertx.setPeriodic(periodMs, t -> {
                for (int i = 0; i < group.size(); i++) group.get(i).run();
            }));
        }
    }

    public void unsubscribe(Runnable tick) {
        for (var it = byFps.entrySet().iterator(); it.hasNext(); ) {
            var en = it.next();
            if (en.getValue().remove(tick) && en.getValue().isEmpty()) {
                vertx.cancelTimer(timers.remove(en.getKey()));
                it.remove();
            }
        }
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
            MeterFrame.toWireUnits(raw, wire, b.channels(), b.buses(), b.fx());
            sampledAtNanos = now;
            Arrays.fill(encoded, null);
        }
        return wire;
    }

    /**
     * A meter frame of the current sample for {@code mask}, numbered {@code sequence}. Clients on
     * the same tick share one encoding; each gets its own copy with its own sequence number.
     */
    public Buffer frame(int mask, long sequence) {
        sample();
        Buffer shared = encoded[mask & (encoded.length - 1)];
        if (shared == null) {
            shared = MeterFrame.encode(wire, bank.channels(), bank.buses(), bank.fx(), mask, 0);
            encoded[mask & (encoded.length - 1)] = shared;
        }
        return shared.copy().setUnsignedIntLE(MeterFrame.SEQUENCE_OFFSET, sequence & 0xffffffffL);
    }

    /** The bank of the last {@link #sample()}. */
    public MeterBank bank() {
        return bank;
    }
}
