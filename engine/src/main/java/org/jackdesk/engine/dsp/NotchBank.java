package org.jackdesk.engine.dsp;

/**
 * The feedback suppressor's filters (docs/assistants.md): up to {@link #MAX_NOTCHES} narrow cuts,
 * each an RBJ cookbook peaking section (Audio EQ Cookbook, "peakingEQ") with a negative gain at
 * Q {@link #Q} (about 1/14 octave between its −3 dB points below the unit gain), run through the
 * one {@link Biquad#cascade} kernel. A notch's depth glides at {@link #GLIDE_DB_PER_S}, so a
 * notch being set or deepened never clicks; a notch moved to another frequency first glides out
 * to 0 dB, then in at its new place. Notches at 0 dB are not run.
 *
 * <p>Setters follow the DSP setter contract (dsp/package-info.java): {@link #setNotch} stores;
 * the coefficients follow at the next sub-block of {@link #process}. Thread: audio (the owner),
 * except the constructor and {@link #prepare}.
 */
public final class NotchBank {
    public static final int MAX_NOTCHES = 12;
    public static final double Q = 20;
    public static final double MAX_DEPTH_DB = 40;
    public static final double GLIDE_DB_PER_S = 120;

    private final int channels;
    private final Biquad[][] sections;
    /** The running sections, packed per channel for the cascade kernel. */
    private final Biquad[][] run;
    private int running;
    private final double[] targetHz = new double[MAX_NOTCHES], targetDb = new double[MAX_NOTCHES];
    private final double[] hz = new double[MAX_NOTCHES], db = new double[MAX_NOTCHES];
    private final double[] coeffs = new double[5];
    private float sampleRate = 48000f;
    private double stepDb;

    public NotchBank(int channels) {
        Dsp.checkChannels(channels);
        this.channels = channels;
        sections = new Biquad[channels][MAX_NOTCHES];
        run = new Biquad[channels][MAX_NOTCHES];
        for (int c = 0; c < channels; c++) for (int k = 0; k < MAX_NOTCHES; k++) sections[c][k] = new Biquad();
    }

    public void prepare(float sampleRate, int maxFrames) {
        Dsp.checkPrepare(sampleRate, maxFrames);
        this.sampleRate = sampleRate;
        stepDb = GLIDE_DB_PER_S * Dsp.SUB_BLOCK / sampleRate;
    }

    /**
     * Notch {@code k}: a cut of {@code depthDb} (0 … {@link #MAX_DEPTH_DB}; 0 is off) at
     * {@code freqHz} (clamped into 20 Hz … 0.45·fs). Stores only. Thread: audio.
     */
    public void setNotch(int k, double freqHz, double depthDb) {
        if (k < 0 || k >= MAX_NOTCHES || !(freqHz > 0) || !(depthDb >= 0)) return;
        targetHz[k] = Math.min(Math.max(freqHz, 20), 0.45 * sampleRate);
        targetDb[k] = Math.min(depthDb, MAX_DEPTH_DB);
    }

    /** Notch {@code k}'s depth now, dB (gliding towards its setting). */
    public double depthDb(int k) {
        return db[k];
    }

    /** Notches running now (depth above 0). */
    public int running() {
        return running;
    }

    /** Filters {@code bufs[0..channels)[off..off+n)} in place, in sub-blocks. Thread: audio. */
    public void process(float[][] bufs, int off, int n) {
        for (int s = off, end = off + n; s < end; s += Dsp.SUB_BLOCK) {
            int m = Math.min(Dsp.SUB_BLOCK, end - s);
            glide();
            if (running == 0) continue;
            for (int c = 0; c < channels; c++) Biquad.cascade(bufs[c], s, m, run[c], running);
            if (!Dsp.sanitize(bufs, channels, s, m)) reset();
        }
    }

    /** One sub-block's glide of every notch towards its setting; repacks the running ones. */
    private void glide() {
        int r = 0;
        for (int k = 0; k < MAX_NOTCHES; k++) {
            double want = hz[k] == targetHz[k] ? targetDb[k] : 0; // another place: out first
            double d = db[k];
            if (d != want) {
                d = d < want ? Math.min(want, d + stepDb) : Math.max(want, d - stepDb);
                db[k] = d;
                if (d > 0) {
                    Rbj.peaking(sampleRate, hz[k], -d, Q, coeffs);
                    for (int c = 0; c < channels; c++) sections[c][k].setCoefficients(coeffs);
                }
            }
            if (d == 0 && hz[k] != targetHz[k]) {
                hz[k] = targetHz[k];
                for (int c = 0; c < channels; c++) sections[c][k].reset();
            }
            if (d > 0) {
                for (int c = 0; c < channels; c++) run[c][r] = sections[c][k];
                r++;
            }
        }
        running = r;
    }

    /** Clears the filters' state; keeps the notches. */
    public void reset() {
        for (Biquad[] ch : sections) for (Biquad b : ch) b.reset();
    }
}
