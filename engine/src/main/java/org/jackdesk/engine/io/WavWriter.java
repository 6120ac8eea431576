package org.jackdesk.engine.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a RIFF/WAVE file from {@code float[channel][frame]} chunks, so that either the complete
 * file appears at the target path or nothing does: samples go to a hidden temporary file in the
 * target's folder, and {@link #commit()} patches the header, syncs and atomically renames it over
 * the target. {@link #close()} without a successful commit deletes the temporary file, so
 * try-with-resources never publishes partial output when the caller fails half-way:
 *
 * <pre>{@code
 * try (WavWriter w = WavWriter.create(out, 48000, 2, WavWriter.Format.PCM_24)) {
 *     w.write(buf, 0, n);   // as often as needed
 *     w.commit();           // the file exists at 'out' only after this returns
 * }
 * }</pre>
 *
 * <p>Integer formats are clipped to full scale and rounded to nearest (no dither): a sample is
 * {@code round(x * 2^(bits-1))} clamped to the integer range; NaN and infinities are written as 0.
 *
 * <p>Thread: worker (disk I/O); one writer belongs to one thread.
 */
public final class WavWriter implements Closeable {
    /** Output sample formats. */
    public enum Format {
        PCM_16(16, false), PCM_24(24, false), FLOAT_32(32, true);

        final int bits;
        final boolean isFloat;

        Format(int bits, boolean isFloat) {
            this.bits = bits;
            this.isFloat = isFloat;
        }

        public int bits() { return bits; }
    }

    private static final long MAX_DATA_BYTES = 0xFFFFFFFFL - 80;

    private final Path target;
    private final Path temp;
    private final FileChannel ch;
    private final Format format;
    private final WaveFormat wave;
    private final int blockAlign;
    private final int headerBytes;
    private long dataBytes;
    private boolean committed;
    private boolean closed;
    private ByteBuffer buf = ByteBuffer.allocate(0);

    private WavWriter(Path target, Path temp, FileChannel ch, int sampleRate, int channels, Format format) {
        this.target = target;
        this.temp = temp;
        this.ch = ch;
        this.format = format;
        this.wave = new WaveFormat(sampleRate, channels, format.bits, format.isFloat);
        this.blockAlign = wave.blockAlign;
        this.headerBytes = 12 + 8 + wave.fmtBodyBytes() + 8; // RIFF WAVE, fmt, data
    }

    /** Starts a 24-bit PCM file. */
    public static WavWriter create(Path target, int sampleRate, int channels) throws WavException {
        return create(target, sampleRate, channels, Format.PCM_24);
    }

    /**
     * Starts writing {@code target}: checks the folder, creates the temporary file and reserves the
     * header. Nothing exists at {@code target} (and an existing file there is untouched) until
     * {@link #commit()}.
     */
    public static WavWriter create(Path target, int sampleRate, int channels, Format format) throws WavException {
        if (channels < 1 || channels > 65535) throw new IllegalArgumentException("channels: " + channels);
        if (sampleRate < 1) throw new IllegalArgumentException("sampleRate: " + sampleRate);
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) throw new WavException(target, "is a directory");
        if (dir == null || !Files.isDirectory(dir)) {
            throw new WavException(target, "output folder does not exist: " + dir);
        }
        Path temp;
        FileChannel ch;
        try {
            temp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".part");
            ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (AccessDeniedException e) {
            throw new WavException(target, "cannot write to folder " + dir + " (permission denied)", e);
        } catch (NoSuchFileException e) {
            throw new WavException(target, "output folder does not exist: " + dir, e);
        } catch (IOException e) {
            throw new WavException(target, "cannot create output in " + dir + ": " + e.getMessage(), e);
        }
        WavWriter w = new WavWriter(target, temp, ch, sampleRate, channels, format);
        try {
            w.writeHeader(); // placeholder sizes, patched on commit
            ch.position(w.headerBytes); // positional header writes leave the channel position alone
        } catch (IOException e) {
            w.close();
            throw new WavException(target, "write error: " + e.getMessage(), e);
        }
        return w;
    }

    public Path target() { return target; }
    public int channels() { return wave.channels; }
    public int sampleRate() { return wave.sampleRate; }
    public Format format() { return format; }
    public long framesWritten() { return dataBytes / blockAlign; }

    /** Appends {@code n} frames from {@code src[c][off..off+n)}. */
    public void write(float[][] src, int off, int n) throws WavException {
        if (committed || closed) throw new IllegalStateException("writer is already " + (committed ? "committed" : "closed"));
        if (src.length < wave.channels) throw new IllegalArgumentException("need " + wave.channels + " channel buffers, got " + src.length);
        long bytes = (long) n * blockAlign;
        if (dataBytes + bytes > MAX_DATA_BYTES) {
            throw fail("output too large for a WAV file (data over 4 GiB)", null);
        }
        if (buf.capacity() < bytes) buf = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer b = buf;
        b.clear();
        wave.encode(src, off, n, b);
        b.flip();
        try {
            while (b.hasRemaining()) ch.write(b);
        } catch (IOException e) {
            throw fail("write error: " + e.getMessage(), e);
        }
        dataBytes += bytes;
    }

    private void writeHeader() throws IOException {
        ByteBuffer h = ByteBuffer.allocate(headerBytes).order(ByteOrder.LITTLE_ENDIAN);
        long riffLen = headerBytes - 8 + dataBytes + (dataBytes & 1);
        h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) riffLen);
        h.put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        wave.putFmtChunk(h);
        h.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        h.flip();
        long pos = 0;
        while (h.hasRemaining()) pos += ch.write(h, pos);
    }

    /** Finishes the header, syncs the data and atomically moves the file to its target. */
    public void commit() throws WavException {
        if (committed) return;
        if (closed) throw new IllegalStateException("writer is closed");
        try {
            if ((dataBytes & 1) == 1) ch.write(ByteBuffer.allocate(1), headerBytes + dataBytes);
            writeHeader();
            ch.force(true);
            ch.close();
        } catch (IOException e) {
            throw fail("write error: " + e.getMessage(), e);
        }
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw fail("cannot rename the finished file into place: " + e.getMessage(), e);
        }
        committed = true;
        closed = true;
    }

    private WavException fail(String reason, IOException cause) {
        close();
        return cause == null ? new WavException(target, reason) : new WavException(target, reason, cause);
    }

    /** Discards the output unless {@link #commit()} succeeded. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            ch.close();
        } catch (IOException ignored) {
            // the temporary file is deleted below either way
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // best effort: a hidden .part file is all that can remain
        }
    }
}
