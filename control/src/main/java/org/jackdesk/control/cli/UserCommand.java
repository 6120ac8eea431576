package org.jackdesk.control.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jackdesk.config.ConfigException;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConfigProblem;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.SecurityJson;
import org.jackdesk.config.store.AtomicFile;
import org.jackdesk.control.security.PasswordHasher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jackdesk user add|remove|list} and {@code jackdesk passwd}: users, roles and PINs in a
 * configuration file (docs/security.md). A PIN is read from the terminal without echo (or one line
 * of standard input with {@code --pin-stdin}), hashed with PBKDF2 and only the hash is written —
 * atomically, after checking that the new file is valid. No PIN ever appears in output.
 */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Users, roles and PINs of a configuration file (docs/security.md).",
        subcommands = {UserCommand.Add.class, UserCommand.Remove.class, UserCommand.ListUsers.class})
public final class UserCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Options every user command shares. */
    static class FileOptions {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "The configuration file to change.")
        Path config;

        @Option(names = "--pin-stdin", description = "Read the PIN from the first line of standard input (scripts) instead of the terminal.")
        boolean pinStdin;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a user (or, with --replace, change one) with a role and a PIN.",
                    "Roles: admin (everything), engineer (every mix parameter and scenes),",
                    "monitor (only the sends into and the parameters of its --buses), viewer (read-only)."})
    public static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "User name: letters, digits, '.', '_' or '-'.")
        String name;

        @Option(names = "--role", required = true, description = "admin, engineer, monitor or viewer.")
        String role;

        @Option(names = "--buses", split = ",", paramLabel = "B", description = "A monitor's aux buses, e.g. 3,4.")
        List<Integer> buses = new ArrayList<>();

        @Option(names = "--replace", description = "Change an existing user instead of refusing.")
        boolean replace;

        @Option(names = "--talkback", description = "A monitor may use talkback (TALK); admin and engineer always may.")
        boolean talkback;

        @picocli.CommandLine.Mixin
        FileOptionsMixin file;

        @Override
        public Integer call() {
            return setUser(spec, file.config, file.pinStdin, name, role, buses, talkback, replace, false);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user.")
    public static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--config", required = true, paramLabel = "FILE")
        Path config;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                ObjectNode root = load(config);
                ArrayNode users = root.withArray("users");
                for (int i = 0; i < users.size(); i++) {
                    if (name.equals(users.get(i).path("name").asText(null))) {
                        users.remove(i);
                        save(config, root);
                        spec.commandLine().getOut().println("removed user '" + name + "' from " + config
                                + (users.isEmpty() ? " — no users left: anyone on the network can control the console" : ""));
                        spec.commandLine().getOut().flush();
                        return 0;
                    }
                }
                err.println("jackdesk user remove: there is no user '" + name + "' in " + config);
                return 1;
            } catch (Failure f) {
                f.print(err);
                return f.code;
            } finally {
                err.flush();
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users and their roles (never their hashes).")
    public static final class ListUsers implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", required = true, paramLabel = "FILE")
        Path config;

        @Override
        public Integer call() {
            try {
                ConsoleConfig cfg = ConfigJson.read(config);
                PrintWriter out = spec.commandLine().getOut();
                if (cfg.userList().isEmpty()) out.println("no users: anyone on the network can control the console");
                for (ConsoleConfig.UserConfig u : cfg.userList()) {
                    out.println(u.name() + "  " + u.role() + (u.buses().isEmpty() ? "" : "  buses " + u.buses()));
                }
                out.flush();
                return 0;
            } catch (ConfigException e) {
                for (ConfigProblem p : e.problems()) spec.commandLine().getErr().println(p);
                spec.commandLine().getErr().flush();
                return 2;
            }
        }
    }

    /** The shared file options as a picocli mixin. */
    public static final class FileOptionsMixin extends FileOptions {}

    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;
        final List<ConfigProblem> problems;

        Failure(int code, String message, List<ConfigProblem> problems) {
            super(message, null, false, false);
            this.code = code;
            this.problems = problems;
        }

        void print(PrintWriter err) {
            if (getMessage() != null) err.println(getMessage());
            for (ConfigProblem p : problems) err.println(p);
        }
    }

    /** Adds or changes one user; the shared body of {@code user add} and {@code passwd}. */
    static int setUser(CommandSpec spec, Path config, boolean pinStdin, String name, String role, List<Integer> buses,
                       boolean talkback, boolean replace, boolean keepRole) {
        PrintWriter err = spec.commandLine().getErr();
        String cmd = "jackdesk " + spec.qualifiedName(" ").replaceFirst("^jackdesk ", "");
        char[] pin = null;
        try {
            if (!SecurityJson.USER_NAME.matcher(name).matches()) {
                throw new Failure(2, cmd + ": a user name is 1 to " + SecurityJson.MAX_USER_NAME + " letters, digits, '.', '_' or '-'", List.of());
            }
            ObjectNode root = load(config);
            ArrayNode users = root.withArray("users");
            ObjectNode existing = null;
            for (JsonNode u : users) if (u.isObject() && name.equals(u.path("name").asText(null))) existing = (ObjectNode) u;
            if (keepRole && existing == null && !name.equals("admin")) {
                throw new Failure(1, cmd + ": there is no user '" + name + "'; add one with jackdesk user add " + name + " --role ROLE", List.of());
            }
            if (existing != null && !replace) {
                throw new Failure(1, cmd + ": user '" + name + "' already exists; add --replace to change it", List.of());
            }
            pin = readPin(pinStdin, spec);
            String why = PasswordHasher.problem(pin);
            if (why != null) throw new Failure(2, cmd + ": " + why, List.of());
            ObjectNode u = existing != null ? existing : users.addObject();
            u.put("name", name);
            if (!keepRole || !u.has("role")) u.put("role", role);
            if (!keepRole) {
                u.remove("buses");
                if (!buses.isEmpty()) buses.forEach(u.putArray("buses")::add);
                u.remove("talkback");
                if (talkback) u.put("talkback", true);
            }
            u.put("hash", PasswordHasher.hash(pin));
            save(config, root);
            spec.commandLine().getOut().println((existing != null ? "changed" : "added") + " user '" + name + "' (" + u.path("role").asText()
                    + (u.has("buses") ? ", buses " + u.get("buses") : "") + (u.has("talkback") ? ", talkback" : "") + ") in " + config + "; restart jackdesk to apply");
            spec.commandLine().getOut().flush();
            return 0;
        } catch (Failure f) {
            f.print(err);
            return f.code;
        } finally {
            PasswordHasher.wipe(pin);
            err.flush();
        }
    }

    /** The file as a JSON tree, refusing a file that is not valid now (we never make it worse). */
    static ObjectNode load(Path config) throws Failure {
        try {
            ConfigJson.read(config);
            return (ObjectNode) ConfigJson.MAPPER.readTree(Files.readString(config, StandardCharsets.UTF_8));
        } catch (ConfigException e) {
            throw new Failure(2, config + " has problems; fix them first (jackdesk config check " + config + "):", e.problems());
        } catch (IOException e) {
            throw new Failure(1, "cannot read " + config + ": " + ConfigJson.describe(e), List.of());
        }
    }

    /** Checks the new text exactly as start-up will, then replaces the file atomically (the old one stays as FILE.bak). */
    static void save(Path config, ObjectNode root) throws Failure {
        String text;
        try {
            text = ConfigJson.MAPPER.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new Failure(1, "cannot write JSON: " + e.getMessage(), List.of());
        }
        try {
            ConfigJson.read(config.toString(), text);
        } catch (ConfigException e) {
            throw new Failure(2, "the change would make " + config + " invalid; nothing was written:", e.problems());
        }
        try {
            AtomicFile.write(config, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Failure(1, "cannot write " + config + ": " + ConfigJson.describe(e), List.of());
        }
    }

    private static char[] readPin(boolean stdin, CommandSpec spec) throws Failure {
        Console console = System.console();
        if (!stdin && console != null) {
            char[] a = console.readPassword("PIN (not shown): ");
            char[] b = console.readPassword("PIN again: ");
            if (a == null || b == null) throw new Failure(1, "no PIN given", List.of());
            boolean same = java.util.Arrays.equals(a, b);
            PasswordHasher.wipe(b);
            if (!same) {
                PasswordHasher.wipe(a);
                throw new Failure(1, "the two PINs differ; nothing was changed", List.of());
            }
            return a;
        }
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) throw new Failure(1, "no PIN on standard input", List.of());
            return line.toCharArray();
        } catch (IOException e) {
            throw new Failure(1, "cannot read the PIN: " + e.getMessage(), List.of());
        }
    }
}
