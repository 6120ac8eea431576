package org.jackdesk.engine.fx;

/**
 * One FX slot's settings in user units, as the slot's parameter pull read them: every algorithm
 * reads the fields it uses in {@link FxUnit#set}. A plain holder, filled and read on the audio
 * thread only (no allocation, no copies).
 */
public final class FxParams {
    /** Mid-frequency decay time T60 (hall, room, plate). */
    public float decayS = 2f;
    public float predelayMs = 20f;
    /** Delay-line scale, 20–100 %. */
    public float sizePct = 80f;
    /** HF decay shortening: above {@link #dampFreqHz} T60 is decay × (1 − damping/100). */
    public float dampingPct = 30f;
    public float dampFreqHz = 5000f;
    /** Low-frequency T60 as a multiple of the decay, below {@link #crossoverHz}. */
    public float bass = 1f;
    public float crossoverHz = 250f;
    public float widthPct = 100f;
    /** The delay time in effect (ms or the synced note at the tempo), clamped to the delay's range. */
    public float delayMs = 400f;
    public boolean pingPong;
    public float feedbackPct = 30f;
    /** Feedback-loop high-pass; at {@link #LOWCUT_OFF_HZ} or below, off. */
    public float lowcutHz = 100f;
    /** Feedback-loop low-pass; at {@link #HIGHCUT_OFF_HZ} or above, off. */
    public float highcutHz = 8000f;
    public float chorusRateHz = 0.8f;
    public float chorusDepthPct = 40f;
    public float chorusMixPct = 100f;

    public static final float LOWCUT_OFF_HZ = 20f;
    public static final float HIGHCUT_OFF_HZ = 20000f;
}
