package org.jackdesk.config;

/**
 * One thing wrong with a configuration, show or scene file, said so that a person can fix it:
 * the file, the line and column (1-based; 0 when unknown, e.g. for a value a migration made), the
 * JSON path ({@code layout.channels[3].name}) and what is wrong and what would be right.
 */
public record ConfigProblem(String file, int line, int column, String path, String message) {

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
