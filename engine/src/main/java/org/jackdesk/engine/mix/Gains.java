package org.jackdesk.engine.mix;

import org.jackdesk.config.ParamDef;
import org.jackdesk.engine.dsp.Dsp;

/** Gain-law helpers used when parameters are pulled (not per sample). */
public final class Gains {
    private Gains() {}

    /**
     * dB to linear ({@link Dsp#dbToGain}, the one conversion), except that the fader "off" sentinel
     * (−90 dB and below) is exactly 0.
     */
    public static float dbToGain(double db) {
        if (db <= ParamDef.FADER_OFF_DB) return 0f;
        return (float) Dsp.dbToGain(db);
    }

    /**
     * Whether a strip is silenced: by its own mute ({@code muted}), by a muted DCA it belongs to
     * ({@code t[sDca[d]]} on), or by an active mute group it belongs to. The one rule for channels
     * and FX returns. Thread: the parameter pull (allocates nothing).
     */
    public static boolean mutedWithGroups(float[] t, boolean muted, int[] sDca, boolean[] dcaMute, int[] sMg, boolean[] mgOn) {
        for (int d = 0; d < dcaMute.length; d++) muted |= dcaMute[d] && t[sDca[d]] > 0.5f;
        for (int g = 0; g < mgOn.length; g++) muted |= mgOn[g] && t[sMg[g]] > 0.5f;
        return muted;
    }

    /** The product of the gains of the DCAs a strip belongs to ({@code t[sDca[d]]} on); 1 with none. */
    public static float dcaGain(float[] t, int[] sDca, float[] dcaGain) {
        float g = 1f;
        for (int d = 0; d < dcaGain.length; d++) {
            if (t[sDca[d]] > 0.5f) g *= dcaGain[d];
        }
        return g;
    }

    /** Constant-power pan law (−3 dB at centre): left gain for pan p in −1…+1. */
    public static float panLeft(double p) {
        return (float) Math.cos((p + 1.0) * Math.PI / 4.0);
    }

    /** Constant-power pan law: right gain. */
    public static float panRight(double p) {
        return (float) Math.sin((p + 1.0) * Math.PI / 4.0);
    }

    /** Stereo balance: unity at centre, the far side falls on a quarter cosine to silence. */
    public static float balanceLeft(double p) {
        return p <= 0 ? 1f : (float) Math.cos(p * Math.PI / 2.0);
    }

    public static float balanceRight(double p) {
        return p >= 0 ? 1f : (float) Math.cos(-p * Math.PI / 2.0);
    }
}
