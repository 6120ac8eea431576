package org.jackdesk.engine.mix;

import org.jackdesk.engine.dsp.Dsp;

/**
 * Peak (instant attack, 20 dB/s fall), peak hold (1.5 s) and RMS (300 ms one-pole of the mean
 * square) of one signal. Thread: audio only; {@link #accumulate} per sub-block, {@link #endCycle}
 * once per cycle before the values are published.
 */
public final class LevelMeter {
    private static final double FALL_DB_PER_S = 20.0;
    private static final double HOLD_S = 1.5;
    private static final double RMS_TAU_S = 0.3;

    private float sampleRate = 48000f;
    private int cachedFrames = -1;
    private float fallFactor;
    private double rmsCoef;

    private float blockPeak;
    private double blockSumSq;
    private int blockN;

    private float peak;
    private float cyclePeak;
    private float hold;
    private int holdLeft;
    private double meanSquare;

    public void prepare(float sampleRate) {
        this.sampleRate = sampleRate;
        cachedFrames = -1;
    }

    private float lastPeak;
    private double lastSumSq;

    public void accumulate(float[] x, int n) {
        float p = 0f;
        double s = 0;
        for (int i = 0; i < n; i++) {
            float v = x[i];
            float a = Math.abs(v);
            if (a > p) p = a;
            s += v * v;
        }
        lastPeak = p;
        lastSumSq = s;
        add(p, s, n);
    }

    /** Peak magnitude of the last {@link #accumulate} call's samples (a strip derives other meters from it). */
    public float lastPeak() {
        return lastPeak;
    }

    /** Sum of squares of the last {@link #accumulate} call's samples. */
    public double lastSumSq() {
        return lastSumSq;
    }

    /**
     * Adds a block measured elsewhere: its peak magnitude and sum of squares over {@code n}
     * samples (a strip's fused loop measures while it mixes, see {@code ChannelStrip}).
     */
    public void add(float peakAbs, double sumSq, int n) {
        if (peakAbs > blockPeak) blockPeak = peakAbs;
        blockSumSq += sumSq;
        blockN += n;
    }

    /** Folds the samples of this cycle into the ballistics. */
    public void endCycle(int frames) {
        if (frames != cachedFrames) {
            cachedFrames = frames;
            fallFactor = (float) Dsp.dbToGain(-FALL_DB_PER_S * frames / sampleRate);
            rmsCoef = 1.0 - Math.exp(-frames / (RMS_TAU_S * sampleRate));
        }
        cyclePeak = blockPeak;
        float fallen = peak * fallFactor;
        peak = blockPeak > fallen ? blockPeak : fallen;
        if (peak < 1e-9f) peak = 0f;
        if (blockPeak >= hold) {
            hold = blockPeak;
            holdLeft = (int) (HOLD_S * sampleRate);
        } else {
            holdLeft -= frames;
            if (holdLeft <= 0) {
                hold = peak;
                holdLeft = 0;
            }
        }
        if (blockN > 0) {
            double ms = meanSquare + (blockSumSq / blockN - meanSquare) * rmsCoef;
            meanSquare = ms < 1e-20 || !Double.isFinite(ms) ? 0 : ms;
        }
        blockPeak = 0f;
        blockSumSq = 0;
        blockN = 0;
    }

    /** Takes over another meter's ballistics (a signal known to be identical this cycle). */
    public void mirror(LevelMeter other) {
        peak = other.peak;
        hold = other.hold;
        holdLeft = other.holdLeft;
        meanSquare = other.meanSquare;
        blockPeak = 0f;
        blockSumSq = 0;
        blockN = 0;
    }

    public float peak() {
        return peak;
    }

    /**
     * The highest sample magnitude of the last cycle alone, without ballistics: what a clip or over
     * latch judges (a falling peak would set the latch again right after it was cleared).
     */
    public float cyclePeak() {
        return cyclePeak;
    }

    public float hold() {
        return hold;
    }

    public float rms() {
        return (float) Math.sqrt(meanSquare);
    }

    public void resetHold() {
        hold = peak;
        holdLeft = 0;
    }

    public void reset() {
        peak = 0;
        cyclePeak = 0;
        hold = 0;
        holdLeft = 0;
        meanSquare = 0;
        blockPeak = 0;
        blockSumSq = 0;
        blockN = 0;
    }
}
