package org.jackdesk.control.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jackdesk.config.ConfigException;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConfigProblem;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.Layout;
import org.jackdesk.config.show.Show;
import org.jackdesk.config.show.ShowJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jackdesk config}: work with console configuration files. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Work with console configuration files (docs/configuration.md).",
        subcommands = ConfigCommand.Check.class)
public final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** {@code jackdesk config check FILE...}: the same validation start-up runs. Exit 0 when every file is valid, 1 otherwise. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Validate configuration files (or show files) exactly as start-up would.",
                    "Prints each problem as FILE:LINE:COLUMN: JSON-PATH: message; exits 1 if any file has problems."})
    public static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Configuration (or show) files to check.")
        List<Path> files;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int bad = 0;
            for (Path f : files) {
                try {
                    String text = org.jackdesk.config.JsonDoc.readUtf8(f); // bad bytes: refused with line:column
                    if (text.contains("\"" + ShowJson.SHOW_FORMAT + "\"")) {
                        Show show = ShowJson.read(f.toString(), text);
                        out.println(f + ": OK (show: " + summary(show.config()) + ", " + show.scenes().size() + " scenes, "
                                + show.cues().size() + " cues)");
                    } else {
                        ConsoleConfig cfg = ConfigJson.read(f.toString(), text);
                        out.println(f + ": OK (" + summary(cfg) + ")");
                    }
                } catch (ConfigException e) {
                    bad++;
                    for (ConfigProblem p : e.problems()) err.println(p);
                } catch (IOException e) {
                    bad++;
                    err.println(f + ": cannot read: " + ConfigJson.describe(e));
                }
            }
            out.flush();
            err.flush();
            return bad == 0 ? 0 : 1;
        }

        private static String summary(ConsoleConfig cfg) {
            Layout l = cfg.toLayout();
            long stereo = l.channels().stream().filter(Layout.Channel::stereo).count();
            return (l.channels().size() - stereo) + " mono + " + stereo + " stereo channels, " + l.buses().size()
                    + " buses, " + cfg.connections().size() + " JACK connections, http " + cfg.server().httpPort();
        }
    }
}
