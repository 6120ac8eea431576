package org.jackdesk.engine.dsp;

import java.util.Arrays;

/**
 * Look-ahead true-peak brick-wall limiter for 1..N linked channels (the main bus, aux buses).
 *
 * <p>Detection: every channel goes through {@link TruePeak} (4x polyphase interpolation, ITU-R
 * BS.1770-4 Annex 2); the linked peak of the interval on either side of a sample sets the gain that
 * sample needs, {@code min(1, ceiling / peak)}. Gain path (the structure of Fons Adriaensen's and
 * x42 dpl's limiters): a sliding minimum over the look-ahead window of L samples, an exponential
 * release that may only rise towards it, then a moving average over the same L samples. Every
 * averaged value is made of L values that each already are at or below the requirement of the
 * sample the output is applying it to, so the gain is never above what any sample needs; the
 * average turns the attack into a smooth L-sample ramp. The audio is delayed to match:
 * {@link #latencyFrames()} = detector delay + L - 1, 2 ms in total at any sample rate.
 *
 * <p>The detector refines the 4x points with a parabola ({@link TruePeak#process}), leaving at
 * most ~0.04 dB of under-read up to 20 kHz at 48 kHz. The output is the delayed input times a
 * slowly varying gain, which can reconstruct very slightly above the gain times the detected peak;
 * the detector therefore aims {@link #SAFETY_DB} below the ceiling (checked against an independent
 * 16x reference in the tests).
 *
 * <p>A 4x interpolator cannot see content close to Nyquist (a 23 kHz tone at 48 kHz reads several
 * dB low), and full-scale squares or noise have plenty there. The limiter therefore low-passes its
 * input at 0.42 fs before detection (6th-order elliptic, 0.05 dB ripple up to 20.16 kHz at 48 kHz,
 * -60 dB from 21.6 kHz; designed once with scipy.signal.ellip(6, 0.05, 60, 0.84) — the digital
 * coefficients depend only on the ratio to fs, so they hold at every sample rate). Bypass
 * crossfades to the unfiltered, equally delayed input.
 *
 * <p>Thread: {@link #prepare} on a worker (allocates); {@link #process} and {@link #reset} on the
 * audio thread; setters too, from the parameter pull (the package's DSP contract: they only store;
 * the next process call applies what changed).
 */
public final class TruePeakLimiter {
    /** Total look-ahead including the interpolator's delay. */
    public static final double LOOKAHEAD_MS = 2.0;
    /** The detector's target below the ceiling. */
    public static final double SAFETY_DB = 0.1;
    private static final int CHUNK = 256;
    private static final float BYPASS_FADE_MS = 20f;
    /** Elliptic low-pass at 0.42 fs as second-order sections {b0,b1,b2,a1,a2}. */
    /** The elliptic passband lies in [-0.05, 0] dB; +0.025 dB centres it so level is kept. */
    private static final double RIPPLE_CENTRE = Dsp.dbToGain(0.025);
    private static final double[][] LOWPASS = {
        {0.4056713857794409, 0.8079585422293021, 0.40567138577944106, 0.9292808066354613, 0.27070818070572006},
        {1.0, 1.9445159567978503, 1.0, 1.446703109575065, 0.6919589836096215},
        {1.0, 1.907030640466703, 1.0, 1.713258099356279, 0.9217311730444677},
    };

    private final int channels;
    private float ceilingDbtp = -1f;
    private float releaseMs = 50f;
    private boolean enabled = true;

    private TruePeak[] detectors;
    private float[][] peaks;
    private float[] need; // linked per-sample peak of the chunk
    private float[] gain;
    private float[][] delay;
    private float[][] dryDelay;
    private float[][] filtered;
    private Biquad[][] lowpass;
    private int delayMask;
    private int delayPos;
    private int lookahead; // L
    private int latency;

    // sliding minimum (monotonic deque) over the last L required gains
    private float[] dqVal;
    private long[] dqIdx;
    private int dqHead, dqSize;
    private long index;
    // moving average of the released envelope
    private double[] envRing;
    private int envPos;
    private double envSum;
    private double env = 1.0;
    private float prevPeak;

    private float sampleRate;
    private float ceilingLin;
    private double releaseCoef;
    private float appliedCeilingDb = Float.NaN;
    private float appliedReleaseMs = Float.NaN;
    /** 1 = limited, 0 = bypassed (delayed dry); crossfaded by {@link Crossfade}. */
    private final Ramp mix = new Ramp(BYPASS_FADE_MS, 1f);
    /** The delayed dry signal of one channel's chunk while the bypass fades. */
    private float[] dryChunk;
    private volatile float minGainLin = 1f;

    /** @param channels channels processed together with one linked gain (1 for mono aux, 2 for stereo) */
    public TruePeakLimiter(int channels) {
        if (channels < 1) throw new IllegalArgumentException("channels: " + channels);
        this.channels = channels;
    }

    /** The {@link #latencyFrames()} a limiter prepared at {@code sampleRate} has. Thread: any. */
    public static int latencyFramesAt(float sampleRate) {
        int total = Math.max(TruePeak.DELAY + 2, (int) Math.round(LOOKAHEAD_MS * 0.001 * sampleRate));
        return total - 1;
    }

    public void prepare(float sampleRate, int maxFrames) {
        this.sampleRate = sampleRate;
        int total = Math.max(TruePeak.DELAY + 2, (int) Math.round(LOOKAHEAD_MS * 0.001 * sampleRate));
        lookahead = total - TruePeak.DELAY;
        latency = TruePeak.DELAY + lookahead - 1;
        detectors = new TruePeak[channels];
        for (int c = 0; c < channels; c++) detectors[c] = new TruePeak();
        peaks = new float[channels][CHUNK];
        need = new float[CHUNK];
        gain = new float[CHUNK];
        int size = Integer.highestOneBit(latency + 1) << 1;
        delay = new float[channels][size];
        dryDelay = new float[channels][size];
        filtered = new float[channels][CHUNK];
        lowpass = new Biquad[channels][LOWPASS.length];
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < LOWPASS.length; k++) {
                lowpass[c][k] = new Biquad();
                double[] sos = LOWPASS[k].clone();
                if (k == 0) for (int j = 0; j < 3; j++) sos[j] *= RIPPLE_CENTRE;
                lowpass[c][k].setCoefficients(sos);
            }
        }
        delayMask = size - 1;
        dqVal = new float[lookahead + 1];
        dqIdx = new long[lookahead + 1];
        envRing = new double[lookahead];
        mix.prepare(sampleRate);
        mix.snap(enabled ? 1f : 0f);
        dryChunk = new float[CHUNK];
        appliedCeilingDb = Float.NaN;
        appliedReleaseMs = Float.NaN;
        reset();
    }

    /** Ceiling in dBTP, clamped to -6 .. -0.1. */
    public void setCeilingDbtp(float db) {
        ceilingDbtp = Math.max(-6f, Math.min(-0.1f, db));
    }

    /** Release time constant in ms, clamped to 1 .. 2000. */
    public void setReleaseMs(float ms) {
        releaseMs = Math.max(1f, Math.min(2000f, ms));
    }

    /** Crossfades in 20 ms between limited and (equally delayed) dry signal. */
    public void setEnabled(boolean on) {
        enabled = on;
    }

    public float ceilingDbtp() { return ceilingDbtp; }
    public float releaseMs() { return releaseMs; }

    /** Delay from input to output in frames (constant, bypassed or not). */
    public int latencyFrames() {
        return latency;
    }

    /** Deepest gain reduction during the last process call, dB (0 or negative). */
    public float gainReductionDb() {
        return (float) (20 * Math.log10(Math.max(1e-6f, minGainLin)));
    }

    public void reset() {
        for (TruePeak d : detectors) d.reset();
        for (float[] d : delay) Arrays.fill(d, 0f);
        for (float[] d : dryDelay) Arrays.fill(d, 0f);
        for (Biquad[] bs : lowpass) for (Biquad b : bs) b.reset();
        delayPos = 0;
        dqHead = 0;
        dqSize = 0;
        index = 0;
        Arrays.fill(envRing, 1.0);
        envPos = 0;
        envSum = lookahead;
        env = 1.0;
        prevPeak = 0f;
        minGainLin = 1f;
    }

    private void update() {
        float c = ceilingDbtp, r = releaseMs;
        if (c != appliedCeilingDb) {
            appliedCeilingDb = c;
            ceilingLin = (float) Dsp.dbToGain(c - SAFETY_DB);
        }
        if (r != appliedReleaseMs) {
            appliedReleaseMs = r;
            releaseCoef = Dsp.onePole(r, sampleRate);
        }
    }

    /** Limits {@code bufs[c][off..off+n)} in place (output delayed by {@link #latencyFrames()}). */
    public void process(float[][] bufs, int off, int n) {
        update();
        float minGain = 1f;
        while (n > 0) {
            int m = Math.min(n, CHUNK);
            detect(bufs, off, m);
            float g = computeGain(m);
            if (g < minGain) minGain = g;
            apply(bufs, off, m);
            off += m;
            n -= m;
        }
        minGainLin = minGain;
    }

    private void detect(float[][] bufs, int off, int m) {
        float[] need = this.need;
        for (int c = 0; c < channels; c++) {
            float[] f = filtered[c], x = bufs[c];
            float max = 0f;
            for (int i = off; i < off + m; i++) max = Math.max(max, Math.abs(x[i]));
            if (!(max <= Float.MAX_VALUE)) {
                // NaN/Inf in (rare): silence those samples in place so no later loop needs a check
                for (int i = off; i < off + m; i++) if (!Float.isFinite(x[i])) x[i] = 0f;
            }
            System.arraycopy(x, off, f, 0, m);
        }
        Biquad.cascade(filtered, channels, 0, m, lowpass, LOWPASS.length);
        for (int c = 0; c < channels; c++) {
            float[] p = c == 0 ? need : peaks[c];
            detectors[c].process(filtered[c], 0, m, p, 0, ceilingLin);
            if (c > 0) for (int i = 0; i < m; i++) need[i] = Math.max(need[i], p[i]);
        }
    }

    private float computeGain(int m) {
        float[] need = this.need, gain = this.gain, dqVal = this.dqVal;
        long[] dqIdx = this.dqIdx;
        double[] envRing = this.envRing;
        int cap = dqVal.length, L = lookahead;
        int head = dqHead, size = dqSize, envPos = this.envPos;
        long idx = index;
        double env = this.env, envSum = 0, rel = releaseCoef, invL = 1.0 / L;
        for (int k = 0; k < L; k++) envSum += envRing[k]; // exact sum once per chunk: no drift
        float ceil = ceilingLin, prev = prevPeak, minG = 1f;
        for (int i = 0; i < m; i++) {
            float q = need[i];
            float peak = Math.max(prev, q); // the intervals before and after this sample
            prev = q;
            float g = peak > ceil ? ceil / peak : 1f;
            // sliding minimum over the last L required gains (monotonic deque in a ring; no % in the loop)
            int last = head + size - 1;
            if (last >= cap) last -= cap;
            while (size > 0 && dqVal[last] >= g) {
                size--;
                last = last == 0 ? cap - 1 : last - 1;
            }
            int tail = head + size;
            if (tail >= cap) tail -= cap;
            dqVal[tail] = g;
            dqIdx[tail] = idx;
            size++;
            if (dqIdx[head] <= idx - L) {
                head = head + 1 == cap ? 0 : head + 1;
                size--;
            }
            double hold = dqVal[head];
            env = hold < env ? hold : env + (hold - env) * rel;
            envSum += env - envRing[envPos];
            envRing[envPos] = env;
            envPos = envPos + 1 == L ? 0 : envPos + 1;
            float out = (float) (envSum * invL);
            if (out > 1f) out = 1f;
            gain[i] = out;
            if (out < minG) minG = out;
            idx++;
        }
        if (!(env >= 0 && env <= 1)) { // non-finite or corrupted state: start over, silent rather than loud
            env = 0;
            Arrays.fill(envRing, 0.0);
        }
        dqHead = head;
        dqSize = size;
        this.envPos = envPos;
        index = idx;
        this.env = env;
        prevPeak = prev;
        return minG;
    }

    private void apply(float[][] bufs, int off, int m) {
        float[] gain = this.gain, dryChunk = this.dryChunk;
        int mask = delayMask, lat = latency;
        mix.setTarget(enabled ? 1f : 0f);
        boolean fading = mix.isRamping();
        boolean dryOnly = !fading && mix.current() == 0f;
        int pos0 = delayPos;
        for (int c = 0; c < channels; c++) {
            float[] x = bufs[c], d = delay[c], raw = dryDelay[c], f = filtered[c];
            int pos = pos0;
            for (int i = 0; i < m; i++) {
                raw[pos] = x[off + i]; // finite: detect() cleaned the input
                d[pos] = f[i];
                int at = (pos - lat) & mask;
                float dry = raw[at];
                if (fading) dryChunk[i] = dry;
                x[off + i] = dryOnly ? dry : d[at] * gain[i];
                pos = (pos + 1) & mask;
            }
            if (fading) Crossfade.mix(dryChunk, 0, x, off, x, off, m, mix);
        }
        if (fading) mix.skip(m);
        delayPos = (pos0 + m) & mask;
    }
}
