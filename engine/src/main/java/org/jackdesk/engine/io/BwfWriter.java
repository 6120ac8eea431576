package org.jackdesk.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a recorder's track: a Broadcast Wave file (EBU Tech 3285) written in place, whose header
 * is valid after every {@link #finish()} — unlike {@link WavWriter}, which publishes a file only
 * when it is complete. A take that is cut off (a full disk, a crash) therefore still reads up to
 * the last finished block. Past {@link #DEFAULT_RF64_THRESHOLD} bytes of samples the file becomes
 * RF64 (EBU Tech 3306, the form BW64 / ITU-R BS.2088 adopted): the 32-bit sizes read 0xFFFFFFFF and
 * a {@code ds64} chunk carries the 64-bit ones.
 *
 * <p>Layout, fixed so the switch to RF64 is an in-place patch: {@code RIFF|RF64} size {@code WAVE},
 * a 28-byte {@code JUNK} chunk that becomes {@code ds64} (riff size, data size, sample count, an
 * empty table), {@code fmt } (16 bytes, or WAVE_FORMAT_EXTENSIBLE's 40 for more than 2 channels),
 * {@code bext} version 2 (602 bytes: origination date and time, time reference in samples), then
 * {@code data}.
 *
 * <p>Thread: one disk thread (worker role) owns a writer; nothing here is real-time.
 */
public final class BwfWriter implements AutoCloseable {
    /** The sample formats a recorder writes. */
    public enum Format {
        PCM_24(24, false), FLOAT_32(32, true);

        final int bits;
        final boolean isFloat;

        Format(int bits, boolean isFloat) {
            this.bits = bits;
            this.isFloat = isFloat;
        }

        public int bits() {
            return bits;
        }

        public boolean isFloat() {
            return isFloat;
        }
    }

    /**
     * The {@code bext} fields the console fills in. {@code date} is {@code yyyy-mm-dd},
     * {@code time} {@code hh:mm:ss} (EBU Tech 3285's forms); {@code timeReference} is the first
     * sample's position in samples since midnight (or since the engine started).
     */
    public record Bext(String description, String originator, String date, String time, long timeReference) {
    }

    /** Data bytes above which the 32-bit RIFF sizes no longer fit, with room for the header. */
    public static final long DEFAULT_RF64_THRESHOLD = 0xFFFFFFFFL - 4096;
    static final int BEXT_BYTES = 602;
    private static final int DS64_BYTES = 28;

    private final Path file;
    private final FileChannel ch;
    private final Format format;
    private final WaveFormat wave;
    private final int blockAlign;
    private final int headerBytes;
    private final long rf64Threshold;
    private long dataBytes;
    private boolean rf64;
    private boolean closed;
    private ByteBuffer buf = ByteBuffer.allocate(0);

    private BwfWriter(Path file, FileChannel ch, int sampleRate, int channels, Format format, long rf64Threshold) {
        this.file = file;
        this.ch = ch;
        this.format = format;
        this.wave = new WaveFormat(sampleRate, channels, format.bits, format.isFloat);
        this.blockAlign = wave.blockAlign;
        this.headerBytes = 12 + (8 + DS64_BYTES) + (8 + wave.fmtBodyBytes()) + (8 + BEXT_BYTES) + 8;
        this.rf64Threshold = rf64Threshold;
    }

    /** Creates (or replaces) {@code file} and writes a valid header of an empty file. */
    public static BwfWriter create(Path file, int sampleRate, int channels, Format format, Bext bext) throws WavException {
        return create(file, sampleRate, channels, format, bext, DEFAULT_RF64_THRESHOLD);
    }

    /**
     * As {@link #create(Path, int, int, Format, Bext)}, switching to RF64 once the samples pass
     * {@code rf64ThresholdBytes} (tests use a small threshold instead of writing 4 GiB).
     */
    public static BwfWriter create(Path file, int sampleRate, int channels, Format format, Bext bext,
                                   long rf64ThresholdBytes) throws WavException {
        if (channels < 1 || channels > 65535) throw new IllegalArgumentException("channels: " + channels);
        if (sampleRate < 1) throw new IllegalArgumentException("sampleRate: " + sampleRate);
        if (rf64ThresholdBytes < 0 || rf64ThresholdBytes > DEFAULT_RF64_THRESHOLD) {
            throw new IllegalArgumentException("rf64ThresholdBytes: " + rf64ThresholdBytes);
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new WavException(file, "cannot create file: " + e, e);
        }
        BwfWriter w = new BwfWriter(file, ch, sampleRate, channels, format, rf64ThresholdBytes);
        try {
            w.writeFixedHeader(bext);
            w.writeSizes();
            ch.position(w.headerBytes);
        } catch (IOException e) {
            w.closeQuietly();
            throw new WavException(file, "write error: " + e, e);
        }
        return w;
    }

    public Path file() {
        return file;
    }

    public int channels() {
        return wave.channels;
    }

    public int sampleRate() {
        return wave.sampleRate;
    }

    public Format format() {
        return format;
    }

    /** Frames written so far (in the file, though the header may lag until {@link #finish()}). */
    public long framesWritten() {
        return dataBytes / blockAlign;
    }

    /** Bytes of samples written so far. */
    public long dataBytes() {
        return dataBytes;
    }

    /** Whether the file has become RF64. */
    public boolean isRf64() {
        return rf64;
    }

    /**
     * Appends {@code n} frames from {@code src[c][off..off+n)}. On an error the frames written
     * before this call stay and {@link #finish()} still makes them a valid file: a partial write is
     * cut off again ({@link #truncateToLastFrame}).
     */
    public void write(float[][] src, int off, int n) throws WavException {
        if (closed) throw new IllegalStateException("writer is closed: " + file);
        int bytes = n * blockAlign;
        if (buf.capacity() < bytes) buf = ByteBuffer.allocate(Math.max(bytes, 1 << 16)).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer b = buf;
        b.clear();
        wave.encode(src, off, n, b);
        b.flip();
        long at = headerBytes + dataBytes;
        try {
            while (b.hasRemaining()) at += ch.write(b, at);
        } catch (IOException e) {
            throw new WavException(file, "write error: " + e.getMessage(), e);
        }
        dataBytes += bytes;
    }

    /**
     * Cuts the file back to {@code frames} frames of samples (the frames every track of a take
     * holds), discarding a partly written block. Thread: the writer's.
     */
    public void truncateToFrames(long frames) throws WavException {
        long keep = Math.min(dataBytes, frames * blockAlign);
        dataBytes = keep;
        try {
            ch.truncate(headerBytes + keep);
        } catch (IOException e) {
            throw new WavException(file, "cannot truncate: " + e.getMessage(), e);
        }
    }

    /** Cuts off whatever lies past the last whole frame counted so far (after a failed write). */
    public void truncateToLastFrame() throws WavException {
        truncateToFrames(dataBytes / blockAlign);
    }

    /**
     * Makes the header describe every frame written so far (switching to RF64 when the size asks
     * for it) and, with {@code sync}, forces it to the disk. Called periodically while recording and
     * at the end: a file cut off after it reads up to here.
     */
    public void finish(boolean sync) throws WavException {
        if (closed) return;
        try {
            if ((dataBytes & 1) == 1) ch.write(ByteBuffer.allocate(1), headerBytes + dataBytes);
            writeSizes();
            if (sync) ch.force(true);
        } catch (IOException e) {
            throw new WavException(file, "write error: " + e.getMessage(), e);
        }
    }

    /** {@link #finish(boolean) finish(false)}. */
    public void finish() throws WavException {
        finish(false);
    }

    private void writeFixedHeader(Bext bext) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(headerBytes).order(ByteOrder.LITTLE_ENDIAN);
        h.put(ascii("RIFF")).putInt(0).put(ascii("WAVE"));
        h.put(ascii("JUNK")).putInt(DS64_BYTES).put(new byte[DS64_BYTES]);
        wave.putFmtChunk(h);
        h.put(ascii("bext")).putInt(BEXT_BYTES);
        int bextStart = h.position();
        putFixed(h, bext.description(), 256);
        putFixed(h, bext.originator(), 32);
        putFixed(h, "", 32); // OriginatorReference
        putFixed(h, bext.date(), 10);
        putFixed(h, bext.time(), 8);
        h.putInt((int) bext.timeReference()).putInt((int) (bext.timeReference() >>> 32));
        h.putShort((short) 2); // version 2: UMID and loudness fields present (left zero)
        h.position(bextStart + BEXT_BYTES);
        h.put(ascii("data")).putInt(0);
        h.flip();
        long pos = 0;
        while (h.hasRemaining()) pos += ch.write(h, pos);
    }

    private void writeSizes() throws IOException {
        long riffSize = headerBytes - 8 + dataBytes + (dataBytes & 1);
        if (!rf64 && dataBytes > rf64Threshold) rf64 = true;
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        if (rf64) {
            ByteBuffer ds = ByteBuffer.allocate(8 + DS64_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            ds.put(ascii("ds64")).putInt(DS64_BYTES).putLong(riffSize).putLong(dataBytes)
                    .putLong(dataBytes / blockAlign).putInt(0);
            writeAt(ds.flip(), 12);
            writeAt(b.put(ascii("RF64")).putInt(-1).flip(), 0);
            writeAt(b.clear().putInt(-1).flip().limit(4), headerBytes - 4);
        } else {
            writeAt(b.putInt(4, (int) riffSize).position(4).limit(8), 4);
            writeAt(b.clear().putInt((int) dataBytes).flip(), headerBytes - 4);
        }
    }

    private void writeAt(ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) pos += ch.write(b, pos);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** An ASCII field of {@code len} bytes, NUL-padded (EBU Tech 3285); other characters become '?'. */
    private static void putFixed(ByteBuffer h, String s, int len) {
        byte[] b = new byte[len];
        if (s != null) {
            for (int i = 0; i < Math.min(len, s.length()); i++) {
                char c = s.charAt(i);
                b[i] = (byte) (c >= 32 && c < 127 ? c : '?');
            }
        }
        h.put(b);
    }

    /** Finishes the header (without forcing) and closes. Idempotent. */
    @Override
    public void close() throws WavException {
        if (closed) return;
        try {
            finish(true);
        } finally {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        closed = true;
        try {
            ch.close();
        } catch (IOException ignored) {
            // the header was written (or its failure reported) before
        }
    }
}
