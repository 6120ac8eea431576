package org.jackdesk.engine.record;

/**
 * The engine's end of the recorder: at the end of every cycle the audio thread hands the cycle's
 * inputs (as they arrived, before trim) and finished outputs (main after the main chain, buses) to
 * the take's rings, if a take is running. A take is attached by publishing its preallocated
 * {@link RecordRings} through one volatile field and detached by the take's disk thread.
 *
 * <p>Thread: {@link #capture} audio; {@link #attach} and {@link #detach} the recorder (control or worker).
 */
public final class RecordTap {
    private volatile RecordRings rings;

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
