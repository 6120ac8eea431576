package org.jackdesk.control.x32;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jackdesk.engine.MeterBank;

/**
 * The X32 meter banks jackdesk fills, laid out as the X32 lays them (the public protocol
 * description): a blob of an int32 little-endian count, then that many little-endian float32
 * values. Levels are linear (1.0 = 0 dBFS), dynamics are gains (1.0 = no reduction); what
 * jackdesk does not have (aux inputs, FX returns, matrices, the mono bus) reads 0 as a level and
 * 1 as a gain.
 * <ul>
 *   <li>{@code /meters/0} (70): channels 1–32, aux inputs 1–8, FX returns 1–8 (jackdesk's stereo
 *       return k as the pair 2k−1, 2k: its left and right peak), buses 1–16, matrices 1–6;</li>
 *   <li>{@code /meters/1} (96): channels 1–32 input level, gate gain, compressor gain;</li>
 *   <li>{@code /meters/2} (49): buses 1–16, matrices 1–6, main L and R, mono; then the dynamics
 *       gain of buses 1–16, matrices 1–6, the main and the mono.</li>
 *   <li>{@code /meters/15} (50 words): the RTA, 100 bands at 1/10 octave from 20 Hz to 20 kHz as
 *       100 little-endian signed 16-bit values in 1/256 dB (−128 dB the floor, 0 full scale), two a
 *       word; jackdesk analyses the main ((L+R)/2) for it, with its own analyser
 *       ({@link #rtaBlob}).</li>
 * </ul>
 * A channel's level is its input peak after trim, a bus's and the main's their output peak (the
 * louder side of a stereo bus for one value). Thread: control (one instance per server; the
 * engine's meters are read once per tick into a reused array).
 */
final class X32Meters {
    /** The banks served and their sizes; another bank is counted {@code x32_unsupported_meters}. */
    static int size(int bank) {
        return switch (bank) {
            case 0 -> 70;
            case 1 -> 96;
            case 2 -> 49;
            case RTA_BANK -> RTA_BANDS / 2;
            default -> -1;
        };
    }

    static final int RTA_BANK = 15, RTA_BANDS = 100;

    private final MeterBank bank;
    private float[] raw = new float[0];

    /**
     * The {@code /meters/15} blob of RTA levels {@code db[0..100)} (dBFS, lowest band first; a
     * missing band reads the floor).
     */
    static byte[] rtaBlob(float[] db) {
        ByteBuffer b = ByteBuffer.allocate(4 + 2 * RTA_BANDS).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(RTA_BANDS / 2);
        for (int i = 0; i < RTA_BANDS; i++) {
            float v = db != null && i < db.length && Float.isFinite(db[i]) ? db[i] : -128f;
            b.putShort((short) Math.max(-32768, Math.min(0, Math.round(v * 256f))));
        }
        return b.array();
    }

    /** True when these meters read {@code b} (the engine's current bank). */
    boolean reads(MeterBank b) {
        return bank == b;
    }

    X32Meters(MeterBank bank) {
        this.bank = bank;
    }

    /** Takes a fresh reading of the engine's meters (once per meter tick, shared by every bank). */
    void read() {
        if (raw.length < bank.size()) raw = new float[bank.size()];
        bank.read(raw);
    }

    /** Bank {@code n}'s blob from the last {@link #read()}. */
    byte[] blob(int n) {
        int size = size(n);
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(size);
        int channels = Math.min(32, bank.channels());
        int buses = Math.min(16, bank.buses());
        switch (n) {
            case 0 -> {
                for (int c = 0; c < 32; c++) b.putFloat(c < channels ? level(raw[MeterBank.channelBase(c) + MeterBank.CH_IN_PEAK]) : 0f);
                for (int i = 0; i < 8; i++) b.putFloat(0f); // aux inputs: jackdesk's inputs are all channels
                for (int i = 0; i < 8; i++) { // FX returns: jackdesk's return k is the X32's pair 2k−1 (L), 2k (R)
                    int k = i / 2;
                    b.putFloat(k < bank.fx() ? level(raw[bank.fxBase(k) + (i % 2 == 0 ? MeterBank.BUS_PEAK_L : MeterBank.BUS_PEAK_R)]) : 0f);
                }
                for (int i = 0; i < 16; i++) b.putFloat(i < buses ? busLevel(bank.busBase(i)) : 0f);
                for (int i = 0; i < 6; i++) b.putFloat(0f); // matrices
            }
            case 1 -> {
                for (int c = 0; c < 32; c++) b.putFloat(c < channels ? level(raw[MeterBank.channelBase(c) + MeterBank.CH_IN_PEAK]) : 0f);
                for (int c = 0; c < 32; c++) b.putFloat(c < channels ? gain(raw[MeterBank.channelBase(c) + MeterBank.CH_GATE_GR]) : 1f);
                for (int c = 0; c < 32; c++) b.putFloat(c < channels ? gain(raw[MeterBank.channelBase(c) + MeterBank.CH_COMP_GR]) : 1f);
            }
            default -> {
                for (int i = 0; i < 16; i++) b.putFloat(i < buses ? busLevel(bank.busBase(i)) : 0f);
                for (int i = 0; i < 6; i++) b.putFloat(0f); // matrices
                int main = bank.mainBase();
                b.putFloat(level(raw[main + MeterBank.BUS_PEAK_L]));
                b.putFloat(level(raw[main + MeterBank.BUS_PEAK_R]));
                b.putFloat(0f); // mono
                for (int i = 0; i < 16; i++) b.putFloat(i < buses ? gain(raw[bank.busBase(i) + MeterBank.BUS_COMP_GR]) : 1f);
                for (int i = 0; i < 6; i++) b.putFloat(1f);
                // the main's dynamics: its compressor and its limiter together
                b.putFloat(gain(finite(raw[main + MeterBank.BUS_COMP_GR]) + finite(raw[main + MeterBank.BUS_LIMITER_GR])));
                b.putFloat(1f); // mono
            }
        }
        return b.array();
    }

    private float busLevel(int base) {
        return Math.max(level(raw[base + MeterBank.BUS_PEAK_L]), level(raw[base + MeterBank.BUS_PEAK_R]));
    }

    private static float finite(float v) {
        return Float.isFinite(v) ? v : 0f;
    }

    static float level(float v) {
        return Float.isFinite(v) && v > 0 ? v : 0f;
    }

    /** A gain reduction in dB (0 or negative) as a linear gain. */
    static float gain(float grDb) {
        return Float.isFinite(grDb) ? (float) Math.pow(10, Math.min(0, grDb) / 20.0) : 1f;
    }
}
