package org.jackdesk.engine.io;

import java.nio.file.Path;

/**
 * A WAV file could not be read or written. The message always starts with the file name so a
 * command line can print it as it is ({@code song.wav: unsupported sample format: 8-bit PCM});
 * {@link #reason()} is the part after the name.
 */
public final class WavException extends Exception {
    private final transient Path file;
    private final String reason;

    public WavException(Path file, String reason) {
        super(file + ": " + reason);
        this.file = file;
        this.reason = reason;
    }

    public WavException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    public String reason() {
        return reason;
    }
}
