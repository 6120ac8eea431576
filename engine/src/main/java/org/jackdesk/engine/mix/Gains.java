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
