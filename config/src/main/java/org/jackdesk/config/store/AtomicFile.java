package org.jackdesk.config.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that a crash, a full disk or a pulled plug leaves either the old or the new
 * content, never a mixture: write a temp file in the same folder, fsync it, keep the old file as
 * {@code NAME.bak} (a hard link, so the old bytes are never rewritten), rename the temp file over
 * the old one, fsync the folder. On any failure the temp file is removed and the old file is
 * untouched. Thread: worker (blocking disk I/O).
 */
public final class AtomicFile {
    private AtomicFile() {}

    public static Path backupOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".bak");
    }

    public static void write(Path file, byte[] data) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            if (Files.exists(file)) {
                Path bak = backupOf(file);
                Files.deleteIfExists(bak);
                try {
                    Files.createLink(bak, file);
                } catch (UnsupportedOperationException | FileSystemException e) {
                    // A file system without hard links: copy, then make the copy durable.
                    Files.copy(file, bak, StandardCopyOption.REPLACE_EXISTING);
                    try (FileChannel ch = FileChannel.open(bak, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
            fsyncDir(dir);
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The original failure is the one worth reporting.
                }
            }
        }
    }

    private static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse fsync on a directory; the rename itself has happened.
            if (!(e.getMessage() != null && e.getMessage().contains("Is a directory"))) throw e;
        }
    }
}
