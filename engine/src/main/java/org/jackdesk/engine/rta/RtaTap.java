package org.jackdesk.engine.rta;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jackdesk.config.Layout;
import org.jackdesk.engine.EnginePorts;

/**
 * The real-time analyser's tap (docs/tools.md): up to {@link #SLOTS} sources, each copied by the
 * audio thread into a preallocated ring of the newest {@link #RING} samples. The audio thread only
 * copies; the FFT runs elsewhere ({@link RtaAnalyzer}).
 *
 * <p>Sources: the main (L+R)/2 and the monitor (L+R)/2 after everything (what leaves the console),
 * an aux bus's output (a stereo bus (L+R)/2), or a channel's input before its strip (a stereo
 * channel (L+R)/2) — see {@link #main()}, {@link #bus}, {@link #channel}.
 *
 * <p>Concurrency: one writer (the audio thread) per ring. {@code written[slot]} counts the
 * samples written and is published with release semantics ({@code lazySet}) after the copy; a
 * reader copies the newest {@code n} samples and then reads the counter again: if the writer got
 * more than {@code RING - n} samples ahead meanwhile, part of the copy may have been overwritten
 * and the read is refused (the reader tries again at its next frame). The source of a slot is an
 * int in an {@link AtomicIntegerArray} (set by control, read by audio once per cycle); a reader
 * that switches a source restarts its averages itself.
 *
 * <p>Thread: {@link #capture} audio; {@link #setSource} and {@link #read} any non-audio thread.
 */
public final class RtaTap {
    public static final int SLOTS = 8;
    public static final int RING = 1 << 15;
    private static final int MASK = RING - 1;
    public static final int OFF = -1;
    private static final int KIND_MAIN = 0, KIND_MON = 1, KIND_BUS = 2, KIND_CH = 3;

    private final float[][] rings = new float[SLOTS][RING];
    private final AtomicLongArray written = new AtomicLongArray(SLOTS);
    private final AtomicIntegerArray source = new AtomicIntegerArray(SLOTS);
    private final int[] busOut;
    private final boolean[] busStereo;
    private final int[] chIn;
    private final boolean[] chStereo;
    private final int monitorOut;

    /** Thread: control or worker (with the engine). */
    public RtaTap(Layout layout, EnginePorts ports) {
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
        for (int s = 0; s < SLOTS; s++) source.set(s, OFF);
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

    /** True when {@code src} names a source of this layout. */
    public boolean valid(int src) {
        int kind = src >>> 16, i = src & 0xFFFF;
        return src >= 0 && switch (kind) {
            case KIND_MAIN, KIND_MON -> i == 0;
            case KIND_BUS -> i < busOut.length;
            case KIND_CH -> i < chIn.length;
            default -> false;
        };
    }

    /** Points {@code slot} at {@code src} ({@link #OFF}: nothing is copied). Thread: any non-audio. */
    public void setSource(int slot, int src) {
        if (src != OFF && !valid(src)) throw new IllegalArgumentException("no RTA source " + Integer.toHexString(src));
        source.set(slot, src);
    }

    public int source(int slot) {
        return source.get(slot);
    }

    /** Samples written to {@code slot} so far. Thread: any. */
    public long written(int slot) {
        return written.get(slot);
    }

    /** Copies this cycle's samples of every active slot into its ring. Thread: audio. */
    public void capture(float[][] inputs, float[][] outputs, int nframes) {
        for (int s = 0; s < SLOTS; s++) {
            int src = source.get(s);
            if (src < 0) continue;
            int i = src & 0xFFFF;
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
            float[] ring = rings[s];
            long w = written.get(s);
            int pos = (int) (w & MASK);
            for (int k = 0; k < nframes; k++) {
                float v = a == null ? 0f : b == null ? a[k] : 0.5f * (a[k] + b[k]);
                ring[pos] = v;
                pos = (pos + 1) & MASK;
            }
            written.lazySet(s, w + nframes);
        }
    }

    private static float[] at(float[][] bufs, int i) {
        return i >= 0 && i < bufs.length ? bufs[i] : null;
    }

    /**
     * Copies the newest {@code n} samples (at most {@link #RING}/2) of {@code slot} into
     * {@code dst[0..n)}. Returns false when fewer than {@code n} were written or the writer
     * overtook the copy (try again later). Thread: any non-audio; allocates nothing.
     */
    public boolean read(int slot, float[] dst, int n) {
        long end = written.get(slot);
        if (end < n) return false;
        float[] ring = rings[slot];
        long start = end - n;
        int pos = (int) (start & MASK);
        int first = Math.min(n, RING - pos);
        System.arraycopy(ring, pos, dst, 0, first);
        if (first < n) System.arraycopy(ring, 0, dst, first, n - first);
        return written.get(slot) - start <= RING;
    }
}
