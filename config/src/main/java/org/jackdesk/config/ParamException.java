package org.jackdesk.config;

/**
 * A parameter address or value was refused. {@link #code()} is the protocol's error code
 * ({@code unknown_path}, {@code out_of_range}, {@code wrong_type}); the message says exactly what
 * was wrong and what would be right.
 */
public final class ParamException extends Exception {
    private static final long serialVersionUID = 1L;
    public static final String UNKNOWN_PATH = "unknown_path";
    public static final String OUT_OF_RANGE = "out_of_range";
    public static final String WRONG_TYPE = "wrong_type";

    private final String code;
    private final String path;

    public ParamException(String code, String path, String message) {
        super(message);
        this.code = code;
        this.path = path;
    }

    public String code() {
        return code;
    }

    public String path() {
        return path;
    }
}
