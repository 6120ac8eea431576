package org.jackdesk.engine.mix;

import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.dsp.Dsp;

/**
 * The gain-sharing automixer (docs/assistants.md): two groups, X and Y, of up to
 * {@link #MAX_MEMBERS} channels each. Every member's gain follows its share of the group's power,
 * <pre>
 *   g_i² = P_i·w_i / Σ_j P_j·w_j        (in dB: G_i = (L_i + W_i) − L_sum)
 * </pre>
 * where P_i is the member's short smoothed power at its {@link AutomixStage} (after the strip's
 * processors) and W_i its weight in dB. So one talker is at unity and the silent mics are far down,
 * two equal talkers are at −3 dB each, and the group's total power gain Σ g_i² is always 1: with N
 * mics open on the same noise the sum is as loud as one (the "number of open mics" rule, NOM = 1).
 * This is the gain-sharing design of Dan Dugan (US patent 3,992,584, 1976; "Automatic microphone
 * mixing", JAES 23(6), 1975) as described in Rane's application notes on gain-sharing automatic
 * mixers and in Dugan's user guides (Model N: a pre-fader insert; about −9 dB per mic for eight mics
 * in an idle room).
 *
 * <p>The levels are smoothed with a fast attack ({@link #ATTACK_MS}) so a new talker takes the
 * gain within a syllable, and a slower release ({@link #RELEASE_MS}) so the gaps between words do
 * not hand it back and forth; each share is computed once per cycle from the previous cycle's
 * power and reached by the stage's 20 ms ramp, so nothing clicks. Every channel's power gets
 * {@link #POWER_FLOOR} (−100 dBFS) added: in digital silence the members share equally (−10·log10 N
 * dB each), as in an idle room. A gain never falls below {@link #MIN_GAIN_DB}.
 *
 * <p>A channel whose group is off, or that is beyond the 16th member of its group (in channel
 * order), passes at unity. Thread: the constructor off the audio thread; {@link #pull} and
 * {@link #update} the audio thread ({@code Engine#process}, between cycles of the strips).
 */
public final class Automixer {
    public static final int MAX_MEMBERS = org.jackdesk.config.Layout.AUTOMIX_MEMBERS;
    static final double ATTACK_MS = 5, RELEASE_MS = 100;
    static final double POWER_FLOOR = 1e-10;
    public static final float MIN_GAIN_DB = -60f;
    private static final double MIN_SHARE = Math.pow(10, MIN_GAIN_DB / 10.0);

    private final ChannelStrip[] strips;
    private final float sampleRate;
    private final int[] sGroup, sWeight;
    private final int sOnX, sOnY;
    private final int[][] members = new int[2][MAX_MEMBERS];
    private final int[] count = new int[2];
    private final boolean[] on = new boolean[2];
    /** Per channel: smoothed power, weight as a power factor, weighted power of this update. */
    private final double[] level, weight, share;
    private final boolean[] member;

    public Automixer(ParamRegistry reg, ChannelStrip[] strips, float sampleRate) {
        this.strips = strips;
        this.sampleRate = sampleRate;
        int n = strips.length;
        sGroup = new int[n];
        sWeight = new int[n];
        for (int c = 0; c < n; c++) {
            sGroup[c] = reg.slot("ch/" + (c + 1) + "/automix/group");
            sWeight[c] = reg.slot("ch/" + (c + 1) + "/automix/weight");
        }
        sOnX = reg.slot("automix/x/on");
        sOnY = reg.slot("automix/y/on");
        level = new double[n];
        weight = new double[n];
        share = new double[n];
        member = new boolean[n];
        if (n > Layout.MAX_CHANNELS) throw new IllegalArgumentException("too many strips: " + n);
    }

    /** Reads the groups' switches, the members and their weights. Thread: audio, in the engine's parameter pull. */
    public void pull(float[] t) {
        on[0] = t[sOnX] > 0.5f;
        on[1] = t[sOnY] > 0.5f;
        count[0] = 0;
        count[1] = 0;
        for (int c = 0; c < strips.length; c++) {
            int g = (int) t[sGroup[c]] - 1; // 0 off, 1 x, 2 y
            boolean in = g >= 0 && g < 2 && on[g] && count[g] < MAX_MEMBERS;
            if (in) members[g][count[g]++] = c;
            weight[c] = Dsp.dbToGain(2 * t[sWeight[c]]); // a power factor: 10^(W/10)
            if (!in) {
                if (member[c]) level[c] = 0;
                strips[c].automix().setTarget(1f, false);
            }
            member[c] = in;
        }
    }

    /**
     * Computes every member's gain for the coming cycle from the power measured in the last one
     * ({@code frames} long) and hands it to its stage. Thread: audio, at a cycle start before the strips run.
     */
    public void update(int frames) {
        double att = 1 - Math.exp(-frames / (ATTACK_MS * 0.001 * sampleRate));
        double rel = 1 - Math.exp(-frames / (RELEASE_MS * 0.001 * sampleRate));
        for (int g = 0; g < 2; g++) {
            int n = count[g];
            if (n == 0) continue;
            int[] m = members[g];
            double sum = 0;
            for (int k = 0; k < n; k++) {
                int c = m[k];
                double ms = strips[c].automix().takeMeanSquare();
                double l = level[c];
                l += (ms > l ? att : rel) * (ms - l);
                l = Dsp.flushDenormal(l);
                level[c] = l;
                double p = (l + POWER_FLOOR) * weight[c];
                share[c] = p;
                sum += p;
            }
            for (int k = 0; k < n; k++) {
                int c = m[k];
                double s = share[c] / sum;
                if (!(s >= MIN_SHARE)) s = MIN_SHARE; // NaN too (cannot happen: every p ≥ the floor)
                strips[c].automix().setTarget((float) Math.sqrt(s), true);
            }
        }
    }
}
