package org.jackdesk.engine.dsp;

/**
 * Six-band main-bus EQ: low-cut and high-cut (Butterworth, 12 or 24 dB/oct), low shelf, high
 * shelf and two peaking bands, all from the RBJ Audio EQ Cookbook ({@link Rbj}). A 24 dB/oct
 * Butterworth is two cascaded 2nd-order sections with Q = 1/(2 cos(pi/8)) = 0.5412 and
 * 1/(2 cos(3 pi/8)) = 1.3066; 12 dB/oct is one section with Q = 1/sqrt(2).
 *
 * <p>Smoothing: each band's frequency (in octaves), gain (dB) and Q glide towards their targets
 * with a 20 ms one-pole per sub-block of at most 32 frames, and the band's coefficients are
 * recomputed at the sub-block boundary while it moves. Switching a band on or off crossfades that
 * band (out = x + mix * (band(x) - x)) over 20 ms; {@link #setEnabled} does the same for the whole EQ.
 *
 * <p>Mid/side: on a stereo EQ each shelf or peaking band acts on both channels ({@link #STEREO}),
 * or on the mid M = (L+R)/2 only ({@link #MID}) or the side S = (L−R)/2 only ({@link #SIDE}),
 * after which L = M + S and R = M − S. A mono signal has S = 0 exactly and M = L exactly, so a
 * side band leaves it bit for bit. Changing a band's mode restarts that band's filter (set-up, not
 * automation, as the cut slopes).
 *
 * <p>Thread: {@link #process}/{@link #reset} on the audio thread; setters too, from the parameter
 * pull (the package's DSP contract: they only store and mark dirty).
 */
public final class MainEq {
    /** A band's channels: both, the mid only, the side only. */
    public static final int STEREO = 0, MID = 1, SIDE = 2;
    public static final int LOW_CUT = 0, LOW_SHELF = 1, PEAK_1 = 2, PEAK_2 = 3, HIGH_SHELF = 4, HIGH_CUT = 5;
    public static final int BANDS = 6;
    private static final int SUB = Dsp.SUB_BLOCK;
    private static final float SMOOTH_MS = 20f;
    private static final double[] BUTTER4_Q = {0.5411961001461969, 1.3065629648763766};

    private final int channels;
    // targets written by setters (audio thread, from the parameter pull)
    private final float[] tFreq = {30f, 100f, 400f, 3000f, 8000f, 18000f};
    private final float[] tGain = new float[BANDS];
    private final float[] tQ = {0.7071f, 0.7071f, 1f, 1f, 0.7071f, 0.7071f};
    private final boolean[] tOn = new boolean[BANDS];
    private final int[] tMode = new int[BANDS];
    private final int[] mode = new int[BANDS];
    private boolean anyMidSide;
    private int lowCutSlope = 12, highCutSlope = 12;
    private boolean enabled = true;
    /** Set by every setter; the next process call applies the targets. */
    private boolean dirty = true;

    // audio-thread state
    private float sampleRate;
    private final double[] freqOct = new double[BANDS];
    private final double[] gainDb = new double[BANDS];
    private final double[] q = new double[BANDS];
    private final int[] slope = new int[BANDS];
    private final Ramp[] bandMix = new Ramp[BANDS];
    private final Ramp eqMix = new Ramp(SMOOTH_MS, 1f);
    private final Biquad[][][] filters; // [band][channel][section]
    private final double[] coef = new double[5];
    private final boolean[] moving = new boolean[BANDS];
    private double smooth;
    private float[] dry, tmp;
    private float[][] dry2;
    private float[] mid, side;

    public MainEq(int channels) {
        if (channels < 1) throw new IllegalArgumentException("channels: " + channels);
        this.channels = channels;
        filters = new Biquad[BANDS][channels][2];
        for (Biquad[][] b : filters) for (Biquad[] c : b) for (int s = 0; s < 2; s++) c[s] = new Biquad();
        for (int b = 0; b < BANDS; b++) bandMix[b] = new Ramp(SMOOTH_MS, 0f);
    }

    public void prepare(float sampleRate, int maxFrames) {
        this.sampleRate = sampleRate;
        smooth = 1.0 - Math.exp(-SUB / (SMOOTH_MS * 0.001 * sampleRate));
        dry = new float[SUB];
        tmp = new float[SUB];
        dry2 = new float[channels][SUB];
        mid = new float[SUB];
        side = new float[SUB];
        for (int b = 0; b < BANDS; b++) {
            bandMix[b].prepare(sampleRate);
            bandMix[b].snap(tOn[b] ? 1f : 0f);
            freqOct[b] = oct(clampFreq(tFreq[b]));
            gainDb[b] = tGain[b];
            q[b] = tQ[b];
            slope[b] = b == LOW_CUT ? lowCutSlope : b == HIGH_CUT ? highCutSlope : 12;
            design(b);
        }
        eqMix.prepare(sampleRate);
        eqMix.snap(enabled ? 1f : 0f);
        dirty = false;
        reset();
    }

    private static double oct(double hz) {
        return Math.log(hz) / Math.log(2);
    }

    private float clampFreq(float hz) {
        return Math.max(10f, Math.min(0.45f * sampleRate, hz));
    }

    /** Low-cut: on/off, corner in Hz, slope 12 or 24 dB/oct. */
    public void setLowCut(boolean on, float freqHz, int slopeDbPerOct) {
        tOn[LOW_CUT] = on;
        tFreq[LOW_CUT] = freqHz;
        lowCutSlope = slopeDbPerOct >= 24 ? 24 : 12;
        dirty = true;
    }

    /** High-cut: on/off, corner in Hz, slope 12 or 24 dB/oct. */
    public void setHighCut(boolean on, float freqHz, int slopeDbPerOct) {
        tOn[HIGH_CUT] = on;
        tFreq[HIGH_CUT] = freqHz;
        highCutSlope = slopeDbPerOct >= 24 ? 24 : 12;
        dirty = true;
    }

    /** A shelf or peaking band ({@link #LOW_SHELF}, {@link #PEAK_1}, {@link #PEAK_2}, {@link #HIGH_SHELF}). */
    public void setBand(int band, boolean on, float freqHz, float gainDb, float q) {
        if (band == LOW_CUT || band == HIGH_CUT || band < 0 || band >= BANDS) throw new IllegalArgumentException("band " + band);
        tOn[band] = on;
        tFreq[band] = freqHz;
        tGain[band] = Math.max(-18f, Math.min(18f, gainDb));
        tQ[band] = Math.max(0.1f, Math.min(16f, q));
        dirty = true;
    }

    public void setEnabled(boolean on) {
        enabled = on;
        dirty = true;
    }

    /** A shelf or peaking band's channels: {@link #STEREO}, {@link #MID} or {@link #SIDE} (a mono EQ ignores it). */
    public void setBandMode(int band, int m) {
        if (band == LOW_CUT || band == HIGH_CUT || band < 0 || band >= BANDS) throw new IllegalArgumentException("band " + band);
        tMode[band] = channels == 2 && (m == MID || m == SIDE) ? m : STEREO;
        dirty = true;
    }

    /** The coefficients band {@code b} uses now, section {@code s} (for tests and the UI curve). */
    public double[] coefficients(int b, int s) {
        double[] out = new double[5];
        compute(b, s, out);
        return out;
    }

    /** Number of second-order sections band {@code b} runs. */
    public int sections(int b) {
        return (b == LOW_CUT || b == HIGH_CUT) && slope[b] == 24 ? 2 : 1;
    }

    private void compute(int b, int s, double[] out) {
        double fs = sampleRate, f = Math.pow(2, freqOct[b]);
        switch (b) {
            case LOW_CUT: Rbj.highPass(fs, f, slope[b] == 24 ? BUTTER4_Q[s] : Math.sqrt(0.5), out); break;
            case HIGH_CUT: Rbj.lowPass(fs, f, slope[b] == 24 ? BUTTER4_Q[s] : Math.sqrt(0.5), out); break;
            case LOW_SHELF: Rbj.lowShelf(fs, f, gainDb[b], q[b], out); break;
            case HIGH_SHELF: Rbj.highShelf(fs, f, gainDb[b], q[b], out); break;
            default: Rbj.peaking(fs, f, gainDb[b], q[b], out);
        }
    }

    private void design(int b) {
        for (int s = 0; s < sections(b); s++) {
            compute(b, s, coef);
            for (int c = 0; c < channels; c++) filters[b][c][s].setCoefficients(coef);
        }
    }

    public void reset() {
        for (Biquad[][] b : filters) for (Biquad[] c : b) for (Biquad s : c) s.reset();
    }

    private void pull() {
        if (!dirty) return;
        dirty = false;
        anyMidSide = false;
        for (int b = 0; b < BANDS; b++) {
            if (tMode[b] != mode[b]) {
                mode[b] = tMode[b];
                for (Biquad[] c : filters[b]) for (Biquad s : c) s.reset();
            }
            anyMidSide |= mode[b] != STEREO;
            bandMix[b].setTarget(tOn[b] ? 1f : 0f);
            int sl = b == LOW_CUT ? lowCutSlope : b == HIGH_CUT ? highCutSlope : 12;
            if (sl != slope[b]) {
                // a slope change is a different filter: restart its state (the band mix hides it poorly,
                // so it is meant for set-up, not automation)
                slope[b] = sl;
                for (Biquad[] c : filters[b]) for (Biquad s : c) s.reset();
                design(b);
            }
            moving[b] = true;
        }
        eqMix.setTarget(enabled ? 1f : 0f);
    }

    private void glide() {
        for (int b = 0; b < BANDS; b++) {
            if (!moving[b]) continue;
            double tf = oct(clampFreq(tFreq[b])), tg = tGain[b], tq = tQ[b];
            double df = tf - freqOct[b], dg = tg - gainDb[b], dq = tq - q[b];
            if (Math.abs(df) < 1e-4 && Math.abs(dg) < 1e-3 && Math.abs(dq) < 1e-4) {
                freqOct[b] = tf;
                gainDb[b] = tg;
                q[b] = tq;
                moving[b] = false;
            } else {
                freqOct[b] += df * smooth;
                gainDb[b] += dg * smooth;
                q[b] += dq * smooth;
            }
            design(b);
        }
    }

    public void process(float[][] bufs, int off, int n) {
        pull();
        while (n > 0) {
            int m = Math.min(n, SUB);
            glide();
            subBlock(bufs, off, m);
            off += m;
            n -= m;
        }
    }

    private void subBlock(float[][] bufs, int off, int m) {
        boolean eqActive = eqMix.isRamping() || eqMix.current() > 0f;
        if (!eqActive) {
            for (Ramp r : bandMix) r.skip(m);
            return;
        }
        if (anyMidSide) {
            bandsThenChannels(bufs, off, m);
            return;
        }
        float[] dry = this.dry, tmp = this.tmp;
        for (int c = 0; c < channels; c++) {
            float[] x = bufs[c];
            System.arraycopy(x, off, dry, 0, m);
            for (int b = 0; b < BANDS; b++) {
                Ramp mix = bandMix[b];
                if (!mix.isRamping() && mix.current() == 0f) continue;
                Biquad[] f = filters[b][c];
                int secs = sections(b);
                if (!mix.isRamping()) {
                    Biquad.cascade(x, off, m, f, secs);
                } else {
                    System.arraycopy(x, off, tmp, 0, m);
                    Biquad.cascade(tmp, 0, m, f, secs);
                    Crossfade.mix(x, off, tmp, 0, x, off, m, mix);
                }
            }
            if (eqMix.isRamping() || eqMix.current() != 1f) Crossfade.mix(dry, 0, x, off, x, off, m, eqMix);
        }
        for (Ramp r : bandMix) r.skip(m);
        eqMix.skip(m);
    }

    /**
     * {@link #subBlock} with a mid/side band: band by band (a mid/side band needs both channels at
     * once), each channel's stereo bands through the same float operations as the per-channel path.
     */
    private void bandsThenChannels(float[][] bufs, int off, int m) {
        float[] tmp = this.tmp;
        for (int c = 0; c < channels; c++) System.arraycopy(bufs[c], off, dry2[c], 0, m);
        for (int b = 0; b < BANDS; b++) {
            Ramp mix = bandMix[b];
            if (!mix.isRamping() && mix.current() == 0f) continue;
            int secs = sections(b);
            if (mode[b] == STEREO) {
                for (int c = 0; c < channels; c++) band(bufs[c], off, m, filters[b][c], secs, mix);
                continue;
            }
            float[] l = bufs[0], r = bufs[1], mi = mid, si = side;
            for (int i = 0; i < m; i++) {
                float a = l[off + i], z = r[off + i];
                mi[i] = (a + z) * 0.5f;
                si[i] = (a - z) * 0.5f;
            }
            band(mode[b] == MID ? mi : si, 0, m, filters[b][0], secs, mix);
            for (int i = 0; i < m; i++) {
                l[off + i] = mi[i] + si[i];
                r[off + i] = mi[i] - si[i];
            }
        }
        for (int c = 0; c < channels; c++) {
            if (eqMix.isRamping() || eqMix.current() != 1f) Crossfade.mix(dry2[c], 0, bufs[c], off, bufs[c], off, m, eqMix);
        }
        for (Ramp r : bandMix) r.skip(m);
        eqMix.skip(m);
    }

    /** One band on {@code x[off..off+m)} in place, crossfaded in or out while its switch moves. */
    private void band(float[] x, int off, int m, Biquad[] f, int secs, Ramp mix) {
        if (!mix.isRamping()) {
            Biquad.cascade(x, off, m, f, secs);
        } else {
            System.arraycopy(x, off, tmp, 0, m);
            Biquad.cascade(tmp, 0, m, f, secs);
            Crossfade.mix(x, off, tmp, 0, x, off, m, mix);
        }
    }
}
