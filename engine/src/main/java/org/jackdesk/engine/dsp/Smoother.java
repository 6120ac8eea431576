package org.jackdesk.engine.dsp;

/**
 * One-pole glide of a parameter, advanced once per sub-block: after {@code n} samples the
 * distance to the target shrinks by exp(-n / (tau·fs)), so the time constant does not depend on
 * how the engine cuts its period. Processors smooth in a perceptual domain (dB, log frequency,
 * log Q) and snap when closer than {@code epsilon}, so a glide ends in finite time.
 *
 * <p>Thread: audio only (owned by one processor).
 */
final class Smoother {
    private final double tauMs;
    private final double epsilon;
    private final double[] decay = new double[Dsp.SUB_BLOCK + 1];
    private double tauSamples = 1;
    private double current;
    private double target;

    Smoother(double tauMs, double epsilon) {
        this.tauMs = tauMs;
        this.epsilon = epsilon;
    }

    void prepare(float sampleRate) {
        tauSamples = tauMs * 0.001 * sampleRate;
        for (int n = 0; n < decay.length; n++) decay[n] = Math.exp(-n / tauSamples);
    }

    void setTarget(double value) {
        target = value;
    }

    /** Jumps to the target (prepare, reset). */
    void snap() {
        current = target;
    }

    double current() {
        return current;
    }

    double target() {
        return target;
    }

    boolean isMoving() {
        return current != target;
    }

    /** Advances by {@code n} samples; true if the value changed. */
    boolean advance(int n) {
        if (current == target) return false;
        double d = n < decay.length ? decay[n] : Math.exp(-n / tauSamples);
        current = target + (current - target) * d;
        if (Math.abs(current - target) < epsilon) current = target;
        return true;
    }
}
