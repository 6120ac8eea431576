package org.jackdesk.engine.io;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What {@link WavWriter} and {@link BwfWriter} share: the sample format of a file, its
 * {@code fmt } chunk and the encoding of samples into it. One definition, so the two writers
 * cannot drift apart in a header field or a rounding rule.
 *
 * <p>The {@code fmt } chunk is Microsoft's WAVEFORMATEX (16 bytes: tag, channels, rate, bytes per
 * second, block align, bits), or WAVE_FORMAT_EXTENSIBLE (40 bytes) for more than 2 channels, which
 * Microsoft requires there; the tag is 1 (PCM) or 3 (IEEE float), in the extensible form carried by
 * the sub-format GUID {@code {0000000X-0000-0010-8000-00AA00389B71}}.
 *
 * <p>Integer samples are {@code round(x * 2^(bits-1))} clipped to the integer range (no dither), NaN
 * as 0; float samples are written as they are, NaN and infinities as 0.
 *
 * <p>Thread: immutable; any.
 */
final class WaveFormat {
    final int channels;
    final int sampleRate;
    final int bits;
    final boolean isFloat;
    /** Bytes per frame: every channel's sample. */
    final int blockAlign;

    WaveFormat(int sampleRate, int channels, int bits, boolean isFloat) {
        if (channels < 1 || channels > 65535) throw new IllegalArgumentException("channels: " + channels);
        if (sampleRate < 1) throw new IllegalArgumentException("sampleRate: " + sampleRate);
        this.channels = channels;
        this.sampleRate = sampleRate;
        this.bits = bits;
        this.isFloat = isFloat;
        this.blockAlign = channels * bits / 8;
    }

    private boolean extensible() {
        return channels > 2;
    }

    /** The {@code fmt } chunk's body size: 16, or 40 for WAVE_FORMAT_EXTENSIBLE. */
    int fmtBodyBytes() {
        return extensible() ? 40 : 16;
    }

    /** Puts the whole {@code fmt } chunk (id, size, body: 8 + {@link #fmtBodyBytes()} bytes); {@code h} is little-endian. */
    void putFmtChunk(ByteBuffer h) {
        h.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(fmtBodyBytes());
        int tag = isFloat ? 3 : 1;
        h.putShort((short) (extensible() ? 0xFFFE : tag));
        h.putShort((short) channels).putInt(sampleRate).putInt(sampleRate * blockAlign);
        h.putShort((short) blockAlign).putShort((short) bits);
        if (extensible()) {
            h.putShort((short) 22).putShort((short) bits).putInt(0); // cbSize, valid bits, channel mask
            // KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT: {0000000X-0000-0010-8000-00AA00389B71}
            h.putInt(tag).putShort((short) 0).putShort((short) 0x10);
            h.put(new byte[] {(byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        }
    }

    /** Encodes {@code n} interleaved frames from {@code src[c][off..off+n)} into {@code b} (little-endian, room checked by the caller). */
    void encode(float[][] src, int off, int n, ByteBuffer b) {
        int chs = channels;
        if (isFloat) {
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < chs; c++) {
                    float v = src[c][off + i];
                    b.putFloat(Float.isFinite(v) ? v : 0f);
                }
            }
        } else if (bits == 16) {
            for (int i = 0; i < n; i++) for (int c = 0; c < chs; c++) b.putShort((short) quantize(src[c][off + i], 32768.0));
        } else {
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < chs; c++) {
                    int v = quantize(src[c][off + i], 8388608.0);
                    b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
                }
            }
        }
    }

    /** round(x * scale) clipped to [-scale, scale - 1]; NaN reads as 0. */
    static int quantize(float x, double scale) {
        double v = Math.rint(x * scale);
        if (v >= scale - 1) return (int) (scale - 1);
        if (v <= -scale) return (int) -scale;
        if (v != v) return 0;
        return (int) v;
    }
}
