package org.jackdesk.control;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jackdesk} command line: every subcommand of the launcher that runs Java. */
@Command(name = "jackdesk", mixinStandardHelpOptions = true, version = "jackdesk 0.1.0",
        description = "Real-time mixing console server for JACK.",
        subcommands = {
                org.jackdesk.control.cli.StartCommand.class,
                org.jackdesk.control.cli.RenderCommand.class,
                org.jackdesk.control.cli.ReplayCommand.class,
                org.jackdesk.control.cli.MeterCommand.class,
                org.jackdesk.control.cli.MasterCommand.class,
                org.jackdesk.control.cli.ConfigCommand.class,
                org.jackdesk.control.cli.ParamsCommand.class,
                org.jackdesk.control.cli.UserCommand.class,
                org.jackdesk.control.cli.PasswdCommand.class,
        })
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        // A bad option value found by a command (IllegalArgumentException from its checks) is the
        // user's mistake, not a crash: one line naming the command and what is wrong, exit 2 (usage).
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (!(ex instanceof IllegalArgumentException) || ex instanceof NumberFormatException) throw ex; // a parse failure inside is a bug: keep its trace
            System.err.println(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
            return 2;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }
}
