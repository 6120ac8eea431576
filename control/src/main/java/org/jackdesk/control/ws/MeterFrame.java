package org.jackdesk.control.ws;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.jackdesk.engine.MeterBank;

/**
 * The binary meter frame sent to subscribed WebSocket clients (docs/protocol.md, "Meter frames").
 *
 * <pre>
 * offset size  field
 *  0     4     magic "JDMF" (ASCII)
 *  4     1     version (3: a compressor detector level per channel and an over latch per bus)
 *  5     1     sections bit mask: 1 ch, 2 bus, 4 main, 8 monitor, 16 loudness, 32 fx (the FX returns:
 *              as many as the values after the other sections make, {@link MeterBank#BUS_FIELDS} each),
 *              64 stages (the main chain's multiband bands and transient shaper, {@link MeterBank#STAGE_FIELDS}
 *              floats in dB; after the FX returns), 128 automix (one float per channel: the automixer's gain
 *              on it in dB, ≤ 0, 0 when not automixed; last; docs/assistants.md)
 *  6     2     channel count     (u16 little-endian; the engine's, even when ch is not included)
 *  8     2     aux bus count     (u16 LE)
 * 10     1     floats per channel ({@link MeterBank#CH_FIELDS})
 * 11     1     floats per bus     ({@link MeterBank#BUS_FIELDS})
 * 12     4     frame sequence    (u32 LE, per connection, from 0; a gap means frames were skipped)
 * 16     ...   float32 LE values, section by section in mask-bit order, each in MeterBank order
 * </pre>
 * Levels are dBFS, floored at {@link #FLOOR_DB} (silence); gain reductions are dB (≤ 0); the clip
 * latch (channels) and the over latch (buses, main, monitor) are 0 or 1. The loudness section is {@link MeterBank#LOUD_FIELDS} floats (a fixed count in
 * versions 2 and 3): LUFS, LU, dBTP, dBFS and the correlation as the MeterBank has them, with "nothing
 * measured yet" (−∞ in the engine) sent as {@link #FLOOR_DB}. The header is 16 bytes so a browser can read the values with
 * {@code new Float32Array(buf, 16)} on little-endian hardware (a DataView is always safe).
 */
public final class MeterFrame {
    private MeterFrame() {}

    public static final byte[] MAGIC = {'J', 'D', 'M', 'F'};
    public static final int VERSION = 3;
    public static final int HEADER_BYTES = 16;
    public static final int SEQUENCE_OFFSET = 12;
    public static final float FLOOR_DB = -120f;

    /** Meter sections a client may subscribe to; the bit is their place in the mask. */
    public enum Section {
        CH("ch", 1), BUS("bus", 2), MAIN("main", 4), MONITOR("monitor", 8), LOUDNESS("loudness", 16), FX("fx", 32), STAGES("stages", 64),
        AUTOMIX("automix", 128);

        private final String id;
        private final int bit;

        Section(String id, int bit) {
            this.id = id;
            this.bit = bit;
        }

        public String id() {
            return id;
        }

        public int bit() {
            return bit;
        }

        public static Section byName(String name) {
            for (Section s : values()) if (s.id.equals(name)) return s;
            return null;
        }

        public static String names() {
            List<String> n = new ArrayList<>();
            for (Section s : values()) n.add(s.id);
            return String.join(", ", n);
        }

        public static int mask(List<Section> sections) {
            int m = 0;
            for (Section s : sections) m |= s.bit;
            return m;
        }
    }

    /** Number of floats a frame carries for {@code mask} with {@code fx} FX returns. */
    public static int valueCount(int mask, int channels, int buses, int fx) {
        int n = 0;
        if ((mask & Section.FX.bit) != 0) n += fx * MeterBank.BUS_FIELDS;
        if ((mask & Section.CH.bit) != 0) n += channels * MeterBank.CH_FIELDS;
        if ((mask & Section.BUS.bit) != 0) n += buses * MeterBank.BUS_FIELDS;
        if ((mask & Section.MAIN.bit) != 0) n += MeterBank.BUS_FIELDS;
        if ((mask & Section.MONITOR.bit) != 0) n += MeterBank.BUS_FIELDS;
        if ((mask & Section.LOUDNESS.bit) != 0) n += MeterBank.LOUD_FIELDS;
        if ((mask & Section.STAGES.bit) != 0) n += MeterBank.STAGE_FIELDS;
        if ((mask & Section.AUTOMIX.bit) != 0) n += channels * MeterBank.AUTOMIX_FIELDS;
        return n;
    }

    /**
     * Converts a raw MeterBank copy (linear levels, dB gain reductions) of a bank with {@code fx} FX
     * returns to the wire units, in place of {@code dst}. Thread: control.
     */
    public static void toWireUnits(float[] raw, float[] dst, int channels, int buses, int fx) {
        for (int c = 0; c < channels; c++) {
            int b = MeterBank.channelBase(c);
            for (int f = 0; f < MeterBank.CH_FIELDS; f++) {
                float v = raw[b + f];
                dst[b + f] = (f == MeterBank.CH_CLIP || f == MeterBank.CH_GATE_GR || f == MeterBank.CH_COMP_GR)
                        ? finite(v) : dbfs(v);
            }
        }
        int busStart = channels * MeterBank.CH_FIELDS;
        for (int b = 0; b < buses + 2; b++) {
            int base = busStart + b * MeterBank.BUS_FIELDS;
            for (int f = 0; f < MeterBank.BUS_FIELDS; f++) {
                float v = raw[base + f];
                dst[base + f] = f == MeterBank.BUS_COMP_GR || f == MeterBank.BUS_LIMITER_GR || f == MeterBank.BUS_OVER ? finite(v) : dbfs(v);
            }
        }
        int loud = busStart + (buses + 2) * MeterBank.BUS_FIELDS;
        for (int f = 0; f < MeterBank.LOUD_FIELDS; f++) {
            float v = raw[loud + f];
            // already in LUFS/LU/dB: only "nothing yet" (−inf) and anything non-finite need a number
            dst[loud + f] = Float.isFinite(v) ? Math.max(FLOOR_DB, v) : (f == MeterBank.LOUD_CORRELATION || f == MeterBank.LOUD_RANGE ? 0f : FLOOR_DB);
        }
        int fxStart = loud + MeterBank.LOUD_FIELDS;
        for (int k = 0; k < fx; k++) {
            int base = fxStart + k * MeterBank.BUS_FIELDS;
            for (int f = 0; f < MeterBank.BUS_FIELDS; f++) {
                float v = raw[base + f];
                dst[base + f] = f == MeterBank.BUS_COMP_GR || f == MeterBank.BUS_LIMITER_GR || f == MeterBank.BUS_OVER ? finite(v) : dbfs(v);
            }
        }
        int stages = fxStart + fx * MeterBank.BUS_FIELDS;
        for (int f = 0; f < MeterBank.STAGE_FIELDS; f++) dst[stages + f] = finite(raw[stages + f]); // dB already
        int automix = stages + MeterBank.STAGE_FIELDS;
        for (int c = 0; c < channels * MeterBank.AUTOMIX_FIELDS; c++) dst[automix + c] = finite(raw[automix + c]); // dB already
    }

    /** 20·log10(linear), floored at {@link #FLOOR_DB}. */
    public static float dbfs(float linear) {
        if (!(linear > 1e-6f)) return FLOOR_DB;
        return Math.max(FLOOR_DB, (float) (20.0 * Math.log10(linear)));
    }

    private static float finite(float v) {
        return Float.isFinite(v) ? v : 0f;
    }

    /** Encodes one frame from wire-unit values laid out like the MeterBank with {@code fx} FX returns. Thread: control. */
    public static Buffer encode(float[] wire, int channels, int buses, int fx, int mask, long sequence) {
        int n = valueCount(mask, channels, buses, fx);
        Buffer b = Buffer.buffer(HEADER_BYTES + 4 * n);
        b.appendBytes(MAGIC);
        b.appendUnsignedByte((short) VERSION);
        b.appendUnsignedByte((short) mask);
        b.appendUnsignedShortLE(channels);
        b.appendUnsignedShortLE(buses);
        b.appendUnsignedByte((short) MeterBank.CH_FIELDS);
        b.appendUnsignedByte((short) MeterBank.BUS_FIELDS);
        b.appendUnsignedIntLE(sequence & 0xffffffffL);
        int busStart = channels * MeterBank.CH_FIELDS;
        if ((mask & Section.CH.bit) != 0) appendRange(b, wire, 0, busStart);
        if ((mask & Section.BUS.bit) != 0) appendRange(b, wire, busStart, buses * MeterBank.BUS_FIELDS);
        int mainStart = busStart + buses * MeterBank.BUS_FIELDS;
        if ((mask & Section.MAIN.bit) != 0) appendRange(b, wire, mainStart, MeterBank.BUS_FIELDS);
        if ((mask & Section.MONITOR.bit) != 0) appendRange(b, wire, mainStart + MeterBank.BUS_FIELDS, MeterBank.BUS_FIELDS);
        if ((mask & Section.LOUDNESS.bit) != 0) appendRange(b, wire, mainStart + 2 * MeterBank.BUS_FIELDS, MeterBank.LOUD_FIELDS);
        int fxStart = mainStart + 2 * MeterBank.BUS_FIELDS + MeterBank.LOUD_FIELDS;
        if ((mask & Section.FX.bit) != 0) appendRange(b, wire, fxStart, fx * MeterBank.BUS_FIELDS);
        if ((mask & Section.STAGES.bit) != 0) appendRange(b, wire, fxStart + fx * MeterBank.BUS_FIELDS, MeterBank.STAGE_FIELDS);
        if ((mask & Section.AUTOMIX.bit) != 0) {
            appendRange(b, wire, fxStart + fx * MeterBank.BUS_FIELDS + MeterBank.STAGE_FIELDS, channels * MeterBank.AUTOMIX_FIELDS);
        }
        return b;
    }

    private static void appendRange(Buffer b, float[] src, int from, int count) {
        for (int i = 0; i < count; i++) b.appendFloatLE(src[from + i]);
    }

    /** A decoded frame (clients in Java: tests and the benchmark); {@code fx} FX returns when the fx section is in. */
    public record Decoded(int version, int mask, int channels, int buses, long sequence, float[] values, int fx) {}

    /** Decodes a frame; throws IllegalArgumentException on a frame that is not one. */
    public static Decoded decode(Buffer b) {
        if (b.length() < HEADER_BYTES) throw new IllegalArgumentException("meter frame shorter than its header: " + b.length());
        for (int i = 0; i < 4; i++) {
            if (b.getByte(i) != MAGIC[i]) throw new IllegalArgumentException("not a meter frame (bad magic)");
        }
        int version = b.getUnsignedByte(4);
        if (version != VERSION) throw new IllegalArgumentException("meter frame version " + version + ", this build reads " + VERSION);
        int mask = b.getUnsignedByte(5);
        int channels = b.getUnsignedShortLE(6);
        int buses = b.getUnsignedShortLE(8);
        if (b.getUnsignedByte(10) != MeterBank.CH_FIELDS || b.getUnsignedByte(11) != MeterBank.BUS_FIELDS) {
            throw new IllegalArgumentException("meter frame field counts differ from this build's MeterBank");
        }
        long seq = b.getUnsignedIntLE(12);
        int fx = 0;
        if ((mask & Section.FX.bit) != 0) {
            // the FX returns' count is what the length leaves after every other section (stages included)
            int rest = (b.length() - HEADER_BYTES) / 4 - valueCount(mask & ~Section.FX.bit, channels, buses, 0);
            fx = Math.max(0, rest / MeterBank.BUS_FIELDS);
        }
        int n = valueCount(mask, channels, buses, fx);
        if (b.length() != HEADER_BYTES + 4 * n) {
            throw new IllegalArgumentException("meter frame is " + b.length() + " bytes, expected " + (HEADER_BYTES + 4 * n));
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = b.getFloatLE(HEADER_BYTES + 4 * i);
        return new Decoded(version, mask, channels, buses, seq, v, fx);
    }
}
