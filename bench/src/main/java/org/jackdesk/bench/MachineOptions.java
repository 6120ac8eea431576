package org.jackdesk.bench;

import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The options a measuring bench command shares (a picocli mixin): the machine-jitter probe that
 * opens every report, the refusal of a busy machine, and JSON or the table. ({@code bench realtime}
 * keeps its own: a longer probe by default, described for its run.)
 */
final class MachineOptions {
    @Option(names = "--jitter-seconds", defaultValue = "2", description = "Seconds of the machine-jitter probe first, 0 for none (default ${DEFAULT-VALUE}).")
    int jitterSeconds;

    @Option(names = "--max-load", description = "Refuse to start when the 1-minute load average is above this (default: the number of cores).")
    Double maxLoad;

    @Option(names = "--json", description = "Print the result as JSON instead of the table.")
    boolean json;

    /** Why the machine is too busy to measure (say it and exit 3), or null. */
    String refusal() {
        return LiveRig.loadRefusal(maxLoad);
    }

    /** The jitter probe's result, or null when asked for none. */
    JitterProbe.Result jitter() throws InterruptedException {
        return LiveRig.jitter(jitterSeconds);
    }

    /** Prints {@code result} as JSON or as {@code table} makes it. */
    <R extends Record> void print(R result, Function<R, String> table) {
        System.out.print(json ? ResultJson.write(result) + System.lineSeparator() : table.apply(result));
    }
}
