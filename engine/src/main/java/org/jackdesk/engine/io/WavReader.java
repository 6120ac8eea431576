package org.jackdesk.engine.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a RIFF/WAVE file into {@code float[channel][frame]} in chunks. Supports PCM 16/24/32-bit
 * and IEEE float 32/64-bit, any channel count, plain and WAVE_FORMAT_EXTENSIBLE headers.
 * RF64 and BW64 files (64-bit sizes in a {@code ds64} chunk) read like RIFF ones; a Broadcast Wave
 * {@code bext} chunk is parsed ({@link #bext()}).
 * Integer samples are scaled by 1/2^(bits-1), so full scale reads as [-1, 1).
 *
 * <p>Thread: worker (disk I/O); one reader belongs to one thread.
 *
 * <pre>{@code
 * try (WavReader r = WavReader.open(path)) {
 *     float[][] buf = new float[r.channels()][4096];
 *     for (int n; (n = r.read(buf, 0, 4096)) > 0; ) { ... }
 * }
 * }</pre>
 */
public final class WavReader implements Closeable {
    private static final int TAG_PCM = 1;
    private static final int TAG_FLOAT = 3;
    private static final int TAG_EXTENSIBLE = 0xFFFE;

    private final Path file;
    private final FileChannel ch;
    private final int channels;
    /**
     * The one sample-rate range of every command that reads WAV files ({@code meter}, {@code master},
     * {@code render}): below 8 kHz the K-weighting and true-peak filters of BS.1770 are meaningless
     * (a 1 Hz file "measured" −2.48 LUFS), above 384 kHz no interface records.
     */
    public static final int MIN_SAMPLE_RATE_HZ = 8000;
    public static final int MAX_SAMPLE_RATE_HZ = 384_000;

    private final int sampleRate;
    private final int bits;
    private final boolean isFloat;
    private final int blockAlign;
    private final long frames;
    private final long dataStart;
    private long position;
    private long nonFinite;
    private BwfWriter.Bext bext;
    private boolean rf64;
    private ByteBuffer buf = ByteBuffer.allocate(0);

    private WavReader(Path file, FileChannel ch, int channels, int sampleRate, int bits, boolean isFloat,
                      long frames, long dataStart) {
        this.file = file;
        this.ch = ch;
        this.channels = channels;
        this.sampleRate = sampleRate;
        this.bits = bits;
        this.isFloat = isFloat;
        this.blockAlign = channels * (bits / 8);
        this.frames = frames;
        this.dataStart = dataStart;
    }

    /** Opens and validates {@code file}; every problem is a {@link WavException} naming the file. */
    public static WavReader open(Path file) throws WavException {
        FileChannel ch;
        try {
            if (Files.isDirectory(file)) throw new WavException(file, "is a directory, not a WAV file");
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new WavException(file, "file not found", e);
        } catch (AccessDeniedException e) {
            throw new WavException(file, "cannot read file (permission denied)", e);
        } catch (IOException e) {
            throw new WavException(file, "cannot read file: " + e.getMessage(), e);
        }
        try {
            return parse(file, ch);
        } catch (WavException | RuntimeException e) {
            closeQuietly(ch);
            throw e;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new WavException(file, "cannot read file: " + e.getMessage(), e);
        }
    }

    private static WavReader parse(Path file, FileChannel ch) throws IOException, WavException {
        long size = ch.size();
        ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, head, 0);
        head.flip();
        if (head.remaining() < 12) {
            if (head.remaining() >= 4 && fourcc(head, 0).equals("RIFF")) {
                throw new WavException(file, "truncated file: RIFF header is incomplete (" + size + " bytes)");
            }
            throw new WavException(file, "not a WAV file (no RIFF header)");
        }
        String riff = fourcc(head, 0);
        if (riff.equals("RIFX")) throw new WavException(file, "unsupported WAV variant: big-endian RIFX");
        // RF64 (EBU Tech 3306) and BW64 (ITU-R BS.2088): a ds64 chunk holds the 64-bit sizes.
        boolean rf64 = riff.equals("RF64") || riff.equals("BW64");
        if (!rf64 && !riff.equals("RIFF")) throw new WavException(file, "not a WAV file (no RIFF header)");
        String wave = fourcc(head, 8);
        if (!wave.equals("WAVE")) {
            throw new WavException(file, "not a WAV file (RIFF type is '" + printable(wave) + "', expected 'WAVE')");
        }
        long pos = 12;
        int tag = -1, channels = 0, rate = 0, bits = 0, align = 0, validBits = 0, subTag = -1;
        boolean haveFmt = false;
        long ds64Data = -1;
        BwfWriter.Bext bext = null;
        ByteBuffer chunkHead = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        while (true) {
            if (pos + 8 > size) {
                throw new WavException(file, haveFmt ? "no data chunk (file ends after " + size + " bytes)"
                        : "no fmt chunk (file ends after " + size + " bytes)");
            }
            chunkHead.clear();
            readFully(ch, chunkHead, pos);
            chunkHead.flip();
            String id = fourcc(chunkHead, 0);
            long len = Integer.toUnsignedLong(chunkHead.getInt(4));
            long body = pos + 8;
            if (id.equals("ds64")) {
                if (len < 24 || body + len > size) throw new WavException(file, "invalid ds64 chunk: " + len + " bytes");
                ByteBuffer d = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, d, body);
                ds64Data = d.getLong(8);
                if (ds64Data < 0) throw new WavException(file, "invalid ds64 chunk: data size " + Long.toUnsignedString(ds64Data));
            } else if (id.equals("bext") && len >= 356 && body + len <= size) {
                bext = readBext(ch, body);
            } else if (id.equals("fmt ")) {
                if (len < 16) throw new WavException(file, "invalid fmt chunk: " + len + " bytes, expected at least 16");
                if (body + len > size) throw new WavException(file, "truncated file: fmt chunk runs past the end");
                ByteBuffer f = ByteBuffer.allocate((int) Math.min(len, 64)).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, f, body);
                f.flip();
                tag = Short.toUnsignedInt(f.getShort(0));
                channels = Short.toUnsignedInt(f.getShort(2));
                rate = f.getInt(4);
                align = Short.toUnsignedInt(f.getShort(12));
                bits = Short.toUnsignedInt(f.getShort(14));
                if (tag == TAG_EXTENSIBLE) {
                    if (len < 40) throw new WavException(file, "invalid fmt chunk: WAVE_FORMAT_EXTENSIBLE needs 40 bytes, has " + len);
                    validBits = Short.toUnsignedInt(f.getShort(18));
                    subTag = Short.toUnsignedInt(f.getShort(24));
                }
                haveFmt = true;
            } else if (id.equals("data")) {
                if (!haveFmt) throw new WavException(file, "no fmt chunk before the data chunk");
                boolean isFloat = validate(file, tag, subTag, channels, rate, bits, align, validBits);
                long available = size - body;
                long dataLen = len;
                // 0 and 0xFFFFFFFF are what streaming writers leave when they could not seek back.
                if (rf64 && len == 0xFFFFFFFFL) {
                    if (ds64Data < 0) throw new WavException(file, riff + " file without a ds64 chunk before its data");
                    dataLen = ds64Data;
                    if (dataLen > available) {
                        throw new WavException(file, "truncated file: ds64 says " + dataLen + " bytes of data but only "
                                + available + " are present");
                    }
                } else if (len == 0xFFFFFFFFL || (len == 0 && available > 0)) dataLen = available;
                else if (len > available) {
                    throw new WavException(file, "truncated file: data chunk says " + len + " bytes but only "
                            + available + " are present");
                }
                WavReader r = new WavReader(file, ch, channels, rate, bits, isFloat, dataLen / align, body);
                r.bext = bext;
                r.rf64 = rf64;
                return r;
            }
            pos = body + len + (len & 1); // chunks are padded to an even length
        }
    }

    private static boolean validate(Path file, int tag, int subTag, int channels, int rate, int bits, int align,
                                    int validBits) throws WavException {
        int fmt = tag == TAG_EXTENSIBLE ? subTag : tag;
        if (fmt != TAG_PCM && fmt != TAG_FLOAT) {
            throw new WavException(file, "unsupported sample format: " + formatName(fmt)
                    + (tag == TAG_EXTENSIBLE ? " (in WAVE_FORMAT_EXTENSIBLE)" : "")
                    + "; only PCM and IEEE float are supported");
        }
        boolean isFloat = fmt == TAG_FLOAT;
        if (isFloat && bits != 32 && bits != 64) {
            throw new WavException(file, "unsupported sample format: " + bits + "-bit float");
        }
        if (!isFloat && bits != 16 && bits != 24 && bits != 32) {
            throw new WavException(file, "unsupported sample format: " + bits + "-bit PCM");
        }
        if (tag == TAG_EXTENSIBLE && validBits != 0 && validBits != bits && !isFloat) {
            // e.g. 20 valid bits in a 24-bit container: the low bits are zero, reading as 24-bit is exact.
            if (validBits > bits) {
                throw new WavException(file, "invalid fmt chunk: " + validBits + " valid bits in a " + bits + "-bit container");
            }
        }
        if (channels == 0) throw new WavException(file, "invalid fmt chunk: 0 channels");
        if (rate <= 0) throw new WavException(file, "invalid fmt chunk: sample rate " + Integer.toUnsignedLong(rate) + " Hz");
        if (rate < MIN_SAMPLE_RATE_HZ || rate > MAX_SAMPLE_RATE_HZ) {
            throw new WavException(file, "sample rate " + rate + " Hz is outside " + MIN_SAMPLE_RATE_HZ + " .. " + MAX_SAMPLE_RATE_HZ
                    + " Hz, the rates jackdesk meters, masters and renders");
        }
        if (align != channels * (bits / 8)) {
            throw new WavException(file, "invalid fmt chunk: block align " + align + " does not match "
                    + channels + " channels of " + bits + " bits");
        }
        return isFloat;
    }

    /** The fields of a {@code bext} chunk (EBU Tech 3285) the console writes. */
    private static BwfWriter.Bext readBext(FileChannel ch, long body) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(346).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, b, body);
        long timeRef = Integer.toUnsignedLong(b.getInt(338)) | (Integer.toUnsignedLong(b.getInt(342)) << 32);
        return new BwfWriter.Bext(field(b, 0, 256), field(b, 256, 32), field(b, 320, 10), field(b, 330, 8), timeRef);
    }

    private static String field(ByteBuffer b, int at, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            int c = b.get(at + i) & 0xFF;
            if (c == 0) break;
            sb.append(c >= 32 && c < 127 ? (char) c : '?');
        }
        return sb.toString();
    }

    private static String formatName(int fmt) {
        switch (fmt) {
            case 2: return "MS ADPCM (format tag 0x0002)";
            case 6: return "A-law (format tag 0x0006)";
            case 7: return "mu-law (format tag 0x0007)";
            case 0x11: return "IMA ADPCM (format tag 0x0011)";
            case 0x55: return "MP3 (format tag 0x0055)";
            default: return String.format("format tag 0x%04X", fmt);
        }
    }

    private static String fourcc(ByteBuffer b, int at) {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) c[i] = (char) (b.get(at + i) & 0xFF);
        return new String(c);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) sb.append(c >= 32 && c < 127 ? c : '?');
        return sb.toString();
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos);
            if (r < 0) break;
            pos += r;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing more can be done about a failing close of a read-only handle
        }
    }

    public Path file() { return file; }
    public int channels() { return channels; }
    public int sampleRate() { return sampleRate; }
    /** Bits per sample in the file (16, 24, 32 or 64). */
    public int bitsPerSample() { return bits; }
    public boolean isFloat() { return isFloat; }
    /** Total frames in the data chunk. */
    public long frames() { return frames; }
    /** The file's Broadcast Wave {@code bext} fields, null when it has none. */
    public BwfWriter.Bext bext() { return bext; }
    /** Whether the file is RF64 or BW64 (64-bit sizes in a {@code ds64} chunk). */
    public boolean isRf64() { return rf64; }
    /** Frames read so far. */
    public long position() { return position; }
    public double durationSeconds() { return frames / (double) sampleRate; }
    /** Float samples that were NaN or infinite in the file and were read as 0 (so far). */
    public long nonFiniteSamples() { return nonFinite; }

    /**
     * Moves the read position to {@code frame} (0 … {@link #frames()}): the next {@link #read}
     * starts there. Reads are positional, so this costs nothing (the player's locate and loop).
     */
    public void seek(long frame) {
        if (frame < 0 || frame > frames) throw new IllegalArgumentException(file + ": frame " + frame + " is outside 0 .. " + frames);
        position = frame;
    }

    /**
     * Reads up to {@code n} frames into {@code dst[c][off..off+n)} for every channel c; returns the
     * number of frames read, 0 at the end of the data.
     */
    public int read(float[][] dst, int off, int n) throws WavException {
        if (dst.length < channels) throw new IllegalArgumentException("need " + channels + " channel buffers, got " + dst.length);
        int todo = (int) Math.min(n, frames - position);
        if (todo <= 0) return 0;
        int bytes = todo * blockAlign;
        if (buf.capacity() < bytes) buf = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.clear().limit(bytes);
        try {
            readFully(ch, buf, dataStart + position * blockAlign);
        } catch (IOException e) {
            throw new WavException(file, "read error at frame " + position + ": " + e.getMessage(), e);
        }
        if (buf.position() < bytes) {
            throw new WavException(file, "truncated file: data ends at frame " + (position + buf.position() / blockAlign));
        }
        buf.flip();
        decode(dst, off, todo);
        position += todo;
        return todo;
    }

    private void decode(float[][] dst, int off, int n) {
        ByteBuffer b = buf;
        int chs = channels;
        if (isFloat) {
            // NaN/Inf in a float file would poison every meter and filter downstream: read as 0, count them.
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < chs; c++) {
                    float v = bits == 32 ? b.getFloat() : (float) b.getDouble();
                    if (!Float.isFinite(v)) {
                        v = 0f;
                        nonFinite++;
                    }
                    dst[c][off + i] = v;
                }
            }
        } else if (bits == 16) {
            for (int i = 0; i < n; i++) for (int c = 0; c < chs; c++) dst[c][off + i] = b.getShort() * (1f / 32768f);
        } else if (bits == 24) {
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < chs; c++) {
                    int v = (b.get() & 0xFF) | ((b.get() & 0xFF) << 8) | (b.get() << 16);
                    dst[c][off + i] = v * (1f / 8388608f);
                }
            }
        } else {
            for (int i = 0; i < n; i++) for (int c = 0; c < chs; c++) dst[c][off + i] = (float) (b.getInt() * (1.0 / 2147483648.0));
        }
    }

    @Override
    public void close() {
        closeQuietly(ch);
    }
}
