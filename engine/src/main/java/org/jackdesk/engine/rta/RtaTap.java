package org.jackdesk.engine.rta;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jackdesk.config.Layout;
import org.jackdesk.engine.EnginePorts;

/**
 * The real-time analyser's tap (docs/tools.md): up to {@link #SLOTS} sources, each copied by the
 * audio thread into a preallocated ring of the newest {@link #RING} samples. The audio thread only
 * copies; the FFT runs elsewhere ({@link RtaAnalyzer}).
 *
 * <p>Sources: the main (L+R)/2 and the monitor (L+R)/2 after everything (what leaves the console),
 * an aux bus's output (a stereo bus (L+R)/2), a channel's input before its strip (a stereo
 * channel (L+R)/2), a channel's signal entering or leaving its EQ, or an FX return after its EQ
 * (before its fader) — see {@link #main()}, {@link #bus}, {@link #channel}, {@link #channelPreEq},
 * {@link #channelPostEq}, {@link #fxReturn(int)}.
 *
 * <p>The EQ taps are written by the strip itself ({@link #strip}), on whichever thread processes it
 * (the audio thread or the strip worker), sub-block by sub-block into the ring at the cycle's
 * position; {@link #beginCycle} fixes each slot's source and position for the cycle before any strip
 * runs, and {@link #capture} publishes the cycle's samples after every strip has finished. Tapping
 * changes none of the strip's paths (nor a bit of its output): a sleeping strip on its fused path
 * hands over its trimmed input ({@link #stripInput}).
 *
 * <p>Concurrency: one writer (the audio thread) per ring. {@code written[slot]} counts the
 * samples written and is published with release semantics ({@code lazySet}) after the copy; a
 * reader copies the newest {@code n} samples and then reads the counter again: if the writer got
 * more than {@code RING - n} samples ahead meanwhile, part of the copy may have been overwritten
 * and the read is refused (the reader tries again at its next frame). The source of a slot is an
 * {@link AtomicInteger} (set by control, read by audio in the cycle after {@code sourceVersion}
 * moved); a reader that switches a source restarts its averages itself. {@code AtomicInteger} and
 * {@code AtomicLong}, not the array classes: those go through a VarHandle, whose call site the
 * first caller links (1 424 and 1 952 bytes allocated on the audio thread when a tablet first
 * opened an analyser, measured with a JVMTI allocation agent), and whose invoker can be re-spun.
 *
 * <p>Thread: {@link #capture} audio; {@link #setSource} and {@link #read} any non-audio thread.
 */
public final class RtaTap {
    /** The real-time analyser's slots ({@link #RtaTap(Layout, EnginePorts)}). */
    public static final int SLOTS = 8;
    /** The real-time analyser's ring, samples per slot. */
    public static final int RING = 1 << 15;
    /** This tap's slots and ring (samples per slot, a power of two), and the ring's index mask. */
    private final int slots, ring, mask;
    public static final int OFF = -1;
    private static final int KIND_MAIN = 0, KIND_MON = 1, KIND_BUS = 2, KIND_CH = 3, KIND_CH_PRE_EQ = 4, KIND_CH_POST_EQ = 5, KIND_FXRET = 6;
    /** Stage bits of {@link #stages}: the signal entering, and leaving, a channel's EQ. */
    public static final int PRE_EQ = 1, POST_EQ = 2;

    private final float[][] rings;
    private final AtomicLong[] written;
    private final AtomicInteger[] source;
    /** Bumped by {@link #setSource}: the audio thread reads the sources only when it moved. */
    private volatile int sourceVersion;
    private int seenVersion = -1;
    /** What the audio thread itself last published to {@link #written}, per slot (its own copy: no atomic read per cycle). */
    private final long[] own;
    private final int[] busOut;
    private final boolean[] busStereo;
    private final int[] chIn;
    private final boolean[] chStereo;
    private final int monitorOut;
    private final int fxCount;
    // The cycle's view of the sources, fixed by beginCycle (audio thread) before the strips run:
    // read by the strips' threads, which start after it (the strip worker is opened after it).
    private final int[] cycleSource;
    private final long[] cyclePos;
    /** Per channel, the EQ stages some slot taps this cycle ({@link #PRE_EQ} | {@link #POST_EQ}). */
    private final int[] chStages;

    /** The real-time analyser's tap: {@link #SLOTS} slots of {@link #RING} samples. Thread: control or worker (with the engine). */
    public RtaTap(Layout layout, EnginePorts ports) {
        this(layout, ports, SLOTS, RING);
    }

    /**
     * A tap of {@code slots} slots of {@code ring} samples each (a power of two; a read takes at
     * most half of it): the feedback suppressor's tap of the main and every aux bus is one
     * (docs/assistants.md). Thread: control or worker (with the engine).
     */
    public RtaTap(Layout layout, EnginePorts ports, int slots, int ring) {
        if (slots < 1 || ring < 64 || Integer.bitCount(ring) != 1) {
            throw new IllegalArgumentException("a tap has at least one slot and a ring of a power of two ≥ 64 samples");
        }
        this.slots = slots;
        this.ring = ring;
        mask = ring - 1;
        rings = new float[slots][ring];
        written = new AtomicLong[slots];
        source = new AtomicInteger[slots];
        own = new long[slots];
        cycleSource = new int[slots];
        cyclePos = new long[slots];
        busOut = new int[layout.buses().size()];
        busStereo = new boolean[busOut.length];
        for (int b = 0; b < busOut.length; b++) {
            busOut[b] = ports.busOut(b);
            busStereo[b] = layout.buses().get(b).stereo();
        }
        chIn = new int[layout.channels().size()];
        chStereo = new boolean[chIn.length];
        for (int c = 0, in = 0; c < chIn.length; c++) {
            chIn[c] = in;
            chStereo[c] = layout.channels().get(c).stereo();
            in += chStereo[c] ? 2 : 1;
        }
        monitorOut = ports.monitorOut();
        chStages = new int[chIn.length];
        fxCount = layout.fx();
        for (int s = 0; s < slots; s++) {
            written[s] = new AtomicLong();
            source[s] = new AtomicInteger(OFF);
            cycleSource[s] = OFF;
        }
    }

    /** The main output, (L+R)/2. */
    public static int main() {
        return KIND_MAIN << 16;
    }

    /** The monitor output, (L+R)/2. */
    public static int monitor() {
        return KIND_MON << 16;
    }

    /** Aux bus {@code bus0}'s output (0-based). */
    public static int bus(int bus0) {
        return KIND_BUS << 16 | bus0;
    }

    /** Channel {@code ch0}'s input (0-based), before its strip. */
    public static int channel(int ch0) {
        return KIND_CH << 16 | ch0;
    }

    /** The signal entering channel {@code ch0}'s EQ (0-based): after trim, polarity, delay, HPF, gate (and the compressor when it comes first). */
    public static int channelPreEq(int ch0) {
        return KIND_CH_PRE_EQ << 16 | ch0;
    }

    /** The signal leaving channel {@code ch0}'s EQ (0-based), before the compressor when it comes after. */
    public static int channelPostEq(int ch0) {
        return KIND_CH_POST_EQ << 16 | ch0;
    }

    /** FX return {@code fx0} (0-based) after its EQ, before its fader, (L+R)/2. */
    public static int fxReturn(int fx0) {
        return KIND_FXRET << 16 | fx0;
    }

    /** True when {@code src} names a source of this layout. */
    public boolean valid(int src) {
        int kind = src >>> 16, i = src & 0xFFFF;
        return src >= 0 && switch (kind) {
            case KIND_MAIN, KIND_MON -> i == 0;
            case KIND_BUS -> i < busOut.length;
            case KIND_CH, KIND_CH_PRE_EQ, KIND_CH_POST_EQ -> i < chIn.length;
            case KIND_FXRET -> i < fxCount;
            default -> false;
        };
    }

    /** Points {@code slot} at {@code src} ({@link #OFF}: nothing is copied). Thread: any non-audio. */
    public void setSource(int slot, int src) {
        if (src != OFF && !valid(src)) throw new IllegalArgumentException("no RTA source " + Integer.toHexString(src));
        source[slot].set(src);
        sourceVersion++; // one control thread sets sources (the server's event loop); a lost bump only delays by a cycle
    }

    /** This tap's slots. */
    public int slots() {
        return slots;
    }

    /** Samples each slot's ring keeps. */
    public int ring() {
        return ring;
    }

    public int source(int slot) {
        return source[slot].get();
    }

    /** Samples written to {@code slot} so far. Thread: any. */
    public long written(int slot) {
        return written[slot].get();
    }

    /**
     * Fixes every slot's source and ring position for the cycle about to run, and which channel EQ
     * stages the strips are to write ({@link #stages}). Thread: audio, before any strip runs.
     */
    public void beginCycle() {
        for (int s = 0; s < slots; s++) cyclePos[s] = own[s];
        int v = sourceVersion;
        if (v == seenVersion) return; // no source changed: the cycle's sources are the last cycle's
        seenVersion = v;
        for (int s = 0; s < slots; s++) {
            int old = cycleSource[s];
            if (isStripKind(old)) chStages[old & 0xFFFF] = 0;
        }
        for (int s = 0; s < slots; s++) {
            int src = source[s].get();
            cycleSource[s] = src;
            if (isStripKind(src) && (src & 0xFFFF) < chStages.length) {
                chStages[src & 0xFFFF] |= (src >>> 16) == KIND_CH_PRE_EQ ? PRE_EQ : POST_EQ;
            }
        }
    }

    private static boolean isStripKind(int src) {
        int kind = src >>> 16;
        return src >= 0 && (kind == KIND_CH_PRE_EQ || kind == KIND_CH_POST_EQ);
    }

    /** A source written during the cycle by its processor (the EQ taps, the FX returns), only published at its end. */
    private static boolean isHandedOver(int src) {
        return isStripKind(src) || (src >= 0 && src >>> 16 == KIND_FXRET);
    }

    /**
     * FX return {@code fx0} hands over sub-block {@code [off, off+m)}: {@code out} (left, right)
     * after its EQ, or null for silence (its unit slept). Thread: audio (the bus mixer).
     */
    public void fxReturn(int fx0, float[][] out, int off, int m) {
        int want = KIND_FXRET << 16 | fx0;
        for (int s = 0; s < slots; s++) {
            if (cycleSource[s] == want) put(s, off, out == null ? null : out[0], out == null ? null : out[1], m);
        }
    }

    /** True when slot {@code s} taps channel {@code ch0}'s EQ at one of {@code stage}'s stages this cycle. */
    private boolean tapsStrip(int s, int ch0, int stage) {
        int src = cycleSource[s];
        return isStripKind(src) && (src & 0xFFFF) == ch0 && (stage & ((src >>> 16) == KIND_CH_PRE_EQ ? PRE_EQ : POST_EQ)) != 0;
    }

    /**
     * Writes {@code m} samples, (a+b)/2 or a alone ({@code b} null) or silence ({@code a} null), into
     * slot {@code s}'s ring at the cycle's position plus {@code off}.
     */
    private void put(int s, int off, float[] a, float[] b, int m) {
        float[] r = rings[s];
        int mask = this.mask;
        int pos = (int) ((cyclePos[s] + off) & mask);
        for (int k = 0; k < m; k++) {
            r[pos] = a == null ? 0f : b == null ? a[k] : 0.5f * (a[k] + b[k]);
            pos = (pos + 1) & mask;
        }
    }

    /** The EQ stages of channel {@code ch0} tapped this cycle (0: none). Thread: the strip's, after {@link #beginCycle}. */
    public int stages(int ch0) {
        return chStages[ch0];
    }

    /**
     * Channel {@code ch0}'s strip hands over sub-block {@code [off, off+m)} of the cycle at
     * {@code stage} ({@link #PRE_EQ}, {@link #POST_EQ}, or both when its processors sleep and the two
     * are the same signal): {@code buf[0..nch)[0..m)}, copied (a stereo strip (L+R)/2) into every
     * slot tapping it. Thread: the strip's (audio or strip worker); each slot has one writer.
     */
    public void strip(int ch0, int stage, float[][] buf, int nch, int off, int m) {
        for (int s = 0; s < slots; s++) {
            if (tapsStrip(s, ch0, stage)) put(s, off, buf[0], nch > 1 ? buf[1] : null, m);
        }
    }

    /**
     * As {@link #strip} for a mono strip whose processors sleep, on its fused path: {@code in[off..off+m)}
     * times {@code gain} (its trim), non-finite or absurd samples as silence as the strip reads them;
     * {@code in} null: silence. Thread: the strip's.
     */
    public void stripInput(int ch0, int stage, float[] in, int off, float gain, int m) {
        for (int s = 0; s < slots; s++) {
            if (!tapsStrip(s, ch0, stage)) continue;
            float[] r = rings[s];
            int pos = (int) ((cyclePos[s] + off) & mask);
            for (int k = 0; k < m; k++) {
                float v = in == null ? 0f : in[off + k];
                r[pos] = Math.abs(v) < org.jackdesk.engine.dsp.Dsp.FAULT_LEVEL ? v * gain : 0f;
                pos = (pos + 1) & mask;
            }
        }
    }

    /**
     * Copies this cycle's samples of every active slot into its ring (the EQ taps were written by
     * their strips: only published here). Thread: audio, after every strip finished the cycle.
     */
    public void capture(float[][] inputs, float[][] outputs, int nframes) {
        for (int s = 0; s < slots; s++) {
            int src = cycleSource[s];
            if (src < 0) continue;
            int i = src & 0xFFFF;
            if (isHandedOver(src)) {
                own[s] = cyclePos[s] + nframes;
                written[s].lazySet(own[s]);
                continue;
            }
            float[] a, b;
            switch (src >>> 16) {
                case KIND_MAIN:
                    a = at(outputs, 0);
                    b = at(outputs, 1);
                    break;
                case KIND_MON:
                    a = at(outputs, monitorOut);
                    b = at(outputs, monitorOut + 1);
                    break;
                case KIND_BUS:
                    if (i >= busOut.length) continue;
                    a = at(outputs, busOut[i]);
                    b = busStereo[i] ? at(outputs, busOut[i] + 1) : null;
                    break;
                case KIND_CH:
                default:
                    if (i >= chIn.length) continue;
                    a = at(inputs, chIn[i]);
                    b = chStereo[i] ? at(inputs, chIn[i] + 1) : null;
                    break;
            }
            put(s, 0, a, b, nframes); // cyclePos[s] is own[s]: set by beginCycle
            own[s] = cyclePos[s] + nframes;
            written[s].lazySet(own[s]);
        }
    }

    private static float[] at(float[][] bufs, int i) {
        return i >= 0 && i < bufs.length ? bufs[i] : null;
    }

    /**
     * Copies the newest {@code n} samples (at most half the ring, {@link #ring()}) of {@code slot} into
     * {@code dst[0..n)}. Returns false when fewer than {@code n} were written or the writer
     * overtook the copy (try again later). Thread: any non-audio; allocates nothing.
     */
    public boolean read(int slot, float[] dst, int n) {
        return read(slot, dst, n, written[slot].get());
    }

    /**
     * Copies the {@code n} samples of {@code slot} that end at sample {@code end} (counted as
     * {@link #written}) into {@code dst[0..n)}: a reader that fell behind takes every hop it missed
     * while the ring still holds it. Returns false when {@code end} is not written yet, is before
     * {@code n}, or the writer overtook (or had already overwritten) part of it. Thread: any
     * non-audio; allocates nothing.
     */
    public boolean read(int slot, float[] dst, int n, long end) {
        if (end < n || end > written[slot].get()) return false;
        float[] r = rings[slot];
        long start = end - n;
        int pos = (int) (start & mask);
        int first = Math.min(n, ring - pos);
        System.arraycopy(r, pos, dst, 0, first);
        if (first < n) System.arraycopy(r, 0, dst, first, n - first);
        return written[slot].get() - start <= ring;
    }
}
