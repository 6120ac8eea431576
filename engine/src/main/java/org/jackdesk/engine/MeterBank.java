package org.jackdesk.engine;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every meter of the console in one flat float array, written by the audio thread once per cycle
 * and published with a sequence counter (a seqlock): the audio thread never waits, a reader retries
 * when it raced a write. Levels are linear amplitude (1.0 = 0 dBFS); gain reductions are in dB (≤ 0).
 *
 * <p>Layout: {@link #CH_FIELDS} floats per channel, then {@link #BUS_FIELDS} per aux bus, then the
 * main bus and the monitor bus with {@link #BUS_FIELDS} each, then the main-bus loudness block of
 * {@link #LOUD_FIELDS} floats at {@link #loudnessBase()}, then {@link #BUS_FIELDS} per FX return
 * ({@link #fxBase}; docs/fx.md — after the loudness block, so every other index is what it was):
 * <pre>
 * channelBase(c)  CH_IN_PEAK CH_IN_RMS CH_IN_HOLD CH_CLIP CH_PRE_PEAK CH_PRE_RMS
 *                 CH_POST_PEAK_L CH_POST_PEAK_R CH_POST_RMS_L CH_POST_RMS_R CH_GATE_GR CH_COMP_GR
 *                 CH_COMP_IN
 * busBase(b)      BUS_PEAK_L BUS_PEAK_R BUS_RMS_L BUS_RMS_R BUS_HOLD_L BUS_HOLD_R BUS_COMP_GR BUS_LIMITER_GR
 *                 BUS_OVER
 * mainBase()      as a bus (the main compressor's and limiter's gain reduction in the GR fields)
 * monitorBase()   as a bus (GR fields always 0)
 * loudnessBase()  LOUD_MOMENTARY LOUD_SHORT_TERM LOUD_INTEGRATED LOUD_RANGE LOUD_TRUE_PEAK
 *                 LOUD_SAMPLE_PEAK LOUD_MAX_MOMENTARY LOUD_MAX_SHORT_TERM LOUD_CORRELATION
 * fxBase(k)       as a bus, after the return's fader and balance (GR fields 0)
 * stagesBase()    STAGE_MB_1 STAGE_MB_2 STAGE_MB_3 STAGE_MB_4 STAGE_TRANSIENT
 * automixBase()   one float per channel: the automixer's gain on it in dB (≤ 0; 0 when not automixed)
 * </pre>
 * The automix block (docs/assistants.md) comes last, so every earlier index is what it was.
 * The stages block (after the FX returns, so every earlier index is what it was) is the main chain's
 * stages before the limiter, in dB: each multiband band's gain reduction (≤ 0; 0 while the
 * multiband is off, and band 4 with 3 bands) and the transient shaper's gain (+ on an attack it
 * lifts, − where it cuts; 0 while off). The bus compressor and limiter are in the main's GR fields.
 * Peaks rise instantly and fall at 20 dB/s, so sampling at 20–60 fps never misses a transient;
 * holds keep the highest peak 1.5 s. The loudness block is measured on the main output (after the
 * limiter) in its own units — LUFS, LU, dBTP, dBFS — not linear; {@link Float#NEGATIVE_INFINITY}
 * means "nothing measured yet" (silence, or fewer than 400 ms since a reset) and the integrated
 * value stays −∞ until a block passes the BS.1770 gates. The correlation is −1 … +1 (0 for silence).
 * {@link EngineCommand#RESET_LOUDNESS} starts a new measurement.
 *
 * <p>Clip and over latches ({@link #CH_CLIP}, {@link #BUS_OVER}) stay at 1 until cleared:
 * {@link EngineCommand#RESET_CLIPS} clears them all; {@link #requestClipReset(int)} clears one
 * strip's. That request is a flag the reader sets and the audio thread takes at its next
 * publication (one {@link AtomicInteger} per strip: Unsafe-based like {@link #seq}, so taking it
 * allocates nothing; a flag rather than a command because a strip index does not fit an enum
 * constant and a request repeated before the audio thread saw it is still one clear).
 */
public final class MeterBank {
    /** Channel: input (after trim) peak and RMS, the input peak hold, the clip latch (1 = clipped). */
    public static final int CH_IN_PEAK = 0, CH_IN_RMS = 1, CH_IN_HOLD = 2, CH_CLIP = 3;
    /** Channel: pre-fader (after the processing) peak and RMS. */
    public static final int CH_PRE_PEAK = 4, CH_PRE_RMS = 5;
    /** Channel: post-fader, post-pan peak and RMS, left and right. */
    public static final int CH_POST_PEAK_L = 6, CH_POST_PEAK_R = 7, CH_POST_RMS_L = 8, CH_POST_RMS_R = 9;
    /** Channel: gate and compressor gain reduction in dB (0 or negative). */
    public static final int CH_GATE_GR = 10, CH_COMP_GR = 11;
    /**
     * Channel: the compressor's detector level (linear, the highest the gain computer saw this
     * cycle; the side-chain filter and RMS detection included) — the input of the live point on the
     * compressor's static curve. Silence (0) while the compressor is bypassed or asleep.
     */
    public static final int CH_COMP_IN = 12;
    public static final int CH_FIELDS = 13;
    /** Bus (aux, main, monitor): output peak, RMS and hold, left and right (equal on a mono bus). */
    public static final int BUS_PEAK_L = 0, BUS_PEAK_R = 1, BUS_RMS_L = 2, BUS_RMS_R = 3, BUS_HOLD_L = 4, BUS_HOLD_R = 5;
    /** Bus: compressor and limiter gain reduction in dB (0 or negative; 0 while off). */
    public static final int BUS_COMP_GR = 6, BUS_LIMITER_GR = 7;
    /** Bus: the over latch, 1 once the bus output reached 0 dBFS (a sample of magnitude ≥ 1), until cleared. */
    public static final int BUS_OVER = 8;
    public static final int BUS_FIELDS = 9;
    /** Main-bus loudness (EBU R128): momentary (400 ms) and short-term (3 s) loudness, gated integrated, LUFS. */
    public static final int LOUD_MOMENTARY = 0, LOUD_SHORT_TERM = 1, LOUD_INTEGRATED = 2;
    /** Loudness range (EBU Tech 3342) in LU; true-peak maximum (dBTP) and sample-peak maximum (dBFS) since the reset. */
    public static final int LOUD_RANGE = 3, LOUD_TRUE_PEAK = 4, LOUD_SAMPLE_PEAK = 5;
    /** Highest momentary and short-term loudness since the reset, LUFS; phase correlation −1 … +1. */
    public static final int LOUD_MAX_MOMENTARY = 6, LOUD_MAX_SHORT_TERM = 7, LOUD_CORRELATION = 8;
    public static final int LOUD_FIELDS = 9;
    /** Main chain stages (dB): the multiband's band 1–4 gain reduction, the transient shaper's gain. */
    public static final int STAGE_MB_1 = 0, STAGE_TRANSIENT = 4;
    public static final int STAGE_FIELDS = 5;
    /** Automix block: floats per channel (the automix gain in dB). */
    public static final int AUTOMIX_FIELDS = 1;

    private final int channels;
    private final int buses;
    private final int fx;
    private final float[] values;
    /**
     * Odd while the audio thread writes. An AtomicLong (Unsafe-based) rather than a VarHandle on
     * the audio side: a VarHandle's invoker can be re-spun lazily, allocating on the caller.
     */
    private final AtomicLong seq = new AtomicLong();
    /** Clip/over reset requests: channels, then aux buses, the main and the monitor bus ({@link #requestClipReset}). */
    private final AtomicInteger[] clipResets;

    public MeterBank(int channels, int buses) {
        this(channels, buses, 0);
    }

    /** A bank with {@code fx} FX returns' meters after the loudness block. */
    public MeterBank(int channels, int buses, int fx) {
        this.channels = channels;
        this.buses = buses;
        this.fx = fx;
        this.values = new float[channels * CH_FIELDS + (buses + 2) * BUS_FIELDS + LOUD_FIELDS + fx * BUS_FIELDS + STAGE_FIELDS
                + channels * AUTOMIX_FIELDS];
        int lb = loudnessBase();
        for (int f = 0; f < LOUD_FIELDS; f++) values[lb + f] = f == LOUD_RANGE || f == LOUD_CORRELATION ? 0f : Float.NEGATIVE_INFINITY;
        clipResets = new AtomicInteger[channels + buses + 2 + fx];
        for (int i = 0; i < clipResets.length; i++) clipResets[i] = new AtomicInteger();
    }

    /** The clip-reset target of channel {@code ch0} (0-based). */
    public static int channelTarget(int ch0) {
        return ch0;
    }

    /** The clip-reset target of aux bus {@code b0} (0-based); {@code buses()} is the main, {@code buses() + 1} the monitor. */
    public int busTarget(int b0) {
        return channels + b0;
    }

    /** The clip-reset target of FX return {@code k0} (0-based): its over latch. */
    public int fxTarget(int k0) {
        return channels + buses + 2 + k0;
    }

    /** Number of clip-reset targets: every channel, aux bus, the main, the monitor bus and every FX return. */
    public int clipTargets() {
        return clipResets.length;
    }

    /**
     * Asks the audio thread to clear one strip's clip latch (a channel) or over latch (a bus) at its
     * next cycle. Thread: any non-audio thread; never blocks. An out-of-range target is the caller's
     * error: IndexOutOfBoundsException.
     */
    public void requestClipReset(int target) {
        clipResets[target].lazySet(1);
    }

    /** Audio thread: true once per request for {@code target}; a plain read while nothing is asked. */
    boolean takeClipReset(int target) {
        AtomicInteger r = clipResets[target];
        return r.get() != 0 && r.getAndSet(0) != 0;
    }

    public int channels() {
        return channels;
    }

    public int buses() {
        return buses;
    }

    /** FX returns metered ({@link #fxBase}). */
    public int fx() {
        return fx;
    }

    public int size() {
        return values.length;
    }

    public static int channelBase(int ch0) {
        return ch0 * CH_FIELDS;
    }

    /** Base index of aux bus {@code b0} (0-based). */
    public int busBase(int b0) {
        return channels * CH_FIELDS + b0 * BUS_FIELDS;
    }

    public int mainBase() {
        return busBase(buses);
    }

    public int monitorBase() {
        return busBase(buses + 1);
    }

    /** Base index of the main-bus loudness block ({@code LOUD_*}). */
    public int loudnessBase() {
        return busBase(buses + 2);
    }

    /** Base index of FX return {@code k0} (0-based), laid out as a bus ({@code BUS_*}). */
    public int fxBase(int k0) {
        return loudnessBase() + LOUD_FIELDS + k0 * BUS_FIELDS;
    }

    /** Base index of the main chain's stages block ({@code STAGE_*}), after the FX returns. */
    public int stagesBase() {
        return fxBase(fx);
    }

    /** Base index of the automix block: channel {@code ch0}'s automix gain (dB) is at {@code automixBase() + ch0}. */
    public int automixBase() {
        return stagesBase() + STAGE_FIELDS;
    }

    /** Audio thread: the array to write between {@link #beginWrite} and {@link #endWrite}. */
    float[] writeArray() {
        return values;
    }

    void beginWrite() {
        seq.set(seq.get() + 1); // only the audio thread writes: no read-modify-write race
        VarHandle.storeStoreFence(); // the odd number is visible before any value changes
    }

    void endWrite() {
        seq.lazySet(seq.get() + 1); // release: the values are visible before the even number
    }

    /**
     * Copies a consistent set of meter values into {@code dst} (length ≥ {@link #size()}).
     * Thread: any non-audio thread. Returns the sequence number of the copy (even), which grows
     * with every published cycle.
     */
    public long read(float[] dst) {
        while (true) {
            long s1 = seq.get();
            if ((s1 & 1) == 0) {
                System.arraycopy(values, 0, dst, 0, values.length);
                VarHandle.loadLoadFence();
                long s2 = seq.get();
                if (s1 == s2) return s1;
            }
            Thread.onSpinWait();
        }
    }
}
