package org.jackdesk.engine.jack;

import java.util.List;

/**
 * What applying the connect rules achieved: {@code made} of {@code requested} connections exist
 * (already-existing ones count as made); {@code warnings} names every rule that could not be
 * applied and why (typically a peer port the server does not have).
 */
public record ConnectionReport(int requested, int made, List<String> warnings) {
    public ConnectionReport {
        warnings = List.copyOf(warnings);
    }
}
