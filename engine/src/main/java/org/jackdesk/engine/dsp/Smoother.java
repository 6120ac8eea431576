package org.jackdesk.engine.dsp;

/**
 * Critically damped glide of a parameter (two cascaded one-poles with time constant τ each),
 * advanced once per sub-block: after {@code n} samples each stage's distance to its input shrinks
 * by exp(−n/(τ·fs)). Two stages rather than one so that a glide starts with zero speed: filter
 * coefficients are interpolated linearly inside a sub-block, and a one-pole's jump to full speed
 * would put a kink into the coefficient trajectory, audible as a small click on big changes.
 * Step response 1 − (1 + t/τ)·e^(−t/τ): 63 % after about 2.15 τ. Processors smooth in a
 * perceptual domain (dB, log frequency, log Q) and snap when closer than {@code epsilon}.
 *
 * <p>Thread: audio only (owned by one processor).
 */
final class Smoother {
    private final double tauMs;
    private final double epsilon;
    private final double[] decay = new double[Dsp.SUB_BLOCK + 1];
    private double tauSamples = 1;
    private double mid;
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
        mid = target;
        current = target;
    }

    double current() {
        return current;
    }

    double target() {
        return target;
    }

    boolean isMoving() {
        return current != target || mid != target;
    }

    /** Advances by {@code n} samples; true if the value changed. */
    boolean advance(int n) {
        if (current == target && mid == target) return false;
        double d = n < decay.length ? decay[n] : Math.exp(-n / tauSamples);
        double before = current;
        mid = target + (mid - target) * d;
        current = mid + (current - mid) * d;
        if (Math.abs(current - target) < epsilon && Math.abs(mid - target) < epsilon) {
            current = target;
            mid = target;
        }
        return current != before;
    }
}
