package org.jackdesk.config;

/**
 * One thing wrong with a configuration, show or scene file, said so that a person can fix it:
 * the file, the line and column (1-based; 0 when unknown, e.g. for a value a migration made), the
 * JSON path ({@code layout.channels[3].name}) and what is wrong and what would be right.
 */
public record ConfigProblem(String file, int line, int column, String path, String message) {
    /** The longest path and message kept: a problem may quote a 1 MB name or a 200 000-character key. */
    public static final int MAX_PATH = 120;
    public static final int MAX_MESSAGE = 400;

    public ConfigProblem {
        if (path != null && path.length() > MAX_PATH) path = path.substring(0, MAX_PATH) + "…";
        if (message != null && message.length() > MAX_MESSAGE) message = message.substring(0, MAX_MESSAGE) + "…";
    }

    /** {@code default.json:12:7: layout.channels[3].name (channel 4): at most 24 characters}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file == null ? "<input>" : file);
        if (line > 0) sb.append(':').append(line).append(':').append(column);
        sb.append(": ");
        if (path != null && !path.isEmpty()) sb.append(path).append(": ");
        return sb.append(message).toString();
    }
}
