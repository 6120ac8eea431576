package org.jackdesk.engine.jack;

import org.jackdesk.engine.dsp.Dsp;

/**
 * Deterministic programme material for any number of channels, so the console has something
 * musical to mix without an audio interface: a four-bar loop at 120 BPM in A minor
 * (Am – F – C – G). Channel k plays instrument k mod 5 — kick (or snare on odd variations), bass,
 * keys, voice-like formant syllables, hi-hats — and k / 5 selects a variation (octave, vowel
 * order, pitch, hat pattern). Peaks sit around −12 dBFS per channel; {@link #forMix} trims them as
 * an engineer sets the input gains, so the whole demo mixed at unity lands around −18 dBFS RMS and
 * −6 dBFS peak on the main bus.
 *
 * <p>Thread: construct anywhere; {@link #generate} on one thread at a time (the audio thread),
 * allocation-free.
 */
public final class DemoSignal {
    private static final double TWO_PI = 2 * Math.PI;
    /** Chord roots (MIDI) of the loop's bars for the bass: A2, F2, C3, G2. */
    private static final int[] BASS_ROOT = {45, 41, 48, 43};
    /** Triads voiced around middle C: Am, F, C, G. */
    private static final int[][] CHORD = {{57, 60, 64}, {53, 57, 60}, {55, 60, 64}, {55, 59, 62}};
    /** Bass line per eighth note, semitones above the root. */
    private static final int[] BASS_STEPS = {0, 0, 12, 0, 0, 7, 12, 0};
    /**
     * Formants F1..F3 (Hz) of a, e, i, o, u: Peterson & Barney (1952) averages for male voices.
     */
    private static final double[][] VOWEL = {
            {730, 1090, 2440}, {530, 1840, 2480}, {270, 2290, 3010}, {570, 840, 2410}, {300, 870, 2240}};
    private static final double[] FORMANT_BW = {90, 110, 170};
    private static final int HARMONICS = 24;

    private final double sampleRate;
    private final long beat;
    private final double[] voicePhase;
    private final double[][] voiceWeights;
    private final int[] voiceSyllable;
    private final float gain;
    private long frame;

    /** @param channels how many channels {@link #generate} will fill at most */
    public DemoSignal(float sampleRate, int channels) {
        this(sampleRate, channels, 1f);
    }

    /**
     * The demo as the live console plays it into {@code channels} inputs: every channel trimmed by
     * {@link #mixTrimDb} so that, with every fader at unity, the main bus sits around −18 dBFS RMS
     * and −6 dBFS peak — a real gain structure, with headroom, instead of a sum above full scale.
     */
    public static DemoSignal forMix(float sampleRate, int channels) {
        return new DemoSignal(sampleRate, channels, (float) Dsp.dbToGain(mixTrimDb(channels)));
    }

    /**
     * Trim in dB for {@code channels} demo inputs mixed at unity: measured for the default
     * configuration's 24 inputs (DemoMixLevelTest) and scaled by the power sum of the others
     * (10·log10 of the count ratio), never above 0 dB.
     */
    public static double mixTrimDb(int channels) {
        double db = REFERENCE_TRIM_DB - 10 * Math.log10(Math.max(1, channels) / (double) REFERENCE_INPUTS);
        return Math.min(0, db);
    }

    /** The default configuration's input count (16 mono + 4 stereo channels) and its measured trim. */
    private static final int REFERENCE_INPUTS = 24;
    private static final double REFERENCE_TRIM_DB = -10;

    private DemoSignal(float sampleRate, int channels, float gain) {
        if (sampleRate < 8000) throw new IllegalArgumentException("sample rate too low for the demo: " + sampleRate);
        this.sampleRate = sampleRate;
        this.beat = Math.round(sampleRate * 0.5); // 120 BPM
        this.voicePhase = new double[channels];
        this.voiceWeights = new double[channels][HARMONICS + 1];
        this.voiceSyllable = new int[channels];
        java.util.Arrays.fill(voiceSyllable, -1);
        this.gain = gain;
    }

    /** What channel {@code k} (0-based) plays. */
    public static String instrumentOf(int k) {
        return switch (k % 5) {
            case 0 -> (k / 5) % 2 == 0 ? "kick" : "snare";
            case 1 -> "bass";
            case 2 -> "keys";
            case 3 -> "voice";
            default -> "hats";
        };
    }

    /** Back to the start of the loop. */
    public void reset() {
        frame = 0;
        java.util.Arrays.fill(voicePhase, 0);
        java.util.Arrays.fill(voiceSyllable, -1);
    }

    /**
     * Writes the next {@code nframes} of every channel into {@code channelBufs[k][0..nframes)}.
     * At most as many channels as the constructor was given are written.
     */
    public void generate(float[][] channelBufs, int nframes) {
        int n = Math.min(channelBufs.length, voicePhase.length);
        for (int k = 0; k < n; k++) {
            float[] out = channelBufs[k];
            int variation = k / 5;
            switch (k % 5) {
                case 0 -> {
                    if (variation % 2 == 0) kick(out, nframes);
                    else snare(out, nframes, k);
                }
                case 1 -> bass(out, nframes, variation);
                case 2 -> keys(out, nframes, variation);
                case 3 -> voice(out, nframes, k, variation);
                default -> hats(out, nframes, k, variation);
            }
            if (gain != 1f) for (int i = 0; i < nframes; i++) out[i] *= gain;
        }
        frame += nframes;
    }

    private void kick(float[] out, int nframes) {
        for (int i = 0; i < nframes; i++) {
            double t = ((frame + i) % beat) / sampleRate;
            // pitch falls 150 → 50 Hz with a 30 ms time constant; phase is its integral
            double phase = 50 * t + 100 * 0.03 * (1 - Math.exp(-t / 0.03));
            out[i] = (float) (0.25 * Math.sin(TWO_PI * phase) * Math.exp(-t / 0.18) * fadeIn(t, 0.001));
        }
    }

    private void snare(float[] out, int nframes, int k) {
        for (int i = 0; i < nframes; i++) {
            long f = frame + i;
            boolean backbeat = (f / beat) % 2 == 1;
            double t = (f % beat) / sampleRate;
            double v = 0;
            if (backbeat) {
                v = 0.10 * Math.sin(TWO_PI * 185 * t) * Math.exp(-t / 0.05)
                        + 0.16 * noise(f, k) * Math.exp(-t / 0.09);
                v *= fadeIn(t, 0.001);
            }
            out[i] = (float) v;
        }
    }

    private void bass(float[] out, int nframes, int variation) {
        long eighth = beat / 2;
        int octave = variation % 2 == 1 ? 12 : 0;
        for (int i = 0; i < nframes; i++) {
            long f = frame + i;
            int bar = (int) ((f / (4 * beat)) % 4);
            int step = (int) ((f / eighth) % 8);
            double t = (f % eighth) / sampleRate;
            double left = (eighth - f % eighth) / sampleRate;
            double hz = mtof(BASS_ROOT[bar] + BASS_STEPS[step] + octave);
            double x = TWO_PI * hz * t;
            double v = Math.sin(x) + 0.45 * Math.sin(2 * x) + 0.2 * Math.sin(3 * x);
            out[i] = (float) (0.17 * v * Math.exp(-t / 0.35) * fadeIn(t, 0.004) * fadeIn(left, 0.008));
        }
    }

    private void keys(float[] out, int nframes, int variation) {
        long stroke = 2 * beat; // half notes
        int transpose = (variation % 3) * 12 - (variation % 3 == 2 ? 24 : 0);
        for (int i = 0; i < nframes; i++) {
            long f = frame + i;
            int bar = (int) ((f / (4 * beat)) % 4);
            double t = (f % stroke) / sampleRate;
            double left = (stroke - f % stroke) / sampleRate;
            double v = 0;
            for (int note : CHORD[bar]) {
                double x = TWO_PI * mtof(note + transpose) * t;
                v += Math.sin(x) + 0.25 * Math.sin(2 * x) * Math.exp(-t / 0.15);
            }
            out[i] = (float) (0.075 * v * Math.exp(-t / 0.9) * fadeIn(t, 0.006) * fadeIn(left, 0.01));
        }
    }

    /**
     * Additive voice: harmonics of a vibrato-ed f0 with 1/h source slope, weighted by three
     * formant resonances of the syllable's vowel; the harmonics come from the Chebyshev recurrence
     * sin((h+1)x) = 2 cos(x) sin(hx) − sin((h−1)x), so one sin and one cos per sample.
     */
    private void voice(float[] out, int nframes, int k, int variation) {
        long syllableLen = beat / 2;
        double baseHz = 150 * Math.pow(2, (variation % 4) * 3 / 12.0); // 150, 178, 212, 252 Hz
        double[] w = voiceWeights[k];
        double phase = voicePhase[k];
        for (int i = 0; i < nframes; i++) {
            long f = frame + i;
            int syllable = (int) (f / syllableLen);
            if (syllable != voiceSyllable[k]) {
                voiceSyllable[k] = syllable;
                setVowel(w, VOWEL[(syllable + variation) % VOWEL.length], baseHz);
            }
            double t = (f % syllableLen) / sampleRate;
            double on = 0.8 * syllableLen / sampleRate;
            // phrases: three syllables sung, one rest
            if (syllable % 4 == 3 || t >= on) {
                out[i] = 0f;
                continue;
            }
            double env = 0.5 - 0.5 * Math.cos(TWO_PI * t / on);
            double hz = baseHz * (1 + 0.012 * Math.sin(TWO_PI * 5.5 * f / sampleRate));
            phase += hz / sampleRate;
            if (phase >= 1) phase -= 1;
            double x = TWO_PI * phase;
            double s1 = Math.sin(x);
            double c2 = 2 * Math.cos(x);
            double prev = 0;
            double cur = s1;
            double v = w[1] * s1;
            for (int h = 2; h <= HARMONICS; h++) {
                double next = c2 * cur - prev;
                prev = cur;
                cur = next;
                v += w[h] * cur;
            }
            out[i] = (float) (0.42 * env * v);
        }
        voicePhase[k] = phase;
    }

    private static void setVowel(double[] w, double[] formants, double f0) {
        double norm = 0;
        for (int h = 1; h <= HARMONICS; h++) {
            double hz = h * f0;
            double g = 0;
            for (int j = 0; j < 3; j++) {
                double d = (hz - formants[j]) / (FORMANT_BW[j] * 0.5 + 40);
                g += (j == 0 ? 1.0 : j == 1 ? 0.7 : 0.35) / Math.sqrt(1 + d * d); // resonance magnitude
            }
            w[h] = hz < 4000 ? g / h : 0;
            norm += w[h];
        }
        for (int h = 1; h <= HARMONICS; h++) w[h] /= norm;
    }

    private void hats(float[] out, int nframes, int k, int variation) {
        long step = variation % 2 == 1 ? beat / 4 : beat / 2; // sixteenths or eighths
        for (int i = 0; i < nframes; i++) {
            long f = frame + i;
            long index = f / step;
            double t = (f % step) / sampleRate;
            boolean offbeat = index % 2 == 1;
            double decay = offbeat && variation % 3 == 2 ? 0.12 : 0.035;
            // first difference of white noise: a crude high-pass that leaves the sizzle
            double v = 0.5 * (noise(f, k) - noise(f - 1, k));
            out[i] = (float) (0.26 * (offbeat ? 1.0 : 0.55) * v * Math.exp(-t / decay) * fadeIn(t, 0.0005));
        }
    }

    private static double fadeIn(double t, double seconds) {
        return t >= seconds ? 1 : t / seconds;
    }

    private static final double[] MTOF = new double[128];

    static {
        for (int m = 0; m < 128; m++) MTOF[m] = 440 * Math.pow(2, (m - 69) / 12.0);
    }

    private static double mtof(int midi) {
        return MTOF[midi];
    }

    /** Deterministic white noise in [-1, 1): SplitMix64 of (frame, channel). */
    private static double noise(long f, int k) {
        long z = f * 0x9E3779B97F4A7C15L + k * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-52 - 1.0;
    }
}
