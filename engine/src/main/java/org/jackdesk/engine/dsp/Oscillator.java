package org.jackdesk.engine.dsp;

/**
 * The console's signal generator: a sine, pink noise or white noise at a level in dBFS, for
 * ringing out a PA and checking wedges (docs/tools.md).
 *
 * <p>Level (AES17): a sine of level L dBFS has the amplitude 10^(L/20), so a full-scale sine is
 * 0 dBFS; noise at L dBFS has the same RMS as that sine, 10^(L/20)/√2.
 *
 * <ul>
 *   <li>Sine: a phase accumulator in double precision (cycles, wrapped to [0, 1)), so the
 *       frequency is exact to well below 1 ppm and a frequency change is phase-continuous.</li>
 *   <li>White noise: xorshift64* (Vigna, "An experimental exploration of Marsaglia's xorshift
 *       generators, scrambled", 2016) mapped to a uniform value in [−1, 1).</li>
 *   <li>Pink noise: that white source through Paul Kellet's "refined" pinking filter (music-dsp
 *       archive, 1999: six one-pole sections and a direct term; −3 dB/octave within ±0.05 dB above
 *       9.2 Hz at 44.1 kHz, i.e. above 10 Hz at 48 kHz). The RMS of the filter's output for a unit
 *       white input is computed once from its impulse response in {@link #prepare}.</li>
 * </ul>
 *
 * <p>On/off and level glide over 20 ms ({@link Ramp}), so switching never clicks. The noise
 * sequences start from a fixed seed: two engines built alike produce the same samples (offline
 * renders stay byte-identical).
 *
 * <p>Thread: {@link #prepare} control or worker; everything else audio (setters from the
 * parameter pull, {@link #render} from the bus mixer), per the setter contract of
 * {@code package-info.java}.
 */
public final class Oscillator {
    public static final int SINE = 0, PINK = 1, WHITE = 2;
    /** The level's minimum (−90 dBFS) means silence, like a fader's. */
    public static final float OFF_DB = -90f;
    private static final long SEED = 0x9E3779B97F4A7C15L;
    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);
    /** RMS of a uniform value in [−1, 1): 1/√3. */
    private static final double UNIFORM_RMS = 1.0 / Math.sqrt(3.0);

    private final Ramp gain = new Ramp(20f, 0f);
    private float sampleRate = 48000f;
    private float[] buf = new float[0];
    private int type = SINE;
    private double freqHz = 1000;
    private float levelDb = -20f;
    private boolean on;
    private boolean dirty = true;

    private double phase;
    private double phaseInc;
    private long rng = SEED;
    private double p0, p1, p2, p3, p4, p5, p6;
    /** Scales white (uniform) noise to the RMS of a unit sine. */
    private final double whiteScale = INV_SQRT2 / UNIFORM_RMS;
    /** Scales the pinking filter's output to the RMS of a unit sine ({@link #prepare}). */
    private double pinkScale = 1;

    /** Allocates the output buffer and measures the pinking filter. Thread: control or worker. */
    public void prepare(float sampleRate, int maxFrames) {
        this.sampleRate = sampleRate;
        buf = new float[maxFrames];
        gain.prepare(sampleRate);
        // Sum of the squared impulse response of the pinking filter: its output variance for a
        // unit-variance white input. The slowest pole (0.99886) decays below 1e-20 within 40 000 samples.
        double q0 = 0, q1 = 0, q2 = 0, q3 = 0, q4 = 0, q5 = 0, q6 = 0, energy = 0;
        for (int i = 0; i < 60_000; i++) {
            double w = i == 0 ? 1.0 : 0.0;
            q0 = 0.99886 * q0 + w * 0.0555179;
            q1 = 0.99332 * q1 + w * 0.0750759;
            q2 = 0.96900 * q2 + w * 0.1538520;
            q3 = 0.86650 * q3 + w * 0.3104856;
            q4 = 0.55000 * q4 + w * 0.5329522;
            q5 = -0.7616 * q5 - w * 0.0168980;
            double y = q0 + q1 + q2 + q3 + q4 + q5 + q6 + w * 0.5362;
            q6 = w * 0.115926;
            energy += y * y;
        }
        pinkScale = INV_SQRT2 / (Math.sqrt(energy) * UNIFORM_RMS);
        dirty = true;
    }

    /** Thread: audio (parameter pull). */
    public void setOn(boolean on) {
        this.on = on;
        dirty = true;
    }

    /** {@link #SINE}, {@link #PINK} or {@link #WHITE}. Thread: audio (parameter pull). */
    public void setType(int type) {
        this.type = type < SINE || type > WHITE ? SINE : type;
    }

    /** Sine frequency, clamped to 20 Hz … min(20 kHz, 0.45·fs). Thread: audio (parameter pull). */
    public void setFreqHz(double hz) {
        freqHz = Dsp.clamp((float) hz, 20f, Math.min(20000f, 0.45f * sampleRate));
        dirty = true;
    }

    /** Level in dBFS (AES17), clamped to −90 … 0; −90 is silence. Thread: audio (parameter pull). */
    public void setLevelDb(float db) {
        levelDb = Dsp.clamp(db, OFF_DB, 0f);
        dirty = true;
    }

    /** Output of the last {@link #render}: {@code buffer()[0..n)}. */
    public float[] buffer() {
        return buf;
    }

    /** True while the generator is on or still fading out. */
    public boolean sounding() {
        return !gain.isSilent();
    }

    /** Jumps to the current settings (no fade) and restarts the signal. Thread: audio, or before processing. */
    public void reset() {
        update();
        gain.snap(gain.target());
        phase = 0;
        rng = SEED;
        p0 = p1 = p2 = p3 = p4 = p5 = p6 = 0;
    }

    /**
     * Renders {@code n} frames (at most the prepared size) into {@link #buffer()}. Returns false,
     * writing nothing, while the generator is off and faded out. Thread: audio.
     */
    public boolean render(int n) {
        if (dirty) update();
        if (gain.isSilent()) return false;
        float[] out = buf;
        switch (type) {
            case PINK: {
                long x = rng;
                double b0 = p0, b1 = p1, b2 = p2, b3 = p3, b4 = p4, b5 = p5, b6 = p6;
                double s = pinkScale;
                for (int i = 0; i < n; i++) {
                    x ^= x >>> 12;
                    x ^= x << 25;
                    x ^= x >>> 27;
                    double w = ((x * 0x2545F4914F6CDD1DL) >>> 11) * 0x1.0p-52 - 1.0;
                    b0 = 0.99886 * b0 + w * 0.0555179;
                    b1 = 0.99332 * b1 + w * 0.0750759;
                    b2 = 0.96900 * b2 + w * 0.1538520;
                    b3 = 0.86650 * b3 + w * 0.3104856;
                    b4 = 0.55000 * b4 + w * 0.5329522;
                    b5 = -0.7616 * b5 - w * 0.0168980;
                    out[i] = (float) ((b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362) * s);
                    b6 = w * 0.115926;
                }
                rng = x;
                // The input never stops while rendering, but a state that went non-finite restarts.
                if (!Double.isFinite(b0 + b1 + b2 + b3 + b4 + b5 + b6)) b0 = b1 = b2 = b3 = b4 = b5 = b6 = 0;
                p0 = Dsp.flushDenormal(b0);
                p1 = Dsp.flushDenormal(b1);
                p2 = Dsp.flushDenormal(b2);
                p3 = Dsp.flushDenormal(b3);
                p4 = Dsp.flushDenormal(b4);
                p5 = Dsp.flushDenormal(b5);
                p6 = Dsp.flushDenormal(b6);
                break;
            }
            case WHITE: {
                long x = rng;
                double s = whiteScale;
                for (int i = 0; i < n; i++) {
                    x ^= x >>> 12;
                    x ^= x << 25;
                    x ^= x >>> 27;
                    out[i] = (float) ((((x * 0x2545F4914F6CDD1DL) >>> 11) * 0x1.0p-52 - 1.0) * s);
                }
                rng = x;
                break;
            }
            case SINE:
            default: {
                double ph = phase, inc = phaseInc;
                for (int i = 0; i < n; i++) {
                    out[i] = (float) Math.sin(2 * Math.PI * ph);
                    ph += inc;
                    if (ph >= 1.0) ph -= 1.0;
                }
                phase = ph;
                break;
            }
        }
        gain.applyGain(out, 0, n);
        return true;
    }

    private void update() {
        dirty = false;
        phaseInc = freqHz / sampleRate;
        gain.setTarget(on && levelDb > OFF_DB ? (float) Dsp.dbToGain(levelDb) : 0f);
    }
}
