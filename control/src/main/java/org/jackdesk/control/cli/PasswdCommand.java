package org.jackdesk.control.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jackdesk passwd}: set the admin password (creating the {@code admin} user when there is
 * none), or with {@code --user NAME} change that user's PIN and keep its role. Once any user
 * exists the console requires a login (docs/security.md).
 */
@Command(name = "passwd", mixinStandardHelpOptions = true,
        description = {"Set the admin password (or --user NAME's PIN) in a configuration file.",
                "Only a PBKDF2 hash is stored. With any user configured, the console requires a login."})
public final class PasswdCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--user", defaultValue = "admin", paramLabel = "NAME", description = "Whose password (default ${DEFAULT-VALUE}).")
    String user;

    @Mixin
    UserCommand.FileOptionsMixin file;

    @Override
    public Integer call() {
        return UserCommand.setUser(spec, file.config, file.pinStdin, user, "admin", List.of(), false, true, true);
    }
}
