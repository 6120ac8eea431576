package org.jackdesk.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jackdesk bench}: measurements that are commands, not tests. Each subject is a subcommand
 * that measures into a result record, printed as a table by its report class or as JSON with
 * {@code --json}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark (short by default; results go to stdout).",
        subcommands = {BenchControlCommand.class, BenchRealtimeCommand.class, BenchMixboxCommand.class,
                BenchSoakCommand.class, SoakConsoleCommand.class, BenchRtaCommand.class, BenchFftCommand.class,
                BenchX32Command.class, BenchMidiCommand.class, BenchRecordCommand.class, BenchFxLiveCommand.class,
                BenchAssistantsCommand.class})
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a benchmark, e.g. 'bench control'");
    }
}
