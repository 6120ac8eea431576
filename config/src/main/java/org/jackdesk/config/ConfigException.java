package org.jackdesk.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A file was refused; {@link #problems()} lists every problem found (not just the first), each
 * with file, line, column and JSON path. The message is all of them, one per line.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(ConfigProblem problem) {
        this(List.of(problem));
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    /** The first problem (the one to show when there is room for one line). */
    public ConfigProblem first() {
        return problems.get(0);
    }
}
