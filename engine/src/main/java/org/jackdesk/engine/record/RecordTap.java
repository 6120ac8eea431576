package org.jackdesk.engine.record;

/**
 * The engine's end of the recorder: at the end of every cycle the audio thread hands the cycle's
 * inputs (as they arrived, before trim) and finished outputs (main after the main chain, buses) to
 * the take's rings, if a take is running. A take is attached by publishing its preallocated
 * {@link RecordRings} through one volatile field and detached by the take's disk thread.
 *
 * <p>The take's control log: at the start of each cycle ({@link #beginCycle}) the audio thread
 * notes the take's rings for the cycle (on the take's first cycle it copies every applied value,
 * the starting state), then hands every value it applies ({@link #logParam}) and every command it
 * runs ({@link #logCommand}) to them, stamped with the take-relative frame of the cycle's first
 * sample. Copies only, into preallocated arrays.
 *
 * <p>Thread: {@link #beginCycle}, {@link #logParam}, {@link #logCommand} and {@link #capture} audio;
 * {@link #attach} and {@link #detach} the recorder (control or worker).
 */
public final class RecordTap {
    private volatile RecordRings rings;
    /** The rings {@link #beginCycle} found for this cycle's log (audio thread). */
    private RecordRings cycle;

    /**
     * Starts a cycle's control log: true when a take runs, which then gets this cycle's values and
     * commands; on the take's first cycle {@code applied} (every value the engine applies, by slot)
     * is copied as its starting state. Thread: audio.
     */
    public boolean beginCycle(float[] applied, int nframes) {
        RecordRings r = rings;
        if (r == null || r.closed) {
            cycle = null;
            return false;
        }
        cycle = r;
        r.beginCycle(applied, nframes);
        return true;
    }

    /** Logs that {@code slot} now applies {@code value} (after {@link #beginCycle} returned true). Thread: audio. */
    public void logParam(int slot, float value) {
        RecordRings r = cycle;
        if (r != null) r.logMove(slot, Float.floatToRawIntBits(value));
    }

    /** Logs that the engine command of ordinal {@code ordinal} ran. Thread: audio. */
    public void logCommand(int ordinal) {
        RecordRings r = cycle;
        if (r != null) r.logMove(-1 - ordinal, 0);
    }

    /** Copies the cycle into the running take's rings (nothing without one). Thread: audio. */
    public void capture(float[][] inputs, float[][] outputs, int nframes) {
        RecordRings r = rings;
        if (r != null) r.capture(inputs, outputs, nframes);
    }

    /** Whether a take is attached. Thread: any. */
    public boolean busy() {
        return rings != null;
    }

    synchronized boolean attach(RecordRings r) {
        if (rings != null) return false;
        rings = r;
        return true;
    }

    /**
     * The engine is closing (rebuilt for a new sample rate or buffer size, or shut down): the take
     * attached to it ends once its disk thread has written what was captured. Thread: any non-audio.
     */
    public synchronized void engineClosed() {
        RecordRings r = rings;
        if (r != null) r.engineGone = true;
    }

    synchronized void detach(RecordRings r) {
        r.closed = true;
        if (rings == r) rings = null;
    }
}
