package org.jackdesk.engine.mix;

import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.dsp.Ramp;

/**
 * A channel strip's aux sends: per bus a pre-fader and a post-fader tap, each with an A leg into
 * the bus's first sum and a B leg into its last (a stereo bus's right side; a mono bus takes a
 * stereo channel's two sides at half gain each, a mono channel only on A). A ramp resting at 0 costs
 * nothing, and having both taps makes a pre/post switch a crossfade instead of a click.
 *
 * <p>Two ways to mix, one per strip path: {@link #mixPre}/{@link #mixPost} with every leg a ramp (the general path) and
 * {@link #mixSettled} with the settled table of {@link #settle}, only the legs that are on, at
 * constant gains (the at-rest path). Both add the same products in the same order to each sum.
 *
 * <p>Thread: audio (the strip's group thread), except the constructor and {@link #prepare}.
 */
final class StripSends {
    private final int nch;
    /** Index of this set's first destination in the sums the strip is given (aux buses first, then FX send buses). */
    private final int base;
    private final boolean[] busStereo;
    private final int[] sOn, sLevel, sTap, sPan;
    private final Ramp[] preA, preB, postA, postB;
    /**
     * Active sends of the settled strip, one entry per bus and tap: bus, post-fader, gain into the
     * bus's first sum (leg A) and into its last (leg B; 0 on a mono bus).
     */
    private int settled;
    private final int[] settledBus;
    private final float[] settledGainA, settledGainB;
    private final boolean[] settledPost;

    /** The aux sends of a strip of {@code nch} channels whose parameters live under {@code prefix} ({@code ch/3/}). */
    static StripSends aux(ParamRegistry reg, String prefix, int nch) {
        Layout layout = reg.layout();
        boolean[] stereo = new boolean[layout.buses().size()];
        for (int b = 0; b < stereo.length; b++) stereo[b] = layout.buses().get(b).stereo();
        return new StripSends(reg, prefix + "send/", nch, stereo, 0);
    }

    /**
     * The FX sends ({@code ch/3/fx/N/...}) into the stereo FX send buses, which follow the aux buses
     * in the sums the strip is given.
     */
    static StripSends fx(ParamRegistry reg, String prefix, int nch) {
        Layout layout = reg.layout();
        boolean[] stereo = new boolean[layout.fx()];
        java.util.Arrays.fill(stereo, true);
        return new StripSends(reg, prefix + "fx/", nch, stereo, layout.buses().size());
    }

    private StripSends(ParamRegistry reg, String prefix, int nch, boolean[] stereo, int base) {
        this.nch = nch;
        this.base = base;
        int buses = stereo.length;
        busStereo = stereo;
        sOn = new int[buses];
        sLevel = new int[buses];
        sTap = new int[buses];
        sPan = new int[buses];
        preA = new Ramp[buses];
        preB = new Ramp[buses];
        postA = new Ramp[buses];
        postB = new Ramp[buses];
        for (int b = 0; b < buses; b++) {
            String s = prefix + (b + 1) + "/";
            sOn[b] = reg.slot(s + "on");
            sLevel[b] = reg.slot(s + "level");
            sTap[b] = reg.slot(s + "tap");
            sPan[b] = reg.slot(s + "pan");
            preA[b] = new Ramp(ChannelStrip.GAIN_RAMP_MS, 0f);
            preB[b] = new Ramp(ChannelStrip.GAIN_RAMP_MS, 0f);
            postA[b] = new Ramp(ChannelStrip.GAIN_RAMP_MS, 0f);
            postB[b] = new Ramp(ChannelStrip.GAIN_RAMP_MS, 0f);
        }
        settledBus = new int[2 * buses];
        settledGainA = new float[2 * buses];
        settledGainB = new float[2 * buses];
        settledPost = new boolean[2 * buses];
    }

    void prepare(float sampleRate) {
        for (int b = 0; b < busStereo.length; b++) {
            preA[b].prepare(sampleRate);
            preB[b].prepare(sampleRate);
            postA[b].prepare(sampleRate);
            postB[b].prepare(sampleRate);
        }
    }

    /**
     * Sets every leg's ramp from the targets {@code t}; {@code snap} jumps them. {@code linkSide}:
     * 0, or the side of a stereo-linked mono channel (−1 left, +1 right), which sends as that side
     * of a stereo channel: into a stereo bus only its own side, the send pan a balance; into a mono
     * bus at half gain. Thread: audio, from the strip's pull.
     */
    void pull(float[] t, boolean snap, int linkSide) {
        for (int b = 0; b < busStereo.length; b++) {
            float g = t[sOn[b]] > 0.5f ? Gains.dbToGain(t[sLevel[b]]) : 0f;
            boolean pre = t[sTap[b]] < 0.5f;
            float sp = t[sPan[b]];
            float a, bb;
            if (linkSide != 0) {
                a = busStereo[b] ? (linkSide < 0 ? g * Gains.balanceLeft(sp) : 0f) : 0.5f * g;
                bb = busStereo[b] && linkSide > 0 ? g * Gains.balanceRight(sp) : 0f;
            } else if (busStereo[b]) {
                a = g * (nch == 1 ? Gains.panLeft(sp) : Gains.balanceLeft(sp));
                bb = g * (nch == 1 ? Gains.panRight(sp) : Gains.balanceRight(sp));
            } else {
                a = nch == 1 ? g : 0.5f * g;
                bb = nch == 1 ? 0f : 0.5f * g;
            }
            preA[b].moveTo(pre ? a : 0f, snap);
            preB[b].moveTo(pre ? bb : 0f, snap);
            postA[b].moveTo(pre ? 0f : a, snap);
            postB[b].moveTo(pre ? 0f : bb, snap);
        }
    }

    /** Builds the settled table from where the ramps will rest (after {@link #pull}). */
    void settle() {
        int k = 0;
        for (int b = 0; b < busStereo.length; b++) {
            k = addSettled(k, b, preA[b].target(), preB[b].target(), false);
            k = addSettled(k, b, postA[b].target(), postB[b].target(), true);
        }
        settled = k;
    }

    private int addSettled(int k, int bus, float gainA, float gainB, boolean post) {
        if (gainA == 0f && gainB == 0f) return k;
        settledBus[k] = base + bus;
        settledGainA[k] = gainA;
        settledGainB[k] = gainB;
        settledPost[k] = post;
        return k + 1;
    }

    /** True when the settled strip sends to no bus. */
    boolean noneSettled() {
        return settled == 0;
    }

    /**
     * The general path's pre-fader sends: adds {@code src0}/{@code src1} (a mono strip passes the
     * same buffer twice) through each bus's pre-fader legs into its sums and advances those ramps by
     * {@code m}.
     */
    void mixPre(float[] src0, float[] src1, float[][][] busSums, int m) {
        mix(preA, preB, src0, src1, busSums, base, m);
    }

    /** The general path's post-fader sends, as {@link #mixPre}. */
    void mixPost(float[] src0, float[] src1, float[][][] busSums, int m) {
        mix(postA, postB, src0, src1, busSums, base, m);
    }

    private static void mix(Ramp[] a, Ramp[] b, float[] src0, float[] src1, float[][][] busSums, int base, int m) {
        for (int k = 0; k < a.length; k++) {
            float[][] sum = busSums[base + k];
            a[k].accumulate(src0, sum[0], m);
            b[k].accumulate(src1, sum[sum.length - 1], m);
        }
    }

    /**
     * The at-rest path: the settled table's sends, from {@code pre} (pre-fader) or {@code post}.
     * Both legs of a stereo bus in one pass; each sum receives its terms in the general path's order.
     */
    void mixSettled(float[][][] busSums, float[] pre, float[] post, int m) {
        for (int k = 0; k < settled; k++) {
            float[][] sum = busSums[settledBus[k]];
            float[] a = sum[0], b = sum[sum.length - 1];
            float[] src = settledPost[k] ? post : pre;
            float ga = settledGainA[k], gb = settledGainB[k];
            if (gb == 0f) {
                for (int i = 0; i < m; i++) a[i] += src[i] * ga;
            } else if (ga == 0f) {
                for (int i = 0; i < m; i++) b[i] += src[i] * gb;
            } else {
                for (int i = 0; i < m; i++) {
                    float v = src[i];
                    a[i] += v * ga;
                    b[i] += v * gb;
                }
            }
        }
    }
}
