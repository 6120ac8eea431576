package org.jackdesk.engine.fx;

/**
 * Stereo chorus/doubler: two modulated short delays per side (base 7 and 11 ms, swept by up to
 * ±4 ms by sine LFOs a quarter period apart, so left and right never move together), read with
 * linear interpolation (Dattorro, "Effect Design Part 2: Delay-Line Modulation and Chorus", JAES
 * 45(10), 1997; Zölzer, DAFX ch. 2). {@code mix} is the wet share of the return.
 *
 * <p>The LFO is evaluated once per sub-block and interpolated linearly within it (a sine at
 * most 5 Hz over 32 frames is a straight line to 1e-5). Thread: see {@link FxUnit}.
 */
final class Chorus implements FxUnit {
    private static final float[] BASE_MS = {7f, 11f, 7f, 11f};
    private static final double[] PHASE = {0, 0.5, 0.25, 0.75};
    private static final float MAX_SWEEP_MS = 4f;

    private final Line lineL = new Line(), lineR = new Line();
    private final Line[] memory = {lineL, lineR};
    private final double[] phase = new double[4];
    private final double[] pos = new double[4];
    private float fs = 48000f;
    private float rateHz = 0.8f, depth = 0.4f, mix = 1f;

    @Override
    public void prepare(float sampleRate) {
        fs = sampleRate;
        int max = (int) Math.ceil((11f + MAX_SWEEP_MS + 1f) * 0.001f * sampleRate) + 64;
        lineL.allocate(max);
        lineR.allocate(max);
        reset();
    }

    @Override
    public void set(FxParams p) {
        rateHz = Math.max(0.01f, p.chorusRateHz);
        depth = Math.min(1f, Math.max(0f, p.chorusDepthPct * 0.01f));
        mix = Math.min(1f, Math.max(0f, p.chorusMixPct * 0.01f));
    }

    private double delayAt(int v, double ph) {
        double ms = BASE_MS[v] + MAX_SWEEP_MS * depth * Math.sin(2 * Math.PI * ph);
        return ms * 0.001 * fs;
    }

    @Override
    public void process(float[] inL, float[] inR, float[] outL, float[] outR, int m) {
        double inc = rateHz * (double) m / fs;
        double s0 = pos[0], s1 = pos[1], s2 = pos[2], s3 = pos[3];
        double e0 = delayAt(0, phase[0] + inc), e1 = delayAt(1, phase[1] + inc);
        double e2 = delayAt(2, phase[2] + inc), e3 = delayAt(3, phase[3] + inc);
        double d0 = (e0 - s0) / m, d1 = (e1 - s1) / m, d2 = (e2 - s2) / m, d3 = (e3 - s3) / m;
        float wet = mix * 0.5f, dry = 1f - mix;
        for (int i = 0; i < m; i++) {
            float xl = inL[i], xr = inR[i];
            lineL.write(xl);
            lineR.write(xr);
            s0 += d0;
            s1 += d1;
            s2 += d2;
            s3 += d3;
            float vl = lineL.readFrac(s0) + lineL.readFrac(s1);
            float vr = lineR.readFrac(s2) + lineR.readFrac(s3);
            outL[i] = dry * xl + wet * vl;
            outR[i] = dry * xr + wet * vr;
        }
        for (int v = 0; v < 4; v++) {
            double ph = phase[v] + inc;
            phase[v] = ph - Math.floor(ph);
        }
        pos[0] = e0;
        pos[1] = e1;
        pos[2] = e2;
        pos[3] = e3;
    }

    @Override
    public long tailSamples() {
        return (long) Math.ceil((11f + MAX_SWEEP_MS) * 0.001f * fs) + 64;
    }

    @Override
    public Line[] lines() {
        return memory;
    }

    @Override
    public void resetState() {
        for (int v = 0; v < 4; v++) {
            phase[v] = PHASE[v];
            pos[v] = delayAt(v, PHASE[v]);
        }
    }
}
