package org.jackdesk.engine.dsp;

/**
 * The one crossfade kernel behind every bypass and on/off switch that fades between a dry and a
 * processed signal ({@link BypassFade} of the strip processors, the main EQ's band and whole-EQ
 * switches, the true-peak limiter's bypass to its delayed dry signal, the bus limiter's switch,
 * the bus compressor's switch, an FX slot's type change): out = dry + m·(wet − dry) ({@link #at}), with m read from a
 * {@link Ramp} sample by sample ({@code fade.peek(i + 1)}), so a fade never clicks and every user
 * fades the same way. {@link BusCompressor} crossfades its gain rather than its signal (dry = unity,
 * wet = its compressed gain, m = enable·mix), so its switch and its dry/wet mix are one factor.
 *
 * <p>Thread: audio; no state, no allocation.
 */
public final class Crossfade {
    private Crossfade() {}

    /** dry + m·(wet − dry): m = 0 is {@code dry}, m = 1 is {@code wet}. */
    public static float at(float dry, float wet, float m) {
        return dry + m * (wet - dry);
    }

    /**
     * {@code out[oOff + i] = dry[dOff + i] + m_i·(wet[wOff + i] − dry[dOff + i])} for i in [0, n),
     * m_i = {@code fade.peek(i + 1)}. {@code out} may be {@code dry} or {@code wet}. Does not
     * advance {@code fade}: the caller skips it by n once every channel is mixed.
     */
    public static void mix(float[] dry, int dOff, float[] wet, int wOff, float[] out, int oOff, int n, Ramp fade) {
        for (int i = 0; i < n; i++) {
            out[oOff + i] = at(dry[dOff + i], wet[wOff + i], fade.peek(i + 1));
        }
    }
}
